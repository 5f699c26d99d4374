package io.cutover.snapshot;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.connector.catalog.Table;
import org.apache.spark.sql.connector.catalog.TableProvider;
import org.apache.spark.sql.connector.expressions.Transform;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.util.CaseInsensitiveStringMap;

/**
 * The DataSource V2 entry point of the COPY reader. A data source receives only string
 * options, which Spark keeps with the plan; the read itself (connection properties included)
 * therefore stays in this driver-side registry for the moment of {@link #load}, and the option
 * names it by a random id.
 */
public final class CopySource implements TableProvider {
    private static final String READ_OPTION = "cutover.copy.read";
    private static final Map<String, CopyTable> PENDING = new ConcurrentHashMap<>();

    /** Spark instantiates providers by their public no-argument constructor. */
    public CopySource() {}

    static Dataset<Row> load(SparkSession spark, CopyTable table) {
        String id = UUID.randomUUID().toString();
        PENDING.put(id, table);
        try {
            return spark.read().format(CopySource.class.getName()).option(READ_OPTION, id).load();
        } finally {
            PENDING.remove(id);
        }
    }

    private static CopyTable pending(Map<String, String> options) {
        String id = options.get(READ_OPTION);
        CopyTable table = id == null ? null : PENDING.get(id);
        if (table == null) {
            throw new IllegalStateException("the COPY source is loaded only through the snapshot's COPY reader");
        }
        return table;
    }

    @Override
    public StructType inferSchema(CaseInsensitiveStringMap options) {
        return pending(options).schema();
    }

    @Override
    public Table getTable(StructType schema, Transform[] partitioning, Map<String, String> properties) {
        return pending(properties);
    }
}
