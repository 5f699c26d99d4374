package io.cutover.snapshot;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * MurmurHash3_x64_128 (Austin Appleby's reference {@code MurmurHash3_x64_128}, as Guava's
 * {@code Hashing.murmur3_128} and Commons Codec's {@code MurmurHash3.hash128x64} compute it):
 * the two 64-bit halves {@code h1}, {@code h2} of the 128-bit hash of {@code len} bytes. Kept
 * here, allocation-free, because it runs once per row of every snapshot and restore.
 */
final class Murmur3x64 {
    private static final VarHandle LONG_LE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long C1 = 0x87c37b91114253d5L;
    private static final long C2 = 0x4cf5ad432745937fL;

    long h1;
    long h2;

    /** Hashes {@code data[0, len)} with {@code seed}; the result is in {@link #h1}, {@link #h2}. */
    void hash(byte[] data, int len, int seed) {
        long a = seed & 0xFFFFFFFFL;
        long b = a;
        int blocks = len >>> 4;
        for (int i = 0; i < blocks; i++) {
            int at = i << 4;
            long k1 = getLong(data, at);
            long k2 = getLong(data, at + 8);
            a ^= mixK1(k1);
            a = Long.rotateLeft(a, 27) + b;
            a = a * 5 + 0x52dce729;
            b ^= mixK2(k2);
            b = Long.rotateLeft(b, 31) + a;
            b = b * 5 + 0x38495ab5;
        }
        int tail = blocks << 4;
        long k1 = 0;
        long k2 = 0;
        switch (len & 15) {
            case 15: k2 ^= (long) (data[tail + 14] & 0xff) << 48;
            case 14: k2 ^= (long) (data[tail + 13] & 0xff) << 40;
            case 13: k2 ^= (long) (data[tail + 12] & 0xff) << 32;
            case 12: k2 ^= (long) (data[tail + 11] & 0xff) << 24;
            case 11: k2 ^= (long) (data[tail + 10] & 0xff) << 16;
            case 10: k2 ^= (long) (data[tail + 9] & 0xff) << 8;
            case 9:
                k2 ^= data[tail + 8] & 0xff;
                b ^= mixK2(k2);
            case 8: k1 ^= (long) (data[tail + 7] & 0xff) << 56;
            case 7: k1 ^= (long) (data[tail + 6] & 0xff) << 48;
            case 6: k1 ^= (long) (data[tail + 5] & 0xff) << 40;
            case 5: k1 ^= (long) (data[tail + 4] & 0xff) << 32;
            case 4: k1 ^= (long) (data[tail + 3] & 0xff) << 24;
            case 3: k1 ^= (long) (data[tail + 2] & 0xff) << 16;
            case 2: k1 ^= (long) (data[tail + 1] & 0xff) << 8;
            case 1:
                k1 ^= data[tail] & 0xff;
                a ^= mixK1(k1);
            default:
        }
        a ^= len;
        b ^= len;
        a += b;
        b += a;
        a = fmix64(a);
        b = fmix64(b);
        a += b;
        b += a;
        h1 = a;
        h2 = b;
    }

    private static long mixK1(long k1) {
        return Long.rotateLeft(k1 * C1, 31) * C2;
    }

    private static long mixK2(long k2) {
        return Long.rotateLeft(k2 * C2, 33) * C1;
    }

    private static long fmix64(long k) {
        k ^= k >>> 33;
        k *= 0xff51afd7ed558ccdL;
        k ^= k >>> 33;
        k *= 0xc4ceb9fe1a85ec53L;
        k ^= k >>> 33;
        return k;
    }

    /** Eight bytes as one little-endian load, not eight byte reads: the hash's blocks are most of a row. */
    private static long getLong(byte[] d, int i) {
        return (long) LONG_LE.get(d, i);
    }
}
