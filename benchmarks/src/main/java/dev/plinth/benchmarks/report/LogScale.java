package dev.plinth.benchmarks.report;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.DoubleStream;

/**
 * A base-10 logarithmic axis over whole decades, wide enough for every value given, mapped onto a
 * span of pixels. Ratios from 0.01× to 100× share one chart this way, and 2× reads the same
 * distance from 1× as 0.5×.
 */
final class LogScale {
    /** Values at or below zero (an error bar reaching past zero) are drawn at this floor. */
    private static final double FLOOR = 1e-6;

    private final double firstDecade;
    private final double lastDecade;
    private final double left;
    private final double width;

    private LogScale(double firstDecade, double lastDecade, double left, double width) {
        this.firstDecade = firstDecade;
        this.lastDecade = lastDecade;
        this.left = left;
        this.width = width;
    }

    /** The decades that hold all the values and 1, over {@code width} pixels from {@code left}. */
    static LogScale covering(DoubleStream values, double left, double width) {
        double[] logs = DoubleStream.concat(values, DoubleStream.of(1))
                .filter(value -> value > 0 && Double.isFinite(value))
                .map(Math::log10).toArray();
        double first = Math.floor(DoubleStream.of(logs).min().orElse(0));
        double last = Math.ceil(DoubleStream.of(logs).max().orElse(0));
        return new LogScale(first, last > first ? last : first + 1, left, width);
    }

    /** The x coordinate of a value, clamped to the axis. */
    double x(double value) {
        double log = Math.log10(Math.max(value, FLOOR));
        double clamped = Math.min(Math.max(log, firstDecade), lastDecade);
        return left + (clamped - firstDecade) / (lastDecade - firstDecade) * width;
    }

    /** The powers of ten on the axis, e.g. 0.01, 0.1, 1, 10. */
    List<Double> decades() {
        List<Double> decades = new ArrayList<>();
        for (double exponent = firstDecade; exponent <= lastDecade; exponent++) {
            decades.add(Math.pow(10, exponent));
        }
        return decades;
    }

    /** 2× and 5× each decade: finer grid lines, worth drawing when the axis spans few decades. */
    List<Double> minorTicks() {
        List<Double> ticks = new ArrayList<>();
        for (double decade : decades().subList(0, decades().size() - 1)) {
            ticks.add(2 * decade);
            ticks.add(5 * decade);
        }
        return ticks;
    }

    int decadeCount() {
        return (int) (lastDecade - firstDecade);
    }
}
