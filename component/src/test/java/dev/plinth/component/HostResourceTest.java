package dev.plinth.component;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.plinth.component.CanonicalAbiException.Violation;
import dev.plinth.component.value.Value;
import dev.plinth.testing.ComponentWat;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Resources the host defines, as wit-component writes an imported interface with a resource: the instance type
 * exports {@code (type (sub resource))}, functions named {@code [constructor]counter}, {@code [method]counter.add},
 * {@code [static]counter.total}, and the guest drops with {@code canon resource.drop}. Handles cross through the
 * guest's table as indices the host never sees; the guest forging, confusing or reusing dropped handles is
 * {@code BAD_HANDLE} before the host runs.
 */
class HostResourceTest {
    private static final String IFACE = "my:host/counters@1.0.0";
    private static Component component;

    /** The host's counters: the state behind each representation. */
    static final class Counter {
        long value;

        Counter(long value) {
            this.value = value;
        }
    }

    @BeforeAll
    static void assemble() {
        component = Component.parse(ComponentWat.assemble("""
                (component
                  (type $counters (instance
                    (export "counter" (type $counter (sub resource)))
                    (export "other" (type $other (sub resource)))
                    (type $own (own $counter))
                    (type $borrow (borrow $counter))
                    (type $own-other (own $other))
                    (export "[constructor]counter" (func (param "start" u32) (result $own)))
                    (export "[method]counter.add" (func (param "self" $borrow) (param "n" u32) (result u32)))
                    (export "[static]counter.total" (func (result u32)))
                    (export "[constructor]other" (func (result $own-other)))))
                  (import "my:host/counters@1.0.0" (instance $h (type $counters)))
                  (alias export $h "counter" (type $counter))
                  (alias export $h "other" (type $other))
                  (alias export $h "[constructor]counter" (func $new))
                  (alias export $h "[method]counter.add" (func $add))
                  (alias export $h "[static]counter.total" (func $total))
                  (alias export $h "[constructor]other" (func $new-other))
                  (core func $new-core (canon lower (func $new)))
                  (core func $add-core (canon lower (func $add)))
                  (core func $total-core (canon lower (func $total)))
                  (core func $new-other-core (canon lower (func $new-other)))
                  (core func $drop-core (canon resource.drop $counter))
                  (core instance $imports
                    (export "[constructor]counter" (func $new-core))
                    (export "[method]counter.add" (func $add-core))
                    (export "[static]counter.total" (func $total-core))
                    (export "[constructor]other" (func $new-other-core))
                    (export "[resource-drop]counter" (func $drop-core)))
                  (core module $m
                    (import "h" "[constructor]counter" (func $new (param i32) (result i32)))
                    (import "h" "[method]counter.add" (func $add (param i32 i32) (result i32)))
                    (import "h" "[static]counter.total" (func $total (result i32)))
                    (import "h" "[constructor]other" (func $new-other (result i32)))
                    (import "h" "[resource-drop]counter" (func $drop (param i32)))
                    (global $kept (mut i32) (i32.const 0))
                    ;; make a counter, add twice, drop it; the sum of both adds' answers
                    (func (export "run") (param i32) (result i32)
                      (local $h i32) (local $r i32)
                      local.get 0 call $new local.set $h
                      local.get $h i32.const 1 call $add local.set $r
                      local.get $h i32.const 2 call $add local.get $r i32.add local.set $r
                      local.get $h call $drop
                      local.get $r)
                    (func (export "keep") (param i32) (result i32)
                      local.get 0 call $new global.set $kept global.get $kept)
                    (func (export "total") (result i32) call $total)
                    (func (export "forge") (param i32) (result i32) local.get 0 i32.const 1 call $add)
                    (func (export "after-drop") (result i32)
                      (local $h i32)
                      i32.const 5 call $new local.set $h
                      local.get $h call $drop
                      local.get $h i32.const 1 call $add)
                    (func (export "confuse") (result i32) call $new-other i32.const 1 call $add)
                    (func (export "drop-twice") (result i32)
                      (local $h i32)
                      i32.const 5 call $new local.set $h
                      local.get $h call $drop local.get $h call $drop i32.const 0))
                  (core instance $i (instantiate $m (with "h" (instance $imports))))
                  (func (export "run") (param "start" u32) (result u32) (canon lift (core func $i "run")))
                  (func (export "keep") (param "start" u32) (result u32) (canon lift (core func $i "keep")))
                  (func (export "total") (result u32) (canon lift (core func $i "total")))
                  (func (export "forge") (param "h" u32) (result u32) (canon lift (core func $i "forge")))
                  (func (export "after-drop") (result u32) (canon lift (core func $i "after-drop")))
                  (func (export "confuse") (result u32) (canon lift (core func $i "confuse")))
                  (func (export "drop-twice") (result u32) (canon lift (core func $i "drop-twice")))
                )
                """));
    }

    /** One instance's host side: the counters' table, what was dropped, and the functions. */
    static final class Host {
        final List<Long> dropped = new ArrayList<>();
        final HostResourceTable<Counter> counters = new HostResourceTable<>("counter", 16, c -> dropped.add(c.value));
        final HostResourceTable<Object> others = new HostResourceTable<>("other", 16);
        final List<Integer> seenReps = new ArrayList<>();

        ComponentImports imports() {
            Map<String, HostFunction> functions = new HashMap<>();
            functions.put(IFACE + "#[constructor]counter",
                    args -> List.of(counters.own(new Counter(((Value.U32) args.get(0)).value()))));
            functions.put(IFACE + "#[method]counter.add", args -> {
                seenReps.add(((Value.Handle) args.get(0)).index());
                Counter c = counters.get(args.get(0));
                c.value += ((Value.U32) args.get(1)).value();
                return List.of(new Value.U32(c.value));
            });
            functions.put(IFACE + "#[static]counter.total", args -> List.of(new Value.U32(counters.size())));
            functions.put(IFACE + "#[constructor]other", args -> List.of(others.own(new Object())));
            return ComponentImports.of(functions, Map.of(IFACE + "#counter", counters, IFACE + "#other", others));
        }
    }

    @Test
    void aGuestMakesUsesAndDropsAHostResource() {
        Host host = new Host();
        ComponentInstance instance = component.instantiate(ComponentOptions.defaults(), host.imports());

        assertThat(instance.call("run", List.of(new Value.U32(10)))).containsExactly(new Value.U32(11 + 13));
        assertThat(host.dropped).containsExactly(13L);
        assertThat(host.counters.size()).isZero();
        // The host saw its own representation (1), not the guest's table index.
        assertThat(host.seenReps).containsOnly(1);
        assertThat(instance.call("keep", List.of(new Value.U32(1)))).hasSize(1);
        assertThat(instance.call("total", List.of())).containsExactly(new Value.U32(1));
    }

    @Test
    void forgedHandlesAreBadHandlesBeforeTheHostRuns() {
        for (int forged : new int[] {0, 1, 2, 99, -1}) {
            Host host = new Host();
            ComponentInstance instance = component.instantiate(ComponentOptions.defaults(), host.imports());
            assertThatThrownBy(() -> instance.call("forge", List.of(new Value.U32(forged & 0xFFFF_FFFFL))))
                    .isInstanceOf(CanonicalAbiException.class)
                    .satisfies(e -> assertThat(((CanonicalAbiException) e).violation()).isEqualTo(Violation.BAD_HANDLE));
            assertThat(host.seenReps).isEmpty();
            assertThat(instance.isDead()).isTrue();
        }
    }

    @Test
    void aDroppedHandleAnotherTypesHandleAndADoubleDropAreBadHandles() {
        for (String attack : List.of("after-drop", "confuse", "drop-twice")) {
            Host host = new Host();
            ComponentInstance instance = component.instantiate(ComponentOptions.defaults(), host.imports());
            assertThatThrownBy(() -> instance.call(attack, List.of()))
                    .as(attack)
                    .isInstanceOf(CanonicalAbiException.class)
                    .hasMessageContaining("handle")
                    .satisfies(e -> assertThat(((CanonicalAbiException) e).violation()).isEqualTo(Violation.BAD_HANDLE));
            assertThat(host.seenReps).as(attack).isEmpty();
        }
        // The host still serves: a fresh instance runs.
        Host host = new Host();
        assertThat(component.instantiate(ComponentOptions.defaults(), host.imports()).call("run",
                List.of(new Value.U32(0)))).containsExactly(new Value.U32(1 + 3));
    }

    @Test
    void theGuestCannotHoldMoreHostResourcesThanTheTableAllows() {
        Host host = new Host();
        ComponentInstance instance = component.instantiate(ComponentOptions.defaults(), host.imports());
        for (int i = 0; i < 16; i++) {
            instance.call("keep", List.of(new Value.U32(i)));
        }
        assertThatThrownBy(() -> instance.call("keep", List.of(new Value.U32(99))))
                .isInstanceOf(dev.plinth.api.error.PluginTrapException.class)
                .hasMessageContaining("16 counter resources");
    }

    @Test
    void whatTheGuestKeepsIsDroppedWhenTheHostDiscardsTheInstance() {
        Host host = new Host();
        ComponentInstance instance = component.instantiate(ComponentOptions.defaults(), host.imports());
        instance.call("keep", List.of(new Value.U32(7)));
        instance.call("keep", List.of(new Value.U32(8)));
        host.counters.dropAll();
        assertThat(host.dropped).containsExactlyInAnyOrder(7L, 8L);
        assertThat(host.counters.size()).isZero();
    }

    @Test
    void aMissingHostResourceIsALinkErrorNamingIt() {
        Host host = new Host();
        ComponentImports withoutOther = ComponentImports.of(Map.of(), Map.of(IFACE + "#counter", host.counters));
        assertThatThrownBy(() -> component.instantiate(ComponentOptions.defaults(), withoutOther))
                .isInstanceOf(ComponentLinkException.class)
                .hasMessageContaining("resource type 'my:host/counters@1.0.0#other'");
    }
}
