package dev.plinth.spring.autoconfigure;

import dev.plinth.api.deploy.PluginEventListener;
import dev.plinth.host.PluginEngine;
import dev.plinth.host.PluginVersion;
import dev.plinth.reload.ReloadingRegistry;
import dev.plinth.spring.ActivePlugins;
import dev.plinth.spring.lifecycle.GatedPluginRegistry;
import dev.plinth.spring.lifecycle.PluginCallObserver;
import dev.plinth.spring.properties.PlinthProperties;
import dev.plinth.spring.properties.ReloadProperties;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** Builds and starts the reloading registry from the {@code plinth.*} properties. */
final class RegistryFactory {

    private RegistryFactory() {
    }

    static GatedPluginRegistry create(PluginEngine engine, PlinthProperties properties,
            List<PluginEventListener> listeners, PluginCallObserver observer) {
        Path dir = properties.getPlugins().getDir().toAbsolutePath().normalize();
        ReloadProperties reload = properties.getReload();
        ReloadingRegistry.Builder builder = ReloadingRegistry.builder(engine)
                .pluginsDir(dir)
                .watch(reload.isEnabled())
                .debounce(reload.getDebounce())
                .rescanInterval(reload.getRescanInterval())
                .historySize(reload.getHistorySize())
                .retryPolicy(reload.getRetry().toPolicy())
                .canaryPolicy(properties.getCanary().toPolicy());
        properties.getCanary().toPluginPolicies().forEach(builder::canaryPolicy);
        listeners.forEach(builder::listener);
        ReloadingRegistry registry = builder.build();
        try {
            registry.start();
        } catch (RuntimeException | Error e) {
            registry.close();
            throw e;
        }
        return new GatedPluginRegistry(registry, registry, new ActivePlugins() {
            @Override
            public Optional<PluginVersion> active(String plugin) {
                return registry.active(plugin);
            }

            @Override
            public Optional<PluginVersion> canaryVersion(String plugin) {
                return registry.canaryVersion(plugin);
            }
        }, observer);
    }
}
