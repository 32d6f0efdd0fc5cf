package dev.plinth.host.internal.component;

import dev.plinth.api.error.InvalidModuleException;
import dev.plinth.component.json.ValueJson;
import dev.plinth.component.type.FuncType;
import dev.plinth.component.type.ValueType;
import dev.plinth.component.value.Value;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The functions of {@code wit/plinth.wit} that the engine itself calls on a component plugin, found among its
 * exports: {@code plinth:plugin/lifecycle}'s {@code initialize}, {@code shutdown}, {@code get-metadata} and
 * {@code get-status}, and {@code plinth:plugin/event-handler}'s {@code on-event}, each under its exported name
 * ({@code plinth:plugin/lifecycle@0.1.0#initialize}). A component that exports one of them with another type is
 * refused, naming the function, both types and what the engine would call it with: the engine does not guess.
 */
public final class ComponentLifecycle {
    /** The interface of the lifecycle functions, without its version. */
    public static final String LIFECYCLE = "plinth:plugin/lifecycle";
    /** The interface of the event handler, without its version. */
    public static final String EVENT_HANDLER = "plinth:plugin/event-handler";

    private static final ValueType STRING = ValueType.Primitive.STRING;
    private static final ValueType CONFIG = new ValueType.ListType(new ValueType.TupleType(List.of(STRING, STRING)));
    private static final ValueType FALLIBLE = new ValueType.ResultType(Optional.empty(), Optional.of(STRING));
    static final ValueType METADATA = new ValueType.RecordType(List.of(field("name", STRING),
            field("version", STRING), field("description", STRING), field("author", STRING),
            field("capabilities", new ValueType.ListType(STRING))));
    static final ValueType STATUS = new ValueType.RecordType(List.of(
            field("health", new ValueType.EnumType(List.of("starting", "ready", "degraded", "stopped"))),
            field("message", new ValueType.OptionType(STRING)), field("processed", ValueType.Primitive.U64)));

    private static final Map<String, FuncType> LIFECYCLE_TYPES = Map.of(
            "initialize", new FuncType(List.of(field("config", CONFIG)), List.of(FALLIBLE)),
            "shutdown", new FuncType(List.of(), List.of()),
            "get-metadata", new FuncType(List.of(), List.of(METADATA)),
            "get-status", new FuncType(List.of(), List.of(STATUS)));
    private static final FuncType ON_EVENT = new FuncType(List.of(field("event-type", STRING),
            field("payload", STRING)), List.of(FALLIBLE));

    /** A component that exports none of them. */
    public static final ComponentLifecycle NONE = new ComponentLifecycle(Map.of(), Optional.empty());

    /** By function name ({@code initialize}, ...), the exported name of each lifecycle function there is. */
    private final Map<String, String> lifecycle;
    private final Optional<String> onEvent;

    private ComponentLifecycle(Map<String, String> lifecycle, Optional<String> onEvent) {
        this.lifecycle = Map.copyOf(lifecycle);
        this.onEvent = onEvent;
    }

    /**
     * The lifecycle functions and event handler among {@code exports}, their types checked.
     *
     * @throws InvalidModuleException when one of them has a type other than the one in {@code wit/plinth.wit}
     */
    public static ComponentLifecycle of(Map<String, FuncType> exports, String label) {
        Map<String, String> lifecycle = new TreeMap<>();
        Optional<String> onEvent = Optional.empty();
        for (Map.Entry<String, FuncType> export : new TreeMap<>(exports).entrySet()) {
            String name = export.getKey();
            int hash = name.indexOf('#');
            if (hash < 0) {
                continue;
            }
            String iface = unversioned(name.substring(0, hash));
            String function = name.substring(hash + 1);
            if (iface.equals(LIFECYCLE) && LIFECYCLE_TYPES.containsKey(function)) {
                require(export.getValue(), LIFECYCLE_TYPES.get(function), name, label);
                lifecycle.putIfAbsent(function, name);
            } else if (iface.equals(EVENT_HANDLER) && function.equals("on-event") && onEvent.isEmpty()) {
                require(export.getValue(), ON_EVENT, name, label);
                onEvent = Optional.of(name);
            }
        }
        return new ComponentLifecycle(lifecycle, onEvent);
    }

    private static String unversioned(String iface) {
        int at = iface.indexOf('@');
        return at < 0 ? iface : iface.substring(0, at);
    }

    /** The same parameter and result types (parameter names aside: the canonical ABI passes values by position). */
    private static void require(FuncType actual, FuncType expected, String name, String label) {
        List<ValueType> params = actual.params().stream().map(ValueType.Field::type).toList();
        List<ValueType> wanted = expected.params().stream().map(ValueType.Field::type).toList();
        if (!params.equals(wanted) || !actual.results().equals(expected.results())) {
            throw new InvalidModuleException(label + " exports " + name + " as " + actual.wit()
                    + ", but the engine calls it as " + expected.wit() + " (wit/plinth.wit); the component is refused:"
                    + " build it against wit/plinth.wit, or export the function under another name");
        }
    }

    private static ValueType.Field field(String name, ValueType type) {
        return new ValueType.Field(name, type);
    }

    /** The exported name of {@code initialize}, if the component has one. */
    public Optional<String> initialize() {
        return Optional.ofNullable(lifecycle.get("initialize"));
    }

    /** The exported name of {@code shutdown}, if the component has one. */
    public Optional<String> shutdown() {
        return Optional.ofNullable(lifecycle.get("shutdown"));
    }

    /** The exported name of {@code get-metadata}, if the component has one. */
    public Optional<String> metadata() {
        return Optional.ofNullable(lifecycle.get("get-metadata"));
    }

    /** The exported name of {@code get-status}, if the component has one. */
    public Optional<String> status() {
        return Optional.ofNullable(lifecycle.get("get-status"));
    }

    /** The exported name of {@code on-event}, if the component has one. */
    public Optional<String> onEvent() {
        return onEvent;
    }

    /** The exported names of the lifecycle functions it has, sorted. */
    public List<String> names() {
        return lifecycle.values().stream().sorted().toList();
    }

    /**
     * Whether callers are kept from {@code function}: {@code initialize} and {@code shutdown}, which set an
     * instance up and wind it down, are the engine's alone (as {@code plinth_initialize} and
     * {@code plinth_shutdown} are for core modules); {@code get-metadata} and {@code get-status} only answer.
     */
    public boolean hostOnly(String function) {
        return function.equals(lifecycle.get("initialize")) || function.equals(lifecycle.get("shutdown"));
    }

    /** The arguments of {@code initialize}: the config as key-value pairs, keys sorted. */
    public static List<Value> initializeArgs(Map<String, String> config) {
        List<Value> pairs = new ArrayList<>();
        new TreeMap<>(config).forEach((key, value) -> pairs.add(new Value.Tuple(List.of(new Value.Str(key),
                new Value.Str(value)))));
        return List.of(new Value.ListOf(pairs));
    }

    /** The arguments of {@code on-event}. */
    public static List<Value> onEventArgs(String type, String payload) {
        return List.of(new Value.Str(type), new Value.Str(payload));
    }

    /** The message of an {@code err} that a {@code result<_, string>} carried; empty for {@code ok}. */
    public static Optional<String> failure(List<Value> results) {
        if (results.size() == 1 && results.get(0) instanceof Value.Result result && !result.ok()) {
            return Optional.of(result.payload().map(p -> p instanceof Value.Str s ? s.value() : p.toString())
                    .orElse(""));
        }
        return Optional.empty();
    }

    /** What {@code get-metadata} returned, as the JSON object a core module's {@code plinth_metadata} returns. */
    public static byte[] metadataJson(List<Value> results) {
        return ValueJson.toJsonString(results.get(0), METADATA).getBytes(StandardCharsets.UTF_8);
    }

    /** What {@code get-status} returned, as compact JSON in the documented mapping. */
    public static String statusJson(List<Value> results) {
        return ValueJson.toJsonString(results.get(0), STATUS);
    }
}
