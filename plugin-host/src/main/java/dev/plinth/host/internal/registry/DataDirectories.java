package dev.plinth.host.internal.registry;

import dev.plinth.api.error.PermissionDeniedException;
import dev.plinth.api.manifest.Permissions;
import dev.plinth.api.manifest.PluginManifest;
import dev.plinth.sandbox.fs.QuotaDirectory;
import dev.plinth.security.policy.DataDirQuota;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * The data directories of plugins: one per plugin name (not per version, so what a plugin keeps
 * there survives its reloads) under the root the operator chose, created when a version granted
 * one is loaded, and mounted at {@value Permissions#DATA_DIR_PATH} with the granted quota.
 */
final class DataDirectories {
    private final Path root;

    /** @param root the operator's directory of data directories, or {@code null} for none */
    DataDirectories(Path root) {
        this.root = root == null ? null : root.toAbsolutePath().normalize();
    }

    /**
     * The data directory of {@code manifest}'s plugin with this quota, created if missing.
     *
     * @throws PermissionDeniedException when the engine has no root, the plugin's name could not be a
     *     directory name, or the directory cannot be made or is a symbolic link
     */
    QuotaDirectory of(PluginManifest manifest, DataDirQuota quota) {
        String name = manifest.name();
        if (root == null) {
            throw new PermissionDeniedException("plugin " + name + " is granted a data directory (data-dir) but the"
                    + " engine has no data-dir root: set PluginEngine.Builder.dataDirectory, the property"
                    + " plinth.data-dir or the CLI option --data-dir");
        }
        if (!PluginManifest.NAME_PATTERN.matcher(name).matches()) {
            throw new PermissionDeniedException("plugin name " + name + " cannot name a data directory");
        }
        Path dir = root.resolve(name);
        try {
            Files.createDirectories(root);
            if (Files.isSymbolicLink(dir)) {
                throw new PermissionDeniedException("the data directory " + dir + " of plugin " + name
                        + " is a symbolic link; a data directory must be a directory of its own under " + root);
            }
            if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
                Files.createDirectory(dir);
            }
        } catch (IOException e) {
            throw new PermissionDeniedException("cannot create the data directory " + dir + " of plugin " + name
                    + ": " + e);
        }
        return new QuotaDirectory(dir, Permissions.DATA_DIR_PATH, quota.bytes(), quota.files(),
                "the data directory of " + name);
    }
}
