package dev.plinth.host.internal.registry;

import dev.plinth.api.error.IncompatiblePluginException;
import dev.plinth.api.error.InvalidManifestException;
import dev.plinth.api.manifest.PluginManifest;
import dev.plinth.api.manifest.SemanticVersion;
import dev.plinth.api.manifest.WorldRef;
import dev.plinth.component.contract.CaretVersion;
import dev.plinth.component.contract.WorldContract;
import dev.plinth.component.wit.PackageName;
import dev.plinth.component.wit.ResolvedWit;
import dev.plinth.component.wit.WitException;
import dev.plinth.component.wit.WitParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Finds the world a component plugin's manifest names ({@code [plugin] world}): in the plugin's own WIT
 * ({@code [plugin] wit}), or among the WIT package directories the engine was given, by namespace and name, its
 * version checked against the one the plugin names by Cargo's caret rule. The host's packages are parsed once, at
 * the first plugin that needs them.
 */
final class WorldContracts {
    private final List<Path> hostPackages;
    private List<ResolvedWit> parsed;

    WorldContracts(List<Path> hostPackages) {
        this.hostPackages = List.copyOf(hostPackages);
    }

    /**
     * @throws InvalidManifestException when the plugin's own WIT is missing, outside its directory or broken, or
     *     does not define the world
     * @throws IncompatiblePluginException when no host package is the world's, or its version does not satisfy the
     *     plugin's
     */
    Optional<WorldContract> of(PluginManifest manifest, Path source) {
        if (manifest.world().isEmpty()) {
            return Optional.empty();
        }
        WorldRef world = manifest.world().get();
        String manifestFile = source.resolve(PluginLoader.MANIFEST).toString();
        ResolvedWit wit;
        if (world.wit().isPresent()) {
            Path dir = source.toAbsolutePath().normalize();
            Path path = dir.resolve(world.wit().get()).normalize();
            try {
                if (!path.toRealPath().startsWith(dir.toRealPath())) {
                    throw new InvalidManifestException(manifestFile, "plugin.wit", "\"" + world.wit().get()
                            + "\" leads out of the plugin directory");
                }
            } catch (java.io.IOException e) {
                throw new InvalidManifestException(manifestFile, "plugin.wit", "\"" + world.wit().get()
                        + "\" cannot be read: " + e, e);
            }
            try {
                wit = WitParser.load(path);
            } catch (WitException | java.io.UncheckedIOException e) {
                throw new InvalidManifestException(manifestFile, "plugin.wit", "the plugin's WIT is not valid: "
                        + e.getMessage(), e);
            }
            if (!samePackage(wit.main().name(), world)) {
                throw new InvalidManifestException(manifestFile, "plugin.world", "names package " + world.packageName()
                        + ", but " + world.wit().get() + " holds " + wit.main().name());
            }
        } else {
            wit = hostPackage(world, manifest.name());
        }
        checkVersion(world, wit.main().name(), manifest.name());
        try {
            return Optional.of(WorldContract.of(wit, world.world()));
        } catch (IllegalArgumentException e) {
            throw new InvalidManifestException(manifestFile, "plugin.world", e.getMessage(), e);
        }
    }

    private ResolvedWit hostPackage(WorldRef world, String plugin) {
        List<String> have = new ArrayList<>();
        for (ResolvedWit wit : parsed()) {
            if (samePackage(wit.main().name(), world)) {
                return wit;
            }
            have.add(wit.main().name().toString());
        }
        throw new IncompatiblePluginException("plugin " + plugin + " implements world " + world
                + ", but the host has no WIT package " + world.namespace() + ":" + world.pkg() + (have.isEmpty()
                        ? " (it was given no WIT packages: PluginEngine.Builder.witPackages, plinth.wit.path)"
                        : " (it has " + String.join(", ", have) + ")"));
    }

    private static void checkVersion(WorldRef world, PackageName pkg, String plugin) {
        if (world.version().isEmpty()) {
            return;
        }
        SemanticVersion wanted = world.version().get();
        Optional<SemanticVersion> have = pkg.version().map(SemanticVersion::parse);
        if (have.isEmpty() || !CaretVersion.satisfies(wanted, have.get())) {
            throw new IncompatiblePluginException("plugin " + plugin + " implements world " + world + ", but the"
                    + " WIT package here is " + pkg + ", which does not satisfy ^" + wanted
                    + " (Cargo's caret rule: 0.1.x works with 0.1.y, not with 0.2 or 1.0)");
        }
    }

    private static boolean samePackage(PackageName name, WorldRef world) {
        return name.namespace().equals(world.namespace()) && name.name().equals(world.pkg());
    }

    private synchronized List<ResolvedWit> parsed() {
        if (parsed == null) {
            List<ResolvedWit> all = new ArrayList<>();
            for (Path dir : hostPackages) {
                try {
                    addPackages(dir, all);
                } catch (WitException | java.io.UncheckedIOException e) {
                    throw new IncompatiblePluginException("the host's WIT packages at " + dir
                            + " cannot be read, so no world can be checked: " + e.getMessage(), e);
                }
            }
            parsed = List.copyOf(all);
        }
        return parsed;
    }

    private static void addPackages(Path dir, List<ResolvedWit> all) {
        if (Files.isDirectory(dir) && !Files.exists(dir.resolve("deps")) && hasSubPackages(dir)) {
            try (var entries = Files.list(dir)) {
                for (Path sub : entries.sorted().toList()) {
                    if (Files.isDirectory(sub) || sub.toString().endsWith(".wit")) {
                        all.add(WitParser.load(sub));
                    }
                }
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        } else {
            all.add(WitParser.load(dir));
        }
    }

    /** A directory of packages (each a directory or .wit file of its own) rather than one package's files. */
    private static boolean hasSubPackages(Path dir) {
        try (var entries = Files.list(dir)) {
            return entries.noneMatch(p -> p.toString().endsWith(".wit"));
        } catch (java.io.IOException e) {
            return false;
        }
    }
}
