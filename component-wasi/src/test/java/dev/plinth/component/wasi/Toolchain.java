package dev.plinth.component.wasi;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Builds a real component from C with standard tools: Debian's clang-14 for wasm32-wasi (wasi-libc in
 * /usr/lib/wasm32-wasi), then {@code jco new --wasi-command} with the wasi preview1 command adapter that jco
 * ships, which is what wasm-tools' {@code component new --adapt} does.
 */
final class Toolchain {
    private Toolchain() {
    }

    static byte[] commandFromC(Path source) {
        String jco = System.getProperty("plinth.jco");
        String clang = "/usr/bin/clang-14";
        if (jco == null || !Files.isExecutable(Path.of(jco)) || !Files.isExecutable(Path.of(clang))
                || !Files.isDirectory(Path.of("/usr/lib/wasm32-wasi"))) {
            throw new IllegalStateException("these tests need jco (system property plinth.jco: " + jco
                    + "), clang-14 and wasi-libc (Debian packages clang-14, lld-14, wasi-libc)");
        }
        try {
            Path dir = Files.createTempDirectory("plinth-c-component");
            Path core = dir.resolve("core.wasm");
            Path component = dir.resolve("component.wasm");
            run(List.of(clang, "--target=wasm32-wasi", "--sysroot=/usr", "-O2", source.toString(), "-o",
                    core.toString()));
            run(List.of(jco, "new", core.toString(), "--wasi-command", "-o", component.toString()));
            return Files.readAllBytes(component);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A reactor component from C: clang-14 with {@code -mexec-model=reactor} (the module exports {@code _initialize}
     * and its functions, no {@code _start}), the world {@code world} of {@code wit} embedded ({@code jco embed}),
     * then {@code jco new --wasi-reactor} with jco's preview1 reactor adapter.
     */
    static byte[] reactorFromC(Path source, Path wit, String world) {
        String jco = System.getProperty("plinth.jco");
        String clang = "/usr/bin/clang-14";
        if (jco == null || !Files.isExecutable(Path.of(jco)) || !Files.isExecutable(Path.of(clang))
                || !Files.isDirectory(Path.of("/usr/lib/wasm32-wasi"))) {
            throw new IllegalStateException("these tests need jco (system property plinth.jco: " + jco
                    + "), clang-14 and wasi-libc (Debian packages clang-14, lld-14, wasi-libc)");
        }
        try {
            Path dir = Files.createTempDirectory("plinth-c-reactor");
            Path core = dir.resolve("core.wasm");
            Path embedded = dir.resolve("embedded.wasm");
            Path component = dir.resolve("component.wasm");
            run(List.of(clang, "--target=wasm32-wasi", "--sysroot=/usr", "-O2", "-mexec-model=reactor",
                    source.toString(), "-o", core.toString()));
            run(List.of(jco, "embed", core.toString(), "--wit", wit.toString(), "--world-name", world, "-o",
                    embedded.toString()));
            run(List.of(jco, "new", embedded.toString(), "--wasi-reactor", "-o", component.toString()));
            return Files.readAllBytes(component);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A JavaScript component: {@code jco componentize} (componentize-js, which jco depends on, so
     * install-jco.sh installs it) with {@code wasi:http} and the fetch event disabled, as a plugin that
     * does not ask for HTTP would be built.
     */
    static byte[] componentFromJs(Path source, Path wit, String world) {
        String jco = System.getProperty("plinth.jco");
        if (jco == null || !Files.isExecutable(Path.of(jco))) {
            throw new IllegalStateException("these tests need jco (system property plinth.jco: " + jco + ")");
        }
        try {
            Path dir = Files.createTempDirectory("plinth-js-component");
            Path component = dir.resolve("component.wasm");
            run(List.of(jco, "componentize", source.toString(), "--wit", wit.toString(), "--world-name", world,
                    "-d", "http", "-d", "fetch-event", "-o", component.toString()));
            return Files.readAllBytes(component);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void run(List<String> command) throws IOException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!process.waitFor(600, TimeUnit.SECONDS) || process.exitValue() != 0) {
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
