package dev.plinth.host;

import static dev.plinth.api.host.WasmType.F32;
import static dev.plinth.api.host.WasmType.F64;
import static dev.plinth.api.host.WasmType.I32;
import static dev.plinth.api.host.WasmType.I64;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.plinth.api.PluginStatus;
import dev.plinth.api.VersionInfo;
import dev.plinth.api.error.ErrorCode;
import dev.plinth.api.host.HostFunction;
import dev.plinth.api.host.RawHostFunction;
import dev.plinth.api.host.WasmValues;
import dev.plinth.security.audit.AuditAction;
import dev.plinth.security.audit.AuditEntry;
import dev.plinth.security.policy.PluginGrant;
import dev.plinth.testing.ExtismWat;
import dev.plinth.testing.Wat;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Host functions as Extism has them: in any namespace, with any import name, taking and returning
 * raw {@code i32}/{@code i64}/{@code f32}/{@code f64} values, called from a module shaped like
 * go-pdk/TinyGo output ({@code //go:wasmimport host hostGreenMessage}). The memory-block
 * convenience still works beside them, in any namespace too; a plugin whose import does not match
 * the declared signature, or that is not granted the function, is refused at load with the import
 * named.
 */
class RawHostFunctionsTest {
    static final long CLOCK = 1_700_000_000_123_456_789L;

    @TempDir
    Path plugins;

    /** What TinyGo makes of a go-pdk plugin that imports its host's functions from "host" and "example". */
    static final String GO_SHAPED = """
            (module
              (import "extism:host/env" "input_length" (func $input_length (result i64)))
              (import "extism:host/env" "input_load_u8" (func $input_load_u8 (param i64) (result i32)))
              (import "extism:host/env" "alloc" (func $alloc (param i64) (result i64)))
              (import "extism:host/env" "length" (func $length (param i64) (result i64)))
              (import "extism:host/env" "store_u8" (func $store_u8 (param i64 i32)))
              (import "extism:host/env" "store_u64" (func $store_u64 (param i64 i64)))
              (import "extism:host/env" "output_set" (func $output_set (param i64 i64)))
              (import "host" "hostAdd" (func $main.hostAdd (param i32 i32) (result i32)))
              (import "host" "hostScale" (func $main.hostScale (param f64 f32) (result f64)))
              (import "example" "hostClock" (func $main.hostClock (result i64)))
              (import "host" "hostGreenMessage" (func $main.hostGreenMessage (param i64) (result i64)))
              (import "host" "hostNote" (func $main.hostNote (param i32 f32)))
              (import "example" "shout" (func $main.shout (param i64) (result i64)))
              (import "extism:host/user" "echo-host" (func $main.echo (param i64) (result i64)))
              (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
              (memory (export "memory") 1)
              (func $output_i64 (param $v i64)
                (local $o i64)
                (local.set $o (call $alloc (i64.const 8)))
                (call $store_u64 (local.get $o) (local.get $v))
                (call $output_set (local.get $o) (i64.const 8)))
            """ + ExtismWat.INPUT_BLOCK + """
              (func $output_block (param $b i64)
                (call $output_set (local.get $b) (call $length (local.get $b))))
              (func (export "add") (result i32)
                (call $output_i64 (i64.extend_i32_s (call $main.hostAdd (i32.const 42) (i32.const 2))))
                (i32.const 0))
              (func (export "addNegative") (result i32)
                (call $output_i64 (i64.extend_i32_s (call $main.hostAdd (i32.const -50) (i32.const 2))))
                (i32.const 0))
              (func (export "scale") (result i32)
                (call $output_i64 (i64.reinterpret_f64 (call $main.hostScale (f64.const 1.5) (f32.const -2.25))))
                (i32.const 0))
              (func (export "clock") (result i32)
                (call $output_i64 (call $main.hostClock))
                (i32.const 0))
              (func (export "green") (result i32)
                (call $output_block (call $main.hostGreenMessage (call $input_block)))
                (i32.const 0))
              (func (export "note") (result i32)
                (call $main.hostNote (i32.const 7) (f32.const 0.5))
                (i32.const 0))
              (func (export "shout") (result i32)
                (call $output_block (call $main.shout (call $input_block)))
                (i32.const 0))
              (func (export "echo") (result i32)
                (call $output_block (call $main.echo (call $input_block)))
                (i32.const 0))
              (func (export "_initialize")))
            """;

    static final List<String> GO_SHAPED_ASKS = List.of("host::hostAdd", "host::hostScale", "example::hostClock",
            "host::hostGreenMessage", "host::hostNote", "example::shout", "echo-host");

    private final AtomicReference<WasmValues> noted = new AtomicReference<>();

    private List<RawHostFunction> rawFunctions() {
        return List.of(
                RawHostFunction.of("host", "hostAdd", List.of(I32, I32), List.of(I32),
                        (call, args) -> WasmValues.ofInt(args.getInt(0) + args.getInt(1))),
                RawHostFunction.of("host", "hostScale", List.of(F64, F32), List.of(F64),
                        (call, args) -> WasmValues.ofDouble(args.getDouble(0) * args.getFloat(1))),
                RawHostFunction.of("example", "hostClock", List.of(), List.of(I64),
                        (call, args) -> WasmValues.ofLong(CLOCK)),
                RawHostFunction.of("host", "hostGreenMessage", List.of(I64), List.of(I64),
                        (call, args) -> WasmValues.ofLong(call.writeString("green: " + call.readString(args.getLong(0))
                                + " (from " + call.pluginName() + "." + call.function() + ")"))),
                RawHostFunction.of("host", "hostNote", List.of(I32, F32), List.of(), (call, args) -> {
                    noted.set(args);
                    return null;
                }));
    }

    private PluginEngine.Builder hostOffering(EngineMode mode) {
        PluginEngine.Builder builder = PluginEngine.builder().engine(mode)
                .hostFunction(HostFunction.of("example", "shout", bytes -> new String(bytes, UTF_8)
                        .toUpperCase(Locale.ROOT).getBytes(UTF_8)))
                .hostFunction(HostFunction.of("echo-host", bytes -> bytes));
        rawFunctions().forEach(builder::hostFunction);
        return builder;
    }

    static Path plugin(Path plugins, String name, String wat, List<String> asks) throws IOException {
        Path dir = Files.createDirectories(plugins.resolve(name));
        Files.write(dir.resolve("module.wasm"), Wat.assemble(wat));
        String quoted = String.join(", ", asks.stream().map(a -> "\"" + a + "\"").toList());
        Files.writeString(dir.resolve("plugin.toml"), """
                [plugin]
                name = "%s"
                version = "1.0.0"
                entrypoint = "module.wasm"

                [permissions]
                host-functions = [%s]
                """.formatted(name, quoted));
        return dir;
    }

    private static PluginGrant granting(List<String> names) {
        PluginGrant.Builder grant = PluginGrant.builder();
        names.forEach(grant::hostFunction);
        return grant.build();
    }

    private static long i64(byte[] output) {
        assertThat(output).hasSize(8);
        return ByteBuffer.wrap(output).order(ByteOrder.LITTLE_ENDIAN).getLong();
    }

    @ParameterizedTest
    @EnumSource(EngineMode.class)
    void rawValuesOfEveryTypeCrossInBothDirections(EngineMode mode) throws IOException {
        Path goShaped = plugin(plugins, "go-shaped", GO_SHAPED, GO_SHAPED_ASKS);
        try (PluginHost host = PluginHost.on(hostOffering(mode).grant("go-shaped", granting(GO_SHAPED_ASKS)).build())) {
            VersionInfo info = host.load(goShaped);
            assertThat(info.status()).as(info.toString()).isEqualTo(PluginStatus.ACTIVE);

            assertThat(i64(host.call("go-shaped", "add", new byte[0]))).as("42 and 2 are numbers, not offsets")
                    .isEqualTo(44);
            assertThat(i64(host.call("go-shaped", "addNegative", new byte[0]))).isEqualTo(-48);
            assertThat(Double.longBitsToDouble(i64(host.call("go-shaped", "scale", new byte[0])))).isEqualTo(-3.375);
            assertThat(i64(host.call("go-shaped", "clock", new byte[0]))).as("an i64 comes back as it is")
                    .isEqualTo(CLOCK);
            assertThat(host.call("go-shaped", "note", new byte[0])).isEmpty();
            assertThat(noted.get()).isEqualTo(WasmValues.builder().addInt(7).addFloat(0.5f).build());
            assertThat(host.loaded("go-shaped").orElseThrow().grants().hostFunctions())
                    .containsExactlyInAnyOrderElementsOf(GO_SHAPED_ASKS);
        }
    }

    @Test
    void aRawFunctionReadsAndWritesBlocksByOffset() throws IOException {
        Path goShaped = plugin(plugins, "go-shaped", GO_SHAPED, GO_SHAPED_ASKS);
        try (PluginHost host = PluginHost.on(hostOffering(EngineMode.COMPILED).grant("go-shaped", granting(GO_SHAPED_ASKS)).build())) {
            assertThat(host.load(goShaped).status()).isEqualTo(PluginStatus.ACTIVE);
            assertThat(host.call("go-shaped", "green", "Gopher".getBytes(UTF_8))).asString(UTF_8)
                    .isEqualTo("green: Gopher (from go-shaped.green)");
        }
    }

    @Test
    void theBlockConvenienceStillWorksInTheDefaultNamespaceAndInAnother() throws IOException {
        Path goShaped = plugin(plugins, "go-shaped", GO_SHAPED, GO_SHAPED_ASKS);
        try (PluginHost host = PluginHost.on(hostOffering(EngineMode.COMPILED).grant("go-shaped", granting(GO_SHAPED_ASKS)).build())) {
            assertThat(host.load(goShaped).status()).isEqualTo(PluginStatus.ACTIVE);
            assertThat(host.call("go-shaped", "shout", "quiet".getBytes(UTF_8))).asString(UTF_8).isEqualTo("QUIET");
            assertThat(host.call("go-shaped", "echo", "same".getBytes(UTF_8))).asString(UTF_8).isEqualTo("same");
        }
        try (PluginHost host = PluginHost.on(FixtureHosts.builder().build())) {
            assertThat(host.load(dev.plinth.testing.TestPlugins.fixture("abi-fixtures")).status())
                    .isEqualTo(PluginStatus.ACTIVE);
            assertThat(host.call("abi-fixtures", "host_echo", "rust sdk".getBytes(UTF_8))).asString(UTF_8)
                    .isEqualTo("rust sdk");
        }
    }

    @Test
    void anImportWhoseSignatureDiffersIsRefusedAtLoadNamingBothSignatures() throws IOException {
        String wrong = GO_SHAPED.replace("(import \"host\" \"hostAdd\" (func $main.hostAdd (param i32 i32) (result i32)))",
                "(import \"host\" \"hostAdd\" (func $main.hostAdd (param i64 i64) (result i64)))")
                .replace("(call $output_i64 (i64.extend_i32_s (call $main.hostAdd (i32.const 42) (i32.const 2))))",
                        "(call $output_i64 (call $main.hostAdd (i64.const 42) (i64.const 2)))")
                .replace("(call $output_i64 (i64.extend_i32_s (call $main.hostAdd (i32.const -50) (i32.const 2))))",
                        "(call $output_i64 (call $main.hostAdd (i64.const -50) (i64.const 2)))");
        Path mismatched = plugin(plugins, "go-shaped", wrong, GO_SHAPED_ASKS);
        try (PluginHost host = PluginHost.on(hostOffering(EngineMode.COMPILED).grant("go-shaped", granting(GO_SHAPED_ASKS)).build())) {
            VersionInfo info = host.load(mismatched);
            assertThat(info.status()).isEqualTo(PluginStatus.FAILED);
            assertThat(info.lastError().orElseThrow().code()).isEqualTo(ErrorCode.INVALID_MODULE);
            assertThat(info.lastError().orElseThrow().message()).contains(
                    "imports host function host::hostAdd as (i64, i64) -> i64",
                    "the application defines it as (i32, i32) -> i32");
        }
    }

    @Test
    void aFunctionThatIsNotOfferedIsRefusedNamingWhatIs() throws IOException {
        Path goShaped = plugin(plugins, "go-shaped", GO_SHAPED, GO_SHAPED_ASKS);
        try (PluginHost host = PluginHost.on(PluginEngine.builder().hostFunction(rawFunctions().get(0))
                .grant("go-shaped", granting(GO_SHAPED_ASKS)).build())) {
            VersionInfo info = host.load(goShaped);
            assertThat(info.lastError().orElseThrow().code()).isEqualTo(ErrorCode.INVALID_MODULE);
            assertThat(info.lastError().orElseThrow().message()).contains("imports host.hostScale",
                    "a host function this application does not provide (it provides: host::hostAdd)");
        }
    }

    /** Names are case-sensitive: asking for and being granted {@code hostadd} opens nothing called {@code hostAdd}. */
    @Test
    void anUngrantedOrDifferentlyCasedFunctionIsRefusedAndAudited() throws IOException {
        List<String> asksLowercase = GO_SHAPED_ASKS.stream().map(a -> a.equals("host::hostAdd") ? "host::hostadd" : a)
                .toList();
        Path lowercase = plugin(plugins, "go-shaped", GO_SHAPED, asksLowercase);
        try (PluginHost host = PluginHost.on(hostOffering(EngineMode.COMPILED).grant("go-shaped", granting(asksLowercase)).build())) {
            VersionInfo info = host.load(lowercase);
            assertThat(info.lastError().orElseThrow().code()).isEqualTo(ErrorCode.PERMISSION_DENIED);
            assertThat(info.lastError().orElseThrow().message()).contains("host::hostAdd",
                    "its manifest does not ask for it");
        }

        Path asking = plugin(Files.createDirectories(plugins.resolve("second")), "go-shaped", GO_SHAPED, GO_SHAPED_ASKS);
        List<String> allButAdd = GO_SHAPED_ASKS.stream().filter(a -> !a.equals("host::hostAdd")).toList();
        try (PluginHost host = PluginHost.on(hostOffering(EngineMode.COMPILED).grant("go-shaped", granting(allButAdd)).build())) {
            VersionInfo info = host.load(asking);
            assertThat(info.status()).isEqualTo(PluginStatus.FAILED);
            assertThat(info.lastError().orElseThrow().code()).isEqualTo(ErrorCode.PERMISSION_DENIED);
            assertThat(info.lastError().orElseThrow().message()).contains("host::hostAdd",
                    "the security policy does not grant");
            assertThat(host.auditLog().recent("go-shaped", 100)).extracting(AuditEntry::what, AuditEntry::resource,
                    AuditEntry::action).containsExactly(
                    tuple(ErrorCode.PERMISSION_DENIED, "host-function host::hostAdd", AuditAction.REFUSED),
                    tuple(ErrorCode.PERMISSION_DENIED, "go-shaped/module.wasm", AuditAction.REFUSED));
        }
    }

    @Test
    void inspectionCountsTheImportsTheManifestAsksForAsHostFunctions() throws IOException {
        ModuleReport asked = ModuleInspector.inspect(plugin(plugins, "go-shaped", GO_SHAPED, GO_SHAPED_ASKS));
        assertThat(asked.extismCompatible()).as(asked.incompatibilities().toString()).isTrue();
        assertThat(asked.imports()).filteredOn(i -> i.module().equals("host"))
                .allMatch(i -> i.status() == ModuleReport.ImportStatus.HOST_FUNCTION);

        Path bare = Wat.write(plugins, "bare-go", GO_SHAPED);
        ModuleReport unasked = ModuleInspector.inspect(bare);
        assertThat(unasked.imports()).filteredOn(i -> i.module().equals("host"))
                .allMatch(i -> i.status() == ModuleReport.ImportStatus.UNKNOWN_MODULE);
        assertThat(unasked.imports()).filteredOn(i -> i.module().equals("extism:host/user"))
                .allMatch(i -> i.status() == ModuleReport.ImportStatus.HOST_FUNCTION);
        assertThat(unasked.incompatibilities()).anySatisfy(r -> assertThat(r).contains("4 functions from \"host\"",
                "which the manifest does not ask for as host functions", "host::hostAdd"));
    }

    @Test
    void offeringIsCheckedWhenTheApplicationBuildsTheHost() {
        RawHostFunction add = rawFunctions().get(0);
        assertThatThrownBy(() -> PluginEngine.builder().hostFunction(add).hostFunction(add))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("host::hostAdd\" is offered twice");
        RawHostFunction kernel = new RawHostFunction() {
            @Override
            public String namespace() {
                return "extism:host/env";
            }

            @Override
            public String name() {
                return "alloc";
            }

            @Override
            public List<dev.plinth.api.host.WasmType> parameters() {
                return List.of(I64);
            }

            @Override
            public List<dev.plinth.api.host.WasmType> results() {
                return List.of(I64);
            }

            @Override
            public WasmValues invoke(dev.plinth.api.host.RawHostCall call, WasmValues arguments) {
                return arguments;
            }
        };
        assertThatThrownBy(() -> PluginEngine.builder().hostFunction(kernel))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("is the host's own");
    }
}
