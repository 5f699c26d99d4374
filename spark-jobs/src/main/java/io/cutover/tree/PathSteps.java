package io.cutover.tree;

/**
 * A treebeard materialized path's steps: {@code steplen} characters over {@code alphabet}, the
 * n-th (1-based) root or child taking the number n written in that alphabet.
 */
public record PathSteps(int steplen, String alphabet) {

    public PathSteps {
        if (steplen < 1 || alphabet == null || alphabet.length() < 2) {
            throw new IllegalArgumentException("a path step needs steplen >= 1 and an alphabet of two characters or more");
        }
    }

    /** The step of the n-th root or child. */
    public String step(long n) {
        char[] s = new char[steplen];
        for (int i = steplen - 1; i >= 0; i--) {
            s[i] = alphabet.charAt((int) (n % alphabet.length()));
            n /= alphabet.length();
        }
        if (n != 0) throw new IllegalArgumentException("step out of range for steplen " + steplen);
        return new String(s);
    }

    /** The number a step stands for: the inverse of {@link #step}. */
    public long number(String step) {
        long n = 0;
        for (int i = 0; i < step.length(); i++) n = n * alphabet.length() + alphabet.indexOf(step.charAt(i));
        return n;
    }

    /** The first step of a path: the root it hangs under. */
    public String root(String path) {
        return path.length() <= steplen ? path : path.substring(0, steplen);
    }

    /** Paths in the steps' own order: character by character by place in the alphabet, a prefix before what extends it. */
    public java.util.Comparator<String> order() {
        return (a, b) -> {
            for (int i = 0; i < Math.min(a.length(), b.length()); i++) {
                int d = Integer.compare(alphabet.indexOf(a.charAt(i)), alphabet.indexOf(b.charAt(i)));
                if (d != 0) return d;
            }
            return Integer.compare(a.length(), b.length());
        };
    }

    /** The number of steps of a path: a node's depth. */
    public int depth(String path) {
        return path.length() / steplen;
    }
}
