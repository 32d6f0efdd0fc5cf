package dev.plinth.sandbox.fs;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.file.AccessDeniedException;

/**
 * A file channel opened without write access whose writes fail with an {@link IOException} (which
 * WASI turns into an errno) instead of the JDK's unchecked {@code NonWritableChannelException}
 * (which Chicory does not catch everywhere, e.g. in {@code fd_filestat_set_size}).
 */
final class ReadOnlyChannel extends ForwardingFileChannel {
    private final String name;

    ReadOnlyChannel(FileChannel inner, String name) {
        super(inner);
        this.name = name;
    }

    private AccessDeniedException denied() {
        return new AccessDeniedException(name, null, "not open for writing");
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
        throw denied();
    }

    @Override
    public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
        throw denied();
    }

    @Override
    public FileChannel truncate(long size) throws IOException {
        throw denied();
    }

    @Override
    public long transferFrom(ReadableByteChannel src, long position, long count) throws IOException {
        throw denied();
    }

    @Override
    public int write(ByteBuffer src, long position) throws IOException {
        throw denied();
    }

    @Override
    public MappedByteBuffer map(MapMode mode, long position, long size) throws IOException {
        if (mode != MapMode.READ_ONLY) {
            throw denied();
        }
        return inner.map(mode, position, size);
    }
}
