package dev.plinth.host.internal.abi;

import com.dylibso.chicory.runtime.GlobalInstance;
import dev.plinth.api.error.FuelExhaustedException;

/**
 * The fuel counter of one metered instance: the global that the rewritten module decrements as it
 * runs (see {@code dev.plinth.security.fuel.FuelMeter}). Filled to the budget before every call,
 * read after it; host functions charge it too, so work done on the guest's behalf is paid for.
 */
public final class FuelTank {
    /** What every host call costs, like a handful of guest instructions. */
    static final long HOST_CALL_COST = 8;
    /** Bytes a host call may copy per unit of fuel. */
    static final long BYTES_PER_UNIT = 8;

    private final String plugin;
    private final long budget;
    private GlobalInstance counter;

    public FuelTank(String plugin, long budget) {
        this.plugin = plugin;
        this.budget = budget;
    }

    /** Connects the tank to the instance's counter, once the instance exists. */
    public void attach(GlobalInstance global) {
        this.counter = global;
    }

    /** Fills the counter to the budget; before every call. */
    public void fill() {
        counter.setValue(budget);
    }

    /** Fuel used since the last {@link #fill()}. */
    public long consumed() {
        return Math.min(budget, budget - counter.getValue());
    }

    /** Whether the guest ran the counter below zero: only the fuel check does that. */
    public boolean exhausted() {
        return counter != null && counter.getValue() < 0;
    }

    public long budget() {
        return budget;
    }

    /** Charges one host call; refuses it when the budget is spent. */
    void chargeCall() {
        take(HOST_CALL_COST);
    }

    /** Charges the bytes a host call copies in or out of the guest's reach. */
    void chargeBytes(long bytes) {
        take(bytes / BYTES_PER_UNIT);
    }

    private void take(long units) {
        long left = counter.getValue() - units;
        counter.setValue(left);
        if (left < 0) {
            throw exhaustedError("a host call");
        }
    }

    /** The error for a call that ran out of fuel. */
    public FuelExhaustedException exhaustedError(String where) {
        return new FuelExhaustedException("plugin " + plugin + " spent its fuel budget of " + budget
                + " in " + where + " and was stopped");
    }
}
