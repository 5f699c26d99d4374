package io.cutover.backfill;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The identity of a mapping for a checkpoint: the SHA-256 of its file's text. A checkpoint's
 * keys and counts only mean something under the mapping that wrote them.
 */
public final class MappingDigest {
    private MappingDigest() {}

    public static String of(String mappingText) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(mappingText.getBytes(StandardCharsets.UTF_8));
            return "sha256:" + HexFormat.of().formatHex(hash, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
