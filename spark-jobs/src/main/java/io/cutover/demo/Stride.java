package io.cutover.demo;

import java.util.SplittableRandom;

/**
 * Distinct users without a set: start + n * step (mod users) with step coprime to users
 * visits every user once, so memberships and votes never repeat a (thing, user) pair.
 */
final class Stride {
    private final int n;
    private final long start;
    private final long step;

    Stride(int n, SplittableRandom r) {
        this.n = n;
        this.start = r.nextInt(n);
        long s = 1 + r.nextInt(Math.max(1, n - 1));
        while (gcd(s, n) != 1) s++;
        this.step = s;
    }

    int at(int i) {
        return (int) ((start + (i % n) * step) % n);
    }

    private static long gcd(long a, long b) {
        return b == 0 ? a : gcd(b, a % b);
    }
}
