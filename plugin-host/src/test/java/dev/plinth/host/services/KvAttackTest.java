package dev.plinth.host.services;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.plinth.api.PluginStatus;
import dev.plinth.api.error.AbiViolationException;
import dev.plinth.api.error.ErrorCode;
import dev.plinth.api.kv.KvQuota;
import dev.plinth.host.PluginEngine;
import dev.plinth.host.PluginHost;
import dev.plinth.host.security.WellBehavedCaller;
import dev.plinth.security.audit.AuditAction;
import dev.plinth.security.audit.AuditEntry;
import dev.plinth.security.policy.PluginGrant;
import dev.plinth.testing.TestPlugins;
import dev.plinth.testing.Wat;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A hostile plugin against {@code plinth:host/kv}: it floods keys past {@code max-keys} and bytes
 * past {@code max-total-size}, hands a value of megabytes, a key of 2,000 bytes, and offsets that
 * are no blocks. Each quota refusal is an error code and message the plugin reads and an audit
 * entry ({@code too-large}, refused), the flood folded into one; bad offsets trap as ABI
 * violations, audited; another plugin, and the attacker's neighbour store, are served throughout.
 */
class KvAttackTest {
    private static final String A = "hoarder";
    private static final String B = "neighbour";

    @TempDir
    Path tmp;
    PluginHost host;
    PluginEngine engine;

    @BeforeEach
    void start() throws IOException {
        Path plugins = Files.createDirectories(tmp.resolve("plugins"));
        PluginGrant grant = PluginGrant.builder().kv(new KvQuota(50, 64, 1024, 600)).build();
        engine = PluginEngine.builder().grant(A, grant).grant(B, grant).build();
        host = PluginHost.on(engine);
        assertThat(host.load(Wat.write(plugins, A, KvGuest.WAT)).status()).isEqualTo(PluginStatus.ACTIVE);
        assertThat(host.load(Wat.write(plugins, B, KvGuest.WAT)).status()).isEqualTo(PluginStatus.ACTIVE);
        assertThat(host.load(TestPlugins.sample("text-transformer")).status()).isEqualTo(PluginStatus.ACTIVE);
    }

    @AfterEach
    void close() {
        host.close();
    }

    private long[] attack(String export, byte[] input) {
        return KvGuest.countAndCode(host.call(A, export, input));
    }

    private List<AuditEntry> kvRefusals() {
        return host.auditLog().recent(A, 1000).stream().filter(e -> e.resource().startsWith("plinth:host/kv")).toList();
    }

    private void stillServing() {
        assertThat(host.call("text-transformer", "transform", "after".getBytes(UTF_8))).asString(UTF_8)
                .isEqualTo("AFTER");
        host.call(B, "set", KvGuest.setInput("mine", "kept"));
        assertThat(host.call(B, "get", "mine".getBytes(UTF_8))).asString(UTF_8).isEqualTo("kept");
        assertThat(host.call(A, "code", new byte[0])).as("the attacker itself still answers").hasSize(8);
    }

    @Test
    void floodingKeysStopsAtMaxTotalSizeThenMaxKeys() throws InterruptedException {
        // 600 bytes in all, 20 bytes an entry: 30 keys fit
        long[] flood;
        try (WellBehavedCaller caller = WellBehavedCaller.start(host)) {
            flood = attack("flood_keys", new byte[0]);
            caller.close();
            assertThat(caller.failures()).as("the traffic beside the flood").isEmpty();
            assertThat(caller.answered()).as("served while it flooded").isPositive();
        }
        assertThat(flood).containsExactly(30, -4);
        assertThat(engine.keyValueStore().usage(A).keys()).isEqualTo(30);
        assertThat(attack("flood_keys", new byte[0])).as("the same keys again: rewrites that fit")
                .containsExactly(30, -4);
        assertThat(kvRefusals()).singleElement().satisfies(e -> {
            assertThat(e.what()).isEqualTo(ErrorCode.TOO_LARGE);
            assertThat(e.resource()).isEqualTo("plinth:host/kv max-total-size");
            assertThat(e.action()).isEqualTo(AuditAction.REFUSED);
            assertThat(e.detail()).isEqualTo("plinth:host/kv: writing key \"keba\" would make 620 bytes in all, more"
                    + " than max-total-size, 600 bytes");
            assertThat(e.count()).as("both floods folded into one entry").isEqualTo(2);
        });
        stillServing();
    }

    @Test
    void keyCountOverflowIsRefusedWithItsOwnCode() throws IOException {
        host.close();
        Path plugins = tmp.resolve("plugins");
        engine = PluginEngine.builder().grant(A, PluginGrant.builder().kv(new KvQuota(40, 64, 1024, 1 << 20)).build())
                .grant(B, PluginGrant.builder().kv(KvQuota.DEFAULTS).build()).build();
        host = PluginHost.on(engine);
        host.load(plugins.resolve(A + ".wasm"));
        host.load(plugins.resolve(B + ".wasm"));
        host.load(TestPlugins.sample("text-transformer"));
        assertThat(attack("flood_keys", new byte[0])).containsExactly(40, -3);
        assertThat(kvRefusals()).singleElement().satisfies(e -> {
            assertThat(e.resource()).isEqualTo("plinth:host/kv max-keys");
            assertThat(e.detail()).isEqualTo("plinth:host/kv: a new key \"koba\" would be key number 41, more than"
                    + " max-keys, 40");
        });
        assertThatThrownBy(() -> host.call(A, "set", KvGuest.setInput("one-more", "x")))
                .hasMessageContaining("more than max-keys, 40");
        stillServing();
    }

    @Test
    void aHugeValueIsRefusedBeforeItIsCopied() {
        assertThat(attack("huge_value", KvGuest.length(4 << 20))).containsExactly(0, -2);
        assertThat(kvRefusals()).singleElement().satisfies(e -> {
            assertThat(e.resource()).isEqualTo("plinth:host/kv max-value-size");
            assertThat(e.detail()).isEqualTo("plinth:host/kv: a value of 4194304 bytes for key \"hbig\" is more than"
                    + " max-value-size, 1024 bytes");
        });
        assertThat(engine.keyValueStore().get(A, "hbig")).isEmpty();
        stillServing();
    }

    @Test
    void aLongKeyIsRefused() {
        assertThat(attack("long_key", new byte[0])).containsExactly(0, -1);
        assertThat(kvRefusals()).singleElement().satisfies(e -> {
            assertThat(e.what()).isEqualTo(ErrorCode.PERMISSION_DENIED);
            assertThat(e.detail()).isEqualTo("plinth:host/kv: a key of 2000 bytes is more than max-key-size, 64 bytes");
        });
        stillServing();
    }

    @Test
    void offsetsThatAreNoBlocksTrapAndAreAudited() {
        for (String export : List.of("bad_key_offset", "bad_value_offset", "bad_list_offset")) {
            assertThatThrownBy(() -> host.call(A, export, new byte[0])).as(export)
                    .isInstanceOf(AbiViolationException.class).hasMessageContaining("plinth:host/kv ")
                    .hasMessageContaining("is not the start of an allocated block");
        }
        assertThat(host.auditLog().recent(A, 100)).filteredOn(e -> e.action() == AuditAction.STOPPED)
                .hasSize(3);
        stillServing();
    }
}
