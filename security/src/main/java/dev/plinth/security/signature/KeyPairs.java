package dev.plinth.security.signature;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Objects;
import java.util.Set;

/**
 * Generates Ed25519 key pairs and reads and writes their files.
 *
 * <h2>Key files</h2>
 * Both are PEM text that {@code openssl} reads and writes (RFC 8410):
 * <ul>
 *   <li>{@code <name>.key}, the private key: an unencrypted PKCS#8 {@code -----BEGIN PRIVATE KEY-----}
 *   block, created with mode {@code 600} where the file system is POSIX. It is what
 *   {@code openssl genpkey -algorithm ed25519 -out name.key} writes, and such a file works too.</li>
 *   <li>{@code <name>.pub}, the public key: a {@code -----BEGIN PUBLIC KEY-----} SubjectPublicKeyInfo
 *   block, after one {@code #} comment line that names the key and its id. It is what
 *   {@code openssl pkey -in name.key -pubout} writes (without the comment), and such a file works too.</li>
 * </ul>
 * Text before the BEGIN line is ignored when reading. A key's id is described at
 * {@link Ed25519PublicKey#id()}.
 */
public final class KeyPairs {
    /** Key files are tiny; anything bigger is the wrong file. */
    private static final int MAX_KEY_FILE = 64 * 1024;
    public static final String PRIVATE_KEY_SUFFIX = ".key";
    public static final String PUBLIC_KEY_SUFFIX = ".pub";

    private KeyPairs() {
    }

    /** A private key and its public key. */
    public record KeyPair(Ed25519PrivateKey privateKey, Ed25519PublicKey publicKey) {
        public KeyPair {
            Objects.requireNonNull(privateKey, "privateKey");
            Objects.requireNonNull(publicKey, "publicKey");
            if (!privateKey.publicKey().equals(publicKey)) {
                throw new IllegalArgumentException("the public key " + publicKey.id() + " does not belong to the"
                        + " private key of " + privateKey.publicKey().id());
            }
        }

        /** The key id, of the public key. */
        public String id() {
            return publicKey.id();
        }
    }

    /** A new key pair from a strong random source. */
    public static KeyPair generate() {
        Ed25519PrivateKey key = Ed25519PrivateKey.generate(new SecureRandom());
        return new KeyPair(key, key.publicKey());
    }

    /**
     * Writes {@code <dir>/<name>.key} and {@code <dir>/<name>.pub}. Never overwrites: when either
     * file exists, nothing is written.
     *
     * @return the two files, private first
     * @throws UncheckedIOException wrapping {@link FileAlreadyExistsException} when one exists
     */
    public static Path[] write(KeyPair pair, Path dir, String name) {
        Path privateFile = dir.resolve(name + PRIVATE_KEY_SUFFIX);
        Path publicFile = dir.resolve(name + PUBLIC_KEY_SUFFIX);
        for (Path file : new Path[] {privateFile, publicFile}) {
            if (Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
                throw new UncheckedIOException(new FileAlreadyExistsException(file.toString(), null,
                        "a key file is never overwritten"));
            }
        }
        writePrivateKey(privateFile, pair.privateKey());
        try {
            writePublicKey(publicFile, pair.publicKey(), name);
        } catch (RuntimeException e) {
            try {
                Files.deleteIfExists(privateFile);
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
        return new Path[] {privateFile, publicFile};
    }

    /** The private key as PEM text. */
    public static String privateKeyPem(Ed25519PrivateKey key) {
        return Pem.encode("PRIVATE KEY", key.pkcs8());
    }

    /** The public key as PEM text, after a comment line with {@code name} (may be null) and the id. */
    public static String publicKeyPem(Ed25519PublicKey key, String name) {
        String comment = "# Plinth " + (name == null || name.isBlank() ? "" : "key \"" + oneLine(name) + "\": ")
                + "Ed25519 public key, id " + key.id() + "\n";
        return comment + Pem.encode("PUBLIC KEY", key.subjectPublicKeyInfo());
    }

    /** Creates {@code file} (it must not exist) with the private key, readable by its owner only. */
    public static void writePrivateKey(Path file, Ed25519PrivateKey key) {
        createNew(file, privateKeyPem(key), true);
    }

    /** Creates {@code file} (it must not exist) with the public key. */
    public static void writePublicKey(Path file, Ed25519PublicKey key, String name) {
        createNew(file, publicKeyPem(key, name), false);
    }

    /** Reads a {@code .key} file. */
    public static Ed25519PrivateKey readPrivateKey(Path file) {
        String text = readKeyFile(file);
        return Ed25519PrivateKey.fromPkcs8(Pem.decode(text, "PRIVATE KEY", file.toString()), file.toString());
    }

    /** Reads a {@code .pub} file. */
    public static Ed25519PublicKey readPublicKey(Path file) {
        String text = readKeyFile(file);
        return Ed25519PublicKey.fromSubjectPublicKeyInfo(Pem.decode(text, "PUBLIC KEY", file.toString()),
                file.toString());
    }

    private static String readKeyFile(Path file) {
        try {
            if (Files.size(file) > MAX_KEY_FILE) {
                throw new SigningFileException(file + " is " + Files.size(file) + " bytes: too big for a key file");
            }
            return Files.readString(file, StandardCharsets.US_ASCII);
        } catch (NoSuchFileException e) {
            throw new UncheckedIOException("key file " + file + " does not exist", e);
        } catch (MalformedInputException e) {
            throw new SigningFileException(file + " is not a PEM text file", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read key file " + file + ": " + e.getMessage(), e);
        }
    }

    private static void createNew(Path file, String text, boolean ownerOnly) {
        Set<OpenOption> options = Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        boolean posix = file.getFileSystem().supportedFileAttributeViews().contains("posix");
        FileAttribute<?>[] attributes = ownerOnly && posix
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))}
                : new FileAttribute<?>[0];
        try (SeekableByteChannel channel = Files.newByteChannel(file, options, attributes)) {
            ByteBuffer bytes = ByteBuffer.wrap(text.getBytes(StandardCharsets.US_ASCII));
            while (bytes.hasRemaining()) {
                channel.write(bytes);
            }
        } catch (FileAlreadyExistsException e) {
            throw new UncheckedIOException(new FileAlreadyExistsException(file.toString(), null,
                    "a key file is never overwritten"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write key file " + file + ": " + e.getMessage(), e);
        }
    }

    private static String oneLine(String text) {
        return text.replaceAll("[\\r\\n]+", " ");
    }
}
