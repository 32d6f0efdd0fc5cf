package dev.plinth.abi;

import dev.plinth.api.error.MemoryLimitException;

/**
 * A call allocated more Extism kernel memory ({@code alloc}) than the version's
 * {@code maxKernelBytes}: a {@code memory-limit} failure like a wasm memory limit hit, told apart so
 * that the audit names the limit that bit (Extism's runtime fails such a call with {@code oom}).
 */
public final class KernelMemoryLimitException extends MemoryLimitException {
    private static final long serialVersionUID = 1L;

    KernelMemoryLimitException(String message) {
        super(message);
    }
}
