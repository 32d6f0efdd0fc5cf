package dev.plinth.host.internal.pool;

/**
 * How a metered version's instances are fuelled: the exported counter global of the rewritten
 * module, and the budget each call starts with.
 */
public record FuelBudget(String counterGlobal, long perCall) {
    public FuelBudget {
        if (perCall <= 0) {
            throw new IllegalArgumentException("a fuel budget must be positive, was " + perCall);
        }
    }
}
