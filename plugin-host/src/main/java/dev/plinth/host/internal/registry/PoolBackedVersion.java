package dev.plinth.host.internal.registry;

import dev.plinth.api.PluginError;
import dev.plinth.api.PluginLimits;
import dev.plinth.api.PluginStatus;
import dev.plinth.api.VersionId;
import dev.plinth.api.VersionInfo;
import dev.plinth.api.error.ErrorCode;
import dev.plinth.api.error.MemoryLimitException;
import dev.plinth.api.error.PayloadTooLargeException;
import dev.plinth.api.error.PluginException;
import dev.plinth.api.lifecycle.PluginMetadata;
import dev.plinth.api.manifest.PluginManifest;
import dev.plinth.api.observe.CallEvent;
import dev.plinth.api.unit.DataSize;
import dev.plinth.host.CallStats;
import dev.plinth.host.PluginVersion;
import dev.plinth.host.internal.pool.CallDeadlines;
import dev.plinth.host.internal.pool.InstanceCreationException;
import dev.plinth.host.internal.pool.InstancePool;
import dev.plinth.host.internal.pool.PooledInstance;
import dev.plinth.security.audit.AuditLog;
import dev.plinth.security.policy.EffectiveGrants;
import dev.plinth.security.signature.SignatureCheck;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A loaded version served from an {@link InstancePool}, whichever kind of plugin it runs: what it is (manifest,
 * files, digest, signature, limits, grants), its pool, and the accounting of its calls (statistics, listeners,
 * last error, peak memory, refused growth) and of its close. How a call runs is the subclass's:
 * {@link PooledPluginVersion} runs a core module's exports, {@link ComponentPluginVersion} a component's.
 *
 * @param <I> the instances its pool lends
 */
abstract sealed class PoolBackedVersion<I extends PooledInstance> implements PluginVersion
        permits PooledPluginVersion, ComponentPluginVersion {
    /** Logged under the subclass's name, as before the two shared this class. */
    private final Logger log = LoggerFactory.getLogger(getClass());

    private final PluginManifest manifest;
    private final Path source;
    private final String fileSha256;
    private final String digest;
    /** {@link #versionId()} as text, {@code 0.1.0@1a2b3c4d}, made once for the MDC of each call. */
    private final String mdcVersion;
    private final PluginLimits limits;
    private final EffectiveGrants grants;
    private final InstancePool<I> pool;
    private final CallDeadlines deadlines;
    private final CallListeners listeners;
    private final SignatureCheck signature;
    private final CallAudit audit;
    private final Duration instantiationTimeout;
    private final Duration shutdownTimeout;
    private final Instant loadedAt = Instant.now();
    private final CallStats stats = new CallStats();
    private final AtomicReference<PluginError> lastError = new AtomicReference<>();
    private final AtomicLong peakMemory = new AtomicLong();
    private final AtomicLong peakHostMemory = new AtomicLong();
    /** Calls in which a memory.grow was refused at a limit: counted, and logged once, never audited per call. */
    private final LongAdder refusedGrowthCalls = new LongAdder();
    private final AtomicBoolean refusedGrowthLogged = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    /** Run when the version closes, before its shutdown (it takes no more events, say). */
    private final List<Runnable> onClose = new CopyOnWriteArrayList<>();
    private volatile PluginMetadata metadata;

    PoolBackedVersion(PluginManifest manifest, Path source, String fileSha256, String digest, PluginLimits limits,
            EffectiveGrants grants, InstancePool<I> pool, CallDeadlines deadlines, CallListeners listeners,
            SignatureCheck signature, AuditLog audit, Duration instantiationTimeout, Duration shutdownTimeout) {
        this.manifest = manifest;
        this.source = source;
        this.fileSha256 = fileSha256;
        this.digest = digest;
        this.mdcVersion = new VersionId(manifest.version().toString(), digest).toString();
        this.limits = limits;
        this.grants = grants;
        this.pool = pool;
        this.deadlines = deadlines;
        this.listeners = listeners;
        this.signature = signature;
        this.audit = new CallAudit(audit, manifest.name(), manifest.version().toString(), limits);
        this.instantiationTimeout = instantiationTimeout;
        this.shutdownTimeout = shutdownTimeout;
    }

    /** The function the version calls when it closes ({@code plinth_shutdown}, {@code shutdown}), if it has one. */
    abstract Optional<String> shutdownFunction();

    /**
     * Runs a lifecycle function of no arguments under {@code timeout}, as a call is run but not counted.
     *
     * @throws PluginException when it fails
     */
    abstract void runLifecycle(String function, Duration timeout);

    final String mdcVersion() {
        return mdcVersion;
    }

    final CallDeadlines deadlines() {
        return deadlines;
    }

    final CallAudit audit() {
        return audit;
    }

    /**
     * An instance from the pool; one made for this call is initialized under the call timeout. A failed
     * instantiation is audited like a failed call, under the phase that failed.
     */
    final I borrow(Duration wait) {
        try {
            return pool.borrow(wait, limits.callTimeout());
        } catch (InstanceCreationException e) {
            audit.stopped(e.failure(), e.phase());
            throw remember(e.failure());
        }
    }

    /**
     * Takes the instance of a call to {@code function} back into the pool (kept only when {@code healthy}),
     * after counting its memory in the peaks and a growth it had refused ({@link #refusedGrowthCalls()}).
     */
    final void giveBack(I instance, boolean healthy, String function) {
        try {
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
        } finally {
            pool.giveBack(instance, healthy);
        }
    }

    /**
     * A call whose guest had a {@code memory.grow} refused at a limit. A guest may do that on every call and go on
     * (an allocator in a pooled instance, at its limit), so it is counted and logged once per version, not audited
     * or logged per call; a trap that follows it is reported as {@code memory-limit} ({@link #outOfMemory}).
     */
    private void refusedGrowth(I instance, String function) {
        refusedGrowthCalls.increment();
        if (!refusedGrowthLogged.get() && refusedGrowthLogged.compareAndSet(false, true)) {
            log.warn("plugin {} {}: {} had memory.grow refused: it asked for {} of memory, more than its limit of {}"
                    + " (logged once for this version; refusedGrowthCalls() counts the calls)", name(), version(),
                    function, DataSize.ofBytes(instance.refusedGrowthBytes()),
                    DataSize.ofBytes(instance.refusedGrowthLimitBytes()));
        }
    }

    /** A trap right after a refused memory.grow is the guest giving up for lack of memory. */
    final PluginException outOfMemory(PluginException failure, I instance, String function) {
        long wanted = instance.refusedGrowthBytes();
        if (failure.code() != ErrorCode.TRAP || wanted < 0) {
            return failure;
        }
        return new MemoryLimitException(name() + "." + function + " needed " + DataSize.ofBytes(wanted)
                + " of memory, more than its limit of " + DataSize.ofBytes(instance.refusedGrowthLimitBytes())
                + ", and stopped: " + failure.getMessage(), failure);
    }

    /** Refuses, audited, an input over {@code max-input-size} for {@code function}. */
    final void checkInputSize(String function, int bytes) {
        if (bytes > limits.maxInputBytes()) {
            PluginException refused = new PayloadTooLargeException("input of " + bytes + " bytes for " + name() + "."
                    + function + " is larger than the limit of " + limits.maxInputBytes() + " bytes");
            audit.refused(refused, function + " (input limit " + limits.maxInputBytes() + " bytes)");
            throw remember(refused);
        }
    }

    /**
     * Counts a call in the statistics, then tells the listeners with the same measurement, so that meters fed by
     * the listeners agree with the statistics; {@code error} is empty for a call that succeeded.
     */
    final void observe(String function, int inputBytes, int outputBytes, OptionalLong fuel,
            Optional<ErrorCode> error, long nanos) {
        try {
            stats.record(function, error, nanos);
            if (!listeners.isEmpty()) {
                listeners.notify(new CallEvent(name(), version(), digest, function, error, Duration.ofNanos(nanos),
                        inputBytes, outputBytes, fuel));
            }
        } catch (OutOfMemoryError e) {
            // no heap to count the call or tell the listeners; the call's own outcome (or error) stands
        }
    }

    /**
     * Keeps {@code e} as the last error, its message cut to the error size plus the host's words, as far as the
     * heap allows: a failure that is already described and audited must not fail again here (and be audited
     * twice).
     */
    final PluginException remember(PluginException e) {
        try {
            lastError.set(PluginError.of(e, limits.logs().maxErrorBytes() + 1024));
        } catch (OutOfMemoryError ignored) {
            // the previous last error stays; the caller still gets e
        }
        return e;
    }

    /** Keeps what the version's metadata function returned at load. */
    final void metadata(PluginMetadata read) {
        metadata = read;
    }

    /** Runs {@code hook} when this version closes. */
    final void onClose(Runnable hook) {
        onClose.add(hook);
    }

    @Override
    public final String name() {
        return manifest.name();
    }

    @Override
    public final String version() {
        return manifest.version().toString();
    }

    @Override
    public final PluginManifest manifest() {
        return manifest;
    }

    @Override
    public final PluginLimits limits() {
        return limits;
    }

    @Override
    public final EffectiveGrants grants() {
        return grants;
    }

    @Override
    public final Path source() {
        return source;
    }

    @Override
    public final String sha256() {
        return fileSha256;
    }

    @Override
    public final String digest() {
        return digest;
    }

    @Override
    public final Instant loadedAt() {
        return loadedAt;
    }

    @Override
    public final Optional<PluginMetadata> metadata() {
        return Optional.ofNullable(metadata);
    }

    @Override
    public final OptionalLong fuelPerCall() {
        return pool.fuelPerCall();
    }

    @Override
    public final String signatureState() {
        return signature.state().code();
    }

    /** The signature check this version loaded with. */
    public final SignatureCheck signature() {
        return signature;
    }

    @Override
    public final Optional<PluginError> lastError() {
        return Optional.ofNullable(lastError.get());
    }

    @Override
    public final CallStats callStats() {
        return stats;
    }

    @Override
    public final int liveInstances() {
        return pool.liveInstances();
    }

    @Override
    public final int busyInstances() {
        return pool.busyInstances();
    }

    @Override
    public final int prewarm(int instances) {
        try {
            return pool.prewarm(instances, instantiationTimeout);
        } catch (InstanceCreationException e) {
            audit.stopped(e.failure(), e.phase());
            throw remember(e.failure());
        }
    }

    @Override
    public final long peakMemoryBytes() {
        return peakMemory.get();
    }

    @Override
    public final long peakHostMemoryBytes() {
        return peakHostMemory.get();
    }

    @Override
    public final long refusedGrowthCalls() {
        return refusedGrowthCalls.sum();
    }

    /**
     * As the registry lists it. A version that serves (or is to) but has no instance and cannot make one is listed
     * {@link PluginStatus#FAILED}, with the creation failure as its error, until an instance is made again.
     */
    @Override
    public final VersionInfo info(PluginStatus status) {
        Optional<PluginError> broken = pool.creationFailure().filter(failure -> pool.liveInstances() == 0);
        if (broken.isPresent() && (status == PluginStatus.ACTIVE || status == PluginStatus.CANARY
                || status == PluginStatus.STAGED)) {
            return new VersionInfo(name(), version(), PluginStatus.FAILED, fileSha256, digest, signatureState(),
                    exports(), source, loadedAt, 0, broken);
        }
        int weight = status == PluginStatus.ACTIVE || status == PluginStatus.CANARY ? 100 : 0;
        return new VersionInfo(name(), version(), status, fileSha256, digest, signatureState(), exports(), source,
                loadedAt, weight, Optional.ofNullable(lastError.get()));
    }

    /**
     * Runs the close hooks, then the version's shutdown function once, if it has one, within the shutdown timeout
     * (borrowing its instance included); a failure, or a hang stopped at that deadline, is logged (and audited as a
     * call stopped would be) and the close goes on. Then stops lending instances.
     */
    @Override
    public final void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        onClose.forEach(Runnable::run);
        Optional<String> shutdown = shutdownFunction();
        try {
            if (shutdown.isPresent()) {
                runLifecycle(shutdown.get(), shutdownTimeout);
            }
        } catch (PluginException e) {
            log.warn("plugin {} {}: {} failed ({}), the version is unloaded anyway: {}", name(), version(),
                    shutdown.get(), e.code(), e.getMessage());
        } finally {
            pool.close();
        }
    }
}
