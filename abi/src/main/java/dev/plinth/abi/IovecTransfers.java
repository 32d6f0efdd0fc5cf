package dev.plinth.abi;

import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.runtime.WasmFunctionHandle;
import dev.plinth.sandbox.fs.WriteQuotaExceededException;
import java.io.IOException;
import java.io.OutputStream;

/**
 * WASI's {@code fd_read}, {@code fd_write}, {@code fd_pread} and {@code fd_pwrite} with host memory
 * that never scales with a length the guest chose. Chicory's own allocate a {@code byte[]} the size
 * of each iovec and never look at the deadline; here the guest's iovecs are walked by the host:
 *
 * <ul>
 * <li>stdin is empty: reading it returns 0 bytes at once, whatever was asked, and costs one call;
 * <li>stdout and stderr are served here, in chunks of at most {@link #STDIO_CHUNK} bytes copied from
 *     guest memory into the plugin's log stream;
 * <li>other descriptors (files) are lent to Chicory one piece at a time: for each chunk of at most
 *     {@link #FILE_CHUNK} bytes of an iovec, a one-entry iovec array and a result slot are written to
 *     12 bytes of guest memory outside the chunk (saved first and restored after), and Chicory's
 *     function is called on that.
 * </ul>
 *
 * <p>Before each chunk the call's {@link HostWork} is checked and charged for the chunk's bytes, so
 * a walk over thousands of 32 MiB iovecs ends at the deadline (or when the fuel is spent). A walk
 * also stops, as POSIX's would, at a short transfer, at an error (which is returned only when
 * nothing was moved yet: {@code EFAULT} for an iovec outside memory, {@code EDQUOT} for a write
 * over the quota, else Chicory's errno), and at {@link #MAX_TRANSFER} bytes, so the count always
 * fits the guest's {@code size}.
 */
final class IovecTransfers {
    /** The most bytes lent to Chicory's file functions at once. */
    static final int FILE_CHUNK = 32 * 1024;
    /** The most bytes copied from guest memory to a log stream at once. */
    static final int STDIO_CHUNK = 64 * 1024;
    /** The most bytes one call moves, as Linux's read and write ({@code 0x7ffff000}). */
    static final long MAX_TRANSFER = 0x7ffff000L;
    /** Room for one iovec and the result count. */
    private static final int SCRATCH = 12;
    private static final long WASM_PAGE = 65536;

    /** The four functions, told apart by direction and by whether they take an offset. */
    enum Kind {
        READ("fd_read", false, false), WRITE("fd_write", true, false), PREAD("fd_pread", false, true),
        PWRITE("fd_pwrite", true, true);

        final String function;
        final boolean write;
        final boolean positioned;

        Kind(String function, boolean write, boolean positioned) {
            this.function = function;
            this.write = write;
            this.positioned = positioned;
        }

        static Kind of(String function) {
            for (Kind kind : values()) {
                if (kind.function.equals(function)) {
                    return kind;
                }
            }
            return null;
        }
    }

    private final HostWork work;
    private final StdioTable stdio;
    private final OutputStream stdout;
    private final OutputStream stderr;

    IovecTransfers(HostWork work, StdioTable stdio, OutputStream stdout, OutputStream stderr) {
        this.work = work;
        this.stdio = stdio;
        this.stdout = stdout;
        this.stderr = stderr;
    }

    /** {@code kind} carried out with Chicory's {@code chicory} for files. */
    WasmFunctionHandle handle(Kind kind, WasmFunctionHandle chicory) {
        return (instance, args) -> transfer(kind, chicory, instance, args);
    }

    private long[] transfer(Kind kind, WasmFunctionHandle chicory, Instance instance, long[] args) {
        Memory memory = instance.memory();
        long memorySize = (long) memory.pages() * WASM_PAGE;
        int fd = (int) args[0];
        long iovs = unsigned(args[1]);
        long count = unsigned(args[2]);
        long resultPtr = unsigned(args[kind.positioned ? 4 : 3]);
        if (!inside(resultPtr, 4, memorySize) || !inside(iovs, count * 8, memorySize)) {
            return WasiErrno.result(WasiErrno.FAULT);
        }
        StdioTable.Stream stream = stdio.at(fd);
        if (stream != null) {
            return stdio(kind, stream, memory, memorySize, iovs, count, resultPtr);
        }
        Walk walk = new Walk(memory, memorySize, resultPtr);
        walk(walk, kind.function, iovs, count, FILE_CHUNK, (at, chunk, movedSoFar) -> lend(kind, chicory, instance,
                fd, at, chunk, kind.positioned ? args[3] + movedSoFar : 0, walk));
        if (!walk.lent && walk.errno == WasiErrno.SUCCESS) {
            // nothing to move: Chicory still says whether the descriptor could have been used
            long[] empty = args.clone();
            empty[2] = 0;
            return chicory.apply(instance, empty);
        }
        return walk.finish();
    }

    /** Lends Chicory one chunk; returns how many bytes it moved (the walk records an error). */
    private long lend(Kind kind, WasmFunctionHandle chicory, Instance instance, int fd, long at, int chunk,
            long offset, Walk walk) {
        work.bytes(kind.function, chunk);
        Memory memory = instance.memory();
        // 12 bytes that the chunk does not touch: memory holds at least a page, the chunk half of one
        long scratch = at >= SCRATCH ? 0 : at + chunk;
        byte[] saved = memory.readBytes((int) scratch, SCRATCH);
        memory.writeI32((int) scratch, (int) at);
        memory.writeI32((int) scratch + 4, chunk);
        walk.lent = true;
        try {
            long[] lent = kind.positioned
                    ? new long[] {fd, scratch, 1, offset, scratch + 8}
                    : new long[] {fd, scratch, 1, scratch + 8};
            long errno = chicory.apply(instance, lent)[0];
            if (errno != WasiErrno.SUCCESS) {
                walk.fail((int) errno);
                return 0;
            }
            return unsigned(memory.readInt((int) scratch + 8));
        } catch (WriteQuotaExceededException e) {
            walk.fail(WasiErrno.DQUOT);
            return 0;
        } finally {
            memory.write((int) scratch, saved);
        }
    }

    private long[] stdio(Kind kind, StdioTable.Stream stream, Memory memory, long memorySize, long iovs, long count,
            long resultPtr) {
        if (stream == StdioTable.Stream.STDIN) {
            if (kind == Kind.READ) {
                // stdin is always empty: end of file, whatever length was asked for
                memory.writeI32((int) resultPtr, 0);
                return WasiErrno.result(WasiErrno.SUCCESS);
            }
            return WasiErrno.result(kind == Kind.PREAD ? WasiErrno.SPIPE : WasiErrno.BADF);
        }
        if (kind != Kind.WRITE) {
            return WasiErrno.result(kind == Kind.PWRITE ? WasiErrno.SPIPE : WasiErrno.BADF);
        }
        OutputStream out = stream == StdioTable.Stream.STDOUT ? stdout : stderr;
        Walk walk = new Walk(memory, memorySize, resultPtr);
        walk(walk, kind.function, iovs, count, STDIO_CHUNK, (at, chunk, movedSoFar) -> {
            work.bytes(kind.function, chunk);
            try {
                out.write(memory.readBytes((int) at, chunk), 0, chunk);
                return chunk;
            } catch (IOException e) {
                walk.fail(WasiErrno.IO);
                return 0;
            }
        });
        return walk.finish();
    }

    /** Moves one chunk of an iovec; returns how many bytes it moved, fewer than {@code chunk} ending the walk. */
    @FunctionalInterface
    private interface ChunkMove {
        long move(long at, int chunk, long movedSoFar);
    }

    /**
     * Walks the guest's {@code count} iovecs at {@code iovs} in chunks of at most {@code maxChunk}
     * bytes, checking the deadline at each iovec, until they are done, a chunk moves short, or the
     * walk fails or reaches the per-call maximum.
     */
    private void walk(Walk walk, String function, long iovs, long count, int maxChunk, ChunkMove move) {
        for (long i = 0; i < count && !walk.over; i++) {
            work.checkDeadline(function);
            long base = unsigned(walk.memory.readInt((int) (iovs + i * 8)));
            long length = unsigned(walk.memory.readInt((int) (iovs + i * 8 + 4)));
            for (long done = 0; done < length && !walk.over; ) {
                int chunk = walk.chunk(base + done, length - done, maxChunk);
                if (chunk == 0) {
                    break;
                }
                long moved = move.move(base + done, chunk, walk.total);
                walk.total += moved;
                done += moved;
                if (moved < chunk) {
                    walk.over = true;
                }
            }
        }
    }

    /** The state of one walk over a guest's iovecs. */
    private static final class Walk {
        private final Memory memory;
        private final long memorySize;
        private final long resultPtr;
        long total;
        int errno = WasiErrno.SUCCESS;
        boolean over;
        boolean lent;

        Walk(Memory memory, long memorySize, long resultPtr) {
            this.memory = memory;
            this.memorySize = memorySize;
            this.resultPtr = resultPtr;
        }

        /**
         * The next chunk at {@code at} of at most {@code left} and {@code max} bytes, within memory and
         * the per-call maximum; 0 (and the walk over) when there is none.
         */
        int chunk(long at, long left, int max) {
            if (at >= memorySize) {
                fail(WasiErrno.FAULT);
                return 0;
            }
            long chunk = Math.min(Math.min(left, max), Math.min(memorySize - at, MAX_TRANSFER - total));
            if (chunk <= 0) {
                over = true;
                return 0;
            }
            return (int) chunk;
        }

        void fail(int errno) {
            this.errno = errno;
            over = true;
        }

        /** What was moved, if anything, else the error. */
        long[] finish() {
            if (total == 0 && errno != WasiErrno.SUCCESS) {
                return WasiErrno.result(errno);
            }
            memory.writeI32((int) resultPtr, (int) total);
            return WasiErrno.result(WasiErrno.SUCCESS);
        }
    }

    private static long unsigned(long value) {
        return value & 0xFFFFFFFFL;
    }

    private static boolean inside(long address, long length, long memorySize) {
        return address + length <= memorySize;
    }
}
