package dev.plinth.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Assembles WebAssembly text for tests with the WebAssembly Binary Toolkit (Debian package
 * {@code wabt}, which the test command installs): {@code wat2wasm} with names kept and tail calls
 * enabled, and {@code wasm-validate} to check binaries. The one place tests turn WAT into modules.
 */
public final class Wat {
    private static final List<String> ALWAYS = List.of("--debug-names", "--enable-tail-call");
    private static final long TIMEOUT_SECONDS = 60;

    private Wat() {
    }

    /** The module {@code wat} assembles to; {@code options} are more wat2wasm flags, e.g. {@code --enable-threads}. */
    public static byte[] assemble(String wat, String... options) {
        Path dir = null;
        try {
            dir = Files.createTempDirectory("plinth-wat");
            Path source = Files.writeString(dir.resolve("module.wat"), wat);
            Path target = dir.resolve("module.wasm");
            List<String> command = new ArrayList<>(List.of("wat2wasm"));
            command.addAll(ALWAYS);
            command.addAll(List.of(options));
            command.addAll(List.of(source.toString(), "-o", target.toString()));
            Result result = run(command);
            if (result.exitCode() != 0) {
                throw new IllegalStateException("wat2wasm failed: " + result.output());
            }
            return Files.readAllBytes(target);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } finally {
            deleteQuietly(dir);
        }
    }

    /** Assembles {@code wat} into {@code <dir>/<name>.wasm} and returns that path. */
    public static Path write(Path dir, String name, String wat) throws IOException {
        return Files.write(dir.resolve(name + ".wasm"), assemble(wat));
    }

    /** What {@code wasm-validate} says of a binary: empty when it validates, else its errors. */
    public static String validationErrors(byte[] wasm, String... options) {
        Path file = null;
        try {
            file = Files.createTempFile("plinth-validate", ".wasm");
            Files.write(file, wasm);
            List<String> command = new ArrayList<>(List.of("wasm-validate"));
            command.addAll(List.of(options));
            command.add(file.toString());
            Result result = run(command);
            return result.exitCode() == 0 ? "" : "wasm-validate exit " + result.exitCode() + ": " + result.output();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } finally {
            deleteQuietly(file);
        }
    }

    private record Result(int exitCode, String output) {
    }

    private static Result run(List<String> command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(command.get(0) + " did not finish in " + TIMEOUT_SECONDS + " s");
            }
            return new Result(process.exitValue(), output);
        } catch (IOException e) {
            throw new IllegalStateException(command.get(0) + " is needed by these tests (apt-get install wabt;"
                    + " scripts/ensure-toolchain.sh does it): " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void deleteQuietly(Path path) {
        if (path == null) {
            return;
        }
        try {
            if (Files.isDirectory(path)) {
                try (Stream<Path> files = Files.list(path)) {
                    for (Path file : (Iterable<Path>) files::iterator) {
                        Files.deleteIfExists(file);
                    }
                }
            }
            Files.deleteIfExists(path);
        } catch (IOException e) {
            // a temporary file left behind is harmless
        }
    }
}
