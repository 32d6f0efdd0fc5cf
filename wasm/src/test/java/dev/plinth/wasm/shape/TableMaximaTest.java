package dev.plinth.wasm.shape;

import static org.assertj.core.api.Assertions.assertThat;

import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;
import dev.plinth.testing.Wat;
import org.junit.jupiter.api.Test;

/** Table maxima clamped to the budget: {@code table.grow} past it fails in the engine, as a grow may. */
class TableMaximaTest {
    private static final String GROWER = """
            (module
              (table $t 10 funcref) (table $u 1 5 externref)
              (func (export "grow_t") (param i32) (result i32) (table.grow $t (ref.null func) (local.get 0)))
              (func (export "grow_u") (param i32) (result i32) (table.grow $u (ref.null extern) (local.get 0)))
              (func (export "size_t") (result i32) (table.size $t)))
            """;

    @Test
    void growBeyondTheBudgetFailsAndWithinItSucceeds() {
        byte[] clamped = TableMaxima.clamp(Wat.assemble(GROWER), 111);

        WasmModule module = Parser.parse(clamped);
        // 100 entries to share between two tables: 50 each; $u keeps its own maximum of 5
        assertThat(module.tableSection().getTable(0).limits().max()).isEqualTo(60);
        assertThat(module.tableSection().getTable(1).limits().max()).isEqualTo(5);
        Instance instance = Instance.builder(module).build();
        assertThat(instance.export("grow_t").apply(50)[0]).isEqualTo(10);
        assertThat(instance.export("grow_t").apply(1)[0]).isEqualTo(-1);
        assertThat(instance.export("size_t").apply()[0]).isEqualTo(60);
        assertThat(instance.export("grow_u").apply(4)[0]).isEqualTo(1);
        assertThat(instance.export("grow_u").apply(1)[0]).isEqualTo(-1);
    }

    @Test
    void aModuleWithinTheBudgetIsLeftByteForByte() {
        byte[] wasm = Wat.assemble("(module (table 1 2 funcref) (memory 1))");

        assertThat(TableMaxima.clamp(wasm, 1000)).isSameAs(wasm);
        byte[] none = Wat.assemble("(module (memory 1))");
        assertThat(TableMaxima.clamp(none, 1000)).isSameAs(none);
    }

    @Test
    void aTableWithAnInitializerKeepsIt() {
        // (table 2 funcref (ref.null func)), the form of the function-references proposal, which
        // wat2wasm does not write; and (func (export "grow") (result i32) table.grow by 100)
        byte[] wasm = ModuleShapeCheckTest.module(new byte[] {0x01, 0x60, 0x00, 0x01, 0x7F}, new byte[] {0x01, 0x00},
                new byte[] {0x01, 0x40, 0x00, 0x70, 0x00, 0x02, (byte) 0xD0, 0x70, 0x0B},
                new byte[] {0x01, 0x04, 'g', 'r', 'o', 'w', 0x00, 0x00},
                new byte[] {0x01, 0x0A, 0x00, (byte) 0xD0, 0x70, 0x41, (byte) 0xE4, 0x00, (byte) 0xFC, 0x0F, 0x00, 0x0B});

        byte[] clamped = TableMaxima.clamp(wasm, 50);

        WasmModule module = Parser.parse(clamped);
        assertThat(module.tableSection().getTable(0).limits().max()).isEqualTo(50);
        assertThat(Instance.builder(module).build().export("grow").apply()[0]).isEqualTo(-1);
    }
}
