package dev.plinth.spring.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.plinth.api.CallRequest;
import dev.plinth.api.CallResult;
import dev.plinth.api.PluginRegistry;
import dev.plinth.api.VersionInfo;
import dev.plinth.api.error.PluginNotFoundException;
import dev.plinth.spring.SamplePlugins;
import dev.plinth.spring.autoconfigure.PlinthAutoConfiguration;
import dev.plinth.spring.testclients.TextClient.VowelCount;
import dev.plinth.spring.testclients.TextClient;
import dev.plinth.spring.testclients.ValidatorClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Typed plugin beans against the real sample plugins, and their method rules. */
class PluginClientTest {
    @TempDir
    static Path dir;
    static ConfigurableApplicationContext context;

    @BeforeAll
    static void start() {
        SamplePlugins.copy(dir, "text-transformer", "data-validator");
        context = new SpringApplicationBuilder(Clients.class).web(WebApplicationType.NONE)
                .run("--plinth.plugins.dir=" + dir, "--plinth.reload.enabled=false");
    }

    @AfterAll
    static void stop() {
        context.close();
    }

    @Configuration(proxyBeanMethods = false)
    @ImportAutoConfiguration({JacksonAutoConfiguration.class, PlinthAutoConfiguration.class})
    @EnablePluginClients(basePackages = "dev.plinth.spring.testclients")
    static class Clients {
    }

    private static TextClient text() {
        return context.getBean(TextClient.class);
    }

    @Test
    void aBatchMethodCallsOncePerElementAndKeepsTheOrder() {
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            texts.add("a".repeat(i % 7) + "xyz");
        }

        List<dev.plinth.spring.client.BatchItem<VowelCount>> counts = text().countVowelsOfEach(texts);

        assertThat(counts).hasSize(200);
        for (int i = 0; i < 200; i++) {
            assertThat(counts.get(i).orThrow().count()).as("element %d", i).isEqualTo(i % 7);
        }
    }

    @Test
    void callsExportsByMethodNameAndSnakeCase() {
        assertThat(text().transform("hello")).isEqualTo("HELLO");
        VowelCount count = text().countVowels("Hello, World!");
        assertThat(count.count()).isEqualTo(3);
        assertThat(count.vowels()).isEqualTo("aeiouAEIOU");
    }

    @Test
    void decodesToTreesCallResultsAndBytes() {
        JsonNode tree = text().vowelsAsTree("aeiou");
        assertThat(tree.get("count").asInt()).isEqualTo(5);
        CallResult raw = text().vowelsRaw("a");
        assertThat(raw.version()).isEqualTo("0.1.0");
        assertThat(new String(raw.output(), StandardCharsets.UTF_8)).startsWith("{\"count\":1");
        assertThat(text().echo(new byte[] {1, 2, 3})).containsExactly(1, 2, 3);
    }

    @Test
    void formatOverridesTheDeclaredCodecs() {
        VowelCount count = new VowelCount(2, 9, "ae");
        assertThat(text().echoAsJson(count)).isEqualTo(count);
    }

    @Test
    void mapsAndRecordsRoundTrip() {
        List<ValidatorClient.Verdict> verdicts = context.getBean(ValidatorClient.class)
                .validate(List.of(Map.of("id", 1, "email", "a@b.co"), Map.of("email", "nope")));
        assertThat(verdicts).extracting(ValidatorClient.Verdict::valid).containsExactly(true, false);
        assertThat(verdicts.get(1).errors()).contains("id: is required");
    }

    @Test
    void defaultMethodsAndObjectMethodsWork() {
        assertThat(text().shout("hey")).isEqualTo("HEY!");
        assertThat(text().toString()).contains("TextClient", "text-transformer");
        assertThat(text()).isEqualTo(text()).hasSameHashCodeAs(text());
    }

    @Test
    void unknownExportsFailWithThePluginApiException() {
        assertThatThrownBy(() -> text().missingExport("x")).isInstanceOf(PluginNotFoundException.class)
                .hasMessageContaining("no export \"missingExport\"");
    }

    @Test
    void routingKeyGoesIntoTheRequestNotTheInput() {
        List<CallRequest> seen = new ArrayList<>();
        PluginRegistry recording = new RecordingRegistry(seen);
        TextClient client = new PluginClientFactory(recording, name -> Optional.empty(), JsonMapper.shared())
                .create(TextClient.class);
        client.transform("user-9", "payload");
        assertThat(seen).singleElement().satisfies(request -> {
            assertThat(request.function()).isEqualTo("transform");
            assertThat(request.routingKey()).contains("user-9");
            assertThat(new String(request.input(), StandardCharsets.UTF_8)).isEqualTo("payload");
        });
    }

    @Test
    void refusesInterfacesWithTwoPayloads() {
        PluginClientFactory factory = new PluginClientFactory(new RecordingRegistry(new ArrayList<>()),
                name -> Optional.empty(), JsonMapper.shared());
        assertThatThrownBy(() -> factory.create(TwoPayloads.class)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("more than one payload parameter");
        assertThatThrownBy(() -> factory.create(NotAClient.class)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not annotated with @PluginClient");
    }

    @Test
    void snakeCaseFollowsWordsAndAcronyms() {
        assertThat(ClientMethod.snakeCase("countVowels")).isEqualTo("count_vowels");
        assertThat(ClientMethod.snakeCase("parseHTTPLine")).isEqualTo("parse_http_line");
        assertThat(ClientMethod.snakeCase("transform")).isEqualTo("transform");
        assertThat(ClientMethod.snakeCase("toV2")).isEqualTo("to_v2");
    }

    @PluginClient("text-transformer")
    interface TwoPayloads {
        String transform(String a, String b);
    }

    interface NotAClient {
        String transform(String a);
    }

    /** Answers every call with empty output and remembers the requests. */
    private record RecordingRegistry(List<CallRequest> seen) implements PluginRegistry {
        @Override
        public CallResult call(CallRequest request) {
            seen.add(request);
            return new CallResult(new byte[0], "1.0.0", Duration.ZERO);
        }

        @Override
        public List<VersionInfo> loadAll(Path pluginsDir) {
            return List.of();
        }

        @Override
        public VersionInfo load(Path source) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<VersionInfo> list() {
            return List.of();
        }

        @Override
        public Optional<VersionInfo> find(String name) {
            return Optional.empty();
        }

        @Override
        public boolean unload(String name) {
            return false;
        }

        @Override
        public void close() {
        }
    }
}
