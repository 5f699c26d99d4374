package io.cutover.testing;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A real S3 server on 127.0.0.1: s3proxy (the jar Maven copied into {@code target/}, named by the
 * {@code s3proxy.jar} system property) in a child JVM, keeping objects in memory and checking
 * every request's signature against keys made up for this run. Stopped by its PID on
 * {@link #close()}, or by a shutdown hook if the test JVM ends first.
 */
public final class S3Proxy implements AutoCloseable {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Process process;
    private final Thread killer;
    private final int port;
    private final String accessKey;
    private final String secretKey;
    private final Path log;

    private S3Proxy(Process process, Thread killer, int port, String accessKey, String secretKey, Path log) {
        this.process = process;
        this.killer = killer;
        this.port = port;
        this.accessKey = accessKey;
        this.secretKey = secretKey;
        this.log = log;
    }

    /** Starts the server with its log and scratch under {@code workDir}; returns once it answers HTTP. */
    public static S3Proxy start(Path workDir) throws Exception {
        String jar = System.getProperty("s3proxy.jar");
        if (jar == null || !Files.isRegularFile(Path.of(jar))) {
            throw new IllegalStateException("s3proxy.jar (" + jar + ") is missing: run through Maven, which copies it into target/");
        }
        Files.createDirectories(workDir);
        int port = freePort();
        String accessKey = "AKIA" + random("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 16);
        String secretKey = random("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/", 40);
        // The server reads its keys from this file at start-up; it is removed once the server answers.
        Path properties = workDir.resolve("s3proxy.properties");
        Files.createFile(properties, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(properties, String.join("\n",
                "s3proxy.endpoint=http://127.0.0.1:" + port,
                "s3proxy.authorization=aws-v2-or-v4",
                "s3proxy.identity=" + accessKey,
                "s3proxy.credential=" + secretKey,
                "jclouds.provider=transient",
                "jclouds.identity=local",
                "jclouds.credential=local", ""));
        Path scratch = Files.createDirectories(workDir.resolve("tmp"));
        Path log = workDir.resolve("s3proxy.log");
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Djava.io.tmpdir=" + scratch,
                "-jar", jar, "--properties", properties.toString());
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        long pid = process.pid();
        // Also when the test JVM ends without close() (a failed @BeforeAll, Ctrl-C): killed by its PID.
        Thread killer = new Thread(() -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly), "s3proxy-killer");
        Runtime.getRuntime().addShutdownHook(killer);
        S3Proxy server = new S3Proxy(process, killer, port, accessKey, secretKey, log);
        try {
            server.awaitHttp();
            Files.delete(properties);
            return server;
        } catch (Exception e) {
            server.close();
            throw e;
        }
    }

    private void awaitHttp() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) throw new IllegalStateException("s3proxy exited:\n" + Files.readString(log));
            try {
                HttpURLConnection c = (HttpURLConnection) URI.create(endpoint() + "/").toURL().openConnection();
                c.setConnectTimeout(500);
                c.setReadTimeout(2000);
                c.getResponseCode(); // any answer (403 for an unsigned request) means it listens
                c.disconnect();
                return;
            } catch (IOException notYet) {
                Thread.sleep(200);
            }
        }
        throw new IllegalStateException("s3proxy did not answer within 60 s:\n" + Files.readString(log));
    }

    public String endpoint() {
        return "http://127.0.0.1:" + port;
    }

    public String accessKey() {
        return accessKey;
    }

    /** Only for the credentials provider and the assertions that it was never written anywhere. */
    public String secretKey() {
        return secretKey;
    }

    public long pid() {
        return process.pid();
    }

    public Path log() {
        return log;
    }

    public void createBucket(String bucket) {
        try (S3Client s3 = S3Client.builder().endpointOverride(URI.create(endpoint())).region(Region.US_EAST_1)
                .forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, secretKey)))
                .build()) {
            s3.createBucket(b -> b.bucket(bucket));
        }
    }

    /**
     * S3A's settings for this server, none of them secret: the keys come from {@link Keys} in
     * this JVM, or from {@code AWS_ACCESS_KEY_ID}/{@code AWS_SECRET_ACCESS_KEY} in a child's
     * environment ({@link #environment()}) through S3A's default chain when {@code withProvider} is off.
     */
    public Map<String, String> s3aSettings(Path bufferDir, boolean withProvider) {
        Map<String, String> s = new LinkedHashMap<>();
        s.put("fs.s3a.endpoint", endpoint());
        s.put("fs.s3a.endpoint.region", "us-east-1");
        s.put("fs.s3a.path.style.access", "true");
        s.put("fs.s3a.connection.ssl.enabled", "false");
        // Fail fast: a refused request is a test failure, not something to retry for minutes.
        s.put("fs.s3a.attempts.maximum", "1");
        s.put("fs.s3a.retry.limit", "1");
        // S3A buffers uploads on disk, by default under hadoop.tmp.dir in /tmp.
        s.put("fs.s3a.buffer.dir", bufferDir.toString());
        if (withProvider) {
            Keys.current = AwsBasicCredentials.create(accessKey, secretKey);
            s.put("fs.s3a.aws.credentials.provider", Keys.class.getName());
        }
        return s;
    }

    /** The keys as a child process's environment carries them (S3A's environment provider reads these). */
    public Map<String, String> environment() {
        return Map.of("AWS_ACCESS_KEY_ID", accessKey, "AWS_SECRET_ACCESS_KEY", secretKey, "AWS_REGION", "us-east-1");
    }

    /** Stops the server by its PID: SIGTERM, then SIGKILL if it lingers. */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
        try {
            Runtime.getRuntime().removeShutdownHook(killer);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or has run
        }
    }

    public boolean isRunning() {
        return ProcessHandle.of(process.pid()).map(ProcessHandle::isAlive).orElse(false);
    }

    /** S3A's credentials provider for this JVM: the server's keys, never in a configuration or a setting. */
    public static final class Keys implements AwsCredentialsProvider {
        static volatile AwsCredentials current;

        @Override
        public AwsCredentials resolveCredentials() {
            if (current == null) throw new IllegalStateException("no S3Proxy started in this JVM");
            return current;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static String random(String alphabet, int length) {
        StringBuilder b = new StringBuilder(length);
        for (int i = 0; i < length; i++) b.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
        return b.toString();
    }
}
