package dev.plinth.benchmarks.extism;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.nio.file.Path;

/**
 * A module of the cold-start benchmark and the call made right after building it.
 *
 * @param file the wasm file
 * @param function the exported function called first
 * @param input the text passed to that call
 * @param echoes whether the function returns its input, which the benchmark then checks
 */
record ColdStartModule(Path file, String function, String input, boolean echoes) {
    private static final String SMALL = "small";
    private static final String LARGE = "large";

    /** {@code small}: text-transformer's {@code echo}; {@code large}: the generated module's {@code run}. */
    static ColdStartModule named(String name) {
        return switch (name) {
            case SMALL -> new ColdStartModule(WasmFiles.textTransformer(), "echo", "cold start", true);
            case LARGE -> new ColdStartModule(WasmFiles.largeModule(), "run", "", false);
            default -> throw new IllegalArgumentException(
                    "unknown module `" + name + "` (expected " + SMALL + " or " + LARGE + ")");
        };
    }

    byte[] inputBytes() {
        return input.getBytes(UTF_8);
    }

    /** Throws if the first call's output shows that the plugin did not run correctly. */
    void check(byte[] output) {
        if (echoes) {
            ExpectedOutput.check(function, inputBytes(), output);
        }
    }
}
