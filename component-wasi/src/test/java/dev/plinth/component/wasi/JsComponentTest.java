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
import org.junit.jupiter.api.Test;

/**
 * A JavaScript component from a standard toolchain (componentize-js: the StarlingMonkey engine, 11 MB, with
 * 16 WASI 0.2.3 imports) instantiates on Chicory's interpreter with this host's WASI and answers a call; its
 * {@code console.log} is a line of the plugin log. Slow (the build and the first instance take a minute).
 */
class JsComponentTest {
    @Test
    void aComponentizeJsComponentRunsAndLogs() {
        Component component = Component.parse(Toolchain.componentFromJs(Path.of("src/test/js/hello.js"),
                Path.of("src/test/js/hello.wit"), "hello"));
        assertThat(component.importNames()).anyMatch(name -> name.startsWith("wasi:cli/stdout@0.2."));
        WasiFixture fixture = WasiFixture.reading(Path.of("src/test/js"), Map.of());
        try (WasiHost host = fixture.host(); LogCapture log = LogCapture.of(WasiFixture.LOGGER, Level.INFO)) {
            ComponentInstance instance = WasiComponents.instantiate(component, ComponentOptions.defaults(), host,
                    ComponentImports.none());
            host.beginCall("greet");
            List<Value> result;
            try {
                result = instance.call("greet", List.of(new Value.Str("Zoë")));
            } finally {
                host.endCall();
            }
            assertThat(result).containsExactly(new Value.Str("Hello, Zoë!"));
            assertThat(log.messages(Level.INFO)).contains("[stdout] greeting Zoë");
        }
    }
}
