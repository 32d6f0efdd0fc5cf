package dev.plinth.config;

import dev.plinth.api.error.InvalidManifestException;
import java.time.DateTimeException;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.toml.TomlMapper;
import tools.jackson.dataformat.toml.TomlReadFeature;

/**
 * Turns manifest text into a tree with Jackson's TOML reader, and its failures into
 * {@link InvalidManifestException}s that say what is wrong and where.
 *
 * <p>Token names in the reader's messages ({@code KEY_VAL_SEP}) are replaced by what they stand
 * for ({@code '='}), and the location is given as "(line L, column C)".
 *
 * <p>Two quirks of jackson-dataformat-toml 3.1.5 are handled here:
 * <ul>
 *   <li>Without {@link TomlReadFeature#PARSE_JAVA_TIME} dates and times come back as strings, so
 *       {@code version = 1979-05-27} would pass as a string; with it they are POJO nodes, and an
 *       impossible date (month 13) escapes as a bare {@link DateTimeException}, caught here.</li>
 *   <li>Decimal integers of exactly 19 digits are misread without an error
 *       ({@code 9223372036854775807} becomes {@code 6854775807}; FasterXML/jackson-dataformats-text
 *       #663), and negative integers of 19 or more digits lose their sign. {@link #checkLongLiterals}
 *       refuses such literals so that a misread number never becomes a limit.</li>
 * </ul>
 */
final class TomlText {
    private static final TomlMapper MAPPER = TomlMapper.builder().enable(TomlReadFeature.PARSE_JAVA_TIME).build();
    private static final Pattern DECIMAL_INTEGER = Pattern.compile("[+-]?[0-9](?:_?[0-9])*");
    private static final Pattern CONSTRAINT_ORIGIN = Pattern.compile(",? from `[^`]*`");
    private static final Pattern TOKEN_NAME = Pattern.compile("\\b[A-Z][A-Z_]+[A-Z]\\b");
    private static final Map<String, String> TOKEN_WORDS = Map.ofEntries(
            Map.entry("UNQUOTED_KEY", "a key"), Map.entry("DOT_SEP", "'.'"), Map.entry("STRING", "a string"),
            Map.entry("TRUE", "a boolean"), Map.entry("FALSE", "a boolean"),
            Map.entry("OFFSET_DATE_TIME", "a date-time"), Map.entry("LOCAL_DATE_TIME", "a date-time"),
            Map.entry("LOCAL_DATE", "a date"), Map.entry("LOCAL_TIME", "a time"), Map.entry("FLOAT", "a float"),
            Map.entry("INTEGER", "an integer"), Map.entry("STD_TABLE_OPEN", "'['"), Map.entry("STD_TABLE_CLOSE", "']'"),
            Map.entry("INLINE_TABLE_OPEN", "'{'"), Map.entry("INLINE_TABLE_CLOSE", "'}'"),
            Map.entry("ARRAY_TABLE_OPEN", "'[['"), Map.entry("ARRAY_TABLE_CLOSE", "']]'"),
            Map.entry("ARRAY_OPEN", "'['"), Map.entry("ARRAY_CLOSE", "']'"), Map.entry("KEY_VAL_SEP", "'='"),
            Map.entry("COMMA", "','"), Map.entry("ARRAY_WS_COMMENT_NEWLINE", "a newline"));
    static final int RISKY_DIGITS = 19;

    private TomlText() {
    }

    /** Reads TOML text into a tree whose root is a table. */
    static JsonNode parse(String text, String source) {
        JsonNode root;
        try {
            root = MAPPER.readTree(text);
        } catch (JacksonException e) {
            throw new InvalidManifestException(source, null, "not valid TOML: " + describe(e), e);
        } catch (DateTimeException e) {
            throw new InvalidManifestException(source, null, "not valid TOML: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            // The reader is not supposed to fail any other way; if it does, it is still the text's fault.
            throw new InvalidManifestException(source, null, "not valid TOML: the reader failed with " + e, e);
        }
        if (root == null || !root.isObject()) {
            throw new InvalidManifestException(source, null, "not valid TOML: the document is not a table");
        }
        checkLongLiterals(text, source);
        return root;
    }

    private static String describe(JacksonException e) {
        String message = e.getOriginalMessage();
        message = message == null ? e.getClass().getSimpleName() : message.strip();
        message = CONSTRAINT_ORIGIN.matcher(message).replaceAll("");
        int newline = message.indexOf('\n');
        if (newline >= 0) {
            message = message.substring(0, newline).strip();
        }
        message = TOKEN_NAME.matcher(message).replaceAll(m -> Matcher.quoteReplacement(
                TOKEN_WORDS.getOrDefault(m.group(), m.group())));
        TokenStreamLocation at = e.getLocation();
        if (at != null && at.getLineNr() > 0) {
            message += " (line " + at.getLineNr() + (at.getColumnNr() > 0 ? ", column " + at.getColumnNr() : "") + ")";
        }
        return message;
    }

    /**
     * Refuses decimal integer literals of {@value #RISKY_DIGITS} or more digits, which the reader
     * misreads. Scans the (already valid) text outside comments and strings; a bare key made of
     * digits is recognised by the '=' or '.' after it.
     */
    static void checkLongLiterals(String text, String source) {
        int line = 1;
        int i = 0;
        int n = text.length();
        while (i < n) {
            char c = text.charAt(i);
            if (c == '\n') {
                line++;
                i++;
            } else if (c == '#') {
                while (i < n && text.charAt(i) != '\n') {
                    i++;
                }
            } else if (c == '"' || c == '\'') {
                int end = skipString(text, i);
                line += count(text, i, end, '\n');
                i = end;
            } else if (isTokenChar(c)) {
                int start = i;
                while (i < n && isTokenChar(text.charAt(i))) {
                    i++;
                }
                String token = text.substring(start, i);
                if (DECIMAL_INTEGER.matcher(token).matches() && digits(token) >= RISKY_DIGITS && !isKey(text, i)) {
                    throw new InvalidManifestException(source, null, "line " + line + ": the integer " + token
                            + " has " + digits(token) + " digits; integers of " + RISKY_DIGITS
                            + " digits or more are not supported (the TOML reader misreads them)");
                }
            } else {
                i++;
            }
        }
    }

    private static boolean isTokenChar(char c) {
        return c >= '0' && c <= '9' || c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z'
                || c == '_' || c == '-' || c == '+' || c == '.' || c == ':';
    }

    private static int digits(String token) {
        int d = 0;
        for (int i = 0; i < token.length(); i++) {
            if (Character.isDigit(token.charAt(i))) {
                d++;
            }
        }
        return d;
    }

    private static boolean isKey(String text, int i) {
        while (i < text.length() && (text.charAt(i) == ' ' || text.charAt(i) == '\t')) {
            i++;
        }
        return i < text.length() && (text.charAt(i) == '=' || text.charAt(i) == '.');
    }

    /** The index just past the string that starts at {@code start} (basic or literal, one or three quotes). */
    private static int skipString(String text, int start) {
        char q = text.charAt(start);
        boolean multi = text.startsWith(String.valueOf(q).repeat(3), start);
        int i = start + (multi ? 3 : 1);
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '\\' && q == '"') {
                i += 2;
            } else if (c == q && (!multi || text.startsWith(String.valueOf(q).repeat(3), i))) {
                return i + (multi ? 3 : 1);
            } else {
                i++;
            }
        }
        return text.length();
    }

    private static int count(String text, int from, int to, char c) {
        int k = 0;
        for (int i = from; i < Math.min(to, text.length()); i++) {
            if (text.charAt(i) == c) {
                k++;
            }
        }
        return k;
    }
}
