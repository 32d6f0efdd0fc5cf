package dev.plinth.spring.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.plinth.api.PluginRegistry;
import dev.plinth.spring.autoconfigure.PlinthAutoConfiguration;
import dev.plinth.testing.ExtismWat;
import dev.plinth.testing.Wat;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.actuate.autoconfigure.logging.LoggersEndpointAutoConfiguration;
import org.springframework.boot.actuate.logging.LoggersEndpoint;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.logging.LogLevel;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;

/**
 * A plugin's own log lines go to logger {@code plinth.plugin.<name>}, so Spring Boot's
 * {@code logging.level.plinth.plugin.<name>} sets each plugin's level, and the loggers endpoint
 * changes it while the application runs; the plugin sees its level ({@code get_log_level}), and
 * lines below it are not charged to the call's log budget.
 */
class PluginLogLevelsTest {
    /** Logs one line at debug, info and warn ({@code talk}); 20 at debug, then one at warn ({@code flood}). */
    private static final String TALKER = """
            (module
              (import "extism:host/env" "alloc" (func $alloc (param i64) (result i64)))
              (import "extism:host/env" "store_u8" (func $store_u8 (param i64 i32)))
              (import "extism:host/env" "output_set" (func $output_set (param i64 i64)))
              (import "extism:host/env" "log_debug" (func $log_debug (param i64)))
              (import "extism:host/env" "log_info" (func $log_info (param i64)))
              (import "extism:host/env" "log_warn" (func $log_warn (param i64)))
              (import "extism:host/env" "get_log_level" (func $get_log_level (result i32)))
              (memory (export "memory") 1)
              (data (i32.const 16) "debug line")
              (data (i32.const 32) "info line")
              (data (i32.const 48) "warn line")
              %s
              (func (export "talk") (result i32)
                (call $log_debug (call $block (i32.const 16) (i32.const 10)))
                (call $log_info (call $block (i32.const 32) (i32.const 9)))
                (call $log_warn (call $block (i32.const 48) (i32.const 9)))
                (i32.const 0))
              (func (export "flood") (result i32) (local $i i32)
                (block $done
                  (loop $next
                    (br_if $done (i32.ge_u (local.get $i) (i32.const 20)))
                    (call $log_debug (call $block (i32.const 16) (i32.const 10)))
                    (local.set $i (i32.add (local.get $i) (i32.const 1)))
                    (br $next)))
                (call $log_warn (call $block (i32.const 48) (i32.const 9)))
                (i32.const 0))
              (func (export "level") (result i32)
                (i32.store8 (i32.const 0) (call $get_log_level))
                (call $output_set (call $block (i32.const 0) (i32.const 1)) (i64.const 1))
                (i32.const 0)))
            """.formatted(ExtismWat.memoryBlock("$block"));

    @TempDir
    Path dir;
    private ConfigurableApplicationContext context;
    private final ListAppender<ILoggingEvent> lines = new ListAppender<>();

    @Configuration(proxyBeanMethods = false)
    @ImportAutoConfiguration({JacksonAutoConfiguration.class, PlinthAutoConfiguration.class,
            LoggersEndpointAutoConfiguration.class})
    static class App {
    }

    @BeforeEach
    void start() throws IOException {
        Path plugins = Files.createDirectories(dir.resolve("plugins"));
        Wat.write(plugins, "chatty", TALKER);
        Wat.write(plugins, "quiet", TALKER);
        // a budget of 3 lines a call for quiet: its 20 debug lines below its level must not spend it
        Path policy = Files.writeString(dir.resolve("policy.toml"), """
                [plugins.quiet]
                max-log-lines = 3
                """);
        context = new SpringApplicationBuilder(App.class).web(WebApplicationType.NONE).run(
                "--plinth.plugins.dir=" + plugins, "--plinth.reload.enabled=false", "--plinth.policy-file=" + policy,
                "--logging.level.plinth.plugin.chatty=debug", "--logging.level.plinth.plugin.quiet=warn",
                "--management.endpoints.web.exposure.include=loggers");
        lines.start();
        ((Logger) LoggerFactory.getLogger("plinth.plugin")).addAppender(lines);
    }

    @AfterEach
    void stop() {
        ((Logger) LoggerFactory.getLogger("plinth.plugin")).detachAppender(lines);
        context.close();
    }

    @Test
    void eachPluginLogsAtTheLevelSpringBootSetsForItsLogger() {
        call("chatty", "talk");
        call("quiet", "talk");

        assertThat(linesOf("chatty")).containsExactly("DEBUG [talk] debug line", "INFO [talk] info line",
                "WARN [talk] warn line");
        assertThat(linesOf("quiet")).containsExactly("WARN [talk] warn line");
        assertThat(call("chatty", "level")).as("get_log_level: debug").isEqualTo(1);
        assertThat(call("quiet", "level")).as("get_log_level: warn").isEqualTo(3);
    }

    @Test
    void linesBelowThePluginsLevelDoNotSpendItsLogBudget() {
        call("quiet", "flood");

        assertThat(linesOf("quiet")).as("20 debug lines skipped uncounted; the warn line within 3 lines")
                .containsExactly("WARN [flood] warn line");
    }

    @Test
    void theLoggersEndpointChangesOnePluginsLevelWhileItRuns() {
        LoggersEndpoint loggers = context.getBean(LoggersEndpoint.class);
        loggers.configureLogLevel("plinth.plugin.quiet", LogLevel.DEBUG);
        loggers.configureLogLevel("plinth.plugin.chatty", LogLevel.ERROR);

        call("quiet", "talk");
        call("chatty", "talk");

        assertThat(linesOf("quiet")).containsExactly("DEBUG [talk] debug line", "INFO [talk] info line",
                "WARN [talk] warn line");
        assertThat(linesOf("chatty")).isEmpty();
        assertThat(call("quiet", "level")).isEqualTo(1);
        assertThat(call("chatty", "level")).as("get_log_level: error").isEqualTo(4);

        lines.list.clear();
        call("quiet", "flood");
        assertThat(linesOf("quiet")).as("at debug the budget of 3 lines is spent, and one WARN says so")
                .hasSize(4).last().asString().contains("log budget is spent");
    }

    private int call(String plugin, String function) {
        byte[] output = context.getBean(PluginRegistry.class).call(plugin, function, new byte[0]);
        return output.length == 0 ? -1 : output[0];
    }

    private List<String> linesOf(String plugin) {
        return lines.list.stream().filter(e -> e.getLoggerName().equals("plinth.plugin." + plugin))
                .map(e -> e.getLevel() + " " + e.getFormattedMessage()).toList();
    }
}
