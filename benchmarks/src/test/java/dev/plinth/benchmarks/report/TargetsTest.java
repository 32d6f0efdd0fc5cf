package dev.plinth.benchmarks.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The suite's targets are issue 13's, compute's bound to the JDK the run was on; issue 5's budgets stay, said to be its. */
class TargetsTest {
    @Test
    void readsTheFeatureVersionOfEveryWayAJdkWritesItself() {
        assertThat(TargetJdk.parse("17.0.13+11-Debian-2").feature()).hasValue(17);
        assertThat(TargetJdk.parse("25+36-LTS").feature()).hasValue(25);
        assertThat(TargetJdk.parse("25.0.1").feature()).hasValue(25);
        assertThat(TargetJdk.parse("1.8.0_392").feature()).hasValue(8);
        assertThat(TargetJdk.parse(SuiteInfo.UNKNOWN)).isEqualTo(TargetJdk.UNKNOWN);
        assertThat(TargetJdk.parse(null)).isEqualTo(TargetJdk.UNKNOWN);
    }

    @Test
    void computeIsWithinTwiceJavaOnJdk17AndWithin1point3OnTheNewest() {
        assertThat(computeTargets(TargetJdk.parse("17.0.15"))).containsOnly("≤ 2× slower on JDK 17");
        assertThat(computeTargets(TargetJdk.parse("25.0.1"))).containsOnly("≤ 1.3× slower on JDK 25, the newest");
        assertThat(computeTargets(TargetJdk.UNKNOWN)).containsOnly("≤ 1.3× slower on the newest JDK");
    }

    @Test
    void everyCallOfAModuleBothHostsRunIsAtLeastThreeTimesFasterThanExtism() {
        Map<String, String> targets = targets("Plinth vs Extism", TargetJdk.UNKNOWN);

        assertThat(targets).containsOnlyKeys("small call, echo", "small call, count_vowels",
                "compute, 10 MiB generated in the plugin", "compute, 10 MiB input",
                "PDK-shaped echo, memory.grow refused", "PDK-shaped count_vowels",
                "PDK-shaped echo while memory grows a page a call", "cold start, small module",
                "cold start, large module");
        targets.forEach((label, target) -> assertThat(target).as(label)
                .isEqualTo(label.startsWith("cold start") ? Evaluation.NO_TARGET : "≥ 3× faster"));
    }

    @Test
    void fuelMayCostAtMostFifteenPercentOnComputeCountVowelsAndTransform() {
        assertThat(targets("Fuel overhead", TargetJdk.UNKNOWN)).containsOnly(
                Map.entry("compute, 10 MiB generated", "≤ +15%"), Map.entry("compute, 10 MiB input", "≤ +15%"),
                Map.entry("count_vowels, 16 KiB", "≤ +15%"), Map.entry("transform, 16 KiB", "≤ +15%"));
    }

    @Test
    void aWarmRestartOfTheLargeModuleIsJudgedAgainst150MillisecondsWithAndWithoutTheJdksAotCache() {
        List<Comparison> restarts = group("Warm restart", TargetJdk.UNKNOWN).comparisons();

        assertThat(restarts).extracting(restart -> restart.measure().figures()).containsExactly(
                List.of(FigureRef.of("dev.plinth.benchmarks.WarmRestartBenchmark.loadAndFirstCall", "jvmCache", "none")),
                List.of(FigureRef.of("dev.plinth.benchmarks.WarmRestartBenchmark.loadAndFirstCall", "jvmCache", "aot")));
        assertThat(restarts).extracting(restart -> restart.measure().target()).containsOnly("< 150 ms");
        restarts.forEach(restart -> assertThat(SuiteComparisons.expectedFigures()).containsAll(restart.measure().figures()));
    }

    @Test
    void issue5sBudgetsStayAndSayWhoseTheyAre() {
        ComparisonGroup budgets = group("Load and instance budgets", TargetJdk.UNKNOWN);

        assertThat(budgets.note()).contains("issue 5's budgets");
        assertThat(budgets.comparisons()).extracting(comparison -> comparison.measure().target())
                .containsExactly("< 5 ms", "< 5 ms", "< 200 µs", "< 200 µs");
        assertThat(group("Concurrency", TargetJdk.UNKNOWN).note()).contains("Issue 5's");
    }

    @Test
    void theTargetJdkIsTheRecordedOneElseTheOneJmhSaw() {
        SuiteInfo unrecorded = new SuiteInfo(new java.util.Properties());
        JvmInfo jdk17 = new JvmInfo("OpenJDK 64-Bit Server VM", "17.0.15+6", "17.0.15", List.of());
        JvmInfo jdk25 = new JvmInfo("OpenJDK 64-Bit Server VM", "25.0.1+8-LTS", "25.0.1", List.of());

        assertThat(SuiteReport.targetJdk(unrecorded, List.of(jdk17)).feature()).hasValue(17);
        assertThat(SuiteReport.targetJdk(unrecorded, List.of(jdk17, jdk25))).isEqualTo(TargetJdk.UNKNOWN);
        java.util.Properties recorded = new java.util.Properties();
        recorded.setProperty("jdk.version", "25.0.1+8-LTS");
        assertThat(SuiteReport.targetJdk(new SuiteInfo(recorded), List.of(jdk17)).feature()).isEqualTo(OptionalInt.of(25));
    }

    private static List<String> computeTargets(TargetJdk jdk) {
        return group("Plinth vs plain Java", jdk).comparisons().stream()
                .filter(comparison -> comparison.label().startsWith("compute"))
                .map(comparison -> comparison.measure().target()).toList();
    }

    private static Map<String, String> targets(String title, TargetJdk jdk) {
        return group(title, jdk).comparisons().stream()
                .collect(Collectors.toMap(Comparison::label, comparison -> comparison.measure().target()));
    }

    private static ComparisonGroup group(String title, TargetJdk jdk) {
        return SuiteComparisons.groups(jdk).stream().filter(group -> group.title().equals(title)).findFirst()
                .orElseThrow(() -> new AssertionError("no group " + title));
    }
}
