package dev.plinth.spring.metrics;

import dev.plinth.api.VersionInfo;
import dev.plinth.api.deploy.PluginEvent;
import dev.plinth.api.deploy.PluginEventListener;
import dev.plinth.api.error.ErrorCode;
import dev.plinth.api.observe.CallEvent;
import dev.plinth.api.observe.CallListener;
import dev.plinth.host.CallStats;
import dev.plinth.host.PluginVersion;
import dev.plinth.spring.ActivePlugins;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter.MeterProvider;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.Timer;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Plinth's Micrometer meters, fed by every call and every version change, and reading each
 * version's {@link CallStats}, so that they show what the actuator and the canary judge show:
 * <ul>
 * <li>{@code plinth.plugin.calls} timer, tags {@code plugin}, {@code version}, {@code digest}
 * (the first 8 hex digits of the version's source digest, so that two builds with one version
 * string, such as a canary and the active version, are separate series), {@code function},
 * {@code outcome} ({@code success} or the error code); calls of exports a plugin does not have
 * are tagged {@code function=unknown}. Fed the very measurement the version counted in its
 * statistics, so its counts per version and outcome are theirs. Its histogram and SLO buckets are
 * {@code plinth.metrics.histogram} and {@code plinth.metrics.slo} ({@link CallTimerBuckets});
 * <li>{@code plinth.plugin.latency} time gauge, tags {@code plugin}, {@code quantile} ({@code 0.5},
 * {@code 0.99}): the serving version's percentiles from its statistics, over its latest measured
 * calls, the p50 and p99 of the actuator and the p99 the canary judge compares;
 * <li>{@code plinth.plugin.violations} counter, tags {@code plugin}, {@code code}: calls refused
 * or stopped for crossing a limit (permission-denied, too-large, memory-limit, timeout,
 * fuel-exhausted);
 * <li>{@code plinth.plugin.instances} gauge, tag {@code plugin}: live instances of the serving version;
 * <li>{@code plinth.plugin.reloads} counter, tags {@code plugin}, {@code type}: version changes
 * ({@code loaded}, {@code promoted}, {@code rolled_back}, ...);
 * <li>{@code plinth.plugin.fuel} distribution summary, tag {@code plugin}: instructions per call.
 * Recorded for calls of metered plugins (those with a fuel budget); empty for the others.
 * </ul>
 */
public final class PluginMetrics implements CallListener, PluginEventListener {
    static final Set<ErrorCode> VIOLATIONS = EnumSet.of(ErrorCode.PERMISSION_DENIED, ErrorCode.TOO_LARGE,
            ErrorCode.MEMORY_LIMIT, ErrorCode.TIMEOUT, ErrorCode.FUEL_EXHAUSTED);

    static final String UNKNOWN_FUNCTION = "unknown";

    /** The {@code quantile} tags of {@code plinth.plugin.latency}. */
    static final List<String> QUANTILES = List.of("0.5", "0.99");

    private final MeterRegistry meters;
    private final Supplier<ActivePlugins> activePlugins;
    private final MeterProvider<Timer> calls;
    private final MeterProvider<Counter> violations;
    private final MeterProvider<Counter> reloads;
    private final Set<String> instrumented = ConcurrentHashMap.newKeySet();

    /**
     * @param activePlugins looked up when the gauge is read, not before: the engine that feeds
     *     these meters is built before the registry that answers the lookup
     */
    public PluginMetrics(MeterRegistry meters, Supplier<ActivePlugins> activePlugins) {
        this(meters, activePlugins, CallTimerBuckets.NONE);
    }

    /** @param buckets the histogram and SLO buckets of {@code plinth.plugin.calls} */
    public PluginMetrics(MeterRegistry meters, Supplier<ActivePlugins> activePlugins, CallTimerBuckets buckets) {
        this.meters = meters;
        this.activePlugins = activePlugins;
        this.calls = buckets.applyTo(Timer.builder("plinth.plugin.calls").description("Calls of plugin exports"))
                .withRegistry(meters);
        this.violations = Counter.builder("plinth.plugin.violations")
                .description("Plugin calls refused or stopped for crossing a limit or permission").withRegistry(meters);
        this.reloads = Counter.builder("plinth.plugin.reloads")
                .description("Changes to plugin versions: loads, canaries, promotions, rollbacks")
                .withRegistry(meters);
    }

    @Override
    public void onCall(CallEvent event) {
        instrument(event.plugin());
        calls.withTags("plugin", event.plugin(), "version", event.version(), "digest",
                event.versionId().shortDigest(), "function", functionTag(event), "outcome", event.outcome())
                .record(event.elapsed());
        event.fuel().ifPresent(fuel -> meters.summary("plinth.plugin.fuel", "plugin", event.plugin()).record(fuel));
        event.error().filter(VIOLATIONS::contains).ifPresent(code -> violations
                .withTags("plugin", event.plugin(), "code", code.code()).increment());
    }

    @Override
    public void onEvent(PluginEvent event) {
        instrument(event.plugin());
        reloads.withTags("plugin", event.plugin(), "type", event.type().name().toLowerCase(Locale.ROOT))
                .increment();
    }

    /**
     * The export's name; {@code unknown} for a call of an export the plugin does not have, so
     * that callers cannot grow the number of time series with made-up names.
     */
    private String functionTag(CallEvent event) {
        boolean unknownExport = event.error().filter(code -> code == ErrorCode.NOT_FOUND).isPresent()
                && !activePlugins.get().active(event.plugin()).map(PluginVersion::exports)
                        .map(exports -> exports.contains(event.function())).orElse(false);
        return unknownExport ? UNKNOWN_FUNCTION : event.function();
    }

    /** Registers the per-plugin gauges and summary of plugins already loaded. */
    public void instrumentAll(Collection<VersionInfo> plugins) {
        plugins.forEach(p -> instrument(p.name()));
    }

    private void instrument(String plugin) {
        if (!instrumented.add(plugin)) {
            return;
        }
        Gauge.builder("plinth.plugin.instances", () -> liveInstances(plugin))
                .description("Live instances (idle and busy) of the serving version of a plugin")
                .tag("plugin", plugin).strongReference(true).register(meters);
        for (String quantile : QUANTILES) {
            double q = Double.parseDouble(quantile);
            TimeGauge.builder("plinth.plugin.latency", () -> latencyNanos(plugin, q), TimeUnit.NANOSECONDS)
                    .description("Latency percentile of the serving version's latest calls (busy, too-large and"
                            + " not-found left out), as the actuator and the canary judge read it")
                    .tags("plugin", plugin, "quantile", quantile).strongReference(true).register(meters);
        }
        DistributionSummary.builder("plinth.plugin.fuel")
                .description("Fuel (instructions) a metered call used")
                .baseUnit("instructions").tag("plugin", plugin).register(meters);
    }

    private long latencyNanos(String plugin, double quantile) {
        return activePlugins.get().active(plugin).map(p -> p.callStats().percentile(quantile).toNanos()).orElse(0L);
    }

    private int liveInstances(String plugin) {
        Optional<PluginVersion> serving = activePlugins.get().active(plugin);
        return serving.map(PluginVersion::liveInstances).orElse(0);
    }
}
