package dev.plinth.benchmarks;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.util.Random;

/** The text the text-transformer benchmarks feed in: the same bytes on every run. */
final class SampleText {
    private SampleText() {
    }

    /** {@code size} bytes of printable ASCII with words, like a log line or a form field. */
    static byte[] ascii(int size) {
        Random random = new Random(7);
        String alphabet = "abcdefghijklmnopqrstuvwxyz ABCDEFGHIJKLMNOPQRSTUVWXYZ ";
        StringBuilder text = new StringBuilder(size);
        while (text.length() < size) {
            text.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return text.toString().getBytes(UTF_8);
    }
}
