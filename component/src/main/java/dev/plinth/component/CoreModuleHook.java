package dev.plinth.component;

import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;

/**
 * How a component's core modules become Chicory instances, for a host that runs them under its own rules: it
 * may rewrite and parse each core module (meter it for fuel, compile it once and cache it) and finish each
 * instance's builder (its machine, memory factory, globals). Called during {@link Component#instantiate}, on
 * its thread, once per core instantiation.
 */
public interface CoreModuleHook {
    /**
     * Parses each core module and builds it as it is. Only under this hook do core modules of nested
     * components run: a host's own hook prepares the root's core modules by index, and a nested component's
     * core module is refused rather than run outside what the host prepared.
     */
    CoreModuleHook DEFAULT = new CoreModuleHook() {
    };

    /**
     * The module to run for core module {@code index} of the component ({@code bytes} as the component holds
     * them). It must import what {@code bytes} imports, in the same order. The default parses {@code bytes}.
     */
    default WasmModule module(int index, byte[] bytes) {
        return Parser.parse(bytes);
    }

    /**
     * Builds the instance of core module {@code index} from a builder that holds its module and its imports;
     * the default builds it as it is (on the options' machine).
     */
    default Instance build(int index, Instance.Builder builder) {
        return builder.build();
    }
}
