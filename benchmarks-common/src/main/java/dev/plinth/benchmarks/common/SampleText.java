package dev.plinth.benchmarks.common;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.util.Random;

/** The text the text-transformer benchmarks feed in, in every host: the same bytes on every run. */
public final class SampleText {
    private static final long SEED = 7;
    private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyz ABCDEFGHIJKLMNOPQRSTUVWXYZ ";

    private SampleText() {
    }

    /** {@code size} bytes of printable ASCII with words, like a log line or a form field. */
    public static byte[] ascii(int size) {
        Random random = new Random(SEED);
        StringBuilder text = new StringBuilder(size);
        while (text.length() < size) {
            text.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return text.toString().getBytes(UTF_8);
    }
}
