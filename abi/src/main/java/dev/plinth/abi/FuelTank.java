package dev.plinth.abi;

import com.dylibso.chicory.runtime.GlobalInstance;
import dev.plinth.api.error.FuelExhaustedException;
import dev.plinth.api.error.PluginException;
import dev.plinth.api.error.PluginTimeoutException;
import java.time.Duration;

/**
 * The fuel counter of one metered instance: the global that the rewritten module decrements as it
 * runs (see {@code dev.plinth.wasm.fuel.FuelMeter}). Filled to the budget before every call,
 * read after it; host functions charge it too, so work done on the guest's behalf is paid for.
 *
 * <p>A budget is either the operator's (running out is {@code fuel-exhausted}) or derived from the
 * deadline, for interpreter mode when the operator set none: then it only backs the deadline up,
 * and running out of it is {@code timeout}.
 */
public final class FuelTank {
    /** What every host call costs, like a handful of guest instructions. */
    static final long HOST_CALL_COST = 8;
    /** Bytes a host call may copy per unit of fuel. */
    static final long BYTES_PER_UNIT = 8;

    private final String plugin;
    private final long budget;
    private final Duration derivedFrom;
    private GlobalInstance counter;

    /** A tank with the operator's budget. */
    public FuelTank(String plugin, long budget) {
        this(plugin, budget, null);
    }

    /**
     * @param derivedFrom the deadline the budget was derived from, or {@code null} for the operator's budget
     */
    public FuelTank(String plugin, long budget, Duration derivedFrom) {
        this.plugin = plugin;
        this.budget = budget;
        this.derivedFrom = derivedFrom;
    }

    /** Connects the tank to the instance's counter, as soon as the instance creates it. */
    public void attach(GlobalInstance global) {
        this.counter = global;
    }

    /** Whether the tank is connected to a counter yet. */
    public boolean attached() {
        return counter != null;
    }

    /** Fills the counter to the budget; before every call. */
    public void fill() {
        if (counter instanceof DrainableFuelCounter drainable) {
            drainable.refill(budget);
        } else {
            counter.setValue(budget);
        }
    }

    /**
     * Stops the guest at its next charge, from any thread: drains a counter the guest reads at
     * every charge (interpreter mode). Does nothing to a counter the guest keeps a copy of; compiled
     * code stops on the interrupt instead.
     */
    public void stop() {
        if (counter instanceof DrainableFuelCounter drainable) {
            drainable.drain();
        }
    }

    /** Fuel used since the last {@link #fill()}. */
    public long consumed() {
        return Math.min(budget, budget - counter.getValue());
    }

    /** Whether the guest ran the counter below zero: only the fuel check (or {@link #stop()}) does that. */
    public boolean exhausted() {
        return counter != null && counter.getValue() < 0;
    }

    /** Whether the budget only backs the deadline up (no operator budget), so it is not reported as fuel. */
    public boolean derived() {
        return derivedFrom != null;
    }

    public long budget() {
        return budget;
    }

    /** Charges one host call; refuses it when the budget is spent. */
    public void chargeCall() {
        take(HOST_CALL_COST);
    }

    /** Charges the bytes a host call copies in or out of the guest's reach. */
    public void chargeBytes(long bytes) {
        take(bytes / BYTES_PER_UNIT);
    }

    private void take(long units) {
        if (counter == null) {
            return;
        }
        long left = counter.getValue() - units;
        counter.setValue(left);
        if (left < 0) {
            throw exhaustedError("a host call");
        }
    }

    /**
     * The error for a call that ran out of fuel: {@code fuel-exhausted} for the operator's budget,
     * {@code timeout} for one derived from the deadline.
     */
    public PluginException exhaustedError(String where) {
        if (derivedFrom != null) {
            return new PluginTimeoutException("plugin " + plugin + " ran the " + budget + " instructions that its"
                    + " deadline of " + derivedFrom.toMillis() + " ms allows in " + where + " and was stopped");
        }
        return new FuelExhaustedException("plugin " + plugin + " spent its fuel budget of " + budget
                + " in " + where + " and was stopped");
    }
}
