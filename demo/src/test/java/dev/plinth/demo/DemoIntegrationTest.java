package dev.plinth.demo;

import dev.plinth.spring.hostfn.PluginHostFunction;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The demo application on a random port with the {@link SharedPlugins} folder; every test class
 * with this annotation and extending {@link Base} shares one Spring context.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "plinth.limits.max-input=64KB",
        "plinth.limits.acquire-timeout=200ms",
        "plinth.reload.debounce=100ms",
        "plinth.reload.rescan-interval=500ms",
        "plinth.grants.abi-fixtures.host-functions=echo-host",
        "plinth.grants." + SharedPlugins.HOLD + ".host-functions=hold",
        "plinth.health.required-plugins=text-transformer,data-validator," + SharedPlugins.HEALTH_PROBE})
@AutoConfigureRestTestClient
@Import(DemoIntegrationTest.FixtureHostFunctions.class)
@interface DemoIntegrationTest {

    /** Where the test classes get the shared plugins folder from. */
    abstract class Base {
        @DynamicPropertySource
        static void pluginsDir(DynamicPropertyRegistry registry) {
            registry.add("plinth.plugins.dir", () -> SharedPlugins.dir().toString());
            registry.add("plinth.data-dir", () -> SharedPlugins.dataDir().toString());
        }
    }

    /** The host functions of the test plugins: {@code echo-host} (ABI fixtures) and {@code hold}. */
    @TestConfiguration(proxyBeanMethods = false)
    class FixtureHostFunctions {
        @Bean
        EchoHost echoHost() {
            return new EchoHost();
        }

        @Bean
        HoldGates holdGates() {
            return new HoldGates();
        }
    }

    /** Hands the block back, as {@code echo-host} should. */
    class EchoHost {
        @PluginHostFunction("echo-host")
        byte[] echo(byte[] block) {
            return block;
        }
    }
}
