package dev.plinth.benchmarks.extism;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.extism.sdk.chicory.Manifest;
import org.extism.sdk.chicory.ManifestWasm;
import org.extism.sdk.chicory.Plugin;

/**
 * Builds Extism plugins the way that gives the SDK its best figures: in its ahead-of-time mode.
 *
 * <p>chicory-sdk-core 0.3.0 has two engines. By default ({@code Manifest.Options}' {@code aot} is
 * false and no machine factory is set) it runs Chicory's interpreter. {@code withAoT()} makes its
 * linker compile every module, the plugin's and the SDK's own kernel module, to JVM bytecode with
 * Chicory's {@code MachineFactoryCompiler} at build time; that is the mode measured here, as Plinth
 * is measured in its compiled mode. The SDK keeps no compiled code between builds: every
 * {@link Plugin.Builder#build()} parses and compiles again.
 */
final class ExtismPlugins {
    private ExtismPlugins() {
    }

    /** A new plugin from the module's bytes, with no config, compiled ahead of time. */
    static Plugin compiled(byte[] wasm) {
        Manifest manifest = Manifest.ofWasms(ManifestWasm.fromBytes(wasm).build())
                .withOptions(new Manifest.Options().withAoT())
                .build();
        return Plugin.ofManifest(manifest).build();
    }

    /** The bytes of a wasm file. */
    static byte[] read(Path wasm) {
        try {
            return Files.readAllBytes(wasm);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + wasm, e);
        }
    }
}
