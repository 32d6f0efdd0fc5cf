package dev.plinth.host.security;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.plinth.api.PluginLimits;
import dev.plinth.api.error.ErrorCode;
import dev.plinth.host.EngineMode;
import dev.plinth.host.PluginEngine;
import dev.plinth.host.PluginHost;
import dev.plinth.host.testing.HostWorkProbe.Figures;
import dev.plinth.host.testing.HostWorkProbe;
import dev.plinth.testing.TestPlugins;
import dev.plinth.sandbox.fs.FileMount;
import dev.plinth.security.audit.AuditAction;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code wasi-hog open_forever} opens one file of its read-only mount again and again and never
 * closes it: each open would hold a host file descriptor for as long as the instance lives, so
 * without a cap one plugin could use up the host process's descriptors. The guest gets
 * {@code EMFILE} after 128, the refusal is audited, the host's descriptors grew by those 128 only,
 * and text-transformer answers meanwhile and after.
 */
class DescriptorFloodTest {
    private static final Duration DEADLINE = Duration.ofSeconds(5);

    @TempDir
    Path data;

    @ParameterizedTest
    @EnumSource(EngineMode.class)
    void openingFilesWithoutClosingThemStopsAtTheCapAndIsAudited(EngineMode mode) throws Exception {
        Files.writeString(data.resolve("a.txt"), "a");
        try (PluginHost host = PluginHost.on(PluginEngine.builder().engine(mode).limits(PluginLimits.DEFAULTS.withCallTimeout(DEADLINE))
                .fileMounts(manifest -> manifest.name().equals("wasi-hog") ? List.of(FileMount.read(data)) : List.of())
                .build())) {
            host.load(TestPlugins.sample("text-transformer"));
            host.load(TestPlugins.hostile("wasi-hog"));
            long descriptorsBefore = openDescriptors();

            AtomicReference<byte[]> output = new AtomicReference<>();
            Figures figures;
            WellBehavedCaller caller = WellBehavedCaller.start(host);
            try (caller) {
                figures = new HostWorkProbe().measure("wasi-hog open_forever (" + mode + ")", DEADLINE,
                        () -> output.updateAndGet(x -> host.call("wasi-hog", "open_forever", "a.txt".getBytes(UTF_8))));
            }
            System.out.println("host-work: " + caller);

            assertThat(new String(output.get(), UTF_8)).isEqualTo("opened 128 files, then errno 33");
            assertThat(openDescriptors() - descriptorsBefore).as("host descriptors held for the guest")
                    .isBetween(128L, 128L + 16);
            // besides the refusal at load of its manifest's ask, fs write:/
            assertThat(host.auditLog().recent("wasi-hog", 10)).filteredOn(entry -> entry.resource().equals("files"))
                    .singleElement().satisfies(entry -> {
                assertThat(entry.what()).isEqualTo(ErrorCode.PERMISSION_DENIED);
                assertThat(entry.action()).isEqualTo(AuditAction.REFUSED);
                assertThat(entry.resource()).isEqualTo("files");
                assertThat(entry.detail()).isEqualTo(
                        "path_open: 128 files open, the most one instance may have open at once (EMFILE)");
            });
            assertThat(figures.elapsed()).isLessThan(DEADLINE);
            assertThat(caller.failures()).isEmpty();
            assertThat(host.call("text-transformer", "transform", "after".getBytes(UTF_8))).asString(UTF_8)
                    .isEqualTo("AFTER");
        }
    }

    private static long openDescriptors() throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.count();
        }
    }
}
