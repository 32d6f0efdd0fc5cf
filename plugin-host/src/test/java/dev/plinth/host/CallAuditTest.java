package dev.plinth.host;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.plinth.api.PluginLimits;
import dev.plinth.api.PluginStatus;
import dev.plinth.api.error.ErrorCode;
import dev.plinth.api.error.PayloadTooLargeException;
import dev.plinth.api.error.PluginFailureException;
import dev.plinth.api.error.PluginTimeoutException;
import dev.plinth.api.error.PluginTrapException;
import dev.plinth.security.audit.AuditAction;
import dev.plinth.security.audit.AuditEntry;
import dev.plinth.security.audit.AuditLog;
import dev.plinth.testing.TestPlugins;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Calls that are refused or hit a limit leave an audit entry; ordinary failures do not. */
class CallAuditTest {
    private PluginHost host;
    private final AuditLog audit = new AuditLog(50);
    private final List<AuditEntry> heard = new CopyOnWriteArrayList<>();

    private void start(PluginLimits limits) {
        audit.addListener(heard::add);
        host = PluginHost.on(FixtureHosts.builder().limits(limits).auditLog(audit).build());
        assertThat(host.load(TestPlugins.fixture("abi-fixtures")).status()).isEqualTo(PluginStatus.ACTIVE);
        assertThat(host.auditLog()).isSameAs(audit);
    }

    @AfterEach
    void close() {
        if (host != null) {
            host.close();
        }
    }

    @Test
    void aTimeoutIsAuditedAsStoppedWithItsDeadline() {
        start(PluginLimits.DEFAULTS.withCallTimeout(Duration.ofMillis(200)));

        assertThatThrownBy(() -> host.call("abi-fixtures", "spin", new byte[0]))
                .isInstanceOf(PluginTimeoutException.class);

        assertThat(audit.recent("abi-fixtures", 10)).singleElement().satisfies(e -> {
            assertThat(e.plugin()).isEqualTo("abi-fixtures");
            assertThat(e.version()).isEqualTo("0.1.0");
            assertThat(e.what()).isEqualTo(ErrorCode.TIMEOUT);
            assertThat(e.resource()).isEqualTo("spin (cpu-time 200ms)");
            assertThat(e.action()).isEqualTo(AuditAction.STOPPED);
            assertThat(e.action().label()).isEqualTo("stopped; instance discarded");
            assertThat(e.detail()).contains("abi-fixtures.spin ran past its deadline of 200 ms");
        });
        assertThat(heard).hasSize(1);
        assertThat(host.call("abi-fixtures", "echo", "alive".getBytes(UTF_8))).asString(UTF_8).isEqualTo("alive");
    }

    @Test
    void aTooLargeInputIsAuditedAsRefused() {
        start(PluginLimits.DEFAULTS.withMaxInputBytes(16));

        assertThatThrownBy(() -> host.call("abi-fixtures", "echo", new byte[17]))
                .isInstanceOf(PayloadTooLargeException.class);

        assertThat(audit.recent(10)).singleElement().satisfies(e -> {
            assertThat(e.what()).isEqualTo(ErrorCode.TOO_LARGE);
            assertThat(e.resource()).isEqualTo("echo (input limit 16 bytes)");
            assertThat(e.action()).isEqualTo(AuditAction.REFUSED);
            assertThat(e.detail()).contains("input of 17 bytes for abi-fixtures.echo");
        });
    }

    @Test
    void pluginErrorsAndTrapsAreNotAudited() {
        start(PluginLimits.DEFAULTS);

        assertThatThrownBy(() -> host.call("abi-fixtures", "fail", new byte[0]))
                .isInstanceOf(PluginFailureException.class);
        assertThatThrownBy(() -> host.call("abi-fixtures", "trap", new byte[0]))
                .isInstanceOf(PluginTrapException.class);
        host.call("abi-fixtures", "echo", "ok".getBytes(UTF_8));

        assertThat(audit.size()).isZero();
        assertThat(heard).isEmpty();
    }
}
