package dev.plinth.config;

import dev.plinth.api.manifest.PluginManifest;
import dev.plinth.security.policy.EffectiveGrants;
import dev.plinth.security.policy.Grants;
import dev.plinth.security.policy.SecurityPolicy;

/**
 * One plugin's asks and grant as the permission readers' tests write them: a manifest of {@code name} 1.0.0
 * whose {@code [permissions]} holds the asks, a policy whose {@code [plugins.<name>]} holds the grant, and the
 * grants in effect of the two.
 */
record PluginAsks(String name) {
    /** The manifest's text, {@code asks} (TOML lines) under its {@code [permissions]}. */
    String manifest(String asks) {
        return """
                [plugin]
                name = "%s"
                version = "1.0.0"
                [permissions]
                """.formatted(name) + asks;
    }

    /** The manifest with {@code asks}, read as {@code plugin.toml}. */
    PluginManifest parse(String asks) {
        return ManifestReader.parse(manifest(asks), "plugin.toml");
    }

    /** The policy granting {@code grants} (TOML lines) to this plugin, read as {@code policy.toml}. */
    SecurityPolicy policy(String grants) {
        return PolicyReader.parse("[plugins." + name + "]\n" + grants, "policy.toml");
    }

    /** What the plugin gets when it asks for {@code asks} and the policy grants {@code grants}. */
    EffectiveGrants effective(String asks, String grants) {
        return Grants.effective(parse(asks), policy(grants));
    }
}
