package dev.plinth.component;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.dylibso.chicory.compiler.MachineFactoryCompiler;
import dev.plinth.component.CanonicalAbiException.Violation;
import dev.plinth.component.type.ComponentType;
import dev.plinth.component.value.Value;
import dev.plinth.testing.ComponentWat;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * A {@code canon lower} of a function the same component lifts, as componentize-qjs writes them: core module
 * {@code $b} calls {@code twice}, which {@code $a} implements, through the canonical ABI both ways: the string
 * lifted from {@code $b}'s memory, lowered into {@code $a}'s through its realloc, the result lifted from
 * {@code $a}'s return area, lowered into {@code $b}'s, and {@code $a}'s post-return run after each call.
 */
class LowerLiftedTest {
    private static final String REALLOC = """
            (func $realloc (export "realloc") (param i32 i32 i32 i32) (result i32)
              (local $p i32)
              global.get $next
              local.get 2 i32.const 1 i32.sub i32.add
              i32.const 0 local.get 2 i32.sub i32.and
              local.tee $p
              local.get 3 i32.add
              global.set $next
              local.get $p)
            """;

    static final String WAT = """
            (component
              (core module $a
                (memory (export "mem") 1)
                (global $next (mut i32) (i32.const 1024))
                (global $posts (mut i32) (i32.const 0))
                %1$s
                (func (export "twice") (param $p i32) (param $n i32) (result i32)
                  (local $out i32)
                  (local.set $out (call $realloc (i32.const 0) (i32.const 0) (i32.const 1)
                    (i32.mul (local.get $n) (i32.const 2))))
                  (memory.copy (local.get $out) (local.get $p) (local.get $n))
                  (memory.copy (i32.add (local.get $out) (local.get $n)) (local.get $p) (local.get $n))
                  (i32.store (i32.const 16) (local.get $out))
                  (i32.store (i32.const 20) (i32.mul (local.get $n) (i32.const 2)))
                  (i32.const 16))
                (func (export "bad") (param $p i32) (param $n i32) (result i32)
                  (i32.store (i32.const 16) (i32.const 0x7ffffff0))
                  (i32.store (i32.const 20) (i32.const 4))
                  (i32.const 16))
                (func (export "post") (param i32) global.get $posts i32.const 1 i32.add global.set $posts)
                (func (export "posts") (result i32) global.get $posts))
              (core instance $ai (instantiate $a))
              (alias core export $ai "mem" (core memory $amem))
              (alias core export $ai "realloc" (core func $arealloc))
              (func $twice (param "s" string) (result string)
                (canon lift (core func $ai "twice") (memory $amem) (realloc $arealloc) (post-return (func $ai "post"))))
              (func $bad (param "s" string) (result string)
                (canon lift (core func $ai "bad") (memory $amem) (realloc $arealloc)))
              (func $posts (result u32) (canon lift (core func $ai "posts")))

              (core module $libc
                (memory (export "mem") 1)
                (global $next (mut i32) (i32.const 2048))
                %1$s)
              (core instance $li (instantiate $libc))
              (alias core export $li "mem" (core memory $bmem))
              (alias core export $li "realloc" (core func $brealloc))
              (core func $twice-lowered (canon lower (func $twice) (memory $bmem) (realloc $brealloc)))
              (core func $bad-lowered (canon lower (func $bad) (memory $bmem) (realloc $brealloc)))
              (core instance $imports (export "twice" (func $twice-lowered)) (export "bad" (func $bad-lowered)))
              (core module $b
                (import "env" "mem" (memory 1))
                (import "a" "twice" (func $twice (param i32 i32 i32)))
                (import "a" "bad" (func $bad (param i32 i32 i32)))
                (func (export "quad") (param $p i32) (param $n i32) (result i32)
                  (call $twice (local.get $p) (local.get $n) (i32.const 32))
                  (call $twice (i32.load (i32.const 32)) (i32.load (i32.const 36)) (i32.const 40))
                  (i32.const 40))
                (func (export "bad-quad") (param $p i32) (param $n i32) (result i32)
                  (call $bad (local.get $p) (local.get $n) (i32.const 32))
                  (i32.const 32)))
              (core instance $bi (instantiate $b (with "env" (instance $li)) (with "a" (instance $imports))))
              (func $quad (param "s" string) (result string)
                (canon lift (core func $bi "quad") (memory $bmem) (realloc $brealloc)))
              (func $bad-quad (param "s" string) (result string)
                (canon lift (core func $bi "bad-quad") (memory $bmem) (realloc $brealloc)))
              (export "quad" (func $quad))
              (export "bad-quad" (func $bad-quad))
              (export "posts" (func $posts))
            )
            """.formatted(REALLOC);

    @ParameterizedTest(name = "compiled={0}")
    @ValueSource(booleans = {false, true})
    void aLiftedFunctionLoweredAgainIsCalledThroughTheCanonicalAbi(boolean compiled) {
        ComponentOptions options = compiled
                ? ComponentOptions.defaults().withMachineFactory(MachineFactoryCompiler::compile)
                : ComponentOptions.defaults();
        Component component = Component.parse(ComponentWat.assemble(WAT));
        ComponentInstance instance = component.instantiate(options);

        assertThat(instance.call("quad", List.of(new Value.Str("ab")))).containsExactly(new Value.Str("abababab"));
        assertThat(instance.call("quad", List.of(new Value.Str("é")))).containsExactly(new Value.Str("éééé"));
        // $a's post-return ran once per inner call
        assertThat(instance.call("posts", List.of())).containsExactly(new Value.U32(4));
        assertThat(component.type().exports()).extracting(ComponentType.Item::name)
                .containsExactly("quad", "bad-quad", "posts");
    }

    @Test
    void aBadPointerFromTheLiftedSideIsATypedErrorAndTheInstanceDies() {
        Component component = Component.parse(ComponentWat.assemble(WAT));
        ComponentInstance instance = component.instantiate();
        assertThatThrownBy(() -> instance.call("bad-quad", List.of(new Value.Str("ab"))))
                .isInstanceOf(CanonicalAbiException.class)
                .satisfies(e -> assertThat(((CanonicalAbiException) e).violation()).isNotEqualTo(Violation.GUEST_TRAP));
        assertThat(instance.isDead()).isTrue();
        assertThat(component.instantiate().call("quad", List.of(new Value.Str("x"))))
                .containsExactly(new Value.Str("xxxx"));
    }
}
