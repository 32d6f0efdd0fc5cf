package dev.plinth.api.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PermissionRulesTest {

    @ParameterizedTest
    @ValueSource(strings = {"::1", "::", "1::", "2001:db8::1", "2001:db8:0:0:0:0:0:1", "::ffff:192.0.2.1",
        "fe80::1:2:3:4:5:6", "1:2:3:4:5:6:7::"})
    void acceptsIpv6(String address) {
        assertThat(PermissionRules.isIpv6(address)).isTrue();
        assertThat(PermissionRules.net("connect:[" + address + "]:80").host()).isEqualTo("[" + address + "]");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ":", ":::", "1:::2", "1::2::3", "12345::", "1:2:3:4:5:6:7:8:9", "1:2:3:4:5:6:7",
        "::ffff:999.0.0.1", "g::", "1.2.3.4", "::1%eth0"})
    void rejectsWhatIsNotIpv6(String address) {
        assertThat(PermissionRules.isIpv6(address)).isFalse();
    }

    @Test
    void hostNamesAndAddresses() {
        assertThat(PermissionRules.isHostName("localhost")).isTrue();
        assertThat(PermissionRules.isHostName("a-b.example.co.uk")).isTrue();
        assertThat(PermissionRules.isHostName("10.0.0.1")).isTrue();
        assertThat(PermissionRules.isHostName("10.0.0")).isFalse();
        assertThat(PermissionRules.isHostName("010.0.0.1")).isFalse();
        assertThat(PermissionRules.isHostName("256.0.0.1")).isFalse();
        assertThat(PermissionRules.isHostName("a..b")).isFalse();
        assertThat(PermissionRules.isHostName("example.com.")).isFalse();
        assertThat(PermissionRules.isHostName("under_score.com")).isFalse();
        assertThat(PermissionRules.isHostName("x".repeat(64) + ".com")).isFalse();
    }

    @Test
    void netRulesRoundTrip() {
        for (String rule : new String[] {"connect:api.example.com:443", "connect:*.example.com:*", "listen:*",
            "listen:127.0.0.1:8080", "connect:[::1]:80", "connect:*:1", "connect:h:65535"}) {
            assertThat(PermissionRules.net(rule)).hasToString(rule);
        }
    }

    @Test
    void netRulesTakeExtismGlobs() {
        for (String rule : new String[] {"connect:google.*:443", "connect:jsonplaceholder.*.com:*",
            "connect:api-?.example.com:80", "connect:api[0-9].example.com:80", "connect:10.0.0.*:80"}) {
            assertThat(PermissionRules.net(rule)).hasToString(rule);
        }
        assertThat(PermissionRules.net("connect:Google.*:443").host()).isEqualTo("google.*");
    }

    @Test
    void netRulesWithUrlsPortsOrPathsAreRefusedClearly() {
        assertThatThrownBy(() -> PermissionRules.net("connect:https://google.com:443"))
                .hasMessageContaining("a rule names a host and a port, not a URL");
        assertThatThrownBy(() -> PermissionRules.net("connect:google.com:443:443"))
                .hasMessageContaining("a rule has one port, at the end");
        assertThatThrownBy(() -> PermissionRules.net("connect:google.com/x:443"))
                .hasMessageContaining("has no path");
        assertThatThrownBy(() -> PermissionRules.net("connect::443"))
                .hasMessageContaining("the host is empty");
        assertThatThrownBy(() -> PermissionRules.net("connect:*.*:443"))
                .hasMessageContaining("would match (nearly) every host");
    }

    @Test
    void fsRulesAreNormalized() {
        assertThat(PermissionRules.fs("read:/")).hasToString("read:/");
        assertThat(PermissionRules.fs("read:///")).hasToString("read:/");
        assertThat(PermissionRules.fs("write:/a/./b//c/")).hasToString("write:/a/b/c");
        assertThat(PermissionRules.fs("read:/a/..b/c..")).hasToString("read:/a/..b/c..");
        assertThatThrownBy(() -> PermissionRules.fs("read:/a/..")).hasMessageContaining("\"..\"");
        assertThatThrownBy(() -> PermissionRules.fs("READ:/a")).hasMessageContaining("is not a file-system rule");
        assertThatThrownBy(() -> PermissionRules.fs("read:/a\u0000b")).hasMessageContaining("control character");
    }

    /**
     * Any wasm import name, case-sensitive, in any namespace (was: lowercase names of at most 64
     * characters under extism:host/user only, which refused what Go and .NET PDK plugins import).
     */
    @Test
    void fsRulesMayMapAHostDirectoryOntoAGuestPath() {
        FsPermission mapped = PermissionRules.fs("read:/srv/tenant-a//data/:/data/");
        assertThat(mapped.path()).isEqualTo("/data");
        assertThat(mapped.hostPath()).isEqualTo("/srv/tenant-a/data");
        assertThat(mapped.mapped()).isTrue();
        assertThat(mapped).hasToString("read:/srv/tenant-a/data:/data");
        assertThat(PermissionRules.fs("write:/srv/x:/")).hasToString("write:/srv/x:/");
        assertThat(PermissionRules.fs("read:/data:/data").mapped()).isFalse();
        assertThat(PermissionRules.fs("read:/a:b").path()).isEqualTo("/a:b");
        assertThatThrownBy(() -> PermissionRules.fs("read:/srv/../etc:/data")).hasMessageContaining("\"..\"");
        assertThatThrownBy(() -> PermissionRules.fs("read:/srv/x:/data/../..")).hasMessageContaining("\"..\"");
        assertThatThrownBy(() -> PermissionRules.unmappedFs("read:/srv/x:/data", "a plugin's ask"))
                .hasMessageContaining("maps a host directory onto another guest path, which a plugin's ask cannot do")
                .hasMessageContaining("write \"read:/data\"");
        assertThat(PermissionRules.unmappedFs("read:/data", "a deny rule")).hasToString("read:/data");
    }

    @Test
    void hostFunctionNames() {
        assertThat(PermissionRules.hostFunction("kv_get-2")).isEqualTo("kv_get-2");
        assertThat(PermissionRules.hostFunction("_x")).isEqualTo("_x");
        assertThat(PermissionRules.hostFunction("x".repeat(65))).isEqualTo("x".repeat(65));
        assertThat(PermissionRules.hostFunction("host::hostGreenMessage")).isEqualTo("host::hostGreenMessage");
        assertThat(PermissionRules.hostFunction("extism:host/user::lookup-price"))
                .as("the default namespace, written out").isEqualTo("lookup-price");
        assertThatThrownBy(() -> PermissionRules.hostFunction("")).hasMessageContaining("must not be empty");
        assertThatThrownBy(() -> PermissionRules.hostFunction("host::")).hasMessageContaining("name must not be empty");
        assertThatThrownBy(() -> PermissionRules.hostFunction("x".repeat(256))).hasMessageContaining("longer than 255");
        assertThatThrownBy(() -> PermissionRules.hostFunction("a\nb")).hasMessageContaining("control character");
        assertThatThrownBy(() -> PermissionRules.hostFunction("extism:host/env::alloc"))
                .hasMessageContaining("the host's own");
        assertThatThrownBy(() -> PermissionRules.hostFunction("*")).hasMessageContaining("every host function");
    }
}
