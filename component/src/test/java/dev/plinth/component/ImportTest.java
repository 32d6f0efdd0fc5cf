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
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Function imports provided by Java through {@code canon lower}: the guest's arguments lifted (a string from
 * its memory), the host's results lowered (flat, or a string into a realloc'd block written to the return area
 * the guest passes). Bad pointers the guest passes to the host are typed violations.
 */
class ImportTest {
    private static Component component;
    private final List<String> logged = new ArrayList<>();
    private final Map<String, HostFunction> imports = new HashMap<>();

    @BeforeAll
    static void assemble() {
        component = Component.parse(ComponentWat.assemble("""
                (component
                  (import "log" (func $log (param "msg" string)))
                  (import "double" (func $double (param "x" u32) (result u32)))
                  (import "describe" (func $describe (param "n" u32) (result string)))
                  (core module $memory
                    (memory (export "mem") 1)
                    (global $next (mut i32) (i32.const 4096))
                    (func (export "realloc") (param i32 i32 i32 i32) (result i32)
                      (local $p i32)
                      global.get $next
                      local.get 2 i32.const 1 i32.sub i32.add
                      i32.const 0 local.get 2 i32.sub i32.and
                      local.tee $p
                      local.get 3 i32.add
                      global.set $next
                      local.get $p))
                  (core instance $mi (instantiate $memory))
                  (alias core export $mi "mem" (core memory $mem))
                  (alias core export $mi "realloc" (core func $realloc))
                  (core func $log-core (canon lower (func $log) (memory $mem) string-encoding=utf8))
                  (core func $double-core (canon lower (func $double)))
                  (core func $describe-core (canon lower (func $describe) (memory $mem) (realloc $realloc)))
                  (core instance $host
                    (export "log" (func $log-core))
                    (export "double" (func $double-core))
                    (export "describe" (func $describe-core)))
                  (core module $m
                    (import "mem" "mem" (memory 1))
                    (import "host" "log" (func $log (param i32 i32)))
                    (import "host" "double" (func $double (param i32) (result i32)))
                    (import "host" "describe" (func $describe (param i32 i32)))
                    (data (i32.const 16) "hello from the guest")
                    (func (export "run") (param i32) (result i32)
                      i32.const 16 i32.const 20 call $log
                      local.get 0 call $double)
                    (func (export "describe-length") (param i32) (result i32)
                      local.get 0 i32.const 64 call $describe
                      i32.const 68 i32.load)
                    (func (export "log-bad") i32.const 65530 i32.const 100 call $log)
                    (func (export "describe-bad") i32.const 1 i32.const 65532 call $describe))
                  (core instance $i (instantiate $m (with "mem" (instance $mi)) (with "host" (instance $host))))
                  (func $run (param "x" u32) (result u32) (canon lift (core func $i "run")))
                  (export "run" (func $run))
                  (func $describe-length (param "n" u32) (result u32) (canon lift (core func $i "describe-length")))
                  (export "describe-length" (func $describe-length))
                  (func $log-bad (canon lift (core func $i "log-bad")))
                  (export "log-bad" (func $log-bad))
                  (func $describe-bad (canon lift (core func $i "describe-bad")))
                  (export "describe-bad" (func $describe-bad))
                )
                """));
    }

    @BeforeEach
    void provide() {
        imports.put("log", args -> {
            logged.add(((Value.Str) args.get(0)).value());
            return List.of();
        });
        imports.put("double", args -> List.of(new Value.U32(((Value.U32) args.get(0)).value() * 2)));
        imports.put("describe", args -> List.of(new Value.Str("n=" + ((Value.U32) args.get(0)).value() + " ✓")));
    }

    @Test
    void theGuestCallsTheHostWithLiftedArgumentsAndGetsLoweredResults() {
        ComponentInstance instance = component.instantiate(ComponentOptions.defaults(), imports);
        assertThat(instance.call("run", List.of(new Value.U32(21)))).containsExactly(new Value.U32(42));
        assertThat(logged).containsExactly("hello from the guest");
        // "n=12345 ✓" is 11 bytes of UTF-8: the guest reads the length from the return area the host filled.
        assertThat(instance.call("describe-length", List.of(new Value.U32(12345)))).containsExactly(new Value.U32(11));
    }

    @Test
    void anImportTheHostDoesNotProvideIsALinkError() {
        imports.remove("describe");
        assertThatThrownBy(() -> component.instantiate(ComponentOptions.defaults(), imports))
                .isInstanceOf(ComponentLinkException.class)
                .hasMessageContaining("'describe' (func(n: u32) -> string), which the host does not provide");
    }

    @Test
    void badPointersTheGuestPassesToTheHostAreTyped() {
        ComponentInstance instance = component.instantiate(ComponentOptions.defaults(), imports);
        assertThatThrownBy(() -> instance.call("log-bad", List.of()))
                .isInstanceOfSatisfying(CanonicalAbiException.class,
                        e -> assertThat(e.violation()).isEqualTo(Violation.OUT_OF_BOUNDS));
        assertThat(logged).isEmpty();
        assertThat(instance.isDead()).isTrue();

        ComponentInstance other = component.instantiate(ComponentOptions.defaults(), imports);
        assertThatThrownBy(() -> other.call("describe-bad", List.of()))
                .isInstanceOfSatisfying(CanonicalAbiException.class,
                        e -> assertThat(e.violation()).isEqualTo(Violation.OUT_OF_BOUNDS))
                .hasMessageContaining("return area");
    }

    @Test
    void aHostImportCannotReEnterTheInstance() {
        ComponentInstance[] self = new ComponentInstance[1];
        imports.put("double", args -> self[0].call("run", args));
        self[0] = component.instantiate(ComponentOptions.defaults(), imports);
        assertThatThrownBy(() -> self[0].call("run", List.of(new Value.U32(1))))
                .isInstanceOf(CanonicalAbiException.class).hasMessageContaining("may not re-enter");
        assertThat(self[0].isDead()).isTrue();
    }

    @Test
    void aHostFunctionReturningTheWrongValuesFailsTheCall() {
        imports.put("double", args -> List.of());
        ComponentInstance instance = component.instantiate(ComponentOptions.defaults(), imports);
        assertThatThrownBy(() -> instance.call("run", List.of(new Value.U32(1))))
                .isInstanceOf(CanonicalAbiException.class).hasMessageContaining("returned 0 values for 1 results");
        assertThat(instance.isDead()).isTrue();
    }
}
