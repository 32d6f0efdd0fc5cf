package dev.plinth.api.unit;

/**
 * Cuts text that a plugin controls (log lines, error messages, paths, names) to a bounded length
 * before the host keeps it, logs it or puts it into a message, and marks the cut so that a reader
 * knows there was more: {@code "AAAA… (cut: 4194304 bytes in all)"}. A cut never splits a
 * character: not a UTF-16 surrogate pair, not a UTF-8 sequence.
 */
public final class TextCap {
    private TextCap() {
    }

    /**
     * The text itself when it has at most {@code maxChars} characters, else its first
     * {@code maxChars} (one fewer if that would split a surrogate pair) followed by the mark
     * {@code … (cut: <length> chars in all)}.
     */
    public static String chars(String text, int maxChars) {
        requireNonNegative(maxChars);
        if (text.length() <= maxChars) {
            return text;
        }
        int end = maxChars;
        if (end > 0 && Character.isHighSurrogate(text.charAt(end - 1))) {
            end--;
        }
        return text.substring(0, end) + mark(text.length(), "chars");
    }

    /**
     * Decodes the first {@code length} bytes of {@code bytes} as UTF-8, the kept part of a text of
     * {@code totalBytes} bytes: when {@code totalBytes} is larger the text was cut, so a UTF-8
     * sequence that the cut split is dropped and the mark {@code … (cut: <total> bytes in all)} is
     * added.
     */
    public static String utf8(byte[] bytes, int length, long totalBytes) {
        if (length < 0 || length > bytes.length) {
            throw new IllegalArgumentException("length " + length + " outside the " + bytes.length + " bytes given");
        }
        if (totalBytes <= length) {
            return new String(bytes, 0, length, java.nio.charset.StandardCharsets.UTF_8);
        }
        int end = wholeSequences(bytes, length);
        return new String(bytes, 0, end, java.nio.charset.StandardCharsets.UTF_8) + mark(totalBytes, "bytes");
    }

    /** The mark that {@link #utf8} adds to a text of {@code totalBytes} bytes that was cut. */
    public static String bytesMark(long totalBytes) {
        return mark(totalBytes, "bytes");
    }

    /** How many of the first {@code length} bytes end on a whole UTF-8 sequence. */
    static int wholeSequences(byte[] bytes, int length) {
        int floor = Math.max(0, length - 4);
        int lead = length - 1;
        while (lead >= floor && (bytes[lead] & 0xC0) == 0x80) {
            lead--; // a continuation byte: the sequence started earlier
        }
        if (lead < floor) {
            return length; // no lead byte in reach: not UTF-8 anyway, the decoder replaces it
        }
        int first = bytes[lead] & 0xFF;
        int needed = first < 0x80 ? 1 : first >= 0xF0 ? 4 : first >= 0xE0 ? 3 : first >= 0xC0 ? 2 : 1;
        return length - lead < needed ? lead : length;
    }

    private static String mark(long total, String unit) {
        return "… (cut: " + total + " " + unit + " in all)";
    }

    private static void requireNonNegative(int max) {
        if (max < 0) {
            throw new IllegalArgumentException("a cap must not be negative, was " + max);
        }
    }
}
