package dev.plinth.security.policy;

import dev.plinth.api.manifest.DenyRules;
import dev.plinth.api.manifest.FsPermission;
import dev.plinth.api.manifest.NetPermission;
import dev.plinth.api.manifest.PermissionRules;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The operator's half of the permission contract: global deny rules that always win, a ceiling for
 * every limit, per-plugin grants, and a default grant for plugins not named. Combine it with a
 * manifest through {@link Grants#effective}. Immutable.
 *
 * <p>{@link #STRICT} is where every policy starts ({@link #builder()} and every policy file):
 * {@link #DEFAULT_DENY}, {@link GrantLimits#CONSERVATIVE} ceilings, nothing granted to plugins not
 * named. An engine without a configured policy runs {@link #STRICT} with its own limits as the
 * ceilings ({@link #strictUnder}), so that nothing is granted by default and a plugin never gets
 * more than the host was configured to give.
 *
 * @param deny rules that win over every grant
 * @param ceilings the most any plugin gets of each limit, whatever it asks or is granted
 * @param defaultGrant the grant of plugins not named in {@code plugins}
 * @param plugins grants by plugin name; a named grant replaces the default grant entirely
 */
public record SecurityPolicy(
        DenyRules deny,
        GrantLimits ceilings,
        PluginGrant defaultGrant,
        Map<String, PluginGrant> plugins) {

    /**
     * Reads and writes under {@code /etc}, {@code /proc}, {@code /sys}, {@code /root} and
     * {@code /home}, and listening on any port. Loopback, link-local and private addresses are
     * refused by the network gateway itself unless granted by address, so they are not listed here.
     */
    public static final DenyRules DEFAULT_DENY = new DenyRules(
            fsRules("read:/etc", "write:/etc", "read:/proc", "write:/proc", "read:/sys", "write:/sys",
                    "read:/root", "write:/root", "read:/home", "write:/home"),
            List.of(PermissionRules.net("listen:*")));

    /** Nothing granted, conservative ceilings, the default deny rules. */
    public static final SecurityPolicy STRICT = new SecurityPolicy(DEFAULT_DENY, GrantLimits.CONSERVATIVE,
            PluginGrant.NOTHING, Map.of());

    /**
     * {@link #STRICT} with other ceilings: what an engine runs when no policy is configured, with
     * the engine's own limits as {@code ceilings}.
     */
    public static SecurityPolicy strictUnder(GrantLimits ceilings) {
        return STRICT.toBuilder().ceilings(ceilings).build();
    }

    public SecurityPolicy {
        Objects.requireNonNull(deny, "deny");
        Objects.requireNonNull(ceilings, "ceilings");
        Objects.requireNonNull(defaultGrant, "defaultGrant");
        plugins = Collections.unmodifiableMap(new LinkedHashMap<>(plugins));
    }

    /** A builder that starts from {@link #STRICT}. */
    public static Builder builder() {
        return new Builder(STRICT);
    }

    /** A builder that starts from this policy. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** The grant of the plugin named {@code name}: its own, or the default grant. */
    public PluginGrant grantFor(String name) {
        return plugins.getOrDefault(name, defaultGrant);
    }

    /** This policy with {@code grant} as the grant of plugin {@code name}. */
    public SecurityPolicy withGrant(String name, PluginGrant grant) {
        return toBuilder().grant(name, grant).build();
    }

    private static List<FsPermission> fsRules(String... rules) {
        List<FsPermission> out = new ArrayList<>();
        for (String r : rules) {
            out.add(PermissionRules.fs(r));
        }
        return List.copyOf(out);
    }

    /** Collects a {@link SecurityPolicy}. */
    public static final class Builder {
        private DenyRules deny;
        private GrantLimits ceilings;
        private PluginGrant defaultGrant;
        private final Map<String, PluginGrant> plugins;

        private Builder(SecurityPolicy start) {
            this.deny = start.deny;
            this.ceilings = start.ceilings;
            this.defaultGrant = start.defaultGrant;
            this.plugins = new LinkedHashMap<>(start.plugins);
        }

        /** Replaces the deny rules (start from {@link #DEFAULT_DENY} to keep them). */
        public Builder deny(DenyRules rules) {
            this.deny = Objects.requireNonNull(rules, "rules");
            return this;
        }

        public Builder ceilings(GrantLimits limits) {
            this.ceilings = Objects.requireNonNull(limits, "limits");
            return this;
        }

        public Builder defaultGrant(PluginGrant grant) {
            this.defaultGrant = Objects.requireNonNull(grant, "grant");
            return this;
        }

        public Builder grant(String plugin, PluginGrant grant) {
            plugins.put(Objects.requireNonNull(plugin, "plugin"), Objects.requireNonNull(grant, "grant"));
            return this;
        }

        public SecurityPolicy build() {
            return new SecurityPolicy(deny, ceilings, defaultGrant, plugins);
        }
    }
}
