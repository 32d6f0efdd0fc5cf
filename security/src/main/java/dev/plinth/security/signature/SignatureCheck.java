package dev.plinth.security.signature;

import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of checking one module's signature.
 *
 * @param state what was found
 * @param keyId the id of the key the signature file names, when there is a readable one
 * @param detail one sentence for people: which file, which key, what is wrong (or that all is well)
 */
public record SignatureCheck(SignatureState state, Optional<String> keyId, String detail) {
    public SignatureCheck {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(keyId, "keyId");
        Objects.requireNonNull(detail, "detail");
    }

    /** Nothing was checked, because signatures are off. */
    public static SignatureCheck unchecked() {
        return new SignatureCheck(SignatureState.UNCHECKED, Optional.empty(), "signatures are not checked (off)");
    }

    public boolean verified() {
        return state == SignatureState.VERIFIED;
    }
}
