package dev.plinth.benchmarks;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * New versions of the text-transformer plugin folder, as a build pipeline would deliver them: a
 * manifest with a version and an output prefix of its own, and a module that differs from every
 * other build (a custom section naming the build) but runs the same. Each file is written under
 * a hidden name next to its target (which the watcher ignores), then moved over it atomically.
 */
final class PluginBuilds {
    private final Path folder;
    private final String manifest;
    private final Path wasm;
    private final byte[] module;

    /** Takes the folder's manifest and module as the base of every build. */
    PluginBuilds(Path folder, String wasmFile) {
        this.folder = folder;
        this.wasm = folder.resolve(wasmFile);
        try {
            this.manifest = Files.readString(folder.resolve("plugin.toml"));
            this.module = Files.readAllBytes(wasm);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the plugin in " + folder, e);
        }
        if (!manifest.contains("version = \"") || !manifest.contains("\n[config]\n")) {
            throw new IllegalStateException(folder + "/plugin.toml has no version or no [config] to change");
        }
    }

    /** A build: its version, the prefix its {@code transform} puts before every output, its files' bytes. */
    record Build(String version, String prefix, byte[] manifest, byte[] module) {
    }

    /** Build {@code number}: version {@code 1.0.<number>}, prefix {@code b<number>:}. */
    Build build(int number) {
        String prefix = "b" + number + ":";
        String text = manifest.replaceFirst("version = \"[^\"]*\"", "version = \"1.0." + number + "\"")
                .replace("\n[config]\n", "\n[config]\nprefix = \"" + prefix + "\"\n");
        byte[] marked = new WasmBytes().bytes(module)
                .section(0, new WasmBytes().name("plinth-benchmark-build").bytes(Integer.toString(number).getBytes(UTF_8)))
                .toByteArray();
        return new Build("1.0." + number, prefix, text.getBytes(UTF_8), marked);
    }

    /** Writes a build's files under hidden names, ready to {@link #deliver}. */
    void stage(Build build) {
        write(staged(folder.resolve("plugin.toml")), build.manifest());
        write(staged(wasm), build.module());
    }

    /**
     * Moves the staged files into place, module first: whatever serves the new manifest's prefix
     * was loaded after the new module was in place, so it runs the new module too.
     */
    void deliver() {
        move(staged(wasm), wasm);
        move(staged(folder.resolve("plugin.toml")), folder.resolve("plugin.toml"));
    }

    private static Path staged(Path target) {
        return target.resolveSibling("." + target.getFileName() + ".next");
    }

    private static void write(Path file, byte[] bytes) {
        try {
            Files.write(file, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    private static void move(Path from, Path to) {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot move " + from + " to " + to, e);
        }
    }
}
