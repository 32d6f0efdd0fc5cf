package dev.plinth.component.internal.abi;

import dev.plinth.component.CanonicalAbiException;
import dev.plinth.component.CanonicalAbiException.Violation;

/** UTF-16LE and latin-1 code units, strictly: an unpaired surrogate from a guest is an error. */
final class Strings {
    private Strings() {
    }

    static String decodeUtf16(byte[] bytes) {
        char[] chars = new char[bytes.length / 2];
        for (int i = 0; i < chars.length; i++) {
            chars[i] = (char) ((bytes[2 * i] & 0xFF) | (bytes[2 * i + 1] & 0xFF) << 8);
        }
        for (int i = 0; i < chars.length; i++) {
            char c = chars[i];
            if (Character.isHighSurrogate(c) && i + 1 < chars.length && Character.isLowSurrogate(chars[i + 1])) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw new CanonicalAbiException(Violation.INVALID_UTF16, "the string has an unpaired surrogate 0x"
                        + Integer.toHexString(c) + " at code unit " + i);
            }
        }
        return new String(chars);
    }

    static byte[] encodeUtf16(String s) {
        byte[] bytes = new byte[s.length() * 2];
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            bytes[2 * i] = (byte) c;
            bytes[2 * i + 1] = (byte) (c >>> 8);
        }
        return bytes;
    }

    static boolean isLatin1(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) > 0xFF) {
                return false;
            }
        }
        return true;
    }
}
