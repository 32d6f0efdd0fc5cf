package dev.plinth.reload.testing;

import dev.plinth.testing.Wat;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A small Extism-ABI plugin for canary tests, written in WAT. Its export {@code gate} fails (error
 * "gate closed", return 1) when the input's first byte is below {@code failBelow}, and otherwise
 * outputs its {@code label}, so that outputs tell versions apart and the inputs set the failure
 * share: with uniformly random first bytes, {@code failBelow = 51} fails 51/256 = 19.9% of calls.
 * Variants nap in a host function on every call (for latency) or trap in {@code _initialize}.
 */
public final class GateModule {
    /** The host function the napping variant calls; offer it with this name. */
    public static final String NAP = "nap";

    private GateModule() {
    }

    /** Writes {@code <pluginsDir>/<name>/{plugin.toml,gate.wasm}} for a plain gate; returns the folder. */
    public static Path write(Path pluginsDir, String name, String version, String label, int failBelow) {
        return write(pluginsDir, name, version, wat(label, failBelow, false, false), false);
    }

    /** A gate that calls the host function {@value #NAP} before answering. */
    public static Path writeNapping(Path pluginsDir, String name, String version, String label) {
        return write(pluginsDir, name, version, wat(label, 0, true, false), true);
    }

    /** A gate whose {@code _initialize} traps, so that it can never be instantiated. */
    public static Path writeTrappingInInitialize(Path pluginsDir, String name, String version) {
        return write(pluginsDir, name, version, wat("never", 0, false, true), false);
    }

    private static Path write(Path pluginsDir, String name, String version, String wat, boolean napping) {
        Path folder = pluginsDir.resolve(name);
        try {
            Files.createDirectories(folder);
            Files.write(folder.resolve("gate.wasm"), Wat.assemble(wat));
            Files.writeString(folder.resolve("plugin.toml"), manifest(name, version, napping));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return folder;
    }

    static String manifest(String name, String version, boolean napping) {
        return """
                [plugin]
                name = "%s"
                version = "%s"
                entrypoint = "gate.wasm"
                host-api = ">=1.0.0, <2.0.0"

                [exports.gate]
                input = "bytes"
                output = "text"
                """.formatted(name, version)
                + (napping ? "\n[permissions]\nhost-functions = [\"" + NAP + "\"]\n" : "");
    }

    static String wat(String label, int failBelow, boolean napping, boolean trapInInitialize) {
        if (!label.matches("[A-Za-z0-9:._-]+")) {
            throw new IllegalArgumentException("keep labels simple: " + label);
        }
        String closed = "gate closed";
        String napImport = napping
                ? "(import \"extism:host/user\" \"" + NAP + "\" (func $nap (param i64) (result i64)))" : "";
        String nap = napping ? "(drop (call $nap (call $block (i32.const 0) (i32.const 1))))" : "";
        String initialize = trapInInitialize ? "(func (export \"_initialize\") unreachable)" : "";
        return """
                (module
                  (import "extism:host/env" "input_length" (func $input_length (result i64)))
                  (import "extism:host/env" "input_load_u8" (func $input_load_u8 (param i64) (result i32)))
                  (import "extism:host/env" "alloc" (func $alloc (param i64) (result i64)))
                  (import "extism:host/env" "store_u8" (func $store_u8 (param i64 i32)))
                  (import "extism:host/env" "output_set" (func $output_set (param i64 i64)))
                  (import "extism:host/env" "error_set" (func $error_set (param i64)))
                  %s
                  (memory (export "memory") 1)
                  (data (i32.const 0) "%s")
                  (data (i32.const 256) "%s")
                  %s

                  ;; copies len bytes of linear memory at ptr into a new Extism block
                  (func $block (param $ptr i32) (param $len i32) (result i64) (local $b i64) (local $i i32)
                    (local.set $b (call $alloc (i64.extend_i32_u (local.get $len))))
                    (block $done
                      (loop $next
                        (br_if $done (i32.ge_u (local.get $i) (local.get $len)))
                        (call $store_u8 (i64.add (local.get $b) (i64.extend_i32_u (local.get $i)))
                          (i32.load8_u (i32.add (local.get $ptr) (local.get $i))))
                        (local.set $i (i32.add (local.get $i) (i32.const 1)))
                        (br $next)))
                    (local.get $b))

                  (func (export "gate") (result i32)
                    %s
                    (if (i64.eqz (call $input_length))
                      (then (call $error_set (call $block (i32.const 256) (i32.const %d))) (return (i32.const 1))))
                    (if (i32.lt_u (call $input_load_u8 (i64.const 0)) (i32.const %d))
                      (then (call $error_set (call $block (i32.const 256) (i32.const %d))) (return (i32.const 1))))
                    (call $output_set (call $block (i32.const 0) (i32.const %d)) (i64.const %d))
                    (i32.const 0))
                )
                """.formatted(napImport, label, closed, initialize, nap, closed.length(), failBelow, closed.length(),
                label.length(), label.length());
    }
}
