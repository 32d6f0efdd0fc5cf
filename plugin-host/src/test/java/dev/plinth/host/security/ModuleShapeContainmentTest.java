package dev.plinth.host.security;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.plinth.api.ModuleLimits;
import dev.plinth.api.PluginLimits;
import dev.plinth.api.PluginStatus;
import dev.plinth.api.VersionInfo;
import dev.plinth.api.error.ErrorCode;
import dev.plinth.api.error.PluginTimeoutException;
import dev.plinth.host.EngineMode;
import dev.plinth.host.PluginEngine;
import dev.plinth.host.PluginHost;
import dev.plinth.host.PluginVersion;
import dev.plinth.host.testing.HostWorkProbe.Figures;
import dev.plinth.host.testing.HostWorkProbe;
import dev.plinth.security.audit.AuditAction;
import dev.plinth.security.policy.Limit;
import dev.plinth.security.policy.PluginGrant;
import dev.plinth.testing.TestPlugins;
import dev.plinth.testing.Wat;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Modules shaped to make the host spend heap or time before a line of them runs (hostile/shape,
 * and modules this test generates): each is refused from its bytes as {@code invalid-module}
 * naming the figure and the limit, audited, in milliseconds and a few MiB of heap, with
 * text-transformer answering meanwhile and afterwards. {@code table.grow} stops at the table
 * budget; a compile over its timeout is refused while other plugins load; a function too large
 * for the JVM, which Chicory interprets, still stops at the deadline.
 */
class ModuleShapeContainmentTest {
    private static final Duration DEADLINE = Duration.ofMillis(500);
    /** A refusal from the bytes takes milliseconds; this allows for a slow machine. */
    private static final Duration QUICKLY = Duration.ofSeconds(2);

    @TempDir
    Path plugins;

    private final HostWorkProbe probe = new HostWorkProbe();

    /** A module and the limit that refuses it. */
    record ShapeAttack(String name, Supplier<byte[]> module, String limit, String figure) {
        @Override
        public String toString() {
            return name + " -> " + limit;
        }
    }

    static Stream<ShapeAttack> shapeAttacks() {
        return Stream.of(
                new ShapeAttack("twenty-tables", () -> Wat.assemble(TestPlugins.hostileWat("shape/twenty-tables.wat")),
                        "table-elements", "declares tables of 10000000 entries to start with (table 0: 10000000)"),
                new ShapeAttack("a-million-functions", () -> functions(1_000_000), "max-functions",
                        "defines 1000000 functions"),
                new ShapeAttack("a-5-mib-function", () -> oneFunction(nops(5 << 20)), "max-function-size",
                        "has a function of 5242882 bytes (function 0)"),
                new ShapeAttack("nested-5000-deep", () -> oneFunction(nested(5000)), "max-nesting",
                        "nests blocks more than 4096 deep (function 0)"),
                new ShapeAttack("four-billion-locals", ModuleShapeContainmentTest::fourBillionLocals, "locals",
                        "declares 4294967295 locals in function 0"),
                new ShapeAttack("twenty-thousand-globals", () -> globals(20_000), "max-globals",
                        "defines 20000 globals"),
                new ShapeAttack("nops-32-mib", ModuleShapeContainmentTest::eightFunctionsOfNops, "max-instructions",
                        "has more than 5000000 instructions (by function 1)"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("shapeAttacks")
    void aModuleOverItsShapeLimitsIsRefusedFromItsBytesAndAudited(ShapeAttack attack) throws Exception {
        try (PluginHost host = PluginHost.on(PluginEngine.builder().limits(PluginLimits.DEFAULTS.withCallTimeout(DEADLINE)).build())) {
            host.load(TestPlugins.sample("text-transformer"));
            Path module = Files.write(plugins.resolve(attack.name() + ".wasm"), attack.module().get());

            AtomicReference<VersionInfo> loaded = new AtomicReference<>();
            Figures figures;
            WellBehavedCaller caller = WellBehavedCaller.start(host);
            try (caller) {
                figures = probe.measure(attack.name() + " (" + Files.size(module) + " bytes) at load", DEADLINE,
                        () -> loaded.updateAndGet(x -> host.load(module)));
            }
            System.out.println("host-work: " + caller);

            assertThat(loaded.get().status()).isEqualTo(PluginStatus.FAILED);
            assertThat(loaded.get().lastError()).hasValueSatisfying(error -> {
                assertThat(error.code()).isEqualTo(ErrorCode.INVALID_MODULE);
                assertThat(error.message()).contains(attack.name() + ".wasm " + attack.figure() + ", more than");
            });
            assertThat(host.auditLog().recent(attack.name(), 10)).singleElement().satisfies(entry -> {
                assertThat(entry.what()).isEqualTo(ErrorCode.INVALID_MODULE);
                assertThat(entry.action()).isEqualTo(AuditAction.REFUSED);
                assertThat(entry.resource()).endsWith(attack.name() + ".wasm (" + attack.limit() + ")");
            });
            assertThat(figures.elapsed()).isLessThan(QUICKLY);
            assertThat(caller.failures()).isEmpty();
            assertThat(caller.answered()).isPositive();
            assertThat(host.call("text-transformer", "transform", "after".getBytes(UTF_8))).asString(UTF_8)
                    .isEqualTo("AFTER");
        }
    }

    @ParameterizedTest
    @EnumSource(EngineMode.class)
    void tableGrowStopsAtTheTableBudgetAndTheStatsCountTheTable(EngineMode mode) throws Exception {
        try (PluginHost host = PluginHost.on(PluginEngine.builder().engine(mode).limits(PluginLimits.DEFAULTS.withCallTimeout(DEADLINE))
                .build())) {
            host.load(TestPlugins.sample("text-transformer"));
            Path module = Wat.write(plugins, "table-grow-loop", TestPlugins.hostileWat("shape/table-grow-loop.wat"));
            host.load(module);

            AtomicReference<byte[]> output = new AtomicReference<>();
            Figures figures;
            WellBehavedCaller caller = WellBehavedCaller.start(host);
            try (caller) {
                figures = probe.measure("table-grow-loop.run (" + mode + ")", DEADLINE,
                        () -> output.updateAndGet(x -> host.call("table-grow-loop", "run", new byte[0])));
            }
            System.out.println("host-work: " + caller);

            long budget = ModuleLimits.DEFAULTS.maxTableElements();
            assertThat(ByteBuffer.wrap(output.get()).order(ByteOrder.LITTLE_ENDIAN).getLong()).isEqualTo(budget);
            PluginVersion loaded = host.loaded("table-grow-loop").orElseThrow();
            assertThat(loaded.peakHostMemoryBytes()).isBetween(budget * 8, budget * 8 + 4 * 48);
            assertThat(loaded.peakMemoryBytes()).isEqualTo(65536 + loaded.peakHostMemoryBytes());
            assertThat(figures.elapsed()).isLessThan(DEADLINE);
            assertThat(caller.failures()).isEmpty();
            assertThat(host.call("text-transformer", "transform", "after".getBytes(UTF_8))).asString(UTF_8)
                    .isEqualTo("AFTER");
        }
    }

    @Test
    void aCompileOverItsTimeoutIsRefusedAndAuditedWhileOtherPluginsLoad() throws IOException {
        Duration compileTimeout = Duration.ofMillis(50);
        try (PluginHost host = PluginHost.on(PluginEngine.builder().engine(EngineMode.COMPILED)
                .grant("slow-compile", PluginGrant.builder()
                        .override(Limit.COMPILE_TIMEOUT, compileTimeout.toNanos()).build())
                .build())) {
            // within every shape limit, but 4,000 functions of 300 instructions take seconds to compile
            Path module = Files.write(plugins.resolve("slow-compile.wasm"), busyFunctions(4_000, 100));

            AtomicReference<VersionInfo> loaded = new AtomicReference<>();
            Figures figures = probe.measure("slow-compile at load, compile-timeout 50 ms", compileTimeout,
                    () -> loaded.updateAndGet(x -> host.load(module)));

            assertThat(loaded.get().status()).isEqualTo(PluginStatus.FAILED);
            assertThat(loaded.get().lastError().orElseThrow().message())
                    .contains("slow-compile.wasm took longer than compile-timeout 50 ms to compile");
            assertThat(host.auditLog().recent("slow-compile", 10)).singleElement().satisfies(entry -> {
                assertThat(entry.action()).isEqualTo(AuditAction.REFUSED);
                assertThat(entry.resource()).endsWith("slow-compile.wasm (compile-timeout)");
            });
            assertThat(figures.elapsed()).isLessThan(compileTimeout.plus(QUICKLY));
            // the abandoned compile goes on in the compiler's pool; another plugin still compiles beside it
            Figures other = probe.measure("data-validator loading meanwhile", compileTimeout,
                    () -> host.load(TestPlugins.sample("data-validator")));
            assertThat(host.find("data-validator").orElseThrow().status()).isEqualTo(PluginStatus.ACTIVE);
            assertThat(other.elapsed()).isLessThan(Duration.ofSeconds(15));
        }
    }

    @Test
    void aLoopInAFunctionTooLargeForTheJvmStopsAtTheDeadline() throws Exception {
        try (PluginHost host = PluginHost.on(PluginEngine.builder().engine(EngineMode.COMPILED)
                .limits(PluginLimits.DEFAULTS.withCallTimeout(DEADLINE)).build())) {
            host.load(TestPlugins.sample("text-transformer"));
            Path module = Wat.write(plugins, "huge-spin", hugeSpin(30_000));
            assertThat(host.load(module).status()).isEqualTo(PluginStatus.ACTIVE);

            AtomicReference<Throwable> thrown = new AtomicReference<>();
            Figures figures;
            WellBehavedCaller caller = WellBehavedCaller.start(host);
            try (caller) {
                figures = probe.measure("huge-spin.spin, interpreted inside compiled mode", DEADLINE, () -> {
                    try {
                        return host.call("huge-spin", "spin", new byte[0]);
                    } catch (RuntimeException e) {
                        thrown.set(e);
                        return null;
                    }
                });
            }
            System.out.println("host-work: " + caller);

            assertThat(thrown.get()).isInstanceOf(PluginTimeoutException.class);
            assertThat(figures.elapsed()).isBetween(DEADLINE, DEADLINE.plus(QUICKLY));
            assertThat(host.auditLog().recent("huge-spin", 10)).singleElement()
                    .satisfies(entry -> assertThat(entry.what()).isEqualTo(ErrorCode.TIMEOUT));
            assertThat(caller.failures()).isEmpty();
            assertThat(host.call("text-transformer", "transform", "after".getBytes(UTF_8))).asString(UTF_8)
                    .isEqualTo("AFTER");
        }
    }

    @Test
    void theLoopThatIsTooLargeIsInterpretedAndWouldNotStopUnmetered() {
        // the premise of the test above: Chicory's compiler cannot make this one JVM method
        assertThatThrownBy(() -> com.dylibso.chicory.compiler.MachineFactoryCompiler
                .builder(com.dylibso.chicory.wasm.Parser.parse(Wat.assemble(hugeSpin(30_000))))
                .withInterpreterFallback(com.dylibso.chicory.compiler.InterpreterFallback.FAIL).compile())
                .hasMessageContaining("exceeds the Java method size limits");
    }

    /** {@code spin}: a loop of {@code additions} additions that never ends, in one function. */
    static String hugeSpin(int additions) {
        return "(module (memory (export \"memory\") 1) (func (export \"spin\") (result i32) (local $x i32)"
                + " (loop $l" + " (local.set $x (i32.add (local.get $x) (i32.const 1)))".repeat(additions)
                + " (br $l)) (i32.const 0)))";
    }

    // Modules written byte by byte: each would be megabytes of WAT.

    private static byte[] functions(int count) {
        ByteArrayOutputStream bodies = new ByteArrayOutputStream();
        for (int i = 0; i < count; i++) {
            bodies.writeBytes(new byte[] {0x02, 0x00, 0x0B}); // size 2: no locals, end
        }
        return module(vector(count, new byte[count]), vector(count, bodies.toByteArray()), null);
    }

    private static byte[] oneFunction(byte[] code) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(0x00); // no locals
        body.writeBytes(code);
        body.write(0x0B);
        return module(vector(1, new byte[] {0x00}), vector(1, sized(body.toByteArray())), null);
    }

    /** 32 MB of {@code nop}: Chicory kept 1.6 GB of heap for them and took 20 s to parse them. */
    private static byte[] eightFunctionsOfNops() {
        byte[] body = new byte[4_000_000];
        java.util.Arrays.fill(body, (byte) 0x01);
        body[0] = 0x00; // no locals
        body[body.length - 1] = 0x0B;
        byte[] sizedBody = sized(body);
        ByteArrayOutputStream bodies = new ByteArrayOutputStream();
        for (int i = 0; i < 8; i++) {
            bodies.writeBytes(sizedBody);
        }
        return module(vector(8, new byte[8]), vector(8, bodies.toByteArray()), null);
    }

    private static byte[] nops(int count) {
        byte[] code = new byte[count];
        java.util.Arrays.fill(code, (byte) 0x01);
        return code;
    }

    private static byte[] nested(int depth) {
        ByteArrayOutputStream code = new ByteArrayOutputStream();
        for (int i = 0; i < depth; i++) {
            code.writeBytes(new byte[] {0x02, 0x40}); // block (empty type)
        }
        for (int i = 0; i < depth; i++) {
            code.write(0x0B);
        }
        return code.toByteArray();
    }

    private static byte[] fourBillionLocals() {
        // one group of 2^32-1 i32 locals: six bytes
        byte[] body = {0x01, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x0F, 0x7F, 0x0B};
        return module(vector(1, new byte[] {0x00}), vector(1, sized(body)), null);
    }

    private static byte[] globals(int count) {
        ByteArrayOutputStream entries = new ByteArrayOutputStream();
        for (int i = 0; i < count; i++) {
            entries.writeBytes(new byte[] {0x7F, 0x00, 0x41, 0x00, 0x0B}); // i32, immutable, i32.const 0
        }
        return module(vector(0, new byte[0]), vector(0, new byte[0]), vector(count, entries.toByteArray()));
    }

    /** {@code count} functions, each {@code additions} times {@code local.get 0; i32.const 1; i32.add; local.set 0}. */
    private static byte[] busyFunctions(int count, int additions) {
        ByteArrayOutputStream code = new ByteArrayOutputStream();
        code.writeBytes(new byte[] {0x01, 0x01, 0x7F}); // one group: one i32 local
        for (int i = 0; i < additions; i++) {
            code.writeBytes(new byte[] {0x20, 0x00, 0x41, 0x01, 0x6A, 0x21, 0x00});
        }
        code.write(0x0B);
        byte[] body = sized(code.toByteArray());
        ByteArrayOutputStream bodies = new ByteArrayOutputStream();
        for (int i = 0; i < count; i++) {
            bodies.writeBytes(body);
        }
        return module(vector(count, new byte[count]), vector(count, bodies.toByteArray()), null);
    }

    /** A module of one type {@code () -> ()}, these function and code sections, and optionally globals. */
    private static byte[] module(byte[] functionSection, byte[] codeSection, byte[] globalSection) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00});
        section(out, 1, new byte[] {0x01, 0x60, 0x00, 0x00});
        section(out, 3, functionSection);
        if (globalSection != null) {
            section(out, 6, globalSection);
        }
        section(out, 10, codeSection);
        return out.toByteArray();
    }

    private static void section(ByteArrayOutputStream out, int id, byte[] payload) {
        out.write(id);
        out.writeBytes(leb(payload.length));
        out.writeBytes(payload);
    }

    private static byte[] vector(int count, byte[] entries) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(leb(count));
        out.writeBytes(entries);
        return out.toByteArray();
    }

    private static byte[] sized(byte[] body) {
        return vector(body.length, body);
    }

    private static byte[] leb(long value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        do {
            int b = (int) (value & 0x7F);
            value >>>= 7;
            out.write(value == 0 ? b : b | 0x80);
        } while (value != 0);
        return out.toByteArray();
    }
}
