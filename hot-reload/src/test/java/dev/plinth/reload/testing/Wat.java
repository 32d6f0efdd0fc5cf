package dev.plinth.reload.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** Assembles WebAssembly text into module bytes with {@code wat2wasm} (Debian package {@code wabt}). */
public final class Wat {
    private Wat() {
    }

    public static byte[] assemble(String wat) {
        Path dir = null;
        try {
            dir = Files.createTempDirectory("plinth-reload-wat");
            Path source = Files.writeString(dir.resolve("module.wat"), wat);
            Path target = dir.resolve("module.wasm");
            Process process = new ProcessBuilder("wat2wasm", source.toString(), "-o", target.toString())
                    .redirectErrorStream(true).start();
            String log = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException("wat2wasm failed: " + log);
            }
            return Files.readAllBytes(target);
        } catch (IOException e) {
            throw new UncheckedIOException("wat2wasm is needed to assemble test modules (apt-get install wabt)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            deleteQuietly(dir);
        }
    }

    private static void deleteQuietly(Path dir) {
        if (dir == null) {
            return;
        }
        try (var files = Files.list(dir)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Files.deleteIfExists(file);
            }
            Files.deleteIfExists(dir);
        } catch (IOException e) {
            // a temp folder left behind is harmless
        }
    }
}
