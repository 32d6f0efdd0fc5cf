package dev.plinth.component.wasi;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import dev.plinth.component.Component;
import dev.plinth.component.ComponentImports;
import dev.plinth.component.ComponentInstance;
import dev.plinth.component.ComponentOptions;
import dev.plinth.component.value.Value;
import dev.plinth.testing.LogCapture;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A wasm32-wasi reactor from C (clang-14 {@code -mexec-model=reactor}, wasi-libc) wrapped by
 * {@code jco new --wasi-reactor} with jco's preview1 reactor adapter: the shape wit-component writes for it (the
 * adapter, the shim and fixup modules whose imports are named {@code ""}) instantiates, its type is read before,
 * and its export runs with libc (malloc, stdio) through WASI 0.2, call after call.
 */
class ReactorComponentTest {
    private static Component component;

    @TempDir
    Path data;

    @BeforeAll
    static void build() {
        component = Component.parse(Toolchain.reactorFromC(Path.of("src/test/c/reactor.c"),
                Path.of("src/test/wit/reactor.wit"), "calc"));
    }

    @Test
    void aReactorsExportRunsWithLibcCallAfterCall() {
        assertThat(component.type().exports()).extracting(i -> i.name()).containsExactly("add");
        WasiFixture fixture = WasiFixture.reading(data, Map.of());
        try (LogCapture log = LogCapture.of(WasiFixture.LOGGER, Level.INFO)) {
            ComponentInstance instance = WasiComponents.instantiate(component, ComponentOptions.defaults(),
                    fixture.host(), ComponentImports.none());
            assertThat(call(fixture.host(), instance, 2, 40)).containsExactly(new Value.U32(42));
            assertThat(call(fixture.host(), instance, 1, 1)).containsExactly(new Value.U32(2));
            assertThat(log.messages(Level.INFO)).containsExactly("[stdout] add 2 40 (call 1)",
                    "[stdout] add 1 1 (call 2)");
        }
    }

    private static List<Value> call(WasiHost host, ComponentInstance instance, long a, long b) {
        host.beginCall("add");
        try {
            return instance.call("add", List.of(new Value.U32(a), new Value.U32(b)));
        } finally {
            host.endCall();
        }
    }
}
