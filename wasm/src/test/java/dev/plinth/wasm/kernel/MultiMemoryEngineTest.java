package dev.plinth.wasm.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.dylibso.chicory.runtime.Instance;
import dev.plinth.testing.Wat;
import dev.plinth.wasm.testing.EngineMode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The kernel inliner puts Extism's blocks in a second linear memory: both of Chicory's machines
 * must address memory 1 apart from memory 0 (loads, stores, {@code memory.size}).
 */
class MultiMemoryEngineTest {
    private static final String WAT = """
            (module
              (memory $guest 1)
              (memory $kernel 2)
              (func (export "run") (param i32) (result i64)
                (i64.store $guest (i32.const 16) (i64.const 11))
                (i64.store $kernel offset=16 (local.get 0) (i64.const 0x0102030405060708))
                (i32.store8 $kernel (i32.const 3) (i32.const 0xAA))
                (i64.add
                  (i64.add (i64.load $kernel offset=16 (local.get 0)) (i64.load $guest (i32.const 16)))
                  (i64.add (i64.load8_u $kernel (i32.const 3))
                    (i64.add (i64.extend_i32_u (memory.size $kernel))
                      (i64.load $guest offset=16 (local.get 0)))))))
            """;

    @ParameterizedTest
    @EnumSource(EngineMode.class)
    void bothMachinesKeepTheMemoriesApart(EngineMode mode) {
        Instance instance = mode.instantiate(Wat.assemble(WAT, "--enable-multi-memory"));
        long result = instance.export("run").apply(40)[0];
        assertEquals(0x0102030405060708L + 11 + 0xAA + 2, result);
        assertEquals(0x0102030405060708L, instance.memory(1).readLong(56));
        assertEquals(0, instance.memory(0).readLong(56));
    }
}
