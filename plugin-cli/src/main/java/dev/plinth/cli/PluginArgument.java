package dev.plinth.cli;

import java.nio.file.Path;
import picocli.CommandLine.Parameters;

/** The {@code <plugin>} argument that call, inspect, sign and verify share. */
final class PluginArgument {
    @Parameters(index = "0", paramLabel = "<plugin>",
            description = "Plugin directory (with plugin.toml) or bare .wasm file.")
    private Path plugin;

    Path path() {
        return plugin;
    }
}
