package dev.plinth.security.signature;

import dev.plinth.api.error.SignatureException;
import dev.plinth.api.file.PluginFileException;
import dev.plinth.api.file.PluginFileReader;
import dev.plinth.api.file.PluginFolder;
import dev.plinth.api.file.SizeCap;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks a module's detached signature ({@code <file>.wasm.sig}, see {@link SignatureFile}) against
 * the trusted keys, and enforces a {@link SignatureMode} on the result.
 *
 * <pre>{@code
 * SignatureVerifier verifier = new SignatureVerifier(TrustedKeys.load(Path.of("/etc/plinth/trusted")));
 * SignatureCheck check = verifier.verify(SignatureMode.REQUIRE, "image-processor", wasmPath, wasmBytes);
 * }</pre>
 *
 * Verify the bytes you are about to run, not the file again: the check takes the bytes already
 * read, so a file swapped in between is not what gets verified. Thread-safe.
 */
public final class SignatureVerifier {
    private static final Logger LOG = LoggerFactory.getLogger("plinth.signature");

    /** The largest module {@link #check(Path)} reads: the most any policy may allow (max-module-size). */
    public static final long MAX_MODULE_BYTES = 1L << 30;

    private static final SizeCap SIGNATURE_CAP = new SizeCap(SignatureFile.MAX_SIZE, "the signature file limit");

    private final TrustedKeys trusted;

    public SignatureVerifier(TrustedKeys trusted) {
        this.trusted = Objects.requireNonNull(trusted, "trusted");
    }

    public TrustedKeys trustedKeys() {
        return trusted;
    }

    /** Where the signature of {@code wasm} is kept: {@code <file>.wasm.sig} beside it. */
    public static Path signatureFileOf(Path wasm) {
        return wasm.resolveSibling(wasm.getFileName() + SignatureFile.SUFFIX);
    }

    /**
     * Checks the signature of {@code wasm} whatever the mode, then {@linkplain #enforce enforces}
     * {@code mode}. Under {@link SignatureMode#OFF} nothing is read and the result is
     * {@link SignatureState#UNCHECKED}.
     *
     * @param wasmBytes the module's bytes, as they will be compiled
     * @throws SignatureException under {@link SignatureMode#REQUIRE} when the module is not verified
     */
    public SignatureCheck verify(SignatureMode mode, String pluginName, Path wasm, byte[] wasmBytes) {
        if (mode == SignatureMode.OFF) {
            return SignatureCheck.unchecked();
        }
        return enforce(mode, check(wasm, wasmBytes), pluginName);
    }

    /**
     * Checks the signature of the file {@code wasm} as it is on disk now. The module is read like
     * any plugin file ({@link PluginFileReader}): a regular file of at most
     * {@value #MAX_MODULE_BYTES} bytes.
     */
    public SignatureCheck check(Path wasm) {
        byte[] bytes;
        try {
            bytes = PluginFileReader.read(wasm, new SizeCap(MAX_MODULE_BYTES, "the largest module checked"),
                    PluginFolder.ANYWHERE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + wasm + ": " + e.getMessage(), e);
        }
        return check(wasm, bytes);
    }

    /**
     * Checks the signature kept beside {@code wasm} against {@code wasmBytes}, reading the
     * signature file wherever its links lead. Never throws for a missing, unreadable or malformed
     * signature file: those are states of the result.
     */
    public SignatureCheck check(Path wasm, byte[] wasmBytes) {
        return check(wasm, wasmBytes, PluginFolder.ANYWHERE);
    }

    /**
     * Checks the signature kept beside {@code wasm} against {@code wasmBytes}. The signature file
     * is read with {@link PluginFileReader} inside {@code folder}: a FIFO, a device, a link out of
     * the folder or a file over {@link SignatureFile#MAX_SIZE} is an {@link SignatureState#INVALID}
     * signature that says what the file is, never a hang. Never throws for a missing, unreadable or
     * malformed signature file: those are states of the result.
     */
    public SignatureCheck check(Path wasm, byte[] wasmBytes, PluginFolder folder) {
        Path sigPath = signatureFileOf(wasm);
        String sigName = sigPath.getFileName().toString();
        String text;
        try {
            if (!Files.exists(sigPath, LinkOption.NOFOLLOW_LINKS)) {
                return new SignatureCheck(SignatureState.UNSIGNED, Optional.empty(),
                        wasm + " is unsigned: there is no " + sigName + " beside it");
            }
            byte[] bytes = PluginFileReader.read(sigPath, SIGNATURE_CAP, folder);
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (NoSuchFileException e) {
            return new SignatureCheck(SignatureState.UNSIGNED, Optional.empty(),
                    wasm + " is unsigned: there is no " + sigName + " beside it");
        } catch (CharacterCodingException e) {
            return invalid(Optional.empty(), "malformed signature file " + sigPath + ": it is not text");
        } catch (PluginFileException e) {
            return invalid(Optional.empty(), "unreadable signature file " + sigPath + ": " + e.problem());
        } catch (IOException e) {
            return invalid(Optional.empty(), "cannot read signature file " + sigPath + ": " + e.getMessage());
        }
        SignatureFile signature;
        try {
            signature = SignatureFile.parse(text, sigPath.toString());
        } catch (SigningFileException e) {
            return invalid(Optional.empty(), e.getMessage());
        }
        return check(wasm, wasmBytes, signature);
    }

    /** Checks an already parsed signature of {@code wasmBytes}; {@code wasm} only names the module in messages. */
    public SignatureCheck check(Path wasm, byte[] wasmBytes, SignatureFile signature) {
        String keyId = signature.keyId();
        Optional<String> id = Optional.of(keyId);
        Optional<Ed25519PublicKey> key = trusted.find(keyId);
        if (key.isEmpty()) {
            return new SignatureCheck(SignatureState.UNTRUSTED_KEY, id, wasm + " is signed by key " + keyId
                    + ", which is not trusted (" + (trusted.isEmpty() ? "no key is trusted"
                    : "trusted: " + String.join(", ", trusted.ids())) + ")");
        }
        String actual = SignatureFile.sha256Hex(wasmBytes);
        if (!actual.equals(signature.sha256())) {
            return invalid(id, wasm + " does not match its signature by key " + keyId + ": the module was changed"
                    + " after it was signed (signed sha256 " + signature.sha256().substring(0, 16) + "..., now "
                    + actual.substring(0, 16) + "...)");
        }
        if (!key.get().verify(wasmBytes, signature.signature())) {
            return invalid(id, wasm + " has a bad signature: it does not verify with trusted key " + keyId
                    + " (the " + signatureFileOf(wasm).getFileName() + " file was altered)");
        }
        String from = trusted.origin(keyId).map(p -> " from " + p.getFileName()).orElse("");
        return new SignatureCheck(SignatureState.VERIFIED, id, wasm + " is signed by trusted key " + keyId + from);
    }

    private static SignatureCheck invalid(Optional<String> keyId, String detail) {
        return new SignatureCheck(SignatureState.INVALID, keyId, detail);
    }

    /**
     * Applies {@code mode} to a check: under {@link SignatureMode#REQUIRE} anything but
     * {@link SignatureState#VERIFIED} throws; under {@link SignatureMode#WARN} it is logged (logger
     * {@code plinth.signature}) and allowed; under {@link SignatureMode#OFF} nothing happens and the
     * result is {@link SignatureState#UNCHECKED}.
     *
     * @return the check the module loads with
     * @throws SignatureException naming the file, the key id and what is wrong
     */
    public static SignatureCheck enforce(SignatureMode mode, SignatureCheck check, String pluginName) {
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(check, "check");
        if (mode == SignatureMode.OFF) {
            return SignatureCheck.unchecked();
        }
        if (check.verified()) {
            return check;
        }
        if (mode == SignatureMode.WARN) {
            LOG.warn("plugin {}: signature {}: {}; loading it anyway (signatures: warn)", pluginName, check.state(),
                    check.detail());
            return check;
        }
        throw new SignatureException("plugin " + pluginName + " refused, a valid signature is required ("
                + check.state() + "): " + check.detail());
    }
}
