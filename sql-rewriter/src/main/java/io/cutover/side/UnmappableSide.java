package io.cutover.side;

/** The mapping cannot describe a comparison side (a rule with no value, an unknown reference, a missing table). */
public final class UnmappableSide extends RuntimeException {
    public UnmappableSide(String message) {
        super(message);
    }
}
