package dev.plinth.reload;

import dev.plinth.api.PluginInfo;
import dev.plinth.api.deploy.PluginEventType;
import dev.plinth.api.error.InvalidManifestException;
import dev.plinth.api.error.InvalidModuleException;
import dev.plinth.api.error.PluginException;
import dev.plinth.api.manifest.PluginManifest;
import dev.plinth.host.LoadedPlugin;
import dev.plinth.host.PluginEngine;
import dev.plinth.reload.internal.SourceDigest;
import dev.plinth.reload.internal.SourceFiles;
import dev.plinth.reload.internal.SourceFingerprint;
import dev.plinth.reload.internal.StabilityTracker;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Turns plugin files into versions: checksum, manifest, duplicate check, load (validate, compile,
 * instantiate once), then install in the plugin's slot as its policy says. Any failure records a
 * failed version and leaves the serving one alone. Also unloads a plugin whose files went away.
 *
 * <p>Deployments run one at a time (one lock), so two changes to the same files never race; calls
 * are never blocked by it. Events are published after the lock is released.
 */
final class Deployer {
    private final PluginEngine engine;
    private final SlotTable slots;
    private final EventHub events;
    private final CanaryPolicy defaultPolicy;
    private final Map<String, CanaryPolicy> policies;
    private final ReentrantLock lock = new ReentrantLock();
    /** The plugin each source last declared; guarded by {@link #lock}. */
    private final Map<Path, String> owners = new HashMap<>();

    Deployer(PluginEngine engine, SlotTable slots, EventHub events, CanaryPolicy defaultPolicy,
            Map<String, CanaryPolicy> policies) {
        this.engine = engine;
        this.slots = slots;
        this.events = events;
        this.defaultPolicy = defaultPolicy;
        this.policies = Map.copyOf(policies);
    }

    /** Acts on what the watcher found settled: changed sources first, so that a rename is a move, then removed ones. */
    void settled(StabilityTracker.Settled settled) {
        for (Path source : settled.changed()) {
            deploy(source);
        }
        for (Path source : settled.removed()) {
            removed(source);
        }
    }

    /** Loads the files at {@code source} as a new version of the plugin they declare, unless they serve already. */
    PluginInfo deploy(Path source) {
        Path where = source.toAbsolutePath().normalize();
        EventBatch batch = events.batch();
        lock.lock();
        try {
            return deployLocked(where, batch);
        } finally {
            lock.unlock();
            events.publish(batch);
        }
    }

    /** The files at {@code source} are gone: the plugin they held stops serving once its calls finish. */
    void removed(Path source) {
        Path where = source.toAbsolutePath().normalize();
        EventBatch batch = events.batch();
        lock.lock();
        try {
            String name = owners.remove(where);
            PluginSlot slot = name == null ? null : slots.find(name).orElse(null);
            if (slot != null && where.equals(slot.source())) {
                slots.remove(slot);
                slot.unload("its files were removed from " + where + "; unloaded after its calls in flight", batch);
                retryRefusedDuplicates(name, batch);
            }
        } finally {
            lock.unlock();
            events.publish(batch);
        }
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

    /** Another folder that was refused as a duplicate of {@code name} may serve it now that the original is gone. */
    private void retryRefusedDuplicates(String name, EventBatch batch) {
        List<Path> others = owners.entrySet().stream().filter(e -> e.getValue().equals(name)).map(Map.Entry::getKey)
                .filter(Files::exists).sorted().toList();
        for (Path other : others) {
            deployLocked(other, batch);
            if (slots.find(name).map(PluginSlot::serving).orElse(false)) {
                return;
            }
        }
    }

    private PluginInfo deployLocked(Path where, EventBatch batch) {
        String digest;
        long bytes;
        try {
            digest = SourceDigest.of(where);
            bytes = SourceFingerprint.of(where).totalBytes();
        } catch (IOException | UncheckedIOException e) {
            return failed(owners.getOrDefault(where, PluginEngine.fallbackName(where)), "unknown", where, "",
                    new InvalidModuleException("cannot read " + where + ": " + e.getMessage(), e), batch);
        }
        PluginManifest manifest;
        try {
            manifest = engine.readManifest(where);
        } catch (PluginException e) {
            String name = owners.getOrDefault(where, PluginEngine.fallbackName(where));
            return failed(name, "unknown", where, wasmDigest(where, null), e, batch);
        }
        String name = manifest.name();
        String version = manifest.version().toString();
        PluginSlot slot = slots.getOrCreate(name);
        Path owner = slot.source();
        if (slot.serving() && owner != null && !owner.equals(where) && Files.exists(owner)) {
            return failed(name, version, where, wasmDigest(where, manifest), new InvalidManifestException(
                    where.resolve("plugin.toml").toString(), "plugin.name", "duplicate plugin name \"" + name
                    + "\": already loaded from " + owner), batch);
        }
        if (slot.alreadyServes(digest, batch)) {
            if (!where.equals(owner)) {
                slot.moveSource(where);
                owners.remove(owner);
                batch.add(PluginEventType.DETECTED, name, version, "files moved from " + owner + " to " + where
                        + "; same checksum, nothing to reload", Map.of("sizeBytes", bytes));
            }
            reassign(where, name, true, batch);
            return slot.infos().get(0);
        }
        batch.add(PluginEventType.DETECTED, name, version, "new files at " + where, Map.of("sizeBytes", bytes));
        long started = System.nanoTime();
        LoadedPlugin loaded;
        try {
            loaded = engine.load(where, manifest);
        } catch (PluginException e) {
            return failed(name, version, where, wasmDigest(where, manifest), e, batch,
                    Map.of("loadMillis", millisSince(started), "sizeBytes", bytes));
        }
        long loadMillis = millisSince(started);
        batch.add(PluginEventType.LOADED, name, version, "loaded, checked and instantiated (sha256 "
                + loaded.sha256().substring(0, 12) + ")", Map.of("loadMillis", loadMillis, "sizeBytes", bytes));
        Deployment deployment = new Deployment(loaded,
                VersionEntry.staged(version, loaded.sha256(), where, batch.now(), loaded.signatureState()), digest, loadMillis, policyFor(name));
        PluginInfo installed;
        try {
            installed = slot.install(deployment, batch);
        } catch (RuntimeException e) {
            deployment.retire();
            throw e;
        }
        reassign(where, name, true, batch);
        return installed;
    }

    private PluginInfo failed(String name, String version, Path where, String sha256, PluginException e,
            EventBatch batch) {
        return failed(name, version, where, sha256, e, batch, Map.of());
    }

    private PluginInfo failed(String name, String version, Path where, String sha256, PluginException e,
            EventBatch batch, Map<String, Number> figures) {
        VersionEntry entry = VersionEntry.failed(version, sha256, where, batch.error(e.code(), e.getMessage()));
        PluginSlot slot = slots.getOrCreate(name);
        slot.failed(entry, where);
        batch.add(PluginEventType.FAILED, name, version, "[" + e.code() + "] " + e.getMessage()
                + (slot.serving() ? "; the serving version keeps serving" : ""), figures);
        reassign(where, name, false, batch);
        return entry.failedInfo(name);
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

    private static long millisSince(long startedNanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedNanos);
    }

    private CanaryPolicy policyFor(String name) {
        return policies.getOrDefault(name, defaultPolicy);
    }

    /** The SHA-256 of the module a failed version would have run, when it can be told. */
    private static String wasmDigest(Path where, PluginManifest manifest) {
        if (!Files.isDirectory(where)) {
            return SourceDigest.ofFile(where);
        }
        if (manifest != null) {
            return SourceDigest.ofFile(where.resolve(manifest.entrypoint()));
        }
        List<Path> wasm = SourceFiles.of(where).stream()
                .filter(f -> f.getFileName().toString().endsWith(".wasm")).toList();
        return wasm.size() == 1 ? SourceDigest.ofFile(wasm.get(0)) : "";
    }
}
