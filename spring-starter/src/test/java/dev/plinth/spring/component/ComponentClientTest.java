package dev.plinth.spring.component;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;

import dev.plinth.api.PluginRegistry;
import dev.plinth.api.VersionInfo;
import dev.plinth.api.error.PluginFailureException;
import dev.plinth.api.error.PluginNotFoundException;
import dev.plinth.component.binding.Result;
import dev.plinth.component.binding.Tuple;
import dev.plinth.component.binding.Wit;
import dev.plinth.spring.autoconfigure.PlinthAutoConfiguration;
import dev.plinth.spring.client.ClientContracts;
import dev.plinth.spring.client.EnablePluginClients;
import dev.plinth.spring.client.PluginClient;
import dev.plinth.spring.component.plinth.Lifecycle;
import dev.plinth.spring.component.plinth.Plugin;
import dev.plinth.spring.component.plinth.Processing;
import dev.plinth.spring.component.plinth.TextComponentClient;
import dev.plinth.testing.LogCapture;
import dev.plinth.testing.TestPlugins;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;

/**
 * The Rust sample component {@code text-component} (wit/plinth.wit's {@code plugin} world) from a plugins folder,
 * called from a Spring bean of interfaces bindgen generated from the same WIT: the lifecycle and
 * {@code process}, values converted by the exports' types; its {@code logger} import served by the engine's
 * own {@code plinth:plugin/logger} into the plugin's log.
 */
@TestMethodOrder(MethodOrderer.MethodName.class) // the lifecycle test shuts the plugin down: it runs last
class ComponentClientTest {
    @TempDir
    static Path dir;
    static ConfigurableApplicationContext context;
    static LogCapture logs;

    /** The world's exported interfaces, as one bean. */
    @PluginClient("text-component")
    public interface TextComponent extends Plugin, Lifecycle, Processing {
    }

    /** {@code process} returning the response itself: an {@code err} is a {@link PluginFailureException}. */
    @PluginClient("text-component")
    @Wit("plinth:plugin/processing@0.1.0")
    public interface DirectProcessing {
        @Wit("process")
        Processing.Response process(Processing.Request request);
    }

    /** Methods that do not fit the component: reported when the plugin loads and at a call. */
    @PluginClient("text-component")
    @Wit("plinth:plugin/lifecycle@0.1.0")
    public interface WrongLifecycle {
        @Wit("get-status")
        String getStatus();

        @Wit("restart")
        void restart();
    }

    @Configuration(proxyBeanMethods = false)
    @ImportAutoConfiguration({JacksonAutoConfiguration.class, PlinthAutoConfiguration.class})
    @EnablePluginClients(clients = {TextComponent.class, DirectProcessing.class, WrongLifecycle.class,
            TextComponentClient.class})
    static class App {
    }

    @BeforeAll
    static void start() throws Exception {
        Path plugin = TestPlugins.copyTree(TestPlugins.component("text-component"), dir.resolve("text-component"));
        Path manifest = plugin.resolve("plugin.toml");
        Files.writeString(manifest, Files.readString(manifest).replace("# No [permissions]: the plugin imports only the logger.",
                "[permissions]\nhost-functions = [\"plinth:plugin/logger@0.1.0\"]")
                .replace("max-length = \"1000\"", "max-length = \"10\""));
        context = new SpringApplicationBuilder(App.class).web(WebApplicationType.NONE)
                .run("--plinth.plugins.dir=" + dir, "--plinth.reload.enabled=false",
                        "--plinth.limits.max-instances=1",
                        "--plinth.grants.text-component.host-functions=plinth:plugin/logger@0.1.0");
        // the plugin's lines through plinth:plugin/logger, which the engine provides (after the context
        // started: Spring Boot sets up logging anew when it starts)
        logs = LogCapture.of("plinth.plugin.text-component", Level.DEBUG);
    }

    @AfterAll
    static void stop() {
        if (context != null) {
            context.close();
        }
        if (logs != null) {
            logs.close();
        }
    }

    @Test
    void theLifecycleAndProcessThroughTheGeneratedInterfaces() {
        VersionInfo info = context.getBean(PluginRegistry.class).find("text-component").orElseThrow();
        assertThat(info.lastError()).isEmpty();
        TextComponent text = context.getBean(TextComponent.class);
        long processed = text.getStatus().processed();

        // the engine initialized it at load with the manifest's config; initialize is the host's alone
        assertThat(text.getStatus().health()).isEqualTo(Lifecycle.Health.READY);
        assertThatThrownBy(() -> text.initialize(List.of(new Tuple.Of2<>("max-length", "10"))))
                .isInstanceOf(PluginNotFoundException.class).hasMessageContaining("only the host calls");
        Lifecycle.Metadata metadata = text.getMetadata();
        assertThat(metadata.name()).isEqualTo("text-component");
        assertThat(metadata.capabilities()).contains("text.upper", "text.sum");

        Result<Processing.Response, Processing.Error> upper = text.process(new Processing.Request("r1", "upper",
                new Processing.Payload.Text("hello"), List.of(new Tuple.Of2<>("lang", "en"))));
        assertThat(upper).isEqualTo(Result.ok(new Processing.Response("r1", new Processing.Payload.Text("HELLO"),
                List.of("lang=en"))));
        Processing.Response sum = text.process(new Processing.Request("r2", "sum",
                new Processing.Payload.Binary(new byte[] {1, 2, (byte) 250}), List.of())).okValue().orElseThrow();
        assertThat(sum.payload()).isEqualTo(new Processing.Payload.Number(253.0));
        assertThat(text.process(new Processing.Request("r3", "nope", new Processing.Payload.Empty(), List.of())))
                .isEqualTo(Result.err(new Processing.Error.UnsupportedOperation("nope")));
        assertThat(text.process(new Processing.Request("r4", "upper", new Processing.Payload.Text("x".repeat(11)),
                List.of())).errValue().orElseThrow()).isInstanceOf(Processing.Error.Failed.class);
        assertThat(logs.messages(Level.DEBUG)).anyMatch(line -> line.endsWith("request r1: upper"));

        DirectProcessing direct = context.getBean(DirectProcessing.class);
        assertThat(direct.process(new Processing.Request("d1", "reverse", new Processing.Payload.Text("abc"),
                List.of())).payload()).isEqualTo(new Processing.Payload.Text("cba"));
        assertThatThrownBy(() -> direct.process(new Processing.Request("d2", "count",
                new Processing.Payload.Number(1), List.of())))
                .isInstanceOfSatisfying(PluginFailureException.class, e -> assertThat(e.pluginMessage())
                        .contains("invalid-input").contains("count takes a text payload"));

        assertThat(text.getStatus().processed()).isEqualTo(processed + 6);
        // shutdown too: the engine calls it when the version is unloaded
        assertThatThrownBy(text::shutdown).isInstanceOf(PluginNotFoundException.class);
        assertThat(text.getStatus().health()).isEqualTo(Lifecycle.Health.READY);
    }

    @Test
    void theClientBindgenWroteIsABeanCallingTheComponent() {
        TextComponentClient text = context.getBean(TextComponentClient.class);

        // initialize and shutdown are the host's alone: the generated client does not offer them
        assertThat(java.util.Arrays.stream(TextComponentClient.class.getMethods()).map(java.lang.reflect.Method::getName))
                .contains("getMetadata", "getStatus", "process").doesNotContain("initialize", "shutdown");
        assertThat(text.getMetadata().name()).isEqualTo("text-component");
        assertThat(text.getStatus().health()).isEqualTo(Lifecycle.Health.READY);
        assertThat(text.process(new Processing.Request("g1", "reverse", new Processing.Payload.Text("abc"),
                List.of()))).isEqualTo(Result.ok(new Processing.Response("g1", new Processing.Payload.Text("cba"),
                        List.of())));
        assertThat(text.process(new Processing.Request("g2", "nope", new Processing.Payload.Empty(), List.of())))
                .isEqualTo(Result.err(new Processing.Error.UnsupportedOperation("nope")));
    }

    @Test
    void methodsThatDoNotFitTheComponentAreReportedAndRefused() {
        VersionInfo info = context.getBean(PluginRegistry.class).find("text-component").orElseThrow();
        List<String> mismatches = context.getBean(ClientContracts.class).mismatches(info);

        assertThat(mismatches).anySatisfy(m -> assertThat(m).startsWith("WrongLifecycle.getStatus does not fit"
                + " plinth:plugin/lifecycle@0.1.0#get-status").contains("a record expected for record {"));
        assertThat(mismatches).anySatisfy(m -> assertThat(m).startsWith("WrongLifecycle.restart calls"
                + " plinth:plugin/lifecycle@0.1.0#restart or restart, which text-component does not export"));
        assertThat(mismatches).hasSize(2);
        WrongLifecycle wrong = context.getBean(WrongLifecycle.class);
        assertThatThrownBy(wrong::getStatus).isInstanceOf(PluginNotFoundException.class)
                .hasMessageContaining("does not fit text-component's plinth:plugin/lifecycle@0.1.0#get-status");
        assertThatThrownBy(wrong::restart).isInstanceOf(PluginNotFoundException.class)
                .hasMessageContaining("exports none of");
    }
}
