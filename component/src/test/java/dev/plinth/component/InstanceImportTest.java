package dev.plinth.component;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.plinth.component.value.Value;
import dev.plinth.testing.ComponentWat;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * An imported interface, as wit-component writes it: an instance type exporting a record type and functions,
 * an {@code (import "ns:pkg/iface@v" (instance ...))}, aliases of its functions lowered into the core module.
 * The host provides each function as {@code iface#name}.
 */
class InstanceImportTest {
    private static final String HOST = "my:app/host@1.0.0";
    private static final String WAT = """
            (component
              (type $host-type (instance
                (type $r (record (field "level" u8) (field "msg" string)))
                (export "entry" (type $entry (eq $r)))
                (type $f (func (param "e" $entry) (result u32)))
                (export "log" (func (type $f)))
                (type $g (func (result u64)))
                (export "now" (func (type $g)))))
              (import "my:app/host@1.0.0" (instance $host (type $host-type)))
              (alias export $host "log" (func $log))
              (alias export $host "now" (func $now))
              (core module $memory (memory (export "mem") 1))
              (core instance $mi (instantiate $memory))
              (alias core export $mi "mem" (core memory $mem))
              (core func $log-core (canon lower (func $log) (memory $mem)))
              (core func $now-core (canon lower (func $now)))
              (core instance $imports (export "log" (func $log-core)) (export "now" (func $now-core)))
              (core module $m
                (import "mem" "mem" (memory 1))
                (import "host" "log" (func $log (param i32 i32 i32) (result i32)))
                (import "host" "now" (func $now (result i64)))
                (data (i32.const 16) "hi")
                (func (export "run") (result i64)
                  call $now
                  i32.const 2 i32.const 16 i32.const 2 call $log
                  i64.extend_i32_u
                  i64.add))
              (core instance $i (instantiate $m (with "mem" (instance $mi)) (with "host" (instance $imports))))
              (func $run (result u64) (canon lift (core func $i "run")))
              (export "run" (func $run))
            )
            """;

    @Test
    void theHostProvidesAnImportedInterfaceFunctionByFunction() {
        List<Value> logged = new ArrayList<>();
        Map<String, HostFunction> imports = new HashMap<>();
        imports.put(HOST + "#log", args -> {
            logged.add(args.get(0));
            return List.of(new Value.U32(7));
        });
        imports.put(HOST + "#now", args -> List.of(new Value.U64(1000)));
        ComponentInstance instance = Component.parse(ComponentWat.assemble(WAT))
                .instantiate(ComponentOptions.defaults(), imports);

        assertThat(instance.call("run", List.of())).containsExactly(new Value.U64(1007));
        assertThat(logged).containsExactly(new Value.Record(Map.of("level", new Value.U8(2), "msg", new Value.Str("hi"))));
    }

    @Test
    void aMissingInterfaceFunctionIsNamedWithItsInterface() {
        Map<String, HostFunction> imports = Map.of(HOST + "#now", args -> List.of(new Value.U64(1)));
        assertThatThrownBy(() -> Component.parse(ComponentWat.assemble(WAT)).instantiate(ComponentOptions.defaults(), imports))
                .isInstanceOf(ComponentLinkException.class)
                .hasMessageContaining("'my:app/host@1.0.0#log' (func(e: record { level: u8, msg: string }) -> u32)");
    }
}
