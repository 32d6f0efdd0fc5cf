package dev.plinth.spring.observation;

import dev.plinth.api.error.ErrorCode;
import dev.plinth.api.observe.CallEvent;
import io.micrometer.common.KeyValues;

/**
 * Observation {@value #NAME}, named {@code <plugin> <function>} as a span, with the low-cardinality
 * keys {@code plugin}, {@code version}, {@code digest} (its first 8 hex digits, as
 * {@code VersionInfo.versionId} shows it), {@code function} and {@code outcome} ({@code success} or
 * the error's code, as the {@code plinth.plugin.calls} timer tags it). A call no version ran (no
 * such plugin or export) is tagged {@code unknown} / {@code none}, so that callers cannot grow the
 * number of series with made-up names; the names asked for are then high-cardinality keys
 * {@code requested.plugin} and {@code requested.function}, seen on spans only.
 */
public class DefaultPluginCallObservationConvention implements PluginCallObservationConvention {
    /** The observation's name, and so the name of the timer Micrometer's meter handler makes of it. */
    public static final String NAME = "plinth.plugin.call";
    static final String UNKNOWN = "unknown";
    static final String NONE = "none";

    @Override
    public String getName() {
        return NAME;
    }

    @Override
    public String getContextualName(PluginCallContext context) {
        return context.ran().map(event -> event.plugin() + " " + functionOf(event)).orElse("plinth call");
    }

    @Override
    public KeyValues getLowCardinalityKeyValues(PluginCallContext context) {
        return context.ran()
                .map(event -> KeyValues.of("plugin", event.plugin(), "version", event.version(), "digest",
                        event.versionId().shortDigest(), "function", functionOf(event), "outcome", event.outcome()))
                .orElseGet(() -> KeyValues.of("plugin", UNKNOWN, "version", NONE, "digest", NONE, "function", UNKNOWN,
                        "outcome", context.refused().map(ErrorCode::code).orElse(UNKNOWN)));
    }

    @Override
    public KeyValues getHighCardinalityKeyValues(PluginCallContext context) {
        if (context.ran().isPresent()) {
            return KeyValues.empty();
        }
        return KeyValues.of("requested.plugin", context.request().plugin(), "requested.function",
                context.request().function());
    }

    /** A version reports not-found only for an export it does not have: a caller's name, not a tag. */
    private static String functionOf(CallEvent event) {
        return event.error().filter(code -> code == ErrorCode.NOT_FOUND).isPresent() ? UNKNOWN : event.function();
    }
}
