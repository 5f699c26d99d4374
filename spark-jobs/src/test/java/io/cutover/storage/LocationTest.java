package io.cutover.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Locations as users write them, and the local behaviour of the commit and claim (HdfsStorageIT covers HDFS). */
class LocationTest {
    @TempDir
    Path dir;

    @Test
    void aPathWithoutASchemeIsLocalAndPrintsAsGiven() {
        Location relative = Location.of("backups/s1");
        assertTrue(relative.isLocal());
        assertEquals("backups/s1", relative.toString());
        assertEquals("file:" + Path.of("backups/s1").toAbsolutePath(), relative.uri());
        assertEquals("backups/s1/reddit/public.posts", relative.resolve("reddit/public.posts").toString());
        assertEquals("s1", relative.name());

        Location file = Location.of("file:/backups/s1");
        assertTrue(file.isLocal());
        assertEquals("/backups/s1", file.toString());
        assertEquals(Location.of("/backups/s1"), file);
        assertEquals(Location.of("/backups"), file.parent());
    }

    @Test
    void aSchemeNamesItsStore() throws Exception {
        Location hdfs = Location.of("hdfs://nn:8020/backups/s1");
        assertFalse(hdfs.isLocal());
        assertEquals("hdfs://nn:8020/backups/s1/reddit", hdfs.resolve("reddit").uri());
        assertEquals("hdfs://nn:8020/backups/s1.settled", hdfs.sibling("s1.settled").toString());
        assertEquals("hdfs://nn:8020/backups", hdfs.parent().toString());
        // Decided by scheme: no connector (hadoop-aws) needs to be on the classpath for this.
        assertFalse(Stores.renameIsAtomic(Location.of("s3a://bucket/backups/s1/manifest.json")));
        assertFalse(Stores.renameIsAtomic(Location.of("gs://bucket/x")));
        assertTrue(Stores.renameIsAtomic(Location.of(dir.toString())));
    }

    @Test
    void aCommittedFileIsWholeAndNeverReplaced() throws Exception {
        Location target = Location.local(dir.resolve("manifest.json"));
        AtomicFile.commit(target, "{\"v\":1}".getBytes(StandardCharsets.UTF_8));
        assertArrayEquals("{\"v\":1}".getBytes(StandardCharsets.UTF_8), Files.readAllBytes(dir.resolve("manifest.json")));
        assertThrows(FileAlreadyExistsException.class, () -> AtomicFile.commit(target, "{}".getBytes(StandardCharsets.UTF_8)));
        assertEquals("{\"v\":1}", Files.readString(dir.resolve("manifest.json")));
        // Neither a temporary file nor Hadoop's .crc side files are left beside it.
        try (var files = Files.list(dir)) {
            assertEquals(List.of("manifest.json"), files.map(p -> p.getFileName().toString()).toList());
        }
    }

    @Test
    void aDirectoryIsClaimedOnce() throws Exception {
        Location d = Location.local(dir.resolve("s1"));
        ExclusiveDirectory.create(d);
        assertTrue(d.isDirectoryQuietly());
        assertThrows(FileAlreadyExistsException.class, () -> ExclusiveDirectory.create(d));
        d.resolve("t/part-0.parquet").write(new byte[] {1});
        d.resolve("t/.part-0.parquet.crc").write(new byte[] {2});
        assertEquals(List.of("t"), d.directories().stream().map(Location::name).toList());
        assertEquals(List.of(".part-0.parquet.crc", "part-0.parquet"), d.resolve("t").files().stream().map(Location::name).toList());
        d.deleteRecursively();
        assertFalse(d.existsQuietly());
    }
}
