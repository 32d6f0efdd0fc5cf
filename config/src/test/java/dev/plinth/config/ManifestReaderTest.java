package dev.plinth.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.plinth.api.error.ErrorCode;
import dev.plinth.api.error.InvalidManifestException;
import dev.plinth.api.manifest.Codec;
import dev.plinth.api.manifest.ExportDeclaration;
import dev.plinth.api.manifest.FsPermission;
import dev.plinth.api.manifest.HostApi;
import dev.plinth.api.manifest.NetPermission;
import dev.plinth.api.manifest.Permissions;
import dev.plinth.api.manifest.PluginManifest;
import dev.plinth.api.manifest.SemanticVersion;
import dev.plinth.api.manifest.VersionRange;
import dev.plinth.api.manifest.WorldRef;
import dev.plinth.api.unit.DataSize;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ManifestReaderTest {

    static final String SOURCE = "plugins/foo/plugin.toml";

    /** The example from DESIGN.md. */
    static final String FULL = """
            [plugin]
            name = "image-processor"          # unique id: lowercase, digits, '-'
            version = "0.1.0"                 # semver
            description = "Resizes images"
            entrypoint = "image_processor.wasm"
            host-api = ">=1.0.0, <2.0.0"      # Plinth guest-API range the plugin needs

            [exports.process]                 # optional: declared functions and their codecs
            input = "json"                    # json | text | bytes
            output = "json"

            [config]                          # handed to the plugin through config_get
            width = "800"

            [permissions]                     # what the plugin asks for
            fs = ["read:/data/images", "write:/tmp/plugin-cache"]
            net = ["connect:api.example.com:443"]
            host-functions = ["lookup-price"]
            memory = "128MB"
            cpu-time = "30s"                  # wall-clock deadline per call
            fuel = 50_000_000                 # instruction budget per call (deterministic)
            max-instances = 5

            [permissions.deny]
            fs = ["read:/etc", "write:/etc"]
            net = ["listen:*", "connect:127.0.0.1:*"]
            """;

    static final String MINIMAL = """
            [plugin]
            name = "hello-world"
            version = "1.0.0"
            """;

    @Test
    void readsTheDesignExample() {
        PluginManifest m = ManifestReader.parse(FULL, SOURCE);

        assertThat(m.name()).isEqualTo("image-processor");
        assertThat(m.version()).isEqualTo(SemanticVersion.of(0, 1, 0));
        assertThat(m.description()).isEqualTo("Resizes images");
        assertThat(m.entrypoint()).isEqualTo("image_processor.wasm");
        assertThat(m.hostApi()).isEqualTo(VersionRange.parse(">=1.0.0, <2.0.0"));
        assertThat(HostApi.supports(m.hostApi())).isTrue();
        assertThat(m.exports()).containsExactly(
                Map.entry("process", new ExportDeclaration("process", Codec.JSON, Codec.JSON)));
        assertThat(m.config()).containsExactly(Map.entry("width", "800"));

        Permissions p = m.permissions();
        assertThat(p.fs()).containsExactly(
                new FsPermission(FsPermission.Access.READ, "/data/images"),
                new FsPermission(FsPermission.Access.WRITE, "/tmp/plugin-cache"));
        assertThat(p.net()).containsExactly(
                new NetPermission(NetPermission.Action.CONNECT, "api.example.com", 443));
        assertThat(p.hostFunctions()).containsExactly("lookup-price");
        assertThat(p.memory()).contains(DataSize.ofMegabytes(128));
        assertThat(p.cpuTime()).contains(Duration.ofSeconds(30));
        assertThat(p.fuel()).isEqualTo(OptionalLong.of(50_000_000));
        assertThat(p.maxInstances()).isEqualTo(OptionalInt.of(5));
        assertThat(p.deny().fs()).extracting(Object::toString).containsExactly("read:/etc", "write:/etc");
        assertThat(p.deny().net()).containsExactly(
                new NetPermission(NetPermission.Action.LISTEN, "*", NetPermission.ANY_PORT),
                new NetPermission(NetPermission.Action.CONNECT, "127.0.0.1", NetPermission.ANY_PORT));
        assertThat(p.deny().net()).extracting(Object::toString).containsExactly("listen:*", "connect:127.0.0.1:*");
    }

    @Test
    void fillsDefaultsForAMinimalManifest() {
        PluginManifest m = ManifestReader.parse(MINIMAL, SOURCE);

        assertThat(m).isEqualTo(new PluginManifest("hello-world", SemanticVersion.of(1, 0, 0), "",
                "hello_world.wasm", VersionRange.ANY, Map.of(), Map.of(), Permissions.NONE));
    }

    @Test
    void exportsDefaultToBytes() {
        PluginManifest m = ManifestReader.parse(MINIMAL + """
                [exports.run]
                [exports._start-2]
                input = "text"
                [exports]
                Camel = {}
                """, SOURCE);

        assertThat(m.exports()).containsOnly(
                Map.entry("run", new ExportDeclaration("run", Codec.BYTES, Codec.BYTES)),
                Map.entry("_start-2", new ExportDeclaration("_start-2", Codec.TEXT, Codec.BYTES)),
                Map.entry("Camel", new ExportDeclaration("Camel", Codec.BYTES, Codec.BYTES)));
    }

    @Test
    void readsTheWholeOfToml10() {
        String toml = """
                plugin.name = 'toml-features'             # dotted key, literal string
                plugin.version = "1.0.0"
                plugin."description" = \"""
                multi-line \\
                      basic\"""
                plugin.entrypoint = '''bin/./main.wasm'''  # multi-line literal string
                config = { mode = "fast", retries = 0o17 }
                permissions = { fuel = 0x2FAF080, max-instances = 0b1010, memory = '64 MiB', cpu-time = "1.5s", deny.fs = ["read:/etc"] }
                """;
        PluginManifest m = ManifestReader.parse(toml, SOURCE);

        assertThat(m.name()).isEqualTo("toml-features");
        assertThat(m.description()).isEqualTo("multi-line basic");
        assertThat(m.entrypoint()).isEqualTo("bin/main.wasm");
        assertThat(m.config()).containsOnly(Map.entry("mode", "fast"), Map.entry("retries", "15"));
        assertThat(m.permissions().fuel()).isEqualTo(OptionalLong.of(50_000_000));
        assertThat(m.permissions().maxInstances()).isEqualTo(OptionalInt.of(10));
        assertThat(m.permissions().memory()).contains(DataSize.ofMegabytes(64));
        assertThat(m.permissions().cpuTime()).contains(Duration.ofMillis(1500));
        assertThat(m.permissions().deny().fs()).extracting(Object::toString).containsExactly("read:/etc");
    }

    @Test
    void convertsScalarConfigValuesToStrings() {
        PluginManifest m = ManifestReader.parse(MINIMAL + """
                [config]
                text = "plain"
                count = 1_000
                big = 0xFFFF_FFFF_FFFF
                ratio = 1.5
                thousand = 1e3
                on = true
                off = false
                day = 1979-05-27
                at = 1979-05-27T07:32:00Z
                "dotted.key" = "quoted keys are fine"
                """, SOURCE);

        assertThat(m.config()).containsOnly(
                Map.entry("text", "plain"), Map.entry("count", "1000"), Map.entry("big", "281474976710655"),
                Map.entry("ratio", "1.5"), Map.entry("thousand", "1000"), Map.entry("on", "true"),
                Map.entry("off", "false"), Map.entry("day", "1979-05-27"), Map.entry("at", "1979-05-27T07:32:00Z"),
                Map.entry("dotted.key", "quoted keys are fine"));
    }

    @Test
    void normalizesRules() {
        PluginManifest m = ManifestReader.parse(MINIMAL + """
                [permissions]
                fs = ["read:/data/images/", "write://tmp/./cache//x", "read:/"]
                net = ["connect:API.Example.com:*", "connect:*.example.com:443", "connect:[::1]:80",
                       "connect:[2001:DB8::ffff:1.2.3.4]:8443", "listen:0.0.0.0:8080", "listen:*:9000",
                       "connect:*:443"]
                host-functions = ["lookup-price", "kv_get", "lookup-price", "host::hostGreenMessage",
                                  "extism:host/user::kv_get", "LookupPrice"]
                """, SOURCE);

        assertThat(m.permissions().fs()).extracting(Object::toString)
                .containsExactly("read:/data/images", "write:/tmp/cache/x", "read:/");
        assertThat(m.permissions().net()).extracting(Object::toString).containsExactly(
                "connect:api.example.com:*", "connect:*.example.com:443", "connect:[::1]:80",
                "connect:[2001:db8::ffff:1.2.3.4]:8443", "listen:0.0.0.0:8080", "listen:*:9000", "connect:*:443");
        assertThat(m.permissions().hostFunctions()).as("any wasm import name, in any namespace, case-sensitive")
                .containsExactlyInAnyOrder("lookup-price", "kv_get", "host::hostGreenMessage", "LookupPrice");
    }

    @Test
    void readsFilesAndNamesThemInErrors(@TempDir Path dir) throws IOException {
        Path good = dir.resolve("plugin.toml");
        Files.writeString(good, "\uFEFF" + FULL);
        assertThat(ManifestReader.read(good).name()).isEqualTo("image-processor");

        Path bad = dir.resolve("bad.toml");
        Files.writeString(bad, MINIMAL.replace("1.0.0", "1.0"));
        assertThatThrownBy(() -> ManifestReader.read(bad))
                .isInstanceOf(InvalidManifestException.class)
                .hasMessageStartingWith(bad + ": plugin.version: \"1.0\" is not a semantic version")
                .satisfies(e -> assertThat(((InvalidManifestException) e).source()).isEqualTo(bad.toString()));

        Path missing = dir.resolve("missing.toml");
        assertThatThrownBy(() -> ManifestReader.read(missing))
                .isInstanceOf(InvalidManifestException.class)
                .hasMessage(missing + ": file not found");

        Path latin1 = dir.resolve("latin1.toml");
        Files.write(latin1, (MINIMAL + "description = \"caf\u00e9\"\n").getBytes(StandardCharsets.ISO_8859_1));
        assertThatThrownBy(() -> ManifestReader.read(latin1)).hasMessageContaining("not valid UTF-8");

        Path huge = dir.resolve("huge.toml");
        Files.write(huge, new byte[ManifestReader.MAX_BYTES + 1]);
        assertThatThrownBy(() -> ManifestReader.read(huge)).hasMessageContaining("too large");

        assertThatThrownBy(() -> ManifestReader.read(dir)).isInstanceOf(InvalidManifestException.class)
                .hasMessage(dir + ": a directory, not a regular file; plugin files are read only from regular files");
    }

    @Test
    void readsTheWorldAComponentImplementsAndWhereItsWitIs() {
        PluginManifest m = ManifestReader.parse(MINIMAL + "world = \"plinth:plugin/plugin@0.1.0\"\nwit = \"./wit/\"\n",
                SOURCE);
        WorldRef world = m.world().orElseThrow();
        assertThat(world.toString()).isEqualTo("plinth:plugin/plugin@0.1.0");
        assertThat(world.packageName()).isEqualTo("plinth:plugin@0.1.0");
        assertThat(world.version()).contains(SemanticVersion.of(0, 1, 0));
        assertThat(world.wit()).contains("wit");

        WorldRef host = ManifestReader.parse(MINIMAL + "world = \"my:app/filter\"\n", SOURCE).world().orElseThrow();
        assertThat(host.world()).isEqualTo("filter");
        assertThat(host.version()).isEmpty();
        assertThat(host.wit()).isEmpty();
        assertThat(ManifestReader.parse(MINIMAL, SOURCE).world()).isEmpty();
    }

    @Test
    void theMessageFromTheBrief() {
        assertThatThrownBy(() -> ManifestReader.parse(MINIMAL + "[permissions]\nmemory = \"12XB\"\n", SOURCE))
                .hasMessage("plugins/foo/plugin.toml: permissions.memory: \"12XB\" is not a size; use a number"
                        + " with B, KB, MB or GB, e.g. \"64MB\"");
    }

    /** Each row: the TOML, the key the error must name ("-" for none), and a fragment of the message. */
    @ParameterizedTest(name = "[{index}] {1}: {2}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
        # missing or misplaced tables and keys
        [config]\\nx = "1"                                                | plugin                 | missing; every plugin.toml needs a [plugin] table
        ''                                                                | plugin                 | missing
        [plugin]\\nversion = "1.0.0"                                      | plugin.name            | missing
        [plugin]\\nname = "a"                                             | plugin.version         | missing
        plugin = "image-processor"                                        | plugin                 | expected a table, found a string
        [[plugin]]\\nname = "a"                                           | plugin                 | expected a table, found an array of tables
        $MIN\\n[plugins]                                                  | plugins                | unknown key (did you mean "plugin"?); expected one of: plugin, exports, config, permissions
        foo = 1\\n$MIN                                                    | foo                    | unknown key; expected one of: plugin, exports, config, permissions
        $MIN\\nhost_api = "*"                                             | plugin.host_api        | unknown key (did you mean "host-api"?); expected one of: name, version, description, entrypoint, host-api
        $MIN\\n[permissions]\\ncpu_time = "1s"                            | permissions.cpu_time   | did you mean "cpu-time"?
        $MIN\\n[permissions.deny]\\nhost-functions = []                   | permissions.deny.host-functions | unknown key; expected one of: fs, net
        $MIN\\n[exports.run]\\ncodec = "json"                             | exports.run.codec      | unknown key; expected one of: input, output
        $MIN\\n"weird key" = 1                                            | plugin."weird key"            | unknown key
        # wrong types
        [plugin]\\nname = 42\\nversion = "1.0.0"                         | plugin.name            | expected a string such as "image-processor", found an integer
        [plugin]\\nname = "a"\\nversion = 1.0                            | plugin.version         | expected a string such as "0.1.0", found a float
        [plugin]\\nname = "a"\\nversion = 1979-05-27                     | plugin.version         | found a date
        $MIN\\ndescription = true                                         | plugin.description     | expected a string, found a boolean
        $MIN\\n[permissions]\\nmemory = 128                               | permissions.memory     | expected a string such as "128MB", found an integer
        $MIN\\n[permissions]\\nfuel = "lots"                              | permissions.fuel       | expected an integer, found a string
        $MIN\\n[permissions]\\nfuel = 1.5                                 | permissions.fuel       | expected an integer, found a float
        $MIN\\n[permissions]\\nfs = "read:/data"                          | permissions.fs         | expected an array of strings such as ["read:/data"], found a string
        $MIN\\n[permissions]\\nnet = ["connect:a:1", 443]                 | permissions.net[1]     | expected a string such as "connect:api.example.com:443", found an integer
        $MIN\\n[permissions]\\ndeny = ["read:/etc"]                       | permissions.deny       | expected a table, found an array
        $MIN\\n[exports]\\nrun = "json"                                   | exports.run            | expected a table, found a string
        exports = []\\n$MIN                                               | exports                | expected a table, found an array
        $MIN\\n[config]\\nlist = [1, 2]                                   | config.list            | expected a string, found an array
        $MIN\\n[config.nested]\\nx = "1"                                  | config.nested          | expected a string, found a table
        $MIN\\n[config]\\n"" = "x"                                        | config.""              | config keys cannot be empty
        # bad values
        [plugin]\\nname = "Image_Processor"\\nversion = "1.0.0"          | plugin.name            | "Image_Processor" is not a valid plugin name
        [plugin]\\nname = "-a"\\nversion = "1.0.0"                       | plugin.name            | is not a valid plugin name
        [plugin]\\nname = ""\\nversion = "1.0.0"                         | plugin.name            | "" is not a valid plugin name
        [plugin]\\nname = "a"\\nversion = "1.0"                          | plugin.version         | "1.0" is not a semantic version (all three numbers are needed)
        [plugin]\\nname = "a"\\nversion = "v1.0.0"                       | plugin.version         | no 'v' prefix
        [plugin]\\nname = "a"\\nversion = "1.0.0"\\nhost-api = "latest"  | plugin.host-api        | "latest" is not a version range
        $MIN\\nentrypoint = "../other/plugin.wasm"                        | plugin.entrypoint      | must stay inside the plugin directory (no "..")
        $MIN\\nentrypoint = "lib/../../x.wasm"                            | plugin.entrypoint      | no ".."
        $MIN\\nentrypoint = "/opt/plugin.wasm"                            | plugin.entrypoint      | must be a path relative to the plugin directory
        $MIN\\nentrypoint = 'C:\\x.wasm'                                  | plugin.entrypoint      | must be a path relative to the plugin directory
        $MIN\\nentrypoint = 'bin\\x.wasm'                                 | plugin.entrypoint      | must use '/'
        $MIN\\nentrypoint = "plugin.so"                                   | plugin.entrypoint      | must name a .wasm file
        $MIN\\nentrypoint = ".wasm"                                       | plugin.entrypoint      | must name a .wasm file
        $MIN\\nentrypoint = "a//b.wasm"                                   | plugin.entrypoint      | is not a valid relative path
        $MIN\\n[exports."not valid!"]                                     | exports."not valid!"   | is not a valid export name
        $MIN\\n[exports.9lives]                                           | exports.9lives         | "9lives" is not a valid export name
        $MIN\\n[exports.run]\\ninput = "xml"                              | exports.run.input      | "xml" is not a codec; use "json", "text" or "bytes"
        $MIN\\n[exports.run]\\noutput = "JSON"                            | exports.run.output     | is not a codec
        # permissions
        $MIN\\n[permissions]\\nfs = ["read:/ok", "rw:/data"]              | permissions.fs[1]      | "rw:/data" is not a file-system rule; use "read:/absolute/path" or "write:/absolute/path"
        $MIN\\n[permissions]\\nfs = ["read:data"]                         | permissions.fs[0]      | the path must be absolute
        $MIN\\n[permissions]\\nfs = ["read:/data/../etc"]                 | permissions.fs[0]      | must not contain ".."
        $MIN\\n[permissions]\\nfs = ["/data"]                             | permissions.fs[0]      | is not a file-system rule
        $MIN\\n[permissions]\\nfs = ["read:/srv/a:/data"]                 | permissions.fs[0]      | which a plugin's ask cannot do: only the operator's grant maps paths
        $MIN\\n[permissions.deny]\\nfs = ["delete:/etc"]                  | permissions.deny.fs[0] | is not a file-system rule
        $MIN\\n[permissions]\\nnet = ["connect:example.com"]              | permissions.net[0]     | the port is missing
        $MIN\\n[permissions]\\nnet = ["connect:example.com:70000"]        | permissions.net[0]     | port 70000 is out of range (1-65535 or *)
        $MIN\\n[permissions]\\nnet = ["connect:example.com:0"]            | permissions.net[0]     | "0" is not a port
        $MIN\\n[permissions]\\nnet = ["connect:example.com:http"]         | permissions.net[0]     | "http" is not a port
        $MIN\\n[permissions]\\nnet = ["connect:exa mple.com:80"]          | permissions.net[0]     | "exa mple.com" is not a host name
        $MIN\\n[permissions]\\nnet = ["connect:-bad.com:80"]              | permissions.net[0]     | is not a host name
        $MIN\\n[permissions]\\nnet = ["connect:999.1.1.1:80"]             | permissions.net[0]     | is not a host name
        $MIN\\n[permissions]\\nnet = ["connect:a.**.com:80"]              | permissions.net[0]     | "**" is not a host pattern
        $MIN\\n[permissions]\\nnet = ["connect:::1:80"]                   | permissions.net[0]     | put IPv6 addresses in brackets
        $MIN\\n[permissions]\\nnet = ["connect:[::g]:80"]                 | permissions.net[0]     | "[::g]" is not an IPv6 address
        $MIN\\n[permissions]\\nnet = ["connect:[::1]"]                    | permissions.net[0]     | must be followed by ":port"
        $MIN\\n[permissions]\\nnet = ["connect:*"]                        | permissions.net[0]     | the port is missing
        $MIN\\n[permissions.deny]\\nnet = ["bind:*"]                      | permissions.deny.net[0] | "bind:*" is not a network rule; use "connect:host:port"
        $MIN\\n[permissions]\\nhost-functions = ["host::"]                | permissions.host-functions[0] | "host::" is not a host-function name: a host-function name must not be empty
        $MIN\\n[permissions]\\nhost-functions = ["wasi_snapshot_preview1::fd_write"] | permissions.host-functions[0] | is the host's own
        $MIN\\n[permissions]\\nhttp-response-headers = 1             | permissions.http-response-headers | expected true or false, found an integer
        $MIN\\n[permissions]\\nmemory = "12XB"                            | permissions.memory     | "12XB" is not a size; use a number with B, KB, MB or GB, e.g. "64MB"
        $MIN\\n[permissions]\\nmemory = "0MB"                             | permissions.memory     | must be more than 0
        $MIN\\n[permissions]\\nmemory = "5GB"                             | permissions.memory     | "5GB" is more than 4GB, the most a 32-bit WebAssembly memory can address
        $MIN\\n[permissions]\\nmemory = "-1MB"                            | permissions.memory     | negative
        $MIN\\n[permissions]\\ncpu-time = "30 seconds"                    | permissions.cpu-time   | "30 seconds" is not a duration
        $MIN\\n[permissions]\\ncpu-time = "0s"                            | permissions.cpu-time   | must be more than 0
        $MIN\\n[permissions]\\ncpu-time = "-1s"                           | permissions.cpu-time   | negative
        $MIN\\n[permissions]\\nfuel = 0                                   | permissions.fuel       | must be a positive number of instructions, found 0
        $MIN\\n[permissions]\\nfuel = -5                                  | permissions.fuel       | found -5
        $MIN\\n[permissions]\\nfuel = 0x7FFF_FFFF_FFFF_FFFF_F             | permissions.fuel       | is too large
        $MIN\\n[permissions]\\nmax-instances = 0                          | permissions.max-instances | must be between 1 and 1024, found 0
        $MIN\\n[permissions]\\nmax-instances = 1025                       | permissions.max-instances | must be between 1 and 1024, found 1025
        $MIN\\n[permissions]\\ntable-elements = 0                         | permissions.table-elements | must be a positive number of table entries, found 0
        $MIN\\n[permissions]\\nfs-write-per-call = "0KB"                  | permissions.fs-write-per-call | must be more than 0
        $MIN\\n[permissions]\\nfs-write-total = "lots"                    | permissions.fs-write-total | "lots" is not a size
        # TOML syntax
        [plugin\\nname = "a"                                              | -                      | not valid TOML:
        $MIN\\nname = "again"                                             | -                      | not valid TOML: Duplicate key (line 4, column
        [plugin]\\nname = "a\\nversion = "1.0.0"                          | -                      | not valid TOML:
        $MIN\\n[config]\\nx = 1979-13-45                                  | -                      | not valid TOML:
        $MIN\\n[permissions]\\nfuel = 9_223_372_036_854_775_807           | -                      | line 5: the integer 9_223_372_036_854_775_807 has 19 digits
        $MIN\\n[config]\\nx = -12345678901234567890                       | -                      | has 20 digits
        """)
    void rejectsBadManifests(String toml, String key, String fragment) {
        String text = toml.replace("$MIN", MINIMAL.strip()).replace("\\n", "\n").replace("''", "");
        assertThatThrownBy(() -> ManifestReader.parse(text, SOURCE))
                .isInstanceOfSatisfying(InvalidManifestException.class, e -> {
                    assertThat(e.key()).isEqualTo(key.equals("-") ? Optional.empty() : Optional.of(key));
                    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_MANIFEST);
                    assertThat(e.source()).isEqualTo(SOURCE);
                    assertThat(e.getMessage()).startsWith(SOURCE + ": " + (key.equals("-") ? "" : key + ": "));
                })
                .hasMessageContaining(fragment);
    }

    @Test
    void syntaxErrorsCarryLineAndColumn() {
        assertThatThrownBy(() -> ManifestReader.parse("[plugin]\nname = \n", SOURCE))
                .isInstanceOfSatisfying(InvalidManifestException.class, e -> assertThat(e.key()).isEmpty())
                .hasMessageMatching("plugins/foo/plugin\\.toml: not valid TOML: .+ \\(line \\d+, column \\d+\\)")
                .hasMessageNotContaining("StringReader")
                .hasMessageNotContaining("\n");
    }

    @Test
    void syntaxErrorsNameTokensAsWritten() {
        assertThatThrownBy(() -> ManifestReader.parse("= 1\n", SOURCE))
                .hasMessage(SOURCE + ": not valid TOML: Unexpected token: Got '=', expected key or table (line 1, column 1)");
    }

    @Test
    void acceptsWindowsLineEndings() {
        assertThat(ManifestReader.parse(FULL.replace("\n", "\r\n"), SOURCE))
                .isEqualTo(ManifestReader.parse(FULL, SOURCE));
    }

    @Test
    void nestingLimitIsASyntaxError() {
        String deep = "x = " + "[".repeat(2000) + "]".repeat(2000);
        assertThatThrownBy(() -> ManifestReader.parse(deep, SOURCE))
                .isInstanceOf(InvalidManifestException.class)
                .hasMessageContaining("not valid TOML")
                .hasMessageNotContaining("StreamReadConstraints");
    }

    @Test
    void longIntegerGuardIgnoresStringsCommentsAndKeys() {
        PluginManifest m = ManifestReader.parse(MINIMAL + """
                description = "1234567890123456789" # 1234567890123456789
                [config]
                1234567890123456789 = '''1234567890123456789'''
                id = "x"
                small = 123456789012345678
                """, SOURCE);
        assertThat(m.config()).containsEntry("1234567890123456789", "1234567890123456789")
                .containsEntry("small", "123456789012345678");
    }

    @Test
    void bareModuleManifest() {
        PluginManifest m = PluginManifest.forBareModule("echo", "echo.wasm");
        assertThat(m.hostApi()).isEqualTo(VersionRange.ANY);
        assertThat(m.permissions()).isEqualTo(Permissions.NONE);
        assertThat(List.of(m.version().toString())).containsExactly("0.0.0");
    }

    @Test
    void readsTheOtherModulesOfAPluginInManifestOrder() {
        PluginManifest m = ManifestReader.parse(MINIMAL + """
                entrypoint = "bin/main.wasm"

                [modules]
                helpers = "lib/./helpers.wasm"
                "extism:host/user-stub" = "stub.wasm"
                env = "env.wasm"
                """, SOURCE);
        assertThat(m.entrypoint()).isEqualTo("bin/main.wasm");
        assertThat(m.modules()).containsExactly(Map.entry("helpers", "lib/helpers.wasm"),
                Map.entry("extism:host/user-stub", "stub.wasm"), Map.entry("env", "env.wasm"));
        assertThat(ManifestReader.parse(MINIMAL, SOURCE).modules()).as("one module: nothing listed").isEmpty();
    }

    /** Each row: the [modules] entries, the key the error must name, and a fragment of the message. */
    @ParameterizedTest(name = "[{index}] {1}: {2}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
        main = "lib.wasm"                                        | modules.main              | "main" is the main module's name (plugin.entrypoint), as in Extism
        "extism:host/env" = "kernel.wasm"                        | modules."extism:host/env" | "extism:host/env" is the host's own import module
        "extism:host/user" = "user.wasm"                         | modules."extism:host/user" | is the host's own import module
        wasi_snapshot_preview1 = "wasi.wasm"                     | modules.wasi_snapshot_preview1 | is the host's own import module
        lib = "../other/lib.wasm"                                | modules.lib               | must stay inside the plugin directory (no "..")
        lib = "/opt/lib.wasm"                                    | modules.lib               | must be a path relative to the plugin directory
        lib = "lib.so"                                           | modules.lib               | must name a .wasm file
        lib = 3                                                  | modules.lib               | expected the module's file, a string such as "lib/helpers.wasm", found an integer
        lib.core = "core.wasm"                                   | modules.lib               | must be quoted: "my:lib" = "lib.wasm"
        lib = "hello_world.wasm"                                 | modules.lib               | "hello_world.wasm" is the entrypoint, the main module; list only the plugin's other modules here
        a = "lib.wasm"\\nb = "./lib.wasm"                         | modules.b                 | "lib.wasm" is module "a"'s file already; each module needs a file of its own
        "" = "lib.wasm"                                          | modules.""                | "" is not a valid module name
        """)
    void rejectsBadModules(String entries, String key, String fragment) {
        String text = MINIMAL + "\n[modules]\n" + entries.replace("\\n", "\n") + "\n";
        assertThatThrownBy(() -> ManifestReader.parse(text, SOURCE))
                .isInstanceOfSatisfying(InvalidManifestException.class,
                        e -> assertThat(e.key()).isEqualTo(Optional.of(key)))
                .hasMessageContaining(fragment);
    }

    @Test
    void aPluginHasAtMostSixteenModules() {
        StringBuilder modules = new StringBuilder(MINIMAL + "[modules]\n");
        for (int i = 1; i < PluginManifest.MAX_MODULES; i++) {
            modules.append("m").append(i).append(" = \"m").append(i).append(".wasm\"\n");
        }
        assertThat(ManifestReader.parse(modules.toString(), SOURCE).modules()).hasSize(15);
        modules.append("one-more = \"one-more.wasm\"\n");
        assertThatThrownBy(() -> ManifestReader.parse(modules.toString(), SOURCE))
                .hasMessageContaining("modules.one-more: one module too many: a plugin has at most 16 modules");
    }

    @Test
    void reportsEveryProblemOfAManifestAtOnce() {
        String toml = """
                [plugin]
                name = "Bad_Name"
                version = "one"
                colour = "blue"

                [exports.greet]
                input = "xml"

                [config]
                retries = [1, 2]

                [permissions]
                fuel = -5
                memory = "lots"
                net = ["connect:api.example.com:443", "listen"]
                """;
        assertThatThrownBy(() -> ManifestReader.parse(toml, SOURCE))
                .isInstanceOfSatisfying(InvalidManifestException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_MANIFEST);
                    assertThat(e.key()).isEmpty();
                    assertThat(e.problems()).extracting(p -> p.key().orElseThrow()).containsExactly(
                            "plugin.colour", "plugin.name", "plugin.version", "exports.greet.input", "config.retries",
                            "permissions.net[1]", "permissions.memory", "permissions.fuel");
                    assertThat(e.problems()).allSatisfy(p -> assertThat(p.source()).isEqualTo(SOURCE));
                    assertThat(e.getMessage())
                            .startsWith(SOURCE + ": 8 problems: plugin.colour: unknown key")
                            .contains("; plugin.name: \"Bad_Name\" is not a valid plugin name")
                            .contains("; permissions.fuel: must be a positive number of instructions, found -5");
                });
    }

    @Test
    void oneProblemIsReportedAsItselfAndAnUnknownKeyPerTypo() {
        assertThatThrownBy(() -> ManifestReader.parse("[plugin]\nname = \"a\"\nversion = \"0.1.0\"\n"
                        + "[permissions]\nfuell = 5\nmemroy = \"1MB\"\n", SOURCE))
                .isInstanceOfSatisfying(InvalidManifestException.class, e -> assertThat(e.problems())
                        .extracting(p -> p.key().orElseThrow() + ": " + p.problem())
                        .containsExactly(
                                "permissions.fuell: unknown key (did you mean \"fuel\"?); expected one of: " + KEYS,
                                "permissions.memroy: unknown key (did you mean \"memory\"?); expected one of: " + KEYS));
        assertThatThrownBy(() -> ManifestReader.parse("[plugin]\nname = \"a\"\n", SOURCE))
                .isInstanceOfSatisfying(InvalidManifestException.class, e -> {
                    assertThat(e.problems()).containsExactly(e);
                    assertThat(e.getMessage()).isEqualTo(SOURCE
                            + ": plugin.version: missing; every plugin needs one, e.g. version = \"0.1.0\"");
                });
    }

    private static final String KEYS = "fs, net, host-functions, memory, cpu-time, fuel, max-instances,"
            + " table-elements, fs-write-per-call, fs-write-total, http-response-headers, deny, data-dir, env, kv, events";
}
