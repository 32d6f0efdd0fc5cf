package dev.plinth.host.component;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.plinth.api.PluginLimits;
import dev.plinth.api.PluginStatus;
import dev.plinth.api.VersionInfo;
import dev.plinth.component.value.Value;
import dev.plinth.host.EngineMode;
import dev.plinth.host.PluginEngine;
import dev.plinth.host.PluginHost;
import dev.plinth.testing.TestPlugins;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * {@code sample-plugins/js-component} (11 MB, SpiderMonkey inside, built by componentize-js) loaded from its
 * plugin directory as a plugin on an engine in interpreter mode (compiling it takes minutes), its
 * {@code plinth:plugin/logger} import served by the engine: initialized and called through {@code process}.
 */
class JsComponentPluginLoadTest {
    @Test
    void itLoadsAndAnswersInTheInterpreter() {
        Logger logger = (Logger) LoggerFactory.getLogger("plinth.plugin.js-component");
        ListAppender<ILoggingEvent> log = new ListAppender<>();
        log.start();
        logger.addAppender(log);
        Duration slow = Duration.ofSeconds(180);
        try (PluginHost host = PluginHost.on(PluginEngine.builder().engine(EngineMode.INTERPRETED)
                .limits(PluginLimits.DEFAULTS.withCallTimeout(slow)).loadTimeout(slow).build())) {
            long started = System.nanoTime();
            VersionInfo info = host.load(TestPlugins.component("js-component"));
            long loaded = System.nanoTime();
            assertThat(info.status()).as("%s", info.lastError()).isEqualTo(PluginStatus.ACTIVE);
            var js = host.component("js-component");

            // initialized by the engine at load (js-component refuses process before it)
            List<Value> out = js.call("plinth:plugin/processing@0.1.0#process", List.of(new Value.Record(Map.of(
                    "id", new Value.Str("r1"), "operation", new Value.Str("upper"),
                    "payload", new Value.Variant("text", Optional.of(new Value.Str("hello"))),
                    "attributes", new Value.ListOf(List.of())))));
            long called = System.nanoTime();
            System.out.printf("js-component: load %d ms, process %d ms%n",
                    (loaded - started) / 1_000_000, (called - loaded) / 1_000_000);

            Value.Result result = (Value.Result) out.get(0);
            assertThat(result.ok()).as("%s", result).isTrue();
            assertThat(((Value.Record) result.payload().orElseThrow()).fields().get("payload"))
                    .isEqualTo(new Value.Variant("text", Optional.of(new Value.Str("HELLO"))));
            assertThat(log.list).extracting(ILoggingEvent::getFormattedMessage)
                    .contains("[plinth:plugin/lifecycle@0.1.0#initialize] js-component initialized with 1 config entries");
        } finally {
            logger.detachAppender(log);
        }
    }
}
