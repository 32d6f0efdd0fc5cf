package dev.plinth.security.policy;

import dev.plinth.api.kv.KvQuota;
import dev.plinth.api.manifest.DenyRules;
import dev.plinth.api.manifest.FsPermission;
import dev.plinth.api.manifest.NetPermission;
import dev.plinth.api.manifest.Permissions;
import dev.plinth.api.unit.DataSize;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What one plugin actually gets: asked ∩ granted − denied, per kind, with the limits it runs under
 * and the difference between what it asked for and what it got. Plain values, for the loader, the
 * file-system sandbox, the network gateway, the actuator and {@code plinth inspect}.
 *
 * @param plugin the plugin's name
 * @param fs file-system rules in effect (each within a grant, none refused by a deny rule as a whole)
 * @param net network rules in effect
 * @param hostFunctions application host functions the plugin may import
 * @param deny the deny rules still to apply at run time (the policy's and the manifest's): they
 *     may cut holes into a rule in effect ({@code read:/} with {@code read:/etc} denied)
 * @param limits the value of every limit
 * @param clock what the plugin's WASI clocks read (granted by the policy; manifests do not ask)
 * @param random where the plugin's WASI random bytes come from (likewise)
 * @param httpResponseHeaders whether {@code http_headers} returns the last response's headers
 *     (else it returns 0, as an Extism host that has not enabled them does)
 * @param notGranted what was asked for and not granted in full, and why
 * @param dataDir the quota of the plugin's data directory, seen at
 *     {@value Permissions#DATA_DIR_PATH}; empty: none
 * @param env the environment variables the plugin sees (asked ∩ granted)
 * @param kv the quota of the plugin's key-value store ({@code plinth:host/kv}); empty: none, and
 *     a module that imports it is refused at load
 * @param events the event types it may emit and receive in effect, with the granted bounds;
 *     empty: none, and a module that imports {@code plinth:host/events} is refused at load
 */
public record EffectiveGrants(
        String plugin,
        List<FsPermission> fs,
        List<NetPermission> net,
        Set<String> hostFunctions,
        DenyRules deny,
        GrantLimits limits,
        ClockAccess clock,
        RandomSource random,
        boolean httpResponseHeaders,
        List<GrantDifference> notGranted,
        Optional<DataDirQuota> dataDir,
        EnvironmentGrant env,
        Optional<KvQuota> kv,
        Optional<EventsGrant> events) {

    public EffectiveGrants {
        Objects.requireNonNull(plugin, "plugin");
        fs = List.copyOf(fs);
        net = List.copyOf(net);
        hostFunctions = Collections.unmodifiableSet(new LinkedHashSet<>(hostFunctions));
        Objects.requireNonNull(deny, "deny");
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(random, "random");
        notGranted = List.copyOf(notGranted);
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(env, "env");
        Objects.requireNonNull(kv, "kv");
        Objects.requireNonNull(events, "events");
    }

    /** Without events. */
    public EffectiveGrants(String plugin, List<FsPermission> fs, List<NetPermission> net, Set<String> hostFunctions,
            DenyRules deny, GrantLimits limits, ClockAccess clock, RandomSource random, boolean httpResponseHeaders,
            List<GrantDifference> notGranted, Optional<DataDirQuota> dataDir, EnvironmentGrant env,
            Optional<KvQuota> kv) {
        this(plugin, fs, net, hostFunctions, deny, limits, clock, random, httpResponseHeaders, notGranted, dataDir,
                env, kv, Optional.empty());
    }

    /** Without a key-value store. */
    public EffectiveGrants(String plugin, List<FsPermission> fs, List<NetPermission> net, Set<String> hostFunctions,
            DenyRules deny, GrantLimits limits, ClockAccess clock, RandomSource random, boolean httpResponseHeaders,
            List<GrantDifference> notGranted, Optional<DataDirQuota> dataDir, EnvironmentGrant env) {
        this(plugin, fs, net, hostFunctions, deny, limits, clock, random, httpResponseHeaders, notGranted, dataDir,
                env, Optional.empty(), Optional.empty());
    }

    /** Without a data directory or environment variables. */
    public EffectiveGrants(String plugin, List<FsPermission> fs, List<NetPermission> net, Set<String> hostFunctions,
            DenyRules deny, GrantLimits limits, ClockAccess clock, RandomSource random, boolean httpResponseHeaders,
            List<GrantDifference> notGranted) {
        this(plugin, fs, net, hostFunctions, deny, limits, clock, random, httpResponseHeaders, notGranted,
                Optional.empty(), EnvironmentGrant.NONE);
    }

    /** Without response headers. */
    public EffectiveGrants(String plugin, List<FsPermission> fs, List<NetPermission> net, Set<String> hostFunctions,
            DenyRules deny, GrantLimits limits, ClockAccess clock, RandomSource random, List<GrantDifference> notGranted) {
        this(plugin, fs, net, hostFunctions, deny, limits, clock, random, false, notGranted);
    }

    /** Whether everything asked for was granted in full. */
    public boolean complete() {
        return notGranted.isEmpty();
    }

    /** Whether the plugin may import the application host function {@code name}. */
    public boolean allowsHostFunction(String name) {
        return hostFunctions.contains(name);
    }

    /** The differences about one kind ({@code fs}, {@code host-function}, {@code memory}...). */
    public List<GrantDifference> notGranted(String kind) {
        return notGranted.stream().filter(d -> d.kind().equals(kind)).toList();
    }

    /** A multi-line report: the grants in effect, then what was asked and not granted. */
    public String describe() {
        StringBuilder b = new StringBuilder();
        b.append("effective grants of ").append(plugin).append(":\n");
        line(b, "fs", join(fs));
        line(b, "net", join(net));
        line(b, "host-functions", join(hostFunctions));
        line(b, "deny fs", join(deny.fs()));
        line(b, "deny net", join(deny.net()));
        limits.describe().forEach((k, v) -> line(b, k, v));
        line(b, "clock", clock.key());
        line(b, "random", random.key());
        line(b, "http headers", httpResponseHeaders ? "returned" : "not returned");
        line(b, "data dir", dataDir.map(q -> q + " at " + Permissions.DATA_DIR_PATH)
                .orElse("none"));
        line(b, "env", env.toString());
        line(b, "kv", kv.map(KvQuota::toString).orElse("none"));
        line(b, "events", events.map(EventsGrant::toString).orElse("none"));
        if (notGranted.isEmpty()) {
            b.append("asked but not granted: nothing\n");
        } else {
            b.append("asked but not granted:\n");
            notGranted.forEach(d -> b.append("  ").append(d.describe()).append('\n'));
        }
        return b.toString();
    }

    /**
     * The same as nested maps, lists and strings, ready for JSON, with stable camelCase keys as in
     * Plinth's other JSON: {@code plugin}, {@code fs}, {@code net}, {@code hostFunctions},
     * {@code httpResponseHeaders} (a boolean), {@code dataDir} ({@code path}, {@code quota},
     * {@code quotaBytes}, {@code files}; null when none), {@code env} (the names only), {@code kv} ({@code maxKeys}, {@code maxKeyBytes},
     * {@code maxValueBytes}, {@code maxTotalBytes}; null when none), {@code events} ({@code emit},
     * {@code subscribe}, {@code maxEmitsPerCall}, {@code maxPayloadBytes}; null when none), {@code deny} ({@code fs}, {@code net}), {@code limits} (by {@link Limit#jsonName()}, as text:
     * {@code "64MB"}, {@code "5s"}), {@code limitValues} (the same as numbers: bytes, nanoseconds
     * for {@code cpuTime}, counts), {@code notGranted} (each with {@code kind}, {@code asked},
     * {@code granted}, {@code reason} as {@link GrantDifference.Reason#code()}, {@code detail}).
     */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("plugin", plugin);
        m.put("fs", strings(fs));
        m.put("net", strings(net));
        m.put("hostFunctions", List.copyOf(hostFunctions));
        m.put("clock", clock.key());
        m.put("random", random.key());
        m.put("httpResponseHeaders", httpResponseHeaders);
        m.put("dataDir", dataDir.map(q -> {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("path", Permissions.DATA_DIR_PATH);
            e.put("quota", DataSize.ofBytes(q.bytes()).toString());
            e.put("quotaBytes", q.bytes());
            e.put("files", q.files());
            return (Object) e;
        }).orElse(null));
        m.put("env", List.copyOf(env.names()));
        m.put("kv", kv.map(q -> {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("maxKeys", q.maxKeys());
            e.put("maxKeyBytes", q.maxKeyBytes());
            e.put("maxValueBytes", q.maxValueBytes());
            e.put("maxTotalBytes", q.maxTotalBytes());
            return (Object) e;
        }).orElse(null));
        m.put("events", events.map(g -> {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("emit", g.emit());
            e.put("subscribe", g.subscribe());
            e.put("maxEmitsPerCall", g.maxEmitsPerCall());
            e.put("maxPayloadBytes", g.maxPayloadBytes());
            return (Object) e;
        }).orElse(null));
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("fs", strings(deny.fs()));
        d.put("net", strings(deny.net()));
        m.put("deny", d);
        Map<String, String> texts = new LinkedHashMap<>();
        Map<String, Long> values = new LinkedHashMap<>();
        limits.values().forEach((k, v) -> {
            texts.put(k.jsonName(), k.format(v));
            values.put(k.jsonName(), v);
        });
        m.put("limits", texts);
        m.put("limitValues", values);
        m.put("notGranted", notGranted.stream().map(g -> {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("kind", g.kind());
            e.put("asked", g.asked());
            e.put("granted", g.granted());
            e.put("reason", g.reason().code());
            e.put("detail", g.detail());
            return e;
        }).toList());
        return m;
    }

    @Override
    public String toString() {
        return describe();
    }

    private static void line(StringBuilder b, String label, String value) {
        b.append("  ").append(label).append(':').append(" ".repeat(Math.max(1, 16 - label.length())))
                .append(value).append('\n');
    }

    private static String join(java.util.Collection<?> items) {
        return items.isEmpty() ? "none" : items.stream().map(Object::toString).collect(Collectors.joining(", "));
    }

    private static List<String> strings(java.util.Collection<?> items) {
        return items.stream().map(Object::toString).toList();
    }
}
