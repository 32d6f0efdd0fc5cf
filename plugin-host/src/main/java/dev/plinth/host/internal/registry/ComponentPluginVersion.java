package dev.plinth.host.internal.registry;

import dev.plinth.api.CallResult;
import dev.plinth.api.PluginError;
import dev.plinth.api.PluginLimits;
import dev.plinth.api.PluginStatus;
import dev.plinth.api.VersionId;
import dev.plinth.api.VersionInfo;
import dev.plinth.api.error.ErrorCode;
import dev.plinth.api.error.MemoryLimitException;
import dev.plinth.api.error.PayloadTooLargeException;
import dev.plinth.api.error.PluginException;
import dev.plinth.api.error.PluginFailureException;
import dev.plinth.api.error.PluginNotFoundException;
import dev.plinth.api.lifecycle.PluginMetadata;
import dev.plinth.api.manifest.PluginManifest;
import dev.plinth.api.observe.CallEvent;
import dev.plinth.api.unit.DataSize;
import dev.plinth.component.contract.InterfaceHash;
import dev.plinth.component.type.ComponentType;
import dev.plinth.component.type.FuncType;
import dev.plinth.component.value.InvalidValueException;
import dev.plinth.component.value.Value;
import dev.plinth.host.CallStats;
import dev.plinth.host.ComponentCalls;
import dev.plinth.host.PluginVersion;
import dev.plinth.host.internal.component.ComponentLifecycle;
import dev.plinth.host.internal.lifecycle.LifecycleJson;
import dev.plinth.host.internal.engine.Containment;
import dev.plinth.host.internal.engine.FailureTranslator;
import dev.plinth.host.internal.pool.CallDeadlines;
import dev.plinth.host.internal.pool.CallDeadlines.Deadline;
import dev.plinth.host.internal.pool.ComponentInstanceFactory;
import dev.plinth.host.internal.pool.ComponentInstancePool;
import dev.plinth.host.internal.pool.ComponentPluginInstance;
import dev.plinth.host.internal.pool.InstanceCreationException;
import dev.plinth.security.audit.AuditLog;
import dev.plinth.security.policy.EffectiveGrants;
import dev.plinth.security.signature.SignatureCheck;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One loaded version of a plugin that is a WebAssembly component, beside {@link PooledPluginVersion} for
 * core modules: its instance pool, and the one place where a call is carried out (borrow, deadline, run,
 * translate failures, audit limit hits, give back, count it in {@link CallStats}, tell the listeners), for
 * typed calls ({@link ComponentCalls}) and for byte calls to exports of a byte shape ({@link ByteShape}).
 * The engine calls the component's {@code plinth:plugin/lifecycle} functions as it calls a core module's lifecycle
 * exports ({@link ComponentLifecycle}): {@code get-metadata} once at load, {@code get-status} when asked,
 * {@code shutdown} when the version closes; and its {@code plinth:plugin/event-handler} with the events it
 * subscribes to ({@link #receive}).
 */
public final class ComponentPluginVersion implements PluginVersion, ComponentCalls {
    private static final Logger LOG = LoggerFactory.getLogger(ComponentPluginVersion.class);

    private final PluginManifest manifest;
    private final Path source;
    private final String fileSha256;
    private final String digest;
    private final PluginLimits limits;
    private final EffectiveGrants grants;
    private final ComponentInstanceFactory factory;
    private final ComponentInstancePool pool;
    private final CallDeadlines deadlines;
    private final CallListeners listeners;
    private final SignatureCheck signature;
    private final CallAudit audit;
    private final Duration instantiationTimeout;
    private final Map<String, FuncType> functions;
    private final ComponentType interfaceType;
    private final String interfaceHash;
    private final Optional<String> world;
    private final List<String> exports;
    private final String versionId;
    private final Instant loadedAt = Instant.now();
    private final CallStats stats = new CallStats();
    private final AtomicReference<PluginError> lastError = new AtomicReference<>();
    private final AtomicLong peakMemory = new AtomicLong();
    private final AtomicLong peakHostMemory = new AtomicLong();
    private final LongAdder refusedGrowthCalls = new LongAdder();
    private final ComponentLifecycle lifecycle;
    private final Duration shutdownTimeout;
    private final AtomicBoolean closed = new AtomicBoolean();
    /** Run when the version closes, before its shutdown (it takes no more events, say). */
    private final List<Runnable> onClose = new CopyOnWriteArrayList<>();
    private volatile PluginMetadata metadata;

    ComponentPluginVersion(PluginManifest manifest, Path source, String fileSha256, String digest, PluginLimits limits,
            EffectiveGrants grants, Map<String, FuncType> functions, ComponentInstanceFactory factory,
            ComponentInstancePool pool, CallDeadlines deadlines, CallListeners listeners, SignatureCheck signature,
            AuditLog audit, Duration instantiationTimeout, ComponentType interfaceType, Optional<String> world,
            Duration shutdownTimeout) {
        this.manifest = manifest;
        this.lifecycle = factory.lifecycle();
        this.shutdownTimeout = shutdownTimeout;
        this.interfaceType = interfaceType;
        this.interfaceHash = InterfaceHash.of(interfaceType);
        this.world = world;
        this.source = source;
        this.fileSha256 = fileSha256;
        this.digest = digest;
        this.limits = limits;
        this.grants = grants;
        this.functions = Map.copyOf(functions);
        this.exports = functions.keySet().stream().filter(f -> !lifecycle.hostOnly(f)).sorted().toList();
        this.factory = factory;
        this.pool = pool;
        this.deadlines = deadlines;
        this.listeners = listeners;
        this.signature = signature;
        this.audit = new CallAudit(audit, manifest.name(), manifest.version().toString(), limits);
        this.instantiationTimeout = instantiationTimeout;
        this.versionId = new VersionId(manifest.version().toString(), digest).toString();
    }

    @Override
    public Map<String, FuncType> functions() {
        return functions;
    }

    /** A typed call; counted, audited and limited as a byte call is. */
    @Override
    public List<Value> call(String function, List<Value> args) {
        return observed(function, 0, () -> {
            function(function);
            return execute(function, args);
        }).values();
    }

    /**
     * A byte call: the export must have a byte shape ({@link ByteShape}); the input is within
     * {@code max-input-size}, the output within {@code max-output-size}.
     */
    @Override
    public CallResult call(String function, byte[] input) {
        long started = System.nanoTime();
        Outcome outcome = observed(function, input.length, () -> {
            FuncType type = function(function);
            ByteShape shape = ByteShape.of(type).orElseThrow(() -> remember(ByteShape.notCallable(name(), function,
                    type)));
            if (input.length > limits.maxInputBytes()) {
                PluginException refused = new PayloadTooLargeException("input of " + input.length + " bytes for "
                        + name() + "." + function + " is larger than the limit of " + limits.maxInputBytes()
                        + " bytes");
                audit.refused(refused, function + " (input limit " + limits.maxInputBytes() + " bytes)");
                throw remember(refused);
            }
            Outcome values = execute(function, shape.args(input, name(), function));
            byte[] output;
            try {
                output = shape.output(values.values(), name(), function);
            } catch (PluginFailureException e) {
                throw remember(e);
            }
            if (output.length > limits.maxOutputBytes()) {
                PluginException refused = new PayloadTooLargeException(name() + "." + function + " returned "
                        + output.length + " bytes, more than the output limit of " + limits.maxOutputBytes()
                        + " bytes");
                audit.refused(refused, function + " (output limit " + limits.maxOutputBytes() + " bytes)");
                throw remember(refused);
            }
            return new Outcome(values.values(), output, values.fuel());
        });
        return new CallResult(outcome.output(), version(), Duration.ofNanos(System.nanoTime() - started),
                outcome.fuel() < 0 ? OptionalLong.empty() : OptionalLong.of(outcome.fuel()));
    }

    /** What a call returned: its values, the bytes of a byte call, the fuel it used (-1: not metered). */
    private record Outcome(List<Value> values, byte[] output, long fuel) {
    }

    /** Runs {@code body} in the call's MDC, counting it in the statistics and telling the listeners. */
    private Outcome observed(String function, int inputBytes, Supplier<Outcome> body) {
        long started = System.nanoTime();
        Outcome outcome = null;
        ErrorCode error = ErrorCode.TRAP;
        CallMdc mdc = CallMdc.enter(name(), versionId, function);
        try {
            outcome = body.get();
            error = null;
            return outcome;
        } catch (PluginException e) {
            error = e.code();
            throw e;
        } catch (InvalidValueException e) {
            // the caller's values did not fit the function: not the plugin's failure
            error = null;
            throw e;
        } catch (RuntimeException | Error e) {
            Containment.rethrowIfNotContained(e);
            PluginException contained = FailureTranslator.translate(e, name(), function, factory.mainCore(),
                    limits.callTimeout(), false);
            audit.stopped(contained, function);
            error = contained.code();
            throw remember(contained);
        } finally {
            long nanos = System.nanoTime() - started;
            Optional<ErrorCode> code = Optional.ofNullable(error);
            stats.record(function, code, nanos);
            if (!listeners.isEmpty()) {
                listeners.notify(new CallEvent(name(), version(), digest, function, code, Duration.ofNanos(nanos),
                        inputBytes, outcome == null || outcome.output() == null ? 0 : outcome.output().length,
                        outcome == null || outcome.fuel() < 0 ? OptionalLong.empty() : OptionalLong.of(outcome.fuel())));
            }
            mdc.close();
        }
    }

    private FuncType function(String function) {
        if (lifecycle.hostOnly(function)) {
            throw remember(new PluginNotFoundException("plugin " + name() + " has no callable export \"" + function
                    + "\"; it exports: " + String.join(", ", exports) + " (" + function + " is a lifecycle export,"
                    + " which only the host calls)"));
        }
        FuncType type = functions.get(function);
        if (type == null) {
            throw remember(new PluginNotFoundException("plugin " + name() + " has no export \"" + function
                    + "\"; it exports: " + (exports.isEmpty() ? "nothing callable" : String.join(", ", exports))));
        }
        return type;
    }

    private Outcome execute(String function, List<Value> args) {
        return execute(function, args, limits.acquireTimeout(), limits.callTimeout());
    }

    /**
     * Runs {@code function} on an instance borrowed within {@code wait}, under a deadline of {@code timeout}: the
     * part of a call that the lifecycle functions share.
     */
    private Outcome execute(String function, List<Value> args, Duration wait, Duration timeout) {
        ComponentPluginInstance instance = borrow(wait);
        boolean healthy = false;
        try (Deadline deadline = deadlines.arm(timeout, instance::stop)) {
            try {
                List<Value> results = instance.call(function, args);
                healthy = true;
                return new Outcome(results, null, instance.lastFuel());
            } catch (InvalidValueException e) {
                healthy = true;
                throw e;
            } catch (RuntimeException | Error e) {
                Containment.rethrowIfNotContained(e);
                PluginException failure = FailureTranslator.translate(e, name(), function, factory.mainCore(),
                        timeout, deadline.fired());
                failure = outOfMemory(failure, instance, function);
                audit.stopped(failure, function);
                throw remember(failure);
            }
        } finally {
            long host = instance.hostBytes();
            long memory = instance.memoryBytes() + host;
            if (memory > peakMemory.get()) {
                peakMemory.accumulateAndGet(memory, Math::max);
            }
            if (host > peakHostMemory.get()) {
                peakHostMemory.accumulateAndGet(host, Math::max);
            }
            if (instance.refusedGrowthBytes() >= 0) {
                refusedGrowthCalls.increment();
            }
            pool.giveBack(instance, healthy);
        }
    }

    private ComponentPluginInstance borrow(Duration wait) {
        try {
            return pool.borrow(wait, limits.callTimeout());
        } catch (InstanceCreationException e) {
            audit.stopped(e.failure(), e.phase());
            throw remember(e.failure());
        }
    }

    /** A trap right after a refused memory.grow is the guest giving up for lack of memory. */
    private PluginException outOfMemory(PluginException failure, ComponentPluginInstance instance, String function) {
        long wanted = instance.refusedGrowthBytes();
        if (failure.code() != ErrorCode.TRAP || wanted < 0) {
            return failure;
        }
        return new MemoryLimitException(name() + "." + function + " needed " + DataSize.ofBytes(wanted)
                + " of memory, more than its limit of " + DataSize.ofBytes(instance.refusedGrowthLimitBytes())
                + ", and stopped: " + failure.getMessage(), failure);
    }

    private PluginException remember(PluginException e) {
        try {
            lastError.set(PluginError.of(e, limits.logs().maxErrorBytes() + 1024));
        } catch (OutOfMemoryError ignored) {
            // the previous last error stays; the caller still gets e
        }
        return e;
    }

    @Override
    public Optional<ComponentCalls> component() {
        return Optional.of(this);
    }

    @Override
    public Optional<String> world() {
        return world;
    }

    @Override
    public Optional<String> interfaceHash() {
        return Optional.of(interfaceHash);
    }

    @Override
    public Optional<ComponentType> interfaceType() {
        return Optional.of(interfaceType);
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

    @Override
    public String sha256() {
        return fileSha256;
    }

    @Override
    public String digest() {
        return digest;
    }

    @Override
    public Path source() {
        return source;
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
    public PluginLimits limits() {
        return limits;
    }

    @Override
    public EffectiveGrants grants() {
        return grants;
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
    public Optional<String> interpreter() {
        return factory.interpreted();
    }

    @Override
    public Optional<PluginError> lastError() {
        return Optional.ofNullable(lastError.get());
    }

    @Override
    public CallStats callStats() {
        return stats;
    }

    /**
     * As the registry lists it; a version that serves (or is to) but has no instance and cannot make one is
     * listed {@link PluginStatus#FAILED} with the creation failure, until an instance is made again.
     */
    @Override
    public VersionInfo info(PluginStatus status) {
        Optional<PluginError> broken = pool.creationFailure().filter(failure -> pool.liveInstances() == 0);
        if (broken.isPresent() && (status == PluginStatus.ACTIVE || status == PluginStatus.CANARY
                || status == PluginStatus.STAGED)) {
            return new VersionInfo(name(), version(), PluginStatus.FAILED, fileSha256, digest, signatureState(),
                    exports, source, loadedAt, 0, broken);
        }
        int weight = status == PluginStatus.ACTIVE || status == PluginStatus.CANARY ? 100 : 0;
        return new VersionInfo(name(), version(), status, fileSha256, digest, signatureState(), exports, source,
                loadedAt, weight, Optional.ofNullable(lastError.get()));
    }

    @Override
    public OptionalLong fuelPerCall() {
        return factory.fuelPerCall();
    }

    @Override
    public int liveInstances() {
        return pool.liveInstances();
    }

    @Override
    public int busyInstances() {
        return pool.busyInstances();
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
    public List<String> lifecycleExports() {
        return lifecycle.names();
    }

    @Override
    public Optional<PluginMetadata> metadata() {
        return Optional.ofNullable(metadata);
    }

    /**
     * Calls {@code get-metadata}, if the component exports it, and keeps what it returned, checked against the
     * manifest as a core module's {@code plinth_metadata} is ({@link LifecycleJson#metadata}); done once, at load.
     *
     * @throws PluginException when the call fails, or the metadata is refused
     */
    void readMetadata(String label) {
        Optional<String> function = lifecycle.metadata();
        if (function.isPresent()) {
            List<Value> results = lifecycle(function.get(), limits.callTimeout());
            metadata = LifecycleJson.metadata(ComponentLifecycle.metadataJson(results), manifest, label,
                    function.get());
        }
    }

    /**
     * What {@code get-status} returns now, in the JSON mapping of component values
     * ({@code {"health":"ready","message":null,"processed":3}}); empty when the component exports none.
     *
     * @throws PluginException when the call fails
     */
    @Override
    public Optional<String> status() {
        Optional<String> function = lifecycle.status();
        if (function.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(ComponentLifecycle.statusJson(lifecycle(function.get(), limits.callTimeout())));
    }

    /**
     * Runs a lifecycle function under {@code timeout}, on an instance of the pool, as a call is run (deadline,
     * fuel, containment, audit) but not counted among the callers' calls.
     */
    private List<Value> lifecycle(String function, Duration timeout) {
        CallMdc mdc = CallMdc.enter(name(), versionId, function);
        try {
            return execute(function, List.of(), timeout, timeout).values();
        } catch (PluginException e) {
            throw e;
        } catch (RuntimeException | Error e) {
            Containment.rethrowIfNotContained(e);
            PluginException contained = FailureTranslator.translate(e, name(), function, factory.mainCore(), timeout,
                    false);
            audit.stopped(contained, function);
            throw remember(contained);
        } finally {
            mdc.close();
        }
    }

    /** Whether the component handles published events ({@code plinth:plugin/event-handler}'s {@code on-event}). */
    boolean handlesEvents() {
        return lifecycle.onEvent().isPresent();
    }

    /**
     * Hands a published event to {@code on-event}, as a call (counted, limited, audited); an {@code err} it
     * returns is a {@link PluginFailureException} with its message.
     *
     * @throws PluginException when the handler fails, traps or is stopped at a limit
     */
    void receive(String type, String payload) {
        String function = lifecycle.onEvent().orElseThrow();
        List<Value> results = call(function, ComponentLifecycle.onEventArgs(type, payload));
        Optional<String> refused = ComponentLifecycle.failure(results);
        if (refused.isPresent()) {
            throw remember(new PluginFailureException(name(), function, 1, refused.get()));
        }
    }

    /** Runs {@code hook} when this version closes. */
    void onClose(Runnable hook) {
        onClose.add(hook);
    }

    /**
     * Calls {@code shutdown} once, if the component exports it, within the shutdown timeout (borrowing its
     * instance included); a failure, or a hang stopped at that deadline, is logged (and audited as a call stopped
     * would be) and the close goes on. Then stops lending instances.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        onClose.forEach(Runnable::run);
        try {
            Optional<String> shutdown = lifecycle.shutdown();
            if (shutdown.isPresent()) {
                lifecycle(shutdown.get(), shutdownTimeout);
            }
        } catch (PluginException e) {
            LOG.warn("plugin {} {}: {} failed ({}), the version is unloaded anyway: {}", name(), version(),
                    lifecycle.shutdown().orElse("shutdown"), e.code(), e.getMessage());
        } finally {
            pool.close();
        }
    }
}
