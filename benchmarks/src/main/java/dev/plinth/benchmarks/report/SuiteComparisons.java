package dev.plinth.benchmarks.report;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The comparisons the suite reports and the targets of issue 5: the one place that names the
 * benchmarks and their parameters. Plinth runs compiled and unmetered unless a comparison is about
 * the mode or fuel.
 */
final class SuiteComparisons {
    private static final String PLINTH = "dev.plinth.benchmarks.";
    private static final String EXTISM = "dev.plinth.benchmarks.extism.";

    private static final FigureRef ECHO = FigureRef.of(PLINTH + "SmallCallBenchmark.plinthEcho", "mode", "COMPILED");
    private static final FigureRef COUNT_VOWELS =
            FigureRef.of(PLINTH + "SmallCallBenchmark.plinthCountVowels", "mode", "COMPILED");
    private static final FigureRef GENERATED =
            FigureRef.of(PLINTH + "ComputeBenchmark.plinthGenerated", "fuel", "unmetered");
    private static final FigureRef INPUT = FigureRef.of(PLINTH + "ComputeBenchmark.plinthInput", "fuel", "unmetered");
    private static final FigureRef PDK_ECHO = FigureRef.of(PLINTH + "PdkShapeBenchmark.pdkEcho");
    private static final FigureRef PDK_COUNT_VOWELS = FigureRef.of(PLINTH + "PdkShapeBenchmark.pdkCountVowels");
    private static final FigureRef GROWING_ECHO = FigureRef.of(PLINTH + "MemoryGrowthBenchmark.growingEcho");

    /** Small calls at least 5× faster than Extism's Java SDK. */
    static final double SMALL_CALL_SPEED_UP_OVER_EXTISM = 5;
    /** Compute within 1.5× of plain Java: a speed-up of at least 1 ÷ 1.5. */
    static final double COMPUTE_SLOWDOWN_AGAINST_JAVA = 1.5;
    /** A load of a module whose compiled code is cached, in milliseconds. */
    static final double CACHE_HIT_LOAD_MILLIS = 5;
    /** A new instance of a loaded module, in microseconds. */
    static final double WARM_INSTANCE_MICROS = 200;
    /** Fuel metering may cost at most 15%. */
    static final double FUEL_OVERHEAD = 0.15;
    /** Two threads at least 1.8× the throughput of one. */
    static final double TWO_THREAD_SCALING = 1.8;

    private SuiteComparisons() {
    }

    static List<ComparisonGroup> groups() {
        return List.of(
                new ComparisonGroup("Plinth vs Extism",
                        "The same plugin in Extism's Java SDK (Chicory, AOT mode) and in Plinth (compiled, unmetered):"
                                + " Extism's time ÷ Plinth's.",
                        List.of(
                                new Comparison("small call, echo", SpeedUp.atLeast(ECHO,
                                        FigureRef.of(EXTISM + "ExtismSmallCallBenchmark.echo"),
                                        SMALL_CALL_SPEED_UP_OVER_EXTISM)),
                                new Comparison("small call, count_vowels", SpeedUp.atLeast(COUNT_VOWELS,
                                        FigureRef.of(EXTISM + "ExtismSmallCallBenchmark.countVowels"),
                                        SMALL_CALL_SPEED_UP_OVER_EXTISM)),
                                new Comparison("compute, 10 MiB generated in the plugin", SpeedUp.untargeted(GENERATED,
                                        FigureRef.of(EXTISM + "ExtismComputeBenchmark.generated"))),
                                new Comparison("compute, 10 MiB input", SpeedUp.untargeted(INPUT,
                                        FigureRef.of(EXTISM + "ExtismComputeBenchmark.input"))),
                                new Comparison("PDK-shaped echo, memory.grow refused", SpeedUp.atLeast(PDK_ECHO,
                                        FigureRef.of(EXTISM + "ExtismPdkShapeBenchmark.echo"),
                                        SMALL_CALL_SPEED_UP_OVER_EXTISM)),
                                new Comparison("PDK-shaped count_vowels", SpeedUp.atLeast(PDK_COUNT_VOWELS,
                                        FigureRef.of(EXTISM + "ExtismPdkShapeBenchmark.countVowels"),
                                        SMALL_CALL_SPEED_UP_OVER_EXTISM)),
                                new Comparison("PDK-shaped echo while memory grows a page a call",
                                        SpeedUp.untargeted(GROWING_ECHO,
                                                FigureRef.of(EXTISM + "ExtismMemoryGrowthBenchmark.growingEcho"))),
                                new Comparison("cold start, small module", coldStart("small")),
                                new Comparison("cold start, large module", coldStart("large")))),
                new ComparisonGroup("PDK-shaped modules vs plinth-sdk's",
                        "The same small call in Plinth from a module shaped like other PDKs' output (WAT: word-wise"
                                + " kernel loads and stores, memory.grow per echo, JSON written by hand) and from"
                                + " plinth-sdk's text-transformer: plinth-sdk's time ÷ the PDK-shaped one's.",
                        List.of(
                                new Comparison("echo", SpeedUp.untargeted(PDK_ECHO, ECHO)),
                                new Comparison("count_vowels", SpeedUp.untargeted(PDK_COUNT_VOWELS, COUNT_VOWELS)),
                                new Comparison("echo while memory grows", SpeedUp.untargeted(GROWING_ECHO, ECHO)))),
                new ComparisonGroup("Plinth vs plain Java",
                        "The same work written in Java, in the same JVM: Java's time ÷ Plinth's.",
                        List.of(
                                new Comparison("small call, echo", SpeedUp.untargeted(ECHO,
                                        FigureRef.of(PLINTH + "JavaSmallCallBenchmark.javaEcho"))),
                                new Comparison("small call, count_vowels", SpeedUp.untargeted(COUNT_VOWELS,
                                        FigureRef.of(PLINTH + "JavaSmallCallBenchmark.javaCountVowels"))),
                                new Comparison("compute, 10 MiB generated", SpeedUp.atLeast(GENERATED,
                                        FigureRef.of(PLINTH + "JavaComputeBenchmark.javaGenerated"),
                                        1 / COMPUTE_SLOWDOWN_AGAINST_JAVA)),
                                new Comparison("compute, 10 MiB input", SpeedUp.atLeast(INPUT,
                                        FigureRef.of(PLINTH + "JavaComputeBenchmark.javaInput"),
                                        1 / COMPUTE_SLOWDOWN_AGAINST_JAVA)))),
                new ComparisonGroup("Load and instance budgets",
                        "Times that must stay under a limit; the chart shows the limit ÷ the time.",
                        List.of(
                                new Comparison("cache-hit load, small module", cacheHitLoad("small")),
                                new Comparison("cache-hit load, large module", cacheHitLoad("large")),
                                new Comparison("warm instance, small module", warmInstance("small")),
                                new Comparison("warm instance, large module", warmInstance("large")))),
                new ComparisonGroup("Fuel overhead",
                        "Metered time ÷ unmetered time − 1; the chart shows the speed kept, unmetered ÷ metered"
                                + " time.",
                        List.of(
                                new Comparison("compute, 10 MiB generated", new Overhead(
                                        FigureRef.of(PLINTH + "ComputeBenchmark.plinthGenerated", "fuel", "metered"),
                                        GENERATED, FUEL_OVERHEAD)),
                                new Comparison("compute, 10 MiB input", new Overhead(
                                        FigureRef.of(PLINTH + "ComputeBenchmark.plinthInput", "fuel", "metered"),
                                        INPUT, FUEL_OVERHEAD)),
                                new Comparison("count_vowels, 16 KiB", fuelCall("count_vowels")),
                                new Comparison("transform, 16 KiB", fuelCall("transform")))),
                new ComparisonGroup("Concurrency",
                        "Calls from two threads against one: throughput of two ÷ throughput of one.",
                        List.of(new Comparison("two threads vs one", new Scaling(
                                FigureRef.of(PLINTH + "ConcurrencyBenchmark.twoThreads"),
                                FigureRef.of(PLINTH + "ConcurrencyBenchmark.oneThread"), TWO_THREAD_SCALING)))));
    }

    /**
     * Every figure the suite should produce: those the comparisons use and those reported on their
     * own (interpreted mode, reload, deadline), so a missing one is listed with its reason.
     */
    static List<FigureRef> expectedFigures() {
        Set<FigureRef> figures = new LinkedHashSet<>();
        groups().forEach(group -> group.comparisons()
                .forEach(comparison -> figures.addAll(comparison.measure().figures())));
        List<FigureRef> expected = new ArrayList<>(figures);
        expected.add(FigureRef.of(PLINTH + "SmallCallBenchmark.plinthEcho", "mode", "INTERPRETED"));
        expected.add(FigureRef.of(PLINTH + "SmallCallBenchmark.plinthCountVowels", "mode", "INTERPRETED"));
        expected.add(FigureRef.of(PLINTH + "ReloadBenchmark.reload"));
        expected.add(FigureRef.of(PLINTH + "DeadlineBenchmark.spinUntilStopped"));
        return expected;
    }

    private static SpeedUp coldStart(String module) {
        return SpeedUp.untargeted(FigureRef.of(PLINTH + "ColdStartBenchmark.coldLoad", "module", module),
                FigureRef.of(EXTISM + "ExtismColdStartBenchmark.buildAndFirstCall", "module", module));
    }

    private static Budget cacheHitLoad(String module) {
        return new Budget(FigureRef.of(PLINTH + "ColdStartBenchmark.cacheHitLoad", "module", module),
                CACHE_HIT_LOAD_MILLIS, TimeUnit.MILLISECONDS);
    }

    private static Budget warmInstance(String module) {
        return new Budget(FigureRef.of(PLINTH + "ColdStartBenchmark.warmInstance", "module", module),
                WARM_INSTANCE_MICROS, TimeUnit.MICROSECONDS);
    }

    private static Overhead fuelCall(String function) {
        String benchmark = PLINTH + "FuelBenchmark.call";
        return new Overhead(new FigureRef(benchmark, Map.of("fuel", "metered", "function", function)),
                new FigureRef(benchmark, Map.of("fuel", "unmetered", "function", function)), FUEL_OVERHEAD);
    }
}
