package dev.plinth.host.internal.lifecycle;

import dev.plinth.api.error.InvalidManifestException;
import dev.plinth.api.error.InvalidModuleException;
import dev.plinth.api.lifecycle.LifecycleExports;
import dev.plinth.api.lifecycle.PluginMetadata;
import dev.plinth.api.manifest.PluginManifest;
import dev.plinth.api.unit.DataSize;
import dev.plinth.api.unit.TextCap;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The JSON of the lifecycle exports: the config handed to {@code plinth_initialize}, the
 * metadata {@code plinth_metadata} returns (read strictly, bounded, and checked against the
 * manifest) and the status {@code plinth_status} returns (checked to be JSON).
 */
public final class LifecycleJson {
    /** The most bytes of metadata or status read; a plugin that returns more is refused. */
    public static final int MAX_BYTES = 64 * 1024;
    /** The most capabilities, and the longest text field, a plugin's metadata may have. */
    static final int MAX_CAPABILITIES = 64;
    static final int MAX_FIELD_CHARS = 1024;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private LifecycleJson() {
    }

    /** The config as a JSON object of strings, keys sorted, for {@code plinth_initialize}'s input. */
    public static byte[] config(Map<String, String> config) {
        return JSON.writeValueAsBytes(new TreeMap<>(config));
    }

    /**
     * The metadata a plugin returned, checked: at most {@value #MAX_BYTES} bytes of a JSON object
     * whose {@code name} and {@code version} are the manifest's.
     *
     * @throws InvalidModuleException when it is too large or not such an object
     * @throws InvalidManifestException when its name or version is not the manifest's
     */
    public static PluginMetadata metadata(byte[] output, PluginManifest manifest, String label) {
        return metadata(output, manifest, label, LifecycleExports.METADATA);
    }

    /**
     * The same for metadata that the function {@code export} returned (a component's {@code get-metadata},
     * mapped to JSON), which the messages name.
     */
    public static PluginMetadata metadata(byte[] output, PluginManifest manifest, String label, String export) {
        String where = label + ": " + export;
        JsonNode root = parse(output, where);
        if (!root.isObject()) {
            throw new InvalidModuleException(where + " returned " + root.getNodeType().toString().toLowerCase()
                    + ", not a JSON object with name and version");
        }
        String name = text(root, "name", where, true);
        String version = text(root, "version", where, true);
        String expectedVersion = manifest.version().toString();
        if (!name.equals(manifest.name()) || !version.equals(expectedVersion)) {
            throw new InvalidManifestException(label, "plugin", "the module says it is " + quoted(name) + " "
                    + quoted(version) + " (" + export + "), but plugin.toml says "
                    + quoted(manifest.name()) + " " + quoted(expectedVersion)
                    + "; the version is refused: build the module and the manifest from the same release");
        }
        return new PluginMetadata(name, version, text(root, "description", where, false),
                text(root, "author", where, false), capabilities(root, where));
    }

    /**
     * What {@code plinth_status} returned, checked to be at most {@value #MAX_BYTES} bytes of
     * JSON, as compact JSON text.
     *
     * @throws InvalidModuleException when it is too large or not JSON
     */
    public static String status(byte[] output, String label) {
        return parse(output, label + ": " + LifecycleExports.STATUS).toString();
    }

    private static JsonNode parse(byte[] output, String where) {
        if (output.length > MAX_BYTES) {
            throw new InvalidModuleException(where + " returned " + DataSize.ofBytes(output.length)
                    + ", more than the " + DataSize.ofBytes(MAX_BYTES) + " it may");
        }
        try {
            return JSON.readTree(output);
        } catch (JacksonException e) {
            throw new InvalidModuleException(where + " returned something that is not JSON ("
                    + TextCap.chars(e.getOriginalMessage(), 200) + "): "
                    + TextCap.chars(new String(output, StandardCharsets.UTF_8), 200));
        }
    }

    private static String text(JsonNode root, String field, String where, boolean required) {
        JsonNode node = root.get(field);
        if (node == null || node.isNull()) {
            if (required) {
                throw new InvalidModuleException(where + " returned no \"" + field + "\"");
            }
            return "";
        }
        if (!node.isString()) {
            throw new InvalidModuleException(where + ": \"" + field + "\" must be a string, was "
                    + node.getNodeType().toString().toLowerCase());
        }
        String value = node.asString();
        if (value.length() > MAX_FIELD_CHARS) {
            throw new InvalidModuleException(where + ": \"" + field + "\" is " + value.length()
                    + " characters long, more than " + MAX_FIELD_CHARS);
        }
        return value;
    }

    private static List<String> capabilities(JsonNode root, String where) {
        JsonNode node = root.get("capabilities");
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (!node.isArray() || node.size() > MAX_CAPABILITIES) {
            throw new InvalidModuleException(where + ": \"capabilities\" must be an array of at most "
                    + MAX_CAPABILITIES + " strings");
        }
        List<String> capabilities = new ArrayList<>();
        for (JsonNode each : node) {
            if (!each.isString() || each.asString().length() > MAX_FIELD_CHARS) {
                throw new InvalidModuleException(where + ": \"capabilities\" holds " + TextCap.chars(each.toString(), 80)
                        + ", not a string of at most " + MAX_FIELD_CHARS + " characters");
            }
            capabilities.add(each.asString());
        }
        return capabilities;
    }

    private static String quoted(String text) {
        return "\"" + TextCap.chars(text, 80) + "\"";
    }
}
