package dev.plinth.spring.endpoint;

import dev.plinth.api.PluginError;
import dev.plinth.api.PluginLimits;
import dev.plinth.api.VersionInfo;
import dev.plinth.api.PluginVars;
import dev.plinth.api.deploy.CanaryState;
import dev.plinth.api.manifest.Codec;
import dev.plinth.api.manifest.ExportDeclaration;
import dev.plinth.api.manifest.Permissions;
import dev.plinth.host.CallStats;
import dev.plinth.host.PluginVersion;
import dev.plinth.security.audit.AuditEntry;
import dev.plinth.spring.web.PluginProblems;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * The JSON shapes of the {@code plugins} actuator endpoint. Times are ISO-8601 strings and codes
 * are the stable lower-case codes, so the output reads the same whatever the actuator's JSON
 * settings are.
 */
public final class PluginDescriptors {
    private PluginDescriptors() {
    }

    /** {@code GET /actuator/plugins}. */
    public record PluginsReport(String pluginsDir, List<PluginSummary> plugins) {
    }

    /**
     * One line of the list; {@code calls} to {@code p99Millis} are the listed version's, as in
     * {@link CallsDescriptor}. Everywhere in these shapes, {@code version} is the manifest's version
     * string, {@code digest} the hex SHA-256 over every file of the source ({@code VersionInfo.digest})
     * and {@code versionId} both, as logs and events write them ({@code 0.1.0@1a2b3c4d}), which
     * tells apart builds with the same version string.
     */
    public record PluginSummary(String name, String version, String versionId, String status, String sha256,
            String digest, CanaryDescriptor canary, long calls, long errors, double p50Millis, double p99Millis,
            ErrorDescriptor lastError) {
        static PluginSummary of(VersionInfo info, CanaryDescriptor canary, CallsDescriptor calls) {
            return new PluginSummary(info.name(), info.version(), info.versionId().toString(), info.status().text(),
                    info.sha256(), info.digest(), canary, calls.calls(), calls.errors(), calls.p50Millis(),
                    calls.p99Millis(), ErrorDescriptor.of(info.lastError()));
        }
    }

    /**
     * One version's calls, read from its {@link CallStats}: the figures the canary judge reads
     * and the meters show.
     *
     * @param calls calls since the version was loaded
     * @param errors of those, the failed ones
     * @param p50Millis median latency of its latest measured calls (up to 1024; busy, too-large
     *     and not-found calls are left out), within 6.25%, rounded up
     * @param p99Millis 99th percentile latency of the same calls
     * @param outcomes calls by outcome: {@code success} or an error code
     * @param recentErrors the latest failed calls, newest first (up to 20)
     */
    public record CallsDescriptor(long calls, long errors, double p50Millis, double p99Millis,
            Map<String, Long> outcomes, List<RecentError> recentErrors) {
        static final CallsDescriptor NONE = new CallsDescriptor(0, 0, 0, 0, Map.of(), List.of());

        public CallsDescriptor {
            outcomes = Collections.unmodifiableMap(new TreeMap<>(outcomes));
            recentErrors = List.copyOf(recentErrors);
        }

        /** The figures of {@code version}; all zero when there is none. */
        static CallsDescriptor of(Optional<PluginVersion> version) {
            return version.map(v -> of(v.versionId().toString(), v.callStats().snapshot())).orElse(NONE);
        }

        /** @param versionId the version's id ({@code 0.1.0@1a2b3c4d}) */
        static CallsDescriptor of(String versionId, CallStats.Snapshot stats) {
            Map<String, Long> outcomes = new TreeMap<>();
            if (stats.successes() > 0) {
                outcomes.put("success", stats.successes());
            }
            stats.failures().forEach((code, count) -> outcomes.put(code.code(), count));
            return new CallsDescriptor(stats.calls(), stats.failureCount(), millis(stats.p50()), millis(stats.p99()),
                    outcomes, stats.recentFailures().stream().map(f -> RecentError.of(versionId, f)).toList());
        }
    }

    /**
     * A failed call: when it ended, the version that ran it (its {@code versionId},
     * {@code 0.1.0@1a2b3c4d}), the export, the error code and how long it took.
     */
    public record RecentError(String at, String versionId, String function, String code, double elapsedMillis) {
        static RecentError of(String versionId, CallStats.Failure failure) {
            return new RecentError(failure.at().toString(), versionId, failure.function(), failure.code().code(),
                    millis(failure.elapsed()));
        }
    }

    /**
     * {@code GET /actuator/plugins/{name}}. {@code permissions} is what the manifest asks for;
     * {@code grants} is what the security policy gives the
     * serving version ({@code EffectiveGrants.toMap()}: rules, host functions and limits in
     * effect, and {@code notGranted}, what it asked for and did not get, with the reason); its
     * {@code limits.fuel} is the budget each call runs under, {@code "unmetered"} (and
     * {@code limitValues.fuel} null) when calls are not metered, rather than the policy's ceiling.
     * {@code interpreter} is why the serving version runs in Chicory's interpreter though the engine
     * compiles (it uses SIMD), or null.
     * {@code vars} is how much the plugin keeps in its vars, never what.
     * {@code kind} is what the serving version is: {@code module} (a core module, Extism ABI) or
     * {@code component} (a WebAssembly component, whose exports carry their WIT {@code type}); null when none serves.
     * {@code world} is the WIT world a serving component was checked against at load ({@code [plugin] world}), and
     * {@code interfaceHash} its interface's compatibility hash; both null for a core module (and {@code world} for a
     * component naming none).
     */
    public record PluginDetail(String name, String version, String versionId, String status, String kind,
            String world, String interfaceHash, String description,
            String source, String sha256, String digest, String loadedAt, CanaryDescriptor canary, List<VersionDescriptor> versions,
            List<ExportDescriptor> exports, PermissionSet permissions, Map<String, Object> grants,
            LimitsDescriptor limits, String interpreter, VarsDescriptor vars, CallsDescriptor calls,
            ErrorDescriptor lastError, List<AuditDescriptor> audit) {
    }

    /**
     * How much a plugin keeps in its Extism vars: how many, their bytes (keys and values) and its
     * {@code max-vars}. Keys and values are the plugin's and the application's data, and are never shown.
     */
    public record VarsDescriptor(int count, long bytes, long maxBytes) {
        static VarsDescriptor of(PluginVars vars) {
            return new VarsDescriptor(vars.count(), vars.bytes(), vars.maxBytes());
        }
    }

    /**
     * One refusal or limit hit from the audit log, newest last; a flood of the same event is one
     * descriptor with its {@code count}, {@code at} the first time and {@code last} the last.
     */
    public record AuditDescriptor(String version, String code, String resource, String action, String detail,
            String at, long count, String last) {
        public static AuditDescriptor of(AuditEntry entry) {
            return new AuditDescriptor(entry.version(), entry.what().code(), entry.resource(), entry.action().label(),
                    entry.detail(), entry.at().toString(), entry.count(), entry.last().toString());
        }
    }

    /**
     * A canary in progress, with its own call figures (as in {@link CallsDescriptor}), read from
     * the statistics the canary judge reads. {@code digest} is the canary's full source digest;
     * the active version takes {@code 100 - weight} percent.
     */
    public record CanaryDescriptor(String version, String versionId, String digest, int weight, long calls,
            long errors, double p50Millis, double p99Millis) {
        static CanaryDescriptor of(Optional<CanaryState> state, Optional<PluginVersion> canary) {
            return state.map(s -> {
                CallsDescriptor calls = CallsDescriptor.of(canary.filter(c -> c.versionId().equals(s.canary())));
                return new CanaryDescriptor(s.canaryVersion(), s.canary().toString(), s.canary().digest(), s.weight(),
                        calls.calls(), calls.errors(), calls.p50Millis(), calls.p99Millis());
            }).orElse(null);
        }
    }

    /** One entry of a plugin's version history, newest first; the weights of the active version and the canary add up to 100. */
    public record VersionDescriptor(String version, String versionId, String status, String sha256, String digest,
            String signature, String loadedAt, int weight, ErrorDescriptor error) {
        static VersionDescriptor of(VersionInfo info) {
            return new VersionDescriptor(info.version(), info.versionId().toString(), info.status().text(),
                    info.sha256(), info.digest(), info.signature(), info.loadedAt().toString(), info.weight(),
                    ErrorDescriptor.of(info.lastError()));
        }
    }

    /**
     * An export and its codecs; {@code declared} is false for exports the manifest does not list (bytes);
     * {@code type} is a component export's WIT type ({@code func(s: string) -> string}), null for a core module's.
     */
    public record ExportDescriptor(String name, String input, String output, boolean declared, String type) {
        static ExportDescriptor of(String name, Optional<ExportDeclaration> declaration, String type) {
            return new ExportDescriptor(name, codec(declaration.map(ExportDeclaration::input)),
                    codec(declaration.map(ExportDeclaration::output)), declaration.isPresent(), type);
        }

        private static String codec(Optional<Codec> codec) {
            return codec.orElse(Codec.BYTES).name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * What the policy gives a serving version ({@code EffectiveGrants.toMap()}), with the fuel
     * limit the version actually runs under: its budget per call, or {@code "unmetered"}.
     */
    static Map<String, Object> grants(PluginVersion plugin) {
        Map<String, Object> grants = new LinkedHashMap<>(plugin.grants().toMap());
        OptionalLong fuel = plugin.fuelPerCall();
        Map<Object, Object> texts = new LinkedHashMap<>(asMap(grants.get("limits")));
        Map<Object, Object> values = new LinkedHashMap<>(asMap(grants.get("limitValues")));
        texts.put("fuel", fuel.isPresent() ? Long.toString(fuel.getAsLong()) : "unmetered");
        values.put("fuel", fuel.isPresent() ? fuel.getAsLong() : null);
        grants.put("limits", texts);
        grants.put("limitValues", values);
        return grants;
    }

    private static Map<?, ?> asMap(Object value) {
        return value instanceof Map<?, ?> map ? map : Map.of();
    }

    /** A manifest's {@code [permissions]}, as text. Absent limits are null. */
    public record PermissionSet(List<String> fs, List<String> net, List<String> hostFunctions, String memory,
            String cpuTime, Long fuel, Integer maxInstances, List<String> denyFs, List<String> denyNet) {
        static PermissionSet of(Permissions p) {
            return new PermissionSet(texts(p.fs()), texts(p.net()), p.hostFunctions().stream().sorted().toList(),
                    p.memory().map(Object::toString).orElse(null), p.cpuTime().map(Object::toString).orElse(null),
                    p.fuel().isPresent() ? p.fuel().getAsLong() : null,
                    p.maxInstances().isPresent() ? p.maxInstances().getAsInt() : null,
                    texts(p.deny().fs()), texts(p.deny().net()));
        }

        private static List<String> texts(List<?> rules) {
            return rules.stream().map(Object::toString).toList();
        }
    }

    /**
     * The limits a version runs under, its instances now, and the most memory one of them has had
     * after a call: linear memory and, part of it, the host heap its tables and globals take;
     * {@code fuelPerCall} is the instructions a call may run, null when calls are not metered.
     */
    public record LimitsDescriptor(long memoryBytes, long callTimeoutMillis, int maxInstances,
            long acquireTimeoutMillis, int maxInputBytes, int maxOutputBytes, long maxVarBytes,
            long maxTableElements, Long fuelPerCall, int liveInstances, int busyInstances, long peakMemoryBytes,
            long peakHostMemoryBytes) {
        static LimitsDescriptor of(PluginVersion plugin) {
            PluginLimits limits = plugin.limits();
            OptionalLong fuel = plugin.fuelPerCall();
            return new LimitsDescriptor(limits.maxMemory().toBytes(), limits.callTimeout().toMillis(),
                    limits.maxInstances(), limits.acquireTimeout().toMillis(), limits.maxInputBytes(),
                    limits.maxOutputBytes(), limits.maxVarBytes(), limits.module().maxTableElements(),
                    fuel.isPresent() ? fuel.getAsLong() : null,
                    plugin.liveInstances(), plugin.busyInstances(), plugin.peakMemoryBytes(),
                    plugin.peakHostMemoryBytes());
        }
    }

    /** An error remembered about a plugin. */
    public record ErrorDescriptor(String code, String message, String at) {
        static ErrorDescriptor of(Optional<PluginError> error) {
            return error.map(e -> new ErrorDescriptor(e.code().code(), e.message(), e.at().toString())).orElse(null);
        }
    }

    /**
     * The answer to a successful {@code POST}: what was done (with the version it named, for a
     * {@code canary} that staged one), and the plugin as it stands now.
     */
    public record ActionResult(String plugin, String action, Integer weight, String version, PluginSummary now) {
    }

    /** An RFC 9457-shaped error body for a refused {@code POST}. */
    public record Problem(String type, String title, int status, String detail) {
        static final String TYPE_BASE = PluginProblems.TYPE_BASE;
    }

    private static double millis(Duration duration) {
        return duration.toNanos() / 1e6;
    }
}
