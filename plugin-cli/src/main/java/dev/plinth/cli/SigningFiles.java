package dev.plinth.cli;

import dev.plinth.api.error.InvalidModuleException;
import dev.plinth.api.manifest.PluginManifest;
import dev.plinth.config.ManifestReader;
import dev.plinth.security.signature.SigningFileException;
import dev.plinth.security.signature.TrustedKeys;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine;

/**
 * What {@code sign}, {@code verify} and {@code call --trust} share: finding the modules of a plugin
 * directory, and reading key files with their problems reported as usage errors.
 */
final class SigningFiles {
    private static final byte[] WASM_MAGIC = {0, 'a', 's', 'm'};

    private SigningFiles() {
    }

    /**
     * The module a plugin argument names: the file itself, or for a directory the manifest's
     * {@code entrypoint}.
     *
     * @throws dev.plinth.api.error.InvalidManifestException when the directory's plugin.toml is broken
     */
    static Path wasmOf(CommandLine command, Path plugin) {
        return modulesOf(command, plugin).get(0);
    }

    /**
     * Every module a plugin argument names: the file itself, or for a directory the manifest's
     * {@code entrypoint} first, then its other modules ({@code [modules]}), each signed on its own.
     *
     * @throws dev.plinth.api.error.InvalidManifestException when the directory's plugin.toml is broken
     */
    static List<Path> modulesOf(CommandLine command, Path plugin) {
        if (!Files.exists(plugin)) {
            throw new ParameterException(command, "no such file: " + plugin);
        }
        if (!Files.isDirectory(plugin)) {
            return List.of(plugin);
        }
        Path manifest = plugin.resolve("plugin.toml");
        if (!Files.isRegularFile(manifest)) {
            throw new ParameterException(command, plugin + " is a directory without a plugin.toml: name the .wasm"
                    + " file, or a plugin directory");
        }
        PluginManifest read = ManifestReader.read(manifest);
        List<Path> modules = new ArrayList<>();
        modules.add(existing(command, plugin.resolve(read.entrypoint()), "the entrypoint of " + manifest));
        read.modules().forEach((name, file) -> modules.add(existing(command, plugin.resolve(file),
                "module " + name + " of " + manifest)));
        return modules;
    }

    private static Path existing(CommandLine command, Path wasm, String what) {
        if (!Files.isRegularFile(wasm)) {
            throw new ParameterException(command, "no such file: " + wasm + " (" + what + ")");
        }
        return wasm;
    }

    /** Refuses to sign what is not WebAssembly, such as the manifest or a key, by mistake. */
    static void requireWasm(Path wasm) {
        byte[] head = new byte[4];
        int read;
        try (InputStream in = Files.newInputStream(wasm)) {
            read = in.readNBytes(head, 0, head.length);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + wasm + ": " + e.getMessage(), e);
        }
        if (read < head.length || !Arrays.equals(head, WASM_MAGIC)) {
            throw new InvalidModuleException(wasm + " is not a WebAssembly module (it does not start with \\0asm);"
                    + " sign the .wasm file or its plugin directory");
        }
    }

    /** The keys named by {@code --trust}: files, or directories of {@code *.pub} files. */
    static TrustedKeys trusted(CommandLine command, List<Path> trust) {
        TrustedKeys keys = readKey(command, () -> TrustedKeys.load(trust));
        if (keys.isEmpty()) {
            throw new ParameterException(command, "--trust " + trust + " holds no public key (a directory"
                    + " contributes its *.pub files)");
        }
        return keys;
    }

    /** Runs {@code read}, turning a missing or unusable key file into a usage error that names it. */
    static <T> T readKey(CommandLine command, Supplier<T> read) {
        try {
            return read.get();
        } catch (SigningFileException e) {
            throw new ParameterException(command, e.getMessage());
        } catch (UncheckedIOException e) {
            throw new ParameterException(command, e.getMessage());
        }
    }
}
