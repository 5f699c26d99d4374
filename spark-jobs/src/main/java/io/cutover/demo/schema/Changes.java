package io.cutover.demo.schema;

/**
 * A live write's statements on rows that exist: what the app does after the world was loaded
 * (a bulk load only adds rows).
 */
public interface Changes extends Rows {
    /** A row that replaces the values of the row with the same key, if the table has one. */
    Row rowReplacing(Table table, String... keyColumns);

    /** A statement that must change exactly one row: otherwise the world is not what was loaded. */
    void exactlyOne(String sql, Object... values);

    /**
     * {@code UPDATE table SET assignments WHERE keyColumn = key} on an app row (mirror or new
     * table), which also sets its {@code updated_on} to the transaction's time, as every app write does.
     */
    default void updateAppRow(String table, String keyColumn, long key, String assignments, Object... values) {
        Object[] all = new Object[values.length + 1];
        System.arraycopy(values, 0, all, 0, values.length);
        all[values.length] = key;
        exactlyOne("UPDATE " + table + " SET " + assignments + ", updated_on = now() WHERE " + keyColumn + " = ?", all);
    }
}
