package dev.plinth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code plinth} against the real Rust sample plugins and ABI fixtures built by the
 * sample-plugins module; skipped (with the reason) when they have not been built.
 */
class SamplePluginsTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    Path temp;

    @Test
    void callsTextTransformerWithAConfigOverride() {
        Path plugin = Fixtures.samplePlugin("text-transformer");

        Cli.Result r = Cli.run("call", plugin.toString(), "transform", "--input", "Hello, Plinth",
                "--config", "mode=upper");

        assertThat(r.status()).as(r.toString()).isZero();
        assertThat(r.out()).isEqualTo("HELLO, PLINTH");
    }

    @Test
    void callsTextTransformerWithAnInputFile() throws IOException {
        Path plugin = Fixtures.samplePlugin("text-transformer");
        Path input = Files.writeString(temp.resolve("input.txt"), "round trip\n");

        Cli.Result r = Cli.run("call", plugin.toString(), "echo", "--input-file", input.toString());

        assertThat(r.status()).as(r.toString()).isZero();
        assertThat(r.out()).isEqualTo("round trip\n");
    }

    @Test
    void unknownFunctionOfASamplePluginIsNotFound() {
        Path plugin = Fixtures.samplePlugin("text-transformer");

        Cli.Result r = Cli.run("call", plugin.toString(), "translate");

        assertThat(r.status()).isEqualTo(ExitCodes.NOT_FOUND);
        assertThat(r.firstErrLine()).startsWith("plinth: not-found: ").contains("translate");
    }

    @Test
    void fixtureFailureIsAPluginError() {
        Cli.Result r = Cli.run("call", Fixtures.abiFixtures().toString(), "fail", "--host-function", "echo-host");

        assertThat(r.status()).as(r.toString()).isEqualTo(ExitCodes.PLUGIN_ERROR);
        assertThat(r.firstErrLine()).startsWith("plinth: plugin-error: ");
    }

    @Test
    void fixtureEchoIsByteExact() {
        Cli.Result r = Cli.run("call", Fixtures.abiFixtures().toString(), "echo", "--input", "same bytes",
                "--host-function", "echo-host");

        assertThat(r.status()).as(r.toString()).isZero();
        assertThat(r.out()).isEqualTo("same bytes");
    }

    @Test
    void fixtureTrapIsATrap() {
        Cli.Result r = Cli.run("call", Fixtures.abiFixtures().toString(), "trap", "--host-function", "echo-host");

        assertThat(r.status()).as(r.toString()).isEqualTo(ExitCodes.TRAP);
        assertThat(r.firstErrLine()).startsWith("plinth: trap: ");
    }

    @Test
    void fixtureSpinIsStoppedByTheTimeout() {
        Cli.Result r = Cli.run("call", Fixtures.abiFixtures().toString(), "spin", "--timeout", "200ms",
                "--host-function", "echo-host");

        assertThat(r.status()).as(r.toString()).isEqualTo(ExitCodes.LIMIT);
        assertThat(r.firstErrLine()).startsWith("plinth: timeout: ");
    }

    @Test
    void fixtureSpinBrIfOnTheInterpreterIsAbandonedAfterItsDeadline() {
        // Chicory's interpreter does not check for interrupts on br_if loops: the host cannot stop
        // this call, so plinth stops waiting for it (the spinning thread is a daemon).
        long started = System.nanoTime();
        Cli.Result r = Cli.run("call", Fixtures.abiFixtures().toString(), "spin_br_if", "--timeout", "200ms",
                "--interpreter", "--host-function", "echo-host");
        long millis = (System.nanoTime() - started) / 1_000_000;

        assertThat(r.status()).as(r.toString()).isEqualTo(ExitCodes.LIMIT);
        assertThat(r.firstErrLine()).startsWith("plinth: timeout: ");
        assertThat(millis).isLessThan(200 + CallWatchdog.GRACE.toMillis() + 3000);
    }

    @Test
    void inspectsASamplePlugin() {
        Path plugin = Fixtures.samplePlugin("text-transformer");

        Cli.Result text = Cli.run("inspect", plugin.toString());
        Cli.Result json = Cli.run("inspect", "--json", plugin.toString());

        assertThat(text.status()).as(text.toString()).isZero();
        assertThat(text.out()).contains("text-transformer").contains("Extism-compatible: yes")
                .contains("Loads in Plinth: yes").containsPattern("\\* transform\\s+function\\s+\\(\\) -> i32");
        JsonNode report = JSON.readTree(json.out());
        assertThat(report.get("manifest").get("name").asString()).isEqualTo("text-transformer");
        assertThat(report.get("bare").asBoolean()).isFalse();
        assertThat(report.get("extismCompatible").asBoolean()).isTrue();
        assertThat(report.get("exports").valueStream().filter(e -> e.get("callable").asBoolean())
                .map(e -> e.get("name").asString())).contains("transform", "echo", "count_vowels");
        assertThat(report.get("imports").valueStream().map(i -> i.get("module").asString()))
                .allMatch(m -> m.startsWith("extism:host/") || m.equals("wasi_snapshot_preview1"));
    }

    @Test
    void inspectsASamplePluginsModuleAsABareWasm() throws IOException {
        Path plugin = Fixtures.samplePlugin("text-transformer");
        Path wasm;
        try (var files = Files.list(plugin)) {
            wasm = files.filter(f -> f.toString().endsWith(".wasm")).findFirst().orElseThrow();
        }
        Path bare = Files.copy(wasm, temp.resolve("transformer.wasm"));

        Cli.Result r = Cli.run("inspect", "--json", bare.toString());

        assertThat(r.status()).as(r.toString()).isZero();
        JsonNode report = JSON.readTree(r.out());
        assertThat(report.get("bare").asBoolean()).isTrue();
        assertThat(report.get("manifest").get("name").asString()).isEqualTo("transformer");
        assertThat(report.get("loadable").asBoolean()).isTrue();
    }

    @Test
    void runsLogEnricherWithAStubbedHostFunctionAndShowsItsLogLines() {
        Path plugin = Fixtures.samplePlugin("log-enricher");

        Cli.Result r = Cli.run("call", plugin.toString(), "enrich", "--input", "WARN disk almost full",
                "--host-function", "lookup-context={\"region\":\"eu\"}");
        Cli.Result quiet = Cli.run("call", plugin.toString(), "enrich", "--input", "WARN disk almost full",
                "--host-function", "lookup-context={\"region\":\"eu\"}", "--quiet");

        assertThat(r.status()).as(r.toString()).isZero();
        JsonNode out = JSON.readTree(r.out());
        assertThat(out.get("level").asString()).isEqualTo("warn");
        assertThat(out.get("service").asString()).isEqualTo("checkout");
        assertThat(out.get("context").get("region").asString()).isEqualTo("eu");
        assertThat(r.stderr()).contains("INFO log-enricher: [enrich] enriched log line #1 (context key checkout)");
        assertThat(quiet.status()).isZero();
        assertThat(quiet.stderr()).isEmpty();
        assertThat(quiet.stdout()).isEqualTo(r.stdout());
    }

    @Test
    void fixtureHostEchoGoesThroughTheStub() {
        Cli.Result r = Cli.run("call", Fixtures.abiFixtures().toString(), "host_echo", "--input", "ping",
                "--host-function", "echo-host");

        assertThat(r.status()).as(r.toString()).isZero();
        assertThat(r.out()).isEqualTo("ping");
    }

    @Test
    void dataValidatorReportsInvalidRecords() {
        Path plugin = Fixtures.samplePlugin("data-validator");

        Cli.Result r = Cli.run("call", plugin.toString(), "validate", "--input", "{\"id\":1,\"email\":\"nope\"}");

        assertThat(r.status()).as(r.toString()).isIn(ExitCodes.OK, ExitCodes.PLUGIN_ERROR);
        assertThat(r.out() + r.stderr()).contains("email");
    }

    @Test
    void statsShowTheFuelAndPeakMemoryOfAMeteredCall() {
        Path plugin = Fixtures.samplePlugin("text-transformer");
        Cli.Result r = Cli.run("call", plugin.toString(), "count_vowels", "--input", "hello plinth",
                "--fuel", "5000000", "--stats");
        assertThat(r.status()).as(r.toString()).isZero();
        assertThat(r.stderr()).containsPattern("plinth: stats: fuel [1-9][0-9]* of 5000000, peak memory [0-9.]+[KMG]?B"
                + " \\(tables and globals [0-9.]+[KMG]?B of it\\), [0-9]+ ms");
    }

    @Test
    void fuelStopsALoopThatTheInterpreterDeadlineCannot() {
        Cli.Result r = Cli.run("call", Fixtures.abiFixtures().toString(), "spin_br_if", "--host-function",
                "echo-host", "--interpreter", "--fuel", "1000000");
        assertThat(r.status()).as(r.toString()).isEqualTo(6);
        assertThat(r.stderr()).contains("plinth: fuel-exhausted:");
    }
}
