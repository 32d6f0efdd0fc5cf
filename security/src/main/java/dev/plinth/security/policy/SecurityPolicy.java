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
 * <p>Two policies are predefined:
 * <ul>
 *   <li>{@link #STRICT} (also what {@link #builder()} starts from, and what a policy file adds
 *       to): {@link #DEFAULT_DENY}, {@link GrantLimits#CONSERVATIVE} ceilings, nothing granted to
 *       plugins not named.</li>
 *   <li>{@link #DEFAULT}, what an engine uses when no policy is configured: {@link #DEFAULT_DENY},
 *       {@link GrantLimits#MAXIMA} ceilings, and a default grant of the host functions a plugin
 *       asks for and nothing else (no files, no network). It keeps what Plinth did before policies
 *       existed, where an application offering a host function was its grant and a manifest's
 *       memory, cpu-time and max-instances applied as asked, while still refusing every file and
 *       network ask. Configure a policy to get conservative ceilings.</li>
 * </ul>
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

    /** The engine's policy when none is configured; see the class comment. */
    public static final SecurityPolicy DEFAULT = new SecurityPolicy(DEFAULT_DENY, GrantLimits.MAXIMA,
            PluginGrant.ASKED_HOST_FUNCTIONS, Map.of());

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
