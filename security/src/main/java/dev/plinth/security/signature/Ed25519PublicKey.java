package dev.plinth.security.signature;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;

/**
 * An Ed25519 public key: what an operator trusts and what verifies a plugin's signature.
 *
 * <p>Its {@linkplain #id() id} is the first 16 hex digits of the SHA-256 of its DER
 * SubjectPublicKeyInfo, the bytes between the PEM lines of its {@code .pub} file, so an operator
 * can compute it without Plinth:
 * {@code openssl pkey -pubin -in release.pub -outform DER | sha256sum | cut -c1-16}.
 *
 * <p>Bouncy Castle's lightweight API does the maths rather than the JDK's own Ed25519 (in JCA since
 * Java 15): the issue asks for Bouncy Castle, and its lightweight classes are plain objects, not a
 * JCA provider, so nothing is registered in the host application's global {@code Security} state,
 * it works from the shaded {@code plinth.jar} (whose jar signatures are stripped, which JDKs that
 * require signed providers would refuse), and it behaves the same on every JDK vendor and
 * configuration (some FIPS set-ups switch EdDSA off in JCA).
 */
public final class Ed25519PublicKey {
    /** The fixed DER prefix of an Ed25519 SubjectPublicKeyInfo (RFC 8410): SEQUENCE, id-Ed25519, BIT STRING. */
    private static final byte[] SPKI_PREFIX = HexFormat.of().parseHex("302a300506032b6570032100");
    static final int SIZE = Ed25519PublicKeyParameters.KEY_SIZE;
    /** An Ed25519 signature's size in bytes. */
    public static final int SIGNATURE_SIZE = 64;

    private final byte[] raw;
    private final Ed25519PublicKeyParameters params;
    private final String id;

    private Ed25519PublicKey(byte[] raw) {
        this.raw = raw.clone();
        this.params = new Ed25519PublicKeyParameters(this.raw, 0);
        this.id = idOf(subjectPublicKeyInfo());
    }

    /** The key from its 32 raw bytes (RFC 8032 encoding). */
    public static Ed25519PublicKey fromRaw(byte[] raw) {
        Objects.requireNonNull(raw, "raw");
        if (raw.length != SIZE) {
            throw new SigningFileException("an Ed25519 public key has " + SIZE + " bytes, not " + raw.length);
        }
        try {
            return new Ed25519PublicKey(raw);
        } catch (IllegalArgumentException e) {
            throw new SigningFileException("not a valid Ed25519 public key: " + e.getMessage(), e);
        }
    }

    /**
     * The key from a DER SubjectPublicKeyInfo, as in a {@code -----BEGIN PUBLIC KEY-----} block.
     *
     * @param source names where the bytes came from, in error messages
     */
    public static Ed25519PublicKey fromSubjectPublicKeyInfo(byte[] der, String source) {
        SubjectPublicKeyInfo info;
        try {
            info = SubjectPublicKeyInfo.getInstance(der);
        } catch (RuntimeException e) {
            throw new SigningFileException(source + " does not hold a DER SubjectPublicKeyInfo: " + e.getMessage(), e);
        }
        if (!Algorithms.ED25519.equals(info.getAlgorithm().getAlgorithm())) {
            throw new SigningFileException(source + " holds a " + Algorithms.name(info.getAlgorithm().getAlgorithm())
                    + " public key; Plinth signatures use Ed25519 (openssl genpkey -algorithm ed25519)");
        }
        byte[] raw = info.getPublicKeyData().getOctets();
        try {
            return fromRaw(raw);
        } catch (SigningFileException e) {
            throw new SigningFileException(source + ": " + e.getMessage(), e);
        }
    }

    /** The 32 raw bytes. */
    public byte[] raw() {
        return raw.clone();
    }

    /** The DER SubjectPublicKeyInfo, as a {@code .pub} file carries it. */
    public byte[] subjectPublicKeyInfo() {
        byte[] der = Arrays.copyOf(SPKI_PREFIX, SPKI_PREFIX.length + SIZE);
        System.arraycopy(raw, 0, der, SPKI_PREFIX.length, SIZE);
        return der;
    }

    /** The key's id: 16 hex digits, shown in signature files and messages. */
    public String id() {
        return id;
    }

    /** Whether {@code signature} is this key's Ed25519 signature (RFC 8032, pure) of {@code message}. */
    public boolean verify(byte[] message, byte[] signature) {
        if (signature.length != SIGNATURE_SIZE) {
            return false;
        }
        Ed25519Signer verifier = new Ed25519Signer();
        verifier.init(false, params);
        verifier.update(message, 0, message.length);
        return verifier.verifySignature(signature);
    }

    static String idOf(byte[] subjectPublicKeyInfo) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(subjectPublicKeyInfo);
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Ed25519PublicKey other && Arrays.equals(raw, other.raw);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(raw);
    }

    @Override
    public String toString() {
        return "Ed25519 public key " + id;
    }
}
