package dev.plinth.wasm.fuel;

import java.util.List;

/**
 * Which custom sections survive metering. Metering moves code, so sections that address code by
 * byte offset would point at the wrong instructions afterwards: DWARF ({@code .debug_*}), source
 * maps ({@code sourceMappingURL}, {@code external_debug_info}) and linker metadata
 * ({@code linking}, {@code reloc.*}) are dropped. Everything else ({@code name}, {@code producers},
 * {@code target_features}, a plugin's own sections) is kept byte for byte; the {@code name}
 * section stays right because no function, local or global index changes.
 */
final class CustomSections {
    private static final List<String> OFFSET_BEARING_PREFIXES = List.of(".debug_", "reloc.");
    private static final List<String> OFFSET_BEARING_NAMES = List.of("linking", "sourceMappingURL",
            "external_debug_info");

    private CustomSections() {
    }

    /** Whether a custom section with this name is kept. */
    static boolean keep(String name) {
        return OFFSET_BEARING_NAMES.stream().noneMatch(name::equals)
                && OFFSET_BEARING_PREFIXES.stream().noneMatch(name::startsWith);
    }
}
