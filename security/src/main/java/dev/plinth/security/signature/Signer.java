package dev.plinth.security.signature;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Objects;

/**
 * Signs modules with one private key: the {@link SignatureFile} of some bytes, or the
 * {@code <file>.wasm.sig} of a file on disk. Thread-safe.
 */
public final class Signer {
    private final Ed25519PrivateKey key;

    public Signer(Ed25519PrivateKey key) {
        this.key = Objects.requireNonNull(key, "key");
    }

    /** The id of the key that signs. */
    public String keyId() {
        return key.publicKey().id();
    }

    /** The signature of {@code wasmBytes}. */
    public SignatureFile sign(byte[] wasmBytes) {
        return new SignatureFile(keyId(), SignatureFile.sha256Hex(wasmBytes), key.sign(wasmBytes));
    }

    /**
     * Signs the file {@code wasm} and writes its signature to {@code <file>.wasm.sig} beside it,
     * replacing an older one (in one step, so a reader never sees half a file).
     *
     * @return the signature file written
     */
    public Path sign(Path wasm) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(wasm);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + wasm + ": " + e.getMessage(), e);
        }
        Path target = SignatureVerifier.signatureFileOf(wasm);
        String text = sign(bytes).format();
        Path temp = null;
        try {
            temp = Files.createTempFile(target.toAbsolutePath().getParent(), "." + target.getFileName(), ".tmp");
            Files.writeString(temp, text, StandardCharsets.US_ASCII);
            try {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target + ": " + e.getMessage(), e);
        } finally {
            if (temp != null) {
                try {
                    Files.deleteIfExists(temp);
                } catch (IOException ignored) {
                    // the move took it, or it is a harmless leftover
                }
            }
        }
    }
}
