package dev.plinth.security.signature;

import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A detached signature of one {@code .wasm} file, kept beside it as {@code <file>.wasm.sig}.
 *
 * <h2>Format, version 1</h2>
 * UTF-8 (in practice ASCII) text, one {@code name: value} field per line after a first line that
 * names the format; lines starting with {@code #} and blank lines are ignored:
 * <pre>
 * plinth-signature v1
 * algorithm: ed25519
 * key-id: 3f2a9c0d1e4b5a67
 * sha256: 9b71d224bd62f3785d96d46ad3ea3d73319bfbc2890caadae2dff72519673ca7
 * signature: 2a6Xo6...base64...Bg==
 * </pre>
 * <ul>
 *   <li>{@code algorithm}: {@code ed25519}, the only one.</li>
 *   <li>{@code key-id}: the signing key's id, 16 lowercase hex digits ({@link Ed25519PublicKey#id()}):
 *   the verifier looks the key up among the trusted ones by it.</li>
 *   <li>{@code sha256}: hex SHA-256 of the signed {@code .wasm} bytes. It is <em>not</em> what is
 *   verified (it is not itself signed); it lets the verifier say "the module changed after it was
 *   signed" rather than only "the signature does not match".</li>
 *   <li>{@code signature}: standard base64 of the 64-byte Ed25519 signature (RFC 8032, pure Ed25519,
 *   no pre-hash, no context) of the <em>exact bytes of the .wasm file</em>.</li>
 * </ul>
 * Every field is required, once; an unknown field is an error (a later format gets a new first
 * line). Since the signature covers the file's own bytes, anyone can check it with OpenSSL 3:
 * {@code grep '^signature:' x.wasm.sig | cut -d' ' -f2 | base64 -d > x.bin;}
 * {@code openssl pkeyutl -verify -pubin -inkey release.pub -rawin -in x.wasm -sigfile x.bin}.
 *
 * <h2>What it does not cover</h2>
 * Only the {@code .wasm} is signed, not {@code plugin.toml}. Someone who can change the manifest can
 * make the plugin <em>ask</em> for more permissions, memory or time, but asking grants nothing: the
 * operator's policy decides what a plugin gets, and a signature would not change that. What an
 * altered manifest can still do: change the plugin's {@code [config]} values, its declared exports
 * and codecs, its name and version, or point {@code entrypoint} at another module that is itself
 * validly signed (for example an older signed release: signatures carry no version, so they do not
 * stop a downgrade). Protect the plugins folder's write access for those; pin the sha256 where a
 * downgrade matters.
 *
 * @param keyId the signing key's id
 * @param sha256 hex SHA-256 of the signed bytes
 * @param signature the 64 signature bytes
 */
public record SignatureFile(String keyId, String sha256, byte[] signature) {
    /** The first line of a version 1 signature file. */
    public static final String HEADER = "plinth-signature v1";
    public static final String ALGORITHM = "ed25519";
    /** What a signature file's name ends with, after the module's full name. */
    public static final String SUFFIX = ".sig";
    private static final Pattern KEY_ID = Pattern.compile("[0-9a-f]{16}");
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    private static final List<String> FIELDS = List.of("algorithm", "key-id", "sha256", "signature");
    /** Signature files are a few hundred bytes; anything far bigger is not one. */
    public static final int MAX_SIZE = 16 * 1024;

    public SignatureFile {
        Objects.requireNonNull(keyId, "keyId");
        Objects.requireNonNull(sha256, "sha256");
        Objects.requireNonNull(signature, "signature");
        if (!KEY_ID.matcher(keyId).matches()) {
            throw new IllegalArgumentException("key id must be 16 lowercase hex digits: " + keyId);
        }
        if (!SHA256.matcher(sha256).matches()) {
            throw new IllegalArgumentException("sha256 must be 64 lowercase hex digits: " + sha256);
        }
        if (signature.length != Ed25519PublicKey.SIGNATURE_SIZE) {
            throw new IllegalArgumentException("an Ed25519 signature has 64 bytes, not " + signature.length);
        }
        signature = signature.clone();
    }

    @Override
    public byte[] signature() {
        return signature.clone();
    }

    /** The file's text. */
    public String format() {
        return HEADER + "\n"
                + "algorithm: " + ALGORITHM + "\n"
                + "key-id: " + keyId + "\n"
                + "sha256: " + sha256 + "\n"
                + "signature: " + Base64.getEncoder().encodeToString(signature) + "\n";
    }

    /**
     * Reads a signature file's text.
     *
     * @param source names the file in error messages
     * @throws SigningFileException saying which line is wrong and how
     */
    public static SignatureFile parse(String text, String source) {
        List<String> lines = text.lines().toList();
        Map<String, String> fields = new LinkedHashMap<>();
        boolean headerSeen = false;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            int number = i + 1;
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            if (!headerSeen) {
                if (!line.equals(HEADER)) {
                    throw malformed(source, number, "expected \"" + HEADER + "\" as the first line, found \""
                            + shorten(line) + "\"");
                }
                headerSeen = true;
                continue;
            }
            int colon = line.indexOf(':');
            if (colon < 0) {
                throw malformed(source, number, "expected \"name: value\", found \"" + shorten(line) + "\"");
            }
            String name = line.substring(0, colon).strip().toLowerCase(Locale.ROOT);
            String value = line.substring(colon + 1).strip();
            if (!FIELDS.contains(name)) {
                throw malformed(source, number, "unknown field \"" + shorten(name) + "\" (a v1 file has "
                        + String.join(", ", FIELDS) + ")");
            }
            if (fields.putIfAbsent(name, value) != null) {
                throw malformed(source, number, "field \"" + name + "\" appears twice");
            }
        }
        if (!headerSeen) {
            throw new SigningFileException("malformed signature file " + source + ": it is empty");
        }
        for (String field : FIELDS) {
            if (!fields.containsKey(field)) {
                throw new SigningFileException("malformed signature file " + source + ": the field \"" + field
                        + "\" is missing");
            }
        }
        if (!fields.get("algorithm").equalsIgnoreCase(ALGORITHM)) {
            throw new SigningFileException("malformed signature file " + source + ": algorithm \""
                    + shorten(fields.get("algorithm")) + "\" is not supported (only " + ALGORITHM + ")");
        }
        String keyId = fields.get("key-id").toLowerCase(Locale.ROOT);
        if (!KEY_ID.matcher(keyId).matches()) {
            throw new SigningFileException("malformed signature file " + source + ": key-id \""
                    + shorten(fields.get("key-id")) + "\" is not 16 hex digits");
        }
        String sha256 = fields.get("sha256").toLowerCase(Locale.ROOT);
        if (!SHA256.matcher(sha256).matches()) {
            throw new SigningFileException("malformed signature file " + source + ": sha256 \""
                    + shorten(fields.get("sha256")) + "\" is not 64 hex digits");
        }
        byte[] signature;
        try {
            signature = Base64.getDecoder().decode(fields.get("signature"));
        } catch (IllegalArgumentException e) {
            throw new SigningFileException("malformed signature file " + source + ": the signature is not base64: "
                    + e.getMessage(), e);
        }
        if (signature.length != Ed25519PublicKey.SIGNATURE_SIZE) {
            throw new SigningFileException("malformed signature file " + source + ": the signature has "
                    + signature.length + " bytes; an Ed25519 signature has " + Ed25519PublicKey.SIGNATURE_SIZE);
        }
        return new SignatureFile(keyId, sha256, signature);
    }

    private static SigningFileException malformed(String source, int line, String problem) {
        return new SigningFileException("malformed signature file " + source + ", line " + line + ": " + problem);
    }

    private static String shorten(String text) {
        String printable = text.replaceAll("\\p{Cntrl}", "?");
        return printable.length() > 60 ? printable.substring(0, 57) + "..." : printable;
    }

    /** Hex SHA-256, as the signature file and the registry write it. */
    public static String sha256Hex(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SignatureFile other && keyId.equals(other.keyId) && sha256.equals(other.sha256)
                && Arrays.equals(signature, other.signature);
    }

    @Override
    public int hashCode() {
        return Objects.hash(keyId, sha256, Arrays.hashCode(signature));
    }

    @Override
    public String toString() {
        return "SignatureFile[keyId=" + keyId + ", sha256=" + sha256 + "]";
    }
}
