package dev.plinth.host.security;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.plinth.api.PluginStatus;
import dev.plinth.api.error.PluginFailureException;
import dev.plinth.api.manifest.PermissionRules;
import dev.plinth.host.PluginEngine;
import dev.plinth.host.PluginHost;
import dev.plinth.host.PluginVersion;
import dev.plinth.security.audit.AuditEntry;
import dev.plinth.security.policy.GrantDifference;
import dev.plinth.security.policy.PluginGrant;
import dev.plinth.security.policy.SecurityPolicy;
import dev.plinth.testing.TestPlugins;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A bare {@code .wasm}, as Extism plugins ship, gets the operator's grant as it stands, including
 * a host directory mapped onto another guest path ({@code /srv/tenant-a/data} seen as
 * {@code /data}, as Extism's {@code allowed_paths} does); the mapping is contained like any mount
 * ({@code ..} and symbolic links stay inside the host directory), and a plugin with a manifest
 * still gets only what it asks for within the grant. The hostile {@code fs-attacker} module does
 * the reading.
 */
class BareModuleGrantsTest {
    private static final String NAME = "fs-attacker";

    @TempDir
    Path tmp;
    Path plugins;
    Path tenantA;
    Path tenantB;
    Path outside;
    PluginHost host;
    final List<AuditEntry> heard = new CopyOnWriteArrayList<>();

    @BeforeEach
    void files() throws IOException {
        tmp = tmp.toRealPath();
        plugins = Files.createDirectories(tmp.resolve("plugins"));
        tenantA = Files.createDirectories(tmp.resolve("srv/tenant-a/data"));
        tenantB = Files.createDirectories(tmp.resolve("srv/tenant-b/data"));
        outside = Files.createDirectories(tmp.resolve("outside"));
        Files.writeString(tenantA.resolve("a.txt"), "A");
        Files.createDirectories(tenantA.resolve("sub"));
        Files.writeString(tenantB.resolve("b.txt"), "TENANT B");
        Files.writeString(outside.resolve("secret.txt"), "TOP SECRET");
    }

    @AfterEach
    void close() {
        if (host != null) {
            host.close();
        }
    }

    private Path bare() throws IOException {
        return Files.copy(TestPlugins.wasmOf(TestPlugins.hostile(NAME)), plugins.resolve(NAME + ".wasm"));
    }

    private PluginVersion start(Path plugin, String... fsGrants) {
        PluginGrant.Builder grant = PluginGrant.builder();
        for (String rule : fsGrants) {
            grant.fs(PermissionRules.fs(rule));
        }
        host = PluginHost.on(PluginEngine.builder().policy(SecurityPolicy.STRICT.withGrant(NAME, grant.build())).build());
        host.auditLog().addListener(heard::add);
        assertThat(host.load(plugin).status()).isEqualTo(PluginStatus.ACTIVE);
        return host.loaded(NAME).orElseThrow();
    }

    private String call(String function, String input) {
        return new String(host.call(NAME, function, input.getBytes(UTF_8)), UTF_8);
    }

    private void refused(String function, String input) {
        assertThatThrownBy(() -> call(function, input)).as(function + "(" + input.replace('\n', ' ') + ")")
                .isInstanceOfSatisfying(PluginFailureException.class,
                        e -> assertThat(e.getMessage()).doesNotContain("TOP SECRET").doesNotContain("TENANT B"));
    }

    @Test
    void aBareModuleGetsTheOperatorsGrantAtTheMappedGuestPath() throws IOException {
        PluginVersion loaded = start(bare(), "read:" + tenantA + ":/data");

        assertThat(loaded.manifest().bare()).isTrue();
        assertThat(loaded.grants().fs()).map(Object::toString).containsExactly("read:" + tenantA + ":/data");
        assertThat(loaded.grants().notGranted()).isEmpty();
        assertThat(call("read_file", "/data/a.txt")).isEqualTo("A");
        assertThat(call("list_dir", "/data")).isEqualTo("a.txt\nsub");
        // the host path itself is not what the guest sees
        refused("read_file", tenantA.resolve("a.txt").toString());
        refused("write_file", "/data/new.txt\nx");
        assertThat(tenantA.resolve("new.txt")).doesNotExist();
    }

    @Test
    void withoutAGrantABareModuleGetsNothing() throws IOException {
        PluginVersion loaded = start(bare());

        assertThat(loaded.grants().fs()).isEmpty();
        assertThat(loaded.grants().net()).isEmpty();
        refused("read_file", "/data/a.txt");
        refused("read_file", tenantA.resolve("a.txt").toString());
    }

    @Test
    void dotDotAndSymlinksCannotLeaveTheMappedDirectory() throws IOException {
        Files.createSymbolicLink(tenantA.resolve("to-secret"), outside.resolve("secret.txt"));
        Files.createSymbolicLink(tenantA.resolve("to-b"), tenantB);
        Files.createSymbolicLink(tenantA.resolve("sub/up-and-out"), Path.of("../../../tenant-b/data/b.txt"));
        start(bare(), "write:" + tenantA + ":/data");

        refused("read_file", "/data/../outside/secret.txt");
        refused("read_file", "/data/../../tenant-b/data/b.txt");
        refused("read_file", "/data/sub/../../../../../../etc/passwd");
        refused("read_file", "/data/to-secret");
        refused("read_file", "/data/to-b/b.txt");
        refused("read_file", "/data/sub/up-and-out");
        refused("list_dir", "/data/to-b");
        refused("write_file", "/data/to-secret\npwned");
        refused("rename", "/data/to-b/b.txt\n/data/stolen.txt");
        assertThat(call("read_file", "/data/sub/../a.txt")).isEqualTo("A");

        assertThat(Files.readString(outside.resolve("secret.txt"))).isEqualTo("TOP SECRET");
        assertThat(Files.readString(tenantB.resolve("b.txt"))).isEqualTo("TENANT B");
        assertThat(tenantA.resolve("stolen.txt")).doesNotExist();
        assertThat(heard).anySatisfy(e -> assertThat(e.resource()).isEqualTo("files"));
        assertThat(call("read_file", "/data/a.txt")).isEqualTo("A");
    }

    /** A mapping onto {@code /} makes the directory the guest's whole file system, and no more. */
    @Test
    void aMappingOntoTheRootShowsThatDirectoryOnly() throws IOException {
        start(bare(), "read:" + tenantA + ":/");

        assertThat(call("read_file", "/a.txt")).isEqualTo("A");
        assertThat(call("list_dir", "/")).isEqualTo("a.txt\nsub");
        refused("read_file", "/../outside/secret.txt");
        refused("read_file", "/../../tenant-b/data/b.txt");
        refused("read_file", outside.resolve("secret.txt").toString());
    }

    /** The operator's deny rules name host paths: a mapping cannot carry a denied directory in. */
    @Test
    void theDefaultDenyRulesStillApplyToMappedDirectories() throws IOException {
        PluginVersion loaded = start(bare(), "read:/etc:/data", "read:" + tenantA + ":/etc");

        assertThat(loaded.grants().fs()).map(Object::toString).containsExactly("read:" + tenantA + ":/etc");
        assertThat(loaded.grants().notGranted()).singleElement().satisfies(d -> {
            assertThat(d.reason()).isEqualTo(GrantDifference.Reason.DENIED);
            assertThat(d.asked()).isEqualTo("read:/etc:/data");
        });
        refused("read_file", "/data/passwd");
        assertThat(call("read_file", "/etc/a.txt")).isEqualTo("A");
    }

    /** The same module with a manifest asks for /data only, and gets no more of the same grant. */
    @Test
    void aPluginWithAManifestStillGetsOnlyWhatItAsksFor() throws IOException {
        Path dir = Files.createDirectories(plugins.resolve(NAME));
        Files.copy(TestPlugins.wasmOf(TestPlugins.hostile(NAME)), dir.resolve("fs_attacker.wasm"));
        Files.writeString(dir.resolve("plugin.toml"), """
                [plugin]
                name = "fs-attacker"
                version = "0.1.0"
                entrypoint = "fs_attacker.wasm"
                [permissions]
                fs = ["read:/data/sub", "write:/data"]
                """);
        PluginVersion loaded = start(dir, "read:" + tenantA + ":/data", "read:" + tenantB + ":/b");

        assertThat(loaded.manifest().bare()).isFalse();
        assertThat(loaded.grants().fs()).map(Object::toString)
                .containsExactly("read:" + tenantA.resolve("sub") + ":/data/sub", "read:" + tenantA + ":/data");
        assertThat(loaded.grants().notGranted()).singleElement()
                .satisfies(d -> assertThat(d.reason()).isEqualTo(GrantDifference.Reason.NARROWED));
        assertThat(call("read_file", "/data/a.txt")).isEqualTo("A");
        refused("read_file", "/b/b.txt");
        refused("write_file", "/data/x.txt\nx");
    }

    /** Bare or not, a guest path shows one directory: two grants onto it are refused up front. */
    @Test
    void twoDirectoriesOntoOneGuestPathAreRefused() {
        PluginGrant.Builder grant = PluginGrant.builder()
                .fs(PermissionRules.fs("read:" + tenantA + ":/data"))
                .fs(PermissionRules.fs("read:" + tenantB + ":/data"));

        assertThatThrownBy(grant::build)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("map two host directories (" + tenantA + " and " + tenantB
                        + ") onto the same guest path /data");
    }
}
