package dev.plinth.host.internal.pool;

import dev.plinth.api.error.PluginException;

/**
 * An instance of a plugin version could not be made: {@link #failure()} is the typed error for
 * the caller, {@link #phase()} the part of instantiation that failed ({@code <start>} for the
 * module's start section, {@code _start}, {@code _initialize}, or {@code <instantiate>} for
 * linking and allocating), for the audit entry.
 */
public final class InstanceCreationException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient PluginException failure;
    private final String phase;

    InstanceCreationException(PluginException failure, String phase) {
        super(failure.getMessage(), failure, false, false);
        this.failure = failure;
        this.phase = phase;
    }

    public PluginException failure() {
        return failure;
    }

    public String phase() {
        return phase;
    }
}
