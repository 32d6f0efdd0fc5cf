package dev.plinth.reload;

import dev.plinth.api.error.ErrorCode;
import dev.plinth.reload.internal.VersionFigures;
import java.time.Duration;
import java.util.Locale;

/**
 * Judges a canary's figures (read from its {@link dev.plinth.host.CallStats}, the same that the
 * actuator and the meters show) against its policy after each of its calls: carry on, roll it back
 * (failure rate or p99 latency over the threshold, once there are enough calls), or promote it
 * (enough healthy calls, when the policy promotes on its own). Stateless.
 */
final class CanaryJudge {
    private CanaryJudge() {
    }

    /** What to do with a canary. */
    enum Action { CONTINUE, ROLL_BACK, PROMOTE }

    /**
     * @param reason for a rollback: the measured figures against the threshold crossed
     * @param code for a rollback: the error code that stands for it
     */
    record Verdict(Action action, VersionFigures figures, String reason, ErrorCode code) {
        static final Verdict CONTINUE = new Verdict(Action.CONTINUE, null, "", null);
    }

    static Verdict judge(RoutedVersion canary) {
        CanaryPolicy policy = canary.policy();
        if (canary.countedCalls() < policy.minCalls()) {
            return Verdict.CONTINUE;
        }
        VersionFigures figures = canary.figures();
        if (figures.failureRate() > policy.maxFailureRate()) {
            String reason = String.format(Locale.ROOT, "failure rate %.1f%% over %d calls exceeds %.1f%% (%s)",
                    figures.failureRate() * 100, figures.calls(), policy.maxFailureRate() * 100, figures.describe());
            return new Verdict(Action.ROLL_BACK, figures, reason, figures.commonFailure().orElse(ErrorCode.PLUGIN_ERROR));
        }
        if (policy.maxLatency().isPresent() && figures.p99().compareTo(policy.maxLatency().get()) > 0) {
            String reason = String.format(Locale.ROOT, "p99 latency %.1f ms over %d calls exceeds %s (%s)",
                    millis(figures.p99()), figures.calls(), text(policy.maxLatency().get()), figures.describe());
            return new Verdict(Action.ROLL_BACK, figures, reason, ErrorCode.TIMEOUT);
        }
        if (policy.autoPromoteAfter().isPresent() && figures.calls() >= policy.autoPromoteAfter().getAsInt()) {
            return new Verdict(Action.PROMOTE, figures, "", null);
        }
        return Verdict.CONTINUE;
    }

    private static double millis(Duration duration) {
        return duration.toNanos() / 1e6;
    }

    private static String text(Duration duration) {
        return String.format(Locale.ROOT, "%.1f ms", millis(duration));
    }
}
