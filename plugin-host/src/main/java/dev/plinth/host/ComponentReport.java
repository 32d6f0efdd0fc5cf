package dev.plinth.host;

import dev.plinth.component.type.FuncType;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What {@link ModuleInspector#inspectComponent} found in a plugin that is a WebAssembly component: its identity
 * and its exported functions with their WIT types, as loading it under the engine's default limits showed them.
 *
 * @param source the plugin directory or bare {@code .wasm} inspected
 * @param name the plugin's name
 * @param version its version string
 * @param sha256 hex SHA-256 of the component file
 * @param exports the exported functions and their types, by name
 * @param world the WIT world it was checked against ({@code [plugin] world}), empty when it names none
 * @param interfaceHash the compatibility hash of its interface ({@link dev.plinth.component.contract.InterfaceHash})
 */
public record ComponentReport(Path source, String name, String version, String sha256, Map<String, FuncType> exports,
        Optional<String> world, String interfaceHash) {
    public ComponentReport {
        exports = Map.copyOf(exports);
        Objects.requireNonNull(world, "world");
        Objects.requireNonNull(interfaceHash, "interfaceHash");
    }

    /** Always {@code component}, as {@link PluginVersion#kind()} says it. */
    public String kind() {
        return "component";
    }

    /** The exports as WIT, by name, sorted: {@code greet -> func(name: string) -> string}. */
    public Map<String, String> exportTypes() {
        Map<String, String> types = new TreeMap<>();
        exports.forEach((export, type) -> types.put(export, type.wit()));
        return types;
    }
}
