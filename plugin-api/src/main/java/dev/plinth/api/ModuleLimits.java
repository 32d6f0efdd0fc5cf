package dev.plinth.api;

import java.time.Duration;
import java.util.Objects;

/**
 * The shape a module may have, checked before it is compiled or instantiated: the host spends
 * memory and CPU on a module in proportion to its size, its functions, their bodies and nesting,
 * its tables and globals, so a small hostile file could otherwise make the host compile for minutes
 * or allocate gigabytes. A module over any of these is {@code invalid-module}, naming the figure and
 * the limit.
 *
 * @param maxModuleBytes the largest module file read
 * @param maxFunctions the most functions a module may define
 * @param maxFunctionBytes the largest body of one function, in bytes of code
 * @param maxInstructions the most instructions all function bodies may hold together: the engine
 *     keeps an object of about 50 bytes for each (a 32 MiB module of {@code nop}s took 1.6 GB of
 *     heap and 20 s to parse)
 * @param maxNesting the deepest nesting of blocks, loops and ifs in one function
 * @param maxTableElements the most entries all tables of an instance may hold together, at
 *     instantiation and after {@code table.grow}
 * @param maxGlobals the most globals a module may define
 * @param compileTimeout how long compiling one module may take
 */
public record ModuleLimits(long maxModuleBytes, int maxFunctions, long maxFunctionBytes, long maxInstructions,
        int maxNesting, long maxTableElements, int maxGlobals, Duration compileTimeout) {
    /**
     * 32 MiB modules, 50,000 functions of at most 4 MiB each, 5,000,000 instructions in all (about
     * 250 MB of the engine's heap), nesting 4,096 deep, 100,000 table entries, 10,000 globals, 60 s
     * to compile.
     */
    public static final ModuleLimits DEFAULTS = new ModuleLimits(32L << 20, 50_000, 4L << 20, 5_000_000, 4096,
            100_000, 10_000, Duration.ofSeconds(60));

    public ModuleLimits {
        Objects.requireNonNull(compileTimeout, "compileTimeout");
        Limits.requirePositive("maxModuleBytes", maxModuleBytes);
        Limits.requirePositive("maxFunctions", maxFunctions);
        Limits.requirePositive("maxFunctionBytes", maxFunctionBytes);
        Limits.requirePositive("maxInstructions", maxInstructions);
        Limits.requirePositive("maxNesting", maxNesting);
        Limits.requirePositive("maxTableElements", maxTableElements);
        Limits.requirePositive("maxGlobals", maxGlobals);
        Limits.requirePositive("compileTimeout", compileTimeout.toNanos());
    }
}
