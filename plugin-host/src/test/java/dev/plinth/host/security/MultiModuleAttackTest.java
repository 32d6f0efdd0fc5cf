package dev.plinth.host.security;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.plinth.api.CallRequest;
import dev.plinth.api.CallResult;
import dev.plinth.api.ModuleLimits;
import dev.plinth.api.PluginError;
import dev.plinth.api.PluginLimits;
import dev.plinth.api.PluginStatus;
import dev.plinth.api.VersionInfo;
import dev.plinth.api.error.ErrorCode;
import dev.plinth.api.error.PluginException;
import dev.plinth.api.unit.DataSize;
import dev.plinth.host.EngineMode;
import dev.plinth.host.PluginEngine;
import dev.plinth.host.PluginHost;
import dev.plinth.security.audit.AuditEntry;
import dev.plinth.security.signature.KeyPairs;
import dev.plinth.security.signature.SignatureMode;
import dev.plinth.security.signature.Signer;
import dev.plinth.security.signature.TrustedKeys;
import dev.plinth.testing.Wat;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Hostile plugins made of several modules: whatever a module other than the main one does, it is
 * held by the plugin's deadline, fuel, memory limit, shape limits and file rules as the main module
 * is, links that cannot be made are refused at load with what, where and why, and the host keeps
 * serving a well-behaved plugin throughout.
 */
class MultiModuleAttackTest {
    private static final String ECHO = """
            (module
              (import "extism:host/env" "input_length" (func $len (result i64)))
              (import "extism:host/env" "alloc" (func $alloc (param i64) (result i64)))
              (import "extism:host/env" "input_load_u8" (func $in (param i64) (result i32)))
              (import "extism:host/env" "store_u8" (func $store (param i64 i32)))
              (import "extism:host/env" "output_set" (func $out (param i64 i64)))
              (func (export "echo") (result i32) (local $n i64) (local $p i64) (local $i i64)
                (local.set $n (call $len))
                (local.set $p (call $alloc (local.get $n)))
                (block $d (loop $l (br_if $d (i64.ge_u (local.get $i) (local.get $n)))
                  (call $store (i64.add (local.get $p) (local.get $i)) (call $in (local.get $i)))
                  (local.set $i (i64.add (local.get $i) (i64.const 1))) (br $l)))
                (call $out (local.get $p) (local.get $n))
                (i32.const 0)))
            """;

    /** Calls {@code lib.f} and returns 0. */
    private static final String CALLS_LIB = """
            (module
              (import "lib" "f" (func $f))
              (func (export "run") (result i32) (call $f) (i32.const 0)))
            """;

    @TempDir
    Path plugins;

    private Path plugin(String name, String mainWat, Map<String, String> libraries) throws IOException {
        Path dir = Files.createDirectories(plugins.resolve(name));
        StringBuilder toml = new StringBuilder("[plugin]\nname = \"" + name + "\"\nversion = \"1.0.0\"\n"
                + "entrypoint = \"main.wasm\"\n\n[modules]\n");
        for (Map.Entry<String, String> library : libraries.entrySet()) {
            toml.append('"').append(library.getKey()).append("\" = \"").append(library.getKey()).append(".wasm\"\n");
            Files.write(dir.resolve(library.getKey() + ".wasm"), Wat.assemble(library.getValue()));
        }
        Files.writeString(dir.resolve("plugin.toml"), toml.toString());
        Files.write(dir.resolve("main.wasm"), Wat.assemble(mainWat));
        return dir;
    }

    private Path echo(PluginHost host) throws IOException {
        Path echo = Wat.write(plugins, "echo", ECHO);
        assertThat(host.load(echo).status()).isEqualTo(PluginStatus.ACTIVE);
        return echo;
    }

    private static void stillServes(PluginHost host) {
        assertThat(new String(host.call("echo", "echo", "still here".getBytes(UTF_8)), UTF_8)).isEqualTo("still here");
    }

    private static PluginError refused(PluginHost host, Path plugin) {
        VersionInfo info = host.load(plugin);
        assertThat(info.status()).as("refused at load").isEqualTo(PluginStatus.FAILED);
        return info.lastError().orElseThrow();
    }

    private static Map<String, String> lib(String wat) {
        Map<String, String> libraries = new LinkedHashMap<>();
        libraries.put("lib", wat);
        return libraries;
    }

    @ParameterizedTest
    @EnumSource(EngineMode.class)
    void aLibraryWhoseStartFunctionNeverEndsIsStoppedByTheLoadDeadline(EngineMode mode) throws IOException {
        String spinsAtStart = """
                (module
                  (func $spin (loop $l (br_if $l (i32.const 1))))
                  (start $spin)
                  (func (export "f")))
                """;
        try (PluginHost host = PluginHost.on(PluginEngine.builder().engine(mode).loadTimeout(Duration.ofMillis(400))
                .build())) {
            echo(host);
            PluginError error = refused(host, plugin("spin-start", CALLS_LIB, lib(spinsAtStart)));
            assertThat(error.code()).isEqualTo(ErrorCode.TIMEOUT);
            assertThat(error.message()).contains("lib:<start>");
            assertThat(host.auditLog().recent(50)).extracting(AuditEntry::resource)
                    .contains("spin-start/main.wasm lib:<start> (timeout)");
            stillServes(host);
        }
    }

    @ParameterizedTest
    @EnumSource(EngineMode.class)
    void aLibraryFunctionThatNeverReturnsIsStoppedByTheCallDeadline(EngineMode mode) throws IOException {
        String spins = """
                (module
                  (func (export "f") (loop $l (br_if $l (i32.const 1)))))
                """;
        try (PluginHost host = PluginHost.on(PluginEngine.builder().engine(mode)
                .limits(PluginLimits.DEFAULTS.withCallTimeout(Duration.ofMillis(300))).build())) {
            echo(host);
            assertThat(host.load(plugin("spin-call", CALLS_LIB, lib(spins))).status()).isEqualTo(PluginStatus.ACTIVE);
            for (int attempt = 0; attempt < 2; attempt++) {
                assertThatThrownBy(() -> host.call("spin-call", "run", new byte[0])).isInstanceOf(PluginException.class)
                        .satisfies(e -> assertThat(((PluginException) e).code()).isEqualTo(ErrorCode.TIMEOUT));
            }
            assertThat(host.loaded("spin-call").orElseThrow().busyInstances()).isZero();
            stillServes(host);
        }
    }

    /** 4 pages of memory, 256 KiB. */
    private static PluginHost fourPages() {
        return PluginHost.on(PluginEngine.builder()
                .limits(PluginLimits.DEFAULTS.withMaxMemory(DataSize.ofBytes(4 * 65536))).build());
    }

    @Test
    void twoModulesThatEachStartWithinTheLimitButNotTogetherAreRefused() throws IOException {
        String main = """
                (module
                  (import "lib" "f" (func $f))
                  (memory 3)
                  (func (export "run") (result i32) (call $f) (i32.const 0)))
                """;
        String library = "(module (memory 3) (func (export \"f\")))";
        try (PluginHost host = fourPages()) {
            echo(host);
            PluginError error = refused(host, plugin("two-memories", main, lib(library)));
            assertThat(error.code()).isEqualTo(ErrorCode.MEMORY_LIMIT);
            assertThat(error.message()).contains("384KB").contains("two-memories/main.wasm")
                    .contains("two-memories/lib.wasm").contains("256KB");
            stillServes(host);
        }
    }

    /**
     * Each module grows its own memory: main by {@code mainPages}, then the library by
     * {@code libPages}; the output is the two {@code memory.grow} results plus one (0 for refused).
     */
    private static String growingMain(int mainPages, int libPages) {
        return """
                (module
                  (import "extism:host/env" "alloc" (func $alloc (param i64) (result i64)))
                  (import "extism:host/env" "store_u8" (func $store (param i64 i32)))
                  (import "extism:host/env" "output_set" (func $out (param i64 i64)))
                  (import "lib" "grow" (func $grow (param i32) (result i32)))
                  (memory 1)
                  (func (export "grow") (result i32) (local $p i64)
                    (local.set $p (call $alloc (i64.const 2)))
                    (call $store (local.get $p) (i32.add (memory.grow (i32.const %d)) (i32.const 1)))
                    (call $store (i64.add (local.get $p) (i64.const 1))
                      (i32.add (call $grow (i32.const %d)) (i32.const 1)))
                    (call $out (local.get $p) (i64.const 2))
                    (i32.const 0)))
                """.formatted(mainPages, libPages);
    }

    private static final String GROWING_LIB = """
            (module
              (memory 1)
              (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0))))
            """;

    @Test
    void theMemoryLimitHoldsForAllTheModulesMemoriesTogether() throws IOException {
        try (PluginHost host = fourPages()) {
            echo(host);
            assertThat(host.load(plugin("grow-fits", growingMain(1, 1), lib(GROWING_LIB))).status())
                    .isEqualTo(PluginStatus.ACTIVE);
            assertThat(host.call("grow-fits", "grow", new byte[0])).as("1+1 then 1+1 pages: 4 in all")
                    .containsExactly(2, 2);
            assertThat(host.load(plugin("grow-over", growingMain(2, 1), lib(GROWING_LIB))).status())
                    .isEqualTo(PluginStatus.ACTIVE);
            assertThat(host.call("grow-over", "grow", new byte[0]))
                    .as("main grows to 3 pages, the library may not grow to 2: 5 pages together").containsExactly(2, 0);
            stillServes(host);
        }
    }

    @Test
    void aMemoryImportedFromAnotherModuleIsTheOneMemoryUnderTheLimit() throws IOException {
        String main = """
                (module
                  (import "extism:host/env" "alloc" (func $alloc (param i64) (result i64)))
                  (import "extism:host/env" "store_u8" (func $store (param i64 i32)))
                  (import "extism:host/env" "output_set" (func $out (param i64 i64)))
                  (import "lib" "memory" (memory 1))
                  (import "lib" "size" (func $size (result i32)))
                  (func (export "grow") (result i32) (local $p i64)
                    (local.set $p (call $alloc (i64.const 3)))
                    (call $store (local.get $p) (i32.add (memory.grow (i32.const 3)) (i32.const 1)))
                    (call $store (i64.add (local.get $p) (i64.const 1)) (call $size))
                    (call $store (i64.add (local.get $p) (i64.const 2))
                      (i32.add (memory.grow (i32.const 1)) (i32.const 1)))
                    (call $out (local.get $p) (i64.const 3))
                    (i32.const 0)))
                """;
        String library = """
                (module
                  (memory (export "memory") 1)
                  (func (export "size") (result i32) (memory.size)))
                """;
        try (PluginHost host = fourPages()) {
            assertThat(host.load(plugin("one-memory", main, lib(library))).status()).isEqualTo(PluginStatus.ACTIVE);
            assertThat(host.call("one-memory", "grow", new byte[0]))
                    .as("grown by main to 4 pages, the library sees 4, and a fifth is refused").containsExactly(2, 4, 0);
        }
    }

    @Test
    void aLibraryOverTheShapeLimitsIsRefusedBeforeItIsCompiled() throws IOException {
        StringBuilder many = new StringBuilder("(module (func (export \"f\"))");
        for (int i = 0; i < 20; i++) {
            many.append(" (func)");
        }
        many.append(')');
        ModuleLimits limits = new ModuleLimits(32L << 20, 10, 4L << 20, 5_000_000, 4096, 100_000, 10_000,
                Duration.ofSeconds(60));
        try (PluginHost host = PluginHost.on(PluginEngine.builder().limits(PluginLimits.DEFAULTS.withModule(limits))
                .build())) {
            echo(host);
            PluginError error = refused(host, plugin("wide", CALLS_LIB, lib(many.toString())));
            assertThat(error.code()).isEqualTo(ErrorCode.INVALID_MODULE);
            assertThat(error.message()).contains("wide/lib.wasm").contains("21").contains("max-functions");
            stillServes(host);
        }
    }

    @Test
    void aLibraryPathOutOfThePluginFolderIsRefused() throws IOException {
        try (PluginHost host = PluginHost.on(PluginEngine.builder().build())) {
            echo(host);
            Path dotted = plugin("dotted", CALLS_LIB, lib("(module (func (export \"f\")))"));
            Files.writeString(dotted.resolve("plugin.toml"), Files.readString(dotted.resolve("plugin.toml"))
                    .replace("\"lib\" = \"lib.wasm\"", "\"lib\" = \"../echo.wasm\""));
            PluginError error = refused(host, dotted);
            assertThat(error.code()).isEqualTo(ErrorCode.INVALID_MANIFEST);
            assertThat(error.message()).contains("modules.lib").contains("\"..\"");

            Path outside = Files.createTempDirectory("plinth-outside");
            try {
                Path elsewhere = Files.write(outside.resolve("lib.wasm"), Wat.assemble("(module (func (export \"f\")))"));
                Path linked = plugin("linked", CALLS_LIB, lib("(module (func (export \"f\")))"));
                Files.delete(linked.resolve("lib.wasm"));
                Files.createSymbolicLink(linked.resolve("lib.wasm"), elsewhere);
                PluginError link = refused(host, linked);
                assertThat(link.code()).isEqualTo(ErrorCode.INVALID_MODULE);
                assertThat(link.message()).contains("lib.wasm").contains("a symbolic link to")
                        .contains("outside the plugins folder");
            } finally {
                Files.walk(outside).sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
            stillServes(host);
        }
    }

    @Test
    void aMissingLibraryFileIsAManifestError() throws IOException {
        try (PluginHost host = PluginHost.on(PluginEngine.builder().build())) {
            Path plugin = plugin("missing", CALLS_LIB, lib("(module (func (export \"f\")))"));
            Files.delete(plugin.resolve("lib.wasm"));
            PluginError error = refused(host, plugin);
            assertThat(error.code()).isEqualTo(ErrorCode.INVALID_MANIFEST);
            assertThat(error.message()).contains("plugin.toml").contains("modules.lib").contains("\"lib.wasm\" does not"
                    + " exist");
        }
    }

    @Test
    void linksThatCannotBeMadeAreRefusedWithWhatWhereAndWhy() throws IOException {
        try (PluginHost host = PluginHost.on(PluginEngine.builder().fuel(1_000_000).build())) {
            echo(host);
            Map<String, String> cycle = new LinkedHashMap<>();
            cycle.put("a", "(module (import \"b\" \"g\" (func)) (func (export \"f\")))");
            cycle.put("b", "(module (import \"a\" \"f\" (func)) (func (export \"g\")))");
            String callsA = CALLS_LIB.replace("\"lib\" \"f\"", "\"a\" \"f\"");
            assertThat(refused(host, plugin("cycle", callsA, cycle)).message()).contains("cycle")
                    .contains("a (cycle/a.wasm) imports from b (cycle/b.wasm) imports from a (cycle/a.wasm)");

            assertThat(refused(host, plugin("from-main", CALLS_LIB,
                    lib("(module (import \"main\" \"run\" (func (result i32))) (func (export \"f\")))"))).message())
                    .contains("from-main/lib.wasm imports main.run from the main module");

            assertThat(refused(host, plugin("no-such-export", CALLS_LIB, lib("(module (func (export \"g\")))")))
                    .message()).contains("no-such-export/main.wasm imports a function lib.f, which module lib"
                            + " (no-such-export/lib.wasm) does not export");

            assertThat(refused(host, plugin("wrong-type", CALLS_LIB,
                    lib("(module (func (export \"f\") (param i32)))"))).message())
                    .contains("wrong-type/main.wasm imports lib.f as () -> (), but module lib (wrong-type/lib.wasm)"
                            + " exports it as (i32) -> ()");

            assertThat(refused(host, plugin("command-lib", CALLS_LIB,
                    lib("(module (func (export \"f\")) (func (export \"_start\")))"))).message())
                    .contains("command-lib/lib.wasm (module lib) exports _start");

            String hostMemory = """
                    (module
                      (import "extism:host/env" "memory" (memory 1))
                      (func (export "f")))
                    """;
            assertThat(refused(host, plugin("kernel-memory", CALLS_LIB, lib(hostMemory))).message())
                    .contains("kernel-memory/lib.wasm imports a memory (extism:host/env.memory)");
        }
    }

    /**
     * The meter's fuel counter is a global the rewritten module exports; were another module able
     * to import it, it could write itself a new budget. It is not one of the module's exports.
     */
    @ParameterizedTest
    @EnumSource(EngineMode.class)
    void noModuleCanImportAnotherModulesFuelCounter(EngineMode mode) throws IOException {
        String refills = """
                (module
                  (import "lib" "plinth_fuel" (global $fuel (mut i64)))
                  (import "lib" "f" (func $f))
                  (func (export "run") (result i32)
                    (global.set $fuel (i64.const 0x7fffffffffffffff))
                    (loop $l (br_if $l (i32.const 1)))
                    (i32.const 0)))
                """;
        try (PluginHost host = PluginHost.on(PluginEngine.builder().engine(mode).fuel(1_000_000).build())) {
            PluginError error = refused(host, plugin("refill", refills, lib("(module (func (export \"f\")))")));
            assertThat(error.code()).isEqualTo(ErrorCode.INVALID_MODULE);
            assertThat(error.message()).contains("imports a global lib.plinth_fuel, which module lib (refill/lib.wasm)"
                    + " does not export");
        }
    }

    /**
     * A module that imports a global has its fuel counter at an index past the imported ones: the
     * counter must still be the one the engine refills before each call and reads after it, so that
     * every call gets the whole budget, its fuel is reported, and no global of the plugin's own is
     * taken for the counter.
     */
    @ParameterizedTest
    @EnumSource(EngineMode.class)
    void aModuleImportingAGlobalIsMeteredByItsOwnCounter(EngineMode mode) throws IOException {
        String importsAGlobal = """
                (module
                  (import "lib" "base" (global $base (mut i32)))
                  (import "lib" "f" (func $f))
                  (global $calls (mut i32) (i32.const 0))
                  (func (export "run") (result i32) (local $i i32)
                    (global.set $calls (i32.add (global.get $calls) (i32.const 1)))
                    (loop $l
                      (local.set $i (i32.add (local.get $i) (i32.const 1)))
                      (br_if $l (i32.lt_u (local.get $i) (i32.const 20000))))
                    (if (i32.ne (global.get $base) (i32.const 7)) (then unreachable))
                    (i32.const 0)))
                """;
        String exportsAGlobal = "(module (global (export \"base\") (mut i32) (i32.const 7)) (func (export \"f\")))";
        try (PluginHost host = PluginHost.on(PluginEngine.builder().engine(mode).fuel(1_000_000).build())) {
            Path plugin = plugin("imports-global", importsAGlobal, lib(exportsAGlobal));
            VersionInfo loaded = host.load(plugin);
            assertThat(loaded.status()).as("%s", loaded.lastError()).isEqualTo(PluginStatus.ACTIVE);
            long firstFuel = -1;
            for (int call = 1; call <= 8; call++) {
                CallResult result = host.call(CallRequest.of("imports-global", "run", new byte[0]));
                assertThat(result.fuel()).as("call %d reports its fuel", call).isPresent();
                long fuel = result.fuel().getAsLong();
                assertThat(fuel).as("call %d", call).isBetween(100_000L, 999_999L);
                if (firstFuel < 0) {
                    firstFuel = fuel;
                }
                assertThat(fuel).as("every call costs the same").isEqualTo(firstFuel);
            }
        }
    }

    @Test
    void underRequireEveryModuleMustBeSigned() throws IOException {
        KeyPairs.KeyPair release = KeyPairs.generate();
        try (PluginHost host = PluginHost.on(PluginEngine.builder()
                .signatures(SignatureMode.REQUIRE, TrustedKeys.of(release.publicKey())).build())) {
            Path plugin = plugin("signed", CALLS_LIB, lib("(module (func (export \"f\")))"));
            new Signer(release.privateKey()).sign(plugin.resolve("main.wasm"));
            PluginError unsigned = refused(host, plugin);
            assertThat(unsigned.code()).isEqualTo(ErrorCode.SIGNATURE);
            assertThat(unsigned.message()).contains("lib.wasm");

            new Signer(release.privateKey()).sign(plugin.resolve("lib.wasm"));
            VersionInfo loaded = host.load(plugin);
            assertThat(loaded.status()).as("%s", loaded.lastError()).isEqualTo(PluginStatus.ACTIVE);
            assertThat(loaded.signature()).isEqualTo("verified");

            Files.write(plugin.resolve("lib.wasm"), Wat.assemble("(module (func (export \"f\") nop))"));
            PluginError tampered = refused(host, plugin);
            assertThat(tampered.code()).isEqualTo(ErrorCode.SIGNATURE);
            assertThat(tampered.message()).contains("lib.wasm");
        }
    }
}
