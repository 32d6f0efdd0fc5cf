package dev.plinth.api.manifest;

import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A plugin's {@code plugin.toml}, read and validated. A bare {@code .wasm} file gets a manifest
 * too ({@link #forBareModule}): named after the file, default version, no asks of its own. Such a
 * module is built for Extism, where the host decides its paths, hosts and limits, so it gets what
 * the operator grants it, as it stands ({@code bare}).
 *
 * @param name unique id: lowercase letters, digits and '-', starting with a letter
 * @param version the plugin's semantic version
 * @param description free text, may be empty
 * @param entrypoint the wasm file, relative to the plugin directory
 * @param hostApi the Plinth guest-API versions the plugin works with
 * @param exports declared functions with their codecs (exports not declared still work, as bytes)
 * @param config string values handed to the plugin through {@code config_get}
 * @param permissions what the plugin asks for
 * @param bare whether this is the made-up manifest of a bare {@code .wasm}: it asks for nothing,
 *     and the operator's grant is what it gets
 */
public record PluginManifest(
        String name,
        SemanticVersion version,
        String description,
        String entrypoint,
        VersionRange hostApi,
        Map<String, ExportDeclaration> exports,
        Map<String, String> config,
        Permissions permissions,
        boolean bare) {

    /** What a plugin name must look like. */
    public static final Pattern NAME_PATTERN = Pattern.compile("[a-z][a-z0-9-]{0,63}");

    /** The version given to plugins that do not declare one. */
    public static final SemanticVersion DEFAULT_VERSION = new SemanticVersion(0, 0, 0, "", "");

    public PluginManifest {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(entrypoint, "entrypoint");
        Objects.requireNonNull(hostApi, "hostApi");
        exports = Map.copyOf(exports);
        config = Map.copyOf(config);
        Objects.requireNonNull(permissions, "permissions");
        if (bare && !permissions.equals(Permissions.NONE)) {
            throw new IllegalArgumentException("a bare module asks for nothing");
        }
    }

    /** A manifest read from a {@code plugin.toml}. */
    public PluginManifest(String name, SemanticVersion version, String description, String entrypoint,
            VersionRange hostApi, Map<String, ExportDeclaration> exports, Map<String, String> config,
            Permissions permissions) {
        this(name, version, description, entrypoint, hostApi, exports, config, permissions, false);
    }

    /**
     * The manifest of a bare {@code <name>.wasm}: defaults everywhere, no asks; the operator's
     * grant for {@code name} is what it gets.
     */
    public static PluginManifest forBareModule(String name, String entrypoint) {
        return new PluginManifest(name, DEFAULT_VERSION, "", entrypoint, VersionRange.ANY,
                Map.of(), Map.of(), Permissions.NONE, true);
    }
}
