package dev.plinth.host.internal.abi;

import com.dylibso.chicory.wasi.WasiOptions;
import com.dylibso.chicory.wasi.WasiPreview1;
import dev.plinth.security.fs.FileSandbox;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;

/**
 * WASI preview 1 with only the granted directories: each mount of the {@link FileSandbox} is a
 * preopened directory backed by a jailed file-system view (so Chicory's own path handling runs
 * inside the jail), nothing else; no environment, no arguments, no stdin; stdout and stderr go to
 * the plugin's log line by line, capped per line and per call.
 */
public final class WasiSandbox {
    private WasiSandbox() {
    }

    /** The WASI functions for one instance; close the returned WASI when the instance is dropped. */
    public static WasiPreview1 create(Logger logger, int maxLineBytes, StdioBudget budget, FileSandbox files) {
        OutputStream stdout = new LogLineStream(logger, "stdout", maxLineBytes, budget);
        OutputStream stderr = new LogLineStream(logger, "stderr", maxLineBytes, budget);
        WasiOptions.Builder options = WasiOptions.builder()
                .withStdout(stdout, false)
                .withStderr(stderr, false)
                .withStdin(InputStream.nullInputStream(), false)
                .withArguments(List.of());
        for (Map.Entry<String, Path> preopen : files.preopens().entrySet()) {
            options.withDirectory(preopen.getKey(), preopen.getValue());
        }
        return WasiPreview1.builder().withOptions(options.build()).build();
    }
}
