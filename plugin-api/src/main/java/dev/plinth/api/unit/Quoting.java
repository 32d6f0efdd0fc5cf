package dev.plinth.api.unit;

/**
 * Quotes user text for error messages: in double quotes, escaped, and cut short if long. Shared by
 * every parser in plugin-api, so that all of them show bad input the same way.
 */
public final class Quoting {
    private static final int MAX = 80;

    private Quoting() {
    }

    /** The text in double quotes, with control characters escaped and long text cut short. */
    public static String quote(String text) {
        StringBuilder sb = new StringBuilder(Math.min(text.length(), MAX) + 8).append('"');
        int end = Math.min(text.length(), MAX);
        for (int i = 0; i < end; i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\t' -> sb.append("\\t");
                case '\r' -> sb.append("\\r");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        if (text.length() > MAX) {
            sb.append("...");
        }
        return sb.append('"').toString();
    }
}
