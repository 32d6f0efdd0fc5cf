package dev.plinth.host.internal.component;

import dev.plinth.abi.FuelTank;
import dev.plinth.abi.LogBudget;
import dev.plinth.abi.WasiAccess;
import dev.plinth.api.LogLimits;
import dev.plinth.component.ComponentImports;
import dev.plinth.component.wasi.WasiHost;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;

/**
 * What the engine provides to the instances of one component plugin version: WASI 0.2 over the version's
 * sandbox and grants (when the component imports any WASI interface) and the plinth services it was granted,
 * all charged against each call's deadline and fuel ({@link MeteredImports}), logging to the plugin's logger
 * under each call's log budget; then the application's interfaces the version was granted
 * ({@code PluginEngine.Builder.componentImports}), charged the same way.
 *
 * @param wasi the files, clocks, random source and environment granted, or {@code null} when the component
 *     imports no WASI interface
 * @param application the application's interfaces granted to this version, made anew for each instance
 */
public record ComponentHost(String plugin, Logger logger, LogLimits logLimits, WasiAccess wasi,
        PlinthServices services, Supplier<InstanceImports> application) {

    /** Without interfaces of the application. */
    public ComponentHost(String plugin, Logger logger, LogLimits logLimits, WasiAccess wasi,
            PlinthServices services) {
        this(plugin, logger, logLimits, wasi, services, () -> InstanceImports.of(ComponentImports.none()));
    }

    /** The same, with {@code granted} the application's interfaces this version may import, per instance. */
    public ComponentHost withApplication(Supplier<InstanceImports> granted) {
        return new ComponentHost(plugin, logger, logLimits, wasi, services, granted);
    }

    /** The imports of one new instance, with their own log budget and WASI state. */
    public Imports instance(FuelTank fuel) {
        LogBudget logs = new LogBudget(logger, logLimits);
        WasiHost host = wasi == null ? null : WasiHost.create(plugin, wasi, logs, List.of(plugin));
        ComponentImports provided = services.imports(logs);
        if (host != null) {
            provided = host.orElse(provided);
        }
        InstanceImports linked = application.get();
        provided = provided.orElse(linked);
        return new Imports(new MeteredImports(provided, fuel), logs, host, linked);
    }

    /**
     * One instance's imports, its log budget, its WASI state ({@code null} without WASI) and the application's
     * imports it links: {@link #begin} and {@link #end} around each call, {@link #close} when the instance is
     * discarded.
     */
    public record Imports(ComponentImports imports, LogBudget logs, WasiHost wasi, InstanceImports application)
            implements AutoCloseable {
        /** A call of {@code function} begins: a fresh log budget (and WASI write quota). */
        public void begin(String function) {
            if (wasi != null) {
                wasi.beginCall(function);
            } else {
                logs.begin(function);
            }
        }

        /** The call ended: an unfinished last line of stdout or stderr is logged. */
        public void end() {
            if (wasi != null) {
                wasi.endCall();
            } else {
                logs.end();
            }
        }

        /** Closes the files the guest left open and the application's resources it still held. */
        @Override
        public void close() {
            try {
                if (wasi != null) {
                    wasi.close();
                }
            } finally {
                application.close();
            }
        }
    }
}
