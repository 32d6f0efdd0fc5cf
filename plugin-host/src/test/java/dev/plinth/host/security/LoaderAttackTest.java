package dev.plinth.host.security;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.plinth.api.PluginError;
import dev.plinth.api.PluginStatus;
import dev.plinth.api.VersionInfo;
import dev.plinth.api.error.ErrorCode;
import dev.plinth.host.PluginEngine;
import dev.plinth.host.PluginHost;
import dev.plinth.host.testing.HostWorkProbe;
import dev.plinth.security.audit.AuditAction;
import dev.plinth.security.audit.AuditEntry;
import dev.plinth.security.signature.KeyPairs;
import dev.plinth.security.signature.SignatureMode;
import dev.plinth.security.signature.Signer;
import dev.plinth.security.signature.TrustedKeys;
import dev.plinth.testing.TestPlugins;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Plugin files made to jam the loader, through a real {@link PluginHost} on a real plugins folder:
 * a module that is a FIFO, a link to {@code /dev/zero}, a 3 GB sparse file, a link out of the
 * folder, a manifest that is a FIFO, and {@code .sig} files that are FIFOs or huge. Each must be
 * refused at once with a typed error naming the file and what it is, audited, without the heap
 * growing, while {@code text-transformer} in the same folder loads and answers.
 */
class LoaderAttackTest {
    /** A load is quick: a refusal must come long before this (a hang or a 3 GB read would not). */
    private static final Duration QUICK = Duration.ofSeconds(2);
    /** The heap a refused load may leave at its peak: far below the 3 GB the old reader would take. */
    private static final long MAX_PEAK_HEAP = 256L << 20;

    @TempDir
    Path temp;
    Path plugins;
    PluginHost host;
    final HostWorkProbe probe = new HostWorkProbe();

    @BeforeEach
    void folder() throws IOException {
        temp = temp.toRealPath();
        plugins = Files.createDirectories(temp.resolve("plugins"));
        TestPlugins.copy(TestPlugins.sample("text-transformer"), plugins, "text-transformer");
    }

    @AfterEach
    void close() {
        if (host != null) {
            host.close();
        }
    }

    static Path mkfifo(Path path) throws IOException, InterruptedException {
        Process process = new ProcessBuilder("mkfifo", path.toString()).inheritIO().start();
        assertThat(process.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as("mkfifo " + path).isZero();
        return path;
    }

    private static Path sparse(Path path, long bytes) throws IOException {
        try (RandomAccessFile file = new RandomAccessFile(path.toFile(), "rw")) {
            file.setLength(bytes);
        }
        return path;
    }

    /** Loads the folder, measured; the bad source is listed failed with {@code code}, the good one serves. */
    private PluginError loadAllRefusing(String attack, String plugin, ErrorCode code) {
        AtomicReference<List<VersionInfo>> loaded = new AtomicReference<>();
        HostWorkProbe.Figures figures = probe.measure(attack, QUICK, () -> {
            loaded.set(host.loadAll(plugins));
            return loaded.get();
        });

        assertThat(figures.failure()).as("loadAll never throws").isNull();
        assertThat(figures.elapsed()).as(attack + ": refused at once, not a hang").isLessThan(QUICK);
        assertThat(figures.peakHeapBytes()).as(attack + ": no file read into the heap").isLessThan(MAX_PEAK_HEAP);
        VersionInfo bad = loaded.get().stream().filter(i -> i.name().equals(plugin)).findFirst().orElseThrow(
                () -> new AssertionError("no entry for " + plugin + " in " + loaded.get()));
        assertThat(bad.status()).isEqualTo(PluginStatus.FAILED);
        PluginError error = bad.lastError().orElseThrow();
        assertThat(error.code()).as(error.message()).isEqualTo(code);
        assertTextTransformerServes();
        return error;
    }

    private void assertTextTransformerServes() {
        assertThat(host.find("text-transformer")).hasValueSatisfying(i -> assertThat(i.serving()).isTrue());
        assertThat(host.call("text-transformer", "transform", "still serving".getBytes(UTF_8)))
                .asString(UTF_8).isEqualTo("STILL SERVING");
    }

    private AuditEntry audited(String plugin) {
        List<AuditEntry> entries = host.auditLog().recent(plugin, 5);
        assertThat(entries).as("audit entries of " + plugin).isNotEmpty();
        AuditEntry entry = entries.get(0);
        assertThat(entry.action()).isEqualTo(AuditAction.REFUSED);
        return entry;
    }

    @Test
    void aModuleThatIsAFifoIsRefusedAtOnceAndAudited() throws Exception {
        Path fifo = mkfifo(plugins.resolve("jam.wasm"));
        host = PluginHost.on(PluginEngine.builder().build());

        PluginError error = loadAllRefusing("module is a FIFO", "jam", ErrorCode.INVALID_MODULE);

        assertThat(error.message()).isEqualTo(fifo + ": a FIFO (named pipe), not a regular file; plugin files are"
                + " read only from regular files");
        AuditEntry entry = audited("jam");
        assertThat(entry.what()).isEqualTo(ErrorCode.INVALID_MODULE);
        assertThat(entry.resource()).isEqualTo("jam.wasm");
        assertThat(entry.detail()).contains("a FIFO (named pipe)");
    }

    @Test
    void aModuleLinkedToDevZeroIsRefusedEvenWhenLinksOutOfTheFolderAreAllowed() throws IOException {
        Path zero = Files.createSymbolicLink(plugins.resolve("zero.wasm"), Path.of("/dev/zero"));
        host = PluginHost.on(PluginEngine.builder().allowSymlinksOutOfFolder(true).build());

        PluginError error = loadAllRefusing("module links to /dev/zero", "zero", ErrorCode.INVALID_MODULE);

        assertThat(error.message()).isEqualTo(zero + ": a symbolic link to /dev/zero, which is a character device,"
                + " not a regular file; plugin files are read only from regular files");
        assertThat(audited("zero").detail()).contains("/dev/zero");
    }

    @Test
    void aSparseThreeGigabyteModuleIsRefusedBySizeBeforeItIsRead() throws IOException {
        Path huge = sparse(plugins.resolve("huge.wasm"), 3L << 30);
        host = PluginHost.on(PluginEngine.builder().build());

        PluginError error = loadAllRefusing("module is a 3 GB sparse file", "huge", ErrorCode.INVALID_MODULE);

        assertThat(error.message()).isEqualTo(huge + ": too large: 3221225472 bytes (3.0GB), more than"
                + " max-module-size (32MB)");
        assertThat(audited("huge").what()).isEqualTo(ErrorCode.INVALID_MODULE);
    }

    @Test
    void aModuleLinkedOutOfThePluginsFolderIsRefusedUnlessTheOperatorAllowsIt() throws IOException {
        Path elsewhere = TestPlugins.copy(TestPlugins.sample("text-transformer"), temp, "elsewhere");
        Path module = TestPlugins.wasmOf(elsewhere);
        Path linked = Files.createDirectories(plugins.resolve("linked"));
        Files.writeString(linked.resolve("plugin.toml"), Files.readString(elsewhere.resolve("plugin.toml"))
                .replace("name = \"text-transformer\"", "name = \"linked\""));
        Path link = Files.createSymbolicLink(linked.resolve(module.getFileName()), module);
        host = PluginHost.on(PluginEngine.builder().build());

        PluginError error = loadAllRefusing("module links out of the plugins folder", "linked",
                ErrorCode.INVALID_MODULE);

        assertThat(error.message()).isEqualTo(link + ": a symbolic link to " + module + ", outside the plugins folder "
                + plugins + "; symbolic links that lead out of the plugins folder are refused unless the operator"
                + " allows them (allow-symlinks-out-of-folder)");
        assertThat(audited("linked").resource()).isEqualTo("linked/" + module.getFileName());

        host.close();
        host = PluginHost.on(PluginEngine.builder().allowSymlinksOutOfFolder(true).build());
        assertThat(host.load(linked).status()).isEqualTo(PluginStatus.ACTIVE);
        assertThat(host.call("linked", "echo", "allowed".getBytes(UTF_8))).asString(UTF_8).isEqualTo("allowed");
    }

    @Test
    void aPluginFolderThatIsALinkOutOfThePluginsFolderIsRefusedAtItsManifest() throws IOException {
        Path elsewhere = TestPlugins.copy(TestPlugins.sample("data-validator"), temp, "elsewhere");
        Path link = Files.createSymbolicLink(plugins.resolve("data-validator"), elsewhere);
        host = PluginHost.on(PluginEngine.builder().build());

        PluginError error = loadAllRefusing("plugin folder links out", "data-validator", ErrorCode.INVALID_MANIFEST);

        assertThat(error.message()).startsWith(link.resolve("plugin.toml") + ": a symbolic link to "
                + elsewhere.resolve("plugin.toml") + ", outside the plugins folder");
        assertThat(audited("data-validator").what()).isEqualTo(ErrorCode.INVALID_MANIFEST);
    }

    @Test
    void linksThatStayInsideThePluginsFolderLoadAsConfigMapsMakeThem() throws IOException {
        // ..2026_01_01/{plugin.toml,x.wasm}, ..data -> ..2026_01_01, data-validator/* -> ../..data/*
        Path timestamped = TestPlugins.copy(TestPlugins.sample("data-validator"), plugins, "..2026_01_01_00_00.1");
        Files.createSymbolicLink(plugins.resolve("..data"), timestamped.getFileName());
        Path plugin = Files.createDirectories(plugins.resolve("data-validator"));
        for (String file : List.of("plugin.toml", TestPlugins.wasmOf(timestamped).getFileName().toString())) {
            Files.createSymbolicLink(plugin.resolve(file), Path.of("..", "..data", file));
        }
        host = PluginHost.on(PluginEngine.builder().build());

        List<VersionInfo> loaded = host.loadAll(plugins);

        assertThat(loaded).extracting(VersionInfo::name).containsExactly("data-validator", "text-transformer");
        assertThat(loaded).allSatisfy(i -> assertThat(i.status()).as(i.toString()).isEqualTo(PluginStatus.ACTIVE));
        assertThat(host.call("data-validator", "validate", "[]".getBytes(UTF_8))).isNotEmpty();
        assertTextTransformerServes();
    }

    @Test
    void aManifestThatIsAFifoIsRefusedAtOnceAndAudited() throws Exception {
        Path plugin = Files.createDirectories(plugins.resolve("pipe-manifest"));
        Path fifo = mkfifo(plugin.resolve("plugin.toml"));
        host = PluginHost.on(PluginEngine.builder().build());

        PluginError error = loadAllRefusing("plugin.toml is a FIFO", "pipe-manifest", ErrorCode.INVALID_MANIFEST);

        assertThat(error.message()).isEqualTo(fifo + ": a FIFO (named pipe), not a regular file; plugin files are"
                + " read only from regular files");
        AuditEntry entry = audited("pipe-manifest");
        assertThat(entry.what()).isEqualTo(ErrorCode.INVALID_MANIFEST);
        assertThat(entry.version()).isEqualTo("unknown");
        assertThat(entry.resource()).isEqualTo(fifo.toString());
    }

    @Test
    void aSignatureFileThatIsAFifoOrHugeIsASignatureRefusalNotAHang() throws Exception {
        KeyPairs.KeyPair release = KeyPairs.generate();
        Signer signer = new Signer(release.privateKey());
        signer.sign(TestPlugins.wasmOf(plugins.resolve("text-transformer")));
        Path piped = TestPlugins.copy(TestPlugins.sample("data-validator"), plugins, "data-validator");
        Path pipedSig = mkfifo(Path.of(TestPlugins.wasmOf(piped) + ".sig"));
        Path huge = TestPlugins.copy(TestPlugins.sample("log-enricher"), plugins, "log-enricher");
        Path hugeSig = sparse(Path.of(TestPlugins.wasmOf(huge) + ".sig"), 3L << 30);
        host = PluginHost.on(PluginEngine.builder().signatures(SignatureMode.REQUIRE, TrustedKeys.of(release.publicKey())).build());

        PluginError fifo = loadAllRefusing(".sig is a FIFO and another .sig is 3 GB", "data-validator",
                ErrorCode.SIGNATURE);

        assertThat(fifo.message()).contains("(invalid)").contains("unreadable signature file " + pipedSig
                + ": a FIFO (named pipe), not a regular file");
        PluginError tooBig = host.find("log-enricher").orElseThrow().lastError().orElseThrow();
        assertThat(tooBig.code()).isEqualTo(ErrorCode.SIGNATURE);
        assertThat(tooBig.message()).contains("unreadable signature file " + hugeSig + ": too large: 3221225472"
                + " bytes (3.0GB), more than the signature file limit (16KB)");
        assertThat(audited("data-validator").what()).isEqualTo(ErrorCode.SIGNATURE);
        assertThat(audited("log-enricher").detail()).contains("too large");
        assertThat(host.loaded("text-transformer").orElseThrow().signatureState()).isEqualTo("verified");
    }
}
