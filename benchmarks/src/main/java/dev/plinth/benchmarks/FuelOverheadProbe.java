package dev.plinth.benchmarks;

import dev.plinth.api.CallRequest;
import dev.plinth.benchmarks.common.SampleText;
import dev.plinth.host.PluginEngine;
import dev.plinth.host.PluginHost;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A quick check of fuel-metering overhead that a loaded machine disturbs less than JMH: the calls
 * of {@link FuelBenchmark}, an unmetered and a metered host in one JVM, calls interleaved, timed by
 * thread CPU time; prints the median metered/unmetered ratio of the second half of the rounds.
 * JMH on a quiet machine gives the figures to quote.
 *
 * <p>Run from the repository root: {@code java -XX:-DontCompileHugeMethods -cp
 * benchmarks/target/benchmarks.jar dev.plinth.benchmarks.FuelOverheadProbe count_vowels 40}
 * (function: {@code count_vowels}, {@code transform} or {@code fnv1a_generated}; rounds).
 */
public final class FuelOverheadProbe {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private FuelOverheadProbe() {
    }

    public static void main(String[] args) {
        String function = args.length > 0 ? args[0] : "count_vowels";
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 40;
        boolean checksum = "fnv1a_generated".equals(function);
        CallRequest request = checksum
                ? CallRequest.of("checksum", function, "10485760".getBytes(StandardCharsets.UTF_8))
                : CallRequest.of("text-transformer", function, SampleText.ascii(16 * 1024));
        int callsPerRound = checksum ? 1 : 20;
        try (PluginHost plain = host(0, checksum); PluginHost metered = host(FuelBenchmark.NEVER_RUNS_OUT, checksum)) {
            double[] ratios = new double[rounds];
            for (int round = 0; round < rounds; round++) {
                double unmetered = cpuMicros(plain, request, callsPerRound);
                ratios[round] = cpuMicros(metered, request, callsPerRound) / unmetered;
            }
            double[] measured = Arrays.copyOfRange(ratios, rounds / 2, rounds);
            Arrays.sort(measured);
            System.out.printf("%s: metered/unmetered CPU time, median of %d rounds: %+.1f%%%n", function,
                    measured.length, 100 * (measured[measured.length / 2] - 1));
        }
    }

    private static PluginHost host(long fuel, boolean checksum) {
        PluginHost host = PluginHost.on(PluginEngine.builder().fuel(fuel).build());
        host.load(checksum ? SamplePlugins.bench("checksum") : SamplePlugins.sample("text-transformer"));
        return host;
    }

    private static double cpuMicros(PluginHost host, CallRequest request, int calls) {
        long start = THREADS.getCurrentThreadCpuTime();
        for (int i = 0; i < calls; i++) {
            host.call(request);
        }
        return (THREADS.getCurrentThreadCpuTime() - start) / 1e3 / calls;
    }
}
