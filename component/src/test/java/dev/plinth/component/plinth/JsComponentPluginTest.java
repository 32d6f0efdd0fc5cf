package dev.plinth.component.plinth;

import static dev.plinth.component.plinth.PlinthValues.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.plinth.component.Component;
import dev.plinth.component.ComponentInstance;
import dev.plinth.component.ComponentOptions;
import dev.plinth.component.value.Value;
import dev.plinth.testing.TestPlugins;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * js-component, the JavaScript sample built by {@code jco componentize} (componentize-js: SpiderMonkey and
 * the script in one component of about 11 MB, no WASI imports): the same world as the Rust sample, called
 * the same way.
 */
class JsComponentPluginTest {
    private static Component component;

    @BeforeAll
    static void load() throws IOException {
        Path dir = TestPlugins.component("js-component");
        component = Component.parse(Files.readAllBytes(dir.resolve("js_component.wasm")));
    }

    @Test
    void theLifecycleAndProcessRunInJavaScript() {
        List<String> log = new ArrayList<>();
        // Chicory's interpreter: compiling 11 MB of SpiderMonkey to JVM bytecode takes minutes here, the few
        // calls interpreted take seconds.
        ComponentInstance instance = component.instantiate(ComponentOptions.defaults(), logger(log));

        assertThat(instance.call(LIFECYCLE + "get-status", List.of())).containsExactly(record(
                "health", new Value.Enum("starting"), "message", some(str("not initialized")),
                "processed", new Value.U64(0)));
        assertThat(instance.call(LIFECYCLE + "initialize", List.of(pairs("refuse", "today"))))
                .containsExactly(err(str("refused by config: today")));
        assertThat(instance.call(LIFECYCLE + "initialize", List.of(pairs("prefix", "> "))))
                .containsExactly(ok(null));
        assertThat(log).containsExactly("info: js-component initialized with 1 config entries");
        assertThat(instance.call(LIFECYCLE + "get-metadata", List.of()).get(0)).isEqualTo(record(
                "name", str("js-component"), "version", str("0.1.0"),
                "description", str("Text operations as a JavaScript component plugin"), "author", str("Plinth"),
                "capabilities", strings("text.upper", "text.lower", "text.reverse", "text.count")));

        assertThat(instance.call(PROCESSING + "process",
                List.of(request("r1", "upper", text("Zoë 𝄞"), pairs("lang", "de")))))
                .containsExactly(ok(record("id", str("r1"), "payload", text("> ZOË 𝄞"), "notes", strings("lang=de"))));
        assertThat(instance.call(PROCESSING + "process", List.of(request("r2", "reverse", text("a𝄞b"), pairs()))))
                .containsExactly(ok(record("id", str("r2"), "payload", text("> b𝄞a"), "notes", strings())));
        assertThat(instance.call(PROCESSING + "process", List.of(request("r3", "count", text("héllo"), pairs()))))
                .containsExactly(ok(record("id", str("r3"), "payload", number(5), "notes", strings())));
        assertThat(instance.call(PROCESSING + "process", List.of(request("r4", "nope", empty(), pairs()))))
                .containsExactly(err(error("unsupported-operation", "nope")));
        assertThat(instance.call(PROCESSING + "process", List.of(request("r5", "upper", binary(1), pairs()))))
                .containsExactly(err(error("invalid-input", "upper takes a text payload")));

        assertThat(instance.call(LIFECYCLE + "get-status", List.of()).get(0)).isEqualTo(record(
                "health", new Value.Enum("ready"), "message", none(), "processed", new Value.U64(5)));
        instance.call(LIFECYCLE + "shutdown", List.of());
        assertThat(log).last().isEqualTo("info: js-component shut down");
    }
}
