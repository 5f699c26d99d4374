package io.cutover.verify;

import io.cutover.outcome.CutoverException;
import io.cutover.postgres.PostgresServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Reads one table of a source as a DataFrame. Live tables are read in read-only transactions
 * with a fetch size (the driver would otherwise buffer whole partitions), split on an integer
 * column when the table is large; snapshot tables are the Parquet a snapshot wrote.
 */
final class TableReader {
    private static final long ROWS_PER_PARTITION = 500_000;

    private final SparkSession spark;

    TableReader(SparkSession spark) {
        this.spark = spark;
    }

    Dataset<Row> read(SourceLocation location, String table, String splitColumn) {
        if (location instanceof SourceLocation.Database db) return jdbc(db, table, splitColumn);
        if (location instanceof SourceLocation.Snapshot snap) return parquet(snap, table);
        throw CutoverException.configuration("table " + table + " cannot come from " + location
                + ": a CSV source holds one export");
    }

    /**
     * A CSV export with its columns typed as the mapping declares them. The text is parsed as
     * strings and cast: Spark's cast reads ISO-8601 timestamps faster than a CSV
     * timestampFormat pattern does (20.3 s against 28.9 s for the 20M-line large vote export),
     * and a value that does not cast stops the run naming the file, the column and the row
     * ({@link CsvValueError} turns that into file:line).
     */
    Dataset<Row> csv(SourceLocation.CsvFile csv, Map<String, String> columns) {
        if (!Files.isReadable(csv.file())) {
            throw CutoverException.configuration("cannot read " + csv.file());
        }
        StructType text = new StructType();
        for (String c : columns.keySet()) text = text.add(c, DataTypes.StringType, true);
        String row = "concat_ws(',', " + columns.keySet().stream().map(c -> "coalesce(`" + c + "`, '')")
                .collect(Collectors.joining(", ")) + ")";
        List<String> typed = new ArrayList<>();
        for (Map.Entry<String, String> c : columns.entrySet()) {
            DataType type = SparkTypes.of(c.getValue());
            String name = "`" + c.getKey() + "`";
            if (type == DataTypes.StringType) {
                typed.add(name);
                continue;
            }
            String cast = "try_cast(" + name + " AS " + type.sql() + ")";
            String message = CsvValueError.sqlMessage(csv.file(), c.getKey(), c.getValue(), name, row);
            typed.add("CASE WHEN " + name + " IS NULL OR " + cast + " IS NOT NULL THEN " + cast
                    + " ELSE raise_error(" + message + ") END AS " + name);
        }
        return spark.read().option("header", "true").option("mode", "FAILFAST").schema(text)
                .csv(csv.file().toString()).selectExpr(typed.toArray(String[]::new));
    }

    private Dataset<Row> parquet(SourceLocation.Snapshot snap, String table) {
        Path dir = snap.directory().resolve("public." + table);
        if (!Files.isDirectory(dir)) {
            throw CutoverException.configuration(snap + " has no table public." + table + " (looked for " + dir + ")");
        }
        return spark.read().parquet(dir.toString());
    }

    private Dataset<Row> jdbc(SourceLocation.Database db, String table, String splitColumn) {
        PostgresServer server = db.server();
        Properties props = server.sparkJdbcProperties();
        props.setProperty("fetchsize", "10000");
        props.setProperty("sessionInitStatement", "SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY");
        // Binary results from the first execution (the driver's default waits for the fifth, and each
        // partition runs its query once): timestamps and integers are not printed by the server and
        // parsed back. 5,000,000 comment-shaped rows read 1.4x faster, with identical hashes. A URL
        // parameter wins over these properties: ?prepareThreshold=0 turns it off.
        props.setProperty("prepareThreshold", "-1");
        long[] bounds = splitColumn == null ? null : bounds(db, table, splitColumn);
        if (bounds == null || bounds[2] < ROWS_PER_PARTITION) {
            return spark.read().jdbc(server.jdbcUrl(db.database()), table, props);
        }
        int partitions = (int) Math.min(16, Math.max(2, bounds[2] / ROWS_PER_PARTITION));
        return spark.read().jdbc(server.jdbcUrl(db.database()), table, splitColumn, bounds[0], bounds[1] + 1,
                partitions, props);
    }

    /** min, max and count of the split column, or null when the table is empty. */
    private static long[] bounds(SourceLocation.Database db, String table, String column) {
        try (Connection c = db.server().connect(db.database());
             PreparedStatement ps = c.prepareStatement("SELECT min(" + column + "), max(" + column + "), count(*) FROM " + table)) {
            c.setReadOnly(true);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getObject(1) == null ? null : new long[] {rs.getLong(1), rs.getLong(2), rs.getLong(3)};
            }
        } catch (SQLException e) {
            if ("42P01".equals(e.getSQLState())) {
                throw CutoverException.configuration("table " + table + " does not exist in " + db);
            }
            throw CutoverException.failure("cannot read " + table + " from " + db + ": " + PostgresServer.describe(e), e);
        }
    }

    /** Spark types for the DDL's column types. */
    static final class SparkTypes {
        private SparkTypes() {}

        static org.apache.spark.sql.types.DataType of(String ddlType) {
            String t = ddlType.toLowerCase().replaceAll("\\(.*\\)", "").strip();
            return switch (t) {
                case "bigint", "int8", "bigserial" -> DataTypes.LongType;
                case "integer", "int", "int4", "serial" -> DataTypes.IntegerType;
                case "smallint", "int2" -> DataTypes.ShortType;
                case "boolean", "bool" -> DataTypes.BooleanType;
                case "timestamptz", "timestamp with time zone", "timestamp" -> DataTypes.TimestampType;
                case "date" -> DataTypes.DateType;
                case "double precision", "float8", "real", "float4" -> DataTypes.DoubleType;
                default -> DataTypes.StringType;
            };
        }

        static String sqlName(String ddlType) {
            return of(ddlType).sql();
        }
    }
}
