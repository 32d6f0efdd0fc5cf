package dev.plinth.security.signature;

import java.util.Map;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;

/** Names of the key algorithms people are likely to hand Plinth by mistake, for error messages. */
final class Algorithms {
    /** id-Ed25519 (RFC 8410). Bouncy Castle keeps its own constant in an internal package. */
    static final ASN1ObjectIdentifier ED25519 = new ASN1ObjectIdentifier("1.3.101.112");
    private static final Map<String, String> NAMES = Map.of(
            "1.3.101.112", "Ed25519",
            "1.3.101.113", "Ed448",
            "1.3.101.110", "X25519",
            "1.3.101.111", "X448",
            "1.2.840.113549.1.1.1", "RSA",
            "1.2.840.10045.2.1", "EC (ECDSA)",
            "1.2.840.10040.4.1", "DSA");

    private Algorithms() {
    }

    static String name(ASN1ObjectIdentifier oid) {
        return NAMES.getOrDefault(oid.getId(), "OID " + oid.getId());
    }
}
