package dev.plinth.component;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.plinth.component.type.ComponentType;
import dev.plinth.component.value.Value;
import dev.plinth.testing.ComponentWat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Type imports: one bound by {@code eq} (how wit-component writes a world's own types) is the type it names and
 * links and is not among the imports a host provides; a {@code sub resource} import (a resource the host
 * defines) is, and fails the link naming it when the host does not provide it.
 */
class TypeImportTest {
    @Test
    void anEqBoundTypeImportIsTheTypeItself() {
        Component component = Component.parse(ComponentWat.assemble("""
                (component
                  (core module $m (func (export "f") (param i32) (result i32) local.get 0))
                  (core instance $i (instantiate $m))
                  (type $level (enum "low" "mid" "high"))
                  (import "level" (type $level-e (eq $level)))
                  (func $f (param "l" $level-e) (result $level-e) (canon lift (core func $i "f")))
                  (export "echo" (func $f))
                )
                """));
        ComponentInstance instance = component.instantiate();
        assertThat(instance.exports().get("echo").wit())
                .isEqualTo("func(l: enum { low, mid, high }) -> enum { low, mid, high }");
        assertThat(instance.call("echo", List.of(new Value.Enum("high")))).containsExactly(new Value.Enum("high"));
        ComponentType.NamedType imported = (ComponentType.NamedType) component.type().imports().get(0);
        assertThat(imported.name()).isEqualTo("level");
        // The function's parameter is the very object the import names.
        ComponentType.Func echo = (ComponentType.Func) component.type().exports().get(0);
        assertThat(echo.type().params().get(0).type()).isSameAs(imported.type());
        assertThat(component.importNames()).as("nothing for the host to provide").isEmpty();
    }

    @Test
    void aResourceTypeImportTheHostDoesNotProvideIsALinkErrorNamingIt() {
        Component component = Component.parse(ComponentWat.assemble("""
                (component
                  (import "blob" (type $blob (sub resource)))
                )
                """));
        assertThat(component.type().imports()).hasSize(1);
        assertThat(component.importNames()).containsExactly("blob");
        assertThatThrownBy(() -> component.instantiate(ComponentOptions.defaults(), Map.of()))
                .isInstanceOf(ComponentLinkException.class)
                .hasMessageContaining("the component imports the resource type 'blob', which the host does not provide");
    }
}
