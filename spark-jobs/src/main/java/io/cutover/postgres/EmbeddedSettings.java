package io.cutover.postgres;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.time.Duration;

/**
 * How cutover configures the embedded PostgreSQL binaries, throwaway or kept: loopback only, sized
 * and tuned for bulk loads of a demo world. Durability is off (the binaries run without fsync
 * anyway): what these servers hold is a demo world, regenerated in minutes from its seed.
 */
final class EmbeddedSettings {
    private EmbeddedSettings() {}

    static EmbeddedPostgres.Builder builder() {
        return EmbeddedPostgres.builder()
                .setServerConfig("listen_addresses", "127.0.0.1")
                .setServerConfig("fsync", "off")
                .setServerConfig("synchronous_commit", "off")
                .setServerConfig("full_page_writes", "off")
                .setServerConfig("wal_level", "minimal")
                .setServerConfig("max_wal_senders", "0")
                .setServerConfig("max_wal_size", "8GB")
                .setServerConfig("shared_buffers", "512MB")
                .setServerConfig("maintenance_work_mem", "512MB")
                .setServerConfig("work_mem", "64MB")
                .setServerConfig("max_connections", "200")
                .setServerConfig("max_locks_per_transaction", "256")
                .setPGStartupWait(Duration.ofSeconds(90));
    }
}
