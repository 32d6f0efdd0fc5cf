package dev.plinth.abi;

import dev.plinth.api.error.ErrorCode;
import dev.plinth.api.kv.KeyValueStore;
import dev.plinth.api.kv.KvQuota;
import dev.plinth.api.kv.KvUsage;
import dev.plinth.security.audit.AuditAction;
import dev.plinth.security.audit.AuditEntry;
import dev.plinth.security.audit.AuditLog;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One plugin version's way into its key-value store: the store, scoped to the plugin's name, under
 * the granted quota. Every write is checked against the quota first, under a lock the plugin's
 * versions share, so that two instances of one JVM cannot both pass the check and overshoot; a
 * refused write is a {@link KvRefusal} and an entry in the audit log. Shared by the version's
 * instances.
 *
 * <p>Replicas over one database check their quotas each on its own: two replicas writing new keys
 * at the same moment may overshoot {@code max-keys} or {@code max-total-size} by what they wrote
 * together.
 */
public final class KvAccess {
    private final KeyValueStore store;
    private final String plugin;
    private final String version;
    private final KvQuota quota;
    private final AuditLog audit;
    private final Object lock;

    /** @param lock what the plugin's versions in this JVM hold while they check and write */
    public KvAccess(KeyValueStore store, String plugin, String version, KvQuota quota, AuditLog audit, Object lock) {
        this.store = Objects.requireNonNull(store, "store");
        this.plugin = Objects.requireNonNull(plugin, "plugin");
        this.version = Objects.requireNonNull(version, "version");
        this.quota = Objects.requireNonNull(quota, "quota");
        this.audit = Objects.requireNonNull(audit, "audit");
        this.lock = Objects.requireNonNull(lock, "lock");
    }

    public KvQuota quota() {
        return quota;
    }

    Optional<byte[]> get(String key) {
        return store.get(plugin, key);
    }

    /** Writes, or throws a {@link KvRefusal} (audited) when a bound would be crossed. */
    void put(String key, byte[] value) {
        checkValueLength(key, value.length);
        long keyBytes = key.getBytes(StandardCharsets.UTF_8).length;
        synchronized (lock) {
            Optional<byte[]> old = store.get(plugin, key);
            KvUsage usage = store.usage(plugin);
            long keys = usage.keys() + (old.isPresent() ? 0 : 1);
            long bytes = usage.bytes() - old.map(o -> keyBytes + o.length).orElse(0L) + keyBytes + value.length;
            if (keys > quota.maxKeys()) {
                throw refuse(KvRefusal.TOO_MANY_KEYS, "max-keys", "a new key " + shown(key) + " would be key number "
                        + keys + ", more than max-keys, " + quota.maxKeys());
            }
            if (bytes > quota.maxTotalBytes()) {
                throw refuse(KvRefusal.TOTAL_TOO_LARGE, "max-total-size", "writing key " + shown(key) + " would make "
                        + bytes + " bytes in all, more than max-total-size, " + quota.maxTotalBytes() + " bytes");
            }
            store.put(plugin, key, value);
        }
    }

    /** Refuses (audited) a value longer than {@code max-value-size}, before it is copied. */
    void checkValueLength(String key, long length) {
        if (length > quota.maxValueBytes()) {
            throw refuse(KvRefusal.VALUE_TOO_LARGE, "max-value-size", "a value of " + length + " bytes for key "
                    + shown(key) + " is more than max-value-size, " + quota.maxValueBytes() + " bytes");
        }
    }

    boolean delete(String key) {
        synchronized (lock) {
            return store.delete(plugin, key);
        }
    }

    List<String> keys(String prefix) {
        return store.keys(plugin, prefix, (int) Math.min(Integer.MAX_VALUE, quota.maxKeys()));
    }

    /** The value of {@code key}, for a caller outside this package (a component's {@code kv-store}); a bad key (audited) has none. */
    public Optional<byte[]> read(String key) {
        return keyRefusal(key) == null ? get(key) : Optional.empty();
    }

    /**
     * Writes {@code value} under {@code key} for a caller outside this package, or says why not: the refusal's
     * message (audited, as for {@code plinth:host/kv}), empty when written.
     */
    public Optional<String> write(String key, byte[] value) {
        String refused = keyRefusal(key);
        if (refused != null) {
            return Optional.of(refused);
        }
        try {
            put(key, value);
            return Optional.empty();
        } catch (KvRefusal e) {
            return Optional.of(e.getMessage());
        }
    }

    /** Deletes {@code key} for a caller outside this package; whether it was there (a bad key, audited, never is). */
    public boolean remove(String key) {
        return keyRefusal(key) == null && delete(key);
    }

    /** The keys starting with {@code prefix}, at most {@code max-keys} of them. */
    public List<String> list(String prefix) {
        return keys(prefix);
    }

    /** The message of a key refused (audited) for being empty or too long, or {@code null} for a good one. */
    private String keyRefusal(String key) {
        long bytes = key.getBytes(StandardCharsets.UTF_8).length;
        return bytes == 0 || bytes > quota.maxKeyBytes() ? badKey(bytes).getMessage() : null;
    }

    /** A key that is empty or longer than {@code max-key-size}: refused and audited. */
    KvRefusal badKey(long bytes) {
        return refuse(KvRefusal.BAD_KEY, "max-key-size", bytes == 0 ? "a key must not be empty"
                : "a key of " + bytes + " bytes is more than max-key-size, " + quota.maxKeyBytes() + " bytes");
    }

    /** A key that is not UTF-8 text: refused and audited. */
    KvRefusal notText() {
        return refuse(KvRefusal.BAD_KEY, "key", "a key must be UTF-8 text");
    }

    private KvRefusal refuse(int code, String bound, String problem) {
        String message = "plinth:host/kv: " + problem;
        audit.record(AuditEntry.now(plugin, version, code == KvRefusal.BAD_KEY ? ErrorCode.PERMISSION_DENIED
                : ErrorCode.TOO_LARGE, KvFunctions.MODULE + " " + bound, message, AuditAction.REFUSED));
        return new KvRefusal(code, message);
    }

    private static String shown(String key) {
        return dev.plinth.api.unit.Quoting.quote(dev.plinth.api.unit.TextCap.chars(key, 64));
    }
}
