package dev.plinth.host.internal.registry;

import dev.plinth.api.CallResult;
import dev.plinth.api.PluginError;
import dev.plinth.api.PluginLimits;
import dev.plinth.api.PluginStatus;
import dev.plinth.api.VersionId;
import dev.plinth.api.VersionInfo;
import dev.plinth.api.PluginVars;
import dev.plinth.api.error.ErrorCode;
import dev.plinth.api.error.HostHeapExhaustedException;
import dev.plinth.api.error.MemoryLimitException;
import dev.plinth.api.error.PayloadTooLargeException;
import dev.plinth.api.error.PluginException;
import dev.plinth.api.error.PluginFailureException;
import dev.plinth.api.error.PluginNotFoundException;
import dev.plinth.api.lifecycle.LifecycleExports;
import dev.plinth.api.lifecycle.PluginMetadata;
import dev.plinth.api.manifest.PluginManifest;
import dev.plinth.api.observe.CallEvent;
import dev.plinth.api.unit.DataSize;
import dev.plinth.host.CallStats;
import dev.plinth.host.PluginVersion;
import dev.plinth.host.internal.engine.CompiledModule;
import dev.plinth.host.internal.engine.Containment;
import dev.plinth.host.internal.engine.FailureTranslator;
import dev.plinth.host.internal.lifecycle.LifecycleJson;
import dev.plinth.host.internal.pool.CallDeadlines.Deadline;
import dev.plinth.host.internal.pool.CallDeadlines;
import dev.plinth.host.internal.pool.InstanceCreationException;
import dev.plinth.host.internal.pool.InstancePool;
import dev.plinth.host.internal.pool.PluginInstance;
import dev.plinth.security.audit.AuditLog;
import dev.plinth.security.policy.EffectiveGrants;
import dev.plinth.security.signature.SignatureCheck;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One loaded version of a plugin: its manifest, compiled module, limits and instance pool, and the
 * one place where a call is carried out (borrow, deadline, run, translate failures, audit refusals
 * and limit hits, give back, count it in the version's {@link CallStats}, tell the listeners), with
 * the call's plugin, version and function in the logging MDC ({@link CallMdc}) meanwhile.
 */
public final class PooledPluginVersion implements PluginVersion {
    /** How many times a failure is described before the error made in advance is thrown instead. */
    private static final int LATE_ATTEMPTS = 5;
    private static final Logger LOG = LoggerFactory.getLogger(PooledPluginVersion.class);

    private final PluginManifest manifest;
    private final Path source;
    private final String fileSha256;
    private final String digest;
    private final CompiledModule module;
    private final PluginLimits limits;
    private final EffectiveGrants grants;
    private final InstancePool pool;
    private final CallDeadlines deadlines;
    private final CallListeners listeners;
    private final Instant loadedAt;
    /** What callers may call: the module's callable exports less the lifecycle ones. */
    private final Set<String> callable;
    private final List<String> exports;
    private final Duration shutdownTimeout;
    private final AtomicBoolean closed = new AtomicBoolean();
    /** Run when the version closes, before its shutdown export (it takes no more events, say). */
    private final List<Runnable> onClose = new java.util.concurrent.CopyOnWriteArrayList<>();
    private volatile PluginMetadata metadata;
    private final AtomicReference<PluginError> lastError = new AtomicReference<>();
    private final AtomicLong peakMemory = new AtomicLong();
    private final AtomicLong peakHostMemory = new AtomicLong();
    /** Calls in which a memory.grow was refused at a limit: counted, and logged once, never audited per call. */
    private final LongAdder refusedGrowthCalls = new LongAdder();
    private final AtomicBoolean refusedGrowthLogged = new AtomicBoolean();
    private final CallStats stats = new CallStats();
    private final SignatureCheck signature;
    private final CallAudit audit;
    private final Duration instantiationTimeout;
    private final PluginVars vars;
    /** {@code 0.1.0@1a2b3c4d}, for the MDC of each call. */
    private final String versionId;
    /**
     * Thrown when even describing a failure finds no heap: made in advance, shared by the calls that
     * need it (its stack trace is the version's construction, its message says so).
     */
    private final HostHeapExhaustedException heapExhausted;

    PooledPluginVersion(PluginManifest manifest, Path source, String fileSha256, String digest, CompiledModule module,
            PluginLimits limits, EffectiveGrants grants, InstancePool pool, CallDeadlines deadlines, CallListeners listeners,
            SignatureCheck signature, AuditLog audit, Duration instantiationTimeout, PluginVars vars,
            Duration shutdownTimeout) {
        this.instantiationTimeout = instantiationTimeout;
        this.vars = vars;
        this.heapExhausted = new HostHeapExhaustedException("plugin " + manifest.name() + " " + manifest.version()
                + " was stopped: the host ran out of Java heap while working for it, too short even to describe the"
                + " failure (this error was made in advance)", null);
        this.manifest = manifest;
        this.source = source;
        this.fileSha256 = fileSha256;
        this.digest = digest;
        this.versionId = new VersionId(manifest.version().toString(), digest).toString();
        this.module = module;
        this.limits = limits;
        this.grants = grants;
        this.pool = pool;
        this.deadlines = deadlines;
        this.listeners = listeners;
        this.loadedAt = Instant.now();
        this.callable = new HashSet<>(module.callable());
        this.callable.removeAll(LifecycleExports.ALL);
        this.exports = module.callable().stream().filter(export -> !LifecycleExports.isLifecycle(export)).toList();
        this.shutdownTimeout = shutdownTimeout;
        this.signature = signature;
        this.audit = new CallAudit(audit, manifest.name(), manifest.version().toString(), limits);
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
        CallMdc mdc = CallMdc.enter(name(), versionId, function);
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
            observe(function, input.length, result, error, System.nanoTime() - started);
            mdc.close();
        }
    }

    /**
     * Counts the call in the statistics, then tells the listeners with the same measurement, so
     * that meters fed by the listeners agree with the statistics.
     */
    private void observe(String function, int inputBytes, CallResult result, ErrorCode error, long nanos) {
        try {
            Optional<ErrorCode> outcome = Optional.ofNullable(error);
            stats.record(function, outcome, nanos);
            if (!listeners.isEmpty()) {
                listeners.notify(new CallEvent(name(), version(), digest, function, outcome, Duration.ofNanos(nanos),
                        inputBytes, result == null ? 0 : result.output().length,
                        result == null ? OptionalLong.empty() : result.fuel()));
            }
        } catch (OutOfMemoryError e) {
            // no heap to count the call or tell the listeners; the call's own outcome (or error) stands
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
                        limits.callTimeout(), false);
                audit.stopped(failure, function);
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
        if (input.length > limits.maxInputBytes()) {
            PluginException refused = new PayloadTooLargeException("input of " + input.length + " bytes for "
                    + name() + "." + function + " is larger than the limit of " + limits.maxInputBytes() + " bytes");
            audit.refused(refused, function + " (input limit " + limits.maxInputBytes() + " bytes)");
            throw remember(refused);
        }
        return execute(function, input, started, limits.acquireTimeout(), limits.callTimeout());
    }

    /**
     * Runs {@code function} on an instance borrowed within {@code wait}, under a deadline of
     * {@code timeout}: the part of a call that the lifecycle exports share.
     */
    private CallResult execute(String function, byte[] input, long started, Duration wait, Duration timeout) {
        PluginInstance instance = borrow(wait);
        boolean healthy = false;
        try (Deadline deadline = deadlines.arm(timeout, instance::stop)) {
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
            // read first: the peak rarely moves, and a write on every call would be shared by all callers
            long host = instance.hostBytes();
            long memory = instance.memoryBytes() + host;
            if (memory > peakMemory.get()) {
                peakMemory.accumulateAndGet(memory, Math::max);
            }
            if (host > peakHostMemory.get()) {
                peakHostMemory.accumulateAndGet(host, Math::max);
            }
            if (instance.refusedGrowthBytes() >= 0) {
                refusedGrowth(instance, function);
            }
            // an instance whose guest exited, or that ran a command's _start, is not lent again
            pool.giveBack(instance, healthy && !instance.spent());
        }
    }

    /**
     * An instance from the pool; one made for this call is initialized under the call timeout. A
     * failed instantiation is audited like a failed call, under the phase that failed.
     */
    private PluginInstance borrow(Duration wait) {
        try {
            return pool.borrow(wait, limits.callTimeout());
        } catch (InstanceCreationException e) {
            audit.stopped(e.failure(), e.phase());
            throw remember(e.failure());
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
                limits.callTimeout(), deadlineFired);
        failure = outOfMemory(failure, instance, function);
        audit.stopped(failure, function);
        return failure;
    }

    /**
     * A call whose guest had a {@code memory.grow} refused at a limit. A guest may do that on every
     * call and go on (an allocator in a pooled instance, at its limit), so it is counted
     * ({@link #refusedGrowthCalls()}) and logged once per version, not audited or logged per call;
     * a trap that follows it is reported as {@code memory-limit} and audited as such.
     */
    private void refusedGrowth(PluginInstance instance, String function) {
        refusedGrowthCalls.increment();
        if (!refusedGrowthLogged.get() && refusedGrowthLogged.compareAndSet(false, true)) {
            LOG.warn("plugin {} {}: {} had memory.grow refused: it asked for {} of memory, more than its limit of {}"
                    + " (logged once for this version; refusedGrowthCalls() counts the calls)", name(), version(),
                    function, DataSize.ofBytes(instance.refusedGrowthBytes()),
                    DataSize.ofBytes(instance.refusedGrowthLimitBytes()));
        }
    }

    /** A trap right after a refused memory.grow is the guest giving up for lack of memory. */
    private PluginException outOfMemory(PluginException failure, PluginInstance instance, String function) {
        long wanted = instance.refusedGrowthBytes();
        if (failure.code() != ErrorCode.TRAP || wanted < 0) {
            return failure;
        }
        return new MemoryLimitException(name() + "." + function + " needed " + DataSize.ofBytes(wanted)
                + " of memory, more than its limit of " + DataSize.ofBytes(instance.refusedGrowthLimitBytes())
                + ", and stopped: " + failure.getMessage(), failure);
    }

    /**
     * Keeps {@code e} as the last error, its message cut to the error size plus the host's words, as
     * far as the heap allows: a failure that is already described and audited must not fail again
     * here (and be audited twice).
     */
    private PluginException remember(PluginException e) {
        try {
            lastError.set(PluginError.of(e, limits.logs().maxErrorBytes() + 1024));
        } catch (OutOfMemoryError ignored) {
            // the previous last error stays; the caller still gets e
        }
        return e;
    }

    @Override
    public String name() {
        return manifest.name();
    }

    @Override
    public String version() {
        return manifest.version().toString();
    }

    @Override
    public PluginManifest manifest() {
        return manifest;
    }

    public CompiledModule module() {
        return module;
    }

    @Override
    public PluginLimits limits() {
        return limits;
    }

    @Override
    public EffectiveGrants grants() {
        return grants;
    }

    @Override
    public Path source() {
        return source;
    }

    @Override
    public String sha256() {
        return fileSha256;
    }

    @Override
    public String digest() {
        return digest;
    }

    @Override
    public Instant loadedAt() {
        return loadedAt;
    }

    @Override
    public List<String> exports() {
        return exports;
    }

    @Override
    public List<String> lifecycleExports() {
        return module.callable().stream().filter(LifecycleExports::isLifecycle).toList();
    }

    @Override
    public Optional<PluginMetadata> metadata() {
        return Optional.ofNullable(metadata);
    }

    /**
     * Calls {@code plinth_metadata}, if the module exports it, and keeps what it returned, checked
     * against the manifest ({@link LifecycleJson#metadata}); done once, at load.
     *
     * @throws PluginException when the call fails, or the metadata is refused
     */
    void readMetadata(String label) {
        if (module.callable().contains(LifecycleExports.METADATA)) {
            byte[] output = lifecycle(LifecycleExports.METADATA, limits.callTimeout());
            metadata = LifecycleJson.metadata(output, manifest, label);
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
        return Optional.of(LifecycleJson.status(lifecycle(LifecycleExports.STATUS, limits.callTimeout()),
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
    public OptionalLong fuelPerCall() {
        return pool.fuelPerCall();
    }

    @Override
    public Optional<String> interpreter() {
        return module.interpreted();
    }

    @Override
    public String signatureState() {
        return signature.state().code();
    }

    /** The signature check this version loaded with. */
    public SignatureCheck signature() {
        return signature;
    }

    @Override
    public Optional<PluginError> lastError() {
        return Optional.ofNullable(lastError.get());
    }

    @Override
    public PluginVars vars() {
        return vars;
    }

    @Override
    public CallStats callStats() {
        return stats;
    }

    @Override
    public int liveInstances() {
        return pool.liveInstances();
    }

    @Override
    public int prewarm(int instances) {
        try {
            return pool.prewarm(instances, instantiationTimeout);
        } catch (InstanceCreationException e) {
            audit.stopped(e.failure(), e.phase());
            throw remember(e.failure());
        }
    }

    @Override
    public long peakMemoryBytes() {
        return peakMemory.get();
    }

    @Override
    public long peakHostMemoryBytes() {
        return peakHostMemory.get();
    }

    @Override
    public long refusedGrowthCalls() {
        return refusedGrowthCalls.sum();
    }

    @Override
    public int busyInstances() {
        return pool.busyInstances();
    }

    /**
     * As the registry lists it. A version that serves (or is to) but has no instance and cannot
     * make one is listed {@link PluginStatus#FAILED}, with the creation failure as its error, until
     * an instance is made again.
     */
    @Override
    public VersionInfo info(PluginStatus status) {
        Optional<PluginError> broken = brokenInstantiation();
        if (broken.isPresent() && (status == PluginStatus.ACTIVE || status == PluginStatus.CANARY
                || status == PluginStatus.STAGED)) {
            return new VersionInfo(name(), version(), PluginStatus.FAILED, fileSha256, digest, signatureState(),
                    exports, source, loadedAt, 0, broken);
        }
        int weight = status == PluginStatus.ACTIVE || status == PluginStatus.CANARY ? 100 : 0;
        return new VersionInfo(name(), version(), status, fileSha256, digest, signatureState(), exports, source,
                loadedAt, weight, Optional.ofNullable(lastError.get()));
    }

    /** Why the version cannot serve now, if no instance is alive and new ones are being refused. */
    private Optional<PluginError> brokenInstantiation() {
        return pool.creationFailure().filter(failure -> pool.liveInstances() == 0);
    }

    /**
     * Calls {@code plinth_shutdown} once, if the module exports it, within the shutdown timeout
     * (borrowing its instance included); a failure or a hang stopped at that deadline is logged
     * (and audited as a call stopped would be) and the close goes on. Then stops lending instances.
     */
    /** Runs {@code hook} when this version closes. */
    void onClose(Runnable hook) {
        onClose.add(hook);
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        onClose.forEach(Runnable::run);
        try {
            if (module.callable().contains(LifecycleExports.SHUTDOWN)) {
                lifecycle(LifecycleExports.SHUTDOWN, shutdownTimeout);
            }
        } catch (PluginException e) {
            LOG.warn("plugin {} {}: {} failed ({}), the version is unloaded anyway: {}", name(), version(),
                    LifecycleExports.SHUTDOWN, e.code(), e.getMessage());
        } finally {
            pool.close();
        }
    }
}
