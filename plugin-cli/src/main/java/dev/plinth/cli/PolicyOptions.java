package dev.plinth.cli;

import dev.plinth.api.PluginLimits;
import dev.plinth.api.kv.KvQuota;
import dev.plinth.api.manifest.PermissionRules;
import dev.plinth.api.unit.DataSize;
import dev.plinth.api.unit.Quoting;
import dev.plinth.config.ManifestReader;
import dev.plinth.config.PolicyReader;
import dev.plinth.host.PluginEngine;
import dev.plinth.security.policy.ClockAccess;
import dev.plinth.security.policy.DataDirQuota;
import dev.plinth.security.policy.EnvironmentGrant;
import dev.plinth.security.policy.EventsGrant;
import dev.plinth.security.policy.GrantLimits;
import dev.plinth.security.policy.Limit;
import dev.plinth.security.policy.PluginGrant;
import dev.plinth.security.policy.RandomSource;
import dev.plinth.security.policy.SecurityPolicy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine;

/**
 * Turns {@code --policy}, {@code --grant}, {@code --host-function}, {@code --memory},
 * {@code --timeout} and {@code --fuel} into the security policy a plugin runs under: the policy
 * file's, or the default policy that a host without one runs (nothing granted, the host's default
 * limits as ceilings), with the plugin's grant extended by the {@code --grant} rules and its
 * limits set by the limit options, which override the manifest's asks up to the policy file's
 * ceilings. Without a file the command line is the whole policy: the limit options are the
 * ceilings, as a host's own limits would be, and {@code --host-function} stubs are granted.
 */
final class PolicyOptions {
    static final String GRANT_FORMS = "use fs=read:/dir, fs=write:/dir, fs=read:/host/dir:/guest/dir,"
            + " net=connect:host:port, host-function=name, clock=real, random=secure, http-response-headers=true,"
            + " data-dir=64MB, env=NAME, env=NAME=value, kv=1000, events=emit:TYPE or events=subscribe:TYPE";

    private PolicyOptions() {
    }

    /** The default policy of a host with the default limits: nothing granted. */
    static final SecurityPolicy DEFAULT = SecurityPolicy.strictUnder(GrantLimits.fallbackFrom(PluginLimits.DEFAULTS));

    /** The policy of {@code --policy FILE}, or {@link #DEFAULT}; a broken file throws its error. */
    static SecurityPolicy base(Path policyFile) {
        return policyFile == null ? DEFAULT : PolicyReader.read(policyFile);
    }

    /** Which policy the report names: the file, or "default". */
    static String label(Path policyFile) {
        return policyFile == null ? "default policy" : "policy " + policyFile;
    }

    /** The name the plugin will be loaded under: its manifest's, or its file name's for a bare module. */
    static String pluginName(Path plugin) {
        if (Files.isDirectory(plugin)) {
            try {
                return ManifestReader.read(plugin.resolve("plugin.toml")).name();
            } catch (RuntimeException e) {
                // The host reports the broken manifest when it loads the plugin.
            }
        }
        return PluginEngine.fallbackName(plugin);
    }

    /**
     * {@code base} with the grant of {@code plugin} extended by the options.
     *
     * @throws ParameterException for a {@code --grant} that cannot be read (exit status 2)
     */
    static SecurityPolicy apply(CommandLine cl, SecurityPolicy base, String plugin, List<String> grants,
            List<String> offeredHostFunctions, DataSize memory, Duration timeout, Long fuel) {
        PluginGrant.Builder grant = base.grantFor(plugin).toBuilder();
        EventRules events = new EventRules(base.grantFor(plugin).events());
        for (String g : grants) {
            if (g.startsWith("events=")) {
                events.add(cl, g);
            } else {
                addGrant(cl, grant, g);
            }
        }
        try {
            events.grant().ifPresent(grant::events);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(cl, "--grant events: " + e.getMessage());
        }
        boolean commandLineIsThePolicy = base == DEFAULT;
        if (commandLineIsThePolicy) {
            offeredHostFunctions.forEach(grant::hostFunction);
        }
        GrantLimits.Builder ceilings = base.ceilings().toBuilder();
        if (memory != null) {
            grant.override(Limit.MEMORY, memory.toBytes());
            ceilings.memory(memory);
        }
        if (timeout != null) {
            grant.override(Limit.CPU_TIME, timeout.toNanos());
            ceilings.cpuTime(timeout);
        }
        if (fuel != null) {
            grant.override(Limit.FUEL, fuel);
            ceilings.fuel(fuel);
        }
        PluginGrant built;
        try {
            built = grant.build();
        } catch (IllegalArgumentException e) {
            throw new ParameterException(cl, "--grant: " + e.getMessage());
        }
        SecurityPolicy policy = base.withGrant(plugin, built);
        return commandLineIsThePolicy ? policy.toBuilder().ceilings(ceilings.build()).build() : policy;
    }

    private static void addGrant(CommandLine cl, PluginGrant.Builder grant, String text) {
        int eq = text.indexOf('=');
        if (eq < 0) {
            throw new ParameterException(cl, "--grant " + quote(text) + ": expected KIND=RULE; " + GRANT_FORMS);
        }
        String kind = text.substring(0, eq);
        String rule = text.substring(eq + 1);
        try {
            switch (kind) {
                case "fs" -> grant.fs(PermissionRules.fs(rule));
                case "net" -> grant.net(PermissionRules.net(rule));
                case "host-function" -> grant.hostFunction(PermissionRules.hostFunction(rule));
                case "clock" -> grant.clock(ClockAccess.parse(rule));
                case "random" -> grant.random(RandomSource.parse(rule));
                case "http-response-headers" -> grant.httpResponseHeaders(bool(rule));
                case "data-dir" -> grant.dataDir(new DataDirQuota(DataSize.parse(rule).toBytes(),
                        DataDirQuota.DEFAULT_FILES));
                case "kv" -> grant.kv(kvQuota(rule));
                case "env" -> {
                    int at = rule.indexOf('=');
                    grant.addEnv(at < 0 ? new EnvironmentGrant(Map.of(), Set.of(rule))
                            : new EnvironmentGrant(Map.of(rule.substring(0, at), rule.substring(at + 1)), Set.of()));
                }
                default -> throw new ParameterException(cl, "--grant " + quote(text) + ": unknown kind "
                        + quote(kind) + "; " + GRANT_FORMS);
            }
        } catch (IllegalArgumentException e) {
            throw new ParameterException(cl, "--grant " + quote(text) + ": " + e.getMessage());
        }
    }

    /** {@code kv=1000}: at most that many keys, the other quotas at {@link KvQuota#DEFAULTS}. */
    private static KvQuota kvQuota(String rule) {
        long keys;
        try {
            keys = Long.parseLong(rule);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(quote(rule) + " is not a number of keys (kv=1000)");
        }
        KvQuota d = KvQuota.DEFAULTS;
        return new KvQuota(keys, d.maxKeyBytes(), d.maxValueBytes(), d.maxTotalBytes());
    }

    /** The {@code events=} rules, over the policy's grant: types to emit and to receive, each a glob. */
    private static final class EventRules {
        private final List<String> emit = new java.util.ArrayList<>();
        private final List<String> subscribe = new java.util.ArrayList<>();
        private final int maxEmits;
        private final long maxPayload;
        private boolean given;

        EventRules(java.util.Optional<EventsGrant> base) {
            base.ifPresent(g -> {
                emit.addAll(g.emit());
                subscribe.addAll(g.subscribe());
            });
            maxEmits = base.map(EventsGrant::maxEmitsPerCall).orElse(EventsGrant.DEFAULT_EMITS_PER_CALL);
            maxPayload = base.map(EventsGrant::maxPayloadBytes).orElse(EventsGrant.DEFAULT_PAYLOAD_BYTES);
        }

        void add(CommandLine cl, String text) {
            String rule = text.substring("events=".length());
            int colon = rule.indexOf(':');
            String way = colon < 0 ? "" : rule.substring(0, colon);
            String type = colon < 0 ? "" : rule.substring(colon + 1);
            if (type.isEmpty() || !(way.equals("emit") || way.equals("subscribe"))) {
                throw new ParameterException(cl, "--grant " + quote(text) + ": expected events=emit:TYPE or"
                        + " events=subscribe:TYPE (a type or a glob such as note.*)");
            }
            (way.equals("emit") ? emit : subscribe).add(type);
            given = true;
        }

        java.util.Optional<EventsGrant> grant() {
            return given ? java.util.Optional.of(new EventsGrant(emit, subscribe, maxEmits, maxPayload))
                    : java.util.Optional.empty();
        }
    }

    private static boolean bool(String text) {
        return switch (text) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException(quote(text) + " is not true or false");
        };
    }

    private static String quote(String s) {
        return Quoting.quote(s);
    }
}
