package io.cutover.snapshot;

import java.util.EnumSet;
import java.util.Set;
import org.apache.spark.sql.connector.catalog.SupportsRead;
import org.apache.spark.sql.connector.catalog.TableCapability;
import org.apache.spark.sql.connector.read.Batch;
import org.apache.spark.sql.connector.read.InputPartition;
import org.apache.spark.sql.connector.read.PartitionReaderFactory;
import org.apache.spark.sql.connector.read.Scan;
import org.apache.spark.sql.connector.read.ScanBuilder;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.util.CaseInsensitiveStringMap;

/**
 * A source table as Spark's DataSource V2 sees it for one snapshot read: its stored schema and
 * one input partition per key range. Every column is read (a backup takes whole rows), so
 * nothing is pushed down and the table is its own scan builder, scan and batch. Its name and
 * description are what plans and the UI show: the table and the ranges, never a connection.
 */
final class CopyTable implements SupportsRead, ScanBuilder, Scan, Batch {
    private final String label;
    private final StructType schema;
    private final CopyRange[] ranges;
    private final CopyRangeReader.Factory readers;
    private final String splitDescription;

    CopyTable(String label, StructType schema, CopyRange[] ranges, CopyRangeReader.Factory readers, String splitDescription) {
        this.label = label;
        this.schema = schema;
        this.ranges = ranges;
        this.readers = readers;
        this.splitDescription = splitDescription;
    }

    @Override
    public String name() {
        return label;
    }

    @Override
    public StructType schema() {
        return schema;
    }

    @Override
    public Set<TableCapability> capabilities() {
        return EnumSet.of(TableCapability.BATCH_READ);
    }

    @Override
    public ScanBuilder newScanBuilder(CaseInsensitiveStringMap options) {
        return this;
    }

    @Override
    public Scan build() {
        return this;
    }

    @Override
    public StructType readSchema() {
        return schema;
    }

    @Override
    public String description() {
        return "binary COPY of " + label + " in the held snapshot, " + splitDescription;
    }

    @Override
    public Batch toBatch() {
        return this;
    }

    @Override
    public InputPartition[] planInputPartitions() {
        return ranges.clone();
    }

    @Override
    public PartitionReaderFactory createReaderFactory() {
        return readers;
    }
}
