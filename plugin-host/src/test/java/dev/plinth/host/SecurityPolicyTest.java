package dev.plinth.host;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.plinth.api.PluginLimits;
import dev.plinth.api.PluginStatus;
import dev.plinth.api.VersionInfo;
import dev.plinth.api.error.ErrorCode;
import dev.plinth.api.host.HostFunction;
import dev.plinth.api.unit.DataSize;
import dev.plinth.config.PolicyReader;
import dev.plinth.security.policy.EffectiveGrants;
import dev.plinth.security.policy.GrantDifference;
import dev.plinth.security.policy.SecurityPolicy;
import dev.plinth.testing.TestPlugins;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The operator's policy applied at load: plugins load with less, and the difference is visible. */
class SecurityPolicyTest {
    @TempDir
    Path plugins;

    private static final String POLICY = """
            [ceilings]
            memory = "96MB"
            cpu-time = "10s"
            max-instances = 8
            [plugins.text-transformer]
            fs = ["read:/data"]
            net = ["connect:*.example.com:443"]
            memory = "128MB"
            cpu-time = "2s"
            [plugins.log-enricher]
            host-functions = ["lookup-context"]
            """;

    private Path askingTransformer() throws IOException {
        Path copy = TestPlugins.copy(TestPlugins.sample("text-transformer"), plugins, "text-transformer");
        Path manifest = copy.resolve("plugin.toml");
        String text = Files.readString(manifest);
        assertThat(text).doesNotContain("\n[permissions]");
        Files.writeString(manifest, text + """

                [permissions]
                fs = ["read:/data/in", "write:/data/out", "read:/etc/passwd"]
                net = ["connect:api.example.com:443", "connect:evil.org:80"]
                memory = "200MB"
                cpu-time = "30s"
                max-instances = 2
                """);
        return copy;
    }

    @Test
    void aPluginAskingForMoreLoadsWithLessAndTheDifferenceIsVisible() throws IOException {
        SecurityPolicy policy = PolicyReader.parse(POLICY, "policy.toml");
        try (PluginHost host = PluginHost.on(PluginEngine.builder().policy(policy).build())) {
            VersionInfo info = host.load(askingTransformer());
            assertThat(info.status()).as(info.toString()).isEqualTo(PluginStatus.ACTIVE);
            PluginVersion loaded = host.loaded("text-transformer").orElseThrow();

            EffectiveGrants grants = loaded.grants();
            assertThat(grants.fs()).map(Object::toString).containsExactly("read:/data/in", "read:/data/out");
            assertThat(grants.net()).map(Object::toString).containsExactly("connect:api.example.com:443");
            assertThat(grants.limits().memory()).isEqualTo(DataSize.ofMegabytes(96));
            assertThat(grants.limits().cpuTime()).isEqualTo(Duration.ofSeconds(2));
            assertThat(grants.limits().maxInstances()).isEqualTo(2);
            assertThat(grants.notGranted()).extracting(d -> d.kind() + " " + d.asked() + " " + d.reason().code())
                    .containsExactly(
                            "fs write:/data/out narrowed",
                            "fs read:/etc/passwd not-granted",
                            "net connect:evil.org:80 not-granted",
                            "memory 200MB capped",
                            "cpu-time 30s capped");
            assertThat(grants.describe()).contains("memory 200MB: capped at the ceiling 96MB",
                    "cpu-time 30s: capped by the grant at 2s");

            assertThat(loaded.limits().maxMemory()).isEqualTo(DataSize.ofMegabytes(96));
            assertThat(loaded.limits().callTimeout()).isEqualTo(Duration.ofSeconds(2));
            assertThat(loaded.limits().maxInstances()).isEqualTo(2);
            assertThat(new String(host.call("text-transformer", "echo", "still works".getBytes(UTF_8)), UTF_8))
                    .isEqualTo("still works");
        }
    }

    @Test
    void withoutAPolicyAnOfferedHostFunctionIsNotGranted() {
        try (PluginHost host = PluginHost.on(PluginEngine.builder()
                .hostFunction(HostFunction.of("lookup-context", key -> key)).build())) {
            VersionInfo info = host.load(TestPlugins.sample("log-enricher"));
            assertThat(info.status()).isEqualTo(PluginStatus.FAILED);
            assertThat(info.lastError().orElseThrow().code()).isEqualTo(ErrorCode.PERMISSION_DENIED);
            assertThat(info.lastError().orElseThrow().message())
                    .contains("lookup-context", "security policy does not grant", "log-enricher");
        }
    }

    @Test
    void aHostFunctionGrantedByThePolicyLinks() {
        try (PluginHost host = PluginHost.on(PluginEngine.builder().policy(PolicyReader.parse(POLICY, "policy.toml"))
                .hostFunction(HostFunction.of("lookup-context", key -> key)).build())) {
            VersionInfo info = host.load(TestPlugins.sample("log-enricher"));
            assertThat(info.status()).as(info.toString()).isEqualTo(PluginStatus.ACTIVE);
            assertThat(host.loaded("log-enricher").orElseThrow().grants().hostFunctions())
                    .containsExactly("lookup-context");
        }
    }

    @Test
    void withoutAPolicyNothingIsGrantedAndAsksAreCappedAtTheHostsLimits() throws IOException {
        PluginLimits hostLimits = PluginLimits.DEFAULTS.withMaxMemory(DataSize.ofMegabytes(80))
                .withCallTimeout(Duration.ofSeconds(3));
        try (PluginHost host = PluginHost.on(PluginEngine.builder().limits(hostLimits).build())) {
            assertThat(host.load(askingTransformer()).status()).isEqualTo(PluginStatus.ACTIVE);
            PluginVersion transformer = host.loaded("text-transformer").orElseThrow();
            assertThat(transformer.limits().maxMemory()).isEqualTo(DataSize.ofMegabytes(80));
            assertThat(transformer.limits().callTimeout()).isEqualTo(Duration.ofSeconds(3));
            assertThat(transformer.limits().maxInstances()).as("asked for fewer than the host's 4").isEqualTo(2);
            assertThat(transformer.grants().fs()).isEmpty();
            assertThat(transformer.grants().net()).isEmpty();
            assertThat(transformer.grants().notGranted()).extracting(GrantDifference::kind)
                    .containsExactly("fs", "fs", "fs", "net", "net", "memory", "cpu-time");
        }
    }
}
