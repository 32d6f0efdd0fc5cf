package dev.plinth.wasm.binary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;
import dev.plinth.testing.Wat;
import org.junit.jupiter.api.Test;

/**
 * The module wit-component writes to run a reactor's {@code _initialize} imports it as {@code "" ""}, which
 * Chicory does not parse: renamed, it parses, with every other byte of the module as it was.
 */
class EmptyImportNamesTest {
    private static final String WAT = """
            (module
              (type (func))
              (import "" "" (func (type 0)))
              (import "env" "memory" (memory 1 2))
              (import "" "" (table 1 funcref))
              (import "m" "g" (global (mut i32)))
              (func (export "f") (result i32) i32.const 7)
              (start 0))
            """;

    @Test
    void emptyFieldNamesBecomeThePlaceholderAndTheModuleParses() {
        byte[] original = Wat.assemble(WAT);
        assertThatThrownBy(() -> Parser.parse(original)).as("what Chicory 1.7.5 does with it").isNotNull();

        byte[] renamed = EmptyImportNames.rename(original);
        WasmModule module = Parser.parse(renamed);
        assertThat(module.importSection().importCount()).isEqualTo(4);
        assertThat(module.importSection().getImport(0).module()).isEmpty();
        assertThat(module.importSection().getImport(0).name()).isEqualTo(EmptyImportNames.PLACEHOLDER);
        assertThat(module.importSection().getImport(1).name()).isEqualTo("memory");
        assertThat(module.importSection().getImport(2).name()).isEqualTo(EmptyImportNames.PLACEHOLDER);
        assertThat(module.importSection().getImport(3).name()).isEqualTo("g");
        assertThat(module.exportSection().getExport(0).name()).isEqualTo("f");
        assertThat(renamed.length).isEqualTo(original.length + 2);
    }

    @Test
    void aModuleWithoutEmptyNamesIsTheSameArray() {
        byte[] plain = Wat.assemble("(module (import \"env\" \"f\" (func)) (func (export \"g\")))");
        assertThat(EmptyImportNames.rename(plain)).isSameAs(plain);
        byte[] none = Wat.assemble("(module (func (export \"g\")))");
        assertThat(EmptyImportNames.rename(none)).isSameAs(none);
    }

    @Test
    void aFieldAlreadyNamedThePlaceholderIsRefused() {
        byte[] nul = Wat.assemble("(module (import \"env\" \"\\00\" (func)))");
        assertThatThrownBy(() -> EmptyImportNames.rename(nul)).isInstanceOf(IllegalArgumentException.class);
    }
}
