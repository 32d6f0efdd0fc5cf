package dev.plinth.component.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plinth.component.Component;
import dev.plinth.component.ComponentInstance;
import dev.plinth.component.ComponentOptions;
import dev.plinth.component.type.ComponentType;
import dev.plinth.component.wit.WitParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sample text-component (built from wit/plinth.wit's {@code plugin} world by cargo and jco) checked against
 * that world, and against worlds changed by one detail: each change is the first difference named.
 */
class WorldContractTest {
    @TempDir
    Path dir;

    private static final Path PLINTH_WIT = Path.of(System.getProperty("plinth.wit"));

    private static ComponentType textComponent() throws IOException {
        Path wasm = Path.of(System.getProperty("plinth.components"), "text-component", "text_component.wasm");
        Component component = Component.parse(Files.readAllBytes(wasm));
        ComponentInstance instance = component.instantiate(ComponentOptions.defaults(),
                Map.of("plinth:plugin/logger@0.1.0#log", args -> List.of()));
        return ComponentInterface.of(component, instance.exports());
    }

    private WorldContract world(String name, String from, String to) throws IOException {
        String wit = Files.readString(PLINTH_WIT);
        assertThat(wit).contains(from);
        Path file = Files.writeString(dir.resolve("plinth.wit"), wit.replace(from, to));
        return WorldContract.of(WitParser.load(file), name);
    }

    private static Optional<String> check(WorldContract world, ComponentType component) {
        return ContractCheck.againstWorld(world).firstDifference(component);
    }

    @Test
    void theSampleMatchesThePluginWorld() throws IOException {
        WorldContract world = WorldContract.of(WitParser.load(PLINTH_WIT), "plugin");
        assertThat(world.name()).isEqualTo("plinth:plugin/plugin@0.1.0");
        assertThat(world.version()).contains("0.1.0");
        assertThat(check(world, textComponent())).isEmpty();
        assertThat(check(WorldContract.of(WitParser.load(PLINTH_WIT), "full-plugin"), textComponent()))
                .as("a world importing more is fine").isEmpty();
    }

    @Test
    void aChangedFieldTypeIsNamedWithItsPath() throws IOException {
        WorldContract world = world("plugin", "    record response {\n        id: string,",
                "    record response {\n        id: list<u8>,");
        assertThat(check(world, textComponent())).contains("export plinth:plugin/processing@0.1.0#process:"
                + " result's ok type: record response: field `id` is list<u8> in the world, string in the component");
    }

    @Test
    void aRenamedFieldOrCaseOrAChangedEnumIsADifference() throws IOException {
        assertThat(check(world("plugin", "        notes: list<string>,", "        remarks: list<string>,"),
                textComponent())).contains("export plinth:plugin/processing@0.1.0#process: result's ok type:"
                        + " record response has fields [`id`, `payload`, `notes`] in the component".replace(
                                "[`id`, `payload`, `notes`] in the component",
                                "[`id`, `payload`, `remarks`] in the world, [`id`, `payload`, `notes`] in the component"));
        assertThat(check(world("plugin", "        failed(string),", "        failed(u32),"), textComponent()))
                .contains("export plinth:plugin/processing@0.1.0#process: result's error type: variant error:"
                        + " case `failed` is u32 in the world, string in the component");
        assertThat(check(world("plugin", "        degraded,\n", ""), textComponent())).hasValueSatisfying(d -> assertThat(d)
                .startsWith("export plinth:plugin/lifecycle@0.1.0#get-status: result: record status: field `health`:"
                        + " enum health has cases [`starting`, `ready`, `stopped`] in the world"));
    }

    @Test
    void aMissingExportAndAnImportOutsideTheWorldAreNamed() throws IOException {
        assertThat(check(world("plugin", "    process: func(input: request) -> result<response, error>;",
                "    process: func(input: request) -> result<response, error>;\n    flush: func();"), textComponent()))
                .contains("export plinth:plugin/processing@0.1.0#flush: missing in the component");
        assertThat(check(world("plugin", "world plugin {\n    import logger;", "world plugin {"), textComponent()))
                .hasValueSatisfying(d -> assertThat(d).startsWith(
                        "import plinth:plugin/logger@0.1.0: not an import in the world, which imports []"));
    }

    @Test
    void packageVersionsAreComparedByCaretRules() throws IOException {
        assertThat(check(world("plugin", "package plinth:plugin@0.1.0;", "package plinth:plugin@0.1.7;"),
                textComponent())).isEmpty();
        assertThat(check(world("plugin", "package plinth:plugin@0.1.0;", "package plinth:plugin@0.2.0;"),
                textComponent())).hasValueSatisfying(d -> assertThat(d).startsWith(
                        "export plinth:plugin/lifecycle: version 0.2.0 in the world, 0.1.0 in the component"));
        assertThat(CaretVersion.satisfies("0.1.0", "0.1.9")).isTrue();
        assertThat(CaretVersion.satisfies("0.1.3", "0.1.2")).isFalse();
        assertThat(CaretVersion.satisfies("0.1.0", "1.0.0")).isFalse();
        assertThat(CaretVersion.satisfies("1.2.0", "1.9.0")).isTrue();
        assertThat(CaretVersion.satisfies("1.2.0", "2.0.0")).isFalse();
        assertThat(CaretVersion.satisfies("0.0.3", "0.0.4")).isFalse();
    }

    @Test
    void theHashIsStableAcrossParsesAndFollowsTheInterfaceNotTheBinary() throws IOException {
        String hash = InterfaceHash.of(textComponent());
        assertThat(hash).matches("[0-9a-f]{64}").isEqualTo(InterfaceHash.of(textComponent()));
        assertThat(InterfaceHash.canonicalText(textComponent()))
                .contains("export plinth:plugin/processing@0.1#process: func(input: #")
                .contains("import plinth:plugin/logger@0.1\n");
        WorldContract world = WorldContract.of(WitParser.load(PLINTH_WIT), "plugin");
        assertThat(InterfaceHash.of(world.type())).as("the world's functions are the component's")
                .isEqualTo(hash);
        assertThat(InterfaceHash.of(world("plugin", "package plinth:plugin@0.1.0;", "package plinth:plugin@0.1.4;")
                .type())).as("a compatible version hashes alike").isEqualTo(hash);
        assertThat(InterfaceHash.of(world("plugin", "        notes: list<string>,", "        remarks: list<string>,")
                .type())).isNotEqualTo(hash);
    }

    @Test
    void theServingVersionsExportsMustStay() throws IOException {
        ComponentType serving = textComponent();
        assertThat(ContractCheck.againstServing(serving).firstDifference(textComponent())).isEmpty();
        ComponentType fewer = new ComponentType(serving.imports(), serving.exports().subList(0, 1));
        assertThat(ContractCheck.againstServing(serving).firstDifference(fewer)).hasValueSatisfying(d -> assertThat(d)
                .contains(": missing in the new version, which exports"));
    }
}
