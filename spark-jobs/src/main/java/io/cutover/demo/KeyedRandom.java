package io.cutover.demo;

import java.util.SplittableRandom;

/**
 * Randomness that depends only on (seed, stream, index): the n-th post of a world is the same
 * whatever was generated before it, which keeps worlds byte-identical per seed and lets fault
 * injection or a later generator revisit one entity without replaying the rest.
 */
final class KeyedRandom {
    private KeyedRandom() {}

    static SplittableRandom of(long seed, long stream, long index) {
        return new SplittableRandom(mix(mix(seed ^ 0x9E3779B97F4A7C15L * (stream + 1)) + index));
    }

    /** Stafford variant 13 of the splitmix64 finaliser. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** An index in [0, n) skewed towards 0: power > 1 gives a heavy head (few very active users, big channels). */
    static int skewed(SplittableRandom r, int n, double power) {
        return Math.min(n - 1, (int) (n * Math.pow(r.nextDouble(), power)));
    }

    /** A heavy-tailed (Pareto, alpha 1.6) count with the given mean, capped; many zeros, a few large. */
    static int heavyTailed(SplittableRandom r, double mean, int cap) {
        double alpha = 1.6;
        double x = Math.pow(1 - r.nextDouble(), -1 / alpha) - 1; // mean 1/(alpha-1)
        return (int) Math.min(cap, Math.floor(mean * x * (alpha - 1) + r.nextDouble()));
    }
}
