package dev.plinth.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.plinth.api.manifest.Codec;
import dev.plinth.api.manifest.PluginManifest;
import dev.plinth.config.ManifestReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code plinth new}: the folder it writes, what it refuses, and that the plugin builds and runs. */
class NewCommandTest {
    /** Surefire runs in plugin-cli/; the SDK is beside it. */
    private static final Path SDK = Path.of("..", "plugin-sdk-rust").toAbsolutePath().normalize();
    private static final Path CARGO = Path.of("/usr/bin/cargo");
    private static final Path RUSTC = Path.of("/usr/bin/rustc");

    @TempDir
    Path temp;

    @Test
    void writesACrateOnTheSdkAndAManifestThatReads() throws IOException {
        Path folder = temp.resolve("price-check");
        Cli.Result r = Cli.run("new", folder.toString(), "--sdk", SDK.toString());

        assertThat(r.status()).as(r.toString()).isZero();
        try (Stream<Path> files = Files.walk(folder)) {
            assertThat(files.filter(Files::isRegularFile).map(f -> folder.relativize(f).toString().replace('\\', '/')))
                    .containsExactlyInAnyOrder("Cargo.toml", "src/lib.rs", "plugin.toml", "README.md", ".gitignore");
        }
        PluginManifest manifest = ManifestReader.read(folder.resolve("plugin.toml"));
        assertThat(manifest.name()).isEqualTo("price-check");
        assertThat(manifest.entrypoint()).isEqualTo("price_check.wasm");
        assertThat(manifest.exports().get("greet").input()).isEqualTo(Codec.TEXT);
        assertThat(Files.readString(folder.resolve("Cargo.toml")))
                .contains("name = \"price-check\"")
                .contains("plinth-sdk = { path = \"" + SDK.toString().replace('\\', '/') + "\" }");
        assertThat(Files.readString(folder.resolve("README.md"))).contains("by path").contains("--sdk");
        assertThat(r.out()).contains("(cd " + folder + " && RUSTC=/usr/bin/rustc /usr/bin/cargo build --release"
                + " --target wasm32-unknown-unknown && cp target/wasm32-unknown-unknown/release/price_check.wasm .)")
                .contains("plinth call " + folder + " greet --input Ada");
    }

    @Test
    void findsTheSdkOfTheCheckoutWhenNoneIsGiven() throws IOException {
        Path folder = temp.resolve("hello");
        Cli.Result r = Cli.run("new", folder.toString());

        assertThat(r.status()).as(r.toString()).isZero();
        assertThat(r.out()).contains("Rust SDK: " + SDK);
    }

    @Test
    void refusesABadNameAFolderInUseAndAFolderThatIsNotTheSdk() throws IOException {
        Cli.Result badName = Cli.run("new", temp.resolve("Hello_World").toString(), "--sdk", SDK.toString());
        Files.writeString(Files.createDirectories(temp.resolve("taken")).resolve("notes.txt"), "mine");
        Cli.Result taken = Cli.run("new", temp.resolve("taken").toString(), "--sdk", SDK.toString());
        Cli.Result notSdk = Cli.run("new", temp.resolve("fine").toString(), "--sdk", temp.toString());

        assertThat(List.of(badName.status(), taken.status(), notSdk.status())).containsOnly(ExitCodes.USAGE);
        assertThat(badName.firstErrLine()).isEqualTo("plinth: \"Hello_World\" is not a plugin name: the folder's last"
                + " part names the plugin; use lowercase letters, digits and '-', starting with a letter (at most 64"
                + " characters)");
        assertThat(taken.firstErrLine()).contains("already exists and is not empty");
        assertThat(Files.readString(temp.resolve("taken/notes.txt"))).isEqualTo("mine");
        assertThat(notSdk.firstErrLine()).startsWith("plinth: --sdk " + temp + " is not Plinth's Rust SDK");
        assertThat(temp.resolve("fine")).doesNotExist();
    }

    @Test
    void theNewPluginPassesItsTestsBuildsWithThePrintedCommandAndAnswersPlinthCall() throws Exception {
        assumeTrue(Files.isExecutable(CARGO) && Files.isExecutable(RUSTC),
                "assumes Debian's Rust at /usr/bin/cargo and /usr/bin/rustc (scripts/ensure-toolchain.sh installs it)");
        assumeTrue(hasWasmTarget(), "assumes rustc's wasm32-unknown-unknown standard library"
                + " (apt-get install libstd-rust-dev-wasm32; scripts/ensure-toolchain.sh installs it)");
        Path folder = temp.resolve("hello");
        Cli.Result created = Cli.run("new", folder.toString(), "--sdk", SDK.toString());
        assertThat(created.status()).as(created.toString()).isZero();
        String build = created.out().lines().filter(l -> l.startsWith("  (cd ")).findFirst().orElseThrow().trim();

        run(folder, "RUSTC=/usr/bin/rustc /usr/bin/cargo test");
        run(temp, build);

        Cli.Result hello = Cli.run("call", folder.toString(), "greet", "--input", "Ada");
        Cli.Result hej = Cli.run("call", folder.toString(), "greet", "--input", "Ada", "--config", "greeting=Hej");
        assertThat(hello.status()).as(hello.toString()).isZero();
        assertThat(hello.out()).isEqualTo("Hello, Ada!");
        assertThat(hej.out()).isEqualTo("Hej, Ada!");
    }

    private static boolean hasWasmTarget() throws Exception {
        Process p = new ProcessBuilder(RUSTC.toString(), "--print", "target-libdir", "--target",
                "wasm32-unknown-unknown").redirectErrorStream(true).start();
        String dir = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            return false;
        }
        try (Stream<Path> libs = Files.list(Path.of(dir))) {
            return libs.anyMatch(f -> f.getFileName().toString().startsWith("libstd-"));
        } catch (IOException e) {
            return false;
        }
    }

    /** Runs a shell command offline, as a plugin author would, and fails with its output if it fails. */
    private static void run(Path dir, String command) throws Exception {
        ProcessBuilder builder = new ProcessBuilder("bash", "-c", command).directory(dir.toFile())
                .redirectErrorStream(true);
        builder.environment().put("CARGO_NET_OFFLINE", "true");
        List.of("CARGO_TARGET_DIR", "CARGO_BUILD_TARGET", "RUSTUP_TOOLCHAIN", "RUSTFLAGS")
                .forEach(builder.environment()::remove);
        Process p = builder.start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(10, TimeUnit.MINUTES)).as("%s timed out:%n%s", command, output).isTrue();
        assertThat(p.exitValue()).as("%s failed:%n%s", command, output).isZero();
    }
}
