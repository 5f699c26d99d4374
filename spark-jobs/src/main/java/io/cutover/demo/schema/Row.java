package io.cutover.demo.schema;

/** One row being written: its values in the table's column order, then {@link #endRow()}. */
public interface Row {
    Row number(long value);

    /** A number, or NULL. */
    Row number(Long value);

    /** Text, or NULL. */
    Row text(String value);

    /** A JSON document (a jsonb column), or NULL. */
    Row json(String value);

    Row bool(boolean value);

    /** A boolean, or NULL. */
    Row bool(Boolean value);

    /** A timestamptz as microseconds since the epoch, or {@link Rows#NOW}. */
    Row timestamp(long epochMicros);

    Row nul();

    void endRow();
}
