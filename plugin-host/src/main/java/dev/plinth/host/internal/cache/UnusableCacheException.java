package dev.plinth.host.internal.cache;

import java.io.IOException;

/** Why a compile cache's directory or key file cannot be used: the engine then runs without one. */
final class UnusableCacheException extends IOException {
    private static final long serialVersionUID = 1L;

    UnusableCacheException(String message) {
        super(message);
    }
}
