package dev.plinth.component;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.plinth.component.json.ValueJson;
import dev.plinth.component.type.FuncType;
import dev.plinth.component.value.InvalidValueException;
import dev.plinth.component.value.Value;
import dev.plinth.testing.ComponentWat;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
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

    @Test
    void handlesAreNumbersThatTheSameInstanceTakesBack() {
        ComponentInstance counters = Component.parse(ComponentWat.assemble("""
                (component
                  (type $r (resource (rep i32)))
                  (core func $new (canon resource.new $r))
                  (core func $rep (canon resource.rep $r))
                  (core instance $builtins (export "new" (func $new)) (export "rep" (func $rep)))
                  (core module $m
                    (import "b" "new" (func $new (param i32) (result i32)))
                    (import "b" "rep" (func $rep (param i32) (result i32)))
                    (func (export "make") (param i32) (result i32) local.get 0 call $new)
                    (func (export "get") (param i32) (result i32) local.get 0 call $rep))
                  (core instance $i (instantiate $m (with "b" (instance $builtins))))
                  (type $own (own $r))
                  (type $borrow (borrow $r))
                  (func $make (param "rep" u32) (result $own) (canon lift (core func $i "make")))
                  (export "make" (func $make))
                  (func $get (param "h" $borrow) (result u32) (canon lift (core func $i "get")))
                  (export "get" (func $get))
                )
                """)).instantiate();
        FuncType make = counters.exports().get("make");
        FuncType get = counters.exports().get("get");
        JsonNode first = ValueJson.results(counters.call("make", ValueJson.arguments("[70]", make)), make);
        JsonNode second = ValueJson.results(counters.call("make", ValueJson.arguments("[80]", make)), make);
        assertThat(first.isIntegralNumber()).isTrue();
        assertThat(second.intValue()).isNotEqualTo(first.intValue());
        assertThat(ValueJson.results(counters.call("get", ValueJson.arguments("[" + second + "]", get)), get)
                .toString()).isEqualTo("80");
        assertThat(ValueJson.results(counters.call("get", ValueJson.arguments("{\"h\": " + first + "}", get)), get)
                .toString()).isEqualTo("70");
        // A number that is no handle of this instance is the caller's mistake, and the instance lives on.
        assertThatThrownBy(() -> counters.call("get", ValueJson.arguments("[99]", get)))
                .isInstanceOf(InvalidValueException.class);
        assertThat(counters.isDead()).isFalse();
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
