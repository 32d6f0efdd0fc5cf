package dev.plinth.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.plinth.api.error.ErrorCode;
import dev.plinth.api.error.InvalidPolicyException;
import dev.plinth.api.unit.DataSize;
import dev.plinth.security.policy.ClockAccess;
import dev.plinth.security.policy.GrantLimits;
import dev.plinth.security.policy.Limit;
import dev.plinth.security.policy.PluginGrant;
import dev.plinth.security.policy.RandomSource;
import dev.plinth.security.policy.SecurityPolicy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PolicyReaderTest {
    static final String EXAMPLE = """
            [deny]
            fs = ["read:/etc", "write:/etc"]
            net = ["listen:*"]
            [ceilings]
            memory = "256MB"
            cpu-time = "10s"
            fuel = 5_000_000_000
            max-instances = 8
            [default]            # plugins not named below
            memory = "64MB"
            [plugins.image-processor]
            fs = ["read:/data/images", "write:/tmp/plugin-cache"]
            net = ["connect:api.example.com:443"]
            host-functions = ["lookup-price"]
            memory = "128MB"
            """;

    @Test
    void readsTheExample() {
        SecurityPolicy p = PolicyReader.parse(EXAMPLE, "policy.toml");
        assertThat(p.deny().fs()).map(Object::toString).containsExactly("read:/etc", "write:/etc");
        assertThat(p.deny().net()).map(Object::toString).containsExactly("listen:*");
        assertThat(p.ceilings().memory()).isEqualTo(DataSize.ofMegabytes(256));
        assertThat(p.ceilings().cpuTime()).isEqualTo(Duration.ofSeconds(10));
        assertThat(p.ceilings().fuel()).isEqualTo(5_000_000_000L);
        assertThat(p.ceilings().maxInstances()).isEqualTo(8);
        assertThat(p.ceilings().maxInput()).isEqualTo(GrantLimits.CONSERVATIVE.maxInput());
        assertThat(p.defaultGrant().memory()).contains(DataSize.ofMegabytes(64));
        assertThat(p.defaultGrant().fs()).isEmpty();
        PluginGrant g = p.grantFor("image-processor");
        assertThat(g.fs()).map(Object::toString).containsExactly("read:/data/images", "write:/tmp/plugin-cache");
        assertThat(g.net()).map(Object::toString).containsExactly("connect:api.example.com:443");
        assertThat(g.hostFunctions()).containsExactly("lookup-price");
        assertThat(g.memory()).contains(DataSize.ofMegabytes(128));
        assertThat(p.grantFor("someone-else")).isSameAs(p.defaultGrant());
    }

    @Test
    void readsTheLimitsOfHostWork() {
        SecurityPolicy p = PolicyReader.parse("""
                [ceilings]
                max-module-size = "8MB"
                max-functions = 2000
                compile-timeout = "10s"
                max-log-bytes = "16KB"
                fs-write-total = "10GB"
                [plugins.image-processor]
                table-elements = 5000
                fs-write-per-call = "1MB"
                """, "policy.toml");
        assertThat(p.ceilings().get(Limit.MAX_MODULE_SIZE)).isEqualTo(DataSize.ofMegabytes(8).toBytes());
        assertThat(p.ceilings().get(Limit.MAX_FUNCTIONS)).isEqualTo(2000);
        assertThat(p.ceilings().get(Limit.COMPILE_TIMEOUT)).isEqualTo(Duration.ofSeconds(10).toNanos());
        assertThat(p.ceilings().get(Limit.MAX_LOG_BYTES)).isEqualTo(16 * 1024);
        assertThat(p.ceilings().get(Limit.FS_WRITE_TOTAL)).isEqualTo(DataSize.ofGigabytes(10).toBytes());
        assertThat(p.ceilings().get(Limit.MAX_NESTING)).as("what the file leaves alone stays conservative")
                .isEqualTo(GrantLimits.CONSERVATIVE.get(Limit.MAX_NESTING));
        assertThat(p.grantFor("image-processor").limit(Limit.TABLE_ELEMENTS)).hasValue(5000);
        assertThat(p.grantFor("image-processor").limit(Limit.FS_WRITE_PER_CALL)).hasValue(1024 * 1024);
    }

    @Test
    void anEmptyFileIsTheStrictPolicy() {
        assertThat(PolicyReader.parse("", "p.toml")).isEqualTo(SecurityPolicy.STRICT);
    }

    @Test
    void denyKeepsTheDefaultsOfKindsNotGiven() {
        SecurityPolicy p = PolicyReader.parse("[deny]\nfs = []\n", "p.toml");
        assertThat(p.deny().fs()).isEmpty();
        assertThat(p.deny().net()).isEqualTo(SecurityPolicy.DEFAULT_DENY.net());
    }

    @Test
    void starGrantsAskedHostFunctions() {
        SecurityPolicy p = PolicyReader.parse("[default]\nhost-functions = [\"*\"]\n", "p.toml");
        assertThat(p.defaultGrant().askedHostFunctions()).isTrue();
    }

    @Test
    void clockAndRandomAreFrozenAndSeededUnlessGranted() {
        SecurityPolicy p = PolicyReader.parse("""
                [plugins.clocked]
                clock = "real"
                random = "secure"
                """, "p.toml");
        assertThat(p.grantFor("clocked").clock()).isEqualTo(ClockAccess.REAL);
        assertThat(p.grantFor("clocked").random()).isEqualTo(RandomSource.SECURE);
        assertThat(p.grantFor("other").clock()).isEqualTo(ClockAccess.FROZEN);
        assertThat(p.grantFor("other").random()).isEqualTo(RandomSource.SEEDED);
    }

    @Test
    void aGrantMayMapHostDirectoriesOntoGuestPaths() {
        SecurityPolicy p = PolicyReader.parse("""
                [plugins.tenant-a]
                fs = ["read:/srv/tenant-a/data:/data", "write:/srv/tenant-a/cache:/tmp"]
                """, "p.toml");
        assertThat(p.grantFor("tenant-a").fs()).map(Object::toString)
                .containsExactly("read:/srv/tenant-a/data:/data", "write:/srv/tenant-a/cache:/tmp");
    }

    @Test
    void responseHeadersAreGrantedOnlyWhenWritten() {
        SecurityPolicy p = PolicyReader.parse("""
                [plugins.reader]
                http-response-headers = true
                """, "p.toml");
        assertThat(p.grantFor("reader").httpResponseHeaders()).isTrue();
        assertThat(p.grantFor("other").httpResponseHeaders()).isFalse();
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', value = {
        "[default]\\nhttp-response-headers = \"yes\"       | p.toml: default.http-response-headers: expected true or false, found a string",
        "[default]\\nfs = [\"read:/srv/a:/data\", \"write:/srv/b:/data\"] | p.toml: default.fs: fs rules read:/srv/a:/data and write:/srv/b:/data map two host directories (/srv/a and /srv/b) onto the same guest path /data",
        "[deny]\\nfs = [\"read:/srv/a:/data\"]              | p.toml: deny.fs[0]: \"read:/srv/a:/data\" maps a host directory onto another guest path, which a deny rule cannot do",
        "[ceilings]\\nmemory = 256                            | p.toml: ceilings.memory: expected a string such as \"64MB\", found an integer",
        "[ceilings]\\nmemory = \"lots\"                       | p.toml: ceilings.memory: ",
        "[ceilings]\\nmemory = \"8GB\"                        | p.toml: ceilings.memory: \"8GB\" is more than 4GB",
        "[ceilings]\\ncpu-time = \"0s\"                       | p.toml: ceilings.cpu-time: must be more than 0",
        "[ceilings]\\nfuel = -1                               | p.toml: ceilings.fuel: must be a positive number",
        "[ceilings]\\nmax-instances = 5000                    | p.toml: ceilings.max-instances: must be between 1 and 1024",
        "[ceilings]\\nmemroy = \"1MB\"                        | p.toml: ceilings.memroy: unknown key (did you mean \"memory\"?)",
        "[ceiling]\\nmemory = \"1MB\"                         | p.toml: ceiling: unknown key (did you mean \"ceilings\"?)",
        "[deny]\\nfs = [\"read:etc\"]                         | p.toml: deny.fs[0]: \"read:etc\" is not a file-system rule",
        "[deny]\\nnet = [\"connect:host\"]                    | p.toml: deny.net[0]: \"connect:host\" is not a network rule",
        "[plugins.image-processor]\\nnet = [\"x\"]            | p.toml: plugins.image-processor.net[0]: \"x\" is not a network rule",
        "[plugins.image-processor]\\nhost-functions = [\"\"] | p.toml: plugins.image-processor.host-functions[0]: \"\" is not a host-function name: a host-function name must not be empty",
        "[plugins.image-processor]\\nhost-functions = [\"extism:host/env::alloc\"] | p.toml: plugins.image-processor.host-functions[0]: \"extism:host/env::alloc\" is not a host-function name: host-function namespace \"extism:host/env\" is the host's own",
        "[plugins.Bad_Name]\\nmemory = \"1MB\"                | p.toml: plugins.Bad_Name: is not a valid plugin name",
        "[plugins]\\nfoo = 1                                  | p.toml: plugins.foo: expected a table, found an integer",
        "[default]\\nfs = \"read:/data\"                      | p.toml: default.fs: expected an array of strings",
        "[default]\\nmax-input = \"3GB\"                      | p.toml: default.max-input: \"3GB\" is more than",
        "[ceilings]\\nmax-functions = 0                       | p.toml: ceilings.max-functions: must be a positive number, found 0",
        "[ceilings]\\nmax-nesting = 3000000000                | p.toml: ceilings.max-nesting: must be at most 2147483647",
        "[default]\\ncompile-timeout = \"0s\"                 | p.toml: default.compile-timeout: must be more than 0",
        "[default]\\nclock = \"wall\"                       | p.toml: default.clock: \"wall\" is not a clock access; use \"frozen\" or \"real\"",
        "[default]\\nrandom = true                          | p.toml: default.random: expected a string such as \"secure\"",
        "[default\\nfs = []                                   | p.toml: not valid TOML",
        "fuel = 12345678901234567890                          | p.toml: line 1: the integer 12345678901234567890 has 20 digits",
    })
    void badInputNamesFileAndKey(String text, String message) {
        assertThatThrownBy(() -> PolicyReader.parse(text.replace("\\n", "\n"), "p.toml"))
                .isInstanceOf(InvalidPolicyException.class)
                .hasMessageStartingWith(message)
                .satisfies(e -> assertThat(((InvalidPolicyException) e).code()).isEqualTo(ErrorCode.INVALID_MANIFEST));
    }

    @Test
    void readsFilesAndNamesMissingOnes(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("policy.toml");
        Files.writeString(file, EXAMPLE);
        assertThat(PolicyReader.read(file).plugins()).containsKey("image-processor");
        assertThatThrownBy(() -> PolicyReader.read(dir.resolve("nope.toml")))
                .isInstanceOf(InvalidPolicyException.class)
                .hasMessage(dir.resolve("nope.toml") + ": file not found");
    }
}
