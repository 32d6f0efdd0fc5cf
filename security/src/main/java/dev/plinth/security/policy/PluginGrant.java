package dev.plinth.security.policy;

import dev.plinth.api.kv.KvQuota;
import dev.plinth.api.manifest.FsPermission;
import dev.plinth.api.manifest.NetPermission;
import dev.plinth.api.manifest.PermissionRules;
import dev.plinth.api.unit.DataSize;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * What the operator grants one plugin (or every plugin not named): file-system and network rules,
 * application host functions, limit values, and what its WASI clocks and random bytes are.
 *
 * <p>A granted limit value is both the most the plugin gets and what it gets when its manifest
 * does not ask; a plugin that asks for less gets less. A limit in {@link #overriding()} is set by
 * the operator regardless of the ask (the CLI's {@code --timeout}, {@code --memory} and
 * {@code --fuel}). Either way the policy's ceiling caps it. A limit without a value falls back to
 * the host's value for it.
 *
 * @param fs file-system rules granted; a rule may map a host directory onto another guest path
 *     ({@code read:/srv/tenant-a/data:/data}), and no two rules map different directories onto
 *     the same guest path
 * @param net network rules granted
 * @param hostFunctions host functions granted, by {@link dev.plinth.api.host.HostFunctionName#key}
 *     ({@code "name"} in {@code extism:host/user}, {@code "namespace::name"} elsewhere)
 * @param askedHostFunctions whether every host function the manifest asks for is granted
 *     ({@code host-functions = ["*"]}); the application must still offer it
 * @param limits limit values granted; limits without one are absent
 * @param overriding limits whose granted value applies whatever the manifest asks
 * @param clock what a WASI plugin's clocks read ({@link ClockAccess#FROZEN} unless granted)
 * @param random where a WASI plugin's random bytes come from ({@link RandomSource#SEEDED} unless granted)
 * @param httpResponseHeaders whether {@code http_headers} may return the last response's headers
 *     (off unless granted, as in Extism, whose hosts enable response headers per plugin)
 * @param dataDir the most a data directory of the plugin's own may hold ({@code data-dir},
 *     {@code data-dir-files}); empty: no data directory
 * @param env the environment variables the plugin may see ({@code env})
 * @param kv the most a key-value store of the plugin's own may hold ({@code kv = { ... }}, the
 *     ceilings of what the manifest asks); empty: no store
 * @param events the event types it may emit and receive, and the bounds of its emits; empty: none
 */
public record PluginGrant(
        List<FsPermission> fs,
        List<NetPermission> net,
        Set<String> hostFunctions,
        boolean askedHostFunctions,
        Map<Limit, Long> limits,
        Set<Limit> overriding,
        ClockAccess clock,
        RandomSource random,
        boolean httpResponseHeaders,
        Optional<DataDirQuota> dataDir,
        EnvironmentGrant env,
        Optional<KvQuota> kv,
        Optional<EventsGrant> events) {

    /** Grants nothing; every limit falls back to the host's value, capped by the ceilings. */
    public static final PluginGrant NOTHING = builder().build();

    /** Grants the host functions a plugin asks for, and nothing else. */
    public static final PluginGrant ASKED_HOST_FUNCTIONS = builder().askedHostFunctions(true).build();

    public PluginGrant {
        fs = List.copyOf(fs);
        oneDirectoryPerGuestPath(fs);
        net = List.copyOf(net);
        Set<String> keys = new LinkedHashSet<>();
        hostFunctions.forEach(name -> keys.add(PermissionRules.hostFunction(name)));
        hostFunctions = Collections.unmodifiableSet(keys);
        EnumMap<Limit, Long> l = new EnumMap<>(Limit.class);
        l.putAll(limits);
        l.forEach((k, v) -> {
            if (v == null || v <= 0) {
                throw new IllegalArgumentException(k.key() + " must be positive, was " + v);
            }
        });
        limits = Collections.unmodifiableMap(l);
        EnumSet<Limit> o = EnumSet.noneOf(Limit.class);
        o.addAll(overriding);
        for (Limit k : o) {
            if (!l.containsKey(k)) {
                throw new IllegalArgumentException(k.key() + " overrides the ask but has no value");
            }
        }
        overriding = Collections.unmodifiableSet(o);
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(random, "random");
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(env, "env");
        Objects.requireNonNull(kv, "kv");
        Objects.requireNonNull(events, "events");
    }

    /** Without events. */
    public PluginGrant(List<FsPermission> fs, List<NetPermission> net, Set<String> hostFunctions,
            boolean askedHostFunctions, Map<Limit, Long> limits, Set<Limit> overriding, ClockAccess clock,
            RandomSource random, boolean httpResponseHeaders, Optional<DataDirQuota> dataDir, EnvironmentGrant env,
            Optional<KvQuota> kv) {
        this(fs, net, hostFunctions, askedHostFunctions, limits, overriding, clock, random, httpResponseHeaders,
                dataDir, env, kv, Optional.empty());
    }

    /** Without a key-value store. */
    public PluginGrant(List<FsPermission> fs, List<NetPermission> net, Set<String> hostFunctions,
            boolean askedHostFunctions, Map<Limit, Long> limits, Set<Limit> overriding, ClockAccess clock,
            RandomSource random, boolean httpResponseHeaders, Optional<DataDirQuota> dataDir, EnvironmentGrant env) {
        this(fs, net, hostFunctions, askedHostFunctions, limits, overriding, clock, random, httpResponseHeaders,
                dataDir, env, Optional.empty(), Optional.empty());
    }

    /** Without a data directory or environment variables. */
    public PluginGrant(List<FsPermission> fs, List<NetPermission> net, Set<String> hostFunctions,
            boolean askedHostFunctions, Map<Limit, Long> limits, Set<Limit> overriding, ClockAccess clock,
            RandomSource random, boolean httpResponseHeaders) {
        this(fs, net, hostFunctions, askedHostFunctions, limits, overriding, clock, random, httpResponseHeaders,
                Optional.empty(), EnvironmentGrant.NONE);
    }

    /** Without response headers. */
    public PluginGrant(List<FsPermission> fs, List<NetPermission> net, Set<String> hostFunctions,
            boolean askedHostFunctions, Map<Limit, Long> limits, Set<Limit> overriding, ClockAccess clock,
            RandomSource random) {
        this(fs, net, hostFunctions, askedHostFunctions, limits, overriding, clock, random, false);
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * A guest path shows one host directory: two rules that map different ones onto it are
     * refused, whatever their access (the plugin could not tell which one it reads).
     */
    private static void oneDirectoryPerGuestPath(List<FsPermission> fs) {
        Map<String, FsPermission> byGuest = new java.util.HashMap<>();
        for (FsPermission rule : fs) {
            FsPermission other = byGuest.putIfAbsent(rule.path(), rule);
            if (other != null && !other.hostPath().equals(rule.hostPath())) {
                throw new IllegalArgumentException("fs rules " + other + " and " + rule + " map two host directories ("
                        + other.hostPath() + " and " + rule.hostPath() + ") onto the same guest path " + rule.path()
                        + "; a guest path shows one directory, so grant one of them or map it elsewhere");
            }
        }
    }

    /** A builder that starts from this grant, to add to it. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.fs.addAll(fs);
        b.net.addAll(net);
        b.hostFunctions.addAll(hostFunctions);
        b.askedHostFunctions = askedHostFunctions;
        b.limits.putAll(limits);
        b.overriding.addAll(overriding);
        b.clock = clock;
        b.random = random;
        b.httpResponseHeaders = httpResponseHeaders;
        b.dataDir = dataDir;
        b.env = env;
        b.kv = kv;
        b.events = events;
        return b;
    }

    /**
     * This grant and {@code more} together: the rules and host functions of both, the more
     * generous clock and random source, response headers if either grants them, the environment
     * variables of both, and {@code more}'s limit values, data directory and key-value quota where it
     * has them.
     */
    public PluginGrant plus(PluginGrant more) {
        Builder b = toBuilder().fs(more.fs).net(more.net).askedHostFunctions(askedHostFunctions || more.askedHostFunctions)
                .clock(clock.or(more.clock)).random(random.or(more.random))
                .httpResponseHeaders(httpResponseHeaders || more.httpResponseHeaders)
                .env(env.plus(more.env));
        more.dataDir.ifPresent(b::dataDir);
        more.kv.ifPresent(b::kv);
        more.events.ifPresent(b::events);
        more.hostFunctions.forEach(b::hostFunction);
        more.limits.forEach((l, v) -> {
            if (more.overriding.contains(l)) {
                b.override(l, v);
            } else {
                b.limit(l, v);
            }
        });
        return b.build();
    }

    /** The value granted for one limit, if any. */
    public OptionalLong limit(Limit limit) {
        Long v = limits.get(limit);
        return v == null ? OptionalLong.empty() : OptionalLong.of(v);
    }

    public Optional<DataSize> memory() {
        return Optional.ofNullable(limits.get(Limit.MEMORY)).map(DataSize::ofBytes);
    }

    public Optional<Duration> cpuTime() {
        return Optional.ofNullable(limits.get(Limit.CPU_TIME)).map(Duration::ofNanos);
    }

    public OptionalLong fuel() {
        return limit(Limit.FUEL);
    }

    /** Whether the host function {@code name} is granted when asked for. */
    public boolean grantsHostFunction(String name) {
        return askedHostFunctions || hostFunctions.contains(name);
    }

    /** Collects a {@link PluginGrant}. */
    public static final class Builder {
        private final List<FsPermission> fs = new ArrayList<>();
        private final List<NetPermission> net = new ArrayList<>();
        private final Set<String> hostFunctions = new LinkedHashSet<>();
        private boolean askedHostFunctions;
        private final EnumMap<Limit, Long> limits = new EnumMap<>(Limit.class);
        private final EnumSet<Limit> overriding = EnumSet.noneOf(Limit.class);
        private ClockAccess clock = ClockAccess.FROZEN;
        private RandomSource random = RandomSource.SEEDED;
        private boolean httpResponseHeaders;
        private Optional<DataDirQuota> dataDir = Optional.empty();
        private EnvironmentGrant env = EnvironmentGrant.NONE;
        private Optional<KvQuota> kv = Optional.empty();
        private Optional<EventsGrant> events = Optional.empty();

        /** Grants events: the types it may emit and receive, and the bounds of its emits; default none. */
        public Builder events(EventsGrant granted) {
            this.events = Optional.of(granted);
            return this;
        }

        private Builder() {
        }

        /** Grants a key-value store of the plugin's own with at most this quota; default none. */
        public Builder kv(KvQuota quota) {
            this.kv = Optional.of(quota);
            return this;
        }

        /** Grants a data directory of the plugin's own with this quota; default none. */
        public Builder dataDir(DataDirQuota quota) {
            this.dataDir = Optional.of(quota);
            return this;
        }

        /** The environment variables the plugin may see; default none. */
        public Builder env(EnvironmentGrant granted) {
            this.env = Objects.requireNonNull(granted, "granted");
            return this;
        }

        /** More environment variables, with those already given ({@link EnvironmentGrant#plus}). */
        public Builder addEnv(EnvironmentGrant more) {
            this.env = env.plus(more);
            return this;
        }

        /** Lets {@code http_headers} return response headers; default off. */
        public Builder httpResponseHeaders(boolean granted) {
            this.httpResponseHeaders = granted;
            return this;
        }

        /** What the plugin's WASI clocks read; default {@link ClockAccess#FROZEN}. */
        public Builder clock(ClockAccess access) {
            this.clock = Objects.requireNonNull(access, "access");
            return this;
        }

        /** Where the plugin's WASI random bytes come from; default {@link RandomSource#SEEDED}. */
        public Builder random(RandomSource source) {
            this.random = Objects.requireNonNull(source, "source");
            return this;
        }

        public Builder fs(FsPermission rule) {
            fs.add(Objects.requireNonNull(rule, "rule"));
            return this;
        }

        public Builder fs(List<FsPermission> rules) {
            rules.forEach(this::fs);
            return this;
        }

        public Builder net(NetPermission rule) {
            net.add(Objects.requireNonNull(rule, "rule"));
            return this;
        }

        public Builder net(List<NetPermission> rules) {
            rules.forEach(this::net);
            return this;
        }

        /**
         * Grants one host function: {@code "name"} in {@code extism:host/user} or
         * {@code "namespace::name"} ({@link dev.plinth.api.host.HostFunctionName#parse}).
         *
         * @throws IllegalArgumentException when {@code name} names no valid host function
         */
        public Builder hostFunction(String name) {
            hostFunctions.add(PermissionRules.hostFunction(Objects.requireNonNull(name, "name")));
            return this;
        }

        /** Grants every host function the manifest asks for ({@code host-functions = ["*"]}). */
        public Builder askedHostFunctions(boolean all) {
            this.askedHostFunctions = all;
            return this;
        }

        /** Grants a limit value: the most the plugin gets, and what it gets when it does not ask. */
        public Builder limit(Limit limit, long value) {
            limits.put(Objects.requireNonNull(limit, "limit"), value);
            overriding.remove(limit);
            return this;
        }

        /** Sets a limit value that applies whatever the manifest asks (still capped by the ceiling). */
        public Builder override(Limit limit, long value) {
            limits.put(Objects.requireNonNull(limit, "limit"), value);
            overriding.add(limit);
            return this;
        }

        public Builder memory(DataSize v) {
            return limit(Limit.MEMORY, v.toBytes());
        }

        public Builder cpuTime(Duration v) {
            return limit(Limit.CPU_TIME, v.toNanos());
        }

        public Builder fuel(long v) {
            return limit(Limit.FUEL, v);
        }

        public Builder maxInstances(int v) {
            return limit(Limit.MAX_INSTANCES, v);
        }

        public PluginGrant build() {
            return new PluginGrant(fs, net, hostFunctions, askedHostFunctions, limits, overriding, clock, random,
                    httpResponseHeaders, dataDir, env, kv, events);
        }
    }
}
