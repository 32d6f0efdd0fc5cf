package dev.plinth.config;

import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.TemporalAccessor;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.POJONode;

/**
 * Reads {@code [config]}: every value becomes the string a plugin gets from {@code config_get}.
 * Strings pass as they are; integers, floats, booleans and dates are written out in their usual
 * text form ({@code 800}, {@code 1.5}, {@code true}, {@code 1979-05-27}); arrays and tables are
 * refused, since Extism config is a flat map of strings.
 */
final class ConfigValues {
    private static final int MAX_PLAIN_FLOAT = 32;

    private ConfigValues() {
    }

    static Map<String, String> read(TomlTable table) {
        Map<String, String> config = new LinkedHashMap<>();
        Problems problems = new Problems();
        for (Map.Entry<String, JsonNode> entry : table.entries()) {
            String key = entry.getKey();
            if (key.isEmpty()) {
                problems.add(table.error(key, "config keys cannot be empty"));
                continue;
            }
            problems.check(() -> config.put(key, text(table, key, entry.getValue())));
        }
        problems.throwIfAny();
        return config;
    }

    private static String text(TomlTable table, String key, JsonNode value) {
        if (value.isString()) {
            return value.stringValue();
        }
        if (value.isBoolean()) {
            return Boolean.toString(value.booleanValue());
        }
        if (value.isIntegralNumber()) {
            return value.bigIntegerValue().toString();
        }
        if (value.isBigDecimal()) {
            return decimal(value.decimalValue());
        }
        if (value.isNumber()) {
            double d = value.doubleValue();
            return Double.isNaN(d) ? "nan" : d > 0 ? "inf" : d < 0 ? "-inf" : Double.toString(d);
        }
        if (value instanceof POJONode pojo && pojo.getPojo() instanceof TemporalAccessor t) {
            return temporal(t);
        }
        throw table.error(key, "expected a string, found " + TomlTable.typeName(value)
                + " (config values are strings; numbers, booleans and dates are converted)");
    }

    /** ISO-8601 as TOML writes it, seconds always shown ({@code 07:32:00}, not {@code 07:32}). */
    private static String temporal(TemporalAccessor t) {
        if (t instanceof OffsetDateTime) {
            return DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(t);
        }
        if (t instanceof LocalDateTime) {
            return DateTimeFormatter.ISO_LOCAL_DATE_TIME.format(t);
        }
        if (t instanceof LocalTime) {
            return DateTimeFormatter.ISO_LOCAL_TIME.format(t);
        }
        return t.toString();
    }

    /** Plain decimal ({@code 1e3} gives {@code 1000}) unless that would be very long. */
    private static String decimal(BigDecimal d) {
        String plain = d.toPlainString();
        return plain.length() <= MAX_PLAIN_FLOAT ? plain : d.toString();
    }
}
