package dev.plinth.benchmarks.extism;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.util.Random;

/**
 * The small-call input: the same bytes as Plinth's {@code SmallCallBenchmark} generates (same seed,
 * same alphabet), so both SDKs are timed on identical input.
 */
final class SampleText {
    private static final long SEED = 7;
    private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyz ABCDEFGHIJKLMNOPQRSTUVWXYZ ";

    private SampleText() {
    }

    /** Printable ASCII text with words, {@code size} bytes long. */
    static byte[] of(int size) {
        Random random = new Random(SEED);
        StringBuilder text = new StringBuilder(size);
        while (text.length() < size) {
            text.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return text.toString().getBytes(UTF_8);
    }
}
