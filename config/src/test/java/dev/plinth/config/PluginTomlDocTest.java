package dev.plinth.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plinth.api.kv.KvQuota;
import dev.plinth.api.manifest.Codec;
import dev.plinth.api.manifest.ExportDeclaration;
import dev.plinth.api.manifest.FsPermission;
import dev.plinth.api.manifest.NetPermission;
import dev.plinth.api.manifest.Permissions;
import dev.plinth.api.manifest.PluginManifest;
import dev.plinth.api.manifest.SemanticVersion;
import dev.plinth.api.manifest.VersionRange;
import dev.plinth.api.unit.DataSize;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Reads the examples of {@code docs/plugin-toml.md} with {@link ManifestReader}, so that the
 * reference page cannot drift from the reader: its complete manifest must use every key and mean
 * what the page says, and every other example must be accepted.
 */
class PluginTomlDocTest {

    /** Surefire runs in the module's directory; the page is in the repository's docs/. */
    private static final Path PAGE = Path.of("..", "docs", "plugin-toml.md");
    private static final Pattern TOML_BLOCK = Pattern.compile("(?s)```toml\\n(.*?)```");
    private static final String MINIMAL = "[plugin]\nname = \"hello\"\nversion = \"0.1.0\"\n";

    @Test
    void theCompleteManifestUsesEveryKeyAsThePageDescribesIt() throws IOException {
        PluginManifest m = ManifestReader.parse(blocks().get(0), PAGE.toString());

        assertThat(m.name()).isEqualTo("image-processor");
        assertThat(m.version()).isEqualTo(SemanticVersion.of(1, 2, 0));
        assertThat(m.description()).isNotEmpty();
        assertThat(m.entrypoint()).isEqualTo("image_processor.wasm");
        assertThat(m.hostApi()).isEqualTo(VersionRange.parse(">=1.0.0, <2.0.0"));
        assertThat(m.exports()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "resize", new ExportDeclaration("resize", Codec.JSON, Codec.BYTES),
                "describe", new ExportDeclaration("describe", Codec.BYTES, Codec.TEXT)));
        assertThat(m.config()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "max-width", "800", "watermark", "ACME", "sharpen", "true"));
        assertThat(m.modules()).containsExactly(Map.entry("helpers", "lib/helpers.wasm"));
        assertThat(m.world()).hasValueSatisfying(w -> {
            assertThat(w.toString()).isEqualTo("plinth:plugin/plugin@0.1.0");
            assertThat(w.wit()).contains("wit");
        });

        Permissions p = m.permissions();
        assertThat(p.fs()).containsExactly(new FsPermission(FsPermission.Access.READ, "/data/images"),
                new FsPermission(FsPermission.Access.WRITE, "/tmp/out"));
        assertThat(p.net()).extracting(Object::toString)
                .containsExactly("connect:api.example.com:443", "connect:*.cdn.example.com:*");
        assertThat(p.hostFunctions()).containsExactlyInAnyOrder("lookup-price", "host::hostGreenMessage");
        assertThat(p.httpResponseHeaders()).isTrue();
        assertThat(p.memory()).contains(DataSize.ofMegabytes(128));
        assertThat(p.cpuTime()).contains(Duration.ofSeconds(30));
        assertThat(p.fuel()).isEqualTo(OptionalLong.of(500_000_000));
        assertThat(p.maxInstances()).isEqualTo(OptionalInt.of(8));
        assertThat(p.tableElements()).isEqualTo(OptionalLong.of(10_000));
        assertThat(p.fsWritePerCall()).contains(DataSize.ofMegabytes(16));
        assertThat(p.fsWriteTotal()).contains(DataSize.ofMegabytes(256));
        assertThat(p.dataDir()).contains(DataSize.ofMegabytes(64));
        assertThat(p.env()).containsExactly("TZ", "LANG");
        assertThat(p.kv()).contains(new KvQuota(1000, 256, 64 * 1024, 1024 * 1024));
        assertThat(p.events()).contains(new dev.plinth.api.event.EventsPermission(List.of("image.resized"),
                List.of("settings.*")));
        assertThat(p.deny().fs()).extracting(Object::toString).containsExactly("read:/data/images/private");
        assertThat(p.deny().net()).containsExactly(
                new NetPermission(NetPermission.Action.CONNECT, "169.254.169.254", NetPermission.ANY_PORT));
    }

    @Test
    void theSmallestManifestGetsTheDefaultsThePageLists() throws IOException {
        PluginManifest m = ManifestReader.parse(blocks().get(1), PAGE.toString());

        assertThat(m).isEqualTo(new PluginManifest("hello", SemanticVersion.of(0, 1, 0), "", "hello.wasm",
                VersionRange.ANY, Map.of(), Map.of(), Permissions.NONE));
    }

    @Test
    void everySectionExampleIsAccepted() throws IOException {
        List<String> blocks = blocks();
        assertThat(blocks).hasSizeGreaterThan(2);
        for (String block : blocks.subList(2, blocks.size())) {
            String text = block.contains("[plugin]") ? block : MINIMAL + block;
            assertThat(ManifestReader.parse(text, PAGE.toString())).as(block).isNotNull();
        }
    }

    private static List<String> blocks() throws IOException {
        Matcher matcher = TOML_BLOCK.matcher(Files.readString(PAGE));
        List<String> blocks = new ArrayList<>();
        while (matcher.find()) {
            blocks.add(matcher.group(1));
        }
        return blocks;
    }
}
