package dev.plinth.abi;

import com.dylibso.chicory.runtime.HostFunction;
import com.dylibso.chicory.wasi.WasiOptions;
import com.dylibso.chicory.wasi.WasiPreview1;
import dev.plinth.sandbox.fs.WriteMeter;
import dev.plinth.security.policy.ClockAccess;
import dev.plinth.security.policy.RandomSource;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * WASI preview 1 with only what was granted: each mount of the file sandbox is a preopened
 * directory backed by a jailed file-system view (so Chicory's own path handling runs inside the
 * jail, and the paths it turns down before reaching the jail are reported too), nothing else; only
 * the granted environment variables ({@link WasiEnvironment}), no arguments, no stdin; stdout and stderr go to the plugin's log line by line, under
 * the call's {@link LogBudget} (shared with {@code log_*}); clocks and random bytes as granted.
 * Every function runs under the call's deadline and fuel, moving guest data in bounded chunks
 * ({@link WasiGuard}), and writes into the mounts count against the version's write quota.
 */
public final class WasiSandbox {
    /** The seed of a plugin's random bytes when it is not granted secure ones. */
    static final long SEED = 0x706c696e7468L;

    private final WasiPreview1 wasi;
    private final WasiAccess access;
    private final WasiGuard guard;
    private final WriteMeter.CallWrites writes;
    private final WasiEnvironment environment;

    private WasiSandbox(WasiPreview1 wasi, WasiAccess access, WasiGuard guard, WriteMeter.CallWrites writes,
            WasiEnvironment environment) {
        this.environment = environment;
        this.wasi = wasi;
        this.access = access;
        this.guard = guard;
        this.writes = writes;
    }

    /**
     * The WASI of one instance; {@link #close()} it when the instance is dropped.
     *
     * @param logs the instance's log budget: stdout and stderr are logged under it, with {@code log_*}
     * @param context the instance's Extism context, whose fuel the WASI functions are charged too
     */
    public static WasiSandbox create(LogBudget logs, WasiAccess access, GuestContext context) {
        OutputStream stdout = new LogLineStream("stdout", logs);
        OutputStream stderr = new LogLineStream("stderr", logs);
        HostWork work = new HostWork(context);
        StdioTable stdio = new StdioTable();
        WriteMeter.CallWrites writes = access.files().writes().newCallCounter();
        WasiGuard guard = new WasiGuard(work, stdio, new IovecTransfers(work, stdio, stdout, stderr), writes,
                new OpenFiles(access.files()));
        WasiOptions.Builder options = WasiOptions.builder()
                .withStdout(stdout, false)
                .withStderr(stderr, false)
                .withStdin(InputStream.nullInputStream(), false)
                .withArguments(List.of())
                .withClock(access.clock() == ClockAccess.REAL ? Clock.systemUTC()
                        : Clock.fixed(Instant.EPOCH, ZoneOffset.UTC))
                .withRandom(access.random() == RandomSource.SECURE ? new SecureRandom() : new Random(SEED));
        for (Map.Entry<String, Path> preopen : access.files().preopens().entrySet()) {
            options.withDirectory(preopen.getKey(), preopen.getValue());
        }
        return new WasiSandbox(WasiPreview1.builder().withOptions(options.build()).build(), access, guard, writes,
                new WasiEnvironment(access.environment(), work));
    }

    /** A call begins: its writes into the mounts are counted afresh against the per-call quota. */
    public void beginCall() {
        writes.reset();
    }

    /**
     * The functions to link under {@code wasi_snapshot_preview1}: Chicory's, with the frozen clock
     * unless the real one is granted, the host's own {@code proc_exit} ({@link GuestExit}) and
     * environment ({@link WasiEnvironment}), each
     * under the call's deadline and fuel with its work bounded
     * ({@link WasiGuard}), and those taking paths watched for escape attempts ({@link WasiPathWatch}).
     */
    public HostFunction[] functions() {
        HostFunction[] functions = wasi.toHostFunctions();
        for (int i = 0; i < functions.length; i++) {
            if (access.clock() == ClockAccess.FROZEN && functions[i].name().equals(FrozenClock.FUNCTION)) {
                functions[i] = FrozenClock.clockTimeGet();
            } else if (functions[i].name().equals(WasiModule.PROC_EXIT)) {
                functions[i] = WasiModule.procExit();
            } else if (WasiEnvironment.replaces(functions[i].name())) {
                functions[i] = environment.function(functions[i].name());
            }
            functions[i] = guard.guard(functions[i]);
            functions[i] = WasiPathWatch.watch(functions[i], access.files());
        }
        return functions;
    }

    public void close() {
        wasi.close();
    }
}
