package dev.plinth.component.wasi;

import dev.plinth.abi.LogBudget;
import dev.plinth.abi.WasiAccess;
import dev.plinth.api.LogLimits;
import dev.plinth.sandbox.fs.FileMount;
import dev.plinth.sandbox.fs.FileSandbox;
import dev.plinth.security.policy.ClockAccess;
import dev.plinth.security.policy.RandomSource;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.LoggerFactory;

/** A plugin's WASI grants for the tests: mounts, clock, random, environment, the log and its refusals. */
final class WasiFixture {
    static final String LOGGER = "plinth.test.component-wasi";

    final List<String> refusals = new ArrayList<>();
    final FileSandbox files;
    final WasiAccess access;
    final LogBudget logs;

    WasiFixture(List<FileMount> mounts, ClockAccess clock, RandomSource random, Map<String, String> env,
            LogLimits limits) {
        this.files = FileSandbox.of(mounts, refusals::add);
        this.access = new WasiAccess(files, clock, random, env);
        this.logs = new LogBudget(LoggerFactory.getLogger(LOGGER), limits);
    }

    static WasiFixture reading(Path dir, Map<String, String> env) {
        return new WasiFixture(List.of(new FileMount(dir, "/data", FileMount.Access.READ)), ClockAccess.REAL,
                RandomSource.SECURE, env, LogLimits.DEFAULTS);
    }

    WasiHost host() {
        return WasiHost.create("test-plugin", access, logs, List.of("test-plugin"));
    }
}
