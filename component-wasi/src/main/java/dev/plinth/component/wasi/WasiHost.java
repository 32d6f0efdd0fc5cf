package dev.plinth.component.wasi;

import dev.plinth.abi.LogBudget;
import dev.plinth.abi.WasiAccess;
import dev.plinth.component.ComponentImports;
import dev.plinth.component.HostFunction;
import dev.plinth.component.HostResource;
import dev.plinth.component.wasi.internal.WasiNames;
import dev.plinth.component.wasi.internal.WasiState;
import java.util.List;

/**
 * WASI 0.2 for one component instance, as {@link ComponentImports}: answers {@code wasi:pkg/iface@0.2.N#name}
 * for every interface {@link WasiComponents#SUPPORTED} at any 0.2.x patch version, with what the grants allow
 * (the same {@link WasiAccess} as WASI preview 1). One per instance: the streams, descriptors and pollables a
 * guest holds belong to it. {@link #beginCall} before each call (the per-call write quota and log budget);
 * {@link #close} when the instance is discarded (files the guest left open are closed).
 */
public final class WasiHost implements ComponentImports, AutoCloseable {
    private final WasiState state;
    private final LogBudget logs;

    private WasiHost(WasiState state, LogBudget logs) {
        this.state = state;
        this.logs = logs;
    }

    /**
     * The WASI of one instance of {@code plugin}.
     *
     * @param access the mounts, clocks, random source and environment variables granted
     * @param logs where stdout and stderr go, line by line, under the call's budget
     * @param arguments what {@code get-arguments} answers (none, or the plugin's name)
     */
    public static WasiHost create(String plugin, WasiAccess access, LogBudget logs, List<String> arguments) {
        return new WasiHost(new WasiState(plugin, access, logs, arguments), logs);
    }

    /** A call of {@code function} begins: a fresh log budget and write quota for it. */
    public void beginCall(String function) {
        logs.begin(function);
        state.beginCall();
    }

    /** The call ended: what stdout and stderr hold of an unfinished line is logged. */
    public void endCall() {
        logs.end();
    }

    /** Closes what the guest left open. */
    @Override
    public void close() {
        state.close();
    }

    @Override
    public HostFunction function(String name) {
        String key = unversioned(name);
        return key == null ? null : state.function(key);
    }

    @Override
    public HostResource resource(String name) {
        String key = unversioned(name);
        return key == null ? null : state.resource(key);
    }

    private static String unversioned(String name) {
        int hash = name.indexOf('#');
        if (hash < 0) {
            return null;
        }
        String iface = WasiNames.provided(name.substring(0, hash));
        return iface == null ? null : iface + name.substring(hash);
    }
}
