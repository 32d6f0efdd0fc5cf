package dev.plinth.host.internal.registry;

import dev.plinth.abi.VarStore;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The vars of every plugin an engine has loaded or been asked about, by plugin name: one store per
 * plugin, shared by all its instances and versions, so that vars survive calls, discarded
 * instances and reloads. A plugin's cap is its {@code max-vars}, which only the operator sets, so
 * it is the same for every version of the plugin.
 */
final class VarStores {
    private final Map<String, VarStore> stores = new ConcurrentHashMap<>();

    /** The store of {@code plugin}, made with a cap of {@code maxBytes} when it is first needed. */
    VarStore of(String plugin, long maxBytes) {
        return stores.computeIfAbsent(plugin, name -> new VarStore(name, maxBytes));
    }
}
