package dev.plinth.host.security;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.plinth.api.PluginLimits;
import dev.plinth.api.PluginStatus;
import dev.plinth.api.error.ErrorCode;
import dev.plinth.api.error.FuelExhaustedException;
import dev.plinth.api.error.MemoryLimitException;
import dev.plinth.api.error.PayloadTooLargeException;
import dev.plinth.api.error.PluginException;
import dev.plinth.api.error.PluginTimeoutException;
import dev.plinth.api.error.StackExhaustedException;
import dev.plinth.api.host.HostFunction;
import dev.plinth.api.unit.DataSize;
import dev.plinth.host.EngineMode;
import dev.plinth.host.PluginEngine;
import dev.plinth.host.PluginHost;
import dev.plinth.testing.TestPlugins;
import dev.plinth.security.audit.AuditAction;
import dev.plinth.security.audit.AuditEntry;
import dev.plinth.security.policy.EffectiveGrants;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The hostile {@code resource-hog} plugin against the host's limits, one attack per row: each ends
 * in a typed error, leaves one audit entry for resource-hog saying what was hit and what was done,
 * and the host serves on: text-transformer answers, and so does resource-hog itself (on a fresh
 * instance, the one it attacked from having been discarded). Its manifest's asks beyond the
 * policy are refused at load, each with an audit entry of its own.
 */
class HostileContainmentTest {
    private static final String HOG = "resource-hog";
    private static final DataSize MEMORY = DataSize.ofMegabytes(16);

    /** A short deadline, for the loops it must stop. */
    private static final HostSetup DEADLINE = new HostSetup(
            PluginLimits.DEFAULTS.withCallTimeout(Duration.ofMillis(200)).withMaxMemory(MEMORY), 0);
    /**
     * A fuel budget and a deadline far away, so that the operator's budget is what stops the loop:
     * {@code fuel-exhausted}, not {@code timeout} (InterpreterDeadlineTest has the same loop stopped
     * by the deadline alone).
     */
    private static final HostSetup FUEL = new HostSetup(
            PluginLimits.DEFAULTS.withCallTimeout(Duration.ofSeconds(60)).withMaxMemory(MEMORY), 20_000_000);
    /** A deadline far away, so that the limit under test is what stops the call, however slow the machine. */
    private static final HostSetup PATIENT = new HostSetup(
            PluginLimits.DEFAULTS.withCallTimeout(Duration.ofSeconds(60)).withMaxMemory(MEMORY), 0);

    /** The host's limits and its fuel budget per call (0: unmetered). */
    record HostSetup(PluginLimits limits, long fuel) {
        PluginHost build(EngineMode mode) {
            PluginEngine.Builder builder = PluginEngine.builder().engine(mode).limits(limits);
            return PluginHost.on((fuel > 0 ? builder.fuel(fuel) : builder).build());
        }
    }

    /**
     * One attack: the export called, in which mode, on which host, the error it must end in, and
     * the audit entry's resource (its {@code what} is the error's code, its action
     * {@link AuditAction#STOPPED}).
     */
    record Attack(String export, EngineMode mode, HostSetup host, Class<? extends PluginException> error,
            ErrorCode code, String resource) {
        @Override
        public String toString() {
            return export + " (" + mode.name().toLowerCase(Locale.ROOT) + ") -> " + code;
        }
    }

    static Stream<Attack> attacks() {
        return Stream.of(
                new Attack("spin", EngineMode.COMPILED, DEADLINE, PluginTimeoutException.class,
                        ErrorCode.TIMEOUT, "spin (cpu-time 200ms)"),
                new Attack("spin", EngineMode.INTERPRETED, DEADLINE, PluginTimeoutException.class,
                        ErrorCode.TIMEOUT, "spin (cpu-time 200ms)"),
                new Attack("spin_br_if", EngineMode.COMPILED, DEADLINE, PluginTimeoutException.class,
                        ErrorCode.TIMEOUT, "spin_br_if (cpu-time 200ms)"),
                new Attack("spin_br_if", EngineMode.INTERPRETED, FUEL, FuelExhaustedException.class,
                        ErrorCode.FUEL_EXHAUSTED, "spin_br_if"),
                new Attack("recurse", EngineMode.COMPILED, PATIENT, StackExhaustedException.class,
                        ErrorCode.TRAP, "recurse (call stack)"),
                new Attack("recurse", EngineMode.INTERPRETED, PATIENT, StackExhaustedException.class,
                        ErrorCode.TRAP, "recurse (call stack)"),
                new Attack("grow", EngineMode.COMPILED, PATIENT, MemoryLimitException.class,
                        ErrorCode.MEMORY_LIMIT, "grow (memory 16MB)"),
                new Attack("grow", EngineMode.INTERPRETED, PATIENT, MemoryLimitException.class,
                        ErrorCode.MEMORY_LIMIT, "grow (memory 16MB)"),
                new Attack("huge_output", EngineMode.COMPILED, PATIENT, PayloadTooLargeException.class,
                        ErrorCode.TOO_LARGE, "huge_output"),
                new Attack("huge_output", EngineMode.INTERPRETED, PATIENT, PayloadTooLargeException.class,
                        ErrorCode.TOO_LARGE, "huge_output"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("attacks")
    void eachAttackIsContainedAuditedAndTheHostServesOn(Attack attack) {
        try (PluginHost host = attack.host().build(attack.mode())) {
            assertThat(host.load(TestPlugins.hostile(HOG)).status()).isEqualTo(PluginStatus.ACTIVE);
            assertThat(host.load(TestPlugins.sample("text-transformer")).status()).isEqualTo(PluginStatus.ACTIVE);
            int atLoad = host.auditLog().recent(HOG, 100).size();

            assertThatThrownBy(() -> host.call(HOG, attack.export(), new byte[0]))
                    .isInstanceOfSatisfying(attack.error(), e -> assertThat(e.code()).isEqualTo(attack.code()));

            List<AuditEntry> entries = host.auditLog().recent(HOG, 100);
            assertThat(entries.subList(atLoad, entries.size())).singleElement().satisfies(e -> {
                assertThat(e.version()).isEqualTo("0.1.0");
                assertThat(e.what()).isEqualTo(attack.code());
                assertThat(e.resource()).isEqualTo(attack.resource());
                assertThat(e.action()).isEqualTo(AuditAction.STOPPED);
                assertThat(e.detail()).contains(HOG + "." + attack.export());
            });
            assertThat(host.call("text-transformer", "transform", "still serving".getBytes(UTF_8)))
                    .asString(UTF_8).isEqualTo("STILL SERVING");
            assertThat(host.call(HOG, "ping", new byte[0])).asString(UTF_8).isEqualTo("pong");
        }
    }

    @Test
    void whatItAsksForBeyondThePolicyIsRefusedAtLoadAndAudited() {
        try (PluginHost host = PATIENT.build(EngineMode.COMPILED)) {
            assertThat(host.load(TestPlugins.hostile(HOG)).status()).as("it loads, with less")
                    .isEqualTo(PluginStatus.ACTIVE);

            EffectiveGrants grants = host.loaded(HOG).orElseThrow().grants();
            assertThat(grants.fs()).isEmpty();
            assertThat(grants.net()).isEmpty();
            assertThat(grants.hostFunctions()).isEmpty();
            assertThat(host.loaded(HOG).orElseThrow().limits().maxMemory()).isEqualTo(MEMORY);
            assertThat(host.loaded(HOG).orElseThrow().limits().maxInstances())
                    .isEqualTo(PluginLimits.DEFAULTS.maxInstances());

            assertThat(host.auditLog().recent(HOG, 100)).allSatisfy(e -> {
                assertThat(e.what()).isEqualTo(ErrorCode.PERMISSION_DENIED);
                assertThat(e.action()).isEqualTo(AuditAction.REFUSED);
                assertThat(e.detail()).startsWith(e.resource() + ": ");
            }).extracting(AuditEntry::resource).containsExactly("fs read:/etc", "net connect:*:*",
                    "host-function steal-secrets", "memory 4GB", "max-instances 1024");
            assertThat(host.call(HOG, "ping", new byte[0])).asString(UTF_8).isEqualTo("pong");
        }
    }

    /** A plugin that imports a host function it is not granted cannot load at all; that refusal is audited too. */
    @Test
    void importingAnUngrantedHostFunctionIsARefusedLoadAndAudited() {
        try (PluginHost host = PluginHost.on(PluginEngine.builder()
                .hostFunction(HostFunction.of("lookup-context", bytes -> bytes)).build())) {
            assertThat(host.load(TestPlugins.sample("log-enricher")).status()).isEqualTo(PluginStatus.FAILED);
            assertThat(host.load(TestPlugins.sample("text-transformer")).status()).isEqualTo(PluginStatus.ACTIVE);

            assertThat(host.auditLog().recent("log-enricher", 100)).extracting(AuditEntry::what, AuditEntry::resource,
                    AuditEntry::action).containsExactly(
                    tuple(ErrorCode.PERMISSION_DENIED, "host-function lookup-context",
                            AuditAction.REFUSED),
                    tuple(ErrorCode.PERMISSION_DENIED, "log-enricher/log_enricher.wasm",
                            AuditAction.REFUSED));
            assertThat(host.call("text-transformer", "transform", "still serving".getBytes(UTF_8)))
                    .asString(UTF_8).isEqualTo("STILL SERVING");
        }
    }
}
