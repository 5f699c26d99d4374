package io.cutover.rewrite;

/** Something about a query that a reviewer must know, at the line:col of the original text. */
public record Finding(Severity severity, int line, int column, String rule, String message) {
    @Override
    public String toString() {
        return line + ":" + column + " " + severity + " [" + rule + "] " + message;
    }
}
