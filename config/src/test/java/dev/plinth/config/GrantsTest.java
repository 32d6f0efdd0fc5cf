package dev.plinth.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plinth.api.manifest.DenyRules;
import dev.plinth.api.manifest.PermissionRules;
import dev.plinth.api.manifest.PluginManifest;
import dev.plinth.api.unit.DataSize;
import dev.plinth.config.ManifestReader;
import dev.plinth.security.policy.EffectiveGrants;
import dev.plinth.security.policy.GrantDifference;
import dev.plinth.security.policy.GrantLimits;
import dev.plinth.security.policy.Grants;
import dev.plinth.security.policy.Limit;
import dev.plinth.security.policy.PluginGrant;
import dev.plinth.security.policy.SecurityPolicy;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GrantsTest {

    private static PluginManifest manifest(String permissions) {
        return ManifestReader.parse("""
                [plugin]
                name = "image-processor"
                version = "0.1.0"
                [permissions]
                """ + permissions, "<test>");
    }

    private static EffectiveGrants fsCase(String asked, String granted) {
        PluginGrant.Builder g = PluginGrant.builder();
        if (!granted.isEmpty()) {
            g.fs(PermissionRules.fs(granted));
        }
        SecurityPolicy policy = SecurityPolicy.STRICT.withGrant("image-processor", g.build());
        return Grants.effective(manifest("fs = [\"" + asked + "\"]"), policy);
    }

    @ParameterizedTest(name = "asked {0}, granted {1} -> {2} ({3})")
    @CsvSource(delimiter = '|', value = {
        // asked                  | granted               | effective            | difference
        "read:/data/images        | read:/data            | read:/data/images    | ''",
        "read:/data               | read:/data            | read:/data           | ''",
        "read:/data               | read:/data/images     | read:/data/images    | narrowed",
        "read:/database           | read:/data            | ''                   | not-granted",
        "read:/data               | ''                    | ''                   | not-granted",
        "read:/data/x             | write:/data           | read:/data/x         | ''",
        "write:/data/x            | read:/data            | read:/data/x         | narrowed",
        "write:/tmp/cache         | write:/tmp            | write:/tmp/cache     | ''",
        "read:/etc/passwd         | read:/                | ''                   | denied",
        "write:/etc/x             | write:/etc            | ''                   | denied",
        "read:/                   | read:/                | read:/               | ''",
        "read:/data/images        | read:/srv/t/data:/data | read:/srv/t/data/images:/data/images | ''",
        "read:/data               | read:/srv/t/data:/data | read:/srv/t/data:/data | ''",
        "read:/                   | read:/srv/t/data:/data | read:/srv/t/data:/data | narrowed",
        "write:/data/x            | read:/srv/t/data:/data | read:/srv/t/data/x:/data/x | narrowed",
        "read:/srv/t/data         | read:/srv/t/data:/data | ''                   | not-granted",
        "read:/data               | read:/etc:/data       | ''                   | denied",
        "read:/etc/x              | read:/srv/t:/etc      | read:/srv/t/x:/etc/x | ''",
        "read:/data               | read:/srv/t:/         | read:/srv/t/data:/data | ''",
    })
    void fileSystemRules(String asked, String granted, String effective, String reason) {
        EffectiveGrants g = fsCase(asked, granted);
        assertThat(g.fs()).map(Object::toString)
                .containsExactlyElementsOf(effective.isEmpty() ? List.of() : List.of(effective));
        if (reason.isEmpty()) {
            assertThat(g.notGranted()).isEmpty();
        } else {
            assertThat(g.notGranted()).singleElement()
                    .satisfies(d -> assertThat(d.reason().code()).isEqualTo(reason))
                    .satisfies(d -> assertThat(d.asked()).isEqualTo(asked));
        }
    }

    @Test
    void readOfRootKeepsTheDenyRulesForTheSandbox() {
        EffectiveGrants g = fsCase("read:/", "read:/");
        assertThat(g.deny().fs()).map(Object::toString).contains("read:/etc", "write:/home");
        assertThat(g.deny().net()).map(Object::toString).containsExactly("listen:*");
    }

    @Test
    void writeOnlyDenyLeavesRead() {
        SecurityPolicy policy = SecurityPolicy.STRICT.toBuilder()
                .deny(new dev.plinth.api.manifest.DenyRules(List.of(PermissionRules.fs("write:/srv")), List.of()))
                .grant("image-processor", PluginGrant.builder().fs(PermissionRules.fs("write:/srv")).build()).build();
        EffectiveGrants g = Grants.effective(manifest("fs = [\"write:/srv/a\"]"), policy);
        assertThat(g.fs()).map(Object::toString).containsExactly("read:/srv/a");
        assertThat(g.notGranted()).singleElement().satisfies(d -> {
            assertThat(d.reason()).isEqualTo(GrantDifference.Reason.NARROWED);
            assertThat(d.detail()).contains("write:/srv");
        });
    }

    @Test
    void manifestDenyRulesApplyToo() {
        SecurityPolicy policy = SecurityPolicy.STRICT.withGrant("image-processor",
                PluginGrant.builder().fs(PermissionRules.fs("read:/data")).build());
        EffectiveGrants g = Grants.effective(manifest("""
                fs = ["read:/data/secret", "read:/data/public"]
                [permissions.deny]
                fs = ["read:/data/secret"]
                """), policy);
        assertThat(g.fs()).map(Object::toString).containsExactly("read:/data/public");
        assertThat(g.notGranted()).singleElement().satisfies(d -> {
            assertThat(d.reason()).isEqualTo(GrantDifference.Reason.DENIED);
            assertThat(d.detail()).contains("manifest's own deny rule read:/data/secret");
        });
        assertThat(g.deny().fs()).map(Object::toString).contains("read:/data/secret", "read:/etc");
    }

    @ParameterizedTest(name = "asked {0}, granted {1} -> {2} ({3})")
    @CsvSource(delimiter = '|', value = {
        "connect:api.example.com:443   | connect:api.example.com:443 | connect:api.example.com:443 | ''",
        "connect:api.example.com:443   | connect:*.example.com:443   | connect:api.example.com:443 | ''",
        "connect:a.b.example.com:443   | connect:*.example.com:*     | connect:a.b.example.com:443 | ''",
        "connect:example.com:443       | connect:*.example.com:443   | ''                          | not-granted",
        "connect:api.example.com:80    | connect:api.example.com:443 | ''                          | not-granted",
        "connect:api.example.com:*     | connect:api.example.com:443 | connect:api.example.com:443 | narrowed",
        "connect:*.example.com:443     | connect:api.example.com:443 | connect:api.example.com:443 | narrowed",
        "connect:*.example.com:443     | connect:*:443               | connect:*.example.com:443   | ''",
        "connect:*:443                 | connect:*.example.com:443   | connect:*.example.com:443   | narrowed",
        "connect:evil.org:443          | connect:*.example.com:*     | ''                          | not-granted",
        "listen:*                      | listen:*                    | ''                          | denied",
        "listen:0.0.0.0:8080           | listen:*                    | ''                          | denied",
        "connect:10.0.0.5:5432         | connect:10.0.0.5:5432       | connect:10.0.0.5:5432       | ''",
        "connect:google.com:443        | connect:google.*:443        | connect:google.com:443      | ''",
        "connect:google.com.evil.net:443 | connect:google.*:443      | connect:google.com.evil.net:443 | ''",
        "connect:google.co.*:443       | connect:google.*:*          | connect:google.co.*:443     | ''",
        "connect:google.*:443          | connect:google.com:443      | connect:google.com:443      | narrowed",
        "connect:google.*:443          | connect:*.google.com:443    | ''                          | not-granted",
        "connect:api-?.example.com:443 | connect:*.example.com:443   | connect:api-?.example.com:443 | ''",
        "connect:api-[0-9].example.com:443 | connect:api-?.example.com:443 | connect:api-[0-9].example.com:443 | ''",
        "connect:api-?.example.com:443 | connect:api-[0-9].example.com:443 | connect:api-[0-9].example.com:443 | narrowed",
        "connect:api-?.example.com:443 | connect:api-?.other.com:443 | ''                        | not-granted",
        "connect:jsonplaceholder.*.com:* | connect:*:443             | connect:jsonplaceholder.*.com:443 | narrowed",
    })
    void networkRules(String asked, String granted, String effective, String reason) {
        SecurityPolicy policy = SecurityPolicy.STRICT.withGrant("image-processor",
                PluginGrant.builder().net(PermissionRules.net(granted)).build());
        EffectiveGrants g = Grants.effective(manifest("net = [\"" + asked + "\"]"), policy);
        assertThat(g.net()).map(Object::toString)
                .containsExactlyElementsOf(effective.isEmpty() ? List.of() : List.of(effective));
        if (reason.isEmpty()) {
            assertThat(g.notGranted()).isEmpty();
        } else {
            assertThat(g.notGranted()).singleElement()
                    .satisfies(d -> assertThat(d.reason().code()).isEqualTo(reason));
        }
    }

    /** A manifest's own deny rules name what the plugin sees; the sandbox gets them on the host. */
    @Test
    void aManifestsDenyRuleFollowsAMappedGrantOntoTheHost() {
        SecurityPolicy policy = SecurityPolicy.STRICT.withGrant("image-processor",
                PluginGrant.builder().fs(PermissionRules.fs("read:/srv/t/data:/data")).build());
        EffectiveGrants g = Grants.effective(manifest("""
                fs = ["read:/data"]
                [permissions.deny]
                fs = ["read:/data/secret", "read:/elsewhere"]
                """), policy);
        assertThat(g.fs()).map(Object::toString).containsExactly("read:/srv/t/data:/data");
        assertThat(g.deny().fs()).map(Object::toString).contains("read:/srv/t/data/secret", "read:/elsewhere")
                .doesNotContain("read:/data/secret");
    }

    /** The deepest covering grant places an ask, as WASI resolves a path through the deepest mount. */
    @Test
    void anAskIsPlacedOnTheDeepestGrantThatCoversIt() {
        SecurityPolicy policy = SecurityPolicy.STRICT.withGrant("image-processor", PluginGrant.builder()
                .fs(PermissionRules.fs("read:/srv/root:/")).fs(PermissionRules.fs("read:/srv/t/data:/data")).build());
        EffectiveGrants g = Grants.effective(manifest("fs = [\"read:/data/x\", \"read:/other\"]"), policy);
        assertThat(g.fs()).map(Object::toString)
                .containsExactly("read:/srv/t/data/x:/data/x", "read:/srv/root/other:/other");
    }

    @Test
    void aBareModuleGetsItsGrantAsItStandsLessTheDenyRules() {
        PluginGrant grant = PluginGrant.builder()
                .fs(PermissionRules.fs("read:/srv/t/data:/data"))
                .fs(PermissionRules.fs("write:/srv/t/cache:/cache"))
                .fs(PermissionRules.fs("read:/etc"))
                .net(PermissionRules.net("connect:jsonplaceholder.*.com:443"))
                .hostFunction("lookup-price")
                .httpResponseHeaders(true)
                .memory(DataSize.ofMegabytes(48))
                .build();
        SecurityPolicy policy = SecurityPolicy.STRICT.withGrant("extism-plugin", grant);

        EffectiveGrants bare = Grants.effective(PluginManifest.forBareModule("extism-plugin", "extism-plugin.wasm"),
                policy);
        assertThat(bare.fs()).map(Object::toString).containsExactly("read:/srv/t/data:/data", "write:/srv/t/cache:/cache");
        assertThat(bare.net()).map(Object::toString).containsExactly("connect:jsonplaceholder.*.com:443");
        assertThat(bare.hostFunctions()).containsExactly("lookup-price");
        assertThat(bare.httpResponseHeaders()).isTrue();
        assertThat(bare.limits().memory()).isEqualTo(DataSize.ofMegabytes(48));
        assertThat(bare.notGranted()).singleElement().satisfies(d -> {
            assertThat(d.asked()).isEqualTo("read:/etc");
            assertThat(d.reason()).isEqualTo(GrantDifference.Reason.DENIED);
        });

        // the same grant to a plugin whose manifest asks for nothing gives it nothing
        EffectiveGrants asksNothing = Grants.effective(ManifestReader.parse("""
                [plugin]
                name = "extism-plugin"
                version = "1.0.0"
                """, "<test>"), policy);
        assertThat(asksNothing.fs()).isEmpty();
        assertThat(asksNothing.net()).isEmpty();
        assertThat(asksNothing.hostFunctions()).isEmpty();
        assertThat(asksNothing.httpResponseHeaders()).isFalse();
    }

    @Test
    void aBareModuleWithoutAGrantGetsNothingAndItsCeilingsStillCap() {
        SecurityPolicy policy = SecurityPolicy.STRICT.withGrant("extism-plugin",
                PluginGrant.builder().memory(DataSize.ofGigabytes(2)).build());
        EffectiveGrants bare = Grants.effective(PluginManifest.forBareModule("extism-plugin", "x.wasm"), policy);
        assertThat(bare.fs()).isEmpty();
        assertThat(bare.limits().memory()).isEqualTo(GrantLimits.CONSERVATIVE.memory());
        assertThat(Grants.effective(PluginManifest.forBareModule("other", "other.wasm"), policy).fs()).isEmpty();
    }

    @Test
    void responseHeadersNeedTheAskAndTheGrant() {
        SecurityPolicy granting = SecurityPolicy.STRICT.withGrant("image-processor",
                PluginGrant.builder().httpResponseHeaders(true).build());

        assertThat(Grants.effective(manifest("http-response-headers = true"), granting).httpResponseHeaders()).isTrue();
        assertThat(Grants.effective(manifest(""), granting).httpResponseHeaders()).isFalse();
        EffectiveGrants refused = Grants.effective(manifest("http-response-headers = true"), SecurityPolicy.STRICT);
        assertThat(refused.httpResponseHeaders()).isFalse();
        assertThat(refused.notGranted("http-response-headers")).singleElement()
                .satisfies(d -> assertThat(d.reason()).isEqualTo(GrantDifference.Reason.NOT_GRANTED));
        assertThat(refused.describe()).containsPattern("http headers: +not returned");
    }

    @Test
    void hostFunctionsAreIntersectedByName() {
        SecurityPolicy policy = SecurityPolicy.STRICT.withGrant("image-processor",
                PluginGrant.builder().hostFunction("lookup-price").hostFunction("other").build());
        EffectiveGrants g = Grants.effective(manifest("host-functions = [\"lookup-price\", \"send-mail\"]"), policy);
        assertThat(g.hostFunctions()).containsExactly("lookup-price");
        assertThat(g.notGranted()).singleElement().satisfies(d -> {
            assertThat(d.kind()).isEqualTo("host-function");
            assertThat(d.asked()).isEqualTo("send-mail");
            assertThat(d.reason()).isEqualTo(GrantDifference.Reason.NOT_GRANTED);
        });
    }

    @Test
    void strictUnderHostLimitsGrantsNothingAndCapsAsksAtTheHostsLimits() {
        GrantLimits host = GrantLimits.CONSERVATIVE.toBuilder().memory(DataSize.ofMegabytes(96)).build();
        EffectiveGrants g = Grants.effective(manifest("""
                host-functions = ["lookup-price"]
                fs = ["read:/data"]
                net = ["connect:api.example.com:443"]
                memory = "128MB"
                cpu-time = "2s"
                """), SecurityPolicy.strictUnder(host), host);
        assertThat(g.hostFunctions()).isEmpty();
        assertThat(g.fs()).isEmpty();
        assertThat(g.net()).isEmpty();
        assertThat(g.limits().memory()).isEqualTo(DataSize.ofMegabytes(96));
        assertThat(g.limits().cpuTime()).isEqualTo(Duration.ofSeconds(2));
        assertThat(g.notGranted()).extracting(GrantDifference::kind)
                .containsExactly("fs", "net", "host-function", "memory");
    }

    @Test
    void strictPolicyGrantsNothing() {
        EffectiveGrants g = Grants.effective(manifest("host-functions = [\"lookup-price\"]"), SecurityPolicy.STRICT);
        assertThat(g.hostFunctions()).isEmpty();
        assertThat(g.limits()).isEqualTo(GrantLimits.CONSERVATIVE);
    }

    @ParameterizedTest(name = "{0}: asked {1}, granted {2}, ceiling {3} -> {4}")
    @CsvSource(delimiter = '|', value = {
        // limit   | asked | granted | ceiling | effective | reason
        "memory    | 128MB | ''      | 256MB   | 128MB     | ''",
        "memory    | 512MB | ''      | 256MB   | 256MB     | capped",
        "memory    | 128MB | 96MB    | 256MB   | 96MB      | capped",
        "memory    | 32MB  | 96MB    | 256MB   | 32MB      | ''",
        "memory    | ''    | 96MB    | 256MB   | 96MB      | ''",
        "memory    | ''    | ''      | 256MB   | 64MB      | ''",
        "memory    | ''    | 512MB   | 256MB   | 256MB     | ''",
        "memory    | 1GB   | 512MB   | 256MB   | 256MB     | capped",
        "cpu-time  | 30s   | 10s     | 1m      | 10s       | capped",
        "cpu-time  | 2s    | ''      | 1m      | 2s        | ''",
        "cpu-time  | ''    | ''      | 1s      | 1s        | ''",
        "fuel      | 50    | 40      | 100     | 40        | capped",
        "max-instances | 8 | ''      | 4       | 4         | capped",
    })
    void limitsAreCappedByGrantAndCeiling(String key, String asked, String granted, String ceiling,
            String effective, String reason) {
        Limit l = Limit.byKey(key);
        GrantLimits ceilings = GrantLimits.CONSERVATIVE.toBuilder().set(l, value(l, ceiling)).build();
        PluginGrant.Builder grant = PluginGrant.builder();
        if (!granted.isEmpty()) {
            grant.limit(l, value(l, granted));
        }
        SecurityPolicy policy = SecurityPolicy.STRICT.toBuilder().ceilings(ceilings)
                .grant("image-processor", grant.build()).build();
        String ask = asked.isEmpty() ? "" : key + " = " + (l.unit() == Limit.Unit.COUNT ? asked : "\"" + asked + "\"");
        EffectiveGrants g = Grants.effective(manifest(ask), policy);
        assertThat(g.limits().get(l)).isEqualTo(value(l, effective));
        if (reason.isEmpty()) {
            assertThat(g.notGranted()).isEmpty();
        } else {
            assertThat(g.notGranted()).singleElement().satisfies(d -> {
                assertThat(d.kind()).isEqualTo(key);
                assertThat(d.reason().code()).isEqualTo(reason);
                assertThat(d.granted()).containsExactly(l.format(value(l, effective)));
            });
        }
    }

    @Test
    void anOverridingGrantBeatsTheAskUpToTheCeiling() {
        PluginGrant grant = PluginGrant.builder().override(Limit.CPU_TIME, Duration.ofMillis(200).toNanos())
                .override(Limit.MEMORY, DataSize.ofMegabytes(512).toBytes()).build();
        SecurityPolicy policy = SecurityPolicy.STRICT.withGrant("image-processor", grant);
        EffectiveGrants g = Grants.effective(manifest("cpu-time = \"30s\"\nmemory = \"16MB\""), policy);
        assertThat(g.limits().cpuTime()).isEqualTo(Duration.ofMillis(200));
        assertThat(g.limits().memory()).isEqualTo(DataSize.ofMegabytes(64));
        assertThat(g.notGranted()).singleElement().satisfies(d -> {
            assertThat(d.kind()).isEqualTo("cpu-time");
            assertThat(d.reason()).isEqualTo(GrantDifference.Reason.OVERRIDDEN);
        });
    }

    @Test
    void describesWellAndHasAStructuredForm() {
        SecurityPolicy policy = SecurityPolicy.STRICT.withGrant("image-processor", PluginGrant.builder()
                .fs(PermissionRules.fs("read:/data/images")).hostFunction("lookup-price").build());
        EffectiveGrants g = Grants.effective(manifest("""
                fs = ["read:/data", "write:/tmp/plugin-cache"]
                host-functions = ["lookup-price"]
                memory = "128MB"
                """), policy);
        String text = g.describe();
        assertThat(text).startsWith("effective grants of image-processor:\n")
                .contains("  fs:              read:/data/images\n")
                .contains("  host-functions:  lookup-price\n")
                .contains("  memory:          64MB\n")
                .contains("asked but not granted:\n")
                .contains("  fs read:/data: narrowed to read:/data/images")
                .contains("  fs write:/tmp/plugin-cache: not granted")
                .contains("  memory 128MB: capped at the ceiling 64MB");
        assertThat(g.toString()).isEqualTo(text);
        assertThat(g.toMap()).containsKeys("plugin", "fs", "net", "hostFunctions", "deny", "limits", "limitValues",
                "notGranted");
        assertThat(g.toMap().get("limits")).asString().contains("memory", "cpuTime", "maxInstances");
        assertThat(g.toMap().get("fs")).isEqualTo(List.of("read:/data/images"));
    }

    private static long value(Limit l, String text) {
        return switch (l.unit()) {
            case BYTES -> DataSize.parse(text).toBytes();
            case NANOS -> dev.plinth.api.unit.DurationText.parse(text).toNanos();
            case COUNT -> Long.parseLong(text);
        };
    }
}
