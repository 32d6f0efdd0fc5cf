package dev.plinth.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plinth.api.PluginRegistry;
import dev.plinth.api.event.EmittedEvent;
import dev.plinth.api.event.EventPublisher;
import dev.plinth.testing.ExtismWat;
import dev.plinth.testing.Wat;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;

/**
 * Plugin events in a Spring application: what a plugin emits arrives as an {@link EmittedEvent}
 * application event at an {@code @EventListener}; what the application publishes through the
 * {@link EventPublisher} bean reaches the subscribed plugin. Grants come from properties.
 */
class PluginEventsAutoConfigurationTest {
    /** {@code shout}: emits "said" with the input; its handler keeps its input in var "heard". */
    private static final String WAT = """
            (module
              (import "extism:host/env" "alloc" (func $alloc (param i64) (result i64)))
              (import "extism:host/env" "store_u8" (func $store_u8 (param i64 i32)))
              (import "extism:host/env" "input_length" (func $input_length (result i64)))
              (import "extism:host/env" "input_load_u8" (func $input_load_u8 (param i64) (result i32)))
              (import "extism:host/env" "var_set" (func $var_set (param i64 i64)))
              (import "plinth:host/events" "emit" (func $emit (param i64 i64) (result i64)))
              (memory (export "memory") 1)
              (data (i32.const 16) "said")
              (data (i32.const 32) "heard")
              %s
              %s
              (func (export "shout") (result i32)
                (i32.wrap_i64 (call $emit (call $block (i32.const 16) (i32.const 4)) (call $input_block))))
              (func (export "plinth_on_event") (result i32)
                (call $var_set (call $block (i32.const 32) (i32.const 5)) (call $input_block))
                (i32.const 0))
            )
            """.formatted(ExtismWat.INPUT_BLOCK, ExtismWat.memoryBlock("$block"));

    @Configuration(proxyBeanMethods = false)
    static class Listening {
        final BlockingQueue<EmittedEvent> events = new LinkedBlockingQueue<>();

        @Bean
        BlockingQueue<EmittedEvent> received() {
            return events;
        }

        @EventListener
        void on(EmittedEvent event) {
            events.add(event);
        }
    }

    @Test
    void emittedEventsAreApplicationEventsAndPublishedOnesReachThePlugin(@TempDir Path dir) throws Exception {
        Path plugins = Files.createDirectories(dir.resolve("plugins"));
        Wat.write(plugins, "crier", WAT);
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, PlinthAutoConfiguration.class))
                .withUserConfiguration(Listening.class)
                .withPropertyValues("plinth.plugins.dir=" + plugins, "plinth.grants.crier.events.emit=said",
                        "plinth.grants.crier.events.subscribe=news.*")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    context.getBean(PluginRegistry.class).call("crier", "shout",
                            "hear ye".getBytes(StandardCharsets.UTF_8));
                    @SuppressWarnings("unchecked")
                    BlockingQueue<EmittedEvent> received = context.getBean("received", BlockingQueue.class);
                    EmittedEvent e = received.poll(10, TimeUnit.SECONDS);
                    assertThat(e).isNotNull();
                    assertThat(e.plugin()).isEqualTo("crier");
                    assertThat(e.type()).isEqualTo("said");
                    assertThat(e.payload()).isEqualTo("hear ye");

                    assertThat(context.getBean(EventPublisher.class).publish("news.today", "sunny")).isTrue();
                    var vars = context.getBean(dev.plinth.host.PluginEngine.class).vars("crier");
                    long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
                    while (vars.getString("heard").isEmpty() && System.nanoTime() < until) {
                        Thread.sleep(20);
                    }
                    assertThat(vars.getString("heard").orElseThrow()).contains("\"type\":\"news.today\"",
                            "\"payload\":\"sunny\"");
                });
    }
}
