package dev.plinth.host;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where an engine keeps the JVM classes it compiles modules to, on disk, so that a restarted JVM
 * loads a module it has compiled before without compiling it again. Entries are keyed by the
 * SHA-256 of the exact bytes compiled (after table clamping and fuel metering), the engine mode,
 * the interpreter fallback, the Chicory and Java versions; each is sealed with an HMAC whose
 * secret is kept in {@link #keyFile}, outside the directory, and a cache entry that is corrupt,
 * truncated, foreign or fails its HMAC is a miss (and is replaced), never a load failure. A
 * directory or key file that cannot be used is a warning and no disk cache. See
 * {@code docs/engine.md}, "Compile cache on disk", for the threat model.
 *
 * @param directory the cache directory (created 0700 if missing; refused if others may write it)
 * @param keyFile the HMAC secret (created 0600 if missing; refused if others may read or write it,
 *     or if it lies inside {@code directory})
 * @param maxBytes what the entries may take together; past it the least recently used are deleted
 */
public record CompileCache(Path directory, Path keyFile, long maxBytes) {
    /** The default size bound: 512 MiB. */
    public static final long DEFAULT_MAX_BYTES = 512L * 1024 * 1024;

    public CompileCache {
        Objects.requireNonNull(directory, "directory");
        Objects.requireNonNull(keyFile, "keyFile");
        if (maxBytes < 1) {
            throw new IllegalArgumentException("the compile cache's size bound must be positive, was " + maxBytes);
        }
        directory = directory.toAbsolutePath().normalize();
        keyFile = keyFile.toAbsolutePath().normalize();
        if (keyFile.startsWith(directory)) {
            throw new IllegalArgumentException("the compile cache's key file " + keyFile + " must be outside its"
                    + " directory " + directory + ": whoever can write entries must not be able to read the key");
        }
    }

    /**
     * A cache in {@code directory}, bounded at {@link #DEFAULT_MAX_BYTES}, with its key next to it:
     * {@code <directory>.key} (for {@code ~/.cache/plinth/compiled}, {@code ~/.cache/plinth/compiled.key}).
     */
    public static CompileCache in(Path directory) {
        Path absolute = Objects.requireNonNull(directory, "directory").toAbsolutePath().normalize();
        if (absolute.getFileName() == null) {
            throw new IllegalArgumentException("the compile cache cannot be the root directory " + absolute);
        }
        return new CompileCache(absolute, absolute.resolveSibling(absolute.getFileName() + ".key"), DEFAULT_MAX_BYTES);
    }

    /** This cache with its HMAC secret in {@code keyFile} (for example a mounted secret). */
    public CompileCache withKeyFile(Path keyFile) {
        return new CompileCache(directory, keyFile, maxBytes);
    }

    /** This cache bounded at {@code maxBytes}. */
    public CompileCache withMaxBytes(long maxBytes) {
        return new CompileCache(directory, keyFile, maxBytes);
    }
}
