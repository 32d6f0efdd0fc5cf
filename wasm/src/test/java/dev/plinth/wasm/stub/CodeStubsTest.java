package dev.plinth.wasm.stub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.plinth.testing.Wat;
import dev.plinth.wasm.binary.FunctionBody;
import dev.plinth.wasm.binary.Instruction;
import dev.plinth.wasm.binary.MalformedWasmException;
import dev.plinth.wasm.binary.ModuleSections;
import dev.plinth.wasm.binary.Section;
import dev.plinth.wasm.binary.SectionId;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Code stubs keep every declaration byte for byte and leave one valid {@code unreachable} per function. */
class CodeStubsTest {
    private static final String MODULE = """
            (module
              (import "extism:host/env" "alloc" (func $alloc (param i64) (result i64)))
              (memory (export "memory") 1)
              (global $g (mut i64) (i64.const 7))
              (table 2 funcref)
              (elem (i32.const 0) $a $b)
              (data (i32.const 8) "kept")
              (func $a (param i32) (result i64) (local f64 f64)
                (i64.extend_i32_u (local.get 0)))
              (func $b (result i64) (call $alloc (i64.const 16)))
              (func (export "run") (result i32)
                (global.set $g (call_indirect (param i32) (result i64) (i32.const 3) (i32.const 0)))
                (i32.const 0))
              (start $start)
              (func $start))
            """;

    @Test
    void everyBodyBecomesUnreachableAndEveryOtherSectionStaysAsItWas() {
        byte[] module = Wat.assemble(MODULE);
        byte[] stubbed = CodeStubs.of(module);

        List<Section> before = ModuleSections.split(module);
        List<Section> after = ModuleSections.split(stubbed);
        assertThat(after).hasSameSizeAs(before);
        for (int i = 0; i < before.size(); i++) {
            assertThat(after.get(i).id()).isEqualTo(before.get(i).id());
            if (before.get(i).id() != SectionId.CODE) {
                assertThat(after.get(i).payload()).isEqualTo(before.get(i).payload());
            }
        }
        byte[] code = after.stream().filter(s -> s.id() == SectionId.CODE).findFirst().orElseThrow().payload();
        List<FunctionBody> bodies = FunctionBody.list(code);
        assertThat(bodies).hasSize(4);
        for (FunctionBody body : bodies) {
            assertThat(body.declaredLocals()).isZero();
            assertThat(body.instructions(code)).extracting(Instruction::opcode).containsExactly(0x00, 0x0B);
        }
        assertThat(Wat.validationErrors(stubbed)).isEmpty();
        assertThat(stubbed.length).isLessThan(module.length);
    }

    @Test
    void aModuleWithoutCodeIsReturnedAsItIs() {
        byte[] module = Wat.assemble("(module (memory (export \"memory\") 1))");
        assertThat(CodeStubs.of(module)).isSameAs(module);
    }

    @Test
    void bytesThatAreNoModuleAreRefused() {
        assertThatThrownBy(() -> CodeStubs.of(new byte[] {1, 2, 3})).isInstanceOf(MalformedWasmException.class);
    }
}
