package dev.plinth.component.plinth;

import static dev.plinth.component.plinth.PlinthValues.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.dylibso.chicory.compiler.MachineFactoryCompiler;
import dev.plinth.component.CanonicalAbiException;
import dev.plinth.component.Component;
import dev.plinth.component.ComponentInstance;
import dev.plinth.component.ComponentLinkException;
import dev.plinth.component.ComponentOptions;
import dev.plinth.component.value.Value;
import dev.plinth.testing.TestPlugins;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * text-component, the Rust sample built with plinth-sdk's {@code component} feature and wrapped by jco
 * (scripts/build-plugins.sh): its lifecycle and {@code process} called with records, variants, results,
 * options, enums and lists, the logger import provided by Java.
 */
class RustComponentPluginTest {
    private static Component component;

    @BeforeAll
    static void load() throws IOException {
        Path dir = TestPlugins.component("text-component");
        assertThat(Files.readString(dir.resolve("plugin.toml"))).contains("entrypoint = \"text_component.wasm\"");
        component = Component.parse(Files.readAllBytes(dir.resolve("text_component.wasm")));
    }

    private static ComponentInstance instantiate(List<String> log, boolean compiled) {
        ComponentOptions options = compiled
                ? ComponentOptions.defaults().withMachineFactory(MachineFactoryCompiler::compile)
                : ComponentOptions.defaults();
        return component.instantiate(options, logger(log));
    }

    @Test
    void itExportsThePlinthWorld() {
        ComponentInstance instance = instantiate(new ArrayList<>(), false);
        assertThat(instance.exports()).containsOnlyKeys(LIFECYCLE + "initialize", LIFECYCLE + "shutdown",
                LIFECYCLE + "get-metadata", LIFECYCLE + "get-status", PROCESSING + "process");
        assertThat(instance.exports().get(LIFECYCLE + "initialize").wit())
                .isEqualTo("func(config: list<tuple<string, string>>) -> result<_, string>");
        assertThat(instance.exports().get(PROCESSING + "process").wit()).startsWith("func(input: record { id: string");
    }

    @ParameterizedTest(name = "compiled={0}")
    @ValueSource(booleans = {false, true})
    void theLifecycleRunsWithStatusAndMetadata(boolean compiled) {
        List<String> log = new ArrayList<>();
        ComponentInstance instance = instantiate(log, compiled);

        assertThat(instance.call(LIFECYCLE + "get-status", List.of())).containsExactly(record(
                "health", new Value.Enum("starting"), "message", some(str("not initialized")),
                "processed", new Value.U64(0)));
        assertThat(instance.call(LIFECYCLE + "initialize", List.of(pairs("max-length", "12", "other", "x"))))
                .containsExactly(ok(null));
        assertThat(log).containsExactly("info: text-component initialized with 2 config entries");

        assertThat(instance.call(LIFECYCLE + "get-metadata", List.of())).containsExactly(record(
                "name", str("text-component"), "version", str("0.1.0"),
                "description", str("Text operations as a component plugin"), "author", str("Plinth"),
                "capabilities", strings("text.upper", "text.lower", "text.reverse", "text.count", "text.bytes",
                        "text.sum")));
        instance.call(PROCESSING + "process", List.of(request("r1", "upper", text("a"), pairs())));
        assertThat(instance.call(LIFECYCLE + "get-status", List.of())).containsExactly(record(
                "health", new Value.Enum("ready"), "message", none(), "processed", new Value.U64(1)));

        assertThat(instance.call(LIFECYCLE + "shutdown", List.of())).isEmpty();
        assertThat(log).last().isEqualTo("info: text-component shut down");
        assertThat(instance.call(LIFECYCLE + "get-status", List.of()).get(0))
                .isEqualTo(record("health", new Value.Enum("stopped"), "message", none(), "processed", new Value.U64(1)));
    }

    @Test
    void aBadConfigIsRefusedWithTheResultsError() {
        ComponentInstance instance = instantiate(new ArrayList<>(), false);
        assertThat(instance.call(LIFECYCLE + "initialize", List.of(pairs("max-length", "lots"))))
                .containsExactly(err(str("config max-length is 'lots', not a number")));
        // Refused: process fails with the typed error, the instance lives on.
        assertThat(instance.call(PROCESSING + "process", List.of(request("r", "upper", text("a"), pairs()))))
                .containsExactly(err(error("failed", "not initialized")));
    }

    @ParameterizedTest(name = "compiled={0}")
    @ValueSource(booleans = {false, true})
    void processAnswersEachPayloadCase(boolean compiled) {
        List<String> log = new ArrayList<>();
        ComponentInstance instance = instantiate(log, compiled);
        instance.call(LIFECYCLE + "initialize", List.of(pairs("max-length", "20")));

        assertThat(instance.call(PROCESSING + "process",
                List.of(request("r1", "upper", text("Zoë straße 𝄞"), pairs("lang", "de", "trace", "t-1")))))
                .containsExactly(ok(record("id", str("r1"), "payload", text("ZOË STRASSE 𝄞"),
                        "notes", strings("lang=de", "trace=t-1"))));
        assertThat(instance.call(PROCESSING + "process", List.of(request("r2", "count", text("héllo"), pairs()))))
                .containsExactly(ok(record("id", str("r2"), "payload", number(5), "notes", strings())));
        assertThat(instance.call(PROCESSING + "process", List.of(request("r3", "sum", binary(1, 2, 255), pairs()))))
                .containsExactly(ok(record("id", str("r3"), "payload", number(258), "notes", strings())));
        assertThat(instance.call(PROCESSING + "process", List.of(request("r4", "bytes", text("hé"), pairs()))))
                .containsExactly(ok(record("id", str("r4"), "payload", binary(0x68, 0xc3, 0xa9), "notes", strings())));
        assertThat(instance.call(PROCESSING + "process", List.of(request("r5", "reverse", text(""), pairs()))))
                .containsExactly(ok(record("id", str("r5"), "payload", text(""), "notes", strings())));

        assertThat(instance.call(PROCESSING + "process", List.of(request("r6", "nope", empty(), pairs()))))
                .containsExactly(err(error("unsupported-operation", "nope")));
        assertThat(instance.call(PROCESSING + "process", List.of(request("r7", "upper", number(1.5), pairs()))))
                .containsExactly(err(error("invalid-input", "upper takes a text payload")));
        assertThat(instance.call(PROCESSING + "process", List.of(request("r8", "sum", text("x"), pairs()))))
                .containsExactly(err(error("invalid-input", "sum takes a binary payload")));
        assertThat(instance.call(PROCESSING + "process",
                List.of(request("r9", "lower", text("x".repeat(21)), pairs()))))
                .containsExactly(err(error("failed", "the text has 21 characters, over max-length 20")));

        assertThat(log).contains("debug: request r1: upper", "debug: request r9: lower");
        assertThat(instance.call(LIFECYCLE + "get-status", List.of()).get(0))
                .isEqualTo(record("health", new Value.Enum("ready"), "message", none(), "processed", new Value.U64(9)));
    }

    @Test
    void manyLargeCallsInARowStayCorrect() {
        ComponentInstance instance = instantiate(new ArrayList<>(), false);
        instance.call(LIFECYCLE + "initialize", List.of(pairs()));
        String big = "ab".repeat(10_000);
        // 20 000-byte strings in and out, 300 times on one instance: the host's blocks the guest takes over,
        // the return areas post-return frees, and the guest's allocator between them.
        for (int i = 0; i < 300; i++) {
            assertThat(instance.call(PROCESSING + "process",
                    List.of(request("r" + i, "upper", text(big), pairs("i", Integer.toString(i))))))
                    .containsExactly(ok(record("id", str("r" + i), "payload", text(big.toUpperCase()),
                            "notes", strings("i=" + i))));
        }
    }

    @Test
    void withoutTheLoggerItDoesNotLink() {
        assertThatThrownBy(() -> component.instantiate(ComponentOptions.defaults(), Map.of()))
                .isInstanceOf(ComponentLinkException.class)
                .hasMessageContaining("'plinth:plugin/logger@0.1.0#log' (func(level: enum { trace, debug, info, warn,"
                        + " error }, message: string))");
    }

    @Test
    void aLoggerThatThrowsTrapsTheCallAndAFreshInstanceServes() {
        ComponentInstance instance = component.instantiate(ComponentOptions.defaults(), Map.of(LOGGER, args -> {
            throw new IllegalStateException("log sink down");
        }));
        assertThatThrownBy(() -> instance.call(LIFECYCLE + "initialize", List.of(pairs())))
                .isInstanceOf(RuntimeException.class);
        ComponentInstance fresh = instantiate(new ArrayList<>(), false);
        assertThat(fresh.call(LIFECYCLE + "initialize", List.of(pairs()))).containsExactly(ok(null));
    }

    @Test
    void hostLimitsApplyToThePluginsResults() {
        ComponentInstance instance = component.instantiate(ComponentOptions.defaults().withLimits(1000, 1000, 1_000_000),
                logger(new ArrayList<>()));
        instance.call(LIFECYCLE + "initialize", List.of(pairs()));
        // 999 bytes go in; "bytes" answers a list of 999 u8, under the list limit; then 1001 is over it.
        assertThat(instance.call(PROCESSING + "process", List.of(request("a", "bytes", text("x".repeat(999)),
                pairs())))).hasSize(1);
        ComponentInstance limited = component.instantiate(ComponentOptions.defaults().withLimits(100_000, 500, 1_000_000),
                logger(new ArrayList<>()));
        limited.call(LIFECYCLE + "initialize", List.of(pairs()));
        assertThatThrownBy(() -> limited.call(PROCESSING + "process", List.of(request("a", "bytes",
                text("x".repeat(501)), pairs()))))
                .isInstanceOf(CanonicalAbiException.class)
                .hasMessageContaining("list");
    }
}
