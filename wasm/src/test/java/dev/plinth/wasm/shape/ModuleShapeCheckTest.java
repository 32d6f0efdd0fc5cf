package dev.plinth.wasm.shape;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.dylibso.chicory.wasm.Parser;
import dev.plinth.api.ModuleLimits;
import dev.plinth.api.error.InvalidModuleException;
import dev.plinth.wasm.testing.RustModules;
import dev.plinth.testing.Wat;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Modules shaped to make an engine spend heap or time, each refused from its bytes with the
 * figure and the limit; and the real plugins, which pass with room to spare.
 */
class ModuleShapeCheckTest {
    private static final ModuleLimits SMALL = new ModuleLimits(1 << 20, 100, 1000, 2000, 16, 1000, 10,
            Duration.ofSeconds(5));

    static Stream<Path> realModules() {
        return RustModules.all().stream();
    }

    @ParameterizedTest
    @MethodSource("realModules")
    void realPluginsAreWellWithinTheDefaults(Path wasm) throws Exception {
        byte[] bytes = Files.readAllBytes(wasm);

        ModuleShape shape = ModuleShapeCheck.check(bytes, ModuleLimits.DEFAULTS, wasm.toString());

        var parsed = Parser.parse(bytes);
        assertThat(shape.functions()).isEqualTo(parsed.functionSection().functionCount());
        assertThat(shape.globals()).isEqualTo(parsed.globalSection().globalCount());
        assertThat(shape.moduleBytes()).isEqualTo(bytes.length);
        assertThat(shape.instructions()).isPositive();
        assertThat(shape.deepestNesting()).isPositive().isLessThan(ModuleLimits.DEFAULTS.maxNesting());
    }

    @Test
    void countsWhatAModuleDeclares() {
        byte[] wasm = Wat.assemble("""
                (module
                  (table 3 funcref) (table 2 10 externref)
                  (global i32 (i32.const 1)) (global (mut i64) (i64.const 2))
                  (memory 1)
                  (func $a (local i32 i64 i64)
                    (block (loop (block (br 0)))))
                  (func $b (local i32))
                  (elem (i32.const 0) $a $b)
                  (data (i32.const 0) "x"))
                """);

        ModuleShape shape = ModuleShapeCheck.check(wasm, SMALL, "m.wasm");

        assertThat(shape.functions()).isEqualTo(2);
        assertThat(shape.tables()).isEqualTo(2);
        assertThat(shape.tableElements()).isEqualTo(5);
        assertThat(shape.globals()).isEqualTo(2);
        assertThat(shape.deepestNesting()).isEqualTo(3);
        assertThat(shape.mostLocals()).isEqualTo(3);
        assertThat(shape.locals()).isEqualTo(4);
        assertThat(shape.elementEntries()).isEqualTo(2);
        assertThat(shape.dataSegments()).isEqualTo(1);
        assertThat(shape.instanceHostBytes()).isEqualTo(5 * ModuleShape.TABLE_ENTRY_BYTES + 2 * ModuleShape.GLOBAL_BYTES);
    }

    @Test
    void twentyHugeTablesAreRefusedFromTheirFirstBytes() {
        StringBuilder wat = new StringBuilder("(module");
        for (int i = 0; i < 20; i++) {
            wat.append(" (table 10000000 funcref)");
        }
        byte[] wasm = Wat.assemble(wat.append(")").toString());

        assertThatThrownBy(() -> ModuleShapeCheck.check(wasm, ModuleLimits.DEFAULTS, "tables.wasm"))
                .isInstanceOf(InvalidModuleException.class)
                .hasMessage("tables.wasm declares tables of 10000000 entries to start with (table 0: 10000000), more"
                        + " than table-elements 100000 allows; the module is refused before it is compiled");
    }

    @Test
    void elementSegmentsCountAgainstTheTableBudget() {
        String functions = " $f".repeat(1001);
        byte[] wasm = Wat.assemble("(module (func $f) (elem declare func" + functions + "))");

        assertThatThrownBy(() -> ModuleShapeCheck.check(wasm, SMALL, "m.wasm"))
                .hasMessageStartingWith("m.wasm has element segments of 1001 entries (segment 0: 1001), more than"
                        + " table-elements 1000");
    }

    @Test
    void tooManyFunctionsAreRefusedBeforeTheirBodiesAreRead() {
        byte[] wasm = Wat.assemble("(module" + " (func)".repeat(101) + ")");

        assertThatThrownBy(() -> ModuleShapeCheck.check(wasm, SMALL, "m.wasm"))
                .hasMessageStartingWith("m.wasm defines 101 functions, more than max-functions 100");
    }

    @Test
    void aLargeBodyIsRefusedWithItsSizeAndIndex() {
        byte[] wasm = Wat.assemble("(module (import \"env\" \"f\" (func)) (func" + " nop".repeat(1000) + "))");

        assertThatThrownBy(() -> ModuleShapeCheck.check(wasm, SMALL, "m.wasm"))
                .hasMessageStartingWith("m.wasm has a function of 1002 bytes (function 1), more than"
                        + " max-function-size 1000");
    }

    @Test
    void deepNestingIsRefusedAtTheFirstBlockTooDeep() {
        byte[] wasm = Wat.assemble("(module (func" + " (block".repeat(17) + ")".repeat(17) + "))");

        assertThatThrownBy(() -> ModuleShapeCheck.check(wasm, SMALL, "m.wasm"))
                .hasMessageStartingWith("m.wasm nests blocks more than 16 deep (function 0), more than max-nesting 16");
    }

    @Test
    void tooManyInstructionsInAllAreRefused() {
        byte[] wasm = Wat.assemble("(module" + (" (func" + " nop".repeat(500) + ")").repeat(5) + ")");

        assertThatThrownBy(() -> ModuleShapeCheck.check(wasm, SMALL, "m.wasm"))
                .hasMessageStartingWith("m.wasm has more than 2000 instructions (by function 3), more than"
                        + " max-instructions 2000");
    }

    @Test
    void tooManyGlobalsAreRefused() {
        byte[] wasm = Wat.assemble("(module" + " (global i32 (i32.const 0))".repeat(11) + ")");

        assertThatThrownBy(() -> ModuleShapeCheck.check(wasm, SMALL, "m.wasm"))
                .hasMessageStartingWith("m.wasm defines 11 globals, more than max-globals 10");
    }

    @Test
    void fourBillionLocalsInSixBytesAreRefused() {
        // (func (local 4294967295 i32)): a body of count 1, group (0xFFFFFFFF, i32), end
        byte[] wasm = module(new byte[] {0x01, 0x60, 0x00, 0x00}, new byte[] {0x01, 0x00},
                new byte[] {0x01, 0x08, 0x01, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x0F, 0x7F, 0x0B});

        assertThatThrownBy(() -> ModuleShapeCheck.check(wasm, ModuleLimits.DEFAULTS, "locals.wasm"))
                .hasMessage("locals.wasm declares 4294967295 locals in function 0, more than the 50000 any function may"
                        + " have");
    }

    @Test
    void aFileOverTheSizeLimitIsRefusedUnread() {
        assertThatThrownBy(() -> ModuleShapeCheck.check(new byte[(1 << 20) + 1], SMALL, "big.wasm"))
                .hasMessageStartingWith("big.wasm is 1048577 bytes, more than max-module-size 1048576");
    }

    @Test
    void malformedBytesAreAnInvalidModuleNotACrash() {
        byte[] truncated = module(new byte[] {0x01, 0x60, 0x00, 0x00}, new byte[] {0x05, 0x00}, new byte[] {0x01});

        assertThatThrownBy(() -> ModuleShapeCheck.check(truncated, SMALL, "bad.wasm"))
                .isInstanceOf(InvalidModuleException.class)
                .hasMessageStartingWith("bad.wasm is not a valid WebAssembly module: ");
    }

    /** A module of a type, a function and a code section with these payloads. */
    static byte[] module(byte[] types, byte[] functions, byte[] code) {
        return module(types, functions, null, null, code);
    }

    /** A module of these type, function, table, export and code sections (null: none). */
    static byte[] module(byte[] types, byte[] functions, byte[] tables, byte[] exports, byte[] code) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00});
        section(out, 1, types);
        section(out, 3, functions);
        section(out, 4, tables);
        section(out, 7, exports);
        section(out, 10, code);
        return out.toByteArray();
    }

    private static void section(ByteArrayOutputStream out, int id, byte[] payload) {
        if (payload == null) {
            return;
        }
        out.write(id);
        out.write(payload.length); // every payload here is under 128 bytes
        out.writeBytes(payload);
    }
}
