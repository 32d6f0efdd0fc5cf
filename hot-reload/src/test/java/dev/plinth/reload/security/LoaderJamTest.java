package dev.plinth.reload.security;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.plinth.api.PluginLimits;
import dev.plinth.api.PluginStatus;
import dev.plinth.api.VersionInfo;
import dev.plinth.api.deploy.PluginEvent;
import dev.plinth.api.deploy.PluginEventType;
import dev.plinth.api.error.ErrorCode;
import dev.plinth.host.PluginEngine;
import dev.plinth.reload.ReloadingRegistry;
import dev.plinth.reload.testing.HeapPeak;
import dev.plinth.reload.testing.PluginFiles;
import dev.plinth.reload.testing.RecordingListener;
import dev.plinth.reload.testing.Registries;
import dev.plinth.security.audit.AuditAction;
import dev.plinth.security.audit.AuditEntry;
import dev.plinth.security.signature.KeyPairs;
import dev.plinth.security.signature.SignatureMode;
import dev.plinth.security.signature.Signer;
import dev.plinth.security.signature.TrustedKeys;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files made to jam the loader, dropped into a folder a {@link ReloadingRegistry} watches: a module
 * that is a FIFO, a link to {@code /dev/zero}, a 3 GB sparse file, a plugin whose module links out
 * of the folder, and a plugin whose {@code .sig} is a FIFO. Each becomes a failed version with a
 * typed error naming the file, is audited, takes moments and no heap, and while it sits in the
 * folder another plugin is deployed by the watcher and answers, and text-transformer keeps serving
 * and takes a new version.
 */
class LoaderJamTest {
    private static final String TEXT = "text-transformer";
    /** From planting the file to its failed version: the debounce and a load, not a hang. */
    private static final Duration QUICK = Duration.ofSeconds(5);
    private static final long MAX_PEAK_HEAP = 256L << 20;

    @TempDir
    Path temp;
    Path plugins;
    final RecordingListener events = new RecordingListener();
    ReloadingRegistry registry;
    PluginEngine engine;
    /** What is done to the companion plugin (data-validator) before it is deployed. */
    Preparation companion = folder -> { };

    @BeforeEach
    void folder() throws IOException {
        temp = temp.toRealPath();
        plugins = Files.createDirectories(temp.resolve("plugins"));
        PluginFiles.copy(PluginFiles.sample(TEXT), plugins.resolve(TEXT));
    }

    @AfterEach
    void close() {
        if (registry != null) {
            registry.close();
        }
    }

    private void start(PluginEngine.Builder builder) {
        engine = builder.limits(PluginLimits.DEFAULTS.withCallTimeout(Duration.ofSeconds(30))).build();
        registry = ReloadingRegistry.builder(engine).pluginsDir(plugins).debounce(Registries.DEBOUNCE)
                .rescanInterval(Duration.ofMillis(500)).listener(events).build();
        registry.start();
        assertThat(transform("started")).isEqualTo("STARTED");
    }

    private String transform(String text) {
        return new String(registry.call(TEXT, "transform", text.getBytes(UTF_8)), UTF_8);
    }

    static Path mkfifo(Path path) throws IOException, InterruptedException {
        Process process = new ProcessBuilder("mkfifo", path.toString()).inheritIO().start();
        assertThat(process.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as("mkfifo " + path).isZero();
        return path;
    }

    private static void sparse(Path path, long bytes) throws IOException {
        try (RandomAccessFile file = new RandomAccessFile(path.toFile(), "rw")) {
            file.setLength(bytes);
        }
    }

    /** Copies a sample into a hidden folder, lets {@code prepare} change it, then renames it into place. */
    private Path deploy(String sample, String as, Preparation prepare) throws Exception {
        Path hidden = PluginFiles.copy(PluginFiles.sample(sample), plugins.resolve("." + as));
        prepare.on(hidden);
        return Files.move(hidden, plugins.resolve(as), StandardCopyOption.ATOMIC_MOVE);
    }

    private interface Preparation {
        void on(Path folder) throws Exception;
    }

    private interface Plant {
        void run() throws Exception;
    }

    /**
     * Plants the bad file and, right after, a new plugin (data-validator); the bad one must fail
     * with {@code code} quickly, the new one must serve, text-transformer must take a new version
     * while the bad file is still there, and the refusal must be audited.
     */
    private PluginEvent attack(String attack, String plugin, ErrorCode code, Plant plant) throws Exception {
        HeapPeak heap = new HeapPeak().reset();
        long planted = System.nanoTime();
        plant.run();
        deploy("data-validator", "data-validator", companion);

        PluginEvent failed = events.await(PluginEventType.FAILED, plugin);
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - planted);
        events.await(PluginEventType.PROMOTED, "data-validator");
        long peak = heap.peakBytes();
        System.out.println("host-work: " + attack + " (watched folder): failed version after " + millis
                + " ms (debounce " + Registries.DEBOUNCE.toMillis() + " ms), peak heap " + (peak >> 20) + " MiB: "
                + failed.message());

        assertThat(millis).as(attack + ": refused quickly, not a hang").isLessThan(QUICK.toMillis());
        assertThat(peak).as(attack + ": no file read into the heap").isLessThan(MAX_PEAK_HEAP);
        assertThat(failed.message()).startsWith("[" + code + "] ");
        VersionInfo info = registry.find(plugin).orElseThrow();
        assertThat(info.status()).isEqualTo(PluginStatus.FAILED);
        assertThat(info.lastError().orElseThrow().code()).isEqualTo(code);
        List<AuditEntry> audit = engine.auditLog().recent(plugin, 5);
        assertThat(audit).as("audit entries of " + plugin).isNotEmpty();
        assertThat(audit.get(0).what()).isEqualTo(code);
        assertThat(audit.get(0).action()).isEqualTo(AuditAction.REFUSED);

        assertThat(registry.call("data-validator", "validate", "[]".getBytes(UTF_8))).isNotEmpty();
        assertThat(transform("during")).isEqualTo("DURING");
        PluginFiles.textTransformerVersion(plugins.resolve(TEXT), "0.9.0", "lower", null);
        events.await(PluginEventType.PROMOTED, TEXT, 2);
        assertThat(transform("After")).isEqualTo("after");
        return failed;
    }

    @Test
    void aModuleThatIsAFifo() throws Exception {
        start(PluginEngine.builder());
        Path fifo = plugins.resolve("jam.wasm");

        PluginEvent failed = attack("module is a FIFO", "jam", ErrorCode.INVALID_MODULE, () -> mkfifo(fifo));

        assertThat(failed.message()).contains(fifo + ": a FIFO (named pipe), not a regular file");
    }

    @Test
    void aModuleLinkedToDevZero() throws Exception {
        start(PluginEngine.builder().allowSymlinksOutOfFolder(true));
        Path zero = plugins.resolve("zero.wasm");

        PluginEvent failed = attack("module links to /dev/zero", "zero", ErrorCode.INVALID_MODULE,
                () -> Files.createSymbolicLink(zero, Path.of("/dev/zero")));

        assertThat(failed.message()).contains(zero + ": a symbolic link to /dev/zero, which is a character device,"
                + " not a regular file");
    }

    @Test
    void aSparseThreeGigabyteModule() throws Exception {
        start(PluginEngine.builder());
        Path huge = plugins.resolve(".huge.wasm");

        PluginEvent failed = attack("module is a 3 GB sparse file", "huge", ErrorCode.INVALID_MODULE, () -> {
            sparse(huge, 3L << 30);
            Files.move(huge, plugins.resolve("huge.wasm"), StandardCopyOption.ATOMIC_MOVE);
        });

        assertThat(failed.message()).contains("huge.wasm: too large: 3221225472 bytes (3.0GB), more than"
                + " max-module-size (32MB)");
    }

    @Test
    void aModuleLinkedOutOfThePluginsFolder() throws Exception {
        start(PluginEngine.builder());
        Path outside = PluginFiles.copy(PluginFiles.sample(TEXT), temp.resolve("outside"));
        Path module = PluginFiles.wasmOf(outside);

        PluginEvent failed = attack("module links out of the plugins folder", "escape", ErrorCode.INVALID_MODULE,
                () -> deploy(TEXT, "escape", folder -> {
                    PluginFiles.editManifest(folder, "name = \"text-transformer\"", "name = \"escape\"");
                    Path wasm = PluginFiles.wasmOf(folder);
                    Files.delete(wasm);
                    Files.createSymbolicLink(wasm, module);
                }));

        assertThat(failed.message()).contains("escape/" + module.getFileName() + ": a symbolic link to " + module
                + ", outside the plugins folder " + plugins).contains("allow-symlinks-out-of-folder");
    }

    @Test
    void aSignatureFileThatIsAFifo() throws Exception {
        KeyPairs.KeyPair release = KeyPairs.generate();
        Signer signer = new Signer(release.privateKey());
        signer.sign(PluginFiles.wasmOf(plugins.resolve(TEXT)));
        companion = folder -> signer.sign(PluginFiles.wasmOf(folder));
        start(PluginEngine.builder().signatures(SignatureMode.REQUIRE, TrustedKeys.of(release.publicKey())));

        PluginEvent failed = attack(".sig is a FIFO", "log-enricher", ErrorCode.SIGNATURE,
                () -> deploy("log-enricher", "log-enricher",
                        folder -> mkfifo(Path.of(PluginFiles.wasmOf(folder) + ".sig"))));

        assertThat(failed.message()).contains("log_enricher.wasm.sig: a FIFO (named pipe), not a regular file")
                .contains("a valid signature is required");
    }
}
