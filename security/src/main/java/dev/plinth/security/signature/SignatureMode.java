package dev.plinth.security.signature;

import java.util.Locale;

/** How strictly plugin signatures are enforced at load time. */
public enum SignatureMode {
    /** Signatures are not read; every module's state is {@link SignatureState#UNCHECKED}. */
    OFF,
    /** Signatures are checked; a module that is not {@link SignatureState#VERIFIED} loads, with a warning and an audit entry. */
    WARN,
    /** Only {@link SignatureState#VERIFIED} modules load; anything else is refused with {@code signature}. */
    REQUIRE;

    /** {@code off}, {@code warn} or {@code require}, in any case. */
    public static SignatureMode parse(String text) {
        try {
            return valueOf(text.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("signature mode \"" + text + "\" is not one of off, warn, require", e);
        }
    }

    /** The lowercase name, as configuration writes it. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        return label();
    }
}
