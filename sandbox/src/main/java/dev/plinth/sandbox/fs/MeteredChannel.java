package dev.plinth.sandbox.fs;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.file.AccessDeniedException;

/**
 * A file channel of a writable mount whose writes are counted against the version's
 * {@link WriteMeter} before they happen: each write reserves its bytes and the growth it causes
 * (the file's size is read first), and gives back what it did not use; truncating gives room back.
 * Writable memory maps are refused, since what they write cannot be counted.
 */
final class MeteredChannel extends ForwardingFileChannel {
    private final WriteMeter meter;
    private final String name;
    private final boolean append;

    MeteredChannel(FileChannel inner, WriteMeter meter, String name, boolean append) {
        super(inner);
        this.meter = meter;
        this.name = name;
        this.append = append;
    }

    /** How much a write of {@code bytes} at {@code position} makes a file of {@code size} grow. */
    private static long growth(long position, long bytes, long size) {
        long end = position > Long.MAX_VALUE - bytes ? Long.MAX_VALUE : position + bytes;
        return Math.max(0, end - size);
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
        long size = inner.size();
        long position = append ? size : inner.position();
        long bytes = src.remaining();
        WriteMeter.Reservation reservation = meter.reserve(bytes, growth(position, bytes, size), "write " + name);
        int written = 0;
        try {
            written = inner.write(src);
            return written;
        } finally {
            meter.settle(reservation, written, growth(position, written, size));
        }
    }

    @Override
    public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
        long size = inner.size();
        long position = append ? size : inner.position();
        long bytes = 0;
        for (int i = offset; i < offset + length; i++) {
            bytes += srcs[i].remaining();
        }
        WriteMeter.Reservation reservation = meter.reserve(bytes, growth(position, bytes, size), "write " + name);
        long written = 0;
        try {
            written = inner.write(srcs, offset, length);
            return written;
        } finally {
            meter.settle(reservation, written, growth(position, written, size));
        }
    }

    @Override
    public int write(ByteBuffer src, long position) throws IOException {
        long size = inner.size();
        long at = append ? Math.max(position, size) : position;
        long bytes = src.remaining();
        WriteMeter.Reservation reservation = meter.reserve(bytes, growth(at, bytes, size), "write " + name);
        int written = 0;
        try {
            written = inner.write(src, position);
            return written;
        } finally {
            meter.settle(reservation, written, growth(at, written, size));
        }
    }

    @Override
    public long transferFrom(ReadableByteChannel src, long position, long count) throws IOException {
        long size = inner.size();
        WriteMeter.Reservation reservation = meter.reserve(count, growth(position, count, size), "write " + name);
        long written = 0;
        try {
            written = inner.transferFrom(src, position, count);
            return written;
        } finally {
            meter.settle(reservation, written, growth(position, written, size));
        }
    }

    @Override
    public FileChannel truncate(long size) throws IOException {
        long before = inner.size();
        inner.truncate(size);
        meter.release(before - Math.min(before, Math.max(0, size)));
        return this;
    }

    @Override
    public MappedByteBuffer map(MapMode mode, long position, long size) throws IOException {
        if (mode != MapMode.READ_ONLY) {
            throw new AccessDeniedException(name, null, "writable memory maps cannot be counted against the"
                    + " write quota");
        }
        return inner.map(mode, position, size);
    }
}
