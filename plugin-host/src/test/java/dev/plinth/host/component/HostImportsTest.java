package dev.plinth.host.component;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.plinth.api.PluginStatus;
import dev.plinth.api.VersionInfo;
import dev.plinth.api.error.ErrorCode;
import dev.plinth.api.error.PluginException;
import dev.plinth.component.CanonicalAbiException;
import dev.plinth.component.HostFunction;
import dev.plinth.component.HostResource;
import dev.plinth.component.HostResourceTable;
import dev.plinth.component.type.FuncType;
import dev.plinth.component.value.Value;
import dev.plinth.host.HostInterface;
import dev.plinth.host.PluginEngine;
import dev.plinth.host.PluginHost;
import dev.plinth.security.policy.PluginGrant;
import dev.plinth.testing.ShelfWat;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A component's own function import ({@code log-line}, of world {@code my:app/shelf@1.0.0}) and a resource of an
 * imported interface ({@code my:app/store@1.0.0}'s {@code cursor}) provided by the application in plain Java:
 * linked when asked for and granted, the guest seeing only handles, each cursor closed when the guest drops it
 * or its instance is discarded; a forged handle and a handle used after its drop are {@code BAD_HANDLE}, stopped
 * before the application's code runs and audited; refused at load when not asked for or not granted
 * ({@code permission-denied}, audited) and when nothing provides an import ({@code invalid-module}, naming it).
 */
class HostImportsTest {
    static final String STORE = "my:app/store@1.0.0";
    static final String SHELF = "my:app/shelf@1.0.0";
    static final List<String> ITEMS = List.of("apple", "apricot", "banana");

    @TempDir
    Path plugins;

    final List<String> logged = new CopyOnWriteArrayList<>();
    final List<String> closed = new CopyOnWriteArrayList<>();
    final List<Integer> nextCalls = new CopyOnWriteArrayList<>();

    /** One cursor of the application: the items with its prefix, one after the other. */
    final class Cursor {
        final String prefix;
        final java.util.Iterator<String> items;

        Cursor(String prefix) {
            this.prefix = prefix;
            this.items = ITEMS.stream().filter(i -> i.startsWith(prefix)).iterator();
        }

        void close() {
            closed.add(prefix);
        }
    }

    /** {@code my:app/store@1.0.0} in plain Java: a table of cursors per instance. */
    final class Store implements HostInterface {
        final HostResourceTable<Cursor> cursors = new HostResourceTable<>("cursor", 8, Cursor::close);

        @Override
        public HostFunction function(String function, FuncType type) {
            return switch (function) {
                case "[constructor]cursor" -> args -> List.of(cursors.own(new Cursor(((Value.Str) args.get(0)).value())));
                case "[method]cursor.next" -> args -> {
                    nextCalls.add(((Value.Handle) args.get(0)).index());
                    Cursor c = cursors.get(args.get(0));
                    return List.of(new Value.Option(c.items.hasNext() ? Optional.of(new Value.Str(c.items.next()))
                            : Optional.empty()));
                };
                default -> null;
            };
        }

        @Override
        public HostResource resource(String resource) {
            return resource.equals("cursor") ? cursors : null;
        }

        @Override
        public HostInterface forInstance() {
            return new Store();
        }

        @Override
        public void close() {
            cursors.dropAll();
        }
    }

    /** The shelf world's own import. */
    final HostInterface shelf = (function, type) -> function.equals("log-line") ? args -> {
        logged.add(((Value.Str) args.get(0)).value());
        return List.of();
    } : null;

    private Path plugin(String name, String permissions) throws Exception {
        Path dir = Files.createDirectories(plugins.resolve(name));
        ComponentPlugins.write(dir, name, ShelfWat.WAT);
        Files.writeString(dir.resolve("plugin.toml"), """
                [plugin]
                name = "%s"
                version = "1.0.0"
                entrypoint = "%s.wasm"

                %s
                """.formatted(name, name, permissions));
        return dir;
    }

    private static final String ASKS = """
            [permissions]
            host-functions = ["my:app/store@1.0.0", "my:app/shelf@1.0.0"]
            """;

    private static PluginGrant both() {
        return PluginGrant.builder().hostFunction(STORE).hostFunction(SHELF).build();
    }

    private PluginEngine.Builder engine() {
        return PluginEngine.builder().componentImports(STORE, new Store()).componentImports(SHELF, shelf);
    }

    @Test
    void theGuestUsesTheApplicationsFunctionAndResourceThroughHandles() throws Exception {
        try (PluginHost host = PluginHost.on(engine().grant("shelf", both()).build())) {
            VersionInfo info = host.load(plugin("shelf", ASKS));
            assertThat(info.status()).as(info.lastError().map(Object::toString).orElse("")).isEqualTo(PluginStatus.ACTIVE);

            assertThat(host.component("shelf").call("count", List.of(new Value.Str("ap"))))
                    .containsExactly(new Value.U32(2));
            assertThat(logged).containsExactly("apple", "apricot");
            assertThat(closed).containsExactly("ap"); // the guest dropped it
            // the application saw its own representation, not the guest's handle index
            assertThat(nextCalls).containsOnly(1);

            assertThat(host.component("shelf").call("keep", List.of(new Value.Str("b")))).hasSize(1);
            assertThat(closed).containsExactly("ap");
        }
        // unloading discards the instance: what the guest kept is closed
        assertThat(closed).containsExactly("ap", "b");
    }

    @Test
    void aForgedHandleAndAHandleUsedAfterItsDropAreStoppedBeforeTheApplicationRunsAndAudited() throws Exception {
        try (PluginHost host = PluginHost.on(engine().grant("shelf", both()).build())) {
            host.load(plugin("shelf", ASKS));
            for (long forged : new long[] {0, 1, 7, 0xFFFF_FFFFL}) {
                assertThatThrownBy(() -> host.component("shelf").call("forge", List.of(new Value.U32(forged))))
                        .as("handle %d", forged)
                        .isInstanceOfSatisfying(CanonicalAbiException.class, e -> assertThat(e.violation())
                                .isEqualTo(CanonicalAbiException.Violation.BAD_HANDLE));
            }
            assertThatThrownBy(() -> host.component("shelf").call("after-drop", List.of()))
                    .isInstanceOfSatisfying(CanonicalAbiException.class, e -> assertThat(e.violation())
                            .isEqualTo(CanonicalAbiException.Violation.BAD_HANDLE))
                    .extracting(e -> ((PluginException) e).code()).isEqualTo(ErrorCode.TRAP);
            assertThat(nextCalls).isEmpty();
            assertThat(closed).containsExactly(""); // after-drop's own cursor, dropped by the guest
            // the same event repeated folds into one entry, counted
            assertThat(host.auditLog().recent("shelf", 20)).filteredOn(e -> e.resource().contains("BAD_HANDLE"))
                    .extracting(e -> e.resource() + " x" + e.count())
                    .containsExactlyInAnyOrder("forge (canonical ABI BAD_HANDLE) x4",
                            "after-drop (canonical ABI BAD_HANDLE) x1");
            // the host still serves the same plugin
            assertThat(host.component("shelf").call("count", List.of(new Value.Str("ban"))))
                    .containsExactly(new Value.U32(1));
            assertThat(logged).containsExactly("banana");
        }
    }

    @Test
    void notAskedForOrNotGrantedIsRefusedAtLoadAndAudited() throws Exception {
        try (PluginHost host = PluginHost.on(engine().grant("sneak", both())
                .grant("partial", PluginGrant.builder().hostFunction(STORE).build()).build())) {
            VersionInfo sneak = host.load(plugin("sneak", """
                    [permissions]
                    host-functions = ["my:app/store@1.0.0"]
                    """));
            VersionInfo partial = host.load(plugin("partial", ASKS));

            assertThat(sneak.status()).isEqualTo(PluginStatus.FAILED);
            assertThat(sneak.lastError().orElseThrow().code()).isEqualTo(ErrorCode.PERMISSION_DENIED);
            assertThat(sneak.lastError().orElseThrow().message()).contains("imports log-line (the application"
                    + " provides it in my:app/shelf@1.0.0) but its manifest does not ask for it")
                    .contains("host-functions = [\"my:app/shelf@1.0.0\"]");
            assertThat(partial.status()).isEqualTo(PluginStatus.FAILED);
            assertThat(partial.lastError().orElseThrow().code()).isEqualTo(ErrorCode.PERMISSION_DENIED);
            assertThat(partial.lastError().orElseThrow().message()).contains("imports log-line")
                    .contains("the security policy does not grant to plugin partial");
            for (String name : List.of("sneak", "partial")) {
                assertThat(host.auditLog().recent(name, 10)).anySatisfy(entry ->
                        assertThat(entry.what()).isEqualTo(ErrorCode.PERMISSION_DENIED));
            }
            assertThat(logged).isEmpty();
            assertThat(nextCalls).isEmpty();
        }
    }

    @Test
    void anImportNothingProvidesIsNamed() throws Exception {
        try (PluginHost host = PluginHost.on(PluginEngine.builder().componentImports(STORE, new Store())
                .grant("shelf", both()).build())) {
            VersionInfo info = host.load(plugin("shelf", ASKS));

            assertThat(info.status()).isEqualTo(PluginStatus.FAILED);
            assertThat(info.lastError().orElseThrow().code()).isEqualTo(ErrorCode.INVALID_MODULE);
            assertThat(info.lastError().orElseThrow().message()).contains("log-line");
        }
        HostInterface noCursor = (function, type) -> args -> List.of();
        try (PluginHost host = PluginHost.on(PluginEngine.builder().componentImports(STORE, noCursor)
                .componentImports(SHELF, shelf).grant("shelf", both()).build())) {
            VersionInfo info = host.load(plugin("shelf", ASKS));

            assertThat(info.status()).isEqualTo(PluginStatus.FAILED);
            assertThat(info.lastError().orElseThrow().code()).isEqualTo(ErrorCode.INVALID_MODULE);
            assertThat(info.lastError().orElseThrow().message()).contains("my:app/store@1.0.0#cursor");
        }
    }
}
