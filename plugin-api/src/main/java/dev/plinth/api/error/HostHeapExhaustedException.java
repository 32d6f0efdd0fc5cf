package dev.plinth.api.error;

/**
 * The host's Java heap ran out while it worked for a plugin (running, instantiating or loading
 * it): the JVM's {@link OutOfMemoryError}, caught and made a {@code memory-limit}. The plugin's
 * instance is discarded, which frees what it held, and the host serves on. A limit hit of the host
 * rather than of the plugin's own memory limit, so it is audited with the resource
 * {@code host heap}; this type lets callers tell the two apart without reading messages.
 */
public class HostHeapExhaustedException extends MemoryLimitException {
    private static final long serialVersionUID = 1L;

    public HostHeapExhaustedException(String message, Throwable cause) {
        super(message, cause);
    }
}
