package dev.plinth.reload;

import dev.plinth.reload.internal.BucketHash;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Which versions of one plugin take calls, and in what share: an immutable value swapped whole, so
 * that a call reads it once and picks exactly one version. A keyed call goes to the canary when
 * its key's {@link BucketHash bucket} is within the weight, the same way on every node; a keyless
 * call goes to the canary with a probability of {@code weight} percent.
 *
 * @param active the version serving, or {@code null} when none is
 * @param canary the canary, or {@code null}
 * @param weight the canary's share, 0 to 100
 */
record Routing(RoutedVersion active, RoutedVersion canary, int weight) {
    static final Routing NONE = new Routing(null, null, 0);

    static Routing of(RoutedVersion active) {
        return new Routing(active, null, 0);
    }

    /** The version for one call, or {@code null} when nothing serves. */
    RoutedVersion pick(String plugin, Optional<String> routingKey) {
        if (canary == null || weight == 0) {
            return active;
        }
        if (weight == 100) {
            return canary;
        }
        boolean toCanary = routingKey.isPresent()
                ? BucketHash.inCanary(plugin, routingKey.get(), weight)
                : ThreadLocalRandom.current().nextInt(100) < weight;
        return toCanary ? canary : active;
    }

    Routing withCanary(RoutedVersion value, int share) {
        return new Routing(active, value, share);
    }

    Routing withoutCanary() {
        return new Routing(active, null, 0);
    }
}
