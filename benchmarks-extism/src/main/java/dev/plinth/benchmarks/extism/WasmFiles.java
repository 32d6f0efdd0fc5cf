package dev.plinth.benchmarks.extism;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Finds the wasm files that the Plinth benchmarks also run, from the repository root or this
 * module's folder, so both sides measure the very same bytes. Each location can be overridden
 * with a system property.
 */
final class WasmFiles {
    static final String SAMPLE_PLUGINS_PROPERTY = "plinth.samplePlugins";
    static final String BENCH_PLUGINS_PROPERTY = "plinth.benchPlugins";
    static final String LARGE_MODULE_PROPERTY = "plinth.bench.largeModule";

    private static final String LARGE_MODULE_DEFAULT = "benchmarks/target/generated/large.wasm";

    private WasmFiles() {
    }

    /** The text-transformer sample plugin (exports {@code echo}, {@code count_vowels}, {@code transform}). */
    static Path textTransformer() {
        return find(SAMPLE_PLUGINS_PROPERTY, "sample-plugins/target/plugins", "text-transformer/text_transformer.wasm",
                "build the sample plugins first (bash scripts/build-plugins.sh)");
    }

    /** The checksum benchmark plugin (exports {@code fnv1a} and {@code fnv1a_generated}). */
    static Path checksum() {
        return find(BENCH_PLUGINS_PROPERTY, "sample-plugins/target/bench", "checksum/checksum.wasm",
                "build the sample plugins first (bash scripts/build-plugins.sh)");
    }

    /** The generated ~2 MB module of the cold-start benchmark (exports {@code run}). */
    static Path largeModule() {
        String configured = System.getProperty(LARGE_MODULE_PROPERTY);
        String[] candidates = configured == null
                ? new String[] {LARGE_MODULE_DEFAULT, "../" + LARGE_MODULE_DEFAULT}
                : new String[] {configured};
        for (String candidate : candidates) {
            Path file = Path.of(candidate);
            if (Files.isRegularFile(file)) {
                return file;
            }
        }
        throw new IllegalStateException("the large module " + String.join(" or ", candidates) + " does not exist;"
                + " generate it with the Plinth benchmarks build (see benchmarks/README.md, cold start),"
                + " or point -D" + LARGE_MODULE_PROPERTY + "=FILE at a wasm module that exports an Extism"
                + " function `run`");
    }

    private static Path find(String property, String defaultFolder, String file, String hint) {
        String configured = System.getProperty(property);
        String[] folders = configured == null
                ? new String[] {defaultFolder, "../" + defaultFolder}
                : new String[] {configured};
        for (String folder : folders) {
            Path candidate = Path.of(folder, file);
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException(file + " not found under " + String.join(" or ", folders) + "; " + hint
                + ", run from the repository root, or set -D" + property + "=DIR");
    }
}
