package dev.plinth.cli;

import dev.plinth.api.error.PluginException;
import dev.plinth.component.Component;
import dev.plinth.component.contract.InterfaceHash;
import dev.plinth.component.type.ComponentType;
import dev.plinth.component.wit.WitPrinter;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code plinth inspect} of a component: its kind, size and sha256, and its imports and exports as WIT
 * ({@link WitPrinter}), read without instantiating it. {@code --json} gives the same with the WIT as one
 * string and the functions by name.
 */
final class ComponentInspection {
    /**
     * Why {@code --check} fails for every component: the host loads a component as a plugin with its grants,
     * WASI and services, which a look at the file alone does not check.
     */
    static final String NOT_LOADED = "not checked here: a component loads as a plugin from a plugins folder, with"
            + " its grants (WASI, services); plinth call runs it through the component module, without imports";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private ComponentInspection() {
    }

    /** Prints the report; returns the exit status. */
    static int inspect(CommandLine command, Path file, boolean json, boolean check, PrintWriter out,
            ErrorReporter errors) {
        byte[] bytes;
        try {
            bytes = ComponentFiles.read(file);
        } catch (IOException e) {
            throw new ParameterException(command, "cannot read " + file + ": " + e.getMessage());
        }
        String wit;
        ComponentType type;
        try {
            Component component = Component.parse(bytes);
            type = component.type();
            wit = WitPrinter.print(type);
        } catch (PluginException e) {
            if (json) {
                out.println(ReportJson.error(e));
                out.flush();
            }
            return errors.report(e);
        }
        String sha256 = sha256(bytes);
        if (json) {
            out.println(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(toJson(file, bytes.length, sha256,
                    type, wit)));
        } else {
            out.println("component   " + file);
            out.println("  kind      WebAssembly component (Component Model), not an Extism-ABI core module");
            out.println("  sha256    " + sha256);
            out.println("  interface " + InterfaceHash.of(type) + " (compatibility hash of its imports and exports)");
            out.println(String.format(Locale.ROOT, "  size      %,d bytes", bytes.length));
            out.println("  plugin    " + NOT_LOADED);
            out.println();
            out.println("WIT (its imports and exports):");
            out.println();
            out.print(wit);
        }
        out.flush();
        return check ? ExitCodes.NOT_LOADABLE : ExitCodes.OK;
    }

    private static ObjectNode toJson(Path file, long size, String sha256, ComponentType type, String wit) {
        ObjectNode root = JSON.createObjectNode();
        root.put("kind", "component");
        root.put("source", file.toString());
        root.put("sha256", sha256);
        root.put("interfaceHash", InterfaceHash.of(type));
        root.put("size", size);
        root.put("loadable", false);
        root.put("reason", NOT_LOADED);
        root.set("imports", items(type.imports()));
        root.set("exports", items(type.exports()));
        root.put("wit", wit);
        return root;
    }

    /** Items as {@code {"name": ..., "kind": "func", "type": "func(...)"}}; an instance with its items. */
    private static ArrayNode items(java.util.List<ComponentType.Item> items) {
        ArrayNode array = JSON.createArrayNode();
        for (ComponentType.Item item : items) {
            ObjectNode node = array.addObject();
            node.put("name", item.name());
            if (item instanceof ComponentType.Func f) {
                node.put("kind", "func");
                node.put("type", f.type().wit());
            } else if (item instanceof ComponentType.NamedType t) {
                node.put("kind", "type");
                node.put("type", t.type().wit());
            } else if (item instanceof ComponentType.Resource) {
                node.put("kind", "resource");
            } else if (item instanceof ComponentType.Instance i) {
                node.put("kind", "instance");
                node.set("items", items(i.items()));
            }
        }
        return array;
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
