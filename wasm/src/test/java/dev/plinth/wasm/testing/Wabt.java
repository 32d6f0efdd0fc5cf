package dev.plinth.wasm.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs the WebAssembly Binary Toolkit (Debian package {@code wabt}) for tests: {@code wat2wasm}
 * assembles text, {@code wasm-validate} checks binaries.
 */
public final class Wabt {
    private Wabt() {
    }

    /** Assembles WAT text; {@code options} are wat2wasm flags such as {@code --enable-tail-call}. */
    public static byte[] assemble(String wat, String... options) {
        try {
            Path dir = Files.createTempDirectory("plinth-wat");
            Path source = Files.writeString(dir.resolve("module.wat"), wat);
            Path target = dir.resolve("module.wasm");
            List<String> command = new ArrayList<>(List.of("wat2wasm", "--debug-names"));
            command.addAll(List.of(options));
            command.addAll(List.of(source.toString(), "-o", target.toString()));
            Result result = run(command);
            if (result.exitCode() != 0) {
                throw new IllegalStateException("wat2wasm failed: " + result.output());
            }
            return Files.readAllBytes(target);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The output of {@code wasm-validate} for a binary: empty when it validates, else the errors. */
    public static String validationErrors(byte[] wasm, String... options) {
        try {
            Path file = Files.createTempFile("plinth-validate", ".wasm");
            Files.write(file, wasm);
            List<String> command = new ArrayList<>(List.of("wasm-validate"));
            command.addAll(List.of(options));
            command.add(file.toString());
            Result result = run(command);
            Files.delete(file);
            return result.exitCode() == 0 ? "" : "wasm-validate exit " + result.exitCode() + ": " + result.output();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private record Result(int exitCode, String output) {
    }

    private static Result run(List<String> command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(command.get(0) + " did not finish in 60 s");
            }
            return new Result(process.exitValue(), output);
        } catch (IOException e) {
            throw new IllegalStateException(command.get(0) + " is needed by these tests (apt-get install wabt; "
                    + "scripts/ensure-toolchain.sh does it): " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
