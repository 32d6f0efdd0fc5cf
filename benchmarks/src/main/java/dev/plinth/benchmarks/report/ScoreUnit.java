package dev.plinth.benchmarks.report;

import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * A JMH score unit, as JMH writes it in {@code primaryMetric.scoreUnit}: a time per operation
 * ({@code us/op}) or a number of operations per time ({@code ops/ms}). Benchmarks report in the
 * unit their author chose; comparisons convert both sides into one unit before dividing.
 */
record ScoreUnit(boolean throughput, TimeUnit timeUnit) {
    /** Seconds per operation: the unit comparisons of times are made in. */
    static final ScoreUnit SECONDS_PER_OP = new ScoreUnit(false, TimeUnit.SECONDS);

    /** Parses JMH's notation, e.g. {@code ns/op}, {@code us/op}, {@code ms/op}, {@code ops/s}. */
    static ScoreUnit parse(String text) {
        String[] parts = text.trim().split("/");
        if (parts.length == 2 && parts[0].equals("ops")) {
            return new ScoreUnit(true, timeUnit(parts[1], text));
        }
        if (parts.length == 2 && parts[1].equals("op")) {
            return new ScoreUnit(false, timeUnit(parts[0], text));
        }
        throw new IllegalArgumentException("not a JMH score unit: " + text);
    }

    /** A time per operation in the given unit. */
    static ScoreUnit perOperation(TimeUnit unit) {
        return new ScoreUnit(false, unit);
    }

    /** Converts a value in this unit into {@code target}; between throughput and time it is inverted. */
    double convert(double value, ScoreUnit target) {
        return target.fromSecondsPerOp(toSecondsPerOp(value));
    }

    /**
     * Converts a mean and its error. Within times or within throughputs the conversion is a
     * factor; between them it inverts the mean, and the error follows to first order.
     */
    Estimate convert(Estimate estimate, ScoreUnit target) {
        double factor = convert(1, target);
        return throughput == target.throughput ? estimate.times(factor) : estimate.inverse().times(factor);
    }

    /** The unit as written in the report, e.g. {@code µs/op} or {@code ops/ms}. */
    String symbol() {
        return throughput ? "ops/" + timeSymbol(timeUnit) : timeSymbol(timeUnit) + "/op";
    }

    /** The symbol of a time unit alone, e.g. {@code µs}. */
    static String timeSymbol(TimeUnit unit) {
        return switch (unit) {
            case NANOSECONDS -> "ns";
            case MICROSECONDS -> "µs";
            case MILLISECONDS -> "ms";
            case SECONDS -> "s";
            case MINUTES -> "min";
            case HOURS -> "h";
            case DAYS -> "d";
        };
    }

    private double toSecondsPerOp(double value) {
        return throughput ? seconds(timeUnit) / value : value * seconds(timeUnit);
    }

    private double fromSecondsPerOp(double secondsPerOp) {
        return throughput ? seconds(timeUnit) / secondsPerOp : secondsPerOp / seconds(timeUnit);
    }

    private static double seconds(TimeUnit unit) {
        return unit.toNanos(1) / 1e9;
    }

    private static TimeUnit timeUnit(String symbol, String whole) {
        return switch (symbol.toLowerCase(Locale.ROOT)) {
            case "ns" -> TimeUnit.NANOSECONDS;
            case "us", "µs" -> TimeUnit.MICROSECONDS;
            case "ms" -> TimeUnit.MILLISECONDS;
            case "s" -> TimeUnit.SECONDS;
            case "min" -> TimeUnit.MINUTES;
            case "hr" -> TimeUnit.HOURS;
            case "day" -> TimeUnit.DAYS;
            default -> throw new IllegalArgumentException("not a JMH score unit: " + whole);
        };
    }
}
