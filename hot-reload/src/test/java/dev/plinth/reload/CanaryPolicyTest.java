package dev.plinth.reload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CanaryPolicyTest {
    @Test
    void theDefaultReplacesAtOnce() {
        assertThat(CanaryPolicy.DEFAULT.mode()).isEqualTo(CanaryPolicy.Mode.IMMEDIATE);
        assertThat(CanaryPolicy.immediate()).isEqualTo(CanaryPolicy.DEFAULT);
        assertThat(CanaryPolicy.DEFAULT.autoPromoteAfter()).isEmpty();
        assertThat(CanaryPolicy.DEFAULT.maxLatency()).isEmpty();
    }

    @Test
    void withersBuildACanaryPolicy() {
        CanaryPolicy policy = CanaryPolicy.canary(5).withMaxFailureRate(0.02).withMaxLatency(Duration.ofMillis(50))
                .withMinCalls(500).withAutoPromoteAfter(10_000);
        assertThat(policy.mode()).isEqualTo(CanaryPolicy.Mode.CANARY);
        assertThat(policy.initialWeight()).isEqualTo(5);
        assertThat(policy.maxFailureRate()).isEqualTo(0.02);
        assertThat(policy.maxLatency()).isEqualTo(Optional.of(Duration.ofMillis(50)));
        assertThat(policy.minCalls()).isEqualTo(500);
        assertThat(policy.autoPromoteAfter()).hasValue(10_000);
    }

    @Test
    void nonsenseIsRefusedWithTheReason() {
        assertThatThrownBy(() -> CanaryPolicy.canary(101)).hasMessageContaining("initialWeight");
        assertThatThrownBy(() -> CanaryPolicy.canary(10).withMaxFailureRate(1.5)).hasMessageContaining("maxFailureRate");
        assertThatThrownBy(() -> CanaryPolicy.canary(10).withMaxFailureRate(Double.NaN))
                .hasMessageContaining("maxFailureRate");
        assertThatThrownBy(() -> CanaryPolicy.canary(10).withMaxLatency(Duration.ZERO)).hasMessageContaining("maxLatency");
        assertThatThrownBy(() -> CanaryPolicy.canary(10).withMinCalls(0)).hasMessageContaining("minCalls");
        assertThatThrownBy(() -> CanaryPolicy.canary(10).withMinCalls(100).withAutoPromoteAfter(50))
                .hasMessageContaining("autoPromoteAfter");
    }
}
