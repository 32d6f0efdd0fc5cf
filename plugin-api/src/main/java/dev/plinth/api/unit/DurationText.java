package dev.plinth.api.unit;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as people write them in manifests and properties: {@code "30s"}, {@code "500ms"},
 * {@code "1.5s"}, or ISO-8601 such as {@code "PT30S"}.
 *
 * <p>Units: {@code ns}, {@code us} (or {@code µs}), {@code ms}, {@code s}, {@code m}, {@code h},
 * {@code d}; case-insensitive, with an optional space before the unit. A decimal fraction is
 * allowed with any unit as long as the result is a whole number of nanoseconds ({@code "1.5s"},
 * {@code "0.25ms"}; not {@code "1.5ns"}). Exactly one number and one unit: {@code "1h30m"} is
 * refused (write {@code "90m"}). {@code "0"} alone means zero; any other number needs a unit.
 * Negative durations are refused; zero is accepted, and callers that need a positive duration
 * check for it.
 */
public final class DurationText {

    private static final Pattern FORM = Pattern.compile("([+-]?)([0-9]+(?:\\.[0-9]+)?)\\s*([A-Za-zµ]+)");
    private static final Pattern COMPOUND = Pattern.compile("(?:[0-9.]+\\s*[A-Za-zµ]+\\s*){2,}");
    private static final String ACCEPTED =
            "use a number with ns, us, ms, s, m, h or d, e.g. \"30s\" or \"500ms\" (or ISO-8601 such as \"PT30S\")";
    private static final int MAX_NUMBER_LENGTH = 40;
    private static final BigDecimal NANOS_PER_SECOND = BigDecimal.valueOf(1_000_000_000L);
    private static final BigInteger MAX_SECONDS = BigInteger.valueOf(Long.MAX_VALUE);

    private enum Unit {
        D("d", 86_400_000_000_000L),
        H("h", 3_600_000_000_000L),
        M("m", 60_000_000_000L),
        S("s", 1_000_000_000L),
        MS("ms", 1_000_000L),
        US("us", 1_000L),
        NS("ns", 1L);

        final String symbol;
        final long nanos;

        Unit(String symbol, long nanos) {
            this.symbol = symbol;
            this.nanos = nanos;
        }

        static Unit of(String symbol) {
            String s = symbol.toLowerCase(Locale.ROOT);
            if (s.equals("µs") || s.equals("μs")) {
                return US;
            }
            for (Unit u : values()) {
                if (u.symbol.equals(s)) {
                    return u;
                }
            }
            return null;
        }
    }

    private DurationText() {
    }

    /**
     * Reads a duration in the compact form ({@code "30s"}, {@code "1.5s"}, {@code "250us"}) or in
     * ISO-8601 ({@code "PT30S"}).
     *
     * @throws IllegalArgumentException naming the text and the accepted form, when it is not a
     *     duration, is negative, or is too long for {@link Duration}
     */
    public static Duration parse(String text) {
        if (text == null) {
            throw new IllegalArgumentException("no duration given; " + ACCEPTED);
        }
        String t = text.strip();
        String quoted = Quoting.quote(text);
        if (t.equals("0")) {
            return Duration.ZERO;
        }
        if (!t.isEmpty() && (t.charAt(0) == 'P' || t.charAt(0) == 'p' || t.startsWith("-P") || t.startsWith("-p")
                || t.startsWith("+P") || t.startsWith("+p"))) {
            return parseIso(t, quoted);
        }
        Matcher m = FORM.matcher(t);
        Unit unit = m.matches() ? Unit.of(m.group(3)) : null;
        if (unit == null || m.group(2).length() > MAX_NUMBER_LENGTH) {
            String hint = COMPOUND.matcher(t).matches() ? " (one number and one unit: \"90m\", not \"1h30m\")" : "";
            throw new IllegalArgumentException(quoted + " is not a duration" + hint + "; " + ACCEPTED);
        }
        if ("-".equals(m.group(1))) {
            throw new IllegalArgumentException(quoted + " is not a duration: durations cannot be negative; " + ACCEPTED);
        }
        BigDecimal nanos = new BigDecimal(m.group(2)).multiply(BigDecimal.valueOf(unit.nanos));
        if (nanos.stripTrailingZeros().scale() > 0) {
            throw new IllegalArgumentException(quoted + " is not a duration: it is not a whole number of"
                    + " nanoseconds; use a smaller unit");
        }
        BigDecimal[] secondsAndNanos = nanos.divideAndRemainder(NANOS_PER_SECOND);
        BigInteger seconds = secondsAndNanos[0].toBigIntegerExact();
        if (seconds.compareTo(MAX_SECONDS) > 0) {
            throw new IllegalArgumentException(quoted + " is too long for a duration");
        }
        return Duration.ofSeconds(seconds.longValueExact(), secondsAndNanos[1].longValueExact());
    }

    private static Duration parseIso(String t, String quoted) {
        Duration d;
        try {
            d = Duration.parse(t);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(quoted + " is not a duration; " + ACCEPTED, e);
        }
        if (d.isNegative()) {
            throw new IllegalArgumentException(quoted + " is not a duration: durations cannot be negative; " + ACCEPTED);
        }
        return d;
    }

    /**
     * Writes a duration in the compact form that {@link #parse} reads, in the largest unit that
     * shows it exactly: {@code "30s"}, {@code "1500ms"}, {@code "90m"}, {@code "0s"}. Negative
     * durations get a leading {@code '-'} (which {@code parse} refuses).
     */
    public static String format(Duration duration) {
        if (duration.isZero()) {
            return "0s";
        }
        BigInteger nanos = BigInteger.valueOf(duration.getSeconds())
                .multiply(BigInteger.valueOf(1_000_000_000L))
                .add(BigInteger.valueOf(duration.getNano()));
        for (Unit u : Unit.values()) {
            BigInteger[] qr = nanos.divideAndRemainder(BigInteger.valueOf(u.nanos));
            if (qr[1].signum() == 0) {
                return qr[0] + u.symbol;
            }
        }
        throw new AssertionError("every duration is a whole number of nanoseconds");
    }
}
