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
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
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
     * {@link CallsDescriptor}.
     */
    public record PluginSummary(String name, String version, String status, String sha256, CanaryDescriptor canary,
            long calls, long errors, double p50Millis, double p99Millis, ErrorDescriptor lastError) {
        static PluginSummary of(VersionInfo info, CanaryDescriptor canary, CallsDescriptor calls) {
            return new PluginSummary(info.name(), info.version(), statusText(info.status()), info.sha256(), canary,
                    calls.calls(), calls.errors(), calls.p50Millis(), calls.p99Millis(),
                    ErrorDescriptor.of(info.lastError()));
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
            return version.map(v -> of(v.version(), v.callStats().snapshot())).orElse(NONE);
        }

        static CallsDescriptor of(String version, CallStats.Snapshot stats) {
            Map<String, Long> outcomes = new TreeMap<>();
            if (stats.successes() > 0) {
                outcomes.put("success", stats.successes());
            }
            stats.failures().forEach((code, count) -> outcomes.put(code.code(), count));
            return new CallsDescriptor(stats.calls(), stats.failureCount(), millis(stats.p50()), millis(stats.p99()),
                    outcomes, stats.recentFailures().stream().map(f -> RecentError.of(version, f)).toList());
        }
    }

    /** A failed call: when it ended, the version that ran it, the export, the error code and how long it took. */
    public record RecentError(String at, String version, String function, String code, double elapsedMillis) {
        static RecentError of(String version, CallStats.Failure failure) {
            return new RecentError(failure.at().toString(), version, failure.function(), failure.code().code(),
                    millis(failure.elapsed()));
        }
    }

    /**
     * {@code GET /actuator/plugins/{name}}. {@code permissions} is what the manifest asks for;
     * {@code grants} is what the security policy gives the
     * serving version ({@code EffectiveGrants.toMap()}: rules, host functions and limits in
     * effect, and {@code notGranted}, what it asked for and did not get, with the reason).
     * {@code interpreter} is why the serving version runs in Chicory's interpreter though the engine
     * compiles (it uses SIMD), or null.
     * {@code vars} is how much the plugin keeps in its vars, never what.
     */
    public record PluginDetail(String name, String version, String status, String description, String source,
            String sha256, String loadedAt, CanaryDescriptor canary, List<VersionDescriptor> versions,
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
        static AuditDescriptor of(AuditEntry entry) {
            return new AuditDescriptor(entry.version(), entry.what().code(), entry.resource(), entry.action().label(),
                    entry.detail(), entry.at().toString(), entry.count(), entry.last().toString());
        }
    }

    /**
     * A canary in progress, with its own call figures (as in {@link CallsDescriptor}), read from
     * the statistics the canary judge reads.
     */
    public record CanaryDescriptor(String version, int weight, long calls, long errors, double p50Millis,
            double p99Millis) {
        static CanaryDescriptor of(Optional<CanaryState> state, Optional<PluginVersion> canary) {
            return state.map(s -> {
                CallsDescriptor calls = CallsDescriptor.of(canary.filter(c -> c.version().equals(s.canaryVersion())));
                return new CanaryDescriptor(s.canaryVersion(), s.weight(), calls.calls(), calls.errors(),
                        calls.p50Millis(), calls.p99Millis());
            }).orElse(null);
        }
    }

    /** One entry of a plugin's version history, newest first. */
    public record VersionDescriptor(String version, String status, String sha256, String signature, String loadedAt,
            int weight, ErrorDescriptor error) {
        static VersionDescriptor of(VersionInfo info) {
            return new VersionDescriptor(info.version(), statusText(info.status()), info.sha256(), info.signature(),
                    info.loadedAt().toString(), info.weight(), ErrorDescriptor.of(info.lastError()));
        }
    }

    /** An export and its codecs; {@code declared} is false for exports the manifest does not list (bytes). */
    public record ExportDescriptor(String name, String input, String output, boolean declared) {
        static ExportDescriptor of(String name, Optional<ExportDeclaration> declaration) {
            return new ExportDescriptor(name, codec(declaration.map(ExportDeclaration::input)),
                    codec(declaration.map(ExportDeclaration::output)), declaration.isPresent());
        }

        private static String codec(Optional<Codec> codec) {
            return codec.orElse(Codec.BYTES).name().toLowerCase(Locale.ROOT);
        }
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
     * after a call: linear memory and, part of it, the host heap its tables and globals take.
     */
    public record LimitsDescriptor(long memoryBytes, long callTimeoutMillis, int maxInstances,
            long acquireTimeoutMillis, int maxInputBytes, int maxOutputBytes, long maxVarBytes,
            long maxTableElements, int liveInstances, int busyInstances, long peakMemoryBytes,
            long peakHostMemoryBytes) {
        static LimitsDescriptor of(PluginVersion plugin) {
            PluginLimits limits = plugin.limits();
            return new LimitsDescriptor(limits.maxMemory().toBytes(), limits.callTimeout().toMillis(),
                    limits.maxInstances(), limits.acquireTimeout().toMillis(), limits.maxInputBytes(),
                    limits.maxOutputBytes(), limits.maxVarBytes(), limits.module().maxTableElements(),
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

    /** The answer to a successful {@code POST}: what was done, and the plugin as it stands now. */
    public record ActionResult(String plugin, String action, Integer weight, PluginSummary now) {
    }

    /** An RFC 9457-shaped error body for a refused {@code POST}. */
    public record Problem(String type, String title, int status, String detail) {
        static final String TYPE_BASE = dev.plinth.spring.web.PluginProblems.TYPE_BASE;
    }

    static String statusText(dev.plinth.api.PluginStatus status) {
        return status.name().toLowerCase(Locale.ROOT);
    }

    private static double millis(Duration duration) {
        return duration.toNanos() / 1e6;
    }
}
