package dev.plinth.host.component;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plinth.api.error.ErrorCode;
import dev.plinth.api.PluginStatus;
import dev.plinth.api.VersionInfo;
import dev.plinth.component.value.Value;
import dev.plinth.host.HostInterface;
import dev.plinth.host.PluginEngine;
import dev.plinth.host.PluginHost;
import dev.plinth.security.policy.PluginGrant;
import dev.plinth.testing.LookupComponent;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An interface the application offers to component plugins ({@code my:app/lookup@1.0.0}): linked for a
 * plugin whose manifest asks for it and whose grant gives it; refused at load, audited, when either is missing,
 * while the host serves on.
 */
class ApplicationImportsTest {
    static final String LOOKUP = LookupComponent.INTERFACE;
    private static final String ASKS = LookupComponent.ASKS;

    @TempDir
    Path plugins;

    private final List<Value> asked = new CopyOnWriteArrayList<>();

    private final HostInterface lookup = (function, type) -> function.equals("price") ? args -> {
        asked.add(args.get(0));
        return List.of(new Value.U32(41));
    } : null;

    private Path plugin(String name, String permissions) throws Exception {
        return LookupComponent.write(plugins, name, permissions);
    }

    @Test
    void anAskedAndGrantedInterfaceIsLinkedToTheApplicationsImplementation() throws Exception {
        try (PluginHost host = PluginHost.on(PluginEngine.builder().componentImports(LOOKUP, lookup)
                .grant("shop", PluginGrant.builder().hostFunction(LOOKUP).build()).build())) {
            VersionInfo info = host.load(plugin("shop", ASKS));

            assertThat(info.status()).as(info.lastError().map(Object::toString).orElse("")).isEqualTo(PluginStatus.ACTIVE);
            assertThat(host.component("shop").call("quote", List.of())).containsExactly(new Value.U32(42));
            assertThat(asked).containsExactly(new Value.Str("apple"));
        }
    }

    @Test
    void notAskedOrNotGrantedIsRefusedAtLoadAndAudited() throws Exception {
        try (PluginHost host = PluginHost.on(PluginEngine.builder().componentImports(LOOKUP, lookup)
                .grant("unasked", PluginGrant.builder().hostFunction(LOOKUP).build()).build())) {
            host.load(ComponentPlugins.write(plugins, "greeter", ComponentPlugins.GREETER));
            VersionInfo unasked = host.load(plugin("unasked", ""));
            VersionInfo ungranted = host.load(plugin("ungranted", ASKS));

            assertThat(unasked.status()).isEqualTo(PluginStatus.FAILED);
            assertThat(unasked.lastError().orElseThrow().code()).isEqualTo(ErrorCode.PERMISSION_DENIED);
            assertThat(unasked.lastError().orElseThrow().message())
                    .contains("imports my:app/lookup@1.0.0 but its manifest does not ask for it");
            assertThat(ungranted.status()).isEqualTo(PluginStatus.FAILED);
            assertThat(ungranted.lastError().orElseThrow().code()).isEqualTo(ErrorCode.PERMISSION_DENIED);
            assertThat(ungranted.lastError().orElseThrow().message())
                    .contains("the security policy does not grant to plugin ungranted");
            for (String name : List.of("unasked", "ungranted")) {
                assertThat(host.auditLog().recent(name, 10)).anySatisfy(entry ->
                        assertThat(entry.what()).isEqualTo(ErrorCode.PERMISSION_DENIED));
            }
            assertThat(asked).isEmpty();
            assertThat(host.component("greeter").call("echo", List.of(new Value.Str("still"))))
                    .containsExactly(new Value.Str("still"));
        }
    }

    @Test
    void aFunctionTheApplicationDoesNotProvideIsNamed() throws Exception {
        try (PluginHost host = PluginHost.on(PluginEngine.builder()
                .componentImports(LOOKUP, (function, type) -> null)
                .grant("shop", PluginGrant.builder().hostFunction(LOOKUP).build()).build())) {
            VersionInfo info = host.load(plugin("shop", ASKS));

            assertThat(info.status()).isEqualTo(PluginStatus.FAILED);
            assertThat(info.lastError().orElseThrow().code()).isEqualTo(ErrorCode.INVALID_MODULE);
            assertThat(info.lastError().orElseThrow().message())
                    .contains("my:app/lookup@1.0.0#price").contains("func(item: string) -> u32");
        }
    }

    @Test
    void anImplementationThatDoesNotFitTheImportedTypeRefusesTheLinkSayingHow() throws Exception {
        try (PluginHost host = PluginHost.on(PluginEngine.builder()
                .componentImports(LOOKUP, (function, type) -> {
                    throw new IllegalArgumentException("price returns String, not u32");
                })
                .grant("shop", PluginGrant.builder().hostFunction(LOOKUP).build()).build())) {
            VersionInfo info = host.load(plugin("shop", ASKS));

            assertThat(info.status()).isEqualTo(PluginStatus.FAILED);
            assertThat(info.lastError().orElseThrow().code()).isEqualTo(ErrorCode.INVALID_MODULE);
            assertThat(info.lastError().orElseThrow().message())
                    .contains("my:app/lookup@1.0.0#price").contains("price returns String, not u32");
        }
    }
}
