package dev.plinth.reload.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Maps a routing key to one of {@value #BUCKETS} buckets with SHA-256, so that the same key lands
 * in the same bucket on every JVM, every node and every release (unlike {@code String.hashCode},
 * which is only a JVM convention and spreads short keys poorly). The plugin's name is hashed with
 * the key, so one user is not the canary cohort of every plugin at once.
 *
 * <p>Ten thousand buckets leave room for canary weights finer than one percent later; a weight of
 * {@code w} percent takes buckets {@code [0, w * 100)}, so raising the weight only adds keys to
 * the canary and never moves a key back.
 */
public final class BucketHash {
    /** How many buckets keys are spread over. */
    public static final int BUCKETS = 10_000;
    /** Buckets per percent of weight. */
    public static final int BUCKETS_PER_PERCENT = BUCKETS / 100;

    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(BucketHash::newDigest);

    private BucketHash() {
    }

    /** The bucket, {@code 0 <= b < BUCKETS}, of {@code key} for {@code plugin}. */
    public static int bucket(String plugin, String key) {
        MessageDigest digest = SHA256.get();
        digest.reset();
        digest.update(plugin.getBytes(StandardCharsets.UTF_8));
        digest.update((byte) 0);
        byte[] hash = digest.digest(key.getBytes(StandardCharsets.UTF_8));
        long high = 0;
        for (int i = 0; i < Long.BYTES; i++) {
            high = (high << 8) | (hash[i] & 0xFF);
        }
        return (int) Long.remainderUnsigned(high, BUCKETS);
    }

    /** Whether {@code key} falls in the share of a canary with {@code weight} percent. */
    public static boolean inCanary(String plugin, String key, int weight) {
        return bucket(plugin, key) < weight * BUCKETS_PER_PERCENT;
    }

    private static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
