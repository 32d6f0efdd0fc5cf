package dev.plinth.benchmarks.report;

import java.util.List;
import org.openjdk.jmh.util.ListStatistics;

/**
 * A mean and the half-width of its confidence interval, as JMH reports a score: {@code value ±
 * error}. The error is {@code NaN} when it cannot be computed (JMH needs at least three samples).
 * Ratios and inverses carry the error to first order, which is what a report of ratios needs.
 */
record Estimate(double value, double error) {
    /** The confidence JMH reports its errors at. */
    static final double CONFIDENCE = 0.999;

    /**
     * The mean of the samples and the half-width of its 99.9% confidence interval from Student's t
     * with n − 1 degrees of freedom, computed by JMH's own statistics so pooled figures read like
     * JMH's.
     */
    static Estimate ofSamples(List<Double> samples) {
        ListStatistics statistics = new ListStatistics();
        samples.forEach(statistics::addValue);
        return new Estimate(statistics.getMean(), statistics.getMeanErrorAt(CONFIDENCE));
    }

    /** This estimate divided by another: relative errors add in quadrature. */
    Estimate dividedBy(Estimate divisor) {
        double ratio = value / divisor.value;
        return new Estimate(ratio, Math.abs(ratio) * Math.hypot(error / value, divisor.error / divisor.value));
    }

    /** One over this estimate. */
    Estimate inverse() {
        return new Estimate(1 / value, error / (value * value));
    }

    /** This estimate scaled by an exact factor. */
    Estimate times(double factor) {
        return new Estimate(value * factor, Math.abs(factor) * error);
    }

    /** This estimate with an exact amount added, e.g. {@code ratio − 1}. */
    Estimate plus(double amount) {
        return new Estimate(value + amount, error);
    }

    /** Whether the error is known. */
    boolean hasError() {
        return Double.isFinite(error);
    }

    /** Whether {@code point} lies inside the confidence interval. */
    boolean covers(double point) {
        return hasError() && Math.abs(value - point) <= error;
    }
}
