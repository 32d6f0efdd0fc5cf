package dev.plinth.security.signature;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the {@code openssl} command, to show that Plinth's files are the standard ones. */
final class OpenSsl {
    private OpenSsl() {
    }

    record Run(int status, String output) {
    }

    /** Skips the test when openssl 3 is not installed. */
    static void assumeAvailable() {
        Run version;
        try {
            version = run(null, "version");
        } catch (IllegalStateException e) {
            version = new Run(-1, e.getMessage());
        }
        assumeTrue(version.status() == 0 && version.output().startsWith("OpenSSL 3"),
                "openssl 3 is not installed: " + version.output());
    }

    static Run run(Path dir, String... args) {
        List<String> command = new ArrayList<>();
        command.add("openssl");
        command.addAll(List.of(args));
        try {
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
            if (dir != null) {
                builder.directory(dir.toFile());
            }
            Process process = builder.start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("openssl " + args[0] + " did not finish");
            }
            return new Run(process.exitValue(), output);
        } catch (IOException e) {
            throw new IllegalStateException("cannot run openssl: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
