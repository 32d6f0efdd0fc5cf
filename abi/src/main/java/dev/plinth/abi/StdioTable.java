package dev.plinth.abi;

import java.util.HashMap;
import java.util.Map;

/**
 * Which WASI descriptors are stdin, stdout and stderr right now. They start as 0, 1 and 2, and
 * follow the guest's {@code fd_close} and {@code fd_renumber} (the only calls that move or free a
 * descriptor; Chicory hands out only freed numbers, which this table has dropped), so the host can
 * serve stdio itself whatever number a stream has.
 */
final class StdioTable {
    /** The three standard streams. */
    enum Stream {
        STDIN, STDOUT, STDERR
    }

    private final Map<Integer, Stream> streams = new HashMap<>(Map.of(0, Stream.STDIN, 1, Stream.STDOUT,
            2, Stream.STDERR));

    /** The stream at {@code fd}, or {@code null} when it is another descriptor (or none). */
    Stream at(int fd) {
        return streams.get(fd);
    }

    /** {@code fd} was closed. */
    void closed(int fd) {
        streams.remove(fd);
    }

    /** {@code from} was moved to {@code to}, closing what was at {@code to}. */
    void renumbered(int from, int to) {
        if (from == to) {
            return;
        }
        Stream moved = streams.remove(from);
        streams.remove(to);
        if (moved != null) {
            streams.put(to, moved);
        }
    }
}
