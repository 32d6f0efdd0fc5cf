package dev.plinth.component.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plinth.component.Component;
import dev.plinth.component.type.ComponentType;
import dev.plinth.testing.ComponentWat;
import org.junit.jupiter.api.Test;

/**
 * Types that share subtypes: a record of two copies of the record before it, 24 levels deep, is 2^24 leaves when
 * written out. The contract check and the hash must cost the size of the definitions, not of the expansion (a
 * written-out hash or a comparison without memory would not finish).
 */
class HostileContractTest {
    private static String component(String leaf) {
        StringBuilder types = new StringBuilder("(type $t0 (record (field \"a\" " + leaf + ") (field \"b\" u8)))\n");
        // 14 levels: 2^16 nodes written out, under the type reader's cap of 100000 (24 levels are refused at parse)
        for (int i = 1; i <= 14; i++) {
            types.append("(type $t").append(i).append(" (record (field \"a\" $t").append(i - 1)
                    .append(") (field \"b\" $t").append(i - 1).append(")))\n");
        }
        return """
                (component
                  (core module $m
                    (memory (export "mem") 1)
                    (func (export "f") (param i32)))
                  (core instance $i (instantiate $m))
                  (alias core export $i "mem" (core memory $mem))
                  %s
                  (func $f (param "x" $t14) (canon lift (core func $i "f") (memory $mem)))
                  (export "f" (func $f)))
                """.formatted(types);
    }

    @Test
    void sharedSubtypesAreComparedAndHashedOnce() {
        ComponentType serving = Component.parse(ComponentWat.assemble(component("u8"))).type();
        ComponentType same = Component.parse(ComponentWat.assemble(component("u8"))).type();
        ComponentType changed = Component.parse(ComponentWat.assemble(component("u16"))).type();

        assertThat(ContractCheck.againstServing(serving).firstDifference(same)).isEmpty();
        assertThat(InterfaceHash.of(serving)).isEqualTo(InterfaceHash.of(same)).isNotEqualTo(InterfaceHash.of(changed));
        assertThat(ContractCheck.againstServing(serving).firstDifference(changed)).hasValueSatisfying(d ->
                assertThat(d).startsWith("export f: parameter `x`: record: field `a`: record: field `a`:")
                        .endsWith("field `a` is u8 in the serving version, u16 in the new version"));
    }
}
