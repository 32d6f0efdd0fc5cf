package dev.plinth.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Assembles component-model WAT for tests with the Bytecode Alliance's {@code jco parse}, from npm. The
 * component module's build installs jco (scripts/install-jco.sh) and passes its path in the system property
 * {@code plinth.jco}; {@link Wat} is the counterpart for core modules.
 *
 * <p>Each assembly starts Node.js (about half a second of CPU), and the suite assembles the same text in
 * several tests and again in its JDK 17 pass, so what jco wrote is kept beside the jco install
 * ({@code parse-cache}), named by the SHA-256 of the text and of the install's stamp (the lockfile and
 * Node.js version it was installed from): a reinstall or an edited text is a miss, and a file that is
 * not there or cannot be read is a miss, never a failure.
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
        Optional<Path> cached = cacheEntry(Path.of(jco), wat);
        Optional<byte[]> hit = cached.flatMap(ComponentWat::read);
        if (hit.isPresent()) {
            return hit.get();
        }
        byte[] binary = parse(jco, wat);
        cached.ifPresent(entry -> write(entry, binary));
        return binary;
    }

    /** {@code <jco dir>/parse-cache/<sha-256>.wasm} for an install at {@code <jco dir>/node_modules/.bin/jco}. */
    private static Optional<Path> cacheEntry(Path jco, String wat) {
        Path bin = jco.toAbsolutePath().getParent();
        Path install = bin == null || bin.getParent() == null ? null : bin.getParent().getParent();
        if (install == null) {
            return Optional.empty();
        }
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(Files.readAllBytes(install.resolve("installed.stamp")));
            digest.update(wat.getBytes(StandardCharsets.UTF_8));
            return Optional.of(install.resolve("parse-cache").resolve(HexFormat.of().formatHex(digest.digest()) + ".wasm"));
        } catch (IOException | NoSuchAlgorithmException e) {
            return Optional.empty();
        }
    }

    /** What the entry holds if it is there and starts as a component does ({@code \0asm}, layer 1). */
    private static Optional<byte[]> read(Path entry) {
        try {
            byte[] binary = Files.readAllBytes(entry);
            boolean component = binary.length >= 8 && binary[0] == 0 && binary[1] == 'a' && binary[2] == 's'
                    && binary[3] == 'm' && binary[6] == 1 && binary[7] == 0;
            return component ? Optional.of(binary) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** Writes beside the entry, then moves it in: a test in another JVM never reads half a file. */
    private static void write(Path entry, byte[] binary) {
        Path partial = null;
        try {
            Files.createDirectories(entry.getParent());
            partial = Files.createTempFile(entry.getParent(), "partial", ".wasm");
            Files.write(partial, binary);
            Files.move(partial, entry, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            // no entry: the next assembly of this text runs jco again
            try {
                if (partial != null) {
                    Files.deleteIfExists(partial);
                }
            } catch (IOException ignored) {
                // a temporary file left behind is harmless
            }
        }
    }

    private static byte[] parse(String jco, String wat) {
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
