package dev.plinth.component.wasi.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;

/** The two stream kinds of {@code wasi:io/streams}, and the ones this host makes. */
final class Streams {
    /** The most bytes one {@code write} may carry ({@code check-write}'s answer, the spec's 4096 for blocking writes). */
    static final int WRITE_PERMIT = 4096;
    /** The most bytes one {@code read} returns. */
    static final int READ_CHUNK = 64 * 1024;

    private Streams() {
    }

    /** An input stream; {@code read} returns {@code null} at its end. */
    interface Input {
        byte[] read(int max) throws IOException;

        default void close() {
        }
    }

    /** An output stream. */
    interface Output {
        void write(byte[] bytes) throws IOException;

        default void flush() throws IOException {
        }

        default void close() {
        }
    }

    /** stdin: always at its end. */
    static final Input EMPTY = max -> null;

    /** stdout or stderr: the plugin's log, line by line, under the call's budget. */
    static Output log(OutputStream log) {
        return bytes -> log.write(bytes, 0, bytes.length);
    }

    /** A file opened through the jail, read from an offset. */
    static Input file(SeekableByteChannel channel) {
        return new Input() {
            @Override
            public byte[] read(int max) throws IOException {
                ByteBuffer buffer = ByteBuffer.allocate(Math.min(max, READ_CHUNK));
                int n = channel.read(buffer);
                if (n < 0) {
                    return null;
                }
                byte[] out = new byte[n];
                buffer.flip().get(out);
                return out;
            }

            @Override
            public void close() {
                closeQuietly(channel);
            }
        };
    }

    /** A file opened through the jail, written from an offset (or appended to). */
    static Output file(SeekableByteChannel channel, AutoCloseableScope scope) {
        return new Output() {
            @Override
            public void write(byte[] bytes) throws IOException {
                try (AutoCloseable s = scope.enter()) {
                    ByteBuffer buffer = ByteBuffer.wrap(bytes);
                    while (buffer.hasRemaining()) {
                        channel.write(buffer);
                    }
                } catch (IOException | RuntimeException e) {
                    throw e;
                } catch (Exception e) {
                    throw new IOException(e);
                }
            }

            @Override
            public void close() {
                closeQuietly(channel);
            }
        };
    }

    /** The write counter's scope, entered around each write into a mount. */
    interface AutoCloseableScope {
        AutoCloseable enter();
    }

    static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception e) {
            // closing a jailed channel fails only if it is closed already
        }
    }
}
