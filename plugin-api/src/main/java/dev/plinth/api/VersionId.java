package dev.plinth.api;

import java.util.Locale;
import java.util.Objects;

/**
 * Which build of a plugin a version is: its manifest's version string and the digest of the files
 * it was loaded from, written {@code 0.1.0@1a2b3c4d} (the version, {@value #SEPARATOR}, and the
 * first {@value #SHORT_DIGEST_LENGTH} hex digits of the digest). Two builds that keep the version
 * string (a rebuilt {@code .wasm}, a changed {@code plugin.toml} or signature) have different ids,
 * so logs, events, meters and the actuator never confuse them.
 *
 * @param version the version string from the manifest, or {@code "unknown"}
 * @param digest hex SHA-256 over every file of the source ({@link VersionInfo#digest()}); empty
 *     when the files could not be read, and the id is then the version alone
 */
public record VersionId(String version, String digest) {
    /** How many hex digits of the digest an id shows: 32 bits, enough to tell a plugin's builds apart. */
    public static final int SHORT_DIGEST_LENGTH = 8;
    /** Between the version and the short digest. */
    public static final char SEPARATOR = '@';

    public VersionId {
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(digest, "digest");
    }

    /** The first {@value #SHORT_DIGEST_LENGTH} hex digits of the digest (all of it when shorter). */
    public String shortDigest() {
        return digest.length() <= SHORT_DIGEST_LENGTH ? digest : digest.substring(0, SHORT_DIGEST_LENGTH);
    }

    /**
     * Whether {@code text} names this build: the version alone ({@code 0.1.0}, which may name more
     * than one build), or the version, {@value #SEPARATOR} and a start of the digest of at least
     * {@value #SHORT_DIGEST_LENGTH} hex digits, as {@link #toString()} writes it.
     */
    public boolean matches(String text) {
        int at = text.lastIndexOf(SEPARATOR);
        if (at < 0) {
            return text.equals(version);
        }
        String prefix = text.substring(at + 1).toLowerCase(Locale.ROOT);
        return text.substring(0, at).equals(version) && prefix.length() >= Math.min(SHORT_DIGEST_LENGTH,
                digest.length()) && !prefix.isEmpty() && digest.toLowerCase(Locale.ROOT).startsWith(prefix);
    }

    /** {@code 0.1.0@1a2b3c4d}; the version alone when there is no digest. */
    @Override
    public String toString() {
        return digest.isEmpty() ? version : version + SEPARATOR + shortDigest();
    }
}
