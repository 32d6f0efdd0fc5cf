package dev.plinth.security.policy;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The words a policy file uses for enum values: the constant's name in lower case. */
final class PolicyWords {
    private PolicyWords() {
    }

    static String key(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }

    /**
     * The constant whose word is {@code text}.
     *
     * @throws IllegalArgumentException naming the words accepted
     */
    static <E extends Enum<E>> E parse(E[] values, String text, String what) {
        return Arrays.stream(values).filter(v -> key(v).equals(text)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("\"" + text + "\" is not " + what + "; use "
                        + Arrays.stream(values).map(v -> "\"" + key(v) + "\"").collect(Collectors.joining(" or "))));
    }
}
