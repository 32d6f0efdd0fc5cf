package dev.plinth.host.internal.pool;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How a metered version's instances are fuelled: the exported counter global of the rewritten
 * module, the budget each call (and each instantiation) starts with, and, when the operator set no
 * budget and the budget only backs the deadline up (interpreter mode), the deadline it was
 * derived from.
 *
 * @param derivedFrom the deadline the budget was derived from, or {@code null} for the operator's budget
 */
public record FuelBudget(String counterGlobal, long perCall, Duration derivedFrom) {
    public FuelBudget {
        Objects.requireNonNull(counterGlobal, "counterGlobal");
        if (perCall <= 0) {
            throw new IllegalArgumentException("a fuel budget must be positive, was " + perCall);
        }
    }

    /** The operator's budget. */
    public FuelBudget(String counterGlobal, long perCall) {
        this(counterGlobal, perCall, null);
    }

    /** The deadline the budget stands for, if the operator set none. */
    public Optional<Duration> deadline() {
        return Optional.ofNullable(derivedFrom);
    }
}
