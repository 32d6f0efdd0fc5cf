package dev.plinth.benchmarks.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

class ResultsReportTest {
    private static final String PLINTH = "dev.plinth.benchmarks.";

    @TempDir
    Path results;

    @TempDir
    Path output;

    @Test
    void writesTheReportAndAWellFormedChart() throws Exception {
        Files.writeString(results.resolve(SuiteInfo.FILE), """
                suite.command=benchmarks/suite.sh --quick
                profile=quick
                profile.settings=2 rounds per side
                started=2026-01-02T03:04:05Z
                git.commit=0123456789ab
                git.dirty=false
                machine.cpu=Test CPU <fast> & "cool"
                machine.cores=2
                machine.memory=8.0 GiB
                os=Debian GNU/Linux 12 (bookworm), Linux 6.1
                jar.plinth=benchmarks/target/benchmarks.jar
                jar.extism=benchmarks-extism/target/benchmarks-extism.jar
                report.command=java -cp benchmarks/target/benchmarks.jar dev.plinth.benchmarks.report.ResultsReport x y
                """);
        for (int round = 1; round <= 2; round++) {
            JmhJson.write(results, "fuel-plinth-" + round + ".json", List.of(
                    fuel("metered", "count_vowels", 900 + round, 905, 910),
                    fuel("unmetered", "count_vowels", 590 + round, 585, 600),
                    fuel("metered", "transform", 170 + round, 172, 168),
                    fuel("unmetered", "transform", 160 + round, 158, 162)));
        }

        ResultsReport.write(results, output);

        String markdown = Files.readString(output.resolve(ResultsReport.RESULTS_FILE));
        assertThat(markdown)
                .contains("Measured 2026-01-02T03:04:05Z with the `quick` profile (`benchmarks/suite.sh --quick`)"
                        + " on Plinth 0123456789ab.")
                .contains("![Each ratio against its target, log scale; above 1 is better](results-chart.svg)")
                .contains("| count_vowels, 16 KiB | time of FuelBenchmark.call [fuel=metered, function=count_vowels]"
                        + " ÷ time of FuelBenchmark.call [fuel=unmetered, function=count_vowels] − 1"
                        + " | +52.9% ± 5.2 points | ≤ +15% | **missed** by 37.9 points |")
                .contains("| +6.23% ± 5.03 points | ≤ +15% | **met** with 8.77 points to spare |")
                .contains("| small call, echo |")
                .contains("not measured: SmallCallBenchmark.plinthEcho [mode=COMPILED]: no result in the results folder")
                .contains("| Machine | Test CPU <fast> & \"cool\", 2 cores, 8.0 GiB RAM")
                .contains("| JVM flags | `-XX:-DontCompileHugeMethods` |")
                .contains("| call | fuel=metered, function=count_vowels | avgt | 906 | ± ")
                .contains("| 6 in 2 rounds |")
                .contains("benchmarks/suite.sh --quick\n")
                .contains("Targets: 20, of which 1 met, 1 missed, 18 not measured.");
        Document chart = parse(output.resolve(ResultsReport.CHART_FILE));
        assertThat(chart.getDocumentElement().getTagName()).isEqualTo("svg");
        assertThat(chart.getElementsByTagName("text").getLength()).isGreaterThan(20);
        assertThat(Files.readString(output.resolve(ResultsReport.CHART_FILE)))
                .contains("count_vowels, 16 KiB")
                .contains("not measured");
    }

    @Test
    void anEmptyResultsFolderGivesAReportOfNothingMeasured() throws Exception {
        ResultsReport.write(results.resolve("never-run"), output);

        assertThat(Files.readString(output.resolve(ResultsReport.RESULTS_FILE)))
                .contains("Targets: 20, of which 0 met, 0 missed, 20 not measured.")
                .contains("| Extism | Java SDK org.extism.sdk:chicory-sdk-core unknown on Chicory unknown");
        assertThatCode(() -> parse(output.resolve(ResultsReport.CHART_FILE))).doesNotThrowAnyException();
    }

    @Test
    void anUnreadableResultFileIsListedNotFatal() throws Exception {
        Files.writeString(results.resolve("broken-plinth-1.json"), "[ { \"benchmark\" : ");

        SuiteReport report = ResultsReport.write(results, output).get(0);

        assertThat(report.problems()).singleElement().asString().startsWith("broken-plinth-1.json: ");
        assertThat(Files.readString(output.resolve(ResultsReport.RESULTS_FILE)))
                .contains("## Result files that could not be read");
    }

    @Test
    void severalJdksGiveOneReportWithEveryJdkSideBySideAndAChartEach() throws Exception {
        for (String jdk : List.of("25", "17")) {
            Path folder = Files.createDirectories(results.resolve("jdk-" + jdk));
            Files.writeString(folder.resolve(SuiteInfo.FILE), """
                    suite.command=benchmarks/suite.sh --quick --both-jdks
                    profile=quick
                    jdk.version=%s.0.1+1
                    """.formatted(jdk));
            double base = jdk.equals("17") ? 1000 : 500;
            JmhJson.write(folder, "fuel-plinth-1.json", List.of(
                    fuel("metered", "transform", base * 1.1, base * 1.1, base * 1.1),
                    fuel("unmetered", "transform", base, base, base)));
            // FNV-1a over 10 MiB at 1.5x plain Java on both: within JDK 17's 2x, not within the newest JDK's 1.3x
            JmhJson.write(folder, "compute-plinth-1.json", List.of(
                    JmhJson.averageTime(PLINTH + "ComputeBenchmark.plinthGenerated", Map.of("fuel", "unmetered"), "ms/op",
                            15, 15, 15),
                    JmhJson.averageTime(PLINTH + "JavaComputeBenchmark.javaGenerated", Map.of(), "ms/op", 10, 10, 10)));
            // a warm restart: one shot in each of three new JVMs; with the JDK's AOT cache only on JDK 25
            JmhJson.write(folder, "warm-restart-plinth-1.json", List.of(JmhJson.result(
                    PLINTH + "WarmRestartBenchmark.loadAndFirstCall", Map.of("jvmCache", "none"), "ss", "ms/op", 1,
                    new double[] {jdk.equals("17") ? 400 : 120}, new double[] {jdk.equals("17") ? 410 : 125},
                    new double[] {jdk.equals("17") ? 420 : 130})));
            if (jdk.equals("25")) {
                JmhJson.write(folder, "warm-restart-aot-plinth-1.json", List.of(JmhJson.result(
                        PLINTH + "WarmRestartBenchmark.loadAndFirstCall", Map.of("jvmCache", "aot"), "ss", "ms/op", 1,
                        new double[] {60}, new double[] {70}, new double[] {80})));
            }
        }

        List<SuiteReport> reports = ResultsReport.write(results, output);

        assertThat(reports).extracting(report -> report.info().jdkVersion()).containsExactly("17.0.1+1", "25.0.1+1");
        String markdown = Files.readString(output.resolve(ResultsReport.RESULTS_FILE));
        assertThat(markdown)
                .startsWith("# Benchmark results\n\nThe suite ran on JDK 17 and JDK 25,")
                .contains("| Comparison | JDK 17 | JDK 25 | Target |")
                .contains("| Fuel overhead: transform, 16 KiB | +10.00% ± 0.00 points (met) | +10.00% ± 0.00 points (met) | ≤ +15% |")
                .contains("| Plinth vs plain Java: compute, 10 MiB generated | 1.50× slower ± 0.00 (met) | 1.50× slower ± 0.00"
                        + " (missed) | ≤ 2× slower on JDK 17; ≤ 1.3× slower on JDK 25, the newest |")
                .contains("| Warm restart: restarted JVM, warm disk cache, 2 MB module: load + first call | 410 ± ")
                .contains("ms (missed) | 125 ± ")
                .contains("ms (met) | < 150 ms |")
                .contains("| Warm restart: the same, JVM started from the JDK's AOT cache | not measured | 70.0 ± ")
                .contains("\n## JDK 17\n\nMeasured ")
                .contains("\n## JDK 25\n\nMeasured ")
                .contains("![Each ratio against its target, log scale; above 1 is better](results-chart-jdk-17.svg)")
                .contains("\n### Comparisons and targets\n");
        assertThat(parse(output.resolve("results-chart-jdk-17.svg")).getDocumentElement().getTagName()).isEqualTo("svg");
        assertThat(parse(output.resolve("results-chart-jdk-25.svg")).getDocumentElement().getTagName()).isEqualTo("svg");
    }

    private static String fuel(String fuel, String function, double... iterations) {
        return JmhJson.averageTime(PLINTH + "FuelBenchmark.call", Map.of("fuel", fuel, "function", function), "us/op",
                iterations);
    }

    /** Parses the SVG as XML, refusing DTDs and external entities. */
    private static Document parse(Path svg) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        factory.setNamespaceAware(true);
        return factory.newDocumentBuilder().parse(svg.toFile());
    }
}
