package dev.plinth.api.manifest;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A plugin's {@code plugin.toml}, read and validated. A bare {@code .wasm} file gets a manifest
 * too ({@link #forBareModule}): named after the file, default version, no permissions.
 *
 * @param name unique id: lowercase letters, digits and '-', starting with a letter
 * @param version the plugin's semantic version
 * @param description free text, may be empty
 * @param entrypoint the main wasm module's file, relative to the plugin directory: the module whose
 *     exports callers call
 * @param hostApi the Plinth guest-API versions the plugin works with
 * @param exports declared functions with their codecs (exports not declared still work, as bytes)
 * @param config string values handed to the plugin through {@code config_get}
 * @param permissions what the plugin asks for
 * @param modules the plugin's other wasm modules, in manifest order: the module name other modules
 *     import them by (as in an Extism manifest's {@code name}) to the file, relative to the plugin
 *     directory; empty for a plugin of one module
 * @param bare whether this is the made-up manifest of a bare {@code .wasm}: it asks for nothing,
 *     and the operator's grant is what it gets
 * @param world the WIT world a component plugin says it implements ({@code [plugin] world}), checked at load;
 *     empty when it names none
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
        Map<String, String> modules,
        boolean bare,
        Optional<WorldRef> world) {

    /** What a plugin name must look like. */
    public static final Pattern NAME_PATTERN = Pattern.compile("[a-z][a-z0-9-]{0,63}");

    /** The version given to plugins that do not declare one. */
    public static final SemanticVersion DEFAULT_VERSION = new SemanticVersion(0, 0, 0, "", "");

    /**
     * What the main module is called among a plugin's modules, as in Extism: no other module may
     * take the name.
     */
    public static final String MAIN_MODULE = "main";

    /**
     * The most modules a plugin may have, the main one included: each is compiled, checked and
     * instantiated on its own, within the same limits, so the host's cost grows with their number.
     */
    public static final int MAX_MODULES = 16;

    /**
     * Module names that no module of a plugin may take: the main module's, and the host's own
     * import modules (the Extism kernel, application host functions, WASI preview 1).
     */
    public static final Set<String> RESERVED_MODULE_NAMES = Set.of(MAIN_MODULE, "extism:host/env",
            "extism:host/user", "wasi_snapshot_preview1");

    public PluginManifest {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(entrypoint, "entrypoint");
        Objects.requireNonNull(hostApi, "hostApi");
        exports = Map.copyOf(exports);
        config = Map.copyOf(config);
        Objects.requireNonNull(permissions, "permissions");
        modules = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(modules, "modules")));
        for (Map.Entry<String, String> module : modules.entrySet()) {
            if (RESERVED_MODULE_NAMES.contains(Objects.requireNonNull(module.getKey(), "module name"))) {
                throw new IllegalArgumentException("module name \"" + module.getKey() + "\" is reserved");
            }
            Objects.requireNonNull(module.getValue(), "module file");
        }
        Objects.requireNonNull(world, "world");
        if (bare && (!permissions.equals(Permissions.NONE) || !modules.isEmpty() || world.isPresent())) {
            throw new IllegalArgumentException("a bare module asks for nothing and has no other modules");
        }
    }

    /** A manifest that names no world. */
    public PluginManifest(String name, SemanticVersion version, String description, String entrypoint,
            VersionRange hostApi, Map<String, ExportDeclaration> exports, Map<String, String> config,
            Permissions permissions, Map<String, String> modules, boolean bare) {
        this(name, version, description, entrypoint, hostApi, exports, config, permissions, modules, bare,
                Optional.empty());
    }

    /** A manifest read from a {@code plugin.toml}, of a plugin made of {@code modules} besides its entrypoint. */
    public PluginManifest(String name, SemanticVersion version, String description, String entrypoint,
            VersionRange hostApi, Map<String, ExportDeclaration> exports, Map<String, String> config,
            Permissions permissions, Map<String, String> modules) {
        this(name, version, description, entrypoint, hostApi, exports, config, permissions, modules, false);
    }

    /** A manifest of a plugin made of one module. */
    public PluginManifest(String name, SemanticVersion version, String description, String entrypoint,
            VersionRange hostApi, Map<String, ExportDeclaration> exports, Map<String, String> config,
            Permissions permissions) {
        this(name, version, description, entrypoint, hostApi, exports, config, permissions, Map.of());
    }

    /**
     * The manifest of a bare {@code <name>.wasm}: defaults everywhere, no asks; the operator's
     * grant for {@code name} is what it gets.
     */
    public static PluginManifest forBareModule(String name, String entrypoint) {
        return new PluginManifest(name, DEFAULT_VERSION, "", entrypoint, VersionRange.ANY,
                Map.of(), Map.of(), Permissions.NONE, Map.of(), true);
    }
}
