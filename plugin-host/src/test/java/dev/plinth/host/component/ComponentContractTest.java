package dev.plinth.host.component;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plinth.api.PluginError;
import dev.plinth.api.PluginStatus;
import dev.plinth.api.VersionInfo;
import dev.plinth.api.error.ErrorCode;
import dev.plinth.component.value.Value;
import dev.plinth.host.PluginEngine;
import dev.plinth.host.PluginHost;
import dev.plinth.host.PluginVersion;
import dev.plinth.testing.GreeterWorld;
import dev.plinth.testing.Wat;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Component plugins that name the world they implement ({@code [plugin] world}): checked at load against the WIT of
 * the plugin directory or of the host, by structure and by package version; a mismatch is {@code incompatible},
 * names the first difference and is audited, and the host goes on serving.
 */
class ComponentContractTest {
    @TempDir
    Path plugins;

    static final String WIT = GreeterWorld.WIT;

    /** {@link GreeterWorld#component} answering "hi", importing {@code extra} when it is not empty. */
    static String greeter(String version, String name, String extra) {
        return GreeterWorld.component(version, name, "hi", extra, false);
    }

    /**
     * The greeter as wit-component writes it: the interface exported through a nested component that imports the
     * lifted function and the record type ({@code eq}) and re-exports them under the interface's names; with
     * {@code trap}, its core module traps when it is instantiated.
     */
    static String nestedGreeter(String name, boolean trap) {
        String flat = greeter("0.1.0", name, "");
        String nested = flat.replace("""
                  (instance $api (export "greet" (func $greet)))
                """, """
                  (component $shim
                    (alias outer 1 $req (type $req-outer))
                    (import "import-type-request" (type $r (eq $req-outer)))
                    (import "import-func-greet" (func $g (param "r" $r) (result string)))
                    (export $r2 "request" (type $r))
                    (export "greet" (func $g) (func (param "r" $r2) (result string))))
                  (instance $api (instantiate $shim
                    (with "import-type-request" (type $req))
                    (with "import-func-greet" (func $greet))))
                """);
        if (nested.equals(flat)) {
            throw new IllegalStateException("the greeter's shape changed");
        }
        return trap ? nested.replace("(data (i32.const 100) \"hi\"))",
                "(data (i32.const 100) \"hi\") (func $boom unreachable) (start $boom))") : nested;
    }

    @Test
    void aComponentExportingThroughANestedComponentIsCheckedBeforeAnythingOfItRuns() throws IOException {
        try (PluginHost host = PluginHost.on(PluginEngine.builder().build())) {
            // its core module traps when instantiated: the world check must come first to name the difference
            Path bad = plugin("trapper", nestedGreeter("(list u8)", true), OWN_WIT, "0.1.0");
            assertThat(refused(host, bad, ErrorCode.INCOMPATIBLE)).contains("does not implement world"
                    + " my:app/greeter@0.1.0: export my:app/greeting@0.1.0#greet").contains("field `name` is string"
                    + " in the world, list<u8> in the component");
            // the trap is real: without a world to check, loading it fails making its first instance
            VersionInfo trapped = host.load(plugin("trapper-free", nestedGreeter("(list u8)", true), "", null));
            assertThat(trapped.status()).isEqualTo(PluginStatus.FAILED);
            assertThat(trapped.lastError().orElseThrow().message()).contains("unreachable");

            Path good = plugin("nested", nestedGreeter("string", false), OWN_WIT, "0.1.0");
            VersionInfo info = host.load(good);
            assertThat(info.status()).as("%s", info.lastError()).isEqualTo(PluginStatus.ACTIVE);
            assertThat(host.loaded("nested").orElseThrow().world()).contains("my:app/greeter@0.1.0");
            assertThat(host.component("nested").call("my:app/greeting@0.1.0#greet", List.of(new Value.Record(
                    java.util.Map.of("name", new Value.Str("x"), "times", new Value.U32(1))))))
                    .containsExactly(new Value.Str("hi"));
        }
    }

    private Path plugin(String name, String component, String manifestExtra, String witVersion) throws IOException {
        return GreeterWorld.write(plugins, name, "1.0.0", component, manifestExtra, witVersion);
    }

    /** Loads {@code dir}, which must fail with {@code code}; its message. */
    private static String refused(PluginHost host, Path dir, ErrorCode code) {
        VersionInfo info = host.load(dir);
        assertThat(info.status()).isEqualTo(PluginStatus.FAILED);
        PluginError error = info.lastError().orElseThrow();
        assertThat(error.code()).isEqualTo(code);
        return error.message();
    }

    private static final String OWN_WIT = "world = \"my:app/greeter@0.1.0\"\nwit = \"wit/\"";

    @Test
    void aComponentThatMatchesItsWorldLoadsAndShowsTheWorldAndItsHash() throws IOException {
        try (PluginHost host = PluginHost.on(PluginEngine.builder().build())) {
            host.load(plugin("greeter", greeter("0.1.0", "string", ""), OWN_WIT, "0.1.0"));
            PluginVersion version = host.loaded("greeter").orElseThrow();
            assertThat(version.world()).contains("my:app/greeter@0.1.0");
            assertThat(version.interfaceHash()).hasValueSatisfying(h -> assertThat(h).matches("[0-9a-f]{64}"));
            assertThat(host.component("greeter").call("my:app/greeting@0.1.0#greet", List.of(new Value.Record(
                    java.util.Map.of("name", new Value.Str("Zoë"), "times", new Value.U32(1))))))
                    .containsExactly(new Value.Str("hi"));

            host.load(plugin("other", greeter("0.1.0", "string", ""), "", null));
            PluginVersion other = host.loaded("other").orElseThrow();
            assertThat(other.world()).as("names no world").isEmpty();
            assertThat(other.interfaceHash()).as("the same interface, the same hash").isEqualTo(version.interfaceHash());
        }
    }

    @Test
    void aChangedFieldTypeIsRefusedNamingTheDifferenceAndAudited() throws IOException {
        try (PluginHost host = PluginHost.on(PluginEngine.builder().build())) {
            Path dir = plugin("greeter", greeter("0.1.0", "(list u8)", ""), OWN_WIT, "0.1.0");
            assertThat(refused(host, dir, ErrorCode.INCOMPATIBLE)).isEqualTo("greeter/greeter.wasm does not implement world my:app/greeter@0.1.0: export"
                            + " my:app/greeting@0.1.0#greet: parameter `r`: record request: field `name` is string in"
                            + " the world, list<u8> in the component");
            assertThat(host.auditLog().recent("greeter", 10)).anySatisfy(e -> {
                assertThat(e.what()).isEqualTo(ErrorCode.INCOMPATIBLE);
                assertThat(e.detail()).contains("field `name` is string in the world");
            });
            host.load(plugin("fine", greeter("0.1.0", "string", ""), OWN_WIT, "0.1.0"));
            assertThat(host.loaded("fine")).as("the host serves on").isPresent();
        }
    }

    @Test
    void packageVersionsAreSemver() throws IOException {
        Path hostWit = Files.createDirectories(plugins.getParent().resolve(plugins.getFileName() + "-wit"));
        Files.writeString(hostWit.resolve("greeting.wit"), WIT.formatted("0.1.4"));
        try (PluginHost host = PluginHost.on(PluginEngine.builder().witPackages(hostWit).build())) {
            host.load(plugin("patch", greeter("0.1.0", "string", ""), "world = \"my:app/greeter@0.1.0\"", null));
            assertThat(host.loaded("patch").orElseThrow().world()).contains("my:app/greeter@0.1.4");

            Path minor = plugin("minor", greeter("0.2.0", "string", ""), "world = \"my:app/greeter@0.2.0\"", null);
            assertThat(refused(host, minor, ErrorCode.INCOMPATIBLE)).isEqualTo("plugin minor implements world my:app/greeter@0.2.0, but the WIT package here is"
                            + " my:app@0.1.4, which does not satisfy ^0.2.0 (Cargo's caret rule: 0.1.x works with"
                            + " 0.1.y, not with 0.2 or 1.0)");

            Path exported = plugin("exported", greeter("0.2.0", "string", ""), "world = \"my:app/greeter@0.1.0\"",
                    null);
            assertThat(refused(host, exported, ErrorCode.INCOMPATIBLE)).contains(": export my:app/greeting: version 0.1.4 in the world, 0.2.0 in the"
                            + " component");

            Path unknown = plugin("unknown", greeter("0.1.0", "string", ""), "world = \"their:app/greeter@0.1.0\"",
                    null);
            assertThat(refused(host, unknown, ErrorCode.INCOMPATIBLE)).contains("the host has no WIT package their:app (it has my:app@0.1.4)");
        }
    }

    @Test
    void anImportOutsideTheWorldIsRefusedBeforeTheComponentRuns() throws IOException {
        String spy = """
                (type $spy-t (instance (type $f (func (param "s" string))) (export "leak" (func (type $f)))))
                (import "my:app/spy@0.1.0" (instance $spy (type $spy-t)))""";
        try (PluginHost host = PluginHost.on(PluginEngine.builder().build())) {
            Path dir = plugin("greeter", greeter("0.1.0", "string", spy), OWN_WIT, "0.1.0");
            assertThat(refused(host, dir, ErrorCode.INCOMPATIBLE)).isEqualTo("greeter/greeter.wasm does not implement world my:app/greeter@0.1.0: import"
                            + " my:app/spy@0.1.0: not an import in the world, which imports []");
        }
    }

    @Test
    void aCoreModuleNamingAWorldIsAnInvalidManifest() throws IOException {
        Path dir = Files.createDirectories(plugins.resolve("core"));
        Files.write(dir.resolve("core.wasm"), Wat.assemble("(module (memory (export \"memory\") 1))"));
        Files.writeString(dir.resolve("plugin.toml"), """
                [plugin]
                name = "core"
                version = "1.0.0"
                world = "my:app/greeter@0.1.0"
                """);
        try (PluginHost host = PluginHost.on(PluginEngine.builder().build())) {
            assertThat(refused(host, dir, ErrorCode.INVALID_MANIFEST)).contains("plugin.toml: plugin.world: ").contains("is a core module (Extism ABI), which implements no world");
        }
    }

    @Test
    void aBrokenPluginWitIsAnInvalidManifestNamingTheKey() throws IOException {
        Path dir = plugin("greeter", greeter("0.1.0", "string", ""), OWN_WIT, "0.1.0");
        Files.writeString(dir.resolve("wit/greeting.wit"), "package my:app@0.1.0;\ninterface greeting { greet: func(; }");
        try (PluginHost host = PluginHost.on(PluginEngine.builder().build())) {
            assertThat(refused(host, dir, ErrorCode.INVALID_MANIFEST)).contains("plugin.toml: plugin.wit: ").contains("the plugin's WIT is not valid: ");
        }
    }

    @Test
    void aPluginWitLinkingOutOfItsDirectoryIsRefused() throws IOException {
        Path outside = Files.createDirectories(plugins.getParent().resolve(plugins.getFileName() + "-elsewhere"));
        Files.writeString(outside.resolve("greeting.wit"), WIT.formatted("0.1.0"));
        Path dir = plugin("greeter", greeter("0.1.0", "string", ""), OWN_WIT, null);
        Files.createSymbolicLink(dir.resolve("wit"), outside);
        try (PluginHost host = PluginHost.on(PluginEngine.builder().build())) {
            assertThat(refused(host, dir, ErrorCode.INVALID_MANIFEST)).contains("plugin.toml: plugin.wit: ")
                    .contains("\"wit\" leads out of the plugin directory");
            assertThat(host.load(plugin("fine", greeter("0.1.0", "string", ""), OWN_WIT, "0.1.0")).status())
                    .isEqualTo(PluginStatus.ACTIVE);
        }
    }

    @Test
    void aBrokenHostWitIsIncompatibleNamingIt() throws IOException {
        Path hostWit = Files.createDirectories(plugins.getParent().resolve(plugins.getFileName() + "-broken"));
        Files.writeString(hostWit.resolve("greeting.wit"), "package my:app@0.1.0;\ninterface greeting {");
        try (PluginHost host = PluginHost.on(PluginEngine.builder().witPackages(hostWit).build())) {
            Path dir = plugin("greeter", greeter("0.1.0", "string", ""), "world = \"my:app/greeter@0.1.0\"", null);
            assertThat(refused(host, dir, ErrorCode.INCOMPATIBLE)).startsWith("the host's WIT packages at " + hostWit
                    + " cannot be read, so no world can be checked: ");
        }
    }
}
