package dev.plinth.security.signature;

import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The PEM text encoding (RFC 7468) of the key files: {@code -----BEGIN <label>-----}, base64 of the
 * DER in lines of 64 characters, {@code -----END <label>-----}. Text before the first BEGIN line
 * (for example a {@code #} comment) is ignored, as OpenSSL ignores it.
 */
final class Pem {
    private static final Pattern BLOCK = Pattern.compile(
            "-----BEGIN ([A-Z0-9 ]+)-----\\s*(.*?)\\s*-----END ([A-Z0-9 ]+)-----", Pattern.DOTALL);

    private Pem() {
    }

    static String encode(String label, byte[] der) {
        String body = Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der);
        return "-----BEGIN " + label + "-----\n" + body + "\n-----END " + label + "-----\n";
    }

    /**
     * The DER of the first PEM block in {@code text}, which must be labelled {@code label}.
     *
     * @param source names the file in error messages
     * @throws SigningFileException when there is no PEM block, another label, or bad base64
     */
    static byte[] decode(String text, String label, String source) {
        Matcher m = BLOCK.matcher(text);
        if (!m.find()) {
            throw new SigningFileException(source + " is not a PEM file: expected a \"-----BEGIN " + label
                    + "-----\" block");
        }
        if (!m.group(1).equals(m.group(3))) {
            throw new SigningFileException(source + ": PEM block BEGIN " + m.group(1) + " ends with END " + m.group(3));
        }
        if (!m.group(1).equals(label)) {
            throw new SigningFileException(source + " holds a " + m.group(1) + ", not a " + label + hint(m.group(1), label));
        }
        try {
            return Base64.getMimeDecoder().decode(m.group(2));
        } catch (IllegalArgumentException e) {
            throw new SigningFileException(source + ": the " + label + " block is not valid base64: " + e.getMessage(), e);
        }
    }

    private static String hint(String found, String wanted) {
        if (found.equals("PRIVATE KEY") && wanted.equals("PUBLIC KEY")) {
            return " (trust the public key, the .pub file, never the private one)";
        }
        if (found.equals("PUBLIC KEY") && wanted.equals("PRIVATE KEY")) {
            return " (signing needs the private key, the .key file)";
        }
        if (found.endsWith("PRIVATE KEY")) {
            return " (Plinth reads unencrypted PKCS#8 keys: openssl genpkey -algorithm ed25519 writes one)";
        }
        return "";
    }
}
