package dev.plinth.component;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.plinth.component.CanonicalAbiException.Violation;
import dev.plinth.component.value.InvalidValueException;
import dev.plinth.component.value.Value;
import dev.plinth.testing.ComponentWat;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Guest-defined resources through {@code resource.new}, {@code resource.rep} and {@code resource.drop} (which
 * calls the destructor): handles live in the instance's table, and forged or dropped handles are typed errors
 * whoever presents them.
 */
class ResourceTest {
    private static Component component;

    @BeforeAll
    static void assemble() {
        component = Component.parse(ComponentWat.assemble("""
                (component
                  (core module $d
                    (global $dropped (mut i32) (i32.const 0))
                    (func (export "dtor") (param i32)
                      global.get $dropped local.get 0 i32.add global.set $dropped)
                    (func (export "dropped") (result i32) global.get $dropped))
                  (core instance $di (instantiate $d))
                  (alias core export $di "dtor" (core func $dtor))
                  (type $r (resource (rep i32) (dtor (func $dtor))))
                  (core func $new (canon resource.new $r))
                  (core func $rep (canon resource.rep $r))
                  (core func $drop (canon resource.drop $r))
                  (core instance $builtins
                    (export "new" (func $new)) (export "rep" (func $rep)) (export "drop" (func $drop)))
                  (core module $m
                    (import "b" "new" (func $new (param i32) (result i32)))
                    (import "b" "rep" (func $rep (param i32) (result i32)))
                    (import "b" "drop" (func $drop (param i32)))
                    (func (export "make") (param i32) (result i32) local.get 0 call $new)
                    (func (export "get") (param i32) (result i32) local.get 0 call $rep)
                    (func (export "forge") (param i32) (result i32) local.get 0 i32.const 1000 i32.add call $rep)
                    (func (export "free") (param i32) local.get 0 call $drop)
                  )
                  (core instance $i (instantiate $m (with "b" (instance $builtins))))
                  (type $own (own $r))
                  (type $borrow (borrow $r))
                  (func $make (param "rep" u32) (result $own) (canon lift (core func $i "make")))
                  (export "make" (func $make))
                  (func $get (param "h" $borrow) (result u32) (canon lift (core func $i "get")))
                  (export "get" (func $get))
                  (func $forge (param "h" $borrow) (result u32) (canon lift (core func $i "forge")))
                  (export "forge" (func $forge))
                  (func $free (param "h" $own) (canon lift (core func $i "free")))
                  (export "free" (func $free))
                  (func $dropped (result u32) (canon lift (core func $di "dropped")))
                  (export "dropped" (func $dropped))
                )
                """));
    }

    @Test
    void handlesAreIssuedReadAndDropped() {
        ComponentInstance instance = component.instantiate();
        Value first = instance.call("make", List.of(new Value.U32(41))).get(0);
        Value second = instance.call("make", List.of(new Value.U32(42))).get(0);
        assertThat(first).isNotEqualTo(second);
        assertThat(instance.call("get", List.of(first))).containsExactly(new Value.U32(41));
        assertThat(instance.call("get", List.of(second))).containsExactly(new Value.U32(42));
        assertThat(instance.call("dropped", List.of())).containsExactly(new Value.U32(0));
        assertThat(instance.call("free", List.of(first))).isEmpty();
        assertThat(instance.call("get", List.of(second))).containsExactly(new Value.U32(42));
        // The destructor ran once, with the dropped handle's representation.
        assertThat(instance.call("dropped", List.of())).containsExactly(new Value.U32(41));
    }

    @Test
    void aDroppedOrForgedHandleFromTheHostIsRefusedAndTheInstanceLives() {
        ComponentInstance instance = component.instantiate();
        Value handle = instance.call("make", List.of(new Value.U32(7))).get(0);
        instance.call("free", List.of(handle));
        assertThatThrownBy(() -> instance.call("get", List.of(handle)))
                .isInstanceOf(InvalidValueException.class).hasMessageContaining("does not exist");
        assertThatThrownBy(() -> instance.call("get", List.of(new Value.Handle(12345))))
                .isInstanceOf(InvalidValueException.class);
        assertThatThrownBy(() -> instance.call("get", List.of(new Value.Handle(0))))
                .isInstanceOf(InvalidValueException.class);
        assertThat(instance.isDead()).isFalse();
    }

    @Test
    void aHandleTheGuestForgesIsATrap() {
        ComponentInstance instance = component.instantiate();
        Value handle = instance.call("make", List.of(new Value.U32(7))).get(0);
        assertThatThrownBy(() -> instance.call("forge", List.of(handle)))
                .isInstanceOfSatisfying(CanonicalAbiException.class,
                        e -> assertThat(e.violation()).isEqualTo(Violation.BAD_HANDLE));
        assertThat(instance.isDead()).isTrue();
    }
}
