package dev.plinth.wasm.binary;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plinth.testing.Wat;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Which functions a module lets the host or a table reach, in every form a module can say so. */
class FunctionReferencesTest {

    @Test
    void exportsTheStartFunctionElementsGlobalsAndRefFuncAreReferences() {
        byte[] wasm = Wat.assemble("""
                (module
                  (type $t (func))
                  (table 4 funcref)
                  (func $exported (export "e"))
                  (func $start)
                  (func $in_active_segment)
                  (func $in_expression_segment)
                  (func $in_declared_segment)
                  (func $in_a_global)
                  (func $named_by_ref_func (drop (ref.func $in_declared_segment)))
                  (func $only_called (call $named_by_ref_func))
                  (start $start)
                  (elem (i32.const 0) func $in_active_segment)
                  (elem (table 0) (i32.const 1) funcref (ref.func $in_expression_segment) (ref.null func))
                  (elem declare func $in_declared_segment)
                  (global funcref (ref.func $in_a_global)))
                """);
        FunctionReferences references = read(wasm);
        assertThat(IntStream.range(0, 8).filter(references::isReferenced).boxed().toList())
                .containsExactly(0, 1, 2, 3, 4, 5);
        assertThat(references.isReferenced(6)).as("a function only called directly").isFalse();
        assertThat(references.isReferenced(7)).isFalse();
    }

    @Test
    void passiveSegmentsInBothFormsAreReferencesToo() {
        byte[] wasm = Wat.assemble("""
                (module
                  (func $a) (func $b) (func $c)
                  (elem func $a)
                  (elem funcref (ref.func $b)))
                """);
        FunctionReferences references = read(wasm);
        assertThat(references.isReferenced(0)).isTrue();
        assertThat(references.isReferenced(1)).isTrue();
        assertThat(references.isReferenced(2)).isFalse();
    }

    private static FunctionReferences read(byte[] wasm) {
        List<Section> sections = ModuleSections.split(wasm);
        byte[] code = sections.get(ModuleSections.indexOf(sections, SectionId.CODE)).payload();
        List<List<Instruction>> instructions = new ArrayList<>();
        for (FunctionBody body : FunctionBody.list(code)) {
            instructions.add(body.instructions(code));
        }
        return FunctionReferences.read(sections, instructions);
    }
}
