package dev.plinth.host.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** Assembles WebAssembly text with {@code wat2wasm} (Debian package {@code wabt}) for tests. */
public final class Wat {
    private Wat() {
    }

    public static byte[] assemble(String wat) {
        try {
            Path dir = Files.createTempDirectory("plinth-wat");
            Path source = dir.resolve("module.wat");
            Path target = dir.resolve("module.wasm");
            Files.writeString(source, wat);
            Process process = new ProcessBuilder("wat2wasm", "--debug-names", "--enable-tail-call", source.toString(), "-o", target.toString())
                    .redirectErrorStream(true)
                    .start();
            String log = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException("wat2wasm failed: " + log);
            }
            return Files.readAllBytes(target);
        } catch (IOException e) {
            throw new IllegalStateException("wat2wasm is needed to assemble test modules (apt-get install wabt; "
                    + "scripts/ensure-toolchain.sh does it): " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Writes an assembled module as {@code <dir>/<name>.wasm} and returns its path. */
    public static Path write(Path dir, String name, String wat) throws IOException {
        return Files.write(dir.resolve(name + ".wasm"), assemble(wat));
    }
}
