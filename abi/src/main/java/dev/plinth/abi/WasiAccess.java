package dev.plinth.abi;

import dev.plinth.sandbox.fs.FileSandbox;
import dev.plinth.security.policy.ClockAccess;
import dev.plinth.security.policy.EffectiveGrants;
import dev.plinth.security.policy.RandomSource;
import java.util.Objects;

/**
 * What one version's WASI functions may reach: its file-system mounts, its clocks and its source
 * of random bytes, all from its effective grants.
 *
 * @param files the granted mounts (none: no files at all)
 * @param clock what the clocks read
 * @param random where {@code random_get} bytes come from
 */
public record WasiAccess(FileSandbox files, ClockAccess clock, RandomSource random) {
    /** Nothing granted: no files, frozen clocks, seeded random bytes. */
    public static final WasiAccess NONE = new WasiAccess(FileSandbox.none(), ClockAccess.FROZEN, RandomSource.SEEDED);

    public WasiAccess {
        Objects.requireNonNull(files, "files");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(random, "random");
    }

    /** The access of a version with these mounts and grants. */
    public static WasiAccess of(FileSandbox files, EffectiveGrants grants) {
        return new WasiAccess(files, grants.clock(), grants.random());
    }
}
