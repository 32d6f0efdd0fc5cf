package dev.plinth.host.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.plinth.host.EngineMode;
import dev.plinth.testing.TestPlugins;
import dev.plinth.testing.Wat;
import dev.plinth.wasm.shape.ModuleOverLimitException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** The compiler's pool: shared compiles, a timeout that refuses, and the interpreter fallback asked for. */
class ModuleCompilerTest {
    private static final Duration PATIENT = Duration.ofMinutes(1);

    @Test
    void loadsOfTheSameBytesAtOnceShareOneCompile() throws Exception {
        byte[] wasm = Files.readAllBytes(TestPlugins.wasmOf(TestPlugins.sample("text-transformer")));
        ModuleCompiler compiler = new ModuleCompiler(4, 2);
        ExecutorService loaders = Executors.newFixedThreadPool(8);
        try {
            List<Future<CompiledModule>> loads = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                loads.add(loaders.submit(() -> compiler.compile(wasm, EngineMode.COMPILED, "t.wasm", PATIENT, false)));
            }
            CompiledModule first = loads.get(0).get();
            for (Future<CompiledModule> load : loads) {
                assertThat(load.get()).isSameAs(first);
            }
        } finally {
            loaders.shutdownNow();
        }
    }

    @Test
    void aCompileOverItsTimeoutIsRefusedAndItsResultServesTheNextLoad() {
        byte[] wasm = Wat.assemble("(module (memory (export \"memory\") 1) (func (export \"run\") (result i32)"
                + " (local $x i32)" + " (local.set $x (i32.add (local.get $x) (i32.const 1)))".repeat(5000)
                + " (i32.const 0)))");
        ModuleCompiler compiler = new ModuleCompiler(4, 1);

        assertThatThrownBy(() -> compiler.compile(wasm, EngineMode.COMPILED, "slow.wasm", Duration.ofNanos(1), false))
                .isInstanceOfSatisfying(ModuleOverLimitException.class, e -> {
                    assertThat(e.limit()).isEqualTo("compile-timeout");
                    assertThat(e.getMessage()).startsWith("slow.wasm took longer than compile-timeout 0 ms");
                });
        assertThat(compiler.compile(wasm, EngineMode.COMPILED, "slow.wasm", PATIENT, false).callable())
                .containsExactly("run");
    }

    @Test
    void aFunctionTooLargeForTheJvmNeedsTheFallbackToBeAskedFor() {
        byte[] wasm = Wat.assemble("(module (memory (export \"memory\") 1) (func (export \"run\") (result i32)"
                + " (local $x i32)" + " (local.set $x (i32.add (local.get $x) (i32.const 1)))".repeat(30_000)
                + " (i32.const 0)))");
        ModuleCompiler compiler = new ModuleCompiler(4, 1);

        assertThatThrownBy(() -> compiler.compile(wasm, EngineMode.COMPILED, "huge.wasm", PATIENT, false))
                .isInstanceOf(InterpreterFallbackNeeded.class).hasMessageStartingWith("huge.wasm: ");
        assertThat(compiler.compile(wasm, EngineMode.COMPILED, "huge.wasm", PATIENT, true).callable())
                .containsExactly("run");
    }
}
