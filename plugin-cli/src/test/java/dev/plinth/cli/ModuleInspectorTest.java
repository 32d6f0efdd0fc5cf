package dev.plinth.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.plinth.api.error.ErrorCode;
import dev.plinth.api.error.InvalidModuleException;
import dev.plinth.host.ModuleInspector;
import dev.plinth.host.ModuleReport;
import dev.plinth.host.ModuleReport.ImportStatus;
import dev.plinth.host.ModuleReport.Kind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link ModuleInspector}, the plugin-host API that {@code plinth inspect} prints. */
class ModuleInspectorTest {
    @TempDir
    Path temp;

    @Test
    void reportsACompatibleModule() {
        ModuleReport report = ModuleInspector.inspect(Fixtures.wasm("cli-fixture.wasm"));

        assertThat(report.bare()).isTrue();
        assertThat(report.manifest().name()).isEqualTo("cli-fixture");
        assertThat(report.sha256()).matches("[0-9a-f]{64}");
        assertThat(report.size()).isEqualTo(Fixtures.wasm("cli-fixture.wasm").toFile().length());
        assertThat(report.callableExports()).containsExactly("hello", "echo", "fail", "trap", "spin");
        assertThat(report.imports()).allMatch(i -> i.status() == ImportStatus.EXTISM_ABI);
        assertThat(report.memory()).hasValueSatisfying(m -> {
            assertThat(m.initialPages()).isEqualTo(1);
            assertThat(m.maxPages()).isEqualTo(OptionalInt.empty());
            assertThat(m.exportedAs()).contains("memory");
            assertThat(m.imported()).isFalse();
        });
        assertThat(report.reactor()).isFalse();
        assertThat(report.extismCompatible()).isTrue();
        assertThat(report.incompatibilities()).isEmpty();
        assertThat(report.loadable()).isTrue();
    }

    @Test
    void marksEveryImportProblemAndListsEveryReason() {
        ModuleReport report = ModuleInspector.inspect(Fixtures.wasm("not-extism.wasm"));

        assertThat(report.imports()).extracting(ModuleReport.ImportEntry::qualifiedName, ModuleReport.ImportEntry::status)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("extism:host/env.alloc", ImportStatus.WRONG_TYPE),
                        org.assertj.core.groups.Tuple.tuple("extism:host/env.teleport", ImportStatus.UNKNOWN_ABI_FUNCTION),
                        org.assertj.core.groups.Tuple.tuple("env.abort", ImportStatus.UNKNOWN_MODULE),
                        org.assertj.core.groups.Tuple.tuple("env.seed", ImportStatus.UNKNOWN_MODULE),
                        org.assertj.core.groups.Tuple.tuple("extism:host/user.lookup_price", ImportStatus.HOST_FUNCTION));
        assertThat(report.imports().get(0).type()).isEqualTo("(i32) -> i32");
        assertThat(report.imports().get(0).expectedType()).contains("(i64) -> i64");
        assertThat(report.extismCompatible()).isFalse();
        // a memory that is not exported is no problem: Extism's memory is the host's (issue 12)
        assertThat(report.incompatibilities()).hasSize(4)
                .anySatisfy(r -> assertThat(r).contains("alloc as (i32) -> i32").contains("(i64) -> i64"))
                .anySatisfy(r -> assertThat(r).contains("teleport"))
                .anySatisfy(r -> assertThat(r).contains("2 functions from \"env\""))
                .anySatisfy(r -> assertThat(r).contains("no function of type () -> i32"));
        assertThat(report.memory()).hasValueSatisfying(m -> assertThat(m.maxPages()).hasValue(4));
    }

    @Test
    void recognisesAReactorAndOtherExportKinds() {
        ModuleReport report = ModuleInspector.inspect(Fixtures.wasm("reactor.wasm"));

        assertThat(report.reactor()).isTrue();
        assertThat(report.imports().get(0).status()).isEqualTo(ImportStatus.WASI);
        assertThat(report.exports()).anySatisfy(e -> {
            assertThat(e.name()).isEqualTo("counter");
            assertThat(e.kind()).isEqualTo(Kind.GLOBAL);
            assertThat(e.type()).isEqualTo("mut i32");
        });
        assertThat(report.exports()).anySatisfy(e -> {
            assertThat(e.kind()).isEqualTo(Kind.MEMORY);
            assertThat(e.type()).isEqualTo("17 pages, max 32");
        });
    }

    @Test
    void importsFromTheOtherModulesOfAPluginAreProvidedByThePlugin() throws IOException {
        Path plugin = Files.createDirectories(temp.resolve("linked"));
        Files.writeString(plugin.resolve("plugin.toml"), """
                [plugin]
                name = "linked"
                version = "1.0.0"
                entrypoint = "main.wasm"

                [modules]
                lib = "lib.wasm"
                """);
        Files.write(plugin.resolve("main.wasm"), dev.plinth.testing.Wat.assemble("""
                (module
                  (import "lib" "memory" (memory 1))
                  (import "lib" "upper" (func (param i32 i32)))
                  (import "env" "table" (table 1 funcref))
                  (func (export "run") (result i32) (i32.const 0)))
                """));

        ModuleReport report = ModuleInspector.inspect(plugin);

        assertThat(report.imports()).extracting(ModuleReport.ImportEntry::qualifiedName, ModuleReport.ImportEntry::status)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("lib.memory", ImportStatus.PLUGIN_MODULE),
                        org.assertj.core.groups.Tuple.tuple("lib.upper", ImportStatus.PLUGIN_MODULE),
                        org.assertj.core.groups.Tuple.tuple("env.table", ImportStatus.NOT_A_FUNCTION));
        assertThat(report.imports().get(1).type()).isEqualTo("(i32, i32) -> ()");
        assertThat(report.incompatibilities()).singleElement().asString().contains("env.table");
    }

    @Test
    void aBareFileWhoseNameIsNoPluginNameIsStillInspected() throws IOException {
        Path odd = Files.copy(Fixtures.wasm("cli-fixture.wasm"), temp.resolve("9lives.wasm"));

        ModuleReport report = ModuleInspector.inspect(odd);

        assertThat(report.extismCompatible()).isTrue();
        assertThat(report.manifestProblems()).singleElement().asString().contains("not a valid plugin name");
        assertThat(report.loadable()).isFalse();
    }

    @Test
    void invalidBytesAreAnInvalidModule() throws IOException {
        Path junk = Files.write(temp.resolve("junk.wasm"), "not wasm at all".getBytes());

        assertThatThrownBy(() -> ModuleInspector.inspect(junk))
                .isInstanceOf(InvalidModuleException.class)
                .hasMessageContaining("junk.wasm is not a valid WebAssembly module")
                .satisfies(e -> assertThat(((InvalidModuleException) e).code()).isEqualTo(ErrorCode.INVALID_MODULE));
    }

    @Test
    void aTruncatedModuleIsAnInvalidModule() throws IOException {
        byte[] whole = Files.readAllBytes(Fixtures.wasm("cli-fixture.wasm"));
        Path cut = Files.write(temp.resolve("cut.wasm"), java.util.Arrays.copyOf(whole, whole.length / 2));

        assertThatThrownBy(() -> ModuleInspector.inspect(cut)).isInstanceOf(InvalidModuleException.class);
    }
}
