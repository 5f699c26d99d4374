package io.cutover.cluster;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * What a Spark installation puts on a classpath, taken from the test classpath (Maven's Spark
 * jars): everything but our own code, what the job jar carries, and test helpers. A job that
 * runs on it proves the job jar brings all it needs.
 */
final class SparkClasspath {
    private static final List<String> NOT_SPARK = List.of("/io/cutover/", "/org/postgresql/", "/info/picocli/",
            "/com/github/jsqlparser/", "/io/github/java-diff-utils/", "/jackson-dataformat-yaml/", "/org/yaml/snakeyaml/",
            "/io/zonky/", "/org/junit/", "/org/opentest4j/", "/org/apiguardian/", "/surefire",
            // HdfsStorageIT's MiniDFSCluster and what it brings (JUnit 4): test helpers, not Spark
            "/hadoop-client-minicluster/", "/junit/junit/", "/org/hamcrest/");

    private SparkClasspath() {}

    /** A Spark home made of links: {@code home/jars/} holds the Spark jars, as in a distribution. */
    static Path sparkHome(Path home) throws IOException {
        Path jars = Files.createDirectories(home.resolve("jars"));
        int i = 0;
        for (String jar : get().split(File.pathSeparator)) {
            Path target = Path.of(jar);
            Path link = jars.resolve(target.getFileName().toString());
            // Two artifacts may share a file name; both must be there.
            if (Files.exists(link, LinkOption.NOFOLLOW_LINKS)) link = jars.resolve((i++) + "-" + target.getFileName());
            Files.createSymbolicLink(link, target);
        }
        return home;
    }

    static String get() {
        String all = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        // Our modules, as target/classes or (when the reactor packaged them) as target/*.jar.
        String project = Path.of("").toAbsolutePath().getParent().toString() + File.separator;
        String spark = Arrays.stream(all.split(File.pathSeparator))
                .filter(e -> e.endsWith(".jar"))
                .filter(e -> !Path.of(e).toAbsolutePath().toString().startsWith(project))
                .filter(e -> NOT_SPARK.stream().noneMatch(e::contains))
                .collect(Collectors.joining(File.pathSeparator));
        if (!spark.contains("spark-core_")) throw new IllegalStateException("no Spark jars on the test classpath: " + all);
        return spark;
    }
}
