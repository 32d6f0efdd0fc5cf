package dev.plinth.abi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.dylibso.chicory.runtime.GlobalInstance;
import com.dylibso.chicory.wasm.types.MutabilityType;
import com.dylibso.chicory.wasm.types.ValType;
import dev.plinth.api.error.FuelExhaustedException;
import dev.plinth.api.error.PluginTimeoutException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The fuel tank: the operator's budget runs out as {@code fuel-exhausted}, a budget derived from
 * the deadline as {@code timeout}; a drainable counter stops the guest for good until refilled,
 * even against the guest's own writes.
 */
class FuelTankTest {
    @Test
    void theOperatorsBudgetRunsOutAsFuelExhausted() {
        FuelTank tank = new FuelTank("p", 5);
        tank.attach(new GlobalInstance(0, 0, ValType.I64, MutabilityType.Var));
        tank.fill();
        assertThatThrownBy(tank::chargeCall).isInstanceOf(FuelExhaustedException.class)
                .hasMessageContaining("fuel budget of 5");
        assertThat(tank.derived()).isFalse();
    }

    @Test
    void aBudgetDerivedFromTheDeadlineRunsOutAsTimeout() {
        FuelTank tank = new FuelTank("p", 5, Duration.ofMillis(300));
        tank.attach(new DrainableFuelCounter(0, MutabilityType.Var));
        tank.fill();
        assertThatThrownBy(tank::chargeCall).isInstanceOf(PluginTimeoutException.class)
                .hasMessageContaining("deadline of 300 ms");
        assertThat(tank.derived()).isTrue();
    }

    @Test
    void aDrainedCounterStaysDrainedWhateverTheGuestWritesUntilItIsRefilled() {
        DrainableFuelCounter counter = new DrainableFuelCounter(0, MutabilityType.Var);
        FuelTank tank = new FuelTank("p", 1_000);
        tank.attach(counter);
        tank.fill();
        assertThat(counter.getValue()).isEqualTo(1_000);
        tank.stop();
        assertThat(tank.exhausted()).isTrue();
        counter.setValue(999); // the guest's write-back of what it read before the drain
        assertThat(counter.getValueLow()).isEqualTo(DrainableFuelCounter.DRAINED);
        assertThat(counter.drained()).isTrue();
        tank.fill();
        assertThat(counter.getValue()).isEqualTo(1_000);
        counter.setValue(990);
        assertThat(counter.getValue()).isEqualTo(990);
    }

    @Test
    void stoppingAPlainCounterDoesNothing() {
        GlobalInstance plain = new GlobalInstance(0, 0, ValType.I64, MutabilityType.Var);
        FuelTank tank = new FuelTank("p", 1_000);
        tank.attach(plain);
        tank.fill();
        tank.stop();
        assertThat(plain.getValue()).isEqualTo(1_000);
    }
}
