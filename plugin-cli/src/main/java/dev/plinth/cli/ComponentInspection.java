package dev.plinth.cli;

import dev.plinth.api.PluginLimits;
import dev.plinth.api.error.PluginException;
import dev.plinth.config.ManifestReader;
import dev.plinth.host.EngineMode;
import dev.plinth.host.PluginEngine;
import dev.plinth.host.PluginVersion;
import dev.plinth.security.policy.SecurityPolicy;
import java.nio.file.Files;
import java.util.List;
import java.util.Optional;
import dev.plinth.component.Component;
import dev.plinth.component.UnsupportedComponentException;
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
 * {@code plinth inspect} of a component (a file, or a plugin directory whose entrypoint is one): its kind, size and
 * sha256, and its imports and exports as WIT ({@link WitPrinter}), read without instantiating it. With
 * {@code --check} it is loaded as the engine would load it ({@link Check}): its imports against what the host
 * provides and the grants allow, the world its manifest names, its instantiation under the deadline. {@code --json}
 * gives the same with the WIT as one string and the functions by name.
 */
final class ComponentInspection {
    /** What the report says when it was not loaded. */
    static final String NOT_CHECKED = "not loaded here: --check loads it as the engine would (imports, grants,"
            + " world, instantiation)";

    /** What the report says of a type read only once instantiated, without --check. */
    static final String UNREADABLE = "read once it is instantiated (it nests components, as jco makes them):"
            + " --check loads it and shows it";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private ComponentInspection() {
    }

    /** How {@code --check} loads it, or none: the policy with the --grant rules, and the host's WIT packages. */
    record Check(SecurityPolicy policy, List<Path> witPackages, boolean allowSymlinksOutOfFolder) {
    }

    /** Prints the report; returns the exit status. */
    static int inspect(CommandLine command, Path target, boolean json, Check check, PrintWriter out,
            ErrorReporter errors) {
        byte[] bytes;
        Path file;
        try {
            file = Files.isDirectory(target) ? target.resolve(ManifestReader.read(target.resolve("plugin.toml"))
                    .entrypoint()) : target;
            bytes = ComponentFiles.read(file);
        } catch (IOException e) {
            throw new ParameterException(command, "cannot read " + target + ": " + e.getMessage());
        } catch (PluginException e) {
            return failed(json, out, errors, e);
        }
        Optional<ComponentType> readable;
        try {
            readable = readableType(Component.parse(bytes));
        } catch (PluginException e) {
            return failed(json, out, errors, e);
        }
        Loaded loaded = new Loaded(Optional.empty(), Optional.empty());
        if (check != null) {
            // run only under --check: loading instantiates it (its start functions run, under the deadline)
            try {
                loaded = load(target, check);
            } catch (IOException e) {
                throw new ParameterException(command, "cannot make a scratch directory to load " + target + " in: "
                        + e.getMessage());
            }
        }
        Optional<PluginException> refusal = loaded.refusal();
        // a component with nested components (as jco makes them) shows its type once instantiated
        Optional<ComponentType> shown = readable.or(loaded::type);
        String wit = shown.map(WitPrinter::print).orElse(null);
        String loads = check == null ? NOT_CHECKED : refusal.map(e -> "no: " + e.code() + ": " + e.getMessage())
                .orElse("yes, as the engine loads it (imports provided and granted, world checked, instantiated)");
        String sha256 = sha256(bytes);
        if (json) {
            ObjectNode root = toJson(file, bytes.length, sha256, shown, wit);
            if (check != null) {
                root.put("loadable", refusal.isEmpty());
                root.remove("reason");
                refusal.ifPresent(e -> {
                    root.put("code", e.code().toString());
                    root.put("reason", e.getMessage());
                });
            }
            out.println(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root));
        } else {
            out.println("component   " + file);
            out.println("  kind      WebAssembly component (Component Model), not an Extism-ABI core module");
            out.println("  sha256    " + sha256);
            out.println("  interface " + shown.map(t -> InterfaceHash.of(t) + " (compatibility hash of its imports and"
                    + " exports)").orElse(UNREADABLE));
            out.println(String.format(Locale.ROOT, "  size      %,d bytes", bytes.length));
            out.println("  loads     " + loads);
            if (wit != null) {
                out.println();
                out.println(readable.isPresent() ? "WIT (its imports and exports):"
                        : "WIT (its imports and exports, as instantiated):");
                out.println();
                out.print(wit);
            }
        }
        out.flush();
        return refusal.isPresent() ? ExitCodes.NOT_LOADABLE : ExitCodes.OK;
    }

    /** What loading it showed: why it was refused, or the interface it had once instantiated. */
    private record Loaded(Optional<PluginException> refusal, Optional<ComponentType> type) {
    }

    private static Optional<ComponentType> readableType(Component component) {
        try {
            return Optional.of(component.type());
        } catch (UnsupportedComponentException e) {
            return Optional.empty();
        }
    }

    private static int failed(boolean json, PrintWriter out, ErrorReporter errors, PluginException e) {
        if (json) {
            out.println(ReportJson.error(e));
            out.flush();
        }
        return errors.report(e);
    }

    /**
     * Loads the plugin in an engine of its own, as a host with {@code check}'s policy would (in the interpreter,
     * a scratch data-dir root), and closes it again; the refusal, or empty when it loads.
     */
    private static Loaded load(Path target, Check check) throws IOException {
        Path scratch = Files.createTempDirectory("plinth-inspect");
        try {
            PluginEngine.Builder builder = PluginEngine.builder().engine(EngineMode.INTERPRETED)
                    .limits(PluginLimits.DEFAULTS).policy(check.policy()).dataDirectory(scratch)
                    .allowSymlinksOutOfFolder(check.allowSymlinksOutOfFolder());
            check.witPackages().forEach(builder::witPackages);
            try (PluginEngine engine = builder.build(); PluginVersion version = engine.load(target)) {
                return new Loaded(Optional.empty(), version.interfaceType());
            } catch (PluginException e) {
                return new Loaded(Optional.of(e), Optional.empty());
            }
        } finally {
            deleteTree(scratch);
        }
    }

    private static void deleteTree(Path root) throws IOException {
        try (var paths = Files.walk(root)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    private static ObjectNode toJson(Path file, long size, String sha256, Optional<ComponentType> shown, String wit) {
        ObjectNode root = JSON.createObjectNode();
        root.put("kind", "component");
        root.put("source", file.toString());
        root.put("sha256", sha256);
        root.put("size", size);
        root.putNull("loadable");
        root.put("reason", NOT_CHECKED);
        if (shown.isEmpty()) {
            root.putNull("interfaceHash");
            root.putNull("wit");
            root.put("witNote", UNREADABLE);
            return root;
        }
        root.put("interfaceHash", InterfaceHash.of(shown.get()));
        root.set("imports", items(shown.get().imports()));
        root.set("exports", items(shown.get().exports()));
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
