package dev.plinth.abi;

import com.dylibso.chicory.runtime.GlobalInstance;
import com.dylibso.chicory.wasm.types.MutabilityType;
import com.dylibso.chicory.wasm.types.ValType;
import com.dylibso.chicory.wasm.types.Value;

/**
 * The fuel counter global of an instance whose module reads and writes the counter at every
 * charge ({@code FuelMeter.instrumentWithSharedCounter}, used in interpreter mode), which another
 * thread can drain to stop the guest at its next charge: the deadline's watchdog does, because
 * Chicory's interpreter does not check for interruption on {@code br_if}, {@code br_table} or tail
 * calls.
 *
 * <p>The value is volatile, so a drain is seen by the guest's thread. A drain is sticky: the guest
 * reads the counter, subtracts and writes it back, and a drain that landed between its read and
 * its write would be lost; so every write checks the drained flag after storing and stores the
 * drained value again if it is set. With both fields volatile, either the guest's check sees the
 * flag, or its store came before the drain's. Only {@link #refill} clears it.
 */
public final class DrainableFuelCounter extends GlobalInstance {
    /**
     * What a drained counter holds: so far below zero that the guest's charges cannot bring it
     * back up, so far above {@link Long#MIN_VALUE} that they cannot wrap it round.
     */
    static final long DRAINED = Long.MIN_VALUE / 2;

    private volatile long value;
    private volatile boolean drained;

    public DrainableFuelCounter(long initial, MutabilityType mutability) {
        super(initial, 0, ValType.I64, mutability);
        this.value = initial;
    }

    @Override
    public long getValue() {
        return value;
    }

    @Override
    public long getValueLow() {
        return value;
    }

    @Override
    public void setValue(long newValue) {
        value = newValue;
        if (drained) {
            value = DRAINED;
        }
    }

    @Override
    public void setValueLow(long newValue) {
        setValue(newValue);
    }

    @Override
    public void setValue(Value newValue) {
        setValue(newValue.raw());
    }

    /** Empties the counter for good (until {@link #refill}): the guest traps at its next charge. */
    void drain() {
        drained = true;
        value = DRAINED;
    }

    /** Sets the counter to {@code budget} and forgets a drain; before a call. */
    void refill(long budget) {
        drained = false;
        value = budget;
    }

    /** Whether the counter was drained since the last {@link #refill}. */
    boolean drained() {
        return drained;
    }
}
