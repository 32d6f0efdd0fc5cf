package dev.plinth.host;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.plinth.api.PluginStatus;
import dev.plinth.api.VersionInfo;
import dev.plinth.api.error.PluginFailureException;
import dev.plinth.api.host.HostFunction;
import dev.plinth.api.kv.KvQuota;
import dev.plinth.security.policy.DataDirQuota;
import dev.plinth.security.policy.EventsGrant;
import dev.plinth.security.policy.PluginGrant;
import dev.plinth.testing.TestPlugins;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Rust sample plugins, built from this repository, loaded through the registry. */
class SamplePluginsTest {
    private final AtomicInteger contextLookups = new AtomicInteger();
    private PluginHost host;
    @TempDir
    Path dataRoot;

    @BeforeEach
    void loadSamples() {
        host = PluginHost.on(PluginEngine.builder()
                .dataDirectory(dataRoot)
                .hostFunction(HostFunction.of("lookup-context", key -> {
                    contextLookups.incrementAndGet();
                    return ("region=eu-west;key=" + new String(key, UTF_8)).getBytes(UTF_8);
                }))
                .grant("log-enricher", PluginGrant.builder().hostFunction("lookup-context").build())
                // the guestbook imports plinth:host/kv and plinth:host/events: without them it is refused
                // (GuestbookSampleTest has the whole of it)
                .grant("guestbook", PluginGrant.builder().kv(KvQuota.DEFAULTS).dataDir(new DataDirQuota(1 << 20, 100))
                        .events(new EventsGrant(List.of("guestbook.*"), List.of(), 10, 4096)).build())
                .build());
        List<VersionInfo> loaded = host.loadAll(TestPlugins.samples());
        assertThat(loaded).extracting(VersionInfo::name)
                .containsExactlyInAnyOrder("data-validator", "guestbook", "lifecycle-demo", "log-enricher",
                        "text-transformer");
        assertThat(loaded).allSatisfy(info -> {
            assertThat(info.status()).as(info.name() + ": " + info.lastError()).isEqualTo(PluginStatus.ACTIVE);
            assertThat(info.sha256()).hasSize(64);
            assertThat(info.exports()).isNotEmpty();
        });
    }

    @AfterEach
    void close() {
        host.close();
    }

    @Test
    void textTransformerEchoesAndCountsVowels() {
        assertThat(host.call("text-transformer", "echo", "any bytes \u00e9".getBytes(UTF_8)))
                .asString(UTF_8).isEqualTo("any bytes \u00e9");
        assertThat(host.call("text-transformer", "count_vowels", "Hello, World".getBytes(UTF_8)))
                .asString(UTF_8).contains("\"count\":3");
        assertThat(host.call("text-transformer", "transform", "hello world".getBytes(UTF_8)))
                .asString(UTF_8).isNotEmpty();
    }

    @Test
    void dataValidatorGivesOneVerdictPerRecordAndRefusesBadJson() {
        String verdicts = new String(host.call("data-validator", "validate",
                "[{\"id\":1,\"email\":\"a@example.com\"},{\"email\":\"nope\"}]".getBytes(UTF_8)), UTF_8);
        assertThat(verdicts).startsWith("[").contains("\"index\":0").contains("\"index\":1")
                .contains("\"valid\":true").contains("\"valid\":false");
        assertThatThrownBy(() -> host.call("data-validator", "validate", "{not json".getBytes(UTF_8)))
                .isInstanceOf(PluginFailureException.class);
    }

    @Test
    void logEnricherKeepsASequenceInVarsAndAsksTheApplicationForContext() {
        String first = new String(host.call("log-enricher", "enrich", "user logged in".getBytes(UTF_8)), UTF_8);
        String second = new String(host.call("log-enricher", "enrich", "user logged out".getBytes(UTF_8)), UTF_8);
        assertThat(first).contains("\"seq\":1").contains("user logged in").contains("region=eu-west");
        assertThat(second).contains("\"seq\":2");
        assertThat(contextLookups).hasValue(2);
    }
}
