package dev.plinth.host;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.plinth.api.VersionInfo;
import dev.plinth.api.error.ErrorCode;
import dev.plinth.api.error.PluginException;
import dev.plinth.api.host.HostFunction;
import dev.plinth.security.policy.PluginGrant;
import dev.plinth.testing.ExtismWat;
import dev.plinth.testing.LogCapture;
import dev.plinth.testing.TestPlugins;
import dev.plinth.testing.Wat;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * While a call runs, every line logged on its thread (the plugin's own, a host function's) carries
 * the call's plugin, version and function in the MDC; afterwards the MDC is as it was, after a
 * failing or trapping call too, and a call made from inside another call puts the outer keys back.
 */
class CallMdcTest {
    private static final String HOST_LOGGER = "test.host-function";
    private static final List<String> KEYS = List.of("plinth.plugin", "plinth.version", "plinth.function");

    @TempDir
    Path plugins;

    private final List<Map<String, String>> seenInHostFunction = new CopyOnWriteArrayList<>();
    private final List<Map<String, String>> seenByListener = new CopyOnWriteArrayList<>();
    private PluginHost host;
    private LogCapture pluginLog;
    private LogCapture hostLog;

    @BeforeEach
    void start() {
        Logger hostFunctionLog = LoggerFactory.getLogger(HOST_LOGGER);
        host = PluginHost.on(PluginEngine.builder()
                .hostFunction(HostFunction.of("lookup-context", keyBytes -> {
                    String key = new String(keyBytes, UTF_8);
                    hostFunctionLog.info("looking up {}", key);
                    if (key.equals("nested")) {
                        // a call from inside a call: the inner call's keys while it runs, the outer's after
                        host.call("text-transformer", "echo", "x".getBytes(UTF_8));
                        seenInHostFunction.add(mdc());
                    }
                    return "\"ctx\"".getBytes(UTF_8);
                }))
                .grant("log-enricher", PluginGrant.builder().hostFunction("lookup-context").build())
                .callListener(event -> seenByListener.add(mdc()))
                .build());
        pluginLog = LogCapture.of("plinth.plugin", Level.INFO);
        hostLog = LogCapture.of(HOST_LOGGER, Level.INFO);
    }

    @AfterEach
    void stop() {
        pluginLog.close();
        hostLog.close();
        host.close();
        MDC.clear();
    }

    @Test
    void thePluginsAndTheHostFunctionsLinesCarryTheCallAndTheMdcIsCleanAfterwards() {
        VersionInfo enricher = host.load(TestPlugins.copy(TestPlugins.sample("log-enricher"), plugins, "log-enricher"));

        host.call("log-enricher", "enrich", "{\"user\":\"u-42\",\"message\":\"hi\"}".getBytes(UTF_8));

        Map<String, String> expected = Map.of("plinth.plugin", "log-enricher",
                "plinth.version", enricher.versionId().toString(), "plinth.function", "enrich");
        assertThat(enricher.versionId().toString()).matches("0\\.1\\.0@[0-9a-f]{8}");
        ILoggingEvent pluginLine = single(pluginLog, "enriched log line");
        assertThat(pluginLine.getLoggerName()).isEqualTo("plinth.plugin.log-enricher");
        assertThat(pluginLine.getMDCPropertyMap()).containsAllEntriesOf(expected);
        assertThat(single(hostLog, "looking up u-42").getMDCPropertyMap()).containsAllEntriesOf(expected);
        assertThat(mdc()).isEmpty();
    }

    @Test
    void theCallersOwnKeysAreLeftAsTheyWere() {
        host.load(TestPlugins.copy(TestPlugins.sample("log-enricher"), plugins, "log-enricher"));
        MDC.put("plinth.plugin", "the caller's");
        MDC.put("request", "r-1");

        host.call("log-enricher", "enrich", "hello".getBytes(UTF_8));

        assertThat(single(hostLog, "looking up checkout").getMDCPropertyMap())
                .containsEntry("plinth.plugin", "log-enricher").containsEntry("request", "r-1");
        assertThat(MDC.get("plinth.plugin")).isEqualTo("the caller's");
        assertThat(MDC.get("plinth.function")).isNull();
        assertThat(MDC.get("request")).isEqualTo("r-1");
    }

    @Test
    void aNestedCallHasItsOwnKeysAndPutsTheOuterOnesBack() {
        VersionInfo enricher = host.load(TestPlugins.copy(TestPlugins.sample("log-enricher"), plugins, "log-enricher"));
        VersionInfo transformer = host.load(
                TestPlugins.copy(TestPlugins.sample("text-transformer"), plugins, "text-transformer"));

        host.call("log-enricher", "enrich", "{\"user\":\"nested\"}".getBytes(UTF_8));

        // the listeners hear each call inside its own keys: the inner call first
        assertThat(seenByListener).containsExactly(
                Map.of("plinth.plugin", "text-transformer", "plinth.version", transformer.versionId().toString(),
                        "plinth.function", "echo"),
                Map.of("plinth.plugin", "log-enricher", "plinth.version", enricher.versionId().toString(),
                        "plinth.function", "enrich"));
        assertThat(seenInHostFunction).containsExactly(Map.of("plinth.plugin", "log-enricher",
                "plinth.version", enricher.versionId().toString(), "plinth.function", "enrich"));
        assertThat(single(pluginLog, "enriched log line").getMDCPropertyMap())
                .containsEntry("plinth.plugin", "log-enricher");
        assertThat(mdc()).isEmpty();
    }

    @Test
    void aFailingCallAndATrappingCallLeaveNoKeysBehind() throws IOException {
        host.load(TestPlugins.copy(TestPlugins.sample("text-transformer"), plugins, "text-transformer"));
        host.load(Wat.write(plugins, "trapper", """
                (module
                  (import "extism:host/env" "alloc" (func $alloc (param i64) (result i64)))
                  (import "extism:host/env" "store_u8" (func $store_u8 (param i64 i32)))
                  (import "extism:host/env" "log_warn" (func $log_warn (param i64)))
                  (memory (export "memory") 1)
                  (data (i32.const 16) "about to trap")
                  %s
                  (func (export "run") (result i32)
                    (call $log_warn (call $block (i32.const 16) (i32.const 13)))
                    unreachable))
                """.formatted(ExtismWat.memoryBlock("$block"))));

        assertThatThrownBy(() -> host.call("text-transformer", "no-such-export", new byte[0]))
                .isInstanceOfSatisfying(PluginException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND));
        assertThat(mdc()).isEmpty();
        assertThatThrownBy(() -> host.call("trapper", "run", new byte[0]))
                .isInstanceOfSatisfying(PluginException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.TRAP));

        assertThat(single(pluginLog, "about to trap").getMDCPropertyMap())
                .containsEntry("plinth.plugin", "trapper").containsEntry("plinth.function", "run");
        assertThat(mdc()).isEmpty();
        assertThat(seenByListener).extracting(seen -> seen.get("plinth.plugin"))
                .containsExactly("text-transformer", "trapper");
    }

    private static ILoggingEvent single(LogCapture capture, String fragment) {
        List<ILoggingEvent> lines = capture.events().stream()
                .filter(e -> e.getFormattedMessage().contains(fragment)).toList();
        assertThat(lines).as("lines with " + fragment + " in " + capture.events()).hasSize(1);
        return lines.get(0);
    }

    /** The Plinth keys of this thread's MDC now. */
    private static Map<String, String> mdc() {
        Map<String, String> all = MDC.getCopyOfContextMap();
        if (all == null) {
            return Map.of();
        }
        Map<String, String> ours = new TreeMap<>();
        KEYS.forEach(key -> {
            if (all.containsKey(key)) {
                ours.put(key, all.get(key));
            }
        });
        return ours;
    }
}
