package io.cutover.schema;

/**
 * A DDL script that cannot be read into a catalog: missing, unparseable, or a statement that
 * does not fit the tables before it (a column dropped that is not there). Names the script
 * and the line the statement starts on (0: the script as a whole).
 */
public final class SchemaException extends IllegalArgumentException {
    private final String script;
    private final int line;
    private final String problem;

    public SchemaException(String script, int line, String problem) {
        super(script + (line > 0 ? ":" + line : "") + ": " + problem);
        this.script = script;
        this.line = line;
        this.problem = problem;
    }

    /** The script as it was named: a shipped script's name or a file's path. */
    public String script() {
        return script;
    }

    public int line() {
        return line;
    }

    /** What is wrong, without the script and line. */
    public String problem() {
        return problem;
    }
}
