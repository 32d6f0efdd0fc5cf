package dev.plinth.benchmarks.extism;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Finds the wasm files that the Plinth benchmarks also run, from the repository root or this
 * module's folder, so that both hosts measure the very same bytes. Each location can be
 * overridden with a system property.
 */
final class WasmFiles {
    private WasmFiles() {
    }

    /** The text-transformer sample plugin (exports {@code echo}, {@code count_vowels}, {@code transform}). */
    static Path textTransformer() {
        return inFolder("plinth.samplePlugins", "sample-plugins/target/plugins", "text-transformer/text_transformer.wasm");
    }

    /** The checksum benchmark plugin (exports {@code fnv1a} and {@code fnv1a_generated}). */
    static Path checksum() {
        return inFolder("plinth.benchPlugins", "sample-plugins/target/bench", "checksum/checksum.wasm");
    }

    /** The PDK-shaped echo benchmark plugin, written in WAT (exports {@code echo}; a memory.grow per call). */
    static Path pdkEcho() {
        return inFolder("plinth.benchPlugins", "sample-plugins/target/bench", "pdk-echo/pdk_echo.wasm");
    }

    /** The PDK-shaped count_vowels benchmark plugin, written in WAT (exports {@code count_vowels}). */
    static Path pdkCountVowels() {
        return inFolder("plinth.benchPlugins", "sample-plugins/target/bench", "pdk-count-vowels/pdk_count_vowels.wasm");
    }

    /** The generated ~2 MB module of the cold-start benchmark (exports {@code run}). */
    static Path largeModule() {
        String property = "plinth.bench.largeModule";
        String configured = System.getProperty(property);
        String file = "benchmarks/target/generated/large.wasm";
        return firstExisting(configured == null ? fromRootOrModule(Path.of(file)) : List.of(Path.of(configured)),
                "generate it as benchmarks/README.md describes (cold start), or set -D" + property
                        + "=FILE to a wasm module that exports an Extism function `run`");
    }

    /** {@code file} in the folder named by the system property, or else in {@code defaultFolder}. */
    private static Path inFolder(String property, String defaultFolder, String file) {
        String configured = System.getProperty(property);
        List<Path> candidates = configured == null
                ? fromRootOrModule(Path.of(defaultFolder, file))
                : List.of(Path.of(configured, file));
        return firstExisting(candidates,
                "build the sample plugins first (bash scripts/build-plugins.sh) and run from the repository root,"
                        + " or set -D" + property + "=DIR");
    }

    /** The path as seen from the repository root and from a module folder, such as Surefire's. */
    private static List<Path> fromRootOrModule(Path fromRoot) {
        return List.of(fromRoot, Path.of("..").resolve(fromRoot));
    }

    private static Path firstExisting(List<Path> candidates, String remedy) {
        return candidates.stream()
                .filter(Files::isRegularFile)
                .findFirst()
                .orElseThrow(() -> new IllegalStateException(candidates.stream()
                        .map(Path::toString)
                        .collect(Collectors.joining(" or ", "", " does not exist; " + remedy))));
    }
}
