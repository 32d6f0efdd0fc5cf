package dev.plinth.abi;

import dev.plinth.sandbox.fs.FileSandbox;
import dev.plinth.security.policy.ClockAccess;
import dev.plinth.security.policy.EffectiveGrants;
import dev.plinth.security.policy.RandomSource;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What one version's WASI functions may reach: its file-system mounts, its clocks, its source
 * of random bytes and its environment variables, all from its effective grants.
 *
 * @param files the granted mounts (none: no files at all)
 * @param clock what the clocks read
 * @param random where {@code random_get} bytes come from
 * @param environment the variables {@code environ_get} returns, in order (none: an empty environment)
 */
public record WasiAccess(FileSandbox files, ClockAccess clock, RandomSource random, Map<String, String> environment) {
    /** Nothing granted: no files, frozen clocks, seeded random bytes, no variables. */
    public static final WasiAccess NONE = new WasiAccess(FileSandbox.none(), ClockAccess.FROZEN, RandomSource.SEEDED);

    public WasiAccess {
        Objects.requireNonNull(files, "files");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(random, "random");
        environment = Collections.unmodifiableMap(new LinkedHashMap<>(environment));
    }

    /** With an empty environment. */
    public WasiAccess(FileSandbox files, ClockAccess clock, RandomSource random) {
        this(files, clock, random, Map.of());
    }

    /**
     * The access of a version with these mounts and grants; granted variables valued from the host
     * process are read now, when the version is loaded.
     */
    public static WasiAccess of(FileSandbox files, EffectiveGrants grants) {
        return new WasiAccess(files, grants.clock(), grants.random(), grants.env().resolve(System::getenv));
    }
}
