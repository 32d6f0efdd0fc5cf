package dev.plinth.component.plinth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.plinth.component.Component;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * wit/plinth.wit, checked by the Bytecode Alliance's WIT parser: each world is embedded into a generated core
 * module and wrapped into a component (scripts/wit-component.mjs, jco), whose WIT (jco wit) must list exactly
 * the world's imports and exports, and which Plinth's parser reads. (The generated module is not run: jco 1.15
 * gives it a start shim importing {@code "" ""}, which Chicory 1.7.5's parser refuses; the samples built on
 * the plugin world run in {@link RustComponentPluginTest} and {@link JsComponentPluginTest}.)
 */
class PlinthWitTest {
    @TempDir
    Path dir;

    private static String run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("%s finishes", command[0]).isTrue();
        if (process.exitValue() != 0) {
            throw new IllegalStateException(output);
        }
        return output;
    }

    /** The component of a world of {@code wit}, built around a generated core module. */
    private Path dummy(Path wit, String world) throws IOException, InterruptedException {
        Path out = dir.resolve(world + ".wasm");
        run("node", System.getProperty("plinth.witComponentScript"), System.getProperty("plinth.jcoDir"), "--dummy",
                wit.toString(), world, out.toString());
        return out;
    }

    /** The import and export lines of a component's WIT world, as jco prints it. */
    private static List<String> worldLines(Path component) throws IOException, InterruptedException {
        List<String> lines = new ArrayList<>();
        for (String line : run(System.getProperty("plinth.jco"), "wit", component.toString()).split("\n")) {
            String trimmed = line.trim();
            if (trimmed.startsWith("import ") || trimmed.startsWith("export ")) {
                lines.add(trimmed);
            }
        }
        return lines;
    }

    private static Path plinthWit() {
        return Path.of(System.getProperty("plinth.wit"));
    }

    @ParameterizedTest
    @CsvSource({
            "plugin, ''",
            "plugin-with-kv, kv-store",
            "plugin-with-http, http-client",
            "plugin-with-data-dir, data-dir",
            "plugin-with-events, events",
            "full-plugin, kv-store http-client data-dir events"})
    void eachWorldExportsLifecycleAndProcessingAndImportsTheLoggerAndItsServices(String world, String services)
            throws Exception {
        Path component = dummy(plinthWit(), world);
        List<String> expected = new ArrayList<>();
        for (String service : services.isBlank() ? new String[0] : services.split(" ")) {
            expected.add("import plinth:plugin/" + service + "@0.1.0;");
        }
        expected.add("import plinth:plugin/logger@0.1.0;");
        expected.add("export plinth:plugin/lifecycle@0.1.0;");
        expected.add("export plinth:plugin/processing@0.1.0;");

        assertThat(worldLines(component)).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(Component.parse(Files.readAllBytes(component)).definitionCount()).isPositive();
    }

    @ParameterizedTest
    @CsvSource({
            "plugin-with-event-handler, ''",
            "plugin-with-events-both-ways, events",
            "full-plugin-with-event-handler, kv-store http-client data-dir events"})
    void theEventHandlerWorldsExportItBesideThePluginWorld(String world, String services) throws Exception {
        Path component = dummy(plinthWit(), world);
        List<String> expected = new ArrayList<>();
        for (String service : services.isBlank() ? new String[0] : services.split(" ")) {
            expected.add("import plinth:plugin/" + service + "@0.1.0;");
        }
        expected.add("import plinth:plugin/logger@0.1.0;");
        expected.add("export plinth:plugin/lifecycle@0.1.0;");
        expected.add("export plinth:plugin/processing@0.1.0;");
        expected.add("export plinth:plugin/event-handler@0.1.0;");

        assertThat(worldLines(component)).containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    void theValidatorRefusesABrokenWorld() throws IOException {
        Path broken = Files.writeString(dir.resolve("broken.wit"),
                Files.readString(plinthWit()).replace("processed: u64,", "processed: u65,"));
        assertThatThrownBy(() -> dummy(broken, "plugin"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("u65");
        assertThatThrownBy(() -> dummy(plinthWit(), "no-such-world"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no-such-world");
    }
}
