package dev.plinth.benchmarks;

import dev.plinth.api.CallRequest;
import dev.plinth.api.kv.KvQuota;
import dev.plinth.host.PluginEngine;
import dev.plinth.host.PluginHost;
import dev.plinth.security.policy.PluginGrant;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A key-value get and set from a plugin ({@code plinth:host/kv}) on the embedded store (H2
 * MVStore, in memory or in a file), through {@code PluginHost.call}: {@code set} stores the call's
 * input (64 bytes) under one key, {@code get} outputs it; {@code noop} is the same call doing
 * nothing, the floor under both. The module is assembled from WAT at setup (wabt's
 * {@code wat2wasm}, which {@code scripts/ensure-toolchain.sh} installs).
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar KvBenchmark}
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class KvBenchmark {
    private static final String WAT = """
            (module
              (import "extism:host/env" "alloc" (func $alloc (param i64) (result i64)))
              (import "extism:host/env" "length" (func $length (param i64) (result i64)))
              (import "extism:host/env" "store_u8" (func $store_u8 (param i64 i32)))
              (import "extism:host/env" "input_length" (func $input_length (result i64)))
              (import "extism:host/env" "input_offset" (func $input_offset (result i64)))
              (import "extism:host/env" "input_load_u8" (func $input_load_u8 (param i64) (result i32)))
              (import "extism:host/env" "output_set" (func $output_set (param i64 i64)))
              (import "plinth:host/kv" "get" (func $kv_get (param i64) (result i64)))
              (import "plinth:host/kv" "set" (func $kv_set (param i64 i64) (result i64)))
              (memory (export "memory") 1)
              (data (i32.const 16) "bench:key")
              (func $key (param $at i32) (param $len i32) (result i64)
                (local $o i64) (local $i i32)
                (local.set $o (call $alloc (i64.extend_i32_u (local.get $len))))
                (block $done (loop $copy
                  (br_if $done (i32.ge_u (local.get $i) (local.get $len)))
                  (call $store_u8 (i64.add (local.get $o) (i64.extend_i32_u (local.get $i)))
                    (i32.load8_u (i32.add (local.get $at) (local.get $i))))
                  (local.set $i (i32.add (local.get $i) (i32.const 1)))
                  (br $copy)))
                (local.get $o))
              ;; the input block itself is the value: the host frees it after set
              (func (export "set") (result i32)
                (i32.wrap_i64 (call $kv_set (call $key (i32.const 16) (i32.const 9)) (call $input_offset))))
              (func (export "get") (result i32) (local $v i64)
                (local.set $v (call $kv_get (call $key (i32.const 16) (i32.const 9))))
                (call $output_set (local.get $v) (call $length (local.get $v)))
                (i32.const 0))
              (func (export "noop") (result i32) (i32.const 0))
            )
            """;

    @Param({"memory", "file"})
    public String store;

    private Path dir;
    private PluginHost host;
    private CallRequest set;
    private CallRequest get;
    private CallRequest noop;
    private byte[] value;

    @Setup(Level.Trial)
    public void load() throws IOException {
        dir = Files.createTempDirectory("plinth-kv-bench");
        PluginEngine.Builder engine = PluginEngine.builder()
                .grant("kv-bench", PluginGrant.builder().kv(KvQuota.DEFAULTS).build());
        if (store.equals("file")) {
            engine.keyValueFile(dir.resolve("kv.mv.db"));
        }
        host = PluginHost.on(engine.build());
        host.load(assemble(dir));
        value = new byte[64];
        Arrays.fill(value, (byte) 'v');
        set = CallRequest.of("kv-bench", "set", value);
        get = CallRequest.of("kv-bench", "get", new byte[0]);
        noop = CallRequest.of("kv-bench", "noop", new byte[0]);
        host.call(set);
        if (!Arrays.equals(value, host.call(get).output())) {
            throw new IllegalStateException("kv-bench did not read back what it set");
        }
    }

    @TearDown(Level.Trial)
    public void close() {
        host.close();
        try (var files = Files.walk(dir)) {
            for (Path f : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(f);
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** {@code kv-bench.wasm} in {@code dir}, assembled with wabt's wat2wasm. */
    private static Path assemble(Path dir) throws IOException {
        Path wat = Files.writeString(dir.resolve("kv-bench.wat"), WAT);
        Path wasm = dir.resolve("kv-bench.wasm");
        Process p = new ProcessBuilder("wat2wasm", wat.toString(), "-o", wasm.toString()).inheritIO().start();
        try {
            if (p.waitFor() != 0) {
                throw new IllegalStateException("wat2wasm failed on the benchmark's module");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        Files.delete(wat);
        return wasm;
    }

    @Benchmark
    public byte[] kvSet() {
        return host.call(set).output();
    }

    @Benchmark
    public byte[] kvGet() {
        return host.call(get).output();
    }

    @Benchmark
    public byte[] noop() {
        return host.call(noop).output();
    }
}
