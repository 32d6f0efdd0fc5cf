package dev.plinth.reload.internal;

import static java.nio.file.StandardWatchEventKinds.ENTRY_CREATE;
import static java.nio.file.StandardWatchEventKinds.ENTRY_DELETE;
import static java.nio.file.StandardWatchEventKinds.ENTRY_MODIFY;

import dev.plinth.host.PluginEngine;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches a plugins folder and its plugin sub-folders, and hands settled changes to a handler on
 * its own thread. The JDK's {@link WatchService} wakes it as soon as something happens; a rescan
 * every {@code rescanInterval} catches what the service misses (some file systems lose events,
 * some JDKs poll slowly). Events only prompt a look: every pass lists the folder and compares
 * fingerprints, and a {@link StabilityTracker} decides what settled. Passes are serial, so the
 * handler is never run twice at once. A pass only lists folders and reads file stamps (no file is
 * opened), and the handler is expected to hand the work off and return, so that the watcher keeps
 * noticing changes whatever loading does.
 */
public final class FolderWatcher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(FolderWatcher.class);
    private static final long MIN_WAIT_MILLIS = 1;

    private final Path folder;
    private final long rescanNanos;
    private final StabilityTracker tracker;
    private final Consumer<StabilityTracker.Settled> handler;
    private final Map<Path, WatchKey> keys = new HashMap<>();
    private WatchService service;
    private Thread thread;
    private volatile boolean running;

    /**
     * @param handler told what settled, on the watcher's thread; it should hand the work off and
     *     return at once; exceptions are logged and the watcher goes on
     */
    public FolderWatcher(Path folder, Duration debounce, Duration rescanInterval,
            Consumer<StabilityTracker.Settled> handler) {
        this.folder = folder;
        this.rescanNanos = rescanInterval.toNanos();
        this.tracker = new StabilityTracker(debounce);
        this.handler = handler;
    }

    /**
     * Registers with the watch service and takes the folder as it is now as the known state, so
     * that only later changes are reported. Call before loading the folder's plugins.
     */
    public synchronized void open() {
        try {
            service = folder.getFileSystem().newWatchService();
            register(folder);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot watch plugins folder " + folder, e);
        }
        for (Map.Entry<Path, SourceFingerprint> entry : fingerprints().entrySet()) {
            tracker.settle(entry.getKey(), entry.getValue());
        }
        registerSubfolders();
    }

    /** Starts the watcher's thread. */
    public synchronized void start() {
        if (service == null) {
            open();
        }
        running = true;
        thread = new Thread(this::run, "plinth-reload-watcher");
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        long nextRescan = System.nanoTime() + rescanNanos;
        while (running) {
            try {
                long now = System.nanoTime();
                long due = Math.min(nextRescan, tracker.nextDueNanos().orElse(Long.MAX_VALUE));
                long waitMillis = Math.max(MIN_WAIT_MILLIS, TimeUnit.NANOSECONDS.toMillis(due - now) + 1);
                WatchKey key = service.poll(waitMillis, TimeUnit.MILLISECONDS);
                while (key != null) {
                    key.pollEvents();
                    key.reset();
                    key = service.poll();
                }
                pass();
                nextRescan = System.nanoTime() + rescanNanos;
            } catch (ClosedWatchServiceException | InterruptedException e) {
                return;
            } catch (RuntimeException | Error e) {
                LOG.error("plugins folder watcher: a pass over {} failed; going on", folder, e);
            }
        }
    }

    /** One look at the folder: fingerprints, settled changes to the handler. */
    private void pass() {
        registerSubfolders();
        StabilityTracker.Settled settled = tracker.observe(fingerprints(), System.nanoTime());
        if (!settled.isEmpty() && running) {
            handler.accept(settled);
        }
    }

    private Map<Path, SourceFingerprint> fingerprints() {
        Map<Path, SourceFingerprint> current = new HashMap<>();
        if (!Files.isDirectory(folder)) {
            return current;
        }
        List<Path> sources;
        try {
            sources = PluginEngine.discover(folder);
        } catch (UncheckedIOException e) {
            LOG.warn("cannot list plugins folder {}: {}", folder, e.getMessage());
            return current;
        }
        for (Path source : sources) {
            try {
                SourceFingerprint fingerprint = SourceFingerprint.of(source.toAbsolutePath().normalize());
                if (!fingerprint.absent()) {
                    current.put(source.toAbsolutePath().normalize(), fingerprint);
                }
            } catch (IOException | UncheckedIOException e) {
                LOG.debug("cannot look at {} now: {}", source, e.getMessage());
            }
        }
        return current;
    }

    private void registerSubfolders() {
        keys.values().removeIf(key -> !key.isValid());
        if (!keys.containsKey(folder) && Files.isDirectory(folder)) {
            register(folder);
        }
        try (Stream<Path> entries = Files.list(folder)) {
            for (Path entry : (Iterable<Path>) entries::iterator) {
                if (Files.isDirectory(entry) && !entry.getFileName().toString().startsWith(".")
                        && !keys.containsKey(entry)) {
                    register(entry);
                }
            }
        } catch (IOException e) {
            LOG.debug("cannot list {} to watch its plugin folders: {}", folder, e.getMessage());
        }
    }

    private void register(Path dir) {
        try {
            keys.put(dir, dir.register(service, ENTRY_CREATE, ENTRY_DELETE, ENTRY_MODIFY));
        } catch (IOException e) {
            LOG.debug("cannot watch {} (the rescan still covers it): {}", dir, e.getMessage());
        }
    }

    /** Stops the thread (after the pass it is in, if any) and the watch service. */
    @Override
    public void close() {
        Thread worker;
        synchronized (this) {
            running = false;
            worker = thread;
            if (service != null) {
                try {
                    service.close();
                } catch (IOException e) {
                    LOG.debug("closing the watch service: {}", e.getMessage());
                }
            }
        }
        if (worker != null && worker != Thread.currentThread()) {
            try {
                worker.join(TimeUnit.SECONDS.toMillis(30));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
