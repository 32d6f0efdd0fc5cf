package dev.plinth.benchmarks;

import dev.plinth.api.PluginStatus;
import dev.plinth.api.VersionInfo;
import dev.plinth.host.CompileCache;
import dev.plinth.host.PluginEngine;
import dev.plinth.host.PluginHost;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A restart with a warm compile cache on disk, as JMH measures it: each fork is a new JVM that
 * loads the large module ({@link LargeModule}, about 2 MB) and calls it once, its compiled classes
 * read from a cache directory that another JVM filled. One shot per fork and no warm-up, so every
 * figure is a JVM's first load of the module; the forks are the samples (the suite runs it as
 * {@code -f N -wi 0 -i 1}). The engine is built before the shot, as an application builds it
 * before its plugins load; the shot is {@code load} + the first call, what issue 13's target
 * (under 150 ms) bounds. {@link WarmRestartProbe} times the same load step by step.
 *
 * <p>The cache is filled once per JDK, by {@link WarmRestartProbe} in a JVM of its own, into
 * {@code <generated>/warm-restart-cache/jdk-<java.version>}; a fork that finds the cache holding
 * a different set of entries after its shot (a miss wrote a new one: another Chicory, other module
 * bytes) throws, so a recompile is never reported as a restart, and the next fork fills it again.
 *
 * <p>{@code jvmCache=aot} measures the same in JVMs started with the JDK's own AOT cache (JDK 25 and
 * newer, JEP 483: the classes of Plinth, Chicory and the JDK loaded and linked ahead of time), which
 * the suite trains once per JDK and passes with {@code -jvmArgsAppend "-XX:AOTCache=<file>
 * -XX:AOTMode=on"} ({@code on}: a JVM that cannot map the cache fails instead of running without it);
 * a fork asked for {@code aot} without {@code -XX:AOTCache} fails, so a figure is never mislabelled.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar WarmRestartBenchmark -f 5 -wi 0 -i 1}
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 0)
@Measurement(iterations = 1)
@Fork(value = 5, jvmArgsAppend = "-XX:-DontCompileHugeMethods")
@State(Scope.Benchmark)
public class WarmRestartBenchmark {
    /** Written once the filling JVM has finished, so a fork that sees it knows the cache is whole. */
    static final String FILLED_MARKER = "filled";
    /** The JVM option that names an AOT cache to start from. */
    static final String AOT_CACHE_OPTION = "-XX:AOTCache=";

    /** {@code none}: the JVM starts as it is; {@code aot}: it was started with the JDK's AOT cache. */
    @Param({"none"})
    public String jvmCache;

    private Path plugin;
    private Path cacheDir;
    private Set<String> entriesBefore;
    private PluginHost host;

    @Setup(Level.Trial)
    public void restart() throws IOException, InterruptedException {
        requireTheJvmCacheNamed();
        Path generated = LargeModule.defaultDir();
        plugin = LargeModule.write(generated);
        cacheDir = generated.resolve("warm-restart-cache").resolve("jdk-" + System.getProperty("java.version"));
        Path marker = cacheDir.resolveSibling(cacheDir.getFileName() + "." + FILLED_MARKER);
        if (!Files.exists(marker)) {
            fillInAnotherJvm(cacheDir);
            Files.writeString(marker, "filled by WarmRestartProbe\n");
        }
        entriesBefore = entries(cacheDir);
        host = PluginHost.on(PluginEngine.builder().compileCache(CompileCache.in(cacheDir)).build());
    }

    @Benchmark
    public byte[] loadAndFirstCall() {
        VersionInfo info = host.load(plugin);
        if (info.status() != PluginStatus.ACTIVE) {
            throw new IllegalStateException(LargeModule.NAME + " did not load: " + info.lastError());
        }
        return host.call(LargeModule.NAME, LargeModule.RUN, new byte[0]);
    }

    @TearDown(Level.Trial)
    public void checkItWasAHit() throws IOException {
        host.close();
        Set<String> after = entries(cacheDir);
        if (!after.equals(entriesBefore)) {
            Files.deleteIfExists(cacheDir.resolveSibling(cacheDir.getFileName() + "." + FILLED_MARKER));
            throw new IllegalStateException("the load missed the compile cache in " + cacheDir + " (entries before "
                    + entriesBefore + ", after " + after + "): the shot was a compile, not a warm restart;"
                    + " the next fork fills the cache again");
        }
    }

    private void requireTheJvmCacheNamed() {
        boolean aot = ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .anyMatch(option -> option.startsWith(AOT_CACHE_OPTION));
        if (!jvmCache.equals("none") && !jvmCache.equals("aot")) {
            throw new IllegalArgumentException("jvmCache is none or aot, not " + jvmCache);
        }
        if (aot != jvmCache.equals("aot")) {
            throw new IllegalStateException("jvmCache=" + jvmCache + ", but this JVM was started "
                    + (aot ? "with " : "without ") + AOT_CACHE_OPTION + "<file>: pass it with -jvmArgsAppend for aot,"
                    + " and only for aot");
        }
    }

    /** Runs {@link WarmRestartProbe} in a new JVM of this one's launcher and class path, which compiles and fills the cache. */
    private static void fillInAnotherJvm(Path cacheDir) throws IOException, InterruptedException {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = List.of(java, "-XX:-DontCompileHugeMethods", "-cp", System.getProperty("java.class.path"),
                WarmRestartProbe.class.getName(), "cache", cacheDir.toString());
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!process.waitFor(10, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new IllegalStateException("filling the compile cache took over 10 minutes: " + command);
        }
        if (process.exitValue() != 0) {
            throw new IllegalStateException("filling the compile cache failed (exit " + process.exitValue() + "): "
                    + String.join(" ", command));
        }
    }

    /** The names of the cache's entries: a miss adds one, a hit only reads (and touches) one. */
    private static Set<String> entries(Path cacheDir) throws IOException {
        if (!Files.isDirectory(cacheDir)) {
            return Set.of();
        }
        try (Stream<Path> files = Files.list(cacheDir)) {
            return files.map(file -> file.getFileName().toString()).filter(name -> name.endsWith(".entry"))
                    .collect(Collectors.toCollection(TreeSet::new));
        }
    }
}
