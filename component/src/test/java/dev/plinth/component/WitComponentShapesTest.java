package dev.plinth.component;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.dylibso.chicory.compiler.MachineFactoryCompiler;
import dev.plinth.component.value.Value;
import dev.plinth.testing.ComponentWat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * The shapes wit-component (jco new) writes for an exported interface: a nested component that imports the
 * lifted functions and the types, and re-exports them under the interface's names with type ascriptions;
 * instantiated with the root's items and exported as an instance. And a post-return of a function without
 * results, which toolchains give every export.
 */
class WitComponentShapesTest {
    private static final String WAT = """
            (component
              (core module $m
                (memory (export "memory") 1)
                (global $posts (mut i32) (i32.const 0))
                (func (export "add") (param i32 i32) (result i32) local.get 0 local.get 1 i32.add)
                (func (export "ping"))
                (func (export "ping-post") global.get $posts i32.const 1 i32.add global.set $posts)
                (func (export "posts") (result i32) global.get $posts))
              (core instance $i (instantiate $m))
              (type $point (record (field "x" u32) (field "y" u32)))
              (func $add (param "a" u32) (param "b" u32) (result u32) (canon lift (core func $i "add")))
              (func $ping (canon lift (core func $i "ping") (post-return (func $i "ping-post"))))
              (func $posts (result u32) (canon lift (core func $i "posts")))
              (component $shim
                (import "import-type-point" (type $p (eq $point-outer)))
                (import "import-func-add" (func $f (param "a" u32) (param "b" u32) (result u32)))
                (import "import-func-ping" (func $g))
                (export "point" (type $p))
                (export "add" (func $f) (func (param "a" u32) (param "b" u32) (result u32)))
                (export "ping" (func $g)))
              (instance $iface (instantiate $shim
                (with "import-type-point" (type $point))
                (with "import-func-add" (func $add))
                (with "import-func-ping" (func $ping))))
              (export "my:pkg/calc@1.0.0" (instance $iface))
              (export "posts" (func $posts))
            )
            """;

    /** {@code $point-outer} is an outer alias: the record type of the root, as wit-component writes it. */
    private static String wat() {
        return WAT.replace("(import \"import-type-point\" (type $p (eq $point-outer)))",
                "(alias outer 1 $point (type $point-outer))\n"
                        + "                (import \"import-type-point\" (type $p (eq $point-outer)))");
    }

    @ParameterizedTest(name = "compiled={0}")
    @ValueSource(booleans = {false, true})
    void aNestedComponentsExportsBecomeTheExportedInterface(boolean compiled) {
        ComponentOptions options = compiled
                ? ComponentOptions.defaults().withMachineFactory(MachineFactoryCompiler::compile)
                : ComponentOptions.defaults();
        ComponentInstance instance = Component.parse(ComponentWat.assemble(wat())).instantiate(options);

        assertThat(instance.exports()).containsOnlyKeys("my:pkg/calc@1.0.0#add", "my:pkg/calc@1.0.0#ping", "posts");
        assertThat(instance.call("my:pkg/calc@1.0.0#add", List.of(new Value.U32(2), new Value.U32(40))))
                .containsExactly(new Value.U32(42));
        // A function without results, with a post-return that takes no arguments, on both machines.
        assertThat(instance.call("my:pkg/calc@1.0.0#ping", List.of())).isEmpty();
        assertThat(instance.call("my:pkg/calc@1.0.0#ping", List.of())).isEmpty();
        assertThat(instance.call("posts", List.of())).containsExactly(new Value.U32(2));
    }

    @Test
    void aNestedComponentsImportThatItsInstantiationLacksIsALinkError() {
        String missing = wat().replace("(with \"import-func-ping\" (func $ping))", "");
        assertThatThrownBy(() -> Component.parse(ComponentWat.assemble(missing)).instantiate())
                .isInstanceOf(ComponentLinkException.class)
                .hasMessageContaining("'import-func-ping'");
    }

    @Test
    void aNestedComponentsImportOfTheWrongSortIsALinkError() {
        String wrong = wat().replace("(with \"import-func-ping\" (func $ping))",
                "(with \"import-func-ping\" (type $point))");
        assertThatThrownBy(() -> Component.parse(ComponentWat.assemble(wrong)).instantiate())
                .isInstanceOfAny(ComponentLinkException.class, MalformedComponentException.class)
                .hasMessageContaining("import-func-ping");
    }

    @Test
    void anInstanceANestedComponentExportsCanBeAliasedAndExported() {
        String wat = """
                (component
                  (core module $m (func (export "add") (param i32 i32) (result i32) local.get 0 local.get 1 i32.add))
                  (core instance $i (instantiate $m))
                  (func $add (param "a" u32) (param "b" u32) (result u32) (canon lift (core func $i "add")))
                  (component $inner
                    (import "f" (func $f (param "a" u32) (param "b" u32) (result u32)))
                    (instance $calc (export "add" (func $f)))
                    (export "calc" (instance $calc)))
                  (instance $outer (instantiate $inner (with "f" (func $add))))
                  (alias export $outer "calc" (instance $calc))
                  (export "my:pkg/calc@1.0.0" (instance $calc))
                )
                """;
        ComponentInstance instance = Component.parse(ComponentWat.assemble(wat)).instantiate();
        assertThat(instance.call("my:pkg/calc@1.0.0#add", List.of(new Value.U32(20), new Value.U32(22))))
                .containsExactly(new Value.U32(42));
    }

    /** Components nested {@code depth} deep, each instantiating the one inside it twice: 2^depth instantiations. */
    private static String doubling(int depth, String innermost) {
        String inner = innermost;
        for (int i = 0; i < depth; i++) {
            inner = "(component " + inner + " (instance (instantiate 0)) (instance (instantiate 0)))";
        }
        return "(component " + inner + " (instance (instantiate 0)))";
    }

    @Test
    void nestedInstantiationsThatDoubleAtEachLevelAreRefusedQuickly() {
        // 2^25 empty instantiations from a few hundred bytes of WAT: refused once past the cap, in milliseconds.
        byte[] bomb = ComponentWat.assemble(doubling(25, "(component)"));
        assertThatThrownBy(() -> Component.parse(bomb).instantiate())
                .isInstanceOf(ComponentLinkException.class)
                .hasMessageContaining("more than 1000 instantiations inside nested components");
        // Core modules with a page of memory each, inside the doubling: the same cap, before 64 MB were taken.
        byte[] memories = ComponentWat.assemble(doubling(12,
                "(component (core module $m (memory 1)) (core instance (instantiate $m)))"));
        assertThatThrownBy(() -> Component.parse(memories).instantiate())
                .isInstanceOf(ComponentLinkException.class)
                .hasMessageContaining("more than 1000");
        // A few levels are fine, and the host still serves.
        assertThat(Component.parse(ComponentWat.assemble(doubling(5, "(component)"))).instantiate().exports())
                .isEmpty();
        ComponentInstance instance = Component.parse(ComponentWat.assemble(wat())).instantiate();
        assertThat(instance.call("my:pkg/calc@1.0.0#add", List.of(new Value.U32(1), new Value.U32(1))))
                .containsExactly(new Value.U32(2));
    }

    @Test
    void itIsNotAMapOfHostImports() {
        // The nested component's imports come from its instantiation, never from the host's map.
        ComponentInstance instance = Component.parse(ComponentWat.assemble(wat()))
                .instantiate(ComponentOptions.defaults(), Map.of());
        assertThat(instance.call("posts", List.of())).containsExactly(new Value.U32(0));
    }
}
