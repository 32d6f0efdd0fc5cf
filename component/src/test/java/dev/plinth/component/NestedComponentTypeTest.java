package dev.plinth.component;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.plinth.api.error.InvalidModuleException;
import dev.plinth.component.type.ComponentType;
import dev.plinth.component.type.ValueType;
import dev.plinth.component.value.Value;
import dev.plinth.testing.ComponentWat;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A component's type read from its binary alone, through the nested components wit-component (jco new) writes for
 * exported interfaces: instantiation arguments, type imports bound by {@code eq}, outer and export aliases, and
 * export ascriptions; and hostile shapes refused with their limits, quickly, by the type reader as by the
 * instantiator.
 */
class NestedComponentTypeTest {
    /** The shape of a wit-component output exporting interface {@code my:pkg/shapes@1.0.0} with a record type. */
    static final String SHAPES = """
            (component
              (core module $m
                (memory (export "memory") 1)
                (func (export "area") (param i32 i32) (result i32) local.get 0 local.get 1 i32.mul))
              (core instance $i (instantiate $m))
              (type $size (record (field "w" u32) (field "h" u32)))
              (type $area-t (func (param "s" $size) (result u32)))
              (func $area (type $area-t) (canon lift (core func $i "area")))
              (component $shim
                (alias outer 1 $size (type $size-outer))
                (import "import-type-size" (type $s (eq $size-outer)))
                (type $f (func (param "s" $s) (result u32)))
                (import "import-func-area" (func $g (type $f)))
                (export $s2 "size" (type $s))
                (type $f2 (func (param "s" $s2) (result u32)))
                (export "area" (func $g) (func (type $f2))))
              (instance $iface (instantiate $shim
                (with "import-type-size" (type $size))
                (with "import-func-area" (func $area))))
              (alias export $iface "area" (func $exported-area))
              (export "my:pkg/shapes@1.0.0" (instance $iface))
              (export "area-again" (func $exported-area))
            )
            """;

    @Test
    void theTypeOfAnInterfaceExportedThroughANestedComponentIsReadWithoutInstantiating() {
        ComponentType type = Component.parse(ComponentWat.assemble(SHAPES)).type();

        assertThat(type.imports()).isEmpty();
        assertThat(type.exports()).extracting(ComponentType.Item::name)
                .containsExactly("my:pkg/shapes@1.0.0", "area-again");
        ComponentType.Instance iface = (ComponentType.Instance) type.exports().get(0);
        assertThat(iface.items()).extracting(ComponentType.Item::name).containsExactly("size", "area");
        ComponentType.NamedType size = (ComponentType.NamedType) iface.items().get(0);
        ComponentType.Func area = (ComponentType.Func) iface.items().get(1);
        // The function's parameter is the very type the interface names, so WIT and contracts print `size`.
        assertThat(area.type().params().get(0).type()).isSameAs(size.type());
        assertThat(area.type().results()).containsExactly(ValueType.Primitive.U32);
        assertThat(((ComponentType.Func) type.exports().get(1)).type()).isSameAs(area.type());
        // And it runs as read.
        ComponentInstance instance = Component.parse(ComponentWat.assemble(SHAPES)).instantiate();
        Value sizeValue = new Value.Record(java.util.Map.of("w", new Value.U32(6), "h", new Value.U32(7)));
        assertThat(instance.call("my:pkg/shapes@1.0.0#area", List.of(sizeValue))).containsExactly(new Value.U32(42));
    }

    @Test
    void aNestedComponentImportOfAnotherFunctionTypeThanItsArgumentIsRefusedByTheTypeReader() {
        String wrong = SHAPES.replace("(type $f (func (param \"s\" $s) (result u32)))",
                "(type $f (func (param \"s\" $s) (result u64)))");
        assertThatThrownBy(() -> Component.parse(ComponentWat.assemble(wrong)).type())
                .isInstanceOf(ComponentLinkException.class)
                .hasMessageContaining("'import-func-area'").hasMessageContaining("u64");
    }

    @Test
    void anExportAscribedAnotherTypeIsRefused() {
        String wrong = SHAPES.replace("(type $f2 (func (param \"s\" $s2) (result u32)))",
                "(type $f2 (func (param \"s\" $s2) (result u8)))");
        assertThatThrownBy(() -> Component.parse(ComponentWat.assemble(wrong)).type())
                .isInstanceOf(ComponentLinkException.class)
                .hasMessageContaining("export 'area' is ascribed");
    }

    /** Components nested {@code depth} deep, each instantiating the one inside it twice: 2^depth instantiations. */
    private static String doubling(int depth) {
        String inner = "(component)";
        for (int i = 0; i < depth; i++) {
            inner = "(component " + inner + " (instance (instantiate 0)) (instance (instantiate 0)))";
        }
        return "(component " + inner + " (instance (instantiate 0)))";
    }

    @Test
    void instantiationsThatDoubleAtEachLevelAreCountedAndRefused() {
        byte[] bomb = ComponentWat.assemble(doubling(25));
        long start = System.nanoTime();
        assertThatThrownBy(() -> Component.parse(bomb).type())
                .isInstanceOf(InvalidModuleException.class)
                .hasMessageContaining("more than 1000 instantiations inside nested components");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
        assertThat(Component.parse(ComponentWat.assemble(doubling(5))).type().exports()).isEmpty();
    }

    @Test
    void definitionsReadOverAllInstantiationsAreCapped() {
        // 300 definitions instantiated 800 times: 240,000 definitions read, under the instantiation cap.
        String inner = "(component " + "(type (tuple u32 u32))".repeat(300) + ")";
        String wat = "(component " + inner + "(instance (instantiate 0))".repeat(800) + ")";
        assertThatThrownBy(() -> Component.parse(ComponentWat.assemble(wat)).type())
                .isInstanceOf(ComponentLinkException.class)
                .hasMessageContaining("more than 200000 definitions");
    }

    @Test
    void nestingPastTheLimitIsRefusedByTheParser() {
        String deep = "(component)";
        for (int i = 0; i < 40; i++) {
            deep = "(component " + deep + " (instance (instantiate 0)))";
        }
        byte[] bytes = ComponentWat.assemble(deep);
        assertThatThrownBy(() -> Component.parse(bytes))
                .isInstanceOf(MalformedComponentException.class)
                .hasMessageContaining("32");
    }

    @Test
    void aComponentThatInstantiatesItselfThroughAnOuterAliasIsRefused() {
        byte[] cycle = ComponentWat.assemble("""
                (component
                  (component $b
                    (alias outer 1 0 (component $self))
                    (instance (instantiate $self)))
                  (instance (instantiate $b)))
                """);
        assertThatThrownBy(() -> Component.parse(cycle).type())
                .isInstanceOf(UnsupportedComponentException.class)
                .hasMessageContaining("outer aliases of component");
        assertThatThrownBy(() -> Component.parse(cycle).instantiate())
                .isInstanceOf(UnsupportedComponentException.class)
                .hasMessageContaining("outer aliases of component");
    }

    /** Variant types each with two cases of the one before: a few bytes each, 2^n nodes written out. */
    private static String variantChain(int length) {
        StringBuilder wat = new StringBuilder("(component (type $t0 u8)");
        for (int i = 1; i <= length; i++) {
            wat.append("(type $t").append(i).append(" (variant (case \"a\" $t").append(i - 1)
                    .append(") (case \"b\" $t").append(i - 1).append(")))");
        }
        return wat.append("(import \"f\" (func (param \"x\" $t").append(length).append("))))").toString();
    }

    @Test
    void typesThatUnfoldExponentiallyAreRefused() {
        byte[] bomb = ComponentWat.assemble(variantChain(60));
        long start = System.nanoTime();
        assertThatThrownBy(() -> Component.parse(bomb).type())
                .isInstanceOf(ComponentLinkException.class)
                .hasMessageContaining("nodes written out, more than the limit of 100000");
        assertThatThrownBy(() -> Component.parse(bomb).instantiate())
                .isInstanceOf(ComponentLinkException.class)
                .hasMessageContaining("more than the limit of 100000");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
        // The same chain 10 deep (2^10 nodes) is a type like any other, and the host still reads components.
        assertThat(Component.parse(ComponentWat.assemble(variantChain(10))).type().imports()).hasSize(1);
        assertThat(Component.parse(ComponentWat.assemble(SHAPES)).type().exports()).hasSize(2);
    }
}
