package dev.plinth.api.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** How manifests, policies and the Java API name a host function: namespace and import name. */
class HostFunctionNameTest {

    @Test
    void aBareNameIsInExtismsUserNamespace() {
        HostFunctionName name = HostFunctionName.parse("lookup-price");
        assertThat(name.namespace()).isEqualTo("extism:host/user");
        assertThat(name.name()).isEqualTo("lookup-price");
        assertThat(name.key()).isEqualTo("lookup-price");
    }

    @Test
    void aQualifiedNameKeepsItsNamespaceAndCase() {
        HostFunctionName name = HostFunctionName.parse("host::hostGreenMessage");
        assertThat(name).isEqualTo(HostFunctionName.of("host", "hostGreenMessage"));
        assertThat(name.key()).isEqualTo("host::hostGreenMessage");
        assertThat(HostFunctionName.parse("host::HostGreenMessage")).isNotEqualTo(name);
    }

    @Test
    void theTextIsSplitAtItsFirstSeparatorSoNamesMayHoldOne() {
        HostFunctionName name = HostFunctionName.parse("env::a::b");
        assertThat(name.namespace()).isEqualTo("env");
        assertThat(name.name()).isEqualTo("a::b");
        HostFunctionName inDefault = HostFunctionName.of("a::b");
        assertThat(inDefault.key()).as("written out, or it would read as namespace a")
                .isEqualTo("extism:host/user::a::b");
        assertThat(HostFunctionName.parse(inDefault.key())).isEqualTo(inDefault);
    }

    @ParameterizedTest
    @ValueSource(strings = {"lookup-price", "host::hostGreenMessage", "extism:host/user::x::y", "user::_x",
            "example::Ünïcode name", "a.b::c.d"})
    void keyAndParseRoundTrip(String text) {
        HostFunctionName name = HostFunctionName.parse(text);
        assertThat(HostFunctionName.parse(name.key())).isEqualTo(name);
    }

    @Test
    void badPartsAreRefusedWithTheReason() {
        assertThatThrownBy(() -> HostFunctionName.of("", "x")).hasMessageContaining("namespace must not be empty");
        assertThatThrownBy(() -> HostFunctionName.of("a::b", "x")).hasMessageContaining("contains \"::\"");
        assertThatThrownBy(() -> HostFunctionName.of("extism:host/env", "alloc")).hasMessageContaining("host's own");
        assertThatThrownBy(() -> HostFunctionName.of("wasi_snapshot_preview1", "fd_write"))
                .hasMessageContaining("host's own");
        assertThatThrownBy(() -> HostFunctionName.of("plinth:host/extra", "x")).hasMessageContaining("host's own");
        assertThatThrownBy(() -> HostFunctionName.of("host", "a\u0000b")).hasMessageContaining("control character");
        assertThatThrownBy(() -> HostFunctionName.of("host", "*")).hasMessageContaining("every host function");
        assertThatThrownBy(() -> HostFunctionName.of("host", "n".repeat(256))).hasMessageContaining("longer than 255");
    }
}
