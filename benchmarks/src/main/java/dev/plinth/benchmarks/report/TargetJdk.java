package dev.plinth.benchmarks.report;

import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The JDK a run's figures were measured on, as far as its targets depend on it: issue 13 asks
 * compute to stay within 2× of plain Java on JDK 17 (the baseline the library is compiled for)
 * and within 1.3× on the newest JDK. Any JDK newer than 17 is judged as the newest; a run whose
 * JDK is not recorded too, since the suite runs on the newest JDK unless told otherwise.
 *
 * @param feature the feature version ({@code 17}, {@code 25}), empty when not recorded
 */
record TargetJdk(OptionalInt feature) {
    /** The baseline JDK, whose compute target is the looser one. */
    static final int BASELINE = 17;
    static final TargetJdk UNKNOWN = new TargetJdk(OptionalInt.empty());

    private static final Pattern FEATURE = Pattern.compile("^(?:1\\.)?(\\d+)");

    /** From a version as {@code java.runtime.version} or JMH writes it: {@code 17.0.13+11-Debian-2}, {@code 25+36-LTS}. */
    static TargetJdk parse(String version) {
        Matcher matcher = FEATURE.matcher(version == null ? "" : version.trim());
        return matcher.find() ? new TargetJdk(OptionalInt.of(Integer.parseInt(matcher.group(1)))) : UNKNOWN;
    }

    /** Whether the run is on the baseline JDK (17, or older, which Plinth does not support). */
    boolean isBaseline() {
        return feature.isPresent() && feature.getAsInt() <= BASELINE;
    }

    /** How a target bound to this JDK says so: {@code JDK 17}, {@code JDK 25, the newest}, {@code the newest JDK}. */
    String describe() {
        if (feature.isEmpty()) {
            return "the newest JDK";
        }
        return isBaseline() ? "JDK " + feature.getAsInt() : "JDK " + feature.getAsInt() + ", the newest";
    }
}
