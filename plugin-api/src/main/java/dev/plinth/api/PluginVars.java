package dev.plinth.api;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Set;

/**
 * A plugin's Extism vars: small key/value state that the plugin reads and writes with
 * {@code var_get} and {@code var_set} and that outlives a call. Plinth keeps one set of vars per
 * plugin (by name) in an engine: every instance and every version of the plugin shares it, so
 * vars survive calls, discarded instances and hot reloads, as the host's own state would. The
 * application reads and presets them here, before and between calls; keys and values together
 * are capped at the plugin's {@code max-vars}, whoever writes them.
 *
 * <p>Values are copied in and out. Thread-safe: a call that runs while the application writes sees
 * each var either before or after the write.
 */
public interface PluginVars {

    /** The value of {@code key}, or empty when the plugin has no such var. */
    Optional<byte[]> get(String key);

    /** The value of {@code key} as UTF-8 text. */
    default Optional<String> getString(String key) {
        return get(key).map(bytes -> new String(bytes, StandardCharsets.UTF_8));
    }

    /**
     * Sets {@code key} to {@code value}, as the plugin's {@code var_set} would.
     *
     * @throws dev.plinth.api.error.PayloadTooLargeException ({@code too-large}) when the vars would
     *     then hold more than {@link #maxBytes}; nothing changes
     */
    void put(String key, byte[] value);

    /** Sets {@code key} to {@code value} as UTF-8 text; see {@link #put(String, byte[])}. */
    default void putString(String key, String value) {
        put(key, value.getBytes(StandardCharsets.UTF_8));
    }

    /** Removes {@code key}; returns whether it was there. */
    boolean remove(String key);

    /** Removes every var. */
    void clear();

    /** The keys held now. */
    Set<String> keys();

    /** How many vars are held. */
    int count();

    /** The bytes held, keys (counted as two bytes a character) and values together. */
    long bytes();

    /** The most {@link #bytes} the plugin may hold: its {@code max-vars}. */
    long maxBytes();

    /** Vars that hold nothing and take nothing (a cap of 0): for plugins that keep no vars. */
    static PluginVars none() {
        return NoVars.INSTANCE;
    }
}
