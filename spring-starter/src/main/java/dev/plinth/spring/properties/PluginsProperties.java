package dev.plinth.spring.properties;

import java.nio.file.Path;

/** {@code plinth.plugins.*}: where the plugins are. */
public class PluginsProperties {

    /**
     * The plugins folder: one sub-folder per plugin (plugin.toml and its wasm) or bare .wasm
     * files. Relative paths resolve against the working directory. A missing folder is not an
     * error: the application starts with no plugins and picks them up once the folder appears.
     */
    private Path dir = Path.of("./plugins");

    public Path getDir() {
        return dir;
    }

    public void setDir(Path dir) {
        this.dir = dir;
    }
}
