package dev.plinth.api.event;

import java.util.regex.Pattern;

/**
 * Event types and the patterns that name several: a type is 1 to 128 letters, digits and
 * {@code . _ - :} ({@code order.created}); a pattern is a type, or a prefix ending in {@code *}
 * ({@code order.*}, or {@code *} for every type).
 */
public final class EventTypes {
    /** The longest type, in characters. */
    public static final int MAX_LENGTH = 128;
    private static final Pattern TYPE = Pattern.compile("[A-Za-z0-9._:-]{1," + MAX_LENGTH + "}");

    private EventTypes() {
    }

    /** Whether {@code type} is a valid event type. */
    public static boolean valid(String type) {
        return type != null && TYPE.matcher(type).matches();
    }

    /**
     * {@code pattern}, checked.
     *
     * @throws IllegalArgumentException when it is neither a type nor a prefix ending in {@code *}
     */
    public static String checkPattern(String pattern) {
        String body = pattern.endsWith("*") ? pattern.substring(0, pattern.length() - 1) : pattern;
        if (!(body.isEmpty() && pattern.equals("*")) && !valid(body)) {
            throw new IllegalArgumentException("\"" + pattern + "\" is not an event type or pattern: use 1 to "
                    + MAX_LENGTH + " letters, digits and . _ - :, optionally ending in * (order.*)");
        }
        return pattern;
    }

    /** Whether {@code pattern} names {@code type}. */
    public static boolean matches(String pattern, String type) {
        return pattern.endsWith("*") ? type.startsWith(pattern.substring(0, pattern.length() - 1))
                : pattern.equals(type);
    }

    /** Whether every type {@code inner} names, {@code outer} names too. */
    public static boolean covers(String outer, String inner) {
        return outer.endsWith("*") ? inner.startsWith(outer.substring(0, outer.length() - 1)) : outer.equals(inner);
    }
}
