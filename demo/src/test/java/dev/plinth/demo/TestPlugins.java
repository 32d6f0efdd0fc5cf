package dev.plinth.demo;

import dev.plinth.testing.Wat;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The demo's plugin folders for its tests: its own WAT modules and manifests, over test-support's
 * locator, copy and {@link Wat} assembler.
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
        return dev.plinth.testing.TestPlugins.samples();
    }

    static Path fixtures() {
        return dev.plinth.testing.TestPlugins.fixtures();
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
            Files.createDirectories(wasm.toAbsolutePath().getParent());
            return Files.write(wasm, Wat.assemble(wat));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
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
        return dev.plinth.testing.TestPlugins.copyTree(from, to);
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
        dev.plinth.testing.TestPlugins.deleteTree(root);
    }
}
