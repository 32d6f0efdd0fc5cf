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

    /**
     * Whether a plugin's files may be symbolic links that lead out of the plugins folder. Off by
     * default, so the folder cannot make the application read files elsewhere (or /dev/zero); links
     * that stay inside it, as Kubernetes ConfigMap volumes make them, always work. Only regular files
     * are ever read.
     */
    private boolean allowSymlinksOutOfFolder;

    public boolean isAllowSymlinksOutOfFolder() {
        return allowSymlinksOutOfFolder;
    }

    public void setAllowSymlinksOutOfFolder(boolean allowSymlinksOutOfFolder) {
        this.allowSymlinksOutOfFolder = allowSymlinksOutOfFolder;
    }

    public Path getDir() {
        return dir;
    }

    public void setDir(Path dir) {
        this.dir = dir;
    }
}
