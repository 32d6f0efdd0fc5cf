package dev.plinth.security.signature;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;

/**
 * An Ed25519 private key, which signs plugin modules. It never shows its secret in
 * {@link #toString()}. See {@link Ed25519PublicKey} for why Bouncy Castle's lightweight API.
 */
public final class Ed25519PrivateKey {
    /** The fixed DER prefix of an Ed25519 PKCS#8 v1 PrivateKeyInfo (RFC 8410), as openssl writes it. */
    private static final byte[] PKCS8_PREFIX = HexFormat.of().parseHex("302e020100300506032b657004220420");

    private final Ed25519PrivateKeyParameters params;
    private final Ed25519PublicKey publicKey;

    private Ed25519PrivateKey(Ed25519PrivateKeyParameters params) {
        this.params = params;
        this.publicKey = Ed25519PublicKey.fromRaw(params.generatePublicKey().getEncoded());
    }

    /** A new random key. */
    public static Ed25519PrivateKey generate(SecureRandom random) {
        return new Ed25519PrivateKey(new Ed25519PrivateKeyParameters(random));
    }

    /**
     * The key from a DER PKCS#8 PrivateKeyInfo, as in a {@code -----BEGIN PRIVATE KEY-----} block
     * (version 1, as openssl writes, or version 2 with the public key attached).
     *
     * @param source names where the bytes came from, in error messages
     */
    public static Ed25519PrivateKey fromPkcs8(byte[] der, String source) {
        PrivateKeyInfo info;
        try {
            info = PrivateKeyInfo.getInstance(der);
        } catch (RuntimeException e) {
            throw new SigningFileException(source + " does not hold a DER PKCS#8 private key: " + e.getMessage(), e);
        }
        if (!Algorithms.ED25519.equals(info.getPrivateKeyAlgorithm().getAlgorithm())) {
            throw new SigningFileException(source + " holds a " + Algorithms.name(info.getPrivateKeyAlgorithm()
                    .getAlgorithm()) + " private key; Plinth signatures use Ed25519 (plinth keygen, or openssl"
                    + " genpkey -algorithm ed25519)");
        }
        byte[] seed;
        try {
            seed = ASN1OctetString.getInstance(info.parsePrivateKey()).getOctets();
        } catch (Exception e) {
            throw new SigningFileException(source + ": the Ed25519 private key inside is malformed: " + e.getMessage(), e);
        }
        if (seed.length != Ed25519PrivateKeyParameters.KEY_SIZE) {
            throw new SigningFileException(source + ": an Ed25519 private key has " + Ed25519PrivateKeyParameters.KEY_SIZE
                    + " bytes, this one " + seed.length);
        }
        Ed25519PrivateKey key = new Ed25519PrivateKey(new Ed25519PrivateKeyParameters(seed, 0));
        Arrays.fill(seed, (byte) 0);
        if (info.hasPublicKey() && !Arrays.equals(info.getPublicKeyData().getOctets(), key.publicKey.raw())) {
            throw new SigningFileException(source + ": the public key stored with the private key does not belong to it");
        }
        return key;
    }

    /** The DER PKCS#8 v1 PrivateKeyInfo, as a {@code .key} file carries it. */
    public byte[] pkcs8() {
        byte[] der = Arrays.copyOf(PKCS8_PREFIX, PKCS8_PREFIX.length + Ed25519PrivateKeyParameters.KEY_SIZE);
        params.encode(der, PKCS8_PREFIX.length);
        return der;
    }

    /** The matching public key. */
    public Ed25519PublicKey publicKey() {
        return publicKey;
    }

    /** The Ed25519 signature (RFC 8032, pure: no pre-hash, no context) of {@code message}. */
    public byte[] sign(byte[] message) {
        Ed25519Signer signer = new Ed25519Signer();
        signer.init(true, params);
        signer.update(message, 0, message.length);
        return signer.generateSignature();
    }

    @Override
    public String toString() {
        return "Ed25519 private key for public key " + publicKey.id();
    }
}
