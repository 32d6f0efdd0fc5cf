package dev.plinth.security.signature;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Base64;
import org.junit.jupiter.api.Test;

class SignatureFileTest {
    private static final String SHA = "9b71d224bd62f3785d96d46ad3ea3d73319bfbc2890caadae2dff72519673ca7";
    private static final byte[] SIG = new byte[64];
    private static final String B64 = Base64.getEncoder().encodeToString(SIG);

    private static String file(String... lines) {
        return String.join("\n", lines) + "\n";
    }

    @Test
    void formatsAndParsesBack() {
        SignatureFile sig = new SignatureFile("3f2a9c0d1e4b5a67", SHA, SIG);

        assertThat(sig.format()).isEqualTo(file("plinth-signature v1", "algorithm: ed25519",
                "key-id: 3f2a9c0d1e4b5a67", "sha256: " + SHA, "signature: " + B64));
        assertThat(SignatureFile.parse(sig.format(), "x.wasm.sig")).isEqualTo(sig);
    }

    @Test
    void toleratesCommentsBlankLinesCrlfAndCase() {
        String text = "# signed by the release pipeline\r\n\r\nplinth-signature v1\r\nAlgorithm:  ED25519\r\n"
                + "key-id: 3F2A9C0D1E4B5A67\r\n# note\r\nsha256: " + SHA.toUpperCase() + "\r\nsignature: " + B64 + "\r\n";

        SignatureFile sig = SignatureFile.parse(text, "x.wasm.sig");
        assertThat(sig.keyId()).isEqualTo("3f2a9c0d1e4b5a67");
        assertThat(sig.sha256()).isEqualTo(SHA);
    }

    @Test
    void saysWhatIsWrongWithAMalformedFile() {
        assertMalformed("", "x.wasm.sig: it is empty");
        assertMalformed(file("plinth-signature v2", "algorithm: ed25519"),
                "x.wasm.sig, line 1: expected \"plinth-signature v1\" as the first line, found \"plinth-signature v2\"");
        assertMalformed(file("plinth-signature v1", "algorithm ed25519"), "line 2: expected \"name: value\"");
        assertMalformed(file("plinth-signature v1", "algorithm: ed25519", "key-id: 3f2a9c0d1e4b5a67",
                "sha256: " + SHA), "the field \"signature\" is missing");
        assertMalformed(file("plinth-signature v1", "algorithm: ed25519", "algorithm: ed25519"),
                "line 3: field \"algorithm\" appears twice");
        assertMalformed(file("plinth-signature v1", "expires: tomorrow"), "line 2: unknown field \"expires\"");
        assertMalformed(file("plinth-signature v1", "algorithm: rsa", "key-id: 3f2a9c0d1e4b5a67", "sha256: " + SHA,
                "signature: " + B64), "algorithm \"rsa\" is not supported");
        assertMalformed(file("plinth-signature v1", "algorithm: ed25519", "key-id: release", "sha256: " + SHA,
                "signature: " + B64), "key-id \"release\" is not 16 hex digits");
        assertMalformed(file("plinth-signature v1", "algorithm: ed25519", "key-id: 3f2a9c0d1e4b5a67", "sha256: abc",
                "signature: " + B64), "sha256 \"abc\" is not 64 hex digits");
        assertMalformed(file("plinth-signature v1", "algorithm: ed25519", "key-id: 3f2a9c0d1e4b5a67", "sha256: " + SHA,
                "signature: not*base64"), "the signature is not base64");
        assertMalformed(file("plinth-signature v1", "algorithm: ed25519", "key-id: 3f2a9c0d1e4b5a67", "sha256: " + SHA,
                "signature: " + Base64.getEncoder().encodeToString(new byte[63])),
                "the signature has 63 bytes; an Ed25519 signature has 64");
        assertMalformed("\u0000asm\u0001\u0000\u0000\u0000", "line 1: expected \"plinth-signature v1\"");
    }

    private static void assertMalformed(String text, String message) {
        assertThatThrownBy(() -> SignatureFile.parse(text, "x.wasm.sig")).isInstanceOf(SigningFileException.class)
                .hasMessageStartingWith("malformed signature file x.wasm.sig")
                .hasMessageContaining(message);
    }
}
