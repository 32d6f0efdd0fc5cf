package dev.plinth.component;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plinth.component.json.ValueJson;
import dev.plinth.component.type.FuncType;
import dev.plinth.component.value.Value;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

/**
 * JSON in, through a real component and back out as JSON: the arguments are read by the export's parameter
 * types (as the parser resolved them), lowered into the guest, lifted back and written by its result type.
 */
class JsonRoundTripTest {
    private static ComponentInstance echo;

    @BeforeAll
    static void assemble() {
        echo = Component.parse(EchoComponents.echo("utf8")).instantiate();
    }

    static Stream<Arguments> documents() {
        return Stream.of(
                Arguments.of("echo-bool", "false"), Arguments.of("echo-s8", "-5"), Arguments.of("echo-u8", "200"),
                Arguments.of("echo-s16", "-300"), Arguments.of("echo-u16", "65535"), Arguments.of("echo-s32", "-7"),
                Arguments.of("echo-u32", "4294967295"), Arguments.of("echo-s64", "-9223372036854775808"),
                Arguments.of("echo-u64", "18446744073709551615"), Arguments.of("echo-f32", "\"NaN\""),
                Arguments.of("echo-f32", "1.25"), Arguments.of("echo-f64", "\"-Infinity\""),
                Arguments.of("echo-char", "\"😀\""), Arguments.of("echo-enum", "\"green\""),
                Arguments.of("echo-flags", "[\"read\",\"exec\"]"), Arguments.of("echo-flags32", "[\"f0\",\"f31\"]"),
                Arguments.of("echo-result-empty", "{\"err\":null}"),
                Arguments.of("echo-string", "\"Zoë 𝄞\""), Arguments.of("echo-list", "[1,65535]"),
                Arguments.of("echo-list-string", "[\"a\",\"\",\"ß\"]"),
                Arguments.of("echo-record", "{\"id\":7,\"name\":\"n\",\"score\":2.5,\"tags\":[\"x\"]}"),
                Arguments.of("echo-tuple", "[9,-3,\"z\",0.5]"),
                Arguments.of("echo-variant", "{\"none\":null}"), Arguments.of("echo-variant", "{\"text\":\"hé\"}"),
                Arguments.of("echo-variant", "{\"big\":18446744073709551614}"),
                Arguments.of("echo-option", "null"), Arguments.of("echo-option", "42"),
                Arguments.of("echo-option-string", "\"some\""),
                Arguments.of("echo-result", "{\"ok\":\"fine\"}"), Arguments.of("echo-result", "{\"err\":404}"),
                Arguments.of("echo-nested", "[[\"n\",{\"ok\":3},[{\"a\":1.5},{\"b\":-2}]],[null,{\"err\":null},[]]]"));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("documents")
    void throughTheGuestAndBack(String export, String json) {
        FuncType type = echo.exports().get(export);
        List<String> args = new ArrayList<>(List.of(json));
        if (type.params().size() == 2) {
            args.add("[0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15]");
        }
        List<Value> values = ValueJson.arguments("[" + String.join(",", args) + "]", type);
        JsonNode result = ValueJson.results(echo.call(export, values), type);
        assertThat(result.toString()).isEqualTo(ValueJson.parse(json).toString());
    }
}
