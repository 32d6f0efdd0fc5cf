package dev.plinth.host.internal.registry;

import dev.plinth.api.CallResult;
import dev.plinth.api.PluginLimits;
import dev.plinth.api.error.ErrorCode;
import dev.plinth.api.error.PayloadTooLargeException;
import dev.plinth.api.error.PluginException;
import dev.plinth.api.error.PluginFailureException;
import dev.plinth.api.error.PluginNotFoundException;
import dev.plinth.api.manifest.PluginManifest;
import dev.plinth.component.contract.InterfaceHash;
import dev.plinth.component.type.ComponentType;
import dev.plinth.component.type.FuncType;
import dev.plinth.component.value.InvalidValueException;
import dev.plinth.component.value.Value;
import dev.plinth.host.CallStats;
import dev.plinth.host.ComponentCalls;
import dev.plinth.host.internal.component.ComponentLifecycle;
import dev.plinth.host.internal.lifecycle.LifecycleJson;
import dev.plinth.host.internal.engine.Containment;
import dev.plinth.host.internal.engine.FailureTranslator;
import dev.plinth.host.internal.pool.CallDeadlines;
import dev.plinth.host.internal.pool.CallDeadlines.Deadline;
import dev.plinth.host.internal.pool.ComponentInstanceFactory;
import dev.plinth.host.internal.pool.InstancePool;
import dev.plinth.host.internal.pool.ComponentPluginInstance;
import dev.plinth.security.audit.AuditLog;
import dev.plinth.security.policy.EffectiveGrants;
import dev.plinth.security.signature.SignatureCheck;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Supplier;

/**
 * One loaded version of a plugin that is a WebAssembly component, beside {@link PooledPluginVersion} for
 * core modules (what both are, {@link PoolBackedVersion} holds): the one place where its calls are carried out
 * (borrow, deadline, run, translate failures, audit limit hits, give back, count it in {@link CallStats}, tell
 * the listeners), for typed calls ({@link ComponentCalls}) and for byte calls to exports of a byte shape ({@link ByteShape}).
 * The engine calls the component's {@code plinth:plugin/lifecycle} functions as it calls a core module's lifecycle
 * exports ({@link ComponentLifecycle}): {@code get-metadata} once at load, {@code get-status} when asked,
 * {@code shutdown} when the version closes; and its {@code plinth:plugin/event-handler} with the events it
 * subscribes to ({@link #receive}).
 */
public final class ComponentPluginVersion extends PoolBackedVersion<ComponentPluginInstance>
        implements ComponentCalls {
    private final ComponentInstanceFactory factory;
    private final Map<String, FuncType> functions;
    private final ComponentType interfaceType;
    private final String interfaceHash;
    private final Optional<String> world;
    private final List<String> exports;
    private final ComponentLifecycle lifecycle;

    ComponentPluginVersion(PluginManifest manifest, Path source, String fileSha256, String digest, PluginLimits limits,
            EffectiveGrants grants, Map<String, FuncType> functions, ComponentInstanceFactory factory,
            InstancePool<ComponentPluginInstance> pool, CallDeadlines deadlines, CallListeners listeners,
            SignatureCheck signature, AuditLog audit, Duration instantiationTimeout, ComponentType interfaceType,
            Optional<String> world, Duration shutdownTimeout) {
        super(manifest, source, fileSha256, digest, limits, grants, pool, deadlines, listeners, signature, audit,
                instantiationTimeout, shutdownTimeout);
        this.lifecycle = factory.lifecycle();
        this.interfaceType = interfaceType;
        this.interfaceHash = InterfaceHash.of(interfaceType);
        this.world = world;
        this.functions = Map.copyOf(functions);
        this.exports = functions.keySet().stream().filter(f -> !lifecycle.hostOnly(f)).sorted().toList();
        this.factory = factory;
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
            checkInputSize(function, input.length);
            Outcome values = execute(function, shape.args(input, name(), function));
            byte[] output;
            try {
                output = shape.output(values.values(), name(), function);
            } catch (PluginFailureException e) {
                throw remember(e);
            }
            if (output.length > limits().maxOutputBytes()) {
                PluginException refused = new PayloadTooLargeException(name() + "." + function + " returned "
                        + output.length + " bytes, more than the output limit of " + limits().maxOutputBytes()
                        + " bytes");
                audit().refused(refused, function + " (output limit " + limits().maxOutputBytes() + " bytes)");
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
        CallMdc mdc = CallMdc.enter(name(), mdcVersion(), function);
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
                    limits().callTimeout(), false);
            audit().stopped(contained, function);
            error = contained.code();
            throw remember(contained);
        } finally {
            observe(function, inputBytes, outcome == null || outcome.output() == null ? 0 : outcome.output().length,
                    outcome == null || outcome.fuel() < 0 ? OptionalLong.empty() : OptionalLong.of(outcome.fuel()),
                    Optional.ofNullable(error), System.nanoTime() - started);
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
        return execute(function, args, limits().acquireTimeout(), limits().callTimeout());
    }

    /**
     * Runs {@code function} on an instance borrowed within {@code wait}, under a deadline of {@code timeout}: the
     * part of a call that the lifecycle functions share.
     */
    private Outcome execute(String function, List<Value> args, Duration wait, Duration timeout) {
        ComponentPluginInstance instance = borrow(wait);
        boolean healthy = false;
        try (Deadline deadline = deadlines().arm(timeout, instance::stop)) {
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
                audit().stopped(failure, function);
                throw remember(failure);
            }
        } finally {
            giveBack(instance, healthy, function);
        }
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
    public List<String> exports() {
        return exports;
    }

    @Override
    public Optional<String> interpreter() {
        return factory.interpreted();
    }

    @Override
    public List<String> lifecycleExports() {
        return lifecycle.names();
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
            List<Value> results = lifecycle(function.get(), limits().callTimeout());
            metadata(LifecycleJson.metadata(ComponentLifecycle.metadataJson(results), manifest(), label,
                    function.get()));
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
        return Optional.of(ComponentLifecycle.statusJson(lifecycle(function.get(), limits().callTimeout())));
    }

    /**
     * Runs a lifecycle function under {@code timeout}, on an instance of the pool, as a call is run (deadline,
     * fuel, containment, audit) but not counted among the callers' calls.
     */
    private List<Value> lifecycle(String function, Duration timeout) {
        CallMdc mdc = CallMdc.enter(name(), mdcVersion(), function);
        try {
            return execute(function, List.of(), timeout, timeout).values();
        } catch (PluginException e) {
            throw e;
        } catch (RuntimeException | Error e) {
            Containment.rethrowIfNotContained(e);
            PluginException contained = FailureTranslator.translate(e, name(), function, factory.mainCore(), timeout,
                    false);
            audit().stopped(contained, function);
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

    @Override
    Optional<String> shutdownFunction() {
        return lifecycle.shutdown();
    }

    @Override
    void runLifecycle(String function, Duration timeout) {
        lifecycle(function, timeout);
    }
}
