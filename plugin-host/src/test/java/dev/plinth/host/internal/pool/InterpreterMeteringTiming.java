package dev.plinth.host.internal.pool;

import dev.plinth.api.PluginLimits;
import dev.plinth.api.manifest.PluginManifest;
import dev.plinth.host.EngineMode;
import dev.plinth.abi.VarStore;
import dev.plinth.abi.WasiAccess;
import dev.plinth.host.internal.engine.CompiledModule;
import dev.plinth.host.internal.engine.ModuleCompiler;
import dev.plinth.testing.TestPlugins;
import dev.plinth.sandbox.fs.FileSandbox;
import dev.plinth.sandbox.net.HttpGateway;
import dev.plinth.sandbox.net.HttpLimits;
import dev.plinth.sandbox.net.NetworkPolicy;
import dev.plinth.security.policy.EffectiveGrants;
import dev.plinth.security.policy.Grants;
import dev.plinth.security.policy.SecurityPolicy;
import dev.plinth.wasm.fuel.FuelMeter;
import dev.plinth.wasm.fuel.MeteredModule;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.slf4j.LoggerFactory;

/**
 * What metering costs calls in interpreter mode, where every module is now metered: the same
 * calls on instances made by {@link InstanceFactory} from the plain module, from the module with a
 * shared counter and the drainable counter global (what interpreter mode runs now), and from the
 * module with a local copy of the counter (what an operator's budget ran before). Calls
 * interleaved, median of the second half of the rounds. A rough timing, not JMH, that runs only
 * when asked for, from the repository root (the figures are in the test's output file):
 *
 * <pre>
 * ./mvnw -B -o -q verify -pl plugin-host -am -Dplinth.plugins.skip -Dplinth.timing=true \
 *     -Dtest=InterpreterMeteringTiming -Dsurefire.failIfNoSpecifiedTests=false
 * cat plugin-host/target/surefire-reports/*InterpreterMeteringTiming-output.txt
 * </pre>
 */
@EnabledIfSystemProperty(named = "plinth.timing", matches = "true")
class InterpreterMeteringTiming {
    private static final int ROUNDS = 12;
    private static final long BUDGET = Long.MAX_VALUE / 4;

    @Test
    void meteringCostInTheInterpreter() throws Exception {
        Path samples = TestPlugins.samples();
        Path bench = samples.resolveSibling("bench");
        byte[] text = Files.readAllBytes(samples.resolve("text-transformer/text_transformer.wasm"));
        byte[] checksum = Files.readAllBytes(bench.resolve("checksum/checksum.wasm"));
        byte[] input = "The quick brown fox jumps over the lazy dog. ".repeat(2_000).getBytes(StandardCharsets.UTF_8);
        time("text-transformer count_vowels (90 kB)", text, "count_vowels", input);
        time("text-transformer transform (90 kB)", text, "transform", input);
        time("checksum fnv1a (90 kB)", checksum, "fnv1a", input);
        time("checksum fnv1a_generated (1 MiB)", checksum, "fnv1a_generated",
                "1048576".getBytes(StandardCharsets.UTF_8));
    }

    private static void time(String label, byte[] wasm, String export, byte[] input) {
        PluginInstance plain = instance(wasm, Optional.empty(), false);
        MeteredModule shared = FuelMeter.instrumentWithSharedCounter(wasm, BUDGET);
        PluginInstance drainable = instance(shared.bytes(),
                Optional.of(new FuelBudget(shared.fuelGlobalExport(), BUDGET, Duration.ofSeconds(5))), true);
        MeteredModule local = FuelMeter.instrument(wasm, BUDGET);
        PluginInstance copy = instance(local.bytes(), Optional.of(new FuelBudget(local.fuelGlobalExport(), BUDGET)),
                false);
        long[][] nanos = new long[3][ROUNDS];
        for (int round = 0; round < ROUNDS; round++) {
            nanos[0][round] = once(plain, export, input);
            nanos[1][round] = once(drainable, export, input);
            nanos[2][round] = once(copy, export, input);
        }
        double base = median(nanos[0]);
        System.out.printf("%-42s plain %7.1f ms | shared counter (now) %7.1f ms %+6.1f%% | local copy %7.1f ms %+6.1f%%%n",
                label, base / 1e6, median(nanos[1]) / 1e6, 100 * (median(nanos[1]) / base - 1),
                median(nanos[2]) / 1e6, 100 * (median(nanos[2]) / base - 1));
    }

    private static long once(PluginInstance instance, String export, byte[] input) {
        long started = System.nanoTime();
        instance.call(export, input);
        return System.nanoTime() - started;
    }

    private static double median(long[] all) {
        long[] late = Arrays.copyOfRange(all, all.length / 2, all.length);
        Arrays.sort(late);
        return late[late.length / 2];
    }

    private static PluginInstance instance(byte[] wasm, Optional<FuelBudget> fuel, boolean shared) {
        CompiledModule module = new ModuleCompiler(4).compile(wasm, EngineMode.INTERPRETED, "timing");
        PluginManifest manifest = PluginManifest.forBareModule("timing", "timing.wasm");
        EffectiveGrants grants = Grants.effective(manifest, SecurityPolicy.STRICT);
        InstanceFactory factory = new InstanceFactory("timing", "0.0.0", module, Map.of(),
                new VarStore("timing", 1 << 20), LoggerFactory.getLogger("timing"), PluginLimits.DEFAULTS, List.of(),
                new HttpGateway(NetworkPolicy.denyAll(), HttpLimits.DEFAULTS), WasiAccess.of(FileSandbox.none(), grants),
                fuel, shared, new CallDeadlines());
        return factory.create(Duration.ofSeconds(30));
    }
}
