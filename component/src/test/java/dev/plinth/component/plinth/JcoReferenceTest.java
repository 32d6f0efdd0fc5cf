package dev.plinth.component.plinth;

import static dev.plinth.component.plinth.PlinthValues.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.plinth.component.Component;
import dev.plinth.component.ComponentInstance;
import dev.plinth.component.ComponentOptions;
import dev.plinth.component.value.Value;
import dev.plinth.testing.TestPlugins;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Rust sample run twice on the same calls: on Plinth (Chicory) and on the reference, the component
 * transpiled by {@code jco transpile} and run by Node. Both answers are written in jco's JavaScript mapping
 * (records as objects, variants as {@code {tag, val}}, enums as strings, {@code none} as null, results as
 * {@code {ok}} or {@code {err}}) with sorted keys, and must be equal, as must the log lines.
 */
class JcoReferenceTest {
    private static final String RUNNER = """
            import { readFileSync } from 'node:fs';
            import { log } from './logger.js';
            const { lifecycle, processing } = await import('./text_component.js');
            const input = JSON.parse(readFileSync(process.argv[2], 'utf8'));
            const out = [];
            const call = (f) => {
                try { out.push({ ok: f() ?? null }); } catch (e) { out.push({ err: e.payload }); }
            };
            call(() => lifecycle.getStatus());
            call(() => lifecycle.initialize(input.config));
            call(() => lifecycle.getMetadata());
            for (const r of input.requests) {
                if (r.payload.tag === 'binary') r.payload.val = Uint8Array.from(r.payload.val);
                call(() => processing.process(r));
            }
            call(() => lifecycle.getStatus());
            call(() => lifecycle.shutdown());
            const plain = (v) => {
                if (v === undefined || v === null) return null;
                if (typeof v === 'bigint') return Number(v);
                if (v instanceof Uint8Array) return Array.from(v);
                if (Array.isArray(v)) return v.map(plain);
                if (typeof v === 'object') {
                    const o = {};
                    for (const k of Object.keys(v).sort()) o[k] = plain(v[k]);
                    return o;
                }
                return v;
            };
            console.log(JSON.stringify({ results: plain(out), log: log.lines }));
            """;
    private static final String LOGGER = """
            export function log(level, message) { log.lines.push(`${level}: ${message}`); }
            log.lines = [];
            """;

    @TempDir
    Path dir;

    private static final List<Value> REQUESTS = List.of(
            request("r1", "upper", text("Zoë straße 𝄞"), pairs("lang", "de")),
            request("r2", "reverse", text("a𝄞b"), pairs()),
            request("r3", "count", text("héllo"), pairs()),
            request("r4", "sum", binary(1, 2, 255), pairs("k", "v", "k2", "v2")),
            request("r5", "bytes", text("hé"), pairs()),
            request("r6", "lower", number(-0.5), pairs()),
            request("r7", "what", empty(), pairs()),
            request("r8", "upper", text("x".repeat(40)), pairs()));
    private static final Value CONFIG = pairs("max-length", "30");

    @Test
    void plinthAnswersAsTheReferenceDoes() throws Exception {
        Path wasm = TestPlugins.component("text-component").resolve("text_component.wasm");

        List<String> log = new ArrayList<>();
        ComponentInstance instance = Component.parse(Files.readAllBytes(wasm))
                .instantiate(ComponentOptions.defaults(), logger(log));
        List<Value> results = new ArrayList<>();
        results.add(instance.call(LIFECYCLE + "get-status", List.of()).get(0));
        results.add(instance.call(LIFECYCLE + "initialize", List.of(CONFIG)).get(0));
        results.add(instance.call(LIFECYCLE + "get-metadata", List.of()).get(0));
        for (Value request : REQUESTS) {
            results.add(instance.call(PROCESSING + "process", List.of(request)).get(0));
        }
        results.add(instance.call(LIFECYCLE + "get-status", List.of()).get(0));
        results.add(instance.call(LIFECYCLE + "shutdown", List.of()).isEmpty() ? null : new Value.Bool(false));
        StringBuilder plinth = new StringBuilder("{\"results\":[");
        for (int i = 0; i < results.size(); i++) {
            plinth.append(i == 0 ? "" : ",").append(asCall(results.get(i)));
        }
        plinth.append("],\"log\":[");
        for (int i = 0; i < log.size(); i++) {
            plinth.append(i == 0 ? "" : ",").append(quote(log.get(i)));
        }
        plinth.append("]}");

        String reference = reference(wasm);
        assertThat(reference).contains("\"val\":\"ZOË STRASSE 𝄞\"", "unsupported-operation", "debug: request r8: upper");
        assertThat(plinth.toString()).isEqualTo(reference);
    }

    /** The reference's answer: the component transpiled by jco and run by Node on the same input. */
    private String reference(Path wasm) throws IOException, InterruptedException {
        Path out = dir.resolve("transpiled");
        run(dir, System.getProperty("plinth.jco"), "transpile", wasm.toString(), "-o", out.toString(), "--map",
                "plinth:plugin/logger@0.1.0=./logger.js");
        Files.writeString(out.resolve("logger.js"), LOGGER);
        Files.writeString(out.resolve("run.mjs"), RUNNER);
        StringBuilder input = new StringBuilder("{\"config\":").append(json(CONFIG)).append(",\"requests\":[");
        for (int i = 0; i < REQUESTS.size(); i++) {
            input.append(i == 0 ? "" : ",").append(json(REQUESTS.get(i)));
        }
        Path inputFile = Files.writeString(dir.resolve("input.json"), input.append("]}").toString());
        return run(out, "node", "run.mjs", inputFile.toString()).trim();
    }

    private static String run(Path cwd, String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).directory(cwd.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        return output;
    }

    /** A call's answer: a result as {ok}/{err}, anything else (or nothing) as {ok}. */
    private static String asCall(Value v) {
        if (v instanceof Value.Result r) {
            return "{\"" + (r.ok() ? "ok" : "err") + "\":" + (r.payload().isPresent() ? json(r.payload().get()) : "null")
                    + "}";
        }
        return "{\"ok\":" + (v == null ? "null" : json(v)) + "}";
    }

    /** A value in jco's JavaScript mapping as JSON, keys sorted. */
    private static String json(Value v) {
        if (v instanceof Value.Str s) {
            return quote(s.value());
        } else if (v instanceof Value.U8 b) {
            return Integer.toString(b.value());
        } else if (v instanceof Value.U64 n) {
            return Long.toUnsignedString(n.bits());
        } else if (v instanceof Value.F64 d) {
            double x = d.value();
            return x == Math.rint(x) && Math.abs(x) < 1e15 ? Long.toString((long) x) : Double.toString(x);
        } else if (v instanceof Value.Enum e) {
            return quote(e.caseName());
        } else if (v instanceof Value.Option o) {
            return o.value().map(JcoReferenceTest::json).orElse("null");
        } else if (v instanceof Value.Variant var) {
            Map<String, String> fields = new TreeMap<>();
            fields.put("tag", quote(var.caseName()));
            var.payload().ifPresent(p -> fields.put("val", json(p)));
            return object(fields);
        } else if (v instanceof Value.Record r) {
            Map<String, String> fields = new TreeMap<>();
            r.fields().forEach((name, value) -> fields.put(camel(name), json(value)));
            return object(fields);
        } else if (v instanceof Value.ListOf l) {
            return array(l.elements());
        } else if (v instanceof Value.Tuple t) {
            return array(t.elements());
        }
        throw new IllegalArgumentException("no JSON for " + v);
    }

    private static String camel(String kebab) {
        StringBuilder out = new StringBuilder();
        boolean upper = false;
        for (char c : kebab.toCharArray()) {
            if (c == '-') {
                upper = true;
            } else {
                out.append(upper ? Character.toUpperCase(c) : c);
                upper = false;
            }
        }
        return out.toString();
    }

    private static String array(List<Value> elements) {
        StringBuilder out = new StringBuilder("[");
        for (int i = 0; i < elements.size(); i++) {
            out.append(i == 0 ? "" : ",").append(json(elements.get(i)));
        }
        return out.append("]").toString();
    }

    private static String object(Map<String, String> fields) {
        StringBuilder out = new StringBuilder("{");
        fields.forEach((k, v) -> out.append(out.length() > 1 ? "," : "").append(quote(k)).append(":").append(v));
        return out.append("}").toString();
    }

    private static String quote(String s) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append("\"").toString();
    }
}
