package dev.plinth.demo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Plugin folders for the tests: the sample plugins as the build made them, and small modules
 * assembled from WAT with {@code wat2wasm}.
 */
final class TestPlugins {
    /** A trivial export: {@code run} returns 0 at once, with no output. */
    static final String NOOP_WAT = """
            (module
              (memory (export "memory") 1)
              (func (export "run") (result i32) (i32.const 0)))
            """;

    /**
     * Exports that stay in flight until the test lets them go: {@code hold_a} and {@code hold_b} call
     * the host function {@code hold} with a block holding {@code a} or {@code b} ({@link HoldGates}).
     */
    static final String HOLD_WAT = """
            (module
              (import "extism:host/env" "alloc" (func $alloc (param i64) (result i64)))
              (import "extism:host/env" "store_u8" (func $store_u8 (param i64 i32)))
              (import "extism:host/user" "hold" (func $hold (param i64) (result i64)))
              (memory (export "memory") 1)
              (func $hold_on (param $key i32) (result i32)
                (local $block i64)
                (local.set $block (call $alloc (i64.const 1)))
                (call $store_u8 (local.get $block) (local.get $key))
                (drop (call $hold (local.get $block)))
                (i32.const 0))
              (func (export "hold_a") (result i32) (call $hold_on (i32.const 97)))
              (func (export "hold_b") (result i32) (call $hold_on (i32.const 98))))
            """;

    /** The manifest lines of the hold plugin: it may import {@code hold}, runs one instance, and waits long. */
    static final String HOLD_PERMISSIONS = """
            [permissions]
            host-functions = ["hold"]
            max-instances = 1
            cpu-time = "30s"
            """;

    private TestPlugins() {
    }

    static Path samples() {
        return Path.of(System.getProperty("plinth.samplePlugins", "../sample-plugins/target/plugins"));
    }

    static Path fixtures() {
        return Path.of(System.getProperty("plinth.fixtures", "../sample-plugins/target/fixtures"));
    }

    /** Copies a sample plugin's folder into {@code dir}. */
    static Path copySample(String name, Path dir) {
        return copyTree(samples().resolve(name), dir.resolve(name));
    }

    /** Copies a fixture's folder into {@code dir} under {@code as}. */
    static Path copyFixture(String name, Path dir, String as) {
        return copyTree(fixtures().resolve(name), dir.resolve(as));
    }

    /** Assembles WAT into a wasm file. */
    static Path wat2wasm(String wat, Path wasm) {
        try {
            Path source = Files.createTempFile("plinth-test", ".wat");
            Files.writeString(source, wat);
            Files.createDirectories(wasm.toAbsolutePath().getParent());
            Process process = new ProcessBuilder("wat2wasm", source.toString(), "-o", wasm.toString())
                    .redirectErrorStream(true).start();
            if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException("wat2wasm failed: "
                        + new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
            }
            Files.delete(source);
            return wasm;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A plugin folder with a manifest and a module built from WAT, written whole (not half-copied). */
    static Path watPlugin(Path dir, String name, String wat, String manifestExtra) {
        write(dir.resolve(".keep"), "");
        Path staging = dir.resolveSibling(dir.getFileName() + "-staging-" + name);
        wat2wasm(wat, staging.resolve(name + ".wasm"));
        write(staging.resolve("plugin.toml"), """
                [plugin]
                name = "%s"
                version = "1.0.0"
                entrypoint = "%s.wasm"
                %s
                """.formatted(name, name, manifestExtra));
        try {
            Path target = dir.resolve(name);
            Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void write(Path file, String text) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path copyTree(Path from, Path to) {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Path target = to.resolve(from.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
            return to;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits until {@code condition} holds, checking every 20 ms. */
    static void await(java.util.function.BooleanSupplier condition, java.time.Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within " + timeout);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> files = Files.walk(root)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
