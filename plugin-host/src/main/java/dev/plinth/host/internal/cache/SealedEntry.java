package dev.plinth.host.internal.cache;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The file format of one compile cache entry, sealed with an HMAC so that the host defines no
 * class it did not write itself:
 *
 * <pre>
 * "PLINTHCC"  format (int)  key-id (8 bytes)  key length (int)  key (UTF-8)
 * payload length (int)  payload  HMAC-SHA256 over everything before it (32 bytes)
 * </pre>
 *
 * The key id is the start of an HMAC of a fixed text, so that an entry sealed with another secret
 * (the key file was replaced) is told apart from a forged one without knowing that secret. The
 * entry's own key is inside the sealed bytes: an authentic entry copied over another's file name is
 * refused too.
 */
final class SealedEntry {
    private static final byte[] MAGIC = "PLINTHCC".getBytes(StandardCharsets.US_ASCII);
    static final int FORMAT = 1;
    private static final String HMAC = "HmacSHA256";
    private static final int MAC_BYTES = 32;
    private static final int KEY_ID_BYTES = 8;
    private static final int HEADER = MAGIC.length + 4 + KEY_ID_BYTES + 4;

    /** What opening a file found. */
    enum Verdict {
        /** Authentic, for this key: the payload may be used. */
        AUTHENTIC,
        /** Not an entry at all, or cut short: a miss. */
        CORRUPT,
        /** Sealed with another secret (or by an older format): a miss. */
        OTHER_SECRET,
        /** Claims this secret but its HMAC does not hold, or it is another key's entry: tampered with. */
        FORGED
    }

    /** The outcome of {@link #open}: the payload when authentic, else why not. */
    record Opened(Verdict verdict, byte[] payload, String reason) {
    }

    private final SecretKeySpec secret;
    private final byte[] keyId;

    SealedEntry(byte[] secret) {
        this.secret = new SecretKeySpec(secret, HMAC);
        this.keyId = Arrays.copyOf(mac().doFinal("plinth compile cache key id".getBytes(StandardCharsets.UTF_8)),
                KEY_ID_BYTES);
    }

    /** The file that holds {@code payload} under {@code key}. */
    byte[] seal(String key, byte[] payload) {
        byte[] keyBytes = key.getBytes(StandardCharsets.UTF_8);
        ByteBuffer file = ByteBuffer.allocate(HEADER + keyBytes.length + 4 + payload.length + MAC_BYTES);
        file.put(MAGIC).putInt(FORMAT).put(keyId).putInt(keyBytes.length).put(keyBytes).putInt(payload.length)
                .put(payload);
        Mac mac = mac();
        mac.update(file.array(), 0, file.position());
        file.put(mac.doFinal());
        return file.array();
    }

    /** What {@code file} holds, if it is this secret's authentic entry for {@code key}. */
    Opened open(String key, byte[] file) {
        if (file.length < HEADER + 4 + MAC_BYTES || !Arrays.equals(file, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
            return refused(Verdict.CORRUPT, "not a compile cache entry (" + file.length + " bytes)");
        }
        ByteBuffer in = ByteBuffer.wrap(file);
        in.position(MAGIC.length);
        int format = in.getInt();
        byte[] id = new byte[KEY_ID_BYTES];
        in.get(id);
        if (format != FORMAT || !MessageDigest.isEqual(id, keyId)) {
            return refused(Verdict.OTHER_SECRET, format != FORMAT ? "written in format " + format + ", not " + FORMAT
                    : "sealed with another secret (the key file was replaced)");
        }
        int keyLength = in.getInt();
        if (keyLength < 0 || keyLength > in.remaining() - 4 - MAC_BYTES) {
            return refused(Verdict.CORRUPT, "cut short: its key is " + keyLength + " bytes");
        }
        int keyStart = in.position();
        in.position(keyStart + keyLength);
        int payloadLength = in.getInt();
        if (payloadLength != in.remaining() - MAC_BYTES) {
            return refused(Verdict.CORRUPT, "cut short or padded: its payload should be " + payloadLength + " bytes, "
                    + (in.remaining() - MAC_BYTES) + " are there");
        }
        int payloadStart = in.position();
        Mac mac = mac();
        mac.update(file, 0, file.length - MAC_BYTES);
        if (!MessageDigest.isEqual(mac.doFinal(), Arrays.copyOfRange(file, file.length - MAC_BYTES, file.length))) {
            return refused(Verdict.FORGED, "its HMAC does not match its contents: the file was altered");
        }
        String sealedKey = new String(file, keyStart, keyLength, StandardCharsets.UTF_8);
        if (!sealedKey.equals(key)) {
            return refused(Verdict.FORGED, "it is the authentic entry of another module, moved to this one's name");
        }
        return new Opened(Verdict.AUTHENTIC, Arrays.copyOfRange(file, payloadStart, payloadStart + payloadLength), "");
    }

    private static Opened refused(Verdict verdict, String reason) {
        return new Opened(verdict, null, reason);
    }

    private Mac mac() {
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(secret);
            return mac;
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("every JDK has " + HMAC, e);
        }
    }
}
