package io.cutover.verify;

import io.cutover.storage.Location;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A CSV value that does not have its column's type. Spark knows no line numbers, so the task
 * stops with a message naming the file, the column, the value and the row's text; the driver
 * then finds that row's line in the file (only on this failure path, one pass), so that the
 * person sees {@code file:line} and can open the file there.
 */
final class CsvValueError {
    private static final String TAG = "cutover-csv-value";
    private static final Pattern RAISED = Pattern.compile(
            TAG + "\\[(.+?)\\]\\[(.+?)\\]\\[(.+?)\\] holds \"(.*?)\" in the row \\[(.*?)\\]");

    private CsvValueError() {}

    /** The SQL string expression raise_error gets: every part the driver needs to find the line. */
    static String sqlMessage(Location file, String column, String type, String valueExpr, String rowExpr) {
        return "concat(" + sqlText(TAG + "[" + file + "][" + column + "][" + type + "] holds \"") + ", " + valueExpr + ", "
                + sqlText("\" in the row [") + ", " + rowExpr + ", " + sqlText("]") + ")";
    }

    /**
     * The failure for people when {@code message} is such a value error: {@code file:line: column
     * c holds "v", not a type (the line: ...)}; any other message is returned as it is.
     */
    static String explain(String message) {
        Matcher m = RAISED.matcher(message);
        if (!m.find()) return message;
        Location file = Location.of(m.group(1));
        long line = lineOf(file, m.group(5));
        return file + (line > 0 ? ":" + line : "") + ": column " + m.group(2) + " holds \"" + m.group(4) + "\", not a "
                + m.group(3) + " (the line: " + m.group(5) + ")";
    }

    /** The 1-based line of the first data row whose text is {@code row} (fields joined by commas), or 0. */
    private static long lineOf(Location file, String row) {
        try (BufferedReader r = new BufferedReader(new java.io.InputStreamReader(file.open(), StandardCharsets.UTF_8))) {
            long n = 1;
            r.readLine();   // the header
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                n++;
                if (line.equals(row) || line.replace("\"", "").equals(row)) return n;
            }
        } catch (IOException | RuntimeException e) {
            // the message still names the file, column, value and row
        }
        return 0;
    }

    private static String sqlText(String s) {
        return "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }
}
