package dev.plinth.host.security;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import dev.plinth.api.PluginLimits;
import dev.plinth.api.error.ErrorCode;
import dev.plinth.api.error.MemoryLimitException;
import dev.plinth.api.unit.DataSize;
import dev.plinth.host.EngineMode;
import dev.plinth.host.PluginEngine;
import dev.plinth.host.PluginHost;
import dev.plinth.host.PluginVersion;
import dev.plinth.security.audit.AuditEntry;
import dev.plinth.testing.LogCapture;
import dev.plinth.testing.Wat;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A guest that grows its memory by a page on every call, as a PDK's allocator in a pooled instance
 * does, reaches its memory limit and then has its growth refused on every call, and goes on: the
 * host keeps serving it, its memory stays within the grant, and the refusals are counted and
 * logged once, not audited or logged per call. A guest that traps after a refusal still gets
 * {@code memory-limit}, audited.
 */
class RefusedGrowthTest {
    private static final int LIMIT_PAGES = 32;
    private static final int CALLS = 400;

    /** {@code grow}: memory.grow(1), writes into the new page; answers "1" when it grew, "0" when refused. */
    private static final String GROWER = """
            (module
              (import "extism:host/env" "alloc" (func $alloc (param i64) (result i64)))
              (import "extism:host/env" "store_u8" (func $store (param i64 i32)))
              (import "extism:host/env" "output_set" (func $out (param i64 i64)))
              (memory (export "memory") 1)
              (func (export "grow") (result i32) (local $page i32) (local $p i64)
                (local.set $page (memory.grow (i32.const 1)))
                (if (i32.ge_s (local.get $page) (i32.const 0))
                  (then (i32.store (i32.shl (local.get $page) (i32.const 16)) (i32.const 42))))
                (local.set $p (call $alloc (i64.const 1)))
                (call $store (local.get $p) (select (i32.const 48) (i32.const 49)
                  (i32.lt_s (local.get $page) (i32.const 0))))
                (call $out (local.get $p) (i64.const 1))
                (i32.const 0))
              (func (export "grow_or_trap") (result i32)
                (if (i32.lt_s (memory.grow (i32.const 1)) (i32.const 0)) (then unreachable))
                (i32.const 0)))
            """;

    @TempDir
    Path plugins;

    @ParameterizedTest
    @EnumSource(EngineMode.class)
    void growthRefusedOnEveryCallIsCountedNotAuditedAndTheHostKeepsServing(EngineMode mode) throws Exception {
        Path module = Wat.write(plugins, "grower", GROWER);
        DataSize grant = DataSize.ofBytes(LIMIT_PAGES * 65536L);
        try (PluginHost host = PluginHost.on(PluginEngine.builder().engine(mode)
                .limits(PluginLimits.DEFAULTS.withMaxMemory(grant).withMaxInstances(1)).build());
                LogCapture log = LogCapture.of("dev.plinth", Level.DEBUG)) {
            host.load(module);
            log.clear();
            int grew = 0;
            for (int i = 0; i < CALLS; i++) {
                String answer = new String(host.call("grower", "grow", new byte[0]), UTF_8);
                grew += answer.equals("1") ? 1 : 0;
            }

            assertThat(grew).as("pages grown from 1 to the limit").isEqualTo(LIMIT_PAGES - 1);
            PluginVersion version = host.loaded("grower").orElseThrow();
            assertThat(version.refusedGrowthCalls()).isEqualTo(CALLS - (LIMIT_PAGES - 1));
            assertThat(version.peakMemoryBytes() - version.peakHostMemoryBytes()).as("linear memory")
                    .isEqualTo(grant.toBytes());
            assertThat(host.auditLog().recent("grower", 100)).isEmpty();
            assertThat(log.events()).extracting(e -> e.getLevel() + " " + e.getFormattedMessage())
                    .singleElement().asString()
                    .startsWith("WARN plugin grower").contains("grow had memory.grow refused")
                    .contains("limit of " + grant);

            assertThatThrownBy(() -> host.call("grower", "grow_or_trap", new byte[0]))
                    .isInstanceOf(MemoryLimitException.class).hasMessageContaining("limit of " + grant);
            List<AuditEntry> audited = host.auditLog().recent("grower", 100);
            assertThat(audited).extracting(AuditEntry::what).containsExactly(ErrorCode.MEMORY_LIMIT);
            // the trapped instance was discarded: a new one, with memory of its own, serves
            assertThat(host.call("grower", "grow", new byte[0])).asString(UTF_8).isEqualTo("1");
            assertThat(log.events()).hasSizeLessThan(4);
        }
    }
}
