package dev.plinth.host.internal.registry;

import dev.plinth.api.CallResult;
import dev.plinth.api.PluginError;
import dev.plinth.api.PluginInfo;
import dev.plinth.api.PluginLimits;
import dev.plinth.api.PluginStatus;
import dev.plinth.api.error.PayloadTooLargeException;
import dev.plinth.api.error.PluginException;
import dev.plinth.api.error.PluginFailureException;
import dev.plinth.api.error.PluginNotFoundException;
import dev.plinth.api.manifest.PluginManifest;
import dev.plinth.host.internal.engine.CompiledModule;
import dev.plinth.host.internal.engine.FailureTranslator;
import dev.plinth.host.internal.pool.CallDeadlines;
import dev.plinth.host.internal.pool.CallDeadlines.Deadline;
import dev.plinth.host.internal.pool.InstancePool;
import dev.plinth.host.internal.pool.PluginInstance;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One loaded version of a plugin: its manifest, compiled module, limits and instance pool, and the
 * one place where a call is carried out (borrow, deadline, run, translate failures, give back).
 */
public final class PluginVersion implements AutoCloseable {
    private final PluginManifest manifest;
    private final Path source;
    private final CompiledModule module;
    private final PluginLimits limits;
    private final InstancePool pool;
    private final CallDeadlines deadlines;
    private final Instant loadedAt;
    private final Set<String> callable;
    private final AtomicReference<PluginError> lastError = new AtomicReference<>();

    PluginVersion(PluginManifest manifest, Path source, CompiledModule module, PluginLimits limits, InstancePool pool,
            CallDeadlines deadlines) {
        this.manifest = manifest;
        this.source = source;
        this.module = module;
        this.limits = limits;
        this.pool = pool;
        this.deadlines = deadlines;
        this.loadedAt = Instant.now();
        this.callable = new HashSet<>(module.callable());
    }

    /** Runs one call of an export on an instance from the pool. Thread-safe. */
    public CallResult call(String function, byte[] input) {
        long started = System.nanoTime();
        if (!callable.contains(function)) {
            throw new PluginNotFoundException("plugin " + name() + " has no export \"" + function + "\"; it exports: "
                    + String.join(", ", module.callable()));
        }
        if (input.length > limits.maxInputBytes()) {
            throw remember(new PayloadTooLargeException("input of " + input.length + " bytes for " + name() + "."
                    + function + " is larger than the limit of " + limits.maxInputBytes() + " bytes"));
        }
        PluginInstance instance = pool.borrow(limits.acquireTimeout());
        boolean healthy = false;
        try (Deadline deadline = deadlines.arm(limits.callTimeout())) {
            try {
                byte[] output = instance.call(function, input);
                healthy = true;
                return new CallResult(output, version(), Duration.ofNanos(System.nanoTime() - started));
            } catch (PluginFailureException e) {
                healthy = true;
                throw remember(e);
            } catch (RuntimeException | StackOverflowError e) {
                throw remember(FailureTranslator.translate(e, name(), function, module, limits.callTimeout(),
                        deadline.fired()));
            }
        } finally {
            pool.giveBack(instance, healthy);
        }
    }

    private PluginException remember(PluginException e) {
        lastError.set(PluginError.of(e));
        return e;
    }

    public String name() {
        return manifest.name();
    }

    public String version() {
        return manifest.version().toString();
    }

    public PluginManifest manifest() {
        return manifest;
    }

    public CompiledModule module() {
        return module;
    }

    public PluginLimits limits() {
        return limits;
    }

    public InstancePool pool() {
        return pool;
    }

    public Path source() {
        return source;
    }

    /** This version as the registry lists it. */
    public PluginInfo info(PluginStatus status) {
        return new PluginInfo(name(), version(), status, module.sha256(), module.callable(), source, loadedAt,
                Optional.ofNullable(lastError.get()));
    }

    /** Stops lending instances; calls in flight finish on theirs. */
    @Override
    public void close() {
        pool.close();
    }
}
