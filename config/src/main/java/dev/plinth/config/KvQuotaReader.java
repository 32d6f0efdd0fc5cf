package dev.plinth.config;

import dev.plinth.api.kv.KvQuota;
import dev.plinth.api.unit.DataSize;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import tools.jackson.databind.JsonNode;

/**
 * {@code kv} in a manifest's {@code [permissions]} (what the plugin asks for) and in a policy's
 * plugin grant (the ceilings): {@code kv = true} for {@link KvQuota#DEFAULTS}, {@code kv = false}
 * for none, or a table {@code { max-keys = 1000, max-key-size = "256B", max-value-size = "64KB",
 * max-total-size = "1MB" }} whose missing bounds take the defaults.
 */
final class KvQuotaReader {
    static final String KEY = "kv";
    private static final List<String> KEYS = List.of("max-keys", "max-key-size", "max-value-size", "max-total-size");

    private KvQuotaReader() {
    }

    static Optional<KvQuota> read(TomlTable t) {
        Optional<JsonNode> value = t.value(KEY);
        if (value.isEmpty()) {
            return Optional.empty();
        }
        if (value.get().isBoolean()) {
            return value.get().booleanValue() ? Optional.of(KvQuota.DEFAULTS) : Optional.empty();
        }
        if (!value.get().isObject()) {
            throw t.error(KEY, "expected true, false or a table such as { max-keys = 1000, max-value-size = \"64KB\" },"
                    + " found " + TomlTable.typeName(value.get()));
        }
        TomlTable q = t.asTable(KEY, value.get());
        q.allowOnly(KEYS);
        KvQuota d = KvQuota.DEFAULTS;
        OptionalLong keys = q.integer("max-keys");
        if (keys.isPresent() && keys.getAsLong() <= 0) {
            throw q.error("max-keys", "must be a positive number of keys, found " + keys.getAsLong());
        }
        long keyBytes = size(q, "max-key-size", "256B", d.maxKeyBytes());
        if (keyBytes > KvQuota.MAX_KEY_BYTES) {
            throw q.error("max-key-size", "must be at most " + DataSize.ofBytes(KvQuota.MAX_KEY_BYTES) + ", found "
                    + DataSize.ofBytes(keyBytes));
        }
        long valueBytes = size(q, "max-value-size", "64KB", d.maxValueBytes());
        if (valueBytes > Integer.MAX_VALUE - 16) {
            throw q.error("max-value-size", "must be under 2GB, found " + DataSize.ofBytes(valueBytes));
        }
        long total = size(q, "max-total-size", "1MB", d.maxTotalBytes());
        return Optional.of(new KvQuota(keys.orElse(d.maxKeys()), keyBytes, valueBytes, total));
    }

    private static long size(TomlTable q, String key, String example, long fallback) {
        Optional<String> text = q.string(key, example);
        if (text.isEmpty()) {
            return fallback;
        }
        DataSize size;
        try {
            size = DataSize.parse(text.get());
        } catch (IllegalArgumentException e) {
            throw q.error(key, e.getMessage(), e);
        }
        if (size.toBytes() == 0) {
            throw q.error(key, "must be more than 0");
        }
        return size.toBytes();
    }
}
