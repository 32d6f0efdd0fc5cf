package dev.plinth.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Assembles component-model WAT for tests with the Bytecode Alliance's {@code jco parse}, from npm. The
 * component module's build installs jco (scripts/install-jco.sh) and passes its path in the system property
 * {@code plinth.jco}; {@link Wat} is the counterpart for core modules.
 */
public final class ComponentWat {
    private static final long TIMEOUT_SECONDS = 120;

    private ComponentWat() {
    }

    /** The component binary {@code wat} assembles to. */
    public static byte[] assemble(String wat) {
        String jco = System.getProperty("plinth.jco");
        if (jco == null || !Files.isExecutable(Path.of(jco))) {
            throw new IllegalStateException("jco is needed by these tests: system property plinth.jco (" + jco
                    + ") names no executable; the component module's build installs it with scripts/install-jco.sh");
        }
        Path dir = null;
        try {
            dir = Files.createTempDirectory("plinth-component-wat");
            Path source = Files.writeString(dir.resolve("component.wat"), wat);
            Path target = dir.resolve("component.wasm");
            Process process = new ProcessBuilder(jco, "parse", source.toString(), "-o", target.toString())
                    .redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("jco parse did not finish in " + TIMEOUT_SECONDS + " s");
            }
            if (process.exitValue() != 0 || !Files.exists(target)) {
                throw new IllegalStateException("jco parse failed: " + output);
            }
            return Files.readAllBytes(target);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            if (dir != null) {
                try (var files = Files.list(dir)) {
                    for (Path file : (Iterable<Path>) files::iterator) {
                        Files.deleteIfExists(file);
                    }
                    Files.deleteIfExists(dir);
                } catch (IOException e) {
                    // a temporary file left behind is harmless
                }
            }
        }
    }
}
