package dev.plinth.spring.dashboard;

import dev.plinth.spring.endpoint.PluginDescriptors.CanaryDescriptor;
import dev.plinth.spring.endpoint.PluginDescriptors.PluginSummary;

/**
 * One plugin's call figures at one moment, as its versions' {@link dev.plinth.host.CallStats} gave
 * them: the serving version's counts since it was loaded and latency percentiles, and the canary's
 * counts when one runs. Counts restart at zero with each newly loaded version, so the page tells a
 * new version by its {@code versionId}.
 *
 * @param at when it was taken, ISO-8601
 * @param canaryVersionId the canary's version id, or null when none runs
 */
public record CallSample(String at, String versionId, long calls, long errors, double p50Millis, double p99Millis,
        String canaryVersionId, long canaryCalls, long canaryErrors) {

    /** The figures of one line of the actuator's plugin list. */
    static CallSample of(String at, PluginSummary summary) {
        CanaryDescriptor canary = summary.canary();
        return new CallSample(at, summary.versionId(), summary.calls(), summary.errors(), summary.p50Millis(),
                summary.p99Millis(), canary == null ? null : canary.versionId(), canary == null ? 0 : canary.calls(),
                canary == null ? 0 : canary.errors());
    }
}
