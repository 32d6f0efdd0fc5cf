package dev.plinth.host.services;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.plinth.api.PluginStatus;
import dev.plinth.api.error.AbiViolationException;
import dev.plinth.api.error.ErrorCode;
import dev.plinth.api.event.EmittedEvent;
import dev.plinth.host.PluginEngine;
import dev.plinth.host.PluginHost;
import dev.plinth.security.audit.AuditAction;
import dev.plinth.security.audit.AuditEntry;
import dev.plinth.security.policy.EventsGrant;
import dev.plinth.security.policy.PluginGrant;
import dev.plinth.testing.ExtismWat;
import dev.plinth.testing.TestPlugins;
import dev.plinth.testing.Wat;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code plinth:host/events} through a real host: a plugin's events reach the application's
 * listener; published events reach the subscribed plugins' {@code plinth_on_event}, a trapping
 * subscriber harming no one; and a hostile plugin flooding events, emitting types it was not
 * granted, huge payloads, bad offsets, and filling the queue is refused each time with a code it
 * reads, audited, while the host serves on.
 */
class EventsTest {
    /** Exports: emit (input [u32 type length][type][payload]), flood, huge, bad_offset, code; the handler keeps its input in var "last". */
    private static final String WAT = """
            (module
              (import "extism:host/env" "alloc" (func $alloc (param i64) (result i64)))
              (import "extism:host/env" "store_u8" (func $store_u8 (param i64 i32)))
              (import "extism:host/env" "input_length" (func $input_length (result i64)))
              (import "extism:host/env" "input_load_u8" (func $input_load_u8 (param i64) (result i32)))
              (import "extism:host/env" "output_set" (func $output_set (param i64 i64)))
              (import "extism:host/env" "error_set" (func $error_set (param i64)))
              (import "extism:host/env" "var_set" (func $var_set (param i64 i64)))
              (import "plinth:host/events" "emit" (func $emit (param i64 i64) (result i64)))
              (import "plinth:host/events" "error" (func $ev_error (result i64)))
              (memory (export "memory") 8 8)
              (data (i32.const 16) "tick")
              (data (i32.const 32) "last")
              (global $code (mut i64) (i64.const 0))
              %s
              %s
              (func $input_here (result i32) (local $n i32) (local $i i32)
                (local.set $n (i32.wrap_i64 (call $input_length)))
                (block $done (loop $copy
                  (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
                  (i32.store8 (i32.add (i32.const 4096) (local.get $i))
                    (call $input_load_u8 (i64.extend_i32_u (local.get $i))))
                  (local.set $i (i32.add (local.get $i) (i32.const 1)))
                  (br $copy)))
                (local.get $n))
              (func $result (param $count i32) (param $code i64) (result i32)
                (global.set $code (local.get $code))
                (i32.store (i32.const 200) (local.get $count))
                (i64.store (i32.const 204) (local.get $code))
                (call $output_set (call $block (i32.const 200) (i32.const 12)) (i64.const 12))
                (i32.const 0))
              (func (export "emit") (result i32) (local $n i32) (local $k i32) (local $r i64)
                (local.set $n (call $input_here))
                (local.set $k (i32.load (i32.const 4096)))
                (local.set $r (call $emit (call $block (i32.const 4100) (local.get $k))
                  (call $block (i32.add (i32.const 4100) (local.get $k))
                    (i32.sub (i32.sub (local.get $n) (i32.const 4)) (local.get $k)))))
                (global.set $code (local.get $r))
                (if (i64.lt_s (local.get $r) (i64.const 0))
                  (then (call $error_set (call $ev_error)) (return (i32.const 1))))
                (i32.const 0))
              ;; "tick" events until 100000 or a refusal: [count, code]
              (func (export "flood") (result i32) (local $i i32) (local $r i64)
                (block $done (loop $next
                  (br_if $done (i32.ge_u (local.get $i) (i32.const 100000)))
                  (local.set $r (call $emit (call $block (i32.const 16) (i32.const 4)) (i64.const 0)))
                  (br_if $done (i64.lt_s (local.get $r) (i64.const 0)))
                  (local.set $i (i32.add (local.get $i) (i32.const 1)))
                  (br $next)))
                (call $result (local.get $i) (local.get $r)))
              ;; a "tick" with a payload as long as the input says (u32 LE): [0, code]
              (func (export "huge") (result i32)
                (drop (call $input_here))
                (call $result (i32.const 0) (call $emit (call $block (i32.const 16) (i32.const 4))
                  (call $alloc (i64.extend_i32_u (i32.load (i32.const 4096)))))))
              (func (export "bad_offset") (result i32)
                (drop (call $emit (i64.const 99999) (i64.const 0)))
                (i32.const 0))
              (func (export "code") (result i32)
                (i64.store (i32.const 100) (global.get $code))
                (call $output_set (call $block (i32.const 100) (i32.const 8)) (i64.const 8))
                (i32.const 0))
              (func (export "plinth_on_event") (result i32)
                (call $var_set (call $block (i32.const 32) (i32.const 4)) (call $input_block))
                (i32.const 0))
            )
            """.formatted(ExtismWat.INPUT_BLOCK, ExtismWat.memoryBlock("$block"));

    /** A subscriber whose handler traps. */
    private static final String TRAPPING = """
            (module
              (memory (export "memory") 1)
              (func (export "plinth_on_event") (result i32) unreachable))
            """;

    @TempDir
    Path tmp;
    PluginHost host;
    final BlockingQueue<EmittedEvent> received = new LinkedBlockingQueue<>();

    @AfterEach
    void close() {
        if (host != null) {
            host.close();
        }
    }

    private static EventsGrant grant() {
        return new EventsGrant(List.of("tick", "order.*"), List.of("price.*"), 20, 64);
    }

    private void start(PluginEngine.Builder engine) throws IOException {
        Path plugins = Files.createDirectories(tmp.resolve("plugins"));
        PluginGrant g = PluginGrant.builder().events(grant()).build();
        host = PluginHost.on(engine.grant("emitter", g).grant("listener", g).grant("trapper", g).build());
        assertThat(host.load(Wat.write(plugins, "emitter", WAT)).status()).isEqualTo(PluginStatus.ACTIVE);
        assertThat(host.load(Wat.write(plugins, "trapper", TRAPPING)).status()).isEqualTo(PluginStatus.ACTIVE);
        assertThat(host.load(Wat.write(plugins, "listener", WAT)).status()).isEqualTo(PluginStatus.ACTIVE);
        assertThat(host.load(TestPlugins.sample("text-transformer")).status()).isEqualTo(PluginStatus.ACTIVE);
    }

    private void start() throws IOException {
        start(PluginEngine.builder().eventListener(received::add));
    }

    private static byte[] event(String type, String payload) {
        byte[] t = type.getBytes(UTF_8);
        byte[] p = payload.getBytes(UTF_8);
        return ByteBuffer.allocate(4 + t.length + p.length).order(ByteOrder.LITTLE_ENDIAN).putInt(t.length).put(t)
                .put(p).array();
    }

    private long[] attack(String export, byte[] input) {
        ByteBuffer b = ByteBuffer.wrap(host.call("emitter", export, input)).order(ByteOrder.LITTLE_ENDIAN);
        return new long[] {b.getInt(0), b.getLong(4)};
    }

    private List<AuditEntry> refusals() {
        return host.auditLog().recent("emitter", 1000).stream()
                .filter(e -> e.resource().startsWith("plinth:host/events")).toList();
    }

    private void stillServing() {
        assertThat(host.call("text-transformer", "transform", "after".getBytes(UTF_8))).asString(UTF_8)
                .isEqualTo("AFTER");
        assertThat(host.call("emitter", "code", new byte[0])).hasSize(8);
    }

    @Test
    void theApplicationReceivesWhatAPluginEmits() throws Exception {
        start();
        host.call("emitter", "emit", event("order.created", "{\"id\":7}"));
        EmittedEvent e = received.poll(10, TimeUnit.SECONDS);
        assertThat(e).isNotNull();
        assertThat(e.plugin()).isEqualTo("emitter");
        assertThat(e.versionId()).isEqualTo(host.find("emitter").orElseThrow().versionId().toString());
        assertThat(e.type()).isEqualTo("order.created");
        assertThat(e.payload()).isEqualTo("{\"id\":7}");
    }

    @Test
    void publishedEventsReachSubscribersAndATrappingOneHarmsNoOne() throws Exception {
        start();
        assertThat(host.events().publish("price.changed", "{\"sku\":\"a\",\"price\":3}")).isTrue();
        assertThat(host.events().publish("stock.low", "not subscribed")).isTrue();
        assertThat(host.events().publish("price.dropped", "second")).isTrue();
        long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!host.vars("listener").getString("last").orElse("").contains("second") && System.nanoTime() < until) {
            Thread.sleep(20);
        }
        assertThat(host.vars("listener").getString("last").orElseThrow()).contains("\"type\":\"price.dropped\"",
                "\"payload\":\"second\"");
        assertThat(host.vars("emitter").getString("last")).as("both versions of the WAT subscribe").isPresent();
        assertThat(host.find("trapper").orElseThrow().status()).isEqualTo(PluginStatus.ACTIVE);
        assertThatThrownBy(() -> host.events().publish("bad type!", "")).isInstanceOf(
                IllegalArgumentException.class).hasMessageContaining("is not an event type");
        stillServing();
    }

    @Test
    void floodsStopAtMaxEmitsPerCallEachCall() throws IOException {
        start();
        assertThat(attack("flood", new byte[0])).containsExactly(20, -3);
        assertThat(attack("flood", new byte[0])).as("counted per call").containsExactly(20, -3);
        assertThat(refusals()).singleElement().satisfies(e -> {
            assertThat(e.what()).isEqualTo(ErrorCode.TOO_LARGE);
            assertThat(e.resource()).isEqualTo("plinth:host/events max-emits-per-call");
            assertThat(e.action()).isEqualTo(AuditAction.REFUSED);
            assertThat(e.count()).isEqualTo(2);
        });
        stillServing();
    }

    @Test
    void typesNotGrantedHugePayloadsAndBadOffsetsAreRefused() throws IOException {
        start();
        assertThatThrownBy(() -> host.call("emitter", "emit", event("admin.shutdown", "x")))
                .hasMessageContaining("plinth:host/events: type \"admin.shutdown\" is not granted to emit (granted:"
                        + " tick, order.*)");
        assertThat(KvGuest.code(host.call("emitter", "code", new byte[0]))).isEqualTo(-4);
        assertThatThrownBy(() -> host.call("emitter", "emit", event("bad type", "x")))
                .hasMessageContaining("is not an event type");
        assertThat(attack("huge", ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(1 << 20).array()))
                .containsExactly(0, -2);
        assertThatThrownBy(() -> host.call("emitter", "bad_offset", new byte[0]))
                .isInstanceOf(AbiViolationException.class).hasMessageContaining("plinth:host/events emit");
        assertThat(refusals()).extracting(AuditEntry::resource).containsExactlyInAnyOrder(
                "plinth:host/events emit", "plinth:host/events type", "plinth:host/events max-payload-size");
        assertThat(host.auditLog().recent("emitter", 100)).anySatisfy(e -> assertThat(e.action())
                .isEqualTo(AuditAction.STOPPED));
        stillServing();
    }

    @Test
    void aFullQueueRefusesEmitsWhileTheApplicationIsSlow() throws Exception {
        CountDownLatch slow = new CountDownLatch(1);
        start(PluginEngine.builder().eventQueue(3).eventListener(e -> {
            try {
                slow.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
            received.add(e);
        }));
        long[] flood = attack("flood", new byte[0]);
        assertThat(flood[1]).isEqualTo(-5);
        assertThat(flood[0]).as("the queue and the one being delivered").isBetween(3L, 4L);
        assertThat(refusals()).singleElement().satisfies(e -> assertThat(e.resource())
                .isEqualTo("plinth:host/events queue"));
        stillServing();
        slow.countDown();
        long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (received.size() < flood[0] && System.nanoTime() < until) {
            Thread.sleep(20);
        }
        assertThat(received).hasSize((int) flood[0]);
    }

    @Test
    void importingEventsWithoutAGrantIsRefusedAtLoad() throws IOException {
        Path plugins = Files.createDirectories(tmp.resolve("plugins"));
        host = PluginHost.on(PluginEngine.builder().build());
        var version = host.load(Wat.write(plugins, "emitter", WAT));
        assertThat(version.status()).isEqualTo(PluginStatus.FAILED);
        assertThat(version.lastError()).hasValueSatisfying(e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.PERMISSION_DENIED);
            assertThat(e.message()).contains("imports plinth:host/events.", "grants plugin emitter no event type");
        });
    }
}
