package dev.plinth.abi;

import dev.plinth.api.error.PayloadTooLargeException;
import dev.plinth.api.unit.TextCap;
import java.util.HashMap;
import java.util.Map;

/**
 * Extism vars: small key/value state that outlives a call. Shared by every instance of one plugin
 * version (unlike globals, which belong to one instance), and capped in total size.
 */
public final class PluginVars {
    private final String plugin;
    private final long maxBytes;
    private final Map<String, byte[]> values = new HashMap<>();
    private long bytes;

    public PluginVars(String plugin, long maxBytes) {
        this.plugin = plugin;
        this.maxBytes = maxBytes;
    }

    public synchronized byte[] get(String key) {
        return values.get(key);
    }

    /** Sets or, with {@code null}, removes a var; refuses a change that would pass the cap. */
    public synchronized void put(String key, byte[] value) {
        byte[] old = values.get(key);
        long keyBytes = key.length() * 2L;
        long before = old == null ? 0 : keyBytes + old.length;
        long after = value == null ? 0 : keyBytes + value.length;
        if (bytes - before + after > maxBytes) {
            throw new PayloadTooLargeException("plugin " + plugin + " tried to keep " + (bytes - before + after)
                    + " bytes in vars (var '" + TextCap.chars(key, 256) + "'), more than its limit of " + maxBytes + " bytes");
        }
        if (value == null) {
            values.remove(key);
        } else {
            values.put(key, value);
        }
        bytes += after - before;
    }

    /** Total bytes held, keys counted as UTF-16. */
    public synchronized long bytes() {
        return bytes;
    }
}
