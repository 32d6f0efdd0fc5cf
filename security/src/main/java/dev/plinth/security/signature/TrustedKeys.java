package dev.plinth.security.signature;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The public keys whose signatures the operator accepts, by key id. Immutable.
 *
 * <p>Loaded from {@code .pub} files: a path given directly is read whatever its name; a directory
 * contributes every {@code *.pub} file directly inside it (not its sub-directories). The same key
 * in two files counts once.
 */
public final class TrustedKeys {
    private static final TrustedKeys NONE = new TrustedKeys(Map.of(), Map.of());

    private final Map<String, Ed25519PublicKey> byId;
    private final Map<String, Path> origins;

    private TrustedKeys(Map<String, Ed25519PublicKey> byId, Map<String, Path> origins) {
        this.byId = Collections.unmodifiableMap(new LinkedHashMap<>(byId));
        this.origins = Collections.unmodifiableMap(new LinkedHashMap<>(origins));
    }

    /** No trusted key: under {@link SignatureMode#REQUIRE} nothing loads. */
    public static TrustedKeys none() {
        return NONE;
    }

    public static TrustedKeys of(Ed25519PublicKey... keys) {
        return of(List.of(keys));
    }

    public static TrustedKeys of(Collection<Ed25519PublicKey> keys) {
        Map<String, Ed25519PublicKey> byId = new LinkedHashMap<>();
        keys.forEach(k -> byId.put(Objects.requireNonNull(k, "key").id(), k));
        return new TrustedKeys(byId, Map.of());
    }

    public static TrustedKeys load(Path... filesOrDirectories) {
        return load(List.of(filesOrDirectories));
    }

    /**
     * Reads every key file named, and every {@code *.pub} in every directory named.
     *
     * @throws SigningFileException when a file is not an Ed25519 public key
     * @throws UncheckedIOException when a file or directory cannot be read
     */
    public static TrustedKeys load(Collection<Path> filesOrDirectories) {
        Map<String, Ed25519PublicKey> byId = new LinkedHashMap<>();
        Map<String, Path> origins = new LinkedHashMap<>();
        for (Path path : filesOrDirectories) {
            for (Path file : keyFiles(path)) {
                Ed25519PublicKey key = KeyPairs.readPublicKey(file);
                byId.putIfAbsent(key.id(), key);
                origins.putIfAbsent(key.id(), file);
            }
        }
        return new TrustedKeys(byId, origins);
    }

    private static List<Path> keyFiles(Path path) {
        if (!Files.isDirectory(path)) {
            if (!Files.exists(path)) {
                throw new UncheckedIOException(new NoSuchFileException(path.toString(), null,
                        "trusted key file does not exist"));
            }
            return List.of(path);
        }
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(path, "*" + KeyPairs.PUBLIC_KEY_SUFFIX)) {
            for (Path entry : entries) {
                if (Files.isRegularFile(entry)) {
                    files.add(entry);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list trusted keys in " + path + ": " + e.getMessage(), e);
        }
        files.sort(null);
        return files;
    }

    /** The trusted key with this id. */
    public Optional<Ed25519PublicKey> find(String keyId) {
        return Optional.ofNullable(byId.get(keyId));
    }

    /** The file a trusted key was read from, when it was read from one. */
    public Optional<Path> origin(String keyId) {
        return Optional.ofNullable(origins.get(keyId));
    }

    /** The ids of the trusted keys, in the order they were added. */
    public Set<String> ids() {
        return byId.keySet();
    }

    public int size() {
        return byId.size();
    }

    public boolean isEmpty() {
        return byId.isEmpty();
    }

    /** The same keys plus {@code others}'. */
    public TrustedKeys and(TrustedKeys others) {
        Map<String, Ed25519PublicKey> keys = new LinkedHashMap<>(byId);
        Map<String, Path> from = new LinkedHashMap<>(origins);
        others.byId.forEach(keys::putIfAbsent);
        others.origins.forEach(from::putIfAbsent);
        return new TrustedKeys(keys, from);
    }

    @Override
    public String toString() {
        return byId.isEmpty() ? "no trusted keys" : "trusted keys " + String.join(", ", byId.keySet());
    }
}
