package dev.plinth.api.file;

import java.nio.file.Path;

/**
 * The folder a plugin's files may be read from, and whether symbolic links may lead out of it.
 * Links that stay inside (a Kubernetes ConfigMap's {@code foo.wasm -> ..data/foo.wasm}) always
 * work; a link whose target is outside the folder is refused unless the operator allows it, so a
 * plugins folder cannot make the host read {@code /dev/zero}, {@code /proc} or another
 * application's files.
 *
 * @param root the plugins folder, absolute and normalized; {@code null} for no folder (anywhere)
 * @param allowSymlinksOut whether links may lead out of {@code root}
 */
public record PluginFolder(Path root, boolean allowSymlinksOut) {
    /** No folder: a regular file may be read wherever it is and wherever links lead. */
    public static final PluginFolder ANYWHERE = new PluginFolder(null, true);

    public PluginFolder {
        root = root == null ? null : root.toAbsolutePath().normalize();
    }

    /** The folder that holds {@code source} (a plugin folder or a bare {@code .wasm}): the plugins folder it was found in. */
    public static PluginFolder holding(Path source, boolean allowSymlinksOut) {
        Path parent = source.toAbsolutePath().normalize().getParent();
        return new PluginFolder(parent, allowSymlinksOut);
    }

    /** Whether a file must lie inside {@link #root} once every link is followed. */
    public boolean confines() {
        return root != null && !allowSymlinksOut;
    }
}
