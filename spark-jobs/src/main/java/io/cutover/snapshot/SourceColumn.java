package io.cutover.snapshot;

/**
 * One column of a table being backed up: its PostgreSQL type as {@code format_type} prints it
 * (recorded in the manifest), and how it is carried into Parquet. {@code identity} is
 * {@code always} or {@code by default} for an identity column, with {@code identityOptions} the
 * options of its sequence as CREATE TABLE takes them; {@code generatedExpression} is set for a
 * stored generated column (its {@code defaultExpression} is then null).
 */
public record SourceColumn(String name, String pgType, String typname, boolean notNull, String defaultExpression,
                           ColumnEncoding encoding, String identity, String identityOptions, String generatedExpression) {

    public SourceColumn(String name, String pgType, String typname, boolean notNull, String defaultExpression,
                        ColumnEncoding encoding) {
        this(name, pgType, typname, notNull, defaultExpression, encoding, null, null, null);
    }

    public String quotedName() {
        return Sql.quote(name);
    }

    /** The column as CREATE TABLE declares it: type, then generation, identity or default, then NOT NULL. */
    String definitionSql() {
        StringBuilder b = new StringBuilder(quotedName()).append(' ').append(pgType);
        if (generatedExpression != null) {
            b.append(" GENERATED ALWAYS AS (").append(generatedExpression).append(") STORED");
        } else if (identity != null) {
            b.append(" GENERATED ").append(identity.toUpperCase(java.util.Locale.ROOT)).append(" AS IDENTITY");
            if (identityOptions != null) b.append(" (").append(identityOptions).append(')');
        } else if (defaultExpression != null) {
            b.append(" DEFAULT ").append(defaultExpression);
        }
        if (notNull) b.append(" NOT NULL");
        return b.toString();
    }
}
