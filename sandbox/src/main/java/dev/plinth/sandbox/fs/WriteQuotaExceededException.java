package dev.plinth.sandbox.fs;

/**
 * A write into a writable mount that would go over the version's {@link dev.plinth.api.WriteQuota}
 * and was refused before anything was written. Unchecked, like the JDK's
 * {@link java.nio.channels.NonWritableChannelException}, so that it passes through WASI code that
 * maps every {@link java.io.IOException} to {@code EIO}: the host's WASI layer answers it with
 * {@code EDQUOT}.
 */
public final class WriteQuotaExceededException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    WriteQuotaExceededException(String message) {
        super(message);
    }
}
