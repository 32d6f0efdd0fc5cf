package dev.plinth.reload.testing;

import dev.plinth.api.host.HostFunction;
import dev.plinth.host.PluginEngine;
import dev.plinth.reload.ReloadingRegistry;
import java.nio.file.Path;
import java.time.Duration;

/** Registries as the tests use them: a short debounce and rescan, and a listener that records events. */
public final class Registries {
    public static final Duration DEBOUNCE = Duration.ofMillis(100);

    private Registries() {
    }

    /** An engine offering {@code echo-host} (the ABI fixtures ask for it) and {@code lookup-context} (log-enricher). */
    public static PluginEngine engine() {
        return PluginEngine.builder()
                .hostFunction(HostFunction.of("echo-host", bytes -> bytes))
                .hostFunction(HostFunction.of("lookup-context", key -> key))
                .build();
    }

    public static ReloadingRegistry.Builder watching(Path pluginsDir, RecordingListener listener) {
        return ReloadingRegistry.builder(engine())
                .pluginsDir(pluginsDir)
                .debounce(DEBOUNCE)
                .rescanInterval(Duration.ofMillis(500))
                .listener(listener);
    }
}
