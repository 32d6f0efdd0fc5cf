package dev.plinth.config;

import dev.plinth.api.error.InvalidManifestException;
import dev.plinth.api.unit.Quoting;
import java.math.BigInteger;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Function;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.POJONode;

/**
 * One TOML table of a manifest being read, with the dotted path that leads to it, so that every
 * error can name the file and the full key. Getters check types and throw
 * {@link InvalidManifestException}. Manifests and policies are both read through it, so that they
 * follow the same rules and show errors in the same style.
 */
final class TomlTable {
    private static final Pattern BARE_KEY = Pattern.compile("[A-Za-z0-9_-]+");

    private final String source;
    private final String path;
    private final JsonNode node;

    private TomlTable(String source, String path, JsonNode node) {
        this.source = source;
        this.path = path;
        this.node = node;
    }

    /** The document's root table. */
    static TomlTable root(String source, JsonNode node) {
        return new TomlTable(source, "", node);
    }

    /**
     * Parses TOML text (a leading byte-order mark is skipped) into its root table.
     *
     * @param source what to call the text in errors: its file, or a label such as {@code "<inline>"}
     * @throws InvalidManifestException when the text is not valid TOML
     */
    public static TomlTable parse(String text, String source) {
        String body = text.startsWith("\uFEFF") ? text.substring(1) : text;
        return root(source, TomlText.parse(body, source));
    }

    /** The dotted key of an entry of this table, e.g. {@code permissions.memory}. */
    public String key(String name) {
        String part = BARE_KEY.matcher(name).matches() ? name : Quoting.quote(name);
        return path.isEmpty() ? part : path + "." + part;
    }

    /** An error about one entry of this table. */
    public InvalidManifestException error(String name, String problem) {
        return new InvalidManifestException(source, key(name), problem);
    }

    /** An error about one entry of this table, caused by another exception. */
    public InvalidManifestException error(String name, String problem, Throwable cause) {
        return new InvalidManifestException(source, key(name), problem, cause);
    }

    /** The entries, in document order. */
    public Iterable<Map.Entry<String, JsonNode>> entries() {
        return node.properties();
    }

    /** Fails, naming each of them, when keys other than {@code allowed} are present. */
    public void allowOnly(List<String> allowed) {
        Problems unknown = new Problems();
        for (String name : node.propertyNames()) {
            if (!allowed.contains(name)) {
                String guess = KeySuggestion.suggest(name, allowed);
                String hint = guess == null ? "" : " (did you mean " + Quoting.quote(guess) + "?)";
                unknown.add(error(name, "unknown key" + hint + "; expected one of: " + String.join(", ", allowed)));
            }
        }
        unknown.throwIfAny();
    }

    /** The raw value under {@code name}, if present. */
    Optional<JsonNode> value(String name) {
        return Optional.ofNullable(node.get(name));
    }

    /** A sub-table, if present; anything else under that key is an error. */
    public Optional<TomlTable> table(String name) {
        JsonNode value = node.get(name);
        if (value == null) {
            return Optional.empty();
        }
        return Optional.of(asTable(name, value));
    }

    /** Treats an entry of this table as a table. */
    public TomlTable asTable(String name, JsonNode value) {
        if (!value.isObject()) {
            throw error(name, "expected a table, found " + typeName(value));
        }
        return new TomlTable(source, key(name), value);
    }

    /** A string, if present. {@code example} (may be null) is shown when the type is wrong. */
    public Optional<String> string(String name, String example) {
        JsonNode value = node.get(name);
        if (value == null) {
            return Optional.empty();
        }
        if (!value.isString()) {
            String expected = example == null ? "a string" : "a string such as " + Quoting.quote(example);
            throw error(name, "expected " + expected + ", found " + typeName(value));
        }
        return Optional.of(value.stringValue());
    }

    /** An array of strings, if present; the key of a bad element carries its index. */
    public Optional<List<String>> stringArray(String name, String example) {
        JsonNode value = node.get(name);
        if (value == null) {
            return Optional.empty();
        }
        if (!value.isArray()) {
            throw error(name, "expected an array of strings such as [" + Quoting.quote(example) + "], found "
                    + typeName(value));
        }
        List<String> result = new ArrayList<>(value.size());
        for (int i = 0; i < value.size(); i++) {
            JsonNode element = value.get(i);
            if (!element.isString()) {
                throw element(name, i, "expected a string such as " + Quoting.quote(example) + ", found "
                        + typeName(element));
            }
            result.add(element.stringValue());
        }
        return Optional.of(result);
    }

    /**
     * An array of rules, if present, each read with {@code parser}; a rule it refuses
     * ({@link IllegalArgumentException}) is an error naming its index. Empty when absent.
     */
    <T> List<T> rules(String name, String example, Function<String, T> parser) {
        List<String> texts = stringArray(name, example).orElse(List.of());
        List<T> result = new ArrayList<>(texts.size());
        Problems problems = new Problems();
        for (int i = 0; i < texts.size(); i++) {
            try {
                result.add(parser.apply(texts.get(i)));
            } catch (IllegalArgumentException e) {
                problems.add(element(name, i, e.getMessage()));
            }
        }
        problems.throwIfAny();
        return result;
    }

    /** An error about element {@code index} of the array under {@code name}. */
    public InvalidManifestException element(String name, int index, String problem) {
        return new InvalidManifestException(source, key(name) + "[" + index + "]", problem);
    }

    /** An integer that fits in a {@code long}, if present. */
    public OptionalLong integer(String name) {
        JsonNode value = node.get(name);
        if (value == null) {
            return OptionalLong.empty();
        }
        if (!value.isIntegralNumber()) {
            throw error(name, "expected an integer, found " + typeName(value));
        }
        if (!value.canConvertToLong()) {
            BigInteger big = value.bigIntegerValue();
            throw error(name, big + " is too large (at most " + Long.MAX_VALUE + ")");
        }
        return OptionalLong.of(value.longValue());
    }

    /** A boolean, if present ({@code true} or {@code false}, not a string). */
    public Optional<Boolean> bool(String name) {
        JsonNode value = node.get(name);
        if (value == null) {
            return Optional.empty();
        }
        if (!value.isBoolean()) {
            throw error(name, "expected true or false, found " + typeName(value));
        }
        return Optional.of(value.booleanValue());
    }

    /** How a value's type is named in messages: "a string", "an integer", "a table"... */
    static String typeName(JsonNode value) {
        if (value.isString()) {
            return "a string";
        }
        if (value.isIntegralNumber()) {
            return "an integer";
        }
        if (value.isNumber()) {
            return "a float";
        }
        if (value.isBoolean()) {
            return "a boolean";
        }
        if (value.isObject()) {
            return "a table";
        }
        if (value.isArray()) {
            return isArrayOfTables(value) ? "an array of tables" : "an array";
        }
        if (value instanceof POJONode pojo) {
            Object v = pojo.getPojo();
            if (v instanceof LocalDate) {
                return "a date";
            }
            if (v instanceof LocalTime) {
                return "a time";
            }
            if (v instanceof LocalDateTime) {
                return "a local date-time";
            }
            return "a date-time";
        }
        return "a " + value.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
    }

    private static boolean isArrayOfTables(JsonNode array) {
        if (array.isEmpty()) {
            return false;
        }
        for (JsonNode element : array) {
            if (!element.isObject()) {
                return false;
            }
        }
        return true;
    }
}
