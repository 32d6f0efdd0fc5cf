package dev.plinth.cli;

import dev.plinth.api.manifest.ManifestReader;
import dev.plinth.api.manifest.PermissionRules;
import dev.plinth.api.unit.DataSize;
import dev.plinth.host.PluginEngine;
import dev.plinth.security.policy.Limit;
import dev.plinth.security.policy.PluginGrant;
import dev.plinth.security.policy.PolicyReader;
import dev.plinth.security.policy.SecurityPolicy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

/**
 * Turns {@code --policy}, {@code --grant}, {@code --memory}, {@code --timeout} and {@code --fuel}
 * into the security policy a plugin runs under: the policy file's (or the engine's default
 * policy), with the plugin's grant extended by the {@code --grant} rules and its limits set by the
 * limit options, which override the manifest's asks up to the policy's ceilings.
 */
final class PolicyOptions {
    static final String GRANT_FORMS = "use fs=read:/dir, fs=write:/dir, net=connect:host:port or host-function=name";

    private PolicyOptions() {
    }

    /** The policy of {@code --policy FILE}, or {@link SecurityPolicy#DEFAULT}; a broken file throws its error. */
    static SecurityPolicy base(Path policyFile) {
        return policyFile == null ? SecurityPolicy.DEFAULT : PolicyReader.read(policyFile);
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
            DataSize memory, Duration timeout, Long fuel) {
        PluginGrant.Builder grant = base.grantFor(plugin).toBuilder();
        for (String g : grants) {
            addGrant(cl, grant, g);
        }
        if (memory != null) {
            grant.override(Limit.MEMORY, memory.toBytes());
        }
        if (timeout != null) {
            grant.override(Limit.CPU_TIME, timeout.toNanos());
        }
        if (fuel != null) {
            grant.override(Limit.FUEL, fuel);
        }
        return base.withGrant(plugin, grant.build());
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
                default -> throw new ParameterException(cl, "--grant " + quote(text) + ": unknown kind "
                        + quote(kind) + "; " + GRANT_FORMS);
            }
        } catch (IllegalArgumentException e) {
            throw new ParameterException(cl, "--grant " + quote(text) + ": " + e.getMessage());
        }
    }

    private static String quote(String s) {
        return dev.plinth.api.unit.Quoting.quote(s);
    }
}
