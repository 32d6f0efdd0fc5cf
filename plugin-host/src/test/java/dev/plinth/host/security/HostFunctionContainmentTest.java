package dev.plinth.host.security;

import static dev.plinth.api.host.WasmType.I32;
import static dev.plinth.api.host.WasmType.I64;
import static org.assertj.core.api.Assertions.assertThat;

import dev.plinth.api.PluginStatus;
import dev.plinth.api.error.AbiViolationException;
import dev.plinth.api.error.ErrorCode;
import dev.plinth.api.error.PluginException;
import dev.plinth.api.host.RawHostFunction;
import dev.plinth.api.host.WasmValues;
import dev.plinth.host.EngineMode;
import dev.plinth.host.PluginEngine;
import dev.plinth.host.PluginHost;
import dev.plinth.security.audit.AuditAction;
import dev.plinth.security.audit.AuditEntry;
import dev.plinth.security.policy.PluginGrant;
import dev.plinth.testing.Wat;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Application host functions that misbehave while a plugin calls them: one that throws (a runtime
 * exception, an {@link Error}, a checked exception thrown sneakily), one that returns values of the
 * wrong types, one handed a bogus block offset by the plugin, one that sleeps past the call's
 * deadline (honouring the interrupt, or swallowing it while the guest then spins), one that copies
 * more bytes than the call's fuel pays for. Each call ends as a typed error naming the function,
 * audited; nothing escapes, and the plugin serves the next call.
 */
class HostFunctionContainmentTest {
    private static final String PLUGIN = "host-abuser";
    private static final Duration DEADLINE = Duration.ofMillis(500);
    /** Generous: the deadline fires within milliseconds, the rest is a busy machine. */
    private static final Duration LATE = Duration.ofSeconds(3);

    private static final String WAT = """
            (module
              (import "host" "hostBoom" (func $boom (result i32)))
              (import "host" "hostError" (func $error (result i32)))
              (import "host" "hostSneaky" (func $sneaky (result i32)))
              (import "host" "hostLies" (func $lies (result i32)))
              (import "host" "hostSleep" (func $sleep (param i64)))
              (import "host" "hostDoze" (func $doze (param i64)))
              (import "host" "hostRead" (func $read (param i64) (result i64)))
              (import "host" "hostFlood" (func $flood (param i64) (result i64)))
              (memory (export "memory") 1)
              (func (export "boom") (result i32) (drop (call $boom)) (i32.const 0))
              (func (export "error") (result i32) (drop (call $error)) (i32.const 0))
              (func (export "sneaky") (result i32) (drop (call $sneaky)) (i32.const 0))
              (func (export "lies") (result i32) (drop (call $lies)) (i32.const 0))
              (func (export "sleep") (result i32) (call $sleep (i64.const 20000)) (i32.const 0))
              (func (export "dozeThenSpin") (result i32)
                (call $doze (i64.const 20000))
                (loop $forever (br $forever))
                (i32.const 0))
              (func (export "badOffset") (result i32) (drop (call $read (i64.const 42))) (i32.const 0))
              (func (export "flood") (result i32) (drop (call $flood (i64.const 1048576))) (i32.const 0))
              (func (export "ok") (result i32) (i32.const 0)))
            """;

    private static final List<String> ASKS = List.of("host::hostBoom", "host::hostError", "host::hostSneaky",
            "host::hostLies", "host::hostSleep", "host::hostDoze", "host::hostRead", "host::hostFlood");

    @TempDir
    Path plugins;

    private static List<RawHostFunction> misbehaving() {
        return List.of(
                RawHostFunction.of("host", "hostBoom", List.of(), List.of(I32), (call, args) -> {
                    throw new IllegalStateException("boom");
                }),
                RawHostFunction.of("host", "hostError", List.of(), List.of(I32), (call, args) -> {
                    throw new AssertionError("broken invariant");
                }),
                RawHostFunction.of("host", "hostSneaky", List.of(), List.of(I32),
                        (call, args) -> HostFunctionContainmentTest.<RuntimeException>sneakyThrow(
                                new IOException("disk gone"))),
                RawHostFunction.of("host", "hostLies", List.of(), List.of(I32), (call, args) -> WasmValues.ofLong(1)),
                RawHostFunction.of("host", "hostSleep", List.of(I64), List.of(), (call, args) -> {
                    try {
                        Thread.sleep(args.getLong(0));
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IllegalStateException("interrupted while sleeping", e);
                    }
                    return null;
                }),
                RawHostFunction.of("host", "hostDoze", List.of(I64), List.of(), (call, args) -> {
                    try {
                        Thread.sleep(args.getLong(0));
                    } catch (InterruptedException swallowed) {
                        // the careless kind: the interrupt is lost
                    }
                    return null;
                }),
                RawHostFunction.of("host", "hostRead", List.of(I64), List.of(I64),
                        (call, args) -> WasmValues.ofLong(call.readBlock(args.getLong(0)).length)),
                RawHostFunction.of("host", "hostFlood", List.of(I64), List.of(I64),
                        (call, args) -> WasmValues.ofLong(call.writeBlock(new byte[(int) args.getLong(0)]))));
    }

    @SuppressWarnings("unchecked")
    private static <T extends Throwable> WasmValues sneakyThrow(Throwable t) throws T {
        throw (T) t;
    }

    private PluginHost host(EngineMode mode, String extraPermissions) throws IOException {
        Path dir = Files.createDirectories(plugins.resolve(PLUGIN));
        Files.write(dir.resolve("module.wasm"), Wat.assemble(WAT));
        Files.writeString(dir.resolve("plugin.toml"), """
                [plugin]
                name = "%s"
                version = "1.0.0"
                entrypoint = "module.wasm"

                [permissions]
                host-functions = [%s]
                cpu-time = "%dms"
                %s
                """.formatted(PLUGIN, String.join(", ", ASKS.stream().map(a -> "\"" + a + "\"").toList()),
                DEADLINE.toMillis(), extraPermissions));
        PluginGrant.Builder grant = PluginGrant.builder();
        ASKS.forEach(grant::hostFunction);
        PluginEngine.Builder builder = PluginEngine.builder().engine(mode).grant(PLUGIN, grant.build());
        misbehaving().forEach(builder::hostFunction);
        PluginHost host = PluginHost.on(builder.build());
        assertThat(host.load(dir).status()).isEqualTo(PluginStatus.ACTIVE);
        return host;
    }

    /**
     * The typed error a call of {@code export} ends with; the plugin serves the next call. Limit hits
     * and refusals are audited, a trap is not (it hurts only the call, as the plugin's own traps do).
     */
    private static PluginException failure(PluginHost host, String export) {
        int before = host.auditLog().recent(PLUGIN, 100).size();
        Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(() -> host.call(PLUGIN, export, new byte[0]));
        assertThat(thrown).as(export).isInstanceOf(PluginException.class);
        PluginException e = (PluginException) thrown;
        List<AuditEntry> audit = host.auditLog().recent(PLUGIN, 100);
        if (e.code() == ErrorCode.TRAP && !(e instanceof AbiViolationException)) {
            assertThat(audit).as(export + " is a trap, not audited").hasSize(before);
        } else {
            assertThat(audit).as(export + " is audited").hasSize(before + 1).last().satisfies(entry -> {
                assertThat(entry.what()).isEqualTo(e.code());
                assertThat(entry.action()).isEqualTo(AuditAction.STOPPED);
                assertThat(entry.resource()).startsWith(export);
            });
        }
        assertThat(host.call(PLUGIN, "ok", new byte[0])).as("still serving after " + export).isEmpty();
        return e;
    }

    @ParameterizedTest
    @EnumSource(EngineMode.class)
    void whatAHostFunctionThrowsIsATrapNamingIt(EngineMode mode) throws IOException {
        try (PluginHost host = host(mode, "")) {
            assertThat(failure(host, "boom")).satisfies(e -> {
                assertThat(e.code()).isEqualTo(ErrorCode.TRAP);
                assertThat(e.getMessage()).contains("host function host::hostBoom failed", "boom");
            });
            assertThat(failure(host, "error")).satisfies(e -> {
                assertThat(e.code()).isEqualTo(ErrorCode.TRAP);
                assertThat(e.getMessage()).contains("host::hostError", "broken invariant");
            });
            assertThat(failure(host, "sneaky")).satisfies(e -> {
                assertThat(e.code()).isEqualTo(ErrorCode.TRAP);
                assertThat(e.getMessage()).contains("host::hostSneaky", "java.io.IOException: disk gone");
            });
        }
    }

    @Test
    void resultsOfTheWrongTypeAreATrapNamingTheDeclaredTypes() throws IOException {
        try (PluginHost host = host(EngineMode.COMPILED, "")) {
            assertThat(failure(host, "lies")).satisfies(e -> {
                assertThat(e.code()).isEqualTo(ErrorCode.TRAP);
                assertThat(e.getMessage()).contains("host function host::hostLies returned (i64 1), but it declares"
                        + " results (i32)");
            });
        }
    }

    @Test
    void aBogusOffsetFromThePluginIsAnAbiViolationNamingTheFunction() throws IOException {
        try (PluginHost host = host(EngineMode.COMPILED, "")) {
            assertThat(failure(host, "badOffset")).isInstanceOfSatisfying(AbiViolationException.class, e -> {
                assertThat(e.hostFunction()).isEqualTo("host::hostRead");
                assertThat(e.getMessage()).contains("offset 42 is not the start of an allocated block");
            });
            assertThat(host.auditLog().recent(PLUGIN, 100)).last().extracting(AuditEntry::resource)
                    .isEqualTo("badOffset (host::hostRead)");
        }
    }

    @ParameterizedTest
    @EnumSource(EngineMode.class)
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void aHostFunctionThatSleepsPastTheDeadlineEndsTheCallAsTimeout(EngineMode mode) throws IOException {
        try (PluginHost host = host(mode, "")) {
            long started = System.nanoTime();
            PluginException honouring = failure(host, "sleep");
            assertThat(honouring.code()).isEqualTo(ErrorCode.TIMEOUT);
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(DEADLINE.plus(LATE));

            started = System.nanoTime();
            PluginException swallowing = failure(host, "dozeThenSpin");
            assertThat(swallowing.code()).as("the interrupt was swallowed; the guest would spin on")
                    .isEqualTo(ErrorCode.TIMEOUT);
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(DEADLINE.plus(LATE));
        }
    }

    @Test
    void theBlocksAHostFunctionWritesAreChargedToTheCallsFuel() throws IOException {
        try (PluginHost host = host(EngineMode.COMPILED, "fuel = 50_000")) {
            PluginException e = failure(host, "flood");
            assertThat(e.code()).as(e.getMessage()).isEqualTo(ErrorCode.FUEL_EXHAUSTED);
        }
    }
}
