package dev.plinth.host;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.plinth.api.PluginLimits;
import dev.plinth.api.error.PluginNotFoundException;
import dev.plinth.testing.TestPlugins;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Instances made ahead of calls: up to the version's max-instances, ready to serve, gone on close. */
class PrewarmTest {
    private PluginEngine engine;
    private PluginVersion plugin;

    @BeforeEach
    void load() {
        engine = PluginEngine.builder().limits(PluginLimits.DEFAULTS.withMaxInstances(3)).build();
        plugin = engine.load(TestPlugins.sample("text-transformer"));
    }

    @AfterEach
    void close() {
        plugin.close();
        engine.close();
    }

    @Test
    void makesInstancesUpToTheTarget() {
        assertThat(plugin.liveInstances()).isEqualTo(1);

        assertThat(plugin.prewarm(2)).isEqualTo(1);
        assertThat(plugin.liveInstances()).isEqualTo(2);
        assertThat(plugin.prewarm(2)).isZero();
        assertThat(plugin.busyInstances()).isZero();
    }

    @Test
    void neverMakesMoreThanMaxInstances() {
        assertThat(plugin.prewarm(10)).isEqualTo(2);

        assertThat(plugin.liveInstances()).isEqualTo(3);
    }

    @Test
    void prewarmedInstancesServeCalls() {
        plugin.prewarm(3);

        assertThat(new String(plugin.call("echo", "hello".getBytes(UTF_8)).output(), UTF_8)).isEqualTo("hello");
        assertThat(plugin.liveInstances()).isEqualTo(3);
    }

    @Test
    void aClosedVersionMakesNone() {
        plugin.close();

        assertThatThrownBy(() -> plugin.prewarm(2)).isInstanceOf(PluginNotFoundException.class);
        assertThat(plugin.liveInstances()).isZero();
    }
}
