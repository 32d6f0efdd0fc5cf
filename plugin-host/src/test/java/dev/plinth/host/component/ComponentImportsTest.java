package dev.plinth.host.component;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.plinth.api.PluginStatus;
import dev.plinth.api.VersionInfo;
import dev.plinth.api.error.ErrorCode;
import dev.plinth.component.value.Value;
import dev.plinth.host.PluginEngine;
import dev.plinth.host.PluginHost;
import dev.plinth.testing.TestPlugins;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * What a component plugin may import: the logger of {@code wit/plinth.wit} always (text-component logs through
 * it to the plugin's log); interfaces the engine does not provide are refused at load as {@code invalid-module},
 * every one named, the host serving on.
 */
class ComponentImportsTest {
    @TempDir
    Path plugins;

    private static final String IMPORTS_UNKNOWN = """
            (component
              (import "acme:evil/backdoor" (instance))
              (import "wasi:sockets/tcp@0.2.0" (instance))
              (core module $m (func (export "ok") (result i32) i32.const 42))
              (core instance $i (instantiate $m))
              (func $ok (result u32) (canon lift (core func $i "ok")))
              (export "ok" (func $ok)))
            """;

    @Test
    void interfacesTheEngineDoesNotProvideAreRefusedByName() throws Exception {
        try (PluginHost host = PluginHost.on(PluginEngine.builder().build())) {
            host.load(TestPlugins.sample("text-transformer"));
            VersionInfo info = host.load(ComponentPlugins.write(plugins, "importer", IMPORTS_UNKNOWN));

            assertThat(info.status()).isEqualTo(PluginStatus.FAILED);
            assertThat(info.lastError().orElseThrow().code()).isEqualTo(ErrorCode.INVALID_MODULE);
            assertThat(info.lastError().orElseThrow().message()).contains("wasi:sockets/tcp@0.2.0")
                    .contains("acme:evil/backdoor");
            assertThat(host.call("text-transformer", "transform", "after".getBytes(UTF_8))).asString(UTF_8)
                    .isEqualTo("AFTER");
        }
    }

    @Test
    void aHostServiceImportedWithAnotherTypeIsRefusedBeforeTheComponentRuns() throws Exception {
        // The logger with its level as a u32, not plinth.wit's enum; the core module would trap if it were made.
        String wat = """
                (component
                  (import "plinth:plugin/logger@0.1.0" (instance
                    (export "log" (func (param "level" u32) (param "message" string)))))
                  (core module $m (func $boom unreachable) (start $boom) (func (export "ok") (result i32) i32.const 42))
                  (core instance $i (instantiate $m))
                  (func $ok (result u32) (canon lift (core func $i "ok")))
                  (export "ok" (func $ok)))
                """;
        try (PluginHost host = PluginHost.on(PluginEngine.builder().build())) {
            VersionInfo info = host.load(ComponentPlugins.write(plugins, "mistyped", wat));

            assertThat(info.status()).isEqualTo(PluginStatus.FAILED);
            assertThat(info.lastError().orElseThrow().code()).isEqualTo(ErrorCode.INVALID_MODULE);
            assertThat(info.lastError().orElseThrow().message())
                    .contains("imports a host service with another type than this host provides")
                    .contains("plinth:plugin/logger@0.1.0#log")
                    .contains("u32");
            host.load(TestPlugins.sample("text-transformer"));
            assertThat(host.call("text-transformer", "transform", "after".getBytes(UTF_8))).asString(UTF_8)
                    .isEqualTo("AFTER");
        }
    }

    @Test
    void theLoggerIsAlwaysThere() throws Exception {
        Logger logger = (Logger) LoggerFactory.getLogger("plinth.plugin.text-component");
        ListAppender<ILoggingEvent> log = new ListAppender<>();
        log.start();
        logger.addAppender(log);
        logger.setLevel(ch.qos.logback.classic.Level.TRACE);
        try (PluginHost host = PluginHost.on(PluginEngine.builder().build())) {
            VersionInfo info = host.load(TestPlugins.component("text-component"));
            assertThat(info.status()).as("%s", info.lastError()).isEqualTo(PluginStatus.ACTIVE);

            // the engine initialized the instance at load, with the manifest's config (max-length)
            List<Value> out = host.component("text-component").call("plinth:plugin/processing@0.1.0#process",
                    List.of(new Value.Record(Map.of("id", new Value.Str("r1"), "operation", new Value.Str("upper"),
                            "payload", new Value.Variant("text", Optional.of(new Value.Str("hello"))),
                            "attributes", new Value.ListOf(List.of())))));

            assertThat(((Value.Result) out.get(0)).ok()).isTrue();
            assertThat(log.list).extracting(ILoggingEvent::getFormattedMessage).contains(
                    "[plinth:plugin/lifecycle@0.1.0#initialize] text-component initialized with 1 config entries",
                    "[plinth:plugin/processing@0.1.0#process] request r1: upper");
        } finally {
            logger.detachAppender(log);
            logger.setLevel(null);
        }
    }
}
