package io.cutover.storage;

import java.io.IOException;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.parquet.hadoop.util.HadoopStreams;
import org.apache.parquet.io.InputFile;
import org.apache.parquet.io.SeekableInputStream;

/**
 * A Parquet file to open for its footer. Remote files are Parquet's {@link HadoopInputFile}.
 * Local ones are read through the raw local file system: Hadoop's default local one checks the
 * {@code .crc} Spark left beside each file, and a damaged file would then fail as a checksum
 * error instead of showing what its footer says.
 */
public final class ParquetInput {
    private ParquetInput() {}

    public static InputFile of(Location file) throws IOException {
        FileSystem fs = file.fileSystem();
        FileStatus status = fs.getFileStatus(file.hadoopPath());
        if (!file.isLocal()) return HadoopInputFile.fromStatus(status, fs.getConf());
        return new InputFile() {
            @Override
            public long getLength() {
                return status.getLen();
            }

            @Override
            public SeekableInputStream newStream() throws IOException {
                return HadoopStreams.wrap(fs.open(file.hadoopPath()));
            }

            @Override
            public String toString() {
                return file.toString();
            }
        };
    }
}
