package dev.plinth.benchmarks;

import static java.nio.charset.StandardCharsets.UTF_8;

/** The vowel count of the text-transformer plugin, written in plain Java for comparison. */
final class JavaVowels {
    private JavaVowels() {
    }

    static byte[] countToJson(byte[] input) {
        String text = new String(input, UTF_8);
        int count = 0;
        for (int i = 0; i < text.length(); i++) {
            if ("aeiouAEIOU".indexOf(text.charAt(i)) >= 0) {
                count++;
            }
        }
        return ("{\"count\":" + count + ",\"vowels\":\"aeiouAEIOU\",\"total\":" + text.length() + "}").getBytes(UTF_8);
    }
}
