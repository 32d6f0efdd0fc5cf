package dev.plinth.security.signature;

/** What is known about a module's signature. */
public enum SignatureState {
    /** There is no {@code .sig} file beside the module. */
    UNSIGNED("unsigned"),
    /** The signature verifies with a trusted key. */
    VERIFIED("verified"),
    /** The {@code .sig} file is malformed or unreadable, or the signature does not match the module's bytes. */
    INVALID("invalid"),
    /** The signature names a key that is not among the trusted keys (so it was not checked further). */
    UNTRUSTED_KEY("untrusted-key"),
    /** Signatures are off, so nothing was checked. */
    UNCHECKED("unchecked");

    private final String code;

    SignatureState(String code) {
        this.code = code;
    }

    /** The state as registries, the actuator and the CLI show it, e.g. {@code untrusted-key}. */
    public String code() {
        return code;
    }

    @Override
    public String toString() {
        return code;
    }
}
