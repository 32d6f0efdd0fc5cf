package dev.plinth.host.internal.pool;

import dev.plinth.api.manifest.PluginManifest;
import dev.plinth.host.internal.engine.CompiledModule;
import dev.plinth.host.internal.engine.GuestRuntime;
import java.util.Objects;
import java.util.Optional;

/**
 * One module of a plugin as its instances are made of it. A plugin of several modules has one
 * instance of each in every plugin instance, linked by name: the main module (named
 * {@value PluginManifest#MAIN_MODULE}, whose exports callers call) and the modules it, or they,
 * import from.
 *
 * @param name the name other modules import it by; {@value PluginManifest#MAIN_MODULE} for the main module
 * @param module the module, compiled (metered, if the version is)
 * @param label its file, as errors name it
 * @param fuelCounter the export of its fuel counter, when the version is metered
 * @param runtime what the host calls once per instance after the start section: the main module's
 *     language runtime ({@link CompiledModule#runtime()}); another module's {@code _initialize}
 *     ({@link GuestRuntime#ofLibrary})
 * @param kernelMemory which of the memories the module defines is its kernel memory, the one the
 *     plugin instance's Extism memory is handed in for ({@code InlinedKernel.definedMemoryPosition});
 *     -1 when its kernel functions are host calls only
 */
public record LinkedModule(String name, CompiledModule module, String label, Optional<String> fuelCounter,
        GuestRuntime runtime, int kernelMemory) {
    public LinkedModule {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(module, "module");
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(fuelCounter, "fuelCounter");
        Objects.requireNonNull(runtime, "runtime");
    }

    /** The main module: its exports are the plugin's, its runtime is initialized as Extism does. */
    public static LinkedModule main(CompiledModule module, String label, Optional<String> fuelCounter) {
        return main(module, label, fuelCounter, -1);
    }

    /** The main module, its kernel memory the {@code kernelMemory}-th memory it defines (-1: none). */
    public static LinkedModule main(CompiledModule module, String label, Optional<String> fuelCounter,
            int kernelMemory) {
        return new LinkedModule(PluginManifest.MAIN_MODULE, module, label, fuelCounter, module.runtime(),
                kernelMemory);
    }

    /** Another module of the plugin, imported by {@code name}. */
    public static LinkedModule library(String name, CompiledModule module, String label, Optional<String> fuelCounter,
            int kernelMemory) {
        return new LinkedModule(name, module, label, fuelCounter, GuestRuntime.ofLibrary(module.module()),
                kernelMemory);
    }

    public boolean isMain() {
        return name.equals(PluginManifest.MAIN_MODULE);
    }

    /**
     * How a phase of making this module's instance is named in errors: as it is for the main
     * module ({@code <start>}, {@code _initialize}), after the module's name for another
     * ({@code helpers:<start>}).
     */
    String phase(String phase) {
        return isMain() ? phase : name + ":" + phase;
    }
}
