package dev.plinth.host.internal.registry;

import dev.plinth.api.file.PluginFileException;
import dev.plinth.api.file.PluginFileReader;
import dev.plinth.api.file.PluginFolder;
import dev.plinth.api.file.SizeCap;
import dev.plinth.config.ManifestReader;
import dev.plinth.security.signature.SignatureFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;

/**
 * A version's source digest: the SHA-256 of everything that makes a version ({@link SourceFiles}:
 * manifest, modules, signatures), each file's path in the source, then its length and bytes'
 * SHA-256, in path order. Two sources with the same digest load as the same version, so a change
 * that leaves the digest as it was (a touch, a copy of the same bytes) reloads nothing, and any
 * other change (a module, the manifest, a signature) is a new version even when the version string
 * stays.
 *
 * <p>Files are read with {@link PluginFileReader}, as the loader reads them: a file it refuses (a
 * FIFO, a link out of the plugins folder, a module over its {@code max-module-size}) is not read
 * but counted by why it was refused, so the digest never hangs or reads gigabytes, and loading
 * then reports the refusal. The loader passes the modules it has read already ({@link ReadFile}),
 * so that a version's digest names exactly the bytes it loaded and each module is hashed once.
 */
public final class SourceDigest {
    private static final SizeCap MANIFEST_CAP = new SizeCap(ManifestReader.MAX_BYTES, "the manifest size limit");
    private static final SizeCap SIGNATURE_CAP = new SizeCap(SignatureFile.MAX_SIZE, "the signature file limit");

    private SourceDigest() {
    }

    /**
     * Hex SHA-256 of the source's files; the digest of nothing when the source is gone.
     *
     * @param moduleCap the most bytes read of each {@code .wasm} (the plugin's {@code max-module-size})
     * @param folder where the files may be read from
     * @throws java.io.UncheckedIOException when the plugin folder cannot be listed
     */
    public static String of(Path source, SizeCap moduleCap, PluginFolder folder) throws IOException {
        return of(source, moduleCap, folder, Map.of());
    }

    /**
     * {@link #of(Path, SizeCap, PluginFolder)}, taking the files in {@code alreadyRead} (by
     * {@link ReadFile#key}) as those bytes instead of reading them again.
     */
    public static String of(Path source, SizeCap moduleCap, PluginFolder folder, Map<Path, ReadFile> alreadyRead)
            throws IOException {
        MessageDigest digest = newDigest();
        for (Path file : SourceFiles.of(source)) {
            digest.update(SourceFiles.name(source, file).getBytes(StandardCharsets.UTF_8));
            digest.update((byte) 0);
            ReadFile read = alreadyRead.get(ReadFile.key(file));
            String summary = read != null ? read.summary() : summary(source, file, moduleCap, folder);
            digest.update(summary.getBytes(StandardCharsets.UTF_8));
            digest.update((byte) 0);
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static String summary(Path source, Path file, SizeCap moduleCap, PluginFolder folder) throws IOException {
        SizeCap cap = SourceFiles.isManifest(source, file) ? MANIFEST_CAP
                : SourceFiles.isSignature(source, file) ? SIGNATURE_CAP : moduleCap;
        MessageDigest content = newDigest();
        try {
            long length = PluginFileReader.stream(file, cap, folder, (bytes, count) -> content.update(bytes, 0, count));
            return new ReadFile(HexFormat.of().formatHex(content.digest()), length).summary();
        } catch (PluginFileException e) {
            return "refused:" + e.reason() + ":" + e.problem();
        } catch (NoSuchFileException e) {
            return "missing";
        }
    }

    /**
     * A file of the source the loader has read: the SHA-256 (hex) and length of the bytes it got.
     */
    public record ReadFile(String sha256, long length) {
        /** How a path is looked up among the files read: absolute and normalized. */
        public static Path key(Path file) {
            return file.toAbsolutePath().normalize();
        }

        String summary() {
            return sha256 + ":" + length;
        }
    }

    private static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
