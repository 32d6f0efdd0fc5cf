package dev.plinth.security.policy;

import dev.plinth.api.kv.KvQuota;
import dev.plinth.api.manifest.DenyRules;
import dev.plinth.api.manifest.FsPermission;
import dev.plinth.api.manifest.FsPermission.Access;
import dev.plinth.api.manifest.NetPermission;
import dev.plinth.api.manifest.Permissions;
import dev.plinth.api.manifest.PluginManifest;
import dev.plinth.api.unit.DataSize;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.BiPredicate;

/**
 * Combines a manifest's asks with the operator's policy: effective = asked ∩ granted − denied.
 *
 * <ul>
 *   <li><b>A bare module</b> (a {@code .wasm} without {@code plugin.toml}, as Extism plugins ship)
 *       asks for nothing of its own: what the operator grants it is its ask, so it gets the grant
 *       less what the deny rules refuse. A plugin with a manifest gets only what it asks for.</li>
 *   <li><b>Rules</b> (fs, net): an ask covered by a grant is kept as asked (for a grant that maps
 *       a host directory onto another guest path, on that directory). An ask wider than every
 *       grant is <em>narrowed</em> to what it shares with the grants ({@code read:/data} asked,
 *       {@code read:/data/images} granted: {@code read:/data/images} in effect); an ask that shares
 *       nothing is dropped. See {@link PermissionMatch} for covering ({@code write} implies
 *       {@code read}; host wildcards; port {@code *}). Then the policy's deny rules and the
 *       manifest's own {@code [permissions.deny]} remove every rule they refuse as a whole (a
 *       {@code write} rule only write-denied becomes {@code read}); deny rules that refuse part
 *       of a rule stay in {@link EffectiveGrants#deny()} for the sandbox to apply.</li>
 *   <li><b>Host functions</b>: asked ∩ granted by name ({@code "*"} grants every asked one).</li>
 *   <li><b>Clock and random</b> (WASI): as granted; manifests do not ask for them.</li>
 *   <li><b>Response headers</b> ({@code http_headers}): when asked and granted.</li>
 *   <li><b>Data directory</b>: when asked and granted, with the asked quota capped by the
 *       granted one (a bare module gets the granted one); the file count is the operator's.</li>
 *   <li><b>Environment</b>: the asked names the operator grants, each with the granted value.</li>
 *   <li><b>Key-value store</b>: when asked and granted, each bound of the asked quota capped by the
 *       granted one (a bare module gets the granted quota).</li>
 *   <li><b>Limits</b>: the asked value, capped by the granted value and the ceiling. Without an
 *       ask: the granted value, else the host's fallback value, capped by the ceiling. A limit the
 *       grant overrides takes the granted value whatever was asked, capped by the ceiling.</li>
 * </ul>
 * Every ask not granted in full is listed with the reason, so a plugin loads with less and the
 * difference is visible.
 */
public final class Grants {
    private Grants() {
    }

    /** The effective grants with {@link GrantLimits#CONSERVATIVE} as the host's fallback values. */
    public static EffectiveGrants effective(PluginManifest manifest, SecurityPolicy policy) {
        return effective(manifest, policy, GrantLimits.CONSERVATIVE);
    }

    /**
     * The effective grants of a plugin.
     *
     * @param fallback the host's values for limits neither asked for nor granted
     */
    public static EffectiveGrants effective(PluginManifest manifest, SecurityPolicy policy, GrantLimits fallback) {
        Objects.requireNonNull(manifest, "manifest");
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(fallback, "fallback");
        PluginGrant grant = policy.grantFor(manifest.name());
        Permissions asked = manifest.bare() ? asksOf(grant) : manifest.permissions();
        List<GrantDifference> diffs = new ArrayList<>();

        List<Denial<FsPermission>> fsDeny = denials(policy.deny().fs(), asked.deny().fs());
        List<Denial<NetPermission>> netDeny = denials(policy.deny().net(), asked.deny().net());

        List<FsPermission> fs = strongest(rules("fs", asked.fs(), grant.fs(), Grants::placeFs,
                PermissionMatch::intersect, fsDeny, Grants::deniesFs, Grants::readOnly, diffs));
        List<NetPermission> net = rules("net", asked.net(), grant.net(), Grants::placeNet,
                PermissionMatch::intersect, netDeny, (d, r) -> PermissionMatch.denies(d.rule(), r),
                r -> Optional.empty(), diffs);

        Set<String> hostFunctions = new LinkedHashSet<>();
        for (String name : asked.hostFunctions()) {
            if (grant.grantsHostFunction(name)) {
                hostFunctions.add(name);
            } else {
                diffs.add(new GrantDifference("host-function", name, List.of(), GrantDifference.Reason.NOT_GRANTED,
                        "not granted by the policy" + (grant.hostFunctions().isEmpty() ? ""
                                : " (granted: " + String.join(", ", grant.hostFunctions()) + ")")));
            }
        }

        boolean headers = asked.httpResponseHeaders() && grant.httpResponseHeaders();
        if (asked.httpResponseHeaders() && !grant.httpResponseHeaders()) {
            diffs.add(new GrantDifference("http-response-headers", "true", List.of(), GrantDifference.Reason.NOT_GRANTED,
                    "not granted by the policy: http_headers returns 0, as in an Extism host that has not enabled"
                            + " response headers"));
        }

        Optional<DataDirQuota> dataDir = dataDir(asked.dataDir(), grant.dataDir(), diffs);
        EnvironmentGrant env = env(asked.env(), grant.env(), diffs);
        Optional<KvQuota> kv = kv(asked.kv(), grant.kv(), diffs);
        Optional<EventsGrant> events = events(asked.events(), grant.events(), diffs);

        GrantLimits.Builder limits = GrantLimits.builder();
        for (Limit l : Limit.values()) {
            limits.set(l, limit(l, askedValue(asked, l), grant, policy.ceilings(), fallback, diffs));
        }

        List<FsPermission> denyFs = new ArrayList<>(policy.deny().fs());
        denyFs.addAll(seenDenials(asked.deny().fs(), fs));
        List<NetPermission> denyNet = new ArrayList<>();
        netDeny.forEach(d -> denyNet.add(d.rule()));
        return new EffectiveGrants(manifest.name(), fs, net, hostFunctions,
                new DenyRules(distinct(denyFs), distinct(denyNet)), limits.build(), grant.clock(), grant.random(), headers,
                diffs, dataDir, env, kv, events);
    }

    /** The asked event patterns that the granted ones cover, under the granted bounds. */
    private static Optional<EventsGrant> events(Optional<dev.plinth.api.event.EventsPermission> asked,
            Optional<EventsGrant> granted, List<GrantDifference> diffs) {
        if (asked.isEmpty()) {
            return Optional.empty();
        }
        if (granted.isEmpty()) {
            diffs.add(new GrantDifference("events", "emit " + asked.get().emit() + ", subscribe "
                    + asked.get().subscribe(), List.of(), GrantDifference.Reason.NOT_GRANTED,
                    "not granted by the policy: the plugin emits and receives no events, and a module importing"
                            + " plinth:host/events is refused"));
            return Optional.empty();
        }
        List<String> emit = coveredEvents("emit", asked.get().emit(), granted.get().emit(), diffs);
        List<String> subscribe = coveredEvents("subscribe", asked.get().subscribe(), granted.get().subscribe(), diffs);
        return Optional.of(new EventsGrant(emit, subscribe, granted.get().maxEmitsPerCall(),
                granted.get().maxPayloadBytes()));
    }

    private static List<String> coveredEvents(String what, List<String> asked, List<String> granted,
            List<GrantDifference> diffs) {
        List<String> kept = new ArrayList<>();
        for (String pattern : asked) {
            if (granted.stream().anyMatch(g -> dev.plinth.api.event.EventTypes.covers(g, pattern))) {
                kept.add(pattern);
            } else {
                diffs.add(new GrantDifference("events", what + " " + pattern, List.of(),
                        GrantDifference.Reason.NOT_GRANTED, "not granted by the policy (granted to " + what + ": "
                                + (granted.isEmpty() ? "none" : String.join(", ", granted)) + ")"));
            }
        }
        return kept;
    }

    /** The asked key-value quota, each bound capped by the grant's, if one is granted. */
    private static Optional<KvQuota> kv(Optional<KvQuota> asked, Optional<KvQuota> granted,
            List<GrantDifference> diffs) {
        if (asked.isEmpty()) {
            return Optional.empty();
        }
        if (granted.isEmpty()) {
            diffs.add(new GrantDifference("kv", asked.get().toString(), List.of(), GrantDifference.Reason.NOT_GRANTED,
                    "not granted by the policy: the plugin has no key-value store, and a module importing"
                            + " plinth:host/kv is refused"));
            return Optional.empty();
        }
        KvQuota quota = asked.get().cappedBy(granted.get());
        if (!quota.equals(asked.get())) {
            diffs.add(new GrantDifference("kv", asked.get().toString(), List.of(quota.toString()),
                    GrantDifference.Reason.CAPPED, "capped by the grant at " + quota));
        }
        return Optional.of(quota);
    }

    /** The asked data directory with its quota capped by the grant's, if one is granted. */
    private static Optional<DataDirQuota> dataDir(Optional<DataSize> asked, Optional<DataDirQuota> granted,
            List<GrantDifference> diffs) {
        if (asked.isEmpty()) {
            return Optional.empty();
        }
        if (granted.isEmpty()) {
            diffs.add(new GrantDifference("data-dir", asked.get().toString(), List.of(),
                    GrantDifference.Reason.NOT_GRANTED, "not granted by the policy: the plugin has no "
                            + Permissions.DATA_DIR_PATH + " directory"));
            return Optional.empty();
        }
        DataDirQuota quota = granted.get().cappedAt(asked.get().toBytes());
        if (quota.bytes() < asked.get().toBytes()) {
            diffs.add(new GrantDifference("data-dir", asked.get().toString(),
                    List.of(DataSize.ofBytes(quota.bytes()).toString()), GrantDifference.Reason.CAPPED,
                    "capped by the grant at " + DataSize.ofBytes(quota.bytes())));
        }
        return Optional.of(quota);
    }

    /** The asked variables the grant names; each one it does not is listed. */
    private static EnvironmentGrant env(List<String> asked, EnvironmentGrant granted, List<GrantDifference> diffs) {
        for (String name : asked) {
            if (!granted.names().contains(name)) {
                diffs.add(new GrantDifference("env", name, List.of(), GrantDifference.Reason.NOT_GRANTED,
                        "not granted by the policy: the plugin's environment does not have it"));
            }
        }
        return granted.narrowedTo(asked);
    }

    /**
     * What a bare module asks for: exactly what the operator grants it (its rules, named host
     * functions and response headers; its limits come from the grant as for any plugin that does
     * not ask), so that effective = granted − denied.
     */
    private static Permissions asksOf(PluginGrant grant) {
        return new Permissions(grant.fs(), grant.net(), grant.hostFunctions(), Optional.empty(), Optional.empty(),
                OptionalLong.empty(), java.util.OptionalInt.empty(), OptionalLong.empty(), Optional.empty(),
                Optional.empty(), DenyRules.NONE, grant.httpResponseHeaders(),
                grant.dataDir().map(q -> DataSize.ofBytes(q.bytes())), List.copyOf(grant.env().names()), grant.kv(),
                grant.events().map(g -> new dev.plinth.api.event.EventsPermission(g.emit(), g.subscribe())));
    }

    /** A deny rule and where it came from. */
    private record Denial<R>(R rule, boolean fromManifest) {
        String describe() {
            return (fromManifest ? "the manifest's own deny rule " : "the policy's deny rule ") + rule;
        }
    }

    private static <R> List<Denial<R>> denials(List<R> policy, List<R> manifest) {
        List<Denial<R>> out = new ArrayList<>();
        policy.forEach(r -> out.add(new Denial<>(r, false)));
        manifest.forEach(r -> out.add(new Denial<>(r, true)));
        return out;
    }

    /** The policy's deny rules name host paths; a manifest's own name paths as the plugin sees them. */
    private static boolean deniesFs(Denial<FsPermission> deny, FsPermission rule) {
        return deny.fromManifest() ? PermissionMatch.deniesSeen(deny.rule(), rule)
                : PermissionMatch.denies(deny.rule(), rule);
    }

    /**
     * The ask as the grants provide it whole, if one covers it: on the host directory of the
     * covering grant with the deepest guest path, which is the mount WASI resolves the path through.
     */
    private static Optional<FsPermission> placeFs(List<FsPermission> granted, FsPermission ask) {
        return granted.stream().filter(g -> PermissionMatch.covers(g, ask))
                .max(java.util.Comparator.comparingInt(g -> g.path().length()))
                .map(g -> PermissionMatch.placed(g, ask));
    }

    private static Optional<NetPermission> placeNet(List<NetPermission> granted, NetPermission ask) {
        return granted.stream().anyMatch(g -> PermissionMatch.covers(g, ask)) ? Optional.of(ask) : Optional.empty();
    }

    /** One rule per mapping: where both read and write of the same directory are in effect, write. */
    private static List<FsPermission> strongest(List<FsPermission> rules) {
        List<FsPermission> kept = new ArrayList<>();
        for (FsPermission r : rules) {
            boolean weaker = r.access() == Access.READ && rules.contains(r.withAccess(Access.WRITE));
            if (!weaker) {
                kept.add(r);
            }
        }
        return List.copyOf(kept);
    }

    /**
     * A manifest's own deny rules as host paths for the sandbox: moved onto the host directory of
     * every rule in effect that shows their path (the same path unless the rule is mapped); a deny
     * rule outside all of them stays as written.
     */
    private static List<FsPermission> seenDenials(List<FsPermission> denials, List<FsPermission> inEffect) {
        List<FsPermission> out = new ArrayList<>();
        for (FsPermission d : denials) {
            boolean shown = false;
            for (FsPermission e : inEffect) {
                if (PermissionMatch.under(d.path(), e.path())) {
                    out.add(new FsPermission(d.access(), PermissionMatch.rebase(d.path(), e.path(), e.hostPath())));
                    shown = true;
                }
            }
            if (!shown) {
                out.add(d);
            }
        }
        return out;
    }

    private static Optional<FsPermission> readOnly(FsPermission rule) {
        return rule.access() == Access.WRITE ? Optional.of(rule.withAccess(Access.READ)) : Optional.empty();
    }

    private static <R> List<R> rules(String kind, List<R> asked, List<R> granted, BiFunction<List<R>, R, Optional<R>> whole,
            BiFunction<R, R, Optional<R>> intersect, List<Denial<R>> deny, BiPredicate<Denial<R>, R> denies,
            java.util.function.Function<R, Optional<R>> weaker, List<GrantDifference> diffs) {
        Set<R> result = new LinkedHashSet<>();
        for (R ask : asked) {
            List<R> candidates = new ArrayList<>();
            Optional<R> placed = whole.apply(granted, ask);
            if (placed.isPresent()) {
                candidates.add(placed.get());
            } else {
                for (R g : granted) {
                    intersect.apply(ask, g).ifPresent(c -> {
                        if (!candidates.contains(c)) {
                            candidates.add(c);
                        }
                    });
                }
                if (candidates.isEmpty()) {
                    diffs.add(new GrantDifference(kind, ask.toString(), List.of(), GrantDifference.Reason.NOT_GRANTED,
                            granted.isEmpty() ? "not granted (the policy grants no " + kind + " rules)"
                                    : "not granted (granted: " + join(granted) + ")"));
                    continue;
                }
            }
            List<R> kept = new ArrayList<>();
            List<String> deniedBy = new ArrayList<>();
            for (R c : candidates) {
                R current = c;
                while (current != null) {
                    R rule = current;
                    Optional<Denial<R>> d = deny.stream().filter(x -> denies.test(x, rule)).findFirst();
                    if (d.isEmpty()) {
                        kept.add(rule);
                        break;
                    }
                    deniedBy.add(rule + " by " + d.get().describe());
                    current = weaker.apply(rule).orElse(null);
                }
            }
            List<String> keptText = kept.stream().map(Object::toString).toList();
            if (placed.isPresent() && kept.size() == 1 && kept.get(0).equals(placed.get())) {
                result.add(placed.get());
                continue;
            }
            result.addAll(kept);
            if (kept.isEmpty()) {
                diffs.add(new GrantDifference(kind, ask.toString(), List.of(), GrantDifference.Reason.DENIED,
                        "denied: " + String.join("; ", deniedBy)));
            } else {
                String why = placed.isPresent() ? "" : "granted only " + join(candidates);
                if (!deniedBy.isEmpty()) {
                    why += (why.isEmpty() ? "" : "; ") + "denied: " + String.join("; ", deniedBy);
                }
                diffs.add(new GrantDifference(kind, ask.toString(), keptText, GrantDifference.Reason.NARROWED,
                        "narrowed to " + String.join(", ", keptText) + " (" + why + ")"));
            }
        }
        return List.copyOf(result);
    }

    private static OptionalLong askedValue(Permissions asked, Limit l) {
        return switch (l) {
            case MEMORY -> asked.memory().map(m -> OptionalLong.of(m.toBytes())).orElse(OptionalLong.empty());
            case CPU_TIME -> asked.cpuTime().map(t -> OptionalLong.of(t.toNanos())).orElse(OptionalLong.empty());
            case FUEL -> asked.fuel();
            case MAX_INSTANCES -> asked.maxInstances().isPresent()
                    ? OptionalLong.of(asked.maxInstances().getAsInt()) : OptionalLong.empty();
            case TABLE_ELEMENTS -> asked.tableElements();
            case FS_WRITE_PER_CALL -> asked.fsWritePerCall().map(m -> OptionalLong.of(m.toBytes()))
                    .orElse(OptionalLong.empty());
            case FS_WRITE_TOTAL -> asked.fsWriteTotal().map(m -> OptionalLong.of(m.toBytes()))
                    .orElse(OptionalLong.empty());
            default -> OptionalLong.empty();
        };
    }

    private static long limit(Limit l, OptionalLong asked, PluginGrant grant, GrantLimits ceilings,
            GrantLimits fallback, List<GrantDifference> diffs) {
        OptionalLong granted = grant.limit(l);
        long ceiling = ceilings.get(l);
        long value;
        if (grant.overriding().contains(l)) {
            value = Math.min(granted.getAsLong(), ceiling);
            if (asked.isPresent() && value < asked.getAsLong()) {
                String why = value < granted.getAsLong() ? "set to " + l.format(granted.getAsLong())
                        + " by the operator, capped at the ceiling " + l.format(ceiling)
                        : "set to " + l.format(value) + " by the operator";
                diffs.add(limitDiff(l, asked.getAsLong(), value, GrantDifference.Reason.OVERRIDDEN, why));
            }
            return value;
        }
        value = asked.orElse(granted.orElse(fallback.get(l)));
        boolean cappedByGrant = granted.isPresent() && granted.getAsLong() < value && granted.getAsLong() <= ceiling;
        if (granted.isPresent()) {
            value = Math.min(value, granted.getAsLong());
        }
        boolean cappedByCeiling = ceiling < value;
        value = Math.min(value, ceiling);
        if (asked.isPresent() && value < asked.getAsLong()) {
            String why = cappedByCeiling ? "capped at the ceiling " + l.format(ceiling)
                    : cappedByGrant ? "capped by the grant at " + l.format(value) : "capped at " + l.format(value);
            diffs.add(limitDiff(l, asked.getAsLong(), value, GrantDifference.Reason.CAPPED, why));
        }
        return value;
    }

    private static GrantDifference limitDiff(Limit l, long asked, long got, GrantDifference.Reason reason, String why) {
        return new GrantDifference(l.key(), l.format(asked), List.of(l.format(got)), reason, why);
    }

    private static <R> List<R> distinct(List<R> rules) {
        return List.copyOf(new LinkedHashSet<>(rules));
    }

    private static String join(List<?> items) {
        return String.join(", ", items.stream().map(Object::toString).toList());
    }
}
