package dev.plinth.host;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.plinth.api.CallRequest;
import dev.plinth.api.CallResult;
import dev.plinth.api.PluginError;
import dev.plinth.api.PluginStatus;
import dev.plinth.api.VersionInfo;
import dev.plinth.api.error.ErrorCode;
import dev.plinth.api.error.PluginException;
import dev.plinth.api.host.HostFunction;
import dev.plinth.security.policy.PluginGrant;
import dev.plinth.testing.MultiModuleWat;
import dev.plinth.testing.Wat;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Plugins made of several modules, as an Extism manifest lists them: the main module
 * ({@code plugin.entrypoint}) imports functions, a memory, from the modules named in
 * {@code [modules]}, which are linked by those names, one instance of each per plugin instance,
 * sharing the plugin instance's Extism kernel, fuel and memory limit.
 */
class MultiModulePluginTest {
    /** Upper-cases bytes of its own memory in place; its memory starts with "lib:". */
    static final String UPPER_LIB = MultiModuleWat.upperLibrary("lib:");

    /** Outputs "lib:" (the library's data) and the upper-cased input ({@link MultiModuleWat#SHOUT_MAIN}). */
    static final String SHOUT_MAIN = MultiModuleWat.SHOUT_MAIN;

    @TempDir
    Path plugins;

    /** A plugin folder: plugin.toml naming {@code main.wasm} and {@code [modules]}, and the modules assembled. */
    static Path plugin(Path plugins, String name, String mainWat, Map<String, String> modules,
            Map<String, String> watByFile) throws IOException {
        Path dir = Files.createDirectories(plugins.resolve(name));
        StringBuilder toml = new StringBuilder("[plugin]\nname = \"" + name + "\"\nversion = \"1.0.0\"\n"
                + "entrypoint = \"main.wasm\"\n");
        if (!modules.isEmpty()) {
            toml.append("\n[modules]\n");
            modules.forEach((module, file) -> toml.append('"').append(module).append("\" = \"").append(file)
                    .append("\"\n"));
        }
        Files.writeString(dir.resolve("plugin.toml"), toml.toString());
        Files.write(dir.resolve("main.wasm"), Wat.assemble(mainWat));
        for (Map.Entry<String, String> file : watByFile.entrySet()) {
            Path target = dir.resolve(file.getKey());
            Files.createDirectories(target.getParent());
            Files.write(target, Wat.assemble(file.getValue()));
        }
        return dir;
    }

    private Path shoutPlugin() throws IOException {
        return plugin(plugins, "shout", SHOUT_MAIN, Map.of("lib", "lib/upper.wasm"), Map.of("lib/upper.wasm", UPPER_LIB));
    }

    private static PluginHost host(EngineMode mode) {
        return PluginHost.on(PluginEngine.builder().engine(mode).build());
    }

    private static String call(PluginHost host, String plugin, String function, String input) {
        return new String(host.call(plugin, function, input.getBytes(UTF_8)), UTF_8);
    }

    /** Loads a plugin that must load. */
    static VersionInfo loaded(PluginHost host, Path plugin) {
        VersionInfo info = host.load(plugin);
        assertThat(info.status()).as("loaded: %s", info.lastError()).isEqualTo(PluginStatus.ACTIVE);
        return info;
    }

    /** The error a plugin was refused with at load; it does not serve. */
    static PluginError loadError(PluginHost host, Path plugin) {
        VersionInfo info = host.load(plugin);
        assertThat(info.status()).as("refused at load").isEqualTo(PluginStatus.FAILED);
        assertThatThrownBy(() -> host.call(info.name(), "shout", new byte[0])).isInstanceOf(PluginException.class)
                .hasMessageContaining("failed to load");
        return info.lastError().orElseThrow();
    }

    @ParameterizedTest
    @EnumSource(EngineMode.class)
    void theMainModuleImportsAFunctionAndTheMemoryOfALibraryModule(EngineMode mode) throws IOException {
        Path plugin = shoutPlugin();
        try (PluginHost host = host(mode)) {
            VersionInfo info = loaded(host, plugin);
            assertThat(call(host, "shout", "shout", "hello")).isEqualTo("lib:HELLO");
            assertThat(call(host, "shout", "shout", "again")).as("the same instances serve again").isEqualTo("lib:AGAIN");
            assertThat(info.exports()).as("only the main module's exports are the plugin's").containsExactly("shout");
            assertThat(host.loaded("shout").orElseThrow().prewarm(3)).as("each plugin instance links its own set")
                    .isEqualTo(2);
        }
    }

    @Test
    void theVersionDigestCoversEveryModule() throws Exception {
        Path plugin = shoutPlugin();
        String expected = sha256((sha256(Files.readAllBytes(plugin.resolve("main.wasm"))) + "  main\n"
                + sha256(Files.readAllBytes(plugin.resolve("lib/upper.wasm"))) + "  lib\n").getBytes(UTF_8));
        try (PluginHost host = host(EngineMode.COMPILED)) {
            assertThat(loaded(host, plugin).sha256()).isEqualTo(expected);
        }
    }

    static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    /**
     * The plugin imports {@code prices.lookup}, as it would a host function registered under the
     * namespace {@code prices}; a module of the plugin named {@code prices} stands in for it, with
     * the Extism kernel's blocks (its imports of {@code extism:host/env} reach the plugin instance's
     * one kernel, as in Extism).
     */
    static final String PRICES_LIB = """
            (module
              (import "extism:host/env" "length" (func $length (param i64) (result i64)))
              (import "extism:host/env" "load_u8" (func $load_u8 (param i64) (result i32)))
              (import "extism:host/env" "alloc" (func $alloc (param i64) (result i64)))
              (import "extism:host/env" "store_u8" (func $store_u8 (param i64 i32)))
              ;; the price of a key: "<key>=" followed by the key's length as a digit
              (func (export "lookup") (param $key i64) (result i64) (local $n i64) (local $i i64) (local $out i64)
                (local.set $n (call $length (local.get $key)))
                (local.set $out (call $alloc (i64.add (local.get $n) (i64.const 2))))
                (block $done (loop $next
                  (br_if $done (i64.ge_u (local.get $i) (local.get $n)))
                  (call $store_u8 (i64.add (local.get $out) (local.get $i))
                    (call $load_u8 (i64.add (local.get $key) (local.get $i))))
                  (local.set $i (i64.add (local.get $i) (i64.const 1)))
                  (br $next)))
                (call $store_u8 (i64.add (local.get $out) (local.get $n)) (i32.const 61))
                (call $store_u8 (i64.add (local.get $out) (i64.add (local.get $n) (i64.const 1)))
                  (i32.add (i32.const 48) (i32.wrap_i64 (local.get $n))))
                (local.get $out)))
            """;

    static final String PRICE_MAIN = """
            (module
              (import "extism:host/env" "input_length" (func $input_length (result i64)))
              (import "extism:host/env" "input_load_u8" (func $input_load_u8 (param i64) (result i32)))
              (import "extism:host/env" "alloc" (func $alloc (param i64) (result i64)))
              (import "extism:host/env" "store_u8" (func $store_u8 (param i64 i32)))
              (import "extism:host/env" "length" (func $length (param i64) (result i64)))
              (import "extism:host/env" "output_set" (func $output_set (param i64 i64)))
              (import "prices" "lookup" (func $lookup (param i64) (result i64)))
              (func (export "price") (result i32) (local $n i64) (local $i i64) (local $key i64) (local $price i64)
                (local.set $n (call $input_length))
                (local.set $key (call $alloc (local.get $n)))
                (block $done (loop $next
                  (br_if $done (i64.ge_u (local.get $i) (local.get $n)))
                  (call $store_u8 (i64.add (local.get $key) (local.get $i)) (call $input_load_u8 (local.get $i)))
                  (local.set $i (i64.add (local.get $i) (i64.const 1)))
                  (br $next)))
                (local.set $price (call $lookup (local.get $key)))
                (call $output_set (local.get $price) (call $length (local.get $price)))
                (i32.const 0)))
            """;

    @ParameterizedTest
    @EnumSource(EngineMode.class)
    void aModuleStandsInForAHostFunctionThePluginImports(EngineMode mode) throws IOException {
        Path plugin = plugin(plugins, "pricing", PRICE_MAIN, Map.of("prices", "prices.wasm"),
                Map.of("prices.wasm", PRICES_LIB));
        try (PluginHost host = host(mode)) {
            loaded(host, plugin);
            assertThat(call(host, "pricing", "price", "tea")).isEqualTo("tea=3");
        }
    }

    @Test
    void withoutTheModuleTheSameImportIsRefusedNamingTheModuleTheImportAndTheFile() throws IOException {
        Path plugin = plugin(plugins, "pricing", PRICE_MAIN, Map.of(), Map.of());
        try (PluginHost host = host(EngineMode.COMPILED)) {
            PluginError e = loadError(host, plugin);
            assertThat(e.code()).isEqualTo(ErrorCode.INVALID_MODULE);
            assertThat(e.message()).contains("pricing/main.wasm").contains("prices.lookup");
        }
    }

    @Test
    void aModuleImportingFromTheHostGetsTheGrantedHostFunctionsAsTheMainModuleDoes() throws IOException {
        String lib = """
                (module
                  (import "extism:host/user" "tag" (func $tag (param i64) (result i64)))
                  (func (export "tagged") (param i64) (result i64) (call $tag (local.get 0))))
                """;
        String main = PRICE_MAIN.replace("(import \"prices\" \"lookup\"", "(import \"tagger\" \"tagged\"");
        Path plugin = plugin(plugins, "tagging", main, Map.of("tagger", "tagger.wasm"), Map.of("tagger.wasm", lib));
        Files.writeString(plugin.resolve("plugin.toml"), Files.readString(plugin.resolve("plugin.toml"))
                + "\n[permissions]\nhost-functions = [\"tag\"]\n");
        HostFunction tag = HostFunction.of("tag", bytes -> ("<" + new String(bytes, UTF_8) + ">").getBytes(UTF_8));
        try (PluginHost host = PluginHost.on(PluginEngine.builder().hostFunction(tag)
                .grant("tagging", PluginGrant.builder().hostFunction("tag").build()).build())) {
            loaded(host, plugin);
            assertThat(call(host, "tagging", "price", "x")).isEqualTo("<x>");
        }
        try (PluginHost host = PluginHost.on(PluginEngine.builder().hostFunction(tag).build())) {
            PluginError e = loadError(host, plugin);
            assertThat(e.code()).as("a library module asks and is granted like the main one")
                    .isEqualTo(ErrorCode.PERMISSION_DENIED);
            assertThat(e.message()).contains("tagging/tagger.wasm").contains("tag");
        }
    }

    /** The library spends fuel in a loop of {@code n} iterations; the main module calls it. */
    private static final String COUNTING_LIB = """
            (module
              (func (export "count") (param $n i32) (local $i i32)
                (block $done (loop $next
                  (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
                  (local.set $i (i32.add (local.get $i) (i32.const 1)))
                  (br $next)))))
            """;

    private static String countingMain(int n) {
        return """
                (module
                  (import "lib" "count" (func $count (param i32)))
                  (func (export "run") (result i32) (call $count (i32.const %d)) (i32.const 0)))
                """.formatted(n);
    }

    @ParameterizedTest
    @EnumSource(EngineMode.class)
    void theModulesSpendOneFuelBudget(EngineMode mode) throws IOException {
        Map<String, Long> consumed = new LinkedHashMap<>();
        try (PluginHost host = PluginHost.on(PluginEngine.builder().engine(mode).fuel(1_000_000).build())) {
            for (int n : new int[] {10, 1000, 10_000_000}) {
                Path plugin = plugin(plugins, "count-" + n, countingMain(n), Map.of("lib", "lib.wasm"),
                        Map.of("lib.wasm", COUNTING_LIB));
                loaded(host, plugin);
                try {
                    CallResult result = host.call(CallRequest.of("count-" + n, "run", new byte[0]));
                    consumed.put("count-" + n, result.fuel().orElseThrow());
                } catch (PluginException e) {
                    assertThat(e.code()).as("the library's loop spends the plugin's budget").isEqualTo(
                            ErrorCode.FUEL_EXHAUSTED);
                    consumed.put("count-" + n, -1L);
                }
            }
        }
        assertThat(consumed.get("count-1000")).as("the library's work is counted").isGreaterThan(
                consumed.get("count-10") + 990 * 3);
        assertThat(consumed.get("count-10000000")).as("and stopped by the one budget").isEqualTo(-1L);
    }

    @Test
    void aTrapInALibraryNamesTheMainModuleFunctionThatCalledIt() throws IOException {
        String main = """
                (module
                  (import "lib" "boom" (func $boom))
                  (func $padding (nop))
                  (func $run_it (export "run") (result i32) (call $boom) (i32.const 0)))
                """;
        String library = """
                (module
                  (func $first (nop))
                  (func $boom (export "boom") unreachable))
                """;
        Path plugin = plugin(plugins, "trapping", main, Map.of("lib", "lib.wasm"), Map.of("lib.wasm", library));
        try (PluginHost host = host(EngineMode.COMPILED)) {
            loaded(host, plugin);
            assertThatThrownBy(() -> host.call("trapping", "run", new byte[0]))
                    .isInstanceOfSatisfying(dev.plinth.api.error.PluginTrapException.class, trap -> {
                        assertThat(trap.code()).isEqualTo(ErrorCode.TRAP);
                        assertThat(trap.wasmFunction()).hasValue("run_it");
                    });
        }
    }
}
