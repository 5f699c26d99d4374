package io.cutover.verify;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One level of the segment pass: buckets that are ranges of the first key, sorted and disjoint,
 * inside {@code parents} (the ranges the level reads; a bucket of the level before that differed).
 * Both engines number a row's bucket alike: the count of the level's lower bounds ({@link #thresholds})
 * at or below its key (PostgreSQL's {@code width_bucket} over an array, Spark's count over the same
 * array); {@link #bucketAt} turns that number back into the range. Integer keys are split into
 * ranges of equal width between the least and greatest key seen, text keys at quantiles ordered
 * by their bytes, as Spark orders strings and PostgreSQL's {@code COLLATE "C"} does.
 */
record KeyBuckets(List<Range> buckets, List<Range> parents) {

    /** Keys from {@code from} (inclusive) to {@code to} (exclusive), a null end open; Long or String values. */
    record Range(Object from, Object to) {
        static final Range ALL = new Range(null, null);

        /** Whether the range ends where {@code next} begins. */
        boolean adjoins(Range next) {
            return to != null && Objects.equals(to, next.from);
        }

        @Override
        public String toString() {
            return "[" + (from == null ? "" : from) + ", " + (to == null ? "" : to) + ")";
        }
    }

    /** The first level: every row in one bucket, its NULL keys apart. */
    static KeyBuckets whole() {
        return new KeyBuckets(List.of(Range.ALL), List.of(Range.ALL));
    }

    /** Whether the level reads every row (no WHERE on the key). */
    boolean everything() {
        return parents.equals(List.of(Range.ALL));
    }

    /** The lower bounds, ascending: a row's bucket number is how many are at or below its key. */
    List<Object> thresholds() {
        List<Object> out = new ArrayList<>();
        for (Range r : buckets) if (r.from() != null) out.add(r.from());
        return out;
    }

    /** The number both engines give the rows of bucket {@code index}. */
    int numberOf(int index) {
        return index + (buckets.get(0).from() == null ? 0 : 1);
    }

    /** The range of a bucket number, or null for a number no bucket has (a NULL key's -1). */
    Range bucketAt(int number) {
        int index = number - (buckets.get(0).from() == null ? 0 : 1);
        return index >= 0 && index < buckets.size() ? buckets.get(index) : null;
    }

    /**
     * Integer ranges of equal width covering {@code parent}, over the keys seen in it
     * ({@code least} to {@code greatest}); a single range when it holds one key only.
     */
    static List<Range> equalWidth(Range parent, long least, long greatest, int parts) {
        if (least >= greatest) return List.of(parent);
        BigInteger lo = BigInteger.valueOf(least);
        BigInteger span = BigInteger.valueOf(greatest).subtract(lo).add(BigInteger.ONE);
        BigInteger width = span.add(BigInteger.valueOf(parts - 1)).divide(BigInteger.valueOf(parts));
        List<Range> out = new ArrayList<>();
        Object from = parent.from();
        for (int i = 1; i < parts; i++) {
            BigInteger bound = lo.add(width.multiply(BigInteger.valueOf(i)));
            if (bound.compareTo(BigInteger.valueOf(greatest)) > 0) break;
            out.add(new Range(from, bound.longValueExact()));
            from = bound.longValueExact();
        }
        out.add(new Range(from, parent.to()));
        return out;
    }

    /** Text ranges covering {@code parent}, split at the given quantiles of its keys (ascending, bytewise). */
    static List<Range> atQuantiles(Range parent, List<String> quantiles) {
        List<Range> out = new ArrayList<>();
        Object from = parent.from();
        // A quantile at or below the range's start, or at or past its end, splits nothing.
        for (String q : quantiles) {
            if (q == null || (from != null && bytewise((String) from, q) >= 0)) continue;
            if (parent.to() != null && bytewise(q, (String) parent.to()) >= 0) break;
            out.add(new Range(from, q));
            from = q;
        }
        out.add(new Range(from, parent.to()));
        return out;
    }

    /** Strings ordered by their UTF-8 bytes, unsigned: Spark's order and PostgreSQL's {@code COLLATE "C"}. */
    static int bytewise(String a, String b) {
        byte[] x = a.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] y = b.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        return java.util.Arrays.compareUnsigned(x, y);
    }

    /** Adjacent ranges joined: fewer conditions for the same rows. */
    static List<Range> merged(List<Range> ranges) {
        List<Range> out = new ArrayList<>();
        for (Range r : ranges) {
            if (!out.isEmpty() && out.get(out.size() - 1).adjoins(r)) {
                out.set(out.size() - 1, new Range(out.get(out.size() - 1).from(), r.to()));
            } else {
                out.add(r);
            }
        }
        return out;
    }
}
