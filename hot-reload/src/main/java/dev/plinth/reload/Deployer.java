package dev.plinth.reload;

import dev.plinth.api.PluginStatus;
import dev.plinth.api.deploy.RetryState;
import dev.plinth.api.VersionId;
import dev.plinth.api.VersionInfo;
import dev.plinth.api.deploy.PluginEventType;
import dev.plinth.api.error.ErrorCode;
import dev.plinth.api.error.IncompatiblePluginException;
import dev.plinth.api.error.InvalidManifestException;
import dev.plinth.component.contract.ContractCheck;
import dev.plinth.security.audit.AuditAction;
import dev.plinth.security.audit.AuditEntry;
import dev.plinth.api.error.InvalidModuleException;
import dev.plinth.api.error.PluginException;
import dev.plinth.api.file.PluginFolder;
import dev.plinth.api.file.SizeCap;
import dev.plinth.api.manifest.PluginManifest;
import dev.plinth.host.PluginEngine;
import dev.plinth.host.PluginVersion;
import dev.plinth.reload.internal.FileSha256;
import dev.plinth.reload.internal.SerialLanes;
import dev.plinth.reload.internal.SourceFingerprint;
import dev.plinth.reload.internal.StabilityTracker;
import dev.plinth.security.policy.Limit;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns plugin files into versions: manifest, source digest ({@link PluginEngine#sourceDigest}),
 * duplicate check, load (read, verify, compile, instantiate once), then install in the plugin's
 * slot as its policy says. Any failure
 * records a failed version and leaves the serving one alone. Also unloads a plugin whose files
 * went away.
 *
 * <p>Loading runs on a bounded pool of loader threads ({@link SerialLanes}), one deployment at a
 * time per source, so two changes to the same files never race, while different plugins load side
 * by side: a plugin whose load is slow (a huge module compiling) or stuck holds up only its own
 * source. Reading and compiling never happen under the deployer's lock; the lock is held only for
 * the short in-memory steps (deciding whether the files are new, installing the loaded version in
 * its slot, recording a failure), so the install stays atomic. The watcher only hands work off
 * ({@link #settled}); calls are never blocked by any of it. Events are published after the lock
 * is released, on the loader thread.
 */
final class Deployer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Deployer.class);
    private static final String DEPLOY = "deploy";
    private static final String REMOVE = "remove";

    private final PluginEngine engine;
    private final SlotTable slots;
    private final EventHub events;
    private final CanaryPolicy defaultPolicy;
    private final Map<String, CanaryPolicy> policies;
    private final SerialLanes<Path, VersionInfo> lanes;
    private final LoadRetries retries;
    private final ReentrantLock lock = new ReentrantLock();
    /** The plugin each source last declared; guarded by {@link #lock}. */
    private final Map<Path, String> owners = new HashMap<>();
    /** Set once closing; guarded by {@link #lock}. */
    private boolean closed;

    /** What the short look under the lock decided about new files. */
    private record Decision(VersionInfo done, String duplicateOf) {
        static final Decision LOAD = new Decision(null, null);
    }

    Deployer(PluginEngine engine, SlotTable slots, EventHub events, CanaryPolicy defaultPolicy,
            Map<String, CanaryPolicy> policies, int loaderThreads, RetryPolicy retryPolicy, RetryScheduler scheduler,
            java.time.Clock clock) {
        this.engine = engine;
        this.slots = slots;
        this.events = events;
        this.defaultPolicy = defaultPolicy;
        this.policies = Map.copyOf(policies);
        this.lanes = new SerialLanes<>("plinth-reload-loader", loaderThreads);
        this.retries = retryPolicy == null ? null
                : new LoadRetries(retryPolicy, scheduler, clock, null, this::retry);
    }

    /** Loads {@code where} again for a retry, on its lane; nothing once closing. */
    private void retry(Path where) {
        try {
            logged(where, lanes.submit(where, DEPLOY, () -> deployNow(where)));
        } catch (RuntimeException e) {
            LOG.debug("retry of {} not started: {}", where, e.toString());
        }
    }

    /** The sources waiting to be loaded again after a failure that can pass. */
    List<RetryState> retries() {
        return retries == null ? List.of() : retries.states();
    }

    /**
     * Hands what the watcher found settled to the loader threads and returns at once: changed
     * sources first, then (once those are done, so that a rename is a move) removed ones.
     */
    void settled(StabilityTracker.Settled settled) {
        List<CompletableFuture<VersionInfo>> changes = new ArrayList<>();
        for (Path source : settled.changed()) {
            Path where = normalized(source);
            changes.add(logged(where, lanes.submit(where, DEPLOY, () -> deployNow(where))));
        }
        if (settled.removed().isEmpty()) {
            return;
        }
        CompletableFuture.allOf(changes.toArray(CompletableFuture[]::new)).whenComplete((done, failure) -> {
            for (Path source : settled.removed()) {
                Path where = normalized(source);
                logged(where, lanes.submit(where, REMOVE, () -> removedNow(where)));
            }
        });
    }

    /** Loads the files at {@code source} as a new version of the plugin they declare, unless they serve already; waits for it. */
    VersionInfo deploy(Path source) {
        Path where = normalized(source);
        return awaitOpen(() -> lanes.call(where, DEPLOY, () -> deployNow(where)));
    }

    /** Loads every source side by side (at most one load per loader thread at a time) and waits for all, in order. */
    List<VersionInfo> deployAll(List<Path> sources) {
        List<CompletableFuture<VersionInfo>> loads = new ArrayList<>();
        for (Path source : sources) {
            Path where = normalized(source);
            loads.add(lanes.submit(where, DEPLOY, () -> deployNow(where)));
        }
        List<VersionInfo> infos = new ArrayList<>();
        for (CompletableFuture<VersionInfo> load : loads) {
            infos.add(awaitOpen(load::join));
        }
        return infos;
    }

    /** The files at {@code source} are gone: the plugin they held stops serving once its calls finish; waits for it. */
    void removed(Path source) {
        Path where = normalized(source);
        awaitOpen(() -> lanes.call(where, REMOVE, () -> removedNow(where)));
    }

    /** Unloads a plugin; {@code why} goes into the event. */
    boolean unload(String name, String why) {
        EventBatch batch = events.batch();
        lock.lock();
        try {
            PluginSlot slot = slots.find(name).orElse(null);
            if (slot == null) {
                return false;
            }
            slots.remove(slot);
            slot.unload(why, batch);
            return true;
        } finally {
            lock.unlock();
            events.publish(batch);
        }
    }

    /** Stops the loader threads: waiting loads are cancelled, running ones interrupted; a load that ends later installs nothing. */
    @Override
    public void close() {
        lock.lock();
        try {
            closed = true;
        } finally {
            lock.unlock();
        }
        if (retries != null) {
            retries.close();
        }
        lanes.close(Duration.ofSeconds(10));
    }

    private VersionInfo removedNow(Path where) {
        if (retries != null) {
            retries.settled(where);
        }
        EventBatch batch = events.batch();
        List<Path> refused = List.of();
        String name;
        lock.lock();
        try {
            name = owners.remove(where);
            PluginSlot slot = name == null ? null : slots.find(name).orElse(null);
            if (slot != null && where.equals(slot.source())) {
                slots.remove(slot);
                slot.unload("its files were removed from " + where + "; unloaded after its calls in flight", batch);
                String gone = name;
                refused = owners.entrySet().stream().filter(e -> e.getValue().equals(gone)).map(Map.Entry::getKey)
                        .sorted().toList();
            }
        } finally {
            lock.unlock();
            events.publish(batch);
        }
        retryRefusedDuplicates(name, refused.stream().filter(Files::exists).toList());
        return null;
    }

    /** Another folder that was refused as a duplicate of {@code name} may serve it now that the original is gone: tried one by one. */
    private void retryRefusedDuplicates(String name, List<Path> others) {
        if (others.isEmpty()) {
            return;
        }
        Path next = others.get(0);
        logged(next, lanes.submit(next, DEPLOY, () -> deployNow(next))).whenComplete((info, failure) -> {
            if (!slots.find(name).map(PluginSlot::serving).orElse(false)) {
                retryRefusedDuplicates(name, others.subList(1, others.size()));
            }
        });
    }

    /** One deployment of {@code where}, on its loader lane: reads and loads outside the lock. */
    private VersionInfo deployNow(Path where) {
        EventBatch batch = events.batch();
        try {
            VersionInfo info = deployOnce(where, batch);
            if (retries != null && info != null && info.status() != PluginStatus.FAILED) {
                retries.settled(where);
            }
            return info;
        } finally {
            events.publish(batch);
        }
    }

    private VersionInfo deployOnce(Path where, EventBatch batch) {
        PluginFolder folder = engine.folderOf(where);
        PluginManifest manifest;
        try {
            manifest = engine.readManifest(where);
        } catch (PluginException e) {
            String sha256 = wasmDigest(where, null, moduleCap(null), folder);
            VersionId unknown = new VersionId("unknown", digestOrEmpty(where));
            return locked(() -> failed(owners.getOrDefault(where, PluginEngine.fallbackName(where)), unknown, where,
                    sha256, e, batch, Map.of()));
        }
        String name = manifest.name();
        SizeCap moduleCap = moduleCap(manifest);
        String digest;
        long bytes;
        try {
            digest = engine.sourceDigest(where);
            bytes = SourceFingerprint.of(where).totalBytes();
        } catch (PluginException e) {
            return locked(() -> failed(name, new VersionId(manifest.version().toString(), ""), where, "", e, batch,
                    Map.of()));
        } catch (IOException | UncheckedIOException e) {
            return locked(() -> failed(name, new VersionId(manifest.version().toString(), ""), where, "",
                    new InvalidModuleException("cannot read " + where + ": " + e.getMessage(), e), batch, Map.of()));
        }
        VersionId version = new VersionId(manifest.version().toString(), digest);
        Decision decision = locked(() -> decide(where, manifest, digest, bytes, batch));
        if (decision.done() != null) {
            return decision.done();
        }
        if (decision.duplicateOf() != null) {
            String sha256 = wasmDigest(where, manifest, moduleCap, folder);
            return locked(() -> failed(name, version, where, sha256, duplicate(where, name, decision.duplicateOf()),
                    batch, Map.of()));
        }
        long started = System.nanoTime();
        PluginVersion loaded;
        try {
            loaded = engine.load(where, manifest);
        } catch (PluginException e) {
            String sha256 = wasmDigest(where, manifest, moduleCap, folder);
            Map<String, Number> figures = Map.of("loadMillis", millisSince(started), "sizeBytes", bytes);
            return locked(() -> failed(name, version, where, sha256, e, batch, figures));
        }
        long loadMillis = millisSince(started);
        return locked(() -> install(where, manifest, bytes, loaded, loadMillis, batch));
    }

    /** Under the lock: whether the files are a duplicate, serve already (perhaps moved), or are to be loaded. */
    private Decision decide(Path where, PluginManifest manifest, String digest, long bytes, EventBatch batch) {
        String name = manifest.name();
        VersionId version = new VersionId(manifest.version().toString(), digest);
        PluginSlot slot = slots.getOrCreate(name);
        Path owner = slot.source();
        if (servesFromElsewhere(slot, where)) {
            return new Decision(null, owner.toString());
        }
        if (slot.alreadyServes(digest, batch)) {
            if (!where.equals(owner)) {
                slot.moveSource(where);
                owners.remove(owner);
                batch.add(PluginEventType.DETECTED, name, version, "files moved from " + owner + " to " + where
                        + "; same digest, nothing to reload", Map.of("sizeBytes", bytes));
            }
            reassign(where, name, true, batch);
            return new Decision(slot.infos().get(0), null);
        }
        batch.add(PluginEventType.DETECTED, name, version, "new files at " + where, Map.of("sizeBytes", bytes));
        return Decision.LOAD;
    }

    /** Under the lock: puts a loaded version in its slot, unless another source took the name meanwhile or the registry closed. */
    private VersionInfo install(Path where, PluginManifest manifest, long bytes, PluginVersion loaded,
            long loadMillis, EventBatch batch) {
        String name = manifest.name();
        VersionId version = loaded.versionId();
        if (closed) {
            loaded.close();
            throw new CancellationException("the registry closed while " + where + " was loading");
        }
        PluginSlot slot = slots.getOrCreate(name);
        if (servesFromElsewhere(slot, where)) {
            loaded.close();
            return failed(name, version, where, loaded.sha256(), duplicate(where, name, slot.source().toString()),
                    batch, Map.of("loadMillis", loadMillis, "sizeBytes", bytes));
        }
        Optional<IncompatiblePluginException> incompatible = changedInterface(slot, loaded);
        if (incompatible.isPresent()) {
            loaded.close();
            engine.auditLog().record(AuditEntry.now(name, version.version(), ErrorCode.INCOMPATIBLE, where.toString(),
                    incompatible.get().getMessage(), AuditAction.REFUSED));
            return failed(name, version, where, loaded.sha256(), incompatible.get(), batch,
                    Map.of("loadMillis", loadMillis, "sizeBytes", bytes));
        }
        batch.add(PluginEventType.LOADED, name, version, "loaded, checked and instantiated (sha256 "
                + loaded.sha256().substring(0, 12) + ")", Map.of("loadMillis", loadMillis, "sizeBytes", bytes));
        RoutedVersion deployment = new RoutedVersion(loaded, HistoryLine.staged(loaded, where, batch.now()),
                loadMillis, policyFor(name));
        VersionInfo installed;
        try {
            installed = slot.install(deployment, batch);
        } catch (RuntimeException e) {
            deployment.retire();
            throw e;
        }
        reassign(where, name, true, batch);
        return installed;
    }

    /**
     * A new component version that names no world must keep the serving component's exports, each with an equal
     * type (it may add exports): callers bound to the serving interface would break otherwise. One that names a
     * world was checked against it at load; a core module has no typed interface to compare.
     */
    private static Optional<IncompatiblePluginException> changedInterface(PluginSlot slot, PluginVersion loaded) {
        RoutedVersion active = slot.routing().active();
        if (active == null || loaded.world().isPresent() || loaded.interfaceType().isEmpty()
                || active.plugin().interfaceType().isEmpty()) {
            return Optional.empty();
        }
        PluginVersion serving = active.plugin();
        return ContractCheck.againstServing(serving.interfaceType().get())
                .firstDifference(loaded.interfaceType().get())
                .map(d -> new IncompatiblePluginException("version " + loaded.versionId() + " of " + loaded.name()
                        + " changes the interface of the serving version " + serving.versionId()
                        + " (it names no world, so the serving version's exports are its contract): " + d));
    }

    /** Whether the plugin serves from another source that still exists: then {@code where} is a duplicate. */
    private static boolean servesFromElsewhere(PluginSlot slot, Path where) {
        Path owner = slot.source();
        return slot.serving() && owner != null && !owner.equals(where) && Files.exists(owner);
    }

    private static InvalidManifestException duplicate(Path where, String name, String owner) {
        return new InvalidManifestException(where.resolve("plugin.toml").toString(), "plugin.name",
                "duplicate plugin name \"" + name + "\": already loaded from " + owner);
    }

    /** Under the lock: records a version that could not be loaded. */
    private VersionInfo failed(String name, VersionId version, Path where, String sha256, PluginException e,
            EventBatch batch, Map<String, Number> figures) {
        HistoryLine entry = HistoryLine.failed(name, version.version(), sha256, version.digest(), where,
                batch.error(e.code(), e.getMessage()));
        PluginSlot slot = slots.getOrCreate(name);
        slot.failed(entry, where);
        batch.add(PluginEventType.FAILED, name, version, "[" + e.code() + "] " + e.getMessage()
                + (slot.serving() ? "; the serving version keeps serving" : ""), figures);
        reassign(where, name, false, batch);
        if (retries != null) {
            retries.failed(where, name, version, e, batch);
        }
        return entry.info();
    }

    /**
     * Notes that {@code where} now declares plugin {@code name}. If it declared another plugin
     * before, that plugin lost its files: it is dropped when it was not serving, and unloaded when
     * the new one serves instead.
     */
    private void reassign(Path where, String name, boolean nowServing, EventBatch batch) {
        String before = owners.put(where, name);
        if (before == null || before.equals(name)) {
            return;
        }
        PluginSlot old = slots.find(before).orElse(null);
        if (old == null || !where.equals(old.source())) {
            return;
        }
        if (!old.serving()) {
            slots.remove(old);
        } else if (nowServing) {
            slots.remove(old);
            old.unload("its files at " + where + " now declare plugin " + name, batch);
        } else {
            owners.put(where, before);
        }
    }

    private <T> T locked(Supplier<T> step) {
        lock.lock();
        try {
            return step.get();
        } finally {
            lock.unlock();
        }
    }

    /** Waits for a deployment; one cancelled because the registry closed is an {@link IllegalStateException}. */
    private static VersionInfo awaitOpen(Supplier<VersionInfo> wait) {
        try {
            return wait.get();
        } catch (CancellationException e) {
            throw new IllegalStateException("the registry is closed: " + e.getMessage(), e);
        } catch (java.util.concurrent.CompletionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof CancellationException cancelled) {
                throw new IllegalStateException("the registry is closed: " + cancelled.getMessage(), cancelled);
            }
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw e;
        }
    }

    /** Logs what a deployment nobody waits for (the watcher's) threw; the registry goes on. */
    private static CompletableFuture<VersionInfo> logged(Path where, CompletableFuture<VersionInfo> deployment) {
        deployment.whenComplete((info, failure) -> {
            if (failure instanceof CancellationException
                    || failure != null && failure.getCause() instanceof CancellationException) {
                LOG.debug("deployment of {} cancelled: {}", where, failure.getMessage());
            } else if (failure != null) {
                LOG.error("deployment of {} failed; going on", where, failure);
            }
        });
        return deployment;
    }

    private static Path normalized(Path source) {
        return source.toAbsolutePath().normalize();
    }

    private static long millisSince(long startedNanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedNanos);
    }

    private CanaryPolicy policyFor(String name) {
        return policies.getOrDefault(name, defaultPolicy);
    }

    /** The most bytes read of a module: the plugin's {@code max-module-size}, or the engine's when there is no manifest. */
    private SizeCap moduleCap(PluginManifest manifest) {
        long bytes = manifest == null ? engine.limits().module().maxModuleBytes()
                : engine.limitsFor(manifest).module().maxModuleBytes();
        return new SizeCap(bytes, Limit.MAX_MODULE_SIZE.key());
    }

    /** The SHA-256 of the module a failed version would have run, when it can be told; read outside the lock. */
    private static String wasmDigest(Path where, PluginManifest manifest, SizeCap cap, PluginFolder folder) {
        if (!Files.isDirectory(where)) {
            return FileSha256.of(where, cap, folder);
        }
        if (manifest != null) {
            return FileSha256.of(where.resolve(manifest.entrypoint()), cap, folder);
        }
        List<Path> wasm;
        try {
            wasm = PluginEngine.sourceFiles(where).stream()
                    .filter(f -> f.getFileName().toString().endsWith(".wasm")).toList();
        } catch (UncheckedIOException e) {
            return "";
        }
        return wasm.size() == 1 ? FileSha256.of(wasm.get(0), cap, folder) : "";
    }

    /** The source digest of files that failed before it was taken, so the failure names them; empty if unreadable. */
    private String digestOrEmpty(Path where) {
        try {
            return engine.sourceDigest(where);
        } catch (PluginException | UncheckedIOException e) {
            return "";
        }
    }
}
