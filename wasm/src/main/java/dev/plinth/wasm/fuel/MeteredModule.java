package dev.plinth.wasm.fuel;

import java.util.Arrays;
import java.util.Objects;

/**
 * A module rewritten by {@link FuelMeter}: its bytes, the name under which it exports its fuel
 * counter, the value that counter starts with, and what was instrumented.
 *
 * @param bytes the metered module; the array is the caller's (records do not copy)
 * @param fuelGlobalExport name of the exported mutable i64 global that holds the remaining fuel
 *     ({@value FuelMeter#FUEL_GLOBAL_EXPORT} unless the module already exports that name)
 * @param initialFuel the counter's value when an instance is created: the budget of a start
 *     function, and of any call made before the host first sets the counter
 * @param meteredFunctions how many function bodies were instrumented
 * @param chargeSites how many charge sequences were inserted
 */
public record MeteredModule(byte[] bytes, String fuelGlobalExport, long initialFuel, int meteredFunctions,
                            int chargeSites) {

    public MeteredModule {
        Objects.requireNonNull(bytes, "bytes");
        Objects.requireNonNull(fuelGlobalExport, "fuelGlobalExport");
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof MeteredModule that && Arrays.equals(bytes, that.bytes)
                && fuelGlobalExport.equals(that.fuelGlobalExport) && initialFuel == that.initialFuel
                && meteredFunctions == that.meteredFunctions && chargeSites == that.chargeSites;
    }

    @Override
    public int hashCode() {
        return Objects.hash(Arrays.hashCode(bytes), fuelGlobalExport, initialFuel, meteredFunctions, chargeSites);
    }

    @Override
    public String toString() {
        return "MeteredModule[" + bytes.length + " bytes, fuel global '" + fuelGlobalExport + "', initial fuel "
                + initialFuel + ", " + meteredFunctions + " functions, " + chargeSites + " charge sites]";
    }
}
