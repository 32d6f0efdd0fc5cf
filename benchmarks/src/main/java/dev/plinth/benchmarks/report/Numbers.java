package dev.plinth.benchmarks.report;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Locale;

/**
 * How the report writes numbers: three significant digits without exponents (JMH's tables show
 * more digits than the errors justify), an error with as many decimals as its value.
 */
final class Numbers {
    private static final int SIGNIFICANT_DIGITS = 3;

    private Numbers() {
    }

    /** e.g. {@code 3.65}, {@code 50.7}, {@code 0.0432}, {@code 1234}. */
    static String format(double value) {
        return fixed(value, decimals(value));
    }

    /** A round number as written in a target: {@code 5}, {@code 1.5}, {@code 200}, no trailing zeros. */
    static String plain(double value) {
        return new BigDecimal(value).round(new MathContext(SIGNIFICANT_DIGITS)).stripTrailingZeros().toPlainString();
    }

    /** The error of a value, with the value's decimals; {@code n/a} when it is unknown. */
    static String error(double value, double error) {
        return Double.isFinite(error) ? fixed(error, decimals(value)) : "n/a";
    }

    /** {@code value ± error}, or the value alone when the error is unknown. */
    static String withError(double value, double error) {
        return Double.isFinite(error) ? format(value) + " ± " + error(value, error) : format(value);
    }

    /**
     * A speed-up as the reader says it: {@code 7.31× faster} above 1, {@code 2.10× slower} below
     * (the inverse), with its error when known.
     */
    static String speedUp(Estimate speedUp) {
        Estimate factor = speedUp.value() >= 1 ? speedUp : speedUp.inverse();
        String direction = speedUp.value() >= 1 ? " faster" : " slower";
        return format(factor.value()) + "×" + direction
                + (factor.hasError() ? " ± " + error(factor.value(), factor.error()) : "");
    }

    /** A minimum speed-up as a target: {@code ≥ 5× faster}, or {@code ≤ 1.5× slower} below 1. */
    static String speedUpTarget(double minimum) {
        return minimum >= 1 ? "≥ " + plain(minimum) + "× faster" : "≤ " + plain(1 / minimum) + "× slower";
    }

    /** A fraction as a signed percentage, e.g. {@code +54.2%} or {@code −3.10%}. */
    static String percent(double fraction) {
        return sign(fraction) + format(Math.abs(fraction) * 100) + "%";
    }

    /** A fraction in a target, e.g. {@code +15%}. */
    static String plainPercent(double fraction) {
        return sign(fraction) + plain(Math.abs(fraction) * 100) + "%";
    }

    private static String sign(double value) {
        return value >= 0 ? "+" : "−";
    }

    private static int decimals(double value) {
        if (value == 0 || !Double.isFinite(value)) {
            return SIGNIFICANT_DIGITS - 1;
        }
        int magnitude = (int) Math.floor(Math.log10(Math.abs(value)));
        return Math.max(0, SIGNIFICANT_DIGITS - 1 - magnitude);
    }

    private static String fixed(double value, int decimals) {
        return String.format(Locale.ROOT, "%." + decimals + "f", value);
    }
}
