package dev.plinth.benchmarks;

import com.dylibso.chicory.wasm.Parser;
import dev.plinth.api.ModuleLimits;
import dev.plinth.api.PluginStatus;
import dev.plinth.api.VersionInfo;
import dev.plinth.host.CompileCache;
import dev.plinth.host.PluginEngine;
import dev.plinth.host.PluginHost;
import dev.plinth.wasm.shape.ModuleShapeCheck;
import dev.plinth.wasm.shape.TableMaxima;
import dev.plinth.wasm.stub.CodeStubs;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;

/**
 * A restart with a warm compile cache: the large module ({@link LargeModule}, about 2 MB) loaded
 * and called once in a JVM that has never seen it, its classes on disk from an earlier JVM. It is
 * a single shot per JVM, so it is a main to run in a new JVM each time, not a JMH benchmark (JMH's
 * forks would share their harness's warm-up); the first run into an empty directory compiles and
 * fills it.
 *
 * <p>Run (Temurin 25, as the other benchmarks), after {@code benchmarks/target/benchmarks.jar} is built:
 * <pre>
 * java -XX:-DontCompileHugeMethods -cp benchmarks/target/benchmarks.jar \
 *     dev.plinth.benchmarks.WarmRestartProbe cache target/warm-restart   # once to fill, then as often as wanted
 * java ... WarmRestartProbe none    # the same load without a compile cache: a full compile
 * java ... WarmRestartProbe phases target/warm-restart   # where the time of a hit goes, step by step
 * </pre>
 * Each run prints one line: load and first call in milliseconds of wall time (and of the process's
 * CPU time, all threads, JIT and GC included), then the parts.
 */
public final class WarmRestartProbe {
    private static final com.sun.management.OperatingSystemMXBean PROCESS =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    private WarmRestartProbe() {
    }

    public static void main(String[] args) throws Exception {
        String mode = args.length > 0 ? args[0] : "cache";
        Path cacheDir = Path.of(args.length > 1 ? args[1] : "target/warm-restart");
        Path plugin = LargeModule.write(LargeModule.defaultDir());
        long jvmUptime = ManagementFactory.getRuntimeMXBean().getUptime();
        switch (mode) {
            case "cache" -> loadAndCall(plugin, PluginEngine.builder().compileCache(CompileCache.in(cacheDir)),
                    jvmUptime);
            case "none" -> loadAndCall(plugin, PluginEngine.builder(), jvmUptime);
            case "phases" -> phases(plugin, cacheDir);
            default -> throw new IllegalArgumentException("mode is cache, none or phases, not " + mode);
        }
    }

    private static void loadAndCall(Path plugin, PluginEngine.Builder builder, long jvmUptime) {
        Clock engineClock = new Clock();
        try (PluginHost host = PluginHost.on(builder.build())) {
            Clock.Lap engine = engineClock.lap();
            Clock clock = new Clock();
            VersionInfo info = host.load(plugin);
            if (info.status() != PluginStatus.ACTIVE) {
                throw new IllegalStateException(LargeModule.NAME + " did not load: " + info.lastError());
            }
            Clock.Lap load = clock.lap();
            host.call(LargeModule.NAME, LargeModule.RUN, new byte[0]);
            Clock.Lap call = clock.lap();
            System.out.printf(Locale.ROOT, "load+first-call %.1f ms wall %.1f ms cpu (load %.1f, first call %.1f;"
                    + " engine built in %.1f; JVM up %d ms before main)%n", load.wallMs() + call.wallMs(),
                    load.cpuMs() + call.cpuMs(), load.wallMs(), call.wallMs(), engine.wallMs(), jvmUptime);
        }
    }

    /**
     * The steps of a hit one after another in this fresh JVM, in the order a load takes them (so
     * each is timed as warm as the load finds it), then the whole load with the warm cache.
     */
    private static void phases(Path plugin, Path cacheDir) throws IOException, NoSuchAlgorithmException {
        Path wasm = plugin.resolve(LargeModule.NAME + ".wasm");
        Clock clock = new Clock();
        byte[] bytes = Files.readAllBytes(wasm);
        print("read", clock.lap());
        MessageDigest.getInstance("SHA-256").digest(bytes);
        print("sha-256", clock.lap());
        ModuleShapeCheck.check(bytes, ModuleLimits.DEFAULTS, "large.wasm");
        print("shape check", clock.lap());
        byte[] clamped = TableMaxima.clamp(bytes, ModuleLimits.DEFAULTS.maxTableElements());
        print("table clamp", clock.lap());
        byte[] stubbed = CodeStubs.of(clamped);
        print("code stubs", clock.lap());
        Parser.parse(stubbed);
        print("chicory parse, stubbed (" + stubbed.length + " bytes)", clock.lap());
        loadAndCall(plugin, PluginEngine.builder().compileCache(CompileCache.in(cacheDir)), 0);
        clock.lap();
        Parser.parse(bytes);
        print("for comparison, after all that: chicory parse in full", clock.lap());
    }

    private static void print(String step, Clock.Lap lap) {
        System.out.printf(Locale.ROOT, "%-55s %8.1f ms wall %8.1f ms cpu%n", step, lap.wallMs(), lap.cpuMs());
    }

    /** Wall time and the process's CPU time (every thread: compiling runs on a pool, the JIT on its own) since the last lap. */
    private static final class Clock {
        record Lap(double wallMs, double cpuMs) {
        }

        private long wall = System.nanoTime();
        private long cpu = PROCESS.getProcessCpuTime();

        Lap lap() {
            long nowWall = System.nanoTime();
            long nowCpu = PROCESS.getProcessCpuTime();
            Lap lap = new Lap((nowWall - wall) / 1e6, (nowCpu - cpu) / 1e6);
            wall = nowWall;
            cpu = nowCpu;
            return lap;
        }
    }
}
