package dev.plinth.host.component;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.plinth.api.PluginStatus;
import dev.plinth.api.VersionInfo;
import dev.plinth.component.value.Value;
import dev.plinth.host.PluginEngine;
import dev.plinth.host.PluginHost;
import dev.plinth.security.policy.EventsGrant;
import dev.plinth.security.policy.PluginGrant;
import dev.plinth.testing.ComponentWat;
import dev.plinth.testing.TestPlugins;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Events the application publishes reach a component plugin's {@code plinth:plugin/event-handler} export when its
 * manifest subscribes to their type and the operator grants it, as they reach a core module's
 * {@code plinth_on_event}: not a plugin whose subscription was not granted, not a type it did not subscribe to;
 * a handler that traps or returns {@code err} harms no other subscriber and the host serves on.
 */
class ComponentEventsTest {
    @TempDir
    Path plugins;

    private PluginHost host;

    @AfterEach
    void close() {
        if (host != null) {
            host.close();
        }
    }

    /**
     * {@code on-event} (its core body {@code handler} runs first), {@code received: func() -> u32} (events this
     * instance took), {@code last: func() -> string} (the last event's type, a space, and its payload, as the
     * handler copied them).
     */
    static String subscriber(String handler) {
        return """
                (component
                  (core module $m
                    (memory (export "mem") 1)
                    (global $next (mut i32) (i32.const 1024))
                    (global $received (mut i32) (i32.const 0))
                    (global $length (mut i32) (i32.const 0))
                    (func (export "realloc") (param i32 i32 i32 i32) (result i32)
                      (local $p i32)
                      global.get $next
                      local.get 2 i32.const 1 i32.sub i32.add
                      i32.const 0 local.get 2 i32.sub i32.and
                      local.tee $p
                      local.get 3 i32.add
                      global.set $next
                      local.get $p)
                    (func (export "on-event") (param $t i32) (param $tl i32) (param $p i32) (param $pl i32)
                      (result i32)
                      %s
                      global.get $received i32.const 1 i32.add global.set $received
                      ;; "<type> <payload>" at 256 (the test's payloads are short)
                      (memory.copy (i32.const 256) (local.get $t) (local.get $tl))
                      (i32.store8 (i32.add (i32.const 256) (local.get $tl)) (i32.const 32))
                      (memory.copy (i32.add (i32.const 257) (local.get $tl)) (local.get $p) (local.get $pl))
                      (global.set $length (i32.add (i32.add (local.get $tl) (local.get $pl)) (i32.const 1)))
                      i32.const 32 i32.const 0 i32.store8
                      i32.const 32)
                    (func (export "received") (result i32) global.get $received)
                    (func (export "last") (result i32)
                      i32.const 16 i32.const 256 i32.store
                      i32.const 20 global.get $length i32.store
                      i32.const 16)
                    (data (i32.const 200) "not today"))
                  (core instance $i (instantiate $m))
                  (alias core export $i "mem" (core memory $mem))
                  (alias core export $i "realloc" (core func $realloc))
                  (type $fallible (result (error string)))
                  (func $on-event (param "event-type" string) (param "payload" string) (result $fallible)
                    (canon lift (core func $i "on-event") (memory $mem) (realloc $realloc)))
                  (instance $handler (export "on-event" (func $on-event)))
                  (export "plinth:plugin/event-handler@0.1.0" (instance $handler))
                  (func $received (result u32) (canon lift (core func $i "received")))
                  (export "received" (func $received))
                  (func $last (result string) (canon lift (core func $i "last") (memory $mem) (realloc $realloc)))
                  (export "last" (func $last)))
                """.formatted(handler);
    }

    static final String TRAP = "unreachable";
    /** Returns {@code err("not today")}. */
    static final String REFUSE = "i32.const 32 i32.const 1 i32.store8 i32.const 36 i32.const 200 i32.store"
            + " i32.const 40 i32.const 9 i32.store i32.const 32 return";

    private Path plugin(String name, String handler, String subscribe) throws IOException {
        Path dir = Files.createDirectories(plugins.resolve(name));
        Files.write(dir.resolve("subscriber.wasm"), ComponentWat.assemble(subscriber(handler)));
        Files.writeString(dir.resolve("plugin.toml"), """
                [plugin]
                name = "%s"
                version = "1.0.0"
                entrypoint = "subscriber.wasm"

                [permissions]
                events = { subscribe = [%s] }
                """.formatted(name, subscribe));
        return dir;
    }

    private static PluginGrant subscribes(String... patterns) {
        return PluginGrant.builder().events(new EventsGrant(List.of(), List.of(patterns), 10, 1024)).build();
    }

    private long received(String plugin) {
        return ((Value.U32) host.component(plugin).call("received", List.of()).get(0)).value();
    }

    private String last(String plugin) {
        return ((Value.Str) host.component(plugin).call("last", List.of()).get(0)).value();
    }

    private static void eventually(Supplier<Boolean> condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.get()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within 10 s: " + what);
            }
            Thread.sleep(20);
        }
    }

    @Test
    void aSubscribedComponentReceivesItsTypesAndANotGrantedOneNothing() throws Exception {
        host = PluginHost.on(PluginEngine.builder().limits(dev.plinth.api.PluginLimits.DEFAULTS.withMaxInstances(1))
                .grant("listener", subscribes("order.*")).grant("crasher", subscribes("order.*"))
                .grant("grumbler", subscribes("order.*")).build());
        assertThat(host.load(TestPlugins.sample("text-transformer")).status()).isEqualTo(PluginStatus.ACTIVE);
        // the trapping and the refusing subscribers come first: the listener still gets every event after them
        for (VersionInfo info : List.of(host.load(plugin("crasher", TRAP, "\"order.*\"")),
                host.load(plugin("grumbler", REFUSE, "\"order.*\"")),
                host.load(plugin("listener", "", "\"order.*\"")),
                host.load(plugin("stranger", "", "\"order.*\"")))) {
            assertThat(info.status()).as("%s: %s", info.name(), info.lastError()).isEqualTo(PluginStatus.ACTIVE);
        }

        assertThat(host.events().publish("order.created", "{\"id\":7}")).isTrue();
        assertThat(host.events().publish("stock.low", "not subscribed")).isTrue();
        assertThat(host.events().publish("order.paid", "{\"id\":8}")).isTrue();

        eventually(() -> received("listener") == 2, "the listener received both order events");
        assertThat(last("listener")).isEqualTo("order.paid {\"id\":8}");
        assertThat(received("stranger")).as("its subscription was not granted").isZero();
        // each event trapped a crasher instance, which was dropped: a fresh one serves and counts from zero
        eventually(() -> host.find("crasher").orElseThrow().lastError().isPresent(), "the crasher's trap is known");
        assertThat(host.find("crasher").orElseThrow().lastError().orElseThrow().code())
                .isEqualTo(dev.plinth.api.error.ErrorCode.TRAP);
        assertThat(received("crasher")).isZero();
        assertThat(host.find("grumbler").orElseThrow().lastError().orElseThrow().message()).contains("not today");
        assertThat(host.loaded("listener").orElseThrow().callStats().snapshot().calls())
                .as("each event is a call of the handler, as a core module's is").isGreaterThanOrEqualTo(2);
        assertThat(host.call("text-transformer", "echo", "still here".getBytes(UTF_8))).asString(UTF_8)
                .isEqualTo("still here");
    }

    @Test
    void anUnloadedSubscriberReceivesNoMore() throws Exception {
        host = PluginHost.on(PluginEngine.builder().limits(dev.plinth.api.PluginLimits.DEFAULTS.withMaxInstances(1))
                .grant("listener", subscribes("*")).build());
        assertThat(host.load(plugin("listener", "", "\"tick\"")).status()).isEqualTo(PluginStatus.ACTIVE);
        host.events().publish("tick", "1");
        eventually(() -> received("listener") == 1, "the first tick arrived");

        assertThat(host.unload("listener")).isTrue();
        host.events().publish("tick", "2");
        assertThat(host.load(plugin("listener", "", "\"tock\"")).status()).isEqualTo(PluginStatus.ACTIVE);
        host.events().publish("tick", "3");
        Thread.sleep(300);
        assertThat(received("listener")).as("a fresh version that subscribes to tock only").isZero();
    }
}
