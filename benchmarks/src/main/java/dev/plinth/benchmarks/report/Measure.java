package dev.plinth.benchmarks.report;

import java.util.List;

/** How a comparison turns pooled figures into one number and judges it against its target. */
sealed interface Measure permits SpeedUp, Overhead, Budget, Scaling {
    /** The figures the measure needs, in the order {@link #evaluate} receives them. */
    List<FigureRef> figures();

    /** How the number is computed, for the reader. */
    String formula();

    /** The target as the reader says it, {@link Evaluation#NO_TARGET} if there is none. */
    String target();

    /** Computes and judges the number from one score per {@link #figures()} entry, in that order. */
    Evaluation evaluate(List<PooledScore> scores);
}
