package dev.plinth.config;

import dev.plinth.api.error.InvalidManifestException;
import dev.plinth.api.file.PluginFileException;
import dev.plinth.api.file.PluginFileReader;
import dev.plinth.api.file.PluginFolder;
import dev.plinth.api.file.SizeCap;
import dev.plinth.api.manifest.Codec;
import dev.plinth.api.manifest.ExportDeclaration;
import dev.plinth.api.manifest.Permissions;
import dev.plinth.api.manifest.PluginManifest;
import dev.plinth.api.manifest.SemanticVersion;
import dev.plinth.api.manifest.VersionRange;
import dev.plinth.api.manifest.WorldRef;
import dev.plinth.api.unit.Quoting;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * Reads and validates {@code plugin.toml} (TOML 1.0). Every problem, from a syntax error to a bad
 * permission rule, is an {@link InvalidManifestException} that names the file, the dotted key
 * ({@code permissions.fs[1]}) and what is wrong; nothing else escapes. Whether the plugin's
 * {@code host-api} range is compatible with this host is left to the registry.
 */
public final class ManifestReader {

    /** The largest manifest read; anything bigger is not a hand-written plugin.toml. */
    public static final int MAX_BYTES = 1024 * 1024;

    private static final SizeCap MANIFEST_CAP = new SizeCap(MAX_BYTES, "the manifest size limit");

    private static final List<String> TOP_KEYS = List.of("plugin", "exports", "config", "permissions", "modules");
    private static final List<String> PLUGIN_KEYS = List.of("name", "version", "description", "entrypoint", "host-api",
            "world", "wit");
    private static final List<String> EXPORT_KEYS = List.of("input", "output");
    private static final Pattern EXPORT_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_-]*");
    private static final int MAX_EXPORT_NAME = 255;
    /** The longest module name read: import module names are chosen by the plugin's build. */
    private static final int MAX_MODULE_NAME = 255;

    private ManifestReader() {
    }

    /**
     * Reads a manifest file (UTF-8); the path is the source named in errors. Any regular file is
     * read, wherever links lead; {@link #read(Path, PluginFolder)} keeps to a plugins folder.
     *
     * @throws InvalidManifestException when the file is missing, unreadable, too large, not a
     *     regular file, or invalid
     */
    public static PluginManifest read(Path file) {
        return read(file, PluginFolder.ANYWHERE);
    }

    /**
     * Reads a manifest file (UTF-8) of a plugin in {@code folder}, with {@link PluginFileReader}:
     * only a regular file of at most {@value #MAX_BYTES} bytes, reached by no link that leads out of
     * the folder unless the folder allows it.
     *
     * @throws InvalidManifestException when the file is missing, refused, unreadable or invalid
     */
    public static PluginManifest read(Path file, PluginFolder folder) {
        String source = file.toString();
        byte[] bytes;
        try {
            bytes = PluginFileReader.read(file, MANIFEST_CAP, folder);
        } catch (NoSuchFileException e) {
            throw new InvalidManifestException(source, null, "file not found", e);
        } catch (PluginFileException e) {
            throw new InvalidManifestException(source, null, e.problem(), e);
        } catch (IOException e) {
            throw new InvalidManifestException(source, null, "cannot be read: " + e, e);
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new InvalidManifestException(source, null, "not valid UTF-8 (TOML files must be UTF-8)", e);
        }
        return parse(text, source);
    }

    /**
     * Reads manifest text.
     *
     * @param source what to call the text in errors: its file, or a label such as {@code "<inline>"}
     * @throws InvalidManifestException when the text is not valid TOML or breaks a manifest rule
     */
    public static PluginManifest parse(String text, String source) {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(source, "source");
        if (text.length() > MAX_BYTES) {
            throw new InvalidManifestException(source, null, "too large (" + text.length() + " characters; at most "
                    + MAX_BYTES + ")");
        }
        String body = text.startsWith("\uFEFF") ? text.substring(1) : text;
        TomlTable root = TomlTable.root(source, TomlText.parse(body, source));
        Problems problems = new Problems();
        problems.check(() -> root.allowOnly(TOP_KEYS));
        TomlTable plugin = problems.read(() -> root.table("plugin").orElseThrow(() -> new InvalidManifestException(
                source, "plugin", "missing; every plugin.toml needs a [plugin] table with at least name and version")),
                null);
        if (plugin != null) {
            problems.check(() -> plugin.allowOnly(PLUGIN_KEYS));
        }
        String name = plugin == null ? "plugin" : problems.read(() -> name(plugin), "plugin");
        SemanticVersion version = plugin == null ? null : problems.read(() -> version(plugin), null);
        String description = plugin == null ? "" : problems.read(() -> plugin.string("description", null).orElse(""), "");
        String entrypoint = plugin == null ? "" : problems.read(() -> plugin.string("entrypoint", "plugin.wasm")
                .map(e -> wasmPath(plugin, "entrypoint", e))
                .orElse(name.replace('-', '_') + ".wasm"), "");
        VersionRange hostApi = plugin == null ? VersionRange.ANY : problems.read(() -> hostApi(plugin), VersionRange.ANY);
        Optional<WorldRef> world = plugin == null ? Optional.empty()
                : problems.read(() -> world(plugin), Optional.empty());

        Map<String, ExportDeclaration> exports = problems.read(
                () -> root.table("exports").map(ManifestReader::exports).orElse(Map.of()), Map.of());
        Map<String, String> config = problems.read(
                () -> root.table("config").map(ConfigValues::read).orElse(Map.of()), Map.of());
        Permissions permissions = problems.read(
                () -> root.table("permissions").map(PermissionsReader::read).orElse(Permissions.NONE), Permissions.NONE);
        Map<String, String> modules = problems.read(
                () -> root.table("modules").map(table -> modules(table, entrypoint)).orElse(Map.of()), Map.of());
        problems.throwIfAny();
        return new PluginManifest(name, version, description, entrypoint, hostApi, exports, config, permissions,
                modules, false, world);
    }

    private static String name(TomlTable plugin) {
        String name = plugin.string("name", "image-processor").orElseThrow(() -> plugin.error("name", "missing; every plugin needs one, e.g. name = \"image-processor\""));
        if (!PluginManifest.NAME_PATTERN.matcher(name).matches()) {
            throw plugin.error("name", Quoting.quote(name) + " is not a valid plugin name; use lowercase letters,"
                    + " digits and '-', starting with a letter (at most 64 characters)");
        }
        return name;
    }

    private static SemanticVersion version(TomlTable plugin) {
        String text = plugin.string("version", "0.1.0").orElseThrow(() -> plugin.error("version", "missing; every plugin needs one, e.g. version = \"0.1.0\""));
        try {
            return SemanticVersion.parse(text);
        } catch (IllegalArgumentException e) {
            throw plugin.error("version", e.getMessage(), e);
        }
    }

    private static VersionRange hostApi(TomlTable plugin) {
        return plugin.string("host-api", ">=1.0.0, <2.0.0").map(r -> {
            try {
                return VersionRange.parse(r);
            } catch (IllegalArgumentException e) {
                throw plugin.error("host-api", e.getMessage(), e);
            }
        }).orElse(VersionRange.ANY);
    }

    /**
     * {@code world} and {@code wit}: the WIT world a component implements, and the plugin's own WIT (a
     * directory or {@code .wit} file below the plugin directory). {@code wit} without {@code world} names nothing
     * to check against.
     */
    private static Optional<WorldRef> world(TomlTable plugin) {
        Optional<String> wit = plugin.string("wit", "wit/").map(path -> witPath(plugin, path));
        Optional<String> world = plugin.string("world", "plinth:plugin/plugin@0.1.0");
        if (world.isEmpty()) {
            if (wit.isPresent()) {
                throw plugin.error("wit", "names the plugin's WIT, but no world is named to check the component"
                        + " against; add world = \"plinth:plugin/plugin@0.1.0\" (namespace:package/world@version)");
            }
            return Optional.empty();
        }
        try {
            return Optional.of(WorldRef.parse(world.get(), wit));
        } catch (IllegalArgumentException e) {
            throw plugin.error("world", e.getMessage(), e);
        }
    }

    /** A relative path to a directory or file below the plugin directory, with '.' segments and a final '/' dropped. */
    private static String witPath(TomlTable table, String path) {
        String quoted = Quoting.quote(path);
        if (path.startsWith("/") || path.startsWith("\\") || path.matches("(?s)[A-Za-z]:.*")) {
            throw table.error("wit", quoted + " must be a path relative to the plugin directory, e.g. \"wit/\"");
        }
        if (path.indexOf('\\') >= 0) {
            throw table.error("wit", quoted + " must use '/' to separate directories");
        }
        String trimmed = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        StringBuilder normalized = new StringBuilder();
        for (String segment : trimmed.split("/", -1)) {
            if (segment.equals("..")) {
                throw table.error("wit", quoted + " must stay inside the plugin directory (no \"..\")");
            }
            if (segment.isEmpty() || segment.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
                throw table.error("wit", quoted + " is not a valid relative path");
            }
            if (!segment.equals(".")) {
                normalized.append(normalized.length() == 0 ? "" : "/").append(segment);
            }
        }
        return normalized.length() == 0 ? "." : normalized.toString();
    }

    /**
     * {@code [modules]}: the plugin's other wasm modules, each under the name the modules that
     * import from it use ({@code (import "<name>" ...)}), with its file. Each file is a module of
     * its own: not the entrypoint, not another entry's.
     */
    private static Map<String, String> modules(TomlTable table, String entrypoint) {
        Map<String, String> modules = new LinkedHashMap<>();
        Map<String, String> owners = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> entry : table.entries()) {
            String module = entry.getKey();
            String quoted = Quoting.quote(module);
            if (modules.size() == PluginManifest.MAX_MODULES - 1) {
                throw table.error(module, "one module too many: a plugin has at most " + PluginManifest.MAX_MODULES
                        + " modules, the main one (plugin.entrypoint) and " + (PluginManifest.MAX_MODULES - 1)
                        + " listed here");
            }
            if (module.isEmpty() || module.length() > MAX_MODULE_NAME
                    || module.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
                throw table.error(module, quoted + " is not a valid module name: give the name the other modules"
                        + " import it by, 1 to " + MAX_MODULE_NAME + " characters, no control characters");
            }
            if (module.equals(PluginManifest.MAIN_MODULE)) {
                throw table.error(module, "\"main\" is the main module's name (plugin.entrypoint), as in Extism;"
                        + " the main module is not listed here, and no other module may be called main");
            }
            if (PluginManifest.RESERVED_MODULE_NAMES.contains(module)) {
                throw table.error(module, quoted + " is the host's own import module; a module of the plugin cannot"
                        + " take its name (it would stand in for the host)");
            }
            if (!entry.getValue().isString()) {
                throw table.error(module, "expected the module's file, a string such as \"lib/" + "helpers.wasm\","
                        + " found " + TomlTable.typeName(entry.getValue()) + " (a module name with '.', ':' or '/'"
                        + " must be quoted: \"my:lib\" = \"lib.wasm\")");
            }
            String file = wasmPath(table, module, entry.getValue().stringValue());
            if (file.equals(entrypoint)) {
                throw table.error(module, Quoting.quote(file) + " is the entrypoint, the main module; list only the"
                        + " plugin's other modules here");
            }
            String owner = owners.putIfAbsent(file, module);
            if (owner != null) {
                throw table.error(module, Quoting.quote(file) + " is module " + Quoting.quote(owner) + "'s file"
                        + " already; each module needs a file of its own");
            }
            modules.put(module, file);
        }
        return modules;
    }

    /** A relative path to a {@code .wasm} file below the plugin directory, with '.' segments dropped. */
    private static String wasmPath(TomlTable table, String key, String path) {
        String quoted = Quoting.quote(path);
        if (path.startsWith("/") || path.startsWith("\\") || path.matches("(?s)[A-Za-z]:.*")) {
            throw table.error(key, quoted + " must be a path relative to the plugin directory");
        }
        if (path.indexOf('\\') >= 0) {
            throw table.error(key, quoted + " must use '/' to separate directories");
        }
        StringBuilder normalized = new StringBuilder();
        for (String segment : path.split("/", -1)) {
            if (segment.equals("..")) {
                throw table.error(key, quoted + " must stay inside the plugin directory (no \"..\")");
            }
            if (segment.isEmpty() || segment.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
                throw table.error(key, quoted + " is not a valid relative path");
            }
            if (!segment.equals(".")) {
                normalized.append(normalized.length() == 0 ? "" : "/").append(segment);
            }
        }
        String result = normalized.toString();
        int slash = result.lastIndexOf('/');
        if (!result.endsWith(".wasm") || result.length() - slash - 1 <= ".wasm".length()) {
            throw table.error(key, quoted + " must name a .wasm file, e.g. \"plugin.wasm\"");
        }
        return result;
    }

    private static Map<String, ExportDeclaration> exports(TomlTable table) {
        Map<String, ExportDeclaration> exports = new LinkedHashMap<>();
        Problems problems = new Problems();
        for (Map.Entry<String, JsonNode> entry : table.entries()) {
            problems.check(() -> {
                ExportDeclaration export = export(table, entry.getKey(), entry.getValue());
                exports.put(export.name(), export);
            });
        }
        problems.throwIfAny();
        return exports;
    }

    private static ExportDeclaration export(TomlTable table, String fn, JsonNode value) {
        if (fn.length() > MAX_EXPORT_NAME || !EXPORT_NAME.matcher(fn).matches()) {
            throw table.error(fn, Quoting.quote(fn) + " is not a valid export name; use letters, digits, '_' and"
                    + " '-', starting with a letter or '_'");
        }
        TomlTable export = table.asTable(fn, value);
        Problems problems = new Problems();
        problems.check(() -> export.allowOnly(EXPORT_KEYS));
        Codec input = problems.read(() -> codec(export, "input"), Codec.BYTES);
        Codec output = problems.read(() -> codec(export, "output"), Codec.BYTES);
        problems.throwIfAny();
        return new ExportDeclaration(fn, input, output);
    }

    private static Codec codec(TomlTable export, String key) {
        return export.string(key, "json").map(text -> switch (text) {
            case "json" -> Codec.JSON;
            case "text" -> Codec.TEXT;
            case "bytes" -> Codec.BYTES;
            default -> throw export.error(key, Quoting.quote(text) + " is not a codec; use \"json\", \"text\" or \"bytes\"");
        }).orElse(Codec.BYTES);
    }
}
