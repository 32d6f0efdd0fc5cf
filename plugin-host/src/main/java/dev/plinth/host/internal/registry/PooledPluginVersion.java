package dev.plinth.host.internal.registry;

import dev.plinth.api.CallResult;
import dev.plinth.api.PluginLimits;
import dev.plinth.api.PluginVars;
import dev.plinth.api.error.ErrorCode;
import dev.plinth.api.error.HostHeapExhaustedException;
import dev.plinth.api.error.PluginException;
import dev.plinth.api.error.PluginFailureException;
import dev.plinth.api.error.PluginNotFoundException;
import dev.plinth.api.lifecycle.LifecycleExports;
import dev.plinth.api.manifest.PluginManifest;
import dev.plinth.host.CallStats;
import dev.plinth.host.internal.engine.CompiledModule;
import dev.plinth.host.internal.engine.Containment;
import dev.plinth.host.internal.engine.FailureTranslator;
import dev.plinth.host.internal.lifecycle.LifecycleJson;
import dev.plinth.host.internal.pool.CallDeadlines.Deadline;
import dev.plinth.host.internal.pool.CallDeadlines;
import dev.plinth.host.internal.pool.InstancePool;
import dev.plinth.host.internal.pool.PluginInstance;
import dev.plinth.security.audit.AuditLog;
import dev.plinth.security.policy.EffectiveGrants;
import dev.plinth.security.signature.SignatureCheck;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * One loaded version of a plugin that is a core module (the Extism ABI): its compiled module and the
 * one place where its calls are carried out (borrow, deadline, run, translate failures, audit refusals
 * and limit hits, give back, count it in the version's {@link CallStats}, tell the listeners), with
 * the call's plugin, version and function in the logging MDC ({@link CallMdc}) meanwhile; what every
 * pooled version is, {@link PoolBackedVersion} holds.
 */
public final class PooledPluginVersion extends PoolBackedVersion<PluginInstance> {
    /** How many times a failure is described before the error made in advance is thrown instead. */
    private static final int LATE_ATTEMPTS = 5;

    private final CompiledModule module;
    /** What callers may call: the module's callable exports less the lifecycle ones. */
    private final Set<String> callable;
    private final List<String> exports;
    private final PluginVars vars;
    /**
     * Thrown when even describing a failure finds no heap: made in advance, shared by the calls that
     * need it (its stack trace is the version's construction, its message says so).
     */
    private final HostHeapExhaustedException heapExhausted;

    PooledPluginVersion(PluginManifest manifest, Path source, String fileSha256, String digest, CompiledModule module,
            PluginLimits limits, EffectiveGrants grants, InstancePool<PluginInstance> pool, CallDeadlines deadlines,
            CallListeners listeners, SignatureCheck signature, AuditLog audit, Duration instantiationTimeout,
            PluginVars vars, Duration shutdownTimeout) {
        super(manifest, source, fileSha256, digest, limits, grants, pool, deadlines, listeners, signature, audit,
                instantiationTimeout, shutdownTimeout);
        this.vars = vars;
        this.heapExhausted = new HostHeapExhaustedException("plugin " + manifest.name() + " " + manifest.version()
                + " was stopped: the host ran out of Java heap while working for it, too short even to describe the"
                + " failure (this error was made in advance)", null);
        this.module = module;
        this.callable = new HashSet<>(module.callable());
        this.callable.removeAll(LifecycleExports.ALL);
        this.exports = module.callable().stream().filter(export -> !LifecycleExports.isLifecycle(export)).toList();
    }

    /**
     * Runs one call. Whatever escapes the call's own handling (most often the host's heap running
     * out again while a failure is being described, or in the pool or the deadline around it) is
     * still made a typed error here; see {@link #containedLate}.
     */
    @Override
    public CallResult call(String function, byte[] input) {
        long started = System.nanoTime();
        CallResult result = null;
        // what the call counts as until it ends otherwise: an Error let through is a trap
        ErrorCode error = ErrorCode.TRAP;
        CallMdc mdc = CallMdc.enter(name(), mdcVersion(), function);
        try {
            result = run(function, input, started);
            error = null;
            return result;
        } catch (PluginException e) {
            error = e.code();
            throw e;
        } catch (RuntimeException | Error e) {
            Containment.rethrowIfNotContained(e);
            PluginException contained = containedLate(e, function);
            error = contained.code();
            throw contained;
        } finally {
            observe(function, input.length, result == null ? 0 : result.output().length,
                    result == null ? OptionalLong.empty() : result.fuel(), Optional.ofNullable(error),
                    System.nanoTime() - started);
            mdc.close();
        }
    }

    /**
     * The typed, audited error for {@code thrown}, tried a few times a little later each if the
     * heap is still full (other threads are then still filling it, and give it back when they fail
     * in turn); if it never frees up, the error made in advance for this version.
     */
    private PluginException containedLate(Throwable thrown, String function) {
        for (int attempt = 1; attempt <= LATE_ATTEMPTS; attempt++) {
            try {
                PluginException failure = FailureTranslator.translate(thrown, name(), function, module,
                        limits().callTimeout(), false);
                audit().stopped(failure, function);
                return remember(failure);
            } catch (OutOfMemoryError again) {
                if (!pause(attempt)) {
                    break;
                }
            }
        }
        return heapExhausted;
    }

    private static boolean pause(int attempt) {
        try {
            Thread.sleep(20L * attempt);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private CallResult run(String function, byte[] input, long started) {
        if (!callable.contains(function)) {
            List<String> exports = exports();
            throw new PluginNotFoundException("plugin " + name() + " has no export \"" + function + "\"; it exports: "
                    + (exports.isEmpty() ? "nothing callable" : String.join(", ", exports))
                    + (LifecycleExports.isLifecycle(function) ? " (" + function + " is a lifecycle export, which only"
                            + " the host calls)" : ""));
        }
        checkInputSize(function, input.length);
        return execute(function, input, started, limits().acquireTimeout(), limits().callTimeout());
    }

    /**
     * Runs {@code function} on an instance borrowed within {@code wait}, under a deadline of
     * {@code timeout}: the part of a call that the lifecycle exports share.
     */
    private CallResult execute(String function, byte[] input, long started, Duration wait, Duration timeout) {
        PluginInstance instance = borrow(wait);
        boolean healthy = false;
        try (Deadline deadline = deadlines().arm(timeout, instance::stop)) {
            try {
                byte[] output = instance.call(function, input, deadline::fired);
                healthy = true;
                long fuel = instance.lastFuel();
                return new CallResult(output, version(), Duration.ofNanos(System.nanoTime() - started),
                        fuel < 0 ? OptionalLong.empty() : OptionalLong.of(fuel));
            } catch (PluginFailureException e) {
                healthy = true;
                throw remember(e);
            } catch (RuntimeException | Error e) {
                Containment.rethrowIfNotContained(e);
                throw remember(stopped(e, instance, function, deadline.fired()));
            }
        } finally {
            // an instance whose guest exited, or that ran a command's _start, is not lent again (reusable())
            giveBack(instance, healthy, function);
        }
    }

    /**
     * The typed error of a call that threw, audited. The host's heap may be short right now (the
     * failure may be an {@link OutOfMemoryError}): if describing or auditing it runs out too, that
     * {@link OutOfMemoryError} goes on to {@link #call}, which tries again once the instance is
     * discarded.
     */
    private PluginException stopped(Throwable thrown, PluginInstance instance, String function,
            boolean deadlineFired) {
        PluginException failure = FailureTranslator.translate(thrown, name(), function, module,
                limits().callTimeout(), deadlineFired);
        failure = outOfMemory(failure, instance, function);
        audit().stopped(failure, function);
        return failure;
    }

    public CompiledModule module() {
        return module;
    }

    @Override
    public List<String> exports() {
        return exports;
    }

    @Override
    public List<String> lifecycleExports() {
        return module.callable().stream().filter(LifecycleExports::isLifecycle).toList();
    }

    /**
     * Calls {@code plinth_metadata}, if the module exports it, and keeps what it returned, checked
     * against the manifest ({@link LifecycleJson#metadata}); done once, at load.
     *
     * @throws PluginException when the call fails, or the metadata is refused
     */
    void readMetadata(String label) {
        if (module.callable().contains(LifecycleExports.METADATA)) {
            byte[] output = lifecycle(LifecycleExports.METADATA, limits().callTimeout());
            metadata(LifecycleJson.metadata(output, manifest(), label));
        }
    }

    /**
     * What {@code plinth_status} returns now, as compact JSON; empty when the module exports none.
     *
     * @throws PluginException when the call fails or returns something that is not JSON
     */
    @Override
    public Optional<String> status() {
        if (!module.callable().contains(LifecycleExports.STATUS)) {
            return Optional.empty();
        }
        return Optional.of(LifecycleJson.status(lifecycle(LifecycleExports.STATUS, limits().callTimeout()),
                name() + " " + version()));
    }

    /**
     * Runs a lifecycle export with no input under {@code timeout}, on an instance of the pool, as a
     * call is run (deadline, containment, audit) but not counted among the callers' calls.
     */
    private byte[] lifecycle(String export, Duration timeout) {
        try {
            return execute(export, new byte[0], System.nanoTime(), timeout, timeout).output();
        } catch (PluginException e) {
            throw e;
        } catch (RuntimeException | Error e) {
            Containment.rethrowIfNotContained(e);
            throw containedLate(e, export);
        }
    }

    @Override
    public Optional<String> interpreter() {
        return module.interpreted();
    }

    @Override
    public PluginVars vars() {
        return vars;
    }

    @Override
    Optional<String> shutdownFunction() {
        return module.callable().contains(LifecycleExports.SHUTDOWN) ? Optional.of(LifecycleExports.SHUTDOWN)
                : Optional.empty();
    }

    @Override
    void runLifecycle(String function, Duration timeout) {
        lifecycle(function, timeout);
    }
}
