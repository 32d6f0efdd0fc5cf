package dev.plinth.component.wasi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import dev.plinth.api.LogLimits;
import dev.plinth.component.CanonicalAbiException;
import dev.plinth.component.CanonicalAbiException.Violation;
import dev.plinth.component.Component;
import dev.plinth.component.ComponentImports;
import dev.plinth.component.ComponentInstance;
import dev.plinth.component.ComponentOptions;
import dev.plinth.component.UnsupportedComponentException;
import dev.plinth.component.value.Value;
import dev.plinth.sandbox.fs.FileMount;
import dev.plinth.security.policy.ClockAccess;
import dev.plinth.security.policy.RandomSource;
import dev.plinth.testing.ComponentWat;
import dev.plinth.testing.LogCapture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * WASI 0.2 through the plugin sandbox, on a component assembled from WAT ({@link WasiProbe}): what it may do
 * (print, read granted variables and files, clocks, random) and what it is stopped from (leaving its jail,
 * forging, confusing and reusing handles, oversized writes, floods), each typed, reported where the sandbox
 * reports, and the host serving a fresh instance afterwards.
 */
class WasiComponentTest {
    @TempDir
    Path data;

    private static final class Probe {
        final WasiHost host;
        final ComponentInstance instance;

        Probe(WasiFixture fixture) {
            host = fixture.host();
            instance = WasiComponents.instantiate(WasiProbe.component(), ComponentOptions.defaults(), host,
                    ComponentImports.none());
        }

        Value call(String name, Value... args) {
            host.beginCall(name);
            try {
                return instance.call(name, List.of(args)).get(0);
            } finally {
                host.endCall();
            }
        }
    }

    private static Value.U32 u32(long v) {
        return new Value.U32(v);
    }

    @Test
    void printsToThePluginLogAndReadsOnlyTheGrantedVariables() {
        WasiFixture fixture = WasiFixture.reading(data, Map.of("GREETING", "hi\n"));
        Probe probe = new Probe(fixture);
        try (LogCapture log = LogCapture.of(WasiFixture.LOGGER, Level.INFO)) {
            assertThat(probe.call("hello")).isEqualTo(u32(0));
            assertThat(probe.call("env")).isEqualTo(u32(1));
            assertThat(log.messages(Level.INFO)).containsExactly("[stdout] hello from wat", "[stdout] GREETINGhi");
        }
    }

    @Test
    void readsAGrantedFileThroughTheJail() throws Exception {
        Files.writeString(data.resolve("in.txt"), "jailed text\n");
        Probe probe = new Probe(WasiFixture.reading(data, Map.of()));
        try (LogCapture log = LogCapture.of(WasiFixture.LOGGER, Level.INFO)) {
            assertThat(probe.call("read-file", new Value.Str("in.txt"))).isEqualTo(u32(12));
            assertThat(log.messages(Level.INFO)).containsExactly("[stdout] jailed text");
        }
        assertThat(probe.call("read-file", new Value.Str("missing.txt"))).isEqualTo(u32(1000 + WasiProbe.NO_ENTRY));
        // Offsets are u64: one past 2^63 is an error code, not a host exception.
        assertThat(probe.call("stream-at", new Value.Str("in.txt"), new Value.U64(5))).isEqualTo(u32(0));
        assertThat(probe.call("stream-at", new Value.Str("in.txt"), new Value.U64(-1L)))
                .isEqualTo(u32(2000 + WasiProbe.INVALID));
        assertThat(probe.instance.isDead()).isFalse();
    }

    @Test
    void noGrantMeansNoPreopens() {
        Probe probe = new Probe(new WasiFixture(List.of(), ClockAccess.FROZEN, RandomSource.SEEDED, Map.of(),
                LogLimits.DEFAULTS));
        assertThat(probe.call("read-file", new Value.Str("in.txt"))).isEqualTo(u32(9999));
    }

    @Test
    void pathsOutOfTheJailAreRefusedAndReported() throws Exception {
        Path inside = Files.createDirectories(data.resolve("mount"));
        Files.writeString(data.resolve("secret.txt"), "outside");
        Files.createDirectories(inside.resolve("hidden"));
        Files.writeString(inside.resolve("hidden/x.txt"), "denied");
        Files.createSymbolicLink(inside.resolve("link.txt"), data.resolve("secret.txt"));
        WasiFixture fixture = new WasiFixture(List.of(new FileMount(inside, "/data", FileMount.Access.READ),
                new FileMount(inside.resolve("hidden"), "/data/hidden", FileMount.Access.DENY)), ClockAccess.FROZEN,
                RandomSource.SEEDED, Map.of(), LogLimits.DEFAULTS);
        Probe probe = new Probe(fixture);
        for (String escape : List.of("../secret.txt", "/etc/passwd", "a/../../secret.txt")) {
            assertThat(probe.call("read-file", new Value.Str(escape))).as(escape)
                    .isEqualTo(u32(1000 + WasiProbe.NOT_PERMITTED));
        }
        assertThat(fixture.refusals).hasSize(3).allSatisfy(r -> assertThat(r).contains("outside its directory"));
        // The jail's own rules: a deny rule hides, a symlink out is refused.
        assertThat(probe.call("read-file", new Value.Str("hidden/x.txt"))).isEqualTo(u32(1000 + WasiProbe.NO_ENTRY));
        assertThat(((Value.U32) probe.call("read-file", new Value.Str("link.txt"))).value()).isGreaterThan(1000);
        assertThat(fixture.refusals).hasSizeGreaterThan(3);
        assertThat(probe.instance.isDead()).isFalse();
    }

    @Test
    void clocksAndRandomAsGranted() {
        Probe real = new Probe(new WasiFixture(List.of(), ClockAccess.REAL, RandomSource.SECURE, Map.of(),
                LogLimits.DEFAULTS));
        assertThat(((Value.U64) real.call("now")).bits()).isGreaterThan(1_600_000_000L);
        long m1 = ((Value.U64) real.call("mono")).bits();
        assertThat(((Value.U64) real.call("mono")).bits()).isGreaterThanOrEqualTo(m1);
        assertThat(real.call("random-bytes", new Value.U64(32))).isEqualTo(u32(32));
        // A 30 ms wait on a monotonic pollable (block, then poll): at least 30 ms pass.
        assertThat(((Value.U64) real.call("sleep", new Value.U64(30_000_000))).bits()).isGreaterThanOrEqualTo(30_000_000);

        Probe frozen = new Probe(new WasiFixture(List.of(), ClockAccess.FROZEN, RandomSource.SEEDED, Map.of(),
                LogLimits.DEFAULTS));
        Probe frozen2 = new Probe(new WasiFixture(List.of(), ClockAccess.FROZEN, RandomSource.SEEDED, Map.of(),
                LogLimits.DEFAULTS));
        assertThat(frozen.call("now")).isEqualTo(new Value.U64(0));
        assertThat(frozen.call("mono")).isEqualTo(new Value.U64(1));
        // Frozen time: a wait of an hour is ready at once, and no time passes.
        assertThat(frozen.call("sleep", new Value.U64(3_600_000_000_000L))).isEqualTo(new Value.U64(0));
        // Seeded: the same bytes in every instance, nothing learnt from them.
        assertThat(frozen.call("random")).isEqualTo(frozen2.call("random"));
    }

    @Test
    void forgedConfusedAndDroppedHandlesAreBadHandlesAndTheHostServesOn() {
        WasiFixture fixture = WasiFixture.reading(data, Map.of());
        for (String attack : List.of("forge-stream:1", "forge-stream:77", "forge-descriptor:1", "forge-descriptor:0",
                "stream-as-descriptor", "write-after-drop")) {
            Probe probe = new Probe(fixture);
            String[] parts = attack.split(":");
            Value[] args = parts.length > 1 ? new Value[] {u32(Long.parseLong(parts[1]))} : new Value[0];
            assertThatThrownBy(() -> probe.call(parts[0], args)).as(attack)
                    .isInstanceOf(CanonicalAbiException.class)
                    .satisfies(e -> assertThat(((CanonicalAbiException) e).violation()).isEqualTo(Violation.BAD_HANDLE));
            assertThat(probe.instance.isDead()).isTrue();
        }
        assertThat(new Probe(fixture).call("hello")).isEqualTo(u32(0));
    }

    @Test
    void writesLargerThanCheckWritePermitsTrapAndRandomIsBounded() {
        WasiFixture fixture = WasiFixture.reading(data, Map.of());
        Probe probe = new Probe(fixture);
        assertThat(probe.call("huge-write", u32(4096))).isEqualTo(u32(0));
        assertThatThrownBy(() -> probe.call("huge-write", u32(100_000)))
                .isInstanceOf(CanonicalAbiException.class).hasMessageContaining("more than the 4096 check-write permits")
                .satisfies(e -> assertThat(((CanonicalAbiException) e).violation()).isEqualTo(Violation.TOO_LARGE));
        Probe other = new Probe(fixture);
        assertThatThrownBy(() -> other.call("random-bytes", new Value.U64(1L << 40)))
                .isInstanceOf(CanonicalAbiException.class).hasMessageContaining("random bytes");
        assertThat(new Probe(fixture).call("hello")).isEqualTo(u32(0));
    }

    @Test
    void aFloodOfLinesStopsAtTheCallsLogBudget() {
        WasiFixture fixture = new WasiFixture(List.of(), ClockAccess.FROZEN, RandomSource.SEEDED, Map.of(),
                new LogLimits(1024, 4096, 50, 1024));
        Probe probe = new Probe(fixture);
        try (LogCapture log = LogCapture.of(WasiFixture.LOGGER, Level.INFO)) {
            assertThat(probe.call("flood", u32(2000))).isEqualTo(u32(2000));
            assertThat(log.messages(Level.INFO)).hasSize(50);
            assertThat(log.messages(Level.WARN)).singleElement().asString().contains("log budget is spent");
            log.clear();
            // The next call has a budget of its own.
            assertThat(probe.call("hello")).isEqualTo(u32(0));
            assertThat(log.messages(Level.INFO)).containsExactly("[stdout] hello from wat");
        }
    }

    @Test
    void unsupportedWasiInterfacesAreRefusedByNameAllAtOnce() {
        Component component = Component.parse(ComponentWat.assemble("""
                (component
                  (type $empty (instance))
                  (import "wasi:sockets/tcp@0.2.0" (instance (type $empty)))
                  (import "wasi:io/streams@0.3.0" (instance (type $empty)))
                  (import "wasi:http/outgoing-handler@0.2.0" (instance (type $empty)))
                  (import "wasi:clocks/wall-clock@0.2.9" (instance (type $empty)))
                )
                """));
        assertThat(WasiComponents.unsupported(component)).containsExactly("wasi:sockets/tcp@0.2.0",
                "wasi:io/streams@0.3.0", "wasi:http/outgoing-handler@0.2.0");
        WasiHost host = WasiFixture.reading(data, Map.of()).host();
        assertThatThrownBy(() -> WasiComponents.instantiate(component, ComponentOptions.defaults(), host,
                ComponentImports.none()))
                .isInstanceOf(UnsupportedComponentException.class)
                .hasMessageContaining("wasi:sockets/tcp@0.2.0, wasi:io/streams@0.3.0, wasi:http/outgoing-handler@0.2.0");
    }
}
