package dev.plinth.component.plinth;

import static dev.plinth.component.plinth.PlinthValues.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.plinth.component.Component;
import dev.plinth.component.ComponentInstance;
import dev.plinth.component.ComponentLinkException;
import dev.plinth.component.ComponentOptions;
import dev.plinth.component.HostFunction;
import dev.plinth.component.value.Value;
import dev.plinth.testing.TestPlugins;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * notes-component, the Rust sample of the {@code full-plugin-with-event-handler} world: plinth-sdk's bindings of the kv-store,
 * data-dir and events imports called from the guest, implemented here in Java over maps (strings and lists
 * in, options, results, bools and lists out through the guest's return areas).
 */
class NotesComponentPluginTest {
    private static final String KV = "plinth:plugin/kv-store@0.1.0#";
    private static final String DATA = "plinth:plugin/data-dir@0.1.0#";
    private static final String EVENTS = "plinth:plugin/events@0.1.0#emit";
    private static Component component;

    private final TreeMap<String, byte[]> kv = new TreeMap<>();
    private final TreeMap<String, byte[]> files = new TreeMap<>();
    private final List<String> events = new ArrayList<>();
    private boolean eventsRefused;
    private final List<Map<String, Value>> requests = new ArrayList<>();
    private static final String HTTP = "plinth:plugin/http-client@0.1.0#send";

    @BeforeAll
    static void load() throws IOException {
        component = Component.parse(Files.readAllBytes(
                TestPlugins.component("notes-component").resolve("notes_component.wasm")));
    }

    private static String string(Value v) {
        return ((Value.Str) v).value();
    }

    private static byte[] bytesOf(Value v) {
        List<Value> elements = ((Value.ListOf) v).elements();
        byte[] out = new byte[elements.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) ((Value.U8) elements.get(i)).value();
        }
        return out;
    }

    private static Value listOfBytes(byte[] bytes) {
        List<Value> list = new ArrayList<>();
        for (byte b : bytes) {
            list.add(new Value.U8(b & 0xFF));
        }
        return new Value.ListOf(list);
    }

    private static Value okUnit() {
        return new Value.Result(true, Optional.empty());
    }

    private Map<String, HostFunction> services() {
        Map<String, HostFunction> imports = new HashMap<>(logger(new ArrayList<>()));
        imports.put(KV + "get", args -> List.of(new Value.Option(
                Optional.ofNullable(kv.get(string(args.get(0)))).map(NotesComponentPluginTest::listOfBytes))));
        imports.put(KV + "set", args -> {
            if (kv.size() >= 3) {
                return List.of(err(str("the store is full")));
            }
            kv.put(string(args.get(0)), bytesOf(args.get(1)));
            return List.of(okUnit());
        });
        imports.put(KV + "delete", args -> List.of(new Value.Bool(kv.remove(string(args.get(0))) != null)));
        imports.put(KV + "list-keys", args -> List.of(new Value.ListOf(kv.keySet().stream()
                .filter(k -> k.startsWith(string(args.get(0)))).map(k -> (Value) str(k)).toList())));
        imports.put(DATA + "read", args -> {
            byte[] file = files.get(string(args.get(0)));
            return List.of(file == null ? err(str("no such file")) : ok(listOfBytes(file)));
        });
        imports.put(DATA + "write", args -> {
            files.put(string(args.get(0)), bytesOf(args.get(1)));
            return List.of(okUnit());
        });
        imports.put(DATA + "delete", args -> List.of(files.remove(string(args.get(0))) != null ? okUnit()
                : err(str("no such file"))));
        imports.put(DATA + "list-dir", args -> List.of(ok(new Value.ListOf(files.keySet().stream()
                .map(k -> (Value) str(k)).toList()))));
        imports.put(HTTP, args -> {
            Map<String, Value> request = ((Value.Record) args.get(0)).fields();
            requests.add(request);
            String url = string(request.get("url"));
            if (url.contains("refused")) {
                return List.of(err(str("connect " + url + ": not granted")));
            }
            int status = url.endsWith("/missing") ? 404 : 200;
            return List.of(ok(record("status", new Value.U16(status),
                    "headers", pairs("content-type", "text/plain", "x-n", "1"),
                    "body", listOfBytes("fetched ✓".getBytes(StandardCharsets.UTF_8)))));
        });
        imports.put(EVENTS, args -> {
            if (eventsRefused) {
                return List.of(err(str("events are not granted")));
            }
            events.add(string(args.get(0)) + " " + string(args.get(1)));
            return List.of(okUnit());
        });
        return imports;
    }

    private Value process(ComponentInstance instance, String op, Value payload, String... attributes) {
        return instance.call(PROCESSING + "process", List.of(request("id-" + op, op, payload, pairs(attributes)))).get(0);
    }

    @Test
    void notesGoThroughTheKvStoreTheDataDirectoryAndEvents() {
        ComponentInstance instance = component.instantiate(ComponentOptions.defaults(), services());

        assertThat(process(instance, "put", text("milk, eggs"), "key", "shopping"))
                .isEqualTo(ok(record("id", str("id-put"), "payload", empty(), "notes", strings())));
        assertThat(kv.get("note/shopping")).isEqualTo("milk, eggs".getBytes(StandardCharsets.UTF_8));
        assertThat(events).containsExactly("note.saved note/shopping");
        process(instance, "put", text("Zoë 𝄞"), "key", "ünï");

        assertThat(process(instance, "get", empty(), "key", "ünï"))
                .isEqualTo(ok(record("id", str("id-get"), "payload", text("Zoë 𝄞"), "notes", strings())));
        assertThat(process(instance, "get", empty(), "key", "nothing"))
                .isEqualTo(err(error("failed", "no note/nothing")));
        assertThat(process(instance, "keys", text("note/"), "x", "y"))
                .isEqualTo(ok(record("id", str("id-keys"), "payload", number(2),
                        "notes", strings("note/shopping", "note/ünï"))));
        assertThat(instance.call(LIFECYCLE + "get-status", List.of()).get(0)).isEqualTo(record(
                "health", new Value.Enum("ready"), "message", some(str("2 notes")), "processed", new Value.U64(0)));

        assertThat(process(instance, "archive", empty(), "key", "shopping"))
                .isEqualTo(ok(record("id", str("id-archive"), "payload", binary(toInts("milk, eggs")),
                        "notes", strings("note-shopping"))));
        assertThat(process(instance, "unarchive", empty(), "key", "shopping"))
                .isEqualTo(ok(record("id", str("id-unarchive"), "payload", empty(), "notes", strings())));
        assertThat(files).isEmpty();
        assertThat(process(instance, "unarchive", empty(), "key", "shopping"))
                .isEqualTo(err(error("failed", "no such file")));

        assertThat(process(instance, "delete", empty(), "key", "shopping"))
                .isEqualTo(ok(record("id", str("id-delete"), "payload", number(1), "notes", strings())));
        assertThat(process(instance, "delete", empty(), "key", "shopping"))
                .isEqualTo(ok(record("id", str("id-delete"), "payload", number(0), "notes", strings())));
        assertThat(process(instance, "put", text("x"), "nokey", "1"))
                .isEqualTo(err(error("invalid-input", "put needs a 'key' attribute")));
    }

    @Test
    void theHostsRefusalsComeBackAsTheGuestSeesThem() {
        ComponentInstance instance = component.instantiate(ComponentOptions.defaults(), services());
        eventsRefused = true;
        assertThat(process(instance, "put", text("a"), "key", "a"))
                .isEqualTo(ok(record("id", str("id-put"), "payload", empty(),
                        "notes", strings("no event: events are not granted"))));
        process(instance, "put", text("b"), "key", "b");
        process(instance, "put", text("c"), "key", "c");
        assertThat(process(instance, "put", text("d"), "key", "d"))
                .isEqualTo(err(error("failed", "the store is full")));
        assertThat(events).isEmpty();
    }

    @Test
    void itFetchesOverTheHttpClientImport() {
        ComponentInstance instance = component.instantiate(ComponentOptions.defaults(), services());
        assertThat(process(instance, "fetch", empty(), "key", "page", "url", "https://example.com/p"))
                .isEqualTo(ok(record("id", str("id-fetch"), "payload", number(11),
                        "notes", strings("content-type: text/plain", "x-n: 1"))));
        assertThat(new String(kv.get("note/page"), StandardCharsets.UTF_8)).isEqualTo("fetched ✓");
        assertThat(requests).containsExactly(Map.of("method", str("GET"), "url", str("https://example.com/p"),
                "headers", pairs("accept", "text/plain"), "body", none()));

        assertThat(process(instance, "fetch", empty(), "key", "p", "url", "https://example.com/missing"))
                .isEqualTo(err(error("failed", "HTTP 404")));
        assertThat(process(instance, "fetch", empty(), "key", "p", "url", "http://refused.example"))
                .isEqualTo(err(error("failed", "connect http://refused.example: not granted")));
    }

    @Test
    void eachServiceItImportsMustBeProvided() {
        for (String missing : List.of(KV + "get", DATA + "write", EVENTS, HTTP)) {
            Map<String, HostFunction> imports = new HashMap<>(services());
            imports.remove(missing);
            assertThatThrownBy(() -> component.instantiate(ComponentOptions.defaults(), imports))
                    .isInstanceOf(ComponentLinkException.class)
                    .hasMessageContaining("'" + missing + "'");
        }
        // lifecycle (4), process, and event-handler's on-event
        assertThat(component.instantiate(ComponentOptions.defaults(), services()).exports()).hasSize(6)
                .containsKey("plinth:plugin/event-handler@0.1.0#on-event");
    }

    private static int[] toInts(String s) {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        int[] out = new int[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            out[i] = bytes[i] & 0xFF;
        }
        return out;
    }
}
