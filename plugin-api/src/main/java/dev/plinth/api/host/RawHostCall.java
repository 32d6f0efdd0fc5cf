package dev.plinth.api.host;

import dev.plinth.api.PluginVars;

/**
 * What a {@link RawHostFunction} can reach while a plugin calls it: who calls, the plugin's Extism
 * memory blocks by offset (the {@code i64} values Extism PDKs pass for strings and bytes) and the
 * plugin's vars. Valid only during the call that it was handed to.
 *
 * <p>Every block read or written is charged to the call's fuel budget like the Extism ABI's own
 * copies, and blocks come out of the same kernel memory, under its limit.
 */
public interface RawHostCall extends HostCallContext {

    /**
     * The bytes of the block at {@code offset} (empty for offset 0, Extism's "nothing").
     *
     * @throws RuntimeException that fails the call as an ABI violation ({@code trap}) when no block
     *     starts at {@code offset}: the plugin passed a bad offset
     */
    byte[] readBlock(long offset);

    /** The block at {@code offset} as UTF-8 text; see {@link #readBlock}. */
    String readString(long offset);

    /** The length of the block at {@code offset}, or 0 when no block starts there (as Extism's {@code length}). */
    long blockLength(long offset);

    /**
     * A new block holding {@code bytes}, for the plugin to read: its offset, or 0 for no bytes.
     *
     * @throws dev.plinth.api.error.MemoryLimitException when the plugin's kernel memory is full
     */
    long writeBlock(byte[] bytes);

    /** A new block holding {@code text} as UTF-8; see {@link #writeBlock}. */
    long writeString(String text);

    /** Frees the block at {@code offset}; 0 and offsets where no block starts are ignored, as in Extism. */
    void freeBlock(long offset);

    /** The calling plugin's vars. */
    PluginVars vars();
}
