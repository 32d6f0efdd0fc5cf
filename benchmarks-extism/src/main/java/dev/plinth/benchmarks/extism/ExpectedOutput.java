package dev.plinth.benchmarks.extism;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.util.Arrays;

/**
 * What the plugins must answer, computed in Java, so that a benchmark refuses to time a run that
 * computes the wrong thing.
 */
final class ExpectedOutput {
    private static final String DEFAULT_VOWELS = "aeiouAEIOU";

    private ExpectedOutput() {
    }

    /**
     * text-transformer's {@code count_vowels} answer for {@code text} with no config, when the running
     * total stored in the plugin's variable {@code total} becomes {@code total}.
     */
    static String vowelCount(byte[] text, long total) {
        return "{\"count\":" + vowels(text) + ",\"total\":" + total + ",\"vowels\":\"" + DEFAULT_VOWELS + "\"}";
    }

    /** The number of default vowels in {@code text}. */
    static long vowels(byte[] text) {
        return new String(text, UTF_8).chars().filter(c -> DEFAULT_VOWELS.indexOf(c) >= 0).count();
    }

    /** Throws unless the plugin's output is the expected bytes. */
    static void check(String call, byte[] expected, byte[] actual) {
        if (!Arrays.equals(expected, actual)) {
            throw new IllegalStateException(call + " answered " + describe(actual) + ", expected " + describe(expected));
        }
    }

    /** Throws unless the plugin's output is the expected UTF-8 text. */
    static void check(String call, String expected, byte[] actual) {
        check(call, expected.getBytes(UTF_8), actual);
    }

    private static String describe(byte[] bytes) {
        if (bytes == null) {
            return "nothing";
        }
        return bytes.length <= 100 ? "`" + new String(bytes, UTF_8) + "`" : bytes.length + " bytes";
    }
}
