package dev.plinth.host.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plinth.host.CompileCache;
import dev.plinth.host.EngineMode;
import dev.plinth.host.internal.cache.CompiledClassStore;
import dev.plinth.testing.Wat;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The compiler with a compile cache on disk: what a hit parses, and an authentic entry that cannot be loaded. */
class ModuleCompilerStoreTest {
    private static final Duration PATIENT = Duration.ofMinutes(1);
    private static final byte[] WASM = Wat.assemble("(module (memory (export \"memory\") 1)"
            + " (func $twice (param i32) (result i32) (i32.mul (local.get 0) (i32.const 2)))"
            + " (func (export \"run\") (result i32) (call $twice (i32.const 21))))");

    @TempDir
    Path tmp;

    private CompiledClassStore store() {
        return CompiledClassStore.open(CompileCache.in(tmp.resolve("cache")), (module, entry, reason) -> {
            throw new AssertionError("refused " + entry + ": " + reason);
        }).orElseThrow();
    }

    private static int instructionsOfFirstBody(CompiledModule module) {
        return module.module().codeSection().getFunctionBody(0).instructions().size();
    }

    @Test
    void aHitParsesTheModuleWithItsCodeStubbedOut() {
        CompiledModule compiled = new ModuleCompiler(4, 1, Optional.of(store()))
                .compile(WASM, EngineMode.COMPILED, "t.wasm", PATIENT, false);
        assertThat(instructionsOfFirstBody(compiled)).isGreaterThan(2);

        CompiledModule hit = new ModuleCompiler(4, 1, Optional.of(store()))
                .compile(WASM, EngineMode.COMPILED, "t.wasm", PATIENT, false);
        assertThat(instructionsOfFirstBody(hit)).isEqualTo(2); // unreachable, end
        assertThat(hit.callable()).isEqualTo(compiled.callable());
        assertThat(hit.size()).isEqualTo(WASM.length);
        assertThat(hit.sha256()).isEqualTo(compiled.sha256());
    }

    @Test
    void anAuthenticEntryWhoseClassesCannotBeLoadedIsReplacedByACompile() {
        CompiledClassStore store = store();
        String key = ModuleCompiler.storeKey(ModuleCompiler.sha256(WASM), false);
        store.write(key, "sealed by this host, but not a jar of classes".getBytes(StandardCharsets.UTF_8));

        CompiledModule compiled = new ModuleCompiler(4, 1, Optional.of(store))
                .compile(WASM, EngineMode.COMPILED, "t.wasm", PATIENT, false);
        assertThat(compiled.callable()).containsExactly("run");
        assertThat(instructionsOfFirstBody(compiled)).isGreaterThan(2);
        // the compile stored real classes in its place: the next compiler hits
        CompiledModule hit = new ModuleCompiler(4, 1, Optional.of(store()))
                .compile(WASM, EngineMode.COMPILED, "t.wasm", PATIENT, false);
        assertThat(instructionsOfFirstBody(hit)).isEqualTo(2);
    }
}
