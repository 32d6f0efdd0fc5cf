package dev.plinth.api.file;

import dev.plinth.api.unit.DurationText;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The one way the host reads a plugin's files (module, manifest, signature, and the checksums of
 * hot reload), so that no file in a plugins folder can jam or flood the host:
 *
 * <ul>
 *   <li>Only regular files are read. A FIFO, device, socket or directory, or a link to one, is
 *       refused with what it is, before anything is opened.</li>
 *   <li>A link whose target lies outside the {@link PluginFolder} is refused unless the operator
 *       allows it; links that stay inside work.</li>
 *   <li>The size is checked against the {@link SizeCap} before reading, and the read stops at the
 *       cap whatever the file does meanwhile (a file that grows is refused, not read on).</li>
 *   <li>The file opened is checked to be the one checked: opened without following links, then its
 *       identity (the file key, an inode on Linux) compared, so a swap between the check and the
 *       open is refused.</li>
 *   <li>Opening and reading run on a small pool of reader threads and the caller waits at most the
 *       read timeout: an open that blocks anyway (a FIFO swapped in during the microseconds between
 *       the check and the open) or a file system that stops answering costs the caller a
 *       {@code TIMED_OUT} refusal, not a hung thread. The reader thread of a blocked open stays
 *       parked until the FIFO gets a writer; reads are interrupted.</li>
 * </ul>
 *
 * Thread-safe; the reader threads are daemons that end when idle.
 */
public final class PluginFileReader {
    /** How long opening and reading one file may take before it is given up. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    /** Reader threads at most; the files of one load are read one after another. */
    static final int READER_THREADS = 16;
    private static final int CHUNK = 64 * 1024;
    private static final ThreadPoolExecutor READERS = readers();

    /** Receives a file's bytes in order, on a reader thread. */
    @FunctionalInterface
    public interface Chunks {
        void accept(byte[] bytes, int length) throws IOException;
    }

    private PluginFileReader() {
    }

    /**
     * Reads a whole plugin file within {@link #DEFAULT_TIMEOUT}.
     *
     * @throws PluginFileException when the file is refused or cannot be read safely
     * @throws NoSuchFileException when it does not exist (or is a link to nothing)
     * @throws IOException when the file system fails
     */
    public static byte[] read(Path file, SizeCap cap, PluginFolder folder) throws IOException {
        return read(file, cap, folder, DEFAULT_TIMEOUT);
    }

    /** {@link #read(Path, SizeCap, PluginFolder)} with another timeout. */
    public static byte[] read(Path file, SizeCap cap, PluginFolder folder, Duration timeout) throws IOException {
        CheckedFile checked = check(file, cap, folder);
        Accumulator bytes = new Accumulator(checked.size(), cap);
        read(checked, cap, bytes, timeout);
        return bytes.toArray();
    }

    /**
     * Streams a plugin file to {@code sink} (for a checksum) under the same rules, within the
     * {@link #DEFAULT_TIMEOUT}; nothing is kept.
     *
     * @return the number of bytes read
     */
    public static long stream(Path file, SizeCap cap, PluginFolder folder, Chunks sink) throws IOException {
        return read(check(file, cap, folder), cap, sink, DEFAULT_TIMEOUT);
    }

    static CheckedFile check(Path file, SizeCap cap, PluginFolder folder) throws IOException {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(cap, "cap");
        Objects.requireNonNull(folder, "folder");
        Path asked = file.toAbsolutePath().normalize();
        BasicFileAttributes own = Files.readAttributes(asked, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        Path real;
        try {
            real = asked.toRealPath();
        } catch (NoSuchFileException e) {
            if (!own.isSymbolicLink()) {
                throw e;
            }
            throw new NoSuchFileException(file.toString(), null, "a symbolic link to "
                    + Files.readSymbolicLink(asked) + ", which does not exist");
        }
        boolean linked = own.isSymbolicLink() || !real.equals(asked);
        if (folder.confines()) {
            Path root = folder.root().toRealPath();
            if (!real.startsWith(root)) {
                throw new PluginFileException(file, PluginFileException.Reason.OUTSIDE_FOLDER,
                        (linked ? "a symbolic link to " + real + ", outside" : "outside")
                        + " the plugins folder " + folder.root() + "; symbolic links that lead out of the plugins"
                        + " folder are refused unless the operator allows them (allow-symlinks-out-of-folder)");
            }
        }
        BasicFileAttributes target = Files.readAttributes(real, BasicFileAttributes.class,
                LinkOption.NOFOLLOW_LINKS);
        if (!target.isRegularFile()) {
            String what = FileKind.of(real, target);
            throw new PluginFileException(file, PluginFileException.Reason.NOT_A_REGULAR_FILE,
                    (linked ? "a symbolic link to " + real + ", which is " + what : what)
                    + ", not a regular file; plugin files are read only from regular files");
        }
        if (target.size() > cap.bytes()) {
            throw new PluginFileException(file, PluginFileException.Reason.TOO_LARGE, "too large: " + sizeText(target.size())
                    + ", more than " + cap.describe());
        }
        return new CheckedFile(file, real, target.size(), target.fileKey());
    }

    private static String sizeText(long bytes) {
        return bytes + " bytes (" + approximate(bytes) + ")";
    }

    /** {@code 3.0GB}, {@code 12.5MB}: a size to read at a glance, unlike the exact form of {@code DataSize}. */
    static String approximate(long bytes) {
        String[] units = {"B", "KB", "MB", "GB", "TB"};
        double value = bytes;
        int unit = 0;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return unit == 0 ? bytes + "B" : String.format(java.util.Locale.ROOT, "%.1f%s", value, units[unit]);
    }

    /** Opens and reads a checked file on a reader thread, waiting at most {@code timeout}. */
    static long read(CheckedFile checked, SizeCap cap, Chunks sink, Duration timeout) throws IOException {
        ReadTask task = new ReadTask(checked, cap, sink);
        Future<Long> result;
        try {
            result = READERS.submit(task);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            throw new IOException("cannot read " + checked.file() + ": no reader thread", e);
        }
        try {
            return result.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            task.abandon();
            result.cancel(true);
            throw new PluginFileException(checked.file(), PluginFileException.Reason.TIMED_OUT, "not read within "
                    + DurationText.format(timeout) + ": the file system does not answer, or the file was swapped"
                    + " for a FIFO after it was checked");
        } catch (InterruptedException e) {
            task.abandon();
            result.cancel(true);
            Thread.currentThread().interrupt();
            InterruptedIOException interrupted = new InterruptedIOException("interrupted while reading "
                    + checked.file());
            interrupted.initCause(e);
            throw interrupted;
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw io;
            }
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw new IOException("cannot read " + checked.file() + ": " + cause, cause);
        }
    }

    /** Reader threads busy now (opening or reading), for tests. */
    static int busyReaders() {
        return READERS.getActiveCount();
    }

    private static ThreadPoolExecutor readers() {
        AtomicInteger count = new AtomicInteger();
        ThreadFactory factory = runnable -> {
            Thread thread = new Thread(runnable, "plinth-file-reader-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
        ThreadPoolExecutor pool = new ThreadPoolExecutor(READER_THREADS, READER_THREADS, 10, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), factory);
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    /** A file that passed the checks: where its links lead, its size and its identity then. */
    record CheckedFile(Path file, Path real, long size, Object fileKey) {
    }

    /** Opens without following links, makes sure it is the file checked, reads at most the cap. */
    private static final class ReadTask implements java.util.concurrent.Callable<Long> {
        private final CheckedFile checked;
        private final SizeCap cap;
        private final Chunks sink;
        private final AtomicReference<FileChannel> open = new AtomicReference<>();
        private volatile boolean abandoned;

        ReadTask(CheckedFile checked, SizeCap cap, Chunks sink) {
            this.checked = checked;
            this.cap = cap;
            this.sink = sink;
        }

        @Override
        public Long call() throws IOException {
            FileChannel channel = FileChannel.open(checked.real(), StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
            open.set(channel);
            try (channel) {
                if (abandoned) {
                    return -1L;
                }
                requireSameFile();
                byte[] chunk = new byte[CHUNK];
                ByteBuffer buffer = ByteBuffer.wrap(chunk);
                long total = 0;
                while (true) {
                    buffer.clear();
                    int read = channel.read(buffer);
                    if (read < 0) {
                        return total;
                    }
                    total += read;
                    if (total > cap.bytes()) {
                        throw new PluginFileException(checked.file(), PluginFileException.Reason.GREW,
                                "grew past " + cap.describe() + " while it was read");
                    }
                    sink.accept(chunk, read);
                }
            }
        }

        /** The entry opened is still a regular file and the same one (same file key) as the one checked. */
        private void requireSameFile() throws IOException {
            BasicFileAttributes now = Files.readAttributes(checked.real(), BasicFileAttributes.class,
                    LinkOption.NOFOLLOW_LINKS);
            if (!now.isRegularFile() || !Objects.equals(now.fileKey(), checked.fileKey())) {
                throw new PluginFileException(checked.file(), PluginFileException.Reason.REPLACED,
                        "replaced while it was opened (now " + FileKind.of(checked.real(), now)
                        + "): it is no longer the regular file that was checked");
            }
        }

        /** The caller gave up: close the channel if it is open, so that a blocked read ends. */
        void abandon() {
            abandoned = true;
            FileChannel channel = open.get();
            if (channel != null) {
                try {
                    channel.close();
                } catch (IOException e) {
                    // closing is all that was wanted; a failure to close leaves nothing to do
                }
            }
        }
    }

    /** Collects a file's bytes, growing to at most the cap. */
    private static final class Accumulator implements Chunks {
        private byte[] bytes;
        private int length;
        private final long cap;

        Accumulator(long expected, SizeCap cap) {
            this.cap = cap.bytes();
            this.bytes = new byte[(int) Math.min(expected, this.cap)];
        }

        @Override
        public void accept(byte[] chunk, int count) {
            if (length + count > bytes.length) {
                long grown = Math.max((long) length + count, Math.min(cap, Math.max(2L * bytes.length, CHUNK)));
                bytes = Arrays.copyOf(bytes, (int) Math.min(grown, cap));
            }
            System.arraycopy(chunk, 0, bytes, length, count);
            length += count;
        }

        byte[] toArray() {
            return length == bytes.length ? bytes : Arrays.copyOf(bytes, length);
        }
    }
}
