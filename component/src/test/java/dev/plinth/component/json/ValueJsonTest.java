package dev.plinth.component.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.plinth.component.type.FuncType;
import dev.plinth.component.type.ResourceType;
import dev.plinth.component.type.ValueType;
import dev.plinth.component.type.ValueType.Case;
import dev.plinth.component.type.ValueType.EnumType;
import dev.plinth.component.type.ValueType.Field;
import dev.plinth.component.type.ValueType.FlagsType;
import dev.plinth.component.type.ValueType.ListType;
import dev.plinth.component.type.ValueType.OptionType;
import dev.plinth.component.type.ValueType.Primitive;
import dev.plinth.component.type.ValueType.RecordType;
import dev.plinth.component.type.ValueType.ResultType;
import dev.plinth.component.type.ValueType.TupleType;
import dev.plinth.component.type.ValueType.VariantType;
import dev.plinth.component.value.Value;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The JSON mapping of every WIT type, both ways, and its errors with their paths. */
class ValueJsonTest {
    static final RecordType ITEM = new RecordType(List.of(new Field("name", Primitive.STRING),
            new Field("count", Primitive.U32)));
    static final RecordType REQUEST = new RecordType(List.of(new Field("request-id", Primitive.STRING),
            new Field("items", new ListType(ITEM)), new Field("priority", new OptionType(Primitive.U8))));
    static final VariantType SHAPE = new VariantType(List.of(new Case("circle", Optional.of(Primitive.F64)),
            new Case("none", Optional.empty()), new Case("label", Optional.of(Primitive.STRING))));
    static final ResultType RESULT = new ResultType(Optional.of(Primitive.STRING), Optional.of(Primitive.U32));
    static final ResourceType COUNTER = new ResourceType("counter");

    static Stream<Arguments> roundTrips() {
        return Stream.of(
                Arguments.of(Primitive.BOOL, new Value.Bool(true), "true"),
                Arguments.of(Primitive.S8, new Value.S8((byte) -128), "-128"),
                Arguments.of(Primitive.U8, new Value.U8(255), "255"),
                Arguments.of(Primitive.S16, new Value.S16((short) -32768), "-32768"),
                Arguments.of(Primitive.U16, new Value.U16(65535), "65535"),
                Arguments.of(Primitive.S32, new Value.S32(Integer.MIN_VALUE), "-2147483648"),
                Arguments.of(Primitive.U32, new Value.U32(4294967295L), "4294967295"),
                Arguments.of(Primitive.S64, new Value.S64(Long.MIN_VALUE), "-9223372036854775808"),
                Arguments.of(Primitive.U64, new Value.U64(-1L), "18446744073709551615"),
                Arguments.of(Primitive.U64, new Value.U64(7), "7"),
                Arguments.of(Primitive.F32, new Value.F32(0.1f), "0.1"),
                Arguments.of(Primitive.F32, new Value.F32(Float.NaN), "\"NaN\""),
                Arguments.of(Primitive.F32, new Value.F32(Float.NEGATIVE_INFINITY), "\"-Infinity\""),
                Arguments.of(Primitive.F64, new Value.F64(Math.PI), "3.141592653589793"),
                Arguments.of(Primitive.F64, new Value.F64(-0.0), "-0.0"),
                Arguments.of(Primitive.F64, new Value.F64(Double.POSITIVE_INFINITY), "\"Infinity\""),
                Arguments.of(Primitive.CHAR, new Value.Char(0x1F600), "\"😀\""),
                Arguments.of(Primitive.STRING, new Value.Str("Zoë \"quoted\" 𝄞"), "\"Zoë \\\"quoted\\\" 𝄞\""),
                Arguments.of(new ListType(Primitive.U16), new Value.ListOf(List.of(new Value.U16(1), new Value.U16(2))),
                        "[1,2]"),
                Arguments.of(new ListType(Primitive.STRING), new Value.ListOf(List.of()), "[]"),
                Arguments.of(ITEM, item("a", 3), "{\"name\":\"a\",\"count\":3}"),
                Arguments.of(new TupleType(List.of(Primitive.U8, Primitive.STRING, Primitive.BOOL)),
                        new Value.Tuple(List.of(new Value.U8(1), new Value.Str("x"), new Value.Bool(false))),
                        "[1,\"x\",false]"),
                Arguments.of(SHAPE, new Value.Variant("circle", Optional.of(new Value.F64(1.5))), "{\"circle\":1.5}"),
                Arguments.of(SHAPE, new Value.Variant("none", Optional.empty()), "{\"none\":null}"),
                Arguments.of(new EnumType(List.of("red", "green")), new Value.Enum("green"), "\"green\""),
                Arguments.of(new OptionType(Primitive.U32), new Value.Option(Optional.of(new Value.U32(0))), "0"),
                Arguments.of(new OptionType(Primitive.U32), new Value.Option(Optional.empty()), "null"),
                Arguments.of(RESULT, new Value.Result(true, Optional.of(new Value.Str("fine"))), "{\"ok\":\"fine\"}"),
                Arguments.of(RESULT, new Value.Result(false, Optional.of(new Value.U32(404))), "{\"err\":404}"),
                Arguments.of(new ResultType(Optional.empty(), Optional.empty()), new Value.Result(true, Optional.empty()),
                        "{\"ok\":null}"),
                Arguments.of(new ResultType(Optional.empty(), Optional.of(Primitive.STRING)),
                        new Value.Result(false, Optional.of(new Value.Str("no"))), "{\"err\":\"no\"}"),
                Arguments.of(new FlagsType(List.of("read", "write", "exec")), new Value.Flags(Set.of("exec", "read")),
                        "[\"read\",\"exec\"]"),
                Arguments.of(new FlagsType(List.of("read")), new Value.Flags(Set.of()), "[]"),
                Arguments.of(new ValueType.OwnType(COUNTER), new Value.Handle(3), "3"),
                Arguments.of(new ValueType.BorrowType(COUNTER), new Value.Handle(0), "0"),
                // nesting
                Arguments.of(REQUEST, request("r1", List.of(item("a", 1), item("b", 2)), Optional.of(5)),
                        "{\"request-id\":\"r1\",\"items\":[{\"name\":\"a\",\"count\":1},{\"name\":\"b\",\"count\":2}],"
                                + "\"priority\":5}"),
                Arguments.of(REQUEST, request("r2", List.of(), Optional.empty()),
                        "{\"request-id\":\"r2\",\"items\":[],\"priority\":null}"),
                Arguments.of(new ListType(new OptionType(SHAPE)), new Value.ListOf(List.of(
                        new Value.Option(Optional.empty()),
                        new Value.Option(Optional.of(new Value.Variant("label", Optional.of(new Value.Str("x"))))))),
                        "[null,{\"label\":\"x\"}]"),
                Arguments.of(new ResultType(Optional.of(new ListType(ITEM)), Optional.of(SHAPE)),
                        new Value.Result(false, Optional.of(new Value.Variant("none", Optional.empty()))),
                        "{\"err\":{\"none\":null}}"),
                // nested options: the outer one wraps its value in {"some": ...}
                Arguments.of(new OptionType(new OptionType(Primitive.U8)), new Value.Option(Optional.empty()), "null"),
                Arguments.of(new OptionType(new OptionType(Primitive.U8)),
                        new Value.Option(Optional.of(new Value.Option(Optional.empty()))), "{\"some\":null}"),
                Arguments.of(new OptionType(new OptionType(Primitive.U8)),
                        new Value.Option(Optional.of(new Value.Option(Optional.of(new Value.U8(5))))), "{\"some\":5}"),
                Arguments.of(new OptionType(new OptionType(new OptionType(Primitive.U8))),
                        new Value.Option(Optional.of(new Value.Option(Optional.of(new Value.Option(Optional.empty()))))),
                        "{\"some\":{\"some\":null}}"),
                Arguments.of(new ListType(new OptionType(new OptionType(Primitive.STRING))), new Value.ListOf(List.of(
                        new Value.Option(Optional.empty()), new Value.Option(Optional.of(new Value.Option(Optional.empty()))),
                        new Value.Option(Optional.of(new Value.Option(Optional.of(new Value.Str("s"))))))),
                        "[null,{\"some\":null},{\"some\":\"s\"}]"));
    }

    @ParameterizedTest(name = "{0} {2}")
    @MethodSource("roundTrips")
    void roundTrips(ValueType type, Value value, String json) {
        assertThat(ValueJson.toJsonString(value, type)).isEqualTo(ValueJson.parse(json).toString());
        assertThat(ValueJson.fromJson(json, type)).isEqualTo(value);
        assertThat(ValueJson.fromJson(ValueJson.toJsonString(value, type), type)).isEqualTo(value);
    }

    @Test
    void alsoAcceptsWhatToolsWrite() {
        // 64-bit integers as decimal strings (past 2^53 a JavaScript number loses digits)
        assertThat(ValueJson.fromJson("\"18446744073709551615\"", Primitive.U64)).isEqualTo(new Value.U64(-1L));
        assertThat(ValueJson.fromJson("\"-9007199254740993\"", Primitive.S64))
                .isEqualTo(new Value.S64(-9007199254740993L));
        // integral numbers written with an exponent or a zero fraction
        assertThat(ValueJson.fromJson("1e3", Primitive.U32)).isEqualTo(new Value.U32(1000));
        assertThat(ValueJson.fromJson("2.0", Primitive.S8)).isEqualTo(new Value.S8((byte) 2));
        // integers for floats
        assertThat(ValueJson.fromJson("3", Primitive.F32)).isEqualTo(new Value.F32(3f));
        // list<u8> as base64
        assertThat(ValueJson.fromJson("\"AQL/\"", new ListType(Primitive.U8)))
                .isEqualTo(new Value.ListOf(List.of(new Value.U8(1), new Value.U8(2), new Value.U8(255))));
        // a payload-less case as a bare string
        assertThat(ValueJson.fromJson("\"none\"", SHAPE)).isEqualTo(new Value.Variant("none", Optional.empty()));
        // flags in any order
        assertThat(ValueJson.fromJson("[\"write\",\"read\"]", new FlagsType(List.of("read", "write"))))
                .isEqualTo(new Value.Flags(Set.of("read", "write")));
    }

    @Test
    void argumentsByPositionOrByNameAndResults() {
        FuncType process = new FuncType(List.of(new Field("req", REQUEST), new Field("dry-run", Primitive.BOOL)),
                List.of(RESULT));
        List<Value> expected = List.of(request("r1", List.of(), Optional.empty()), new Value.Bool(true));
        assertThat(ValueJson.arguments("[{\"request-id\":\"r1\",\"items\":[],\"priority\":null}, true]", process))
                .isEqualTo(expected);
        assertThat(ValueJson.arguments("{\"dry-run\":true,\"req\":{\"request-id\":\"r1\",\"items\":[],"
                + "\"priority\":null}}", process)).isEqualTo(expected);
        assertThat(ValueJson.results(List.of(new Value.Result(true, Optional.of(new Value.Str("done")))), process))
                .isEqualTo(ValueJson.parse("{\"ok\":\"done\"}"));
        FuncType none = new FuncType(List.of(), List.of());
        assertThat(ValueJson.arguments("[]", none)).isEmpty();
        assertThat(ValueJson.results(List.of(), none).isNull()).isTrue();
    }

    static Stream<Arguments> errors() {
        return Stream.of(
                Arguments.of(REQUEST, "{\"request-id\":\"r1\",\"items\":[{\"name\":\"a\",\"count\":1},"
                        + "{\"name\":7,\"count\":1}],\"priority\":null}", "$.items[1].name",
                        "expected a string, got the number 7"),
                Arguments.of(REQUEST, "{\"request-id\":\"r1\",\"items\":[{\"name\":\"a\",\"count\":-1}],\"priority\":null}",
                        "$.items[0].count", "expected an integer 0..4294967295 (u32), got -1, which is out of range"),
                Arguments.of(REQUEST, "{\"request-id\":\"r1\",\"items\":[]}", "$", "missing field 'priority' (option<u8>)"),
                Arguments.of(REQUEST, "{\"request-id\":\"r1\",\"items\":[],\"priority\":null,\"extra\":1}", "$",
                        "the record has no field 'extra' (its fields: [request-id, items, priority])"),
                Arguments.of(REQUEST, "[1]", "$", "expected an object with the record's fields"),
                Arguments.of(REQUEST, "{\"request-id\":\"r1\",\"items\":[],\"priority\":1.5}", "$.priority",
                        "which is not an integer"),
                Arguments.of(new ListType(Primitive.U8), "\"not base64!\"", "$", "not base64"),
                Arguments.of(new ListType(Primitive.U16), "\"AQL/\"", "$", "expected an array (list<u16>), got the string"),
                Arguments.of(Primitive.U8, "256", "$", "expected an integer 0..255 (u8), got 256, which is out of range"),
                Arguments.of(Primitive.U32, "\"5\"", "$", "expected an integer 0..4294967295 (u32), got the string \"5\""),
                Arguments.of(Primitive.U64, "\"18446744073709551616\"", "$", "out of range"),
                Arguments.of(Primitive.U64, "\"0x10\"", "$", "which is not a decimal integer"),
                Arguments.of(Primitive.S64, "9223372036854775808", "$", "out of range"),
                Arguments.of(Primitive.BOOL, "\"true\"", "$", "expected true or false (bool), got the string \"true\""),
                Arguments.of(Primitive.CHAR, "\"ab\"", "$", "expected a string of one Unicode scalar value (char)"),
                Arguments.of(Primitive.CHAR, "\"\"", "$", "expected a string of one Unicode scalar value (char)"),
                Arguments.of(Primitive.CHAR, "\"\\udc00\"", "$", "not a Unicode scalar value"),
                Arguments.of(Primitive.STRING, "\"a\\ud800b\"", "$", "unpaired surrogate"),
                Arguments.of(Primitive.F64, "\"nan\"", "$", "expected a number, or \"NaN\""),
                Arguments.of(new TupleType(List.of(Primitive.U8, Primitive.U8)), "[1]", "$",
                        "expected an array of 2 (tuple<u8, u8>), got an array of 1"),
                Arguments.of(new TupleType(List.of(Primitive.U8, Primitive.STRING)), "[1, 2]", "$[1]", "expected a string"),
                Arguments.of(SHAPE, "{\"square\":1}", "$", "expected one of the cases [circle, none, label], got 'square'"),
                Arguments.of(SHAPE, "{\"circle\":1,\"none\":null}", "$", "an object with 2 members [circle, none]"),
                Arguments.of(SHAPE, "{\"none\":1}", "$.none", "case 'none' has no payload: expected null, got the number 1"),
                Arguments.of(SHAPE, "{\"circle\":\"big\"}", "$.circle", "expected a number"),
                Arguments.of(SHAPE, "\"circle\"", "$", "case 'circle' has a payload (f64)"),
                Arguments.of(new EnumType(List.of("red", "green")), "\"blue\"", "$",
                        "expected one of [red, green], got the string \"blue\""),
                Arguments.of(RESULT, "{\"error\":1}", "$", "expected {\"ok\": ...} or {\"err\": ...}"),
                Arguments.of(RESULT, "{\"ok\":1}", "$.ok", "expected a string"),
                Arguments.of(RESULT, "{}", "$", "an empty object"),
                Arguments.of(new FlagsType(List.of("read", "write")), "[\"read\",\"exec\"]", "$[1]",
                        "expected one of the flags [read, write], got the string \"exec\""),
                Arguments.of(new FlagsType(List.of("read", "write")), "[\"read\",\"read\"]", "$[1]", "given twice"),
                Arguments.of(new OptionType(new OptionType(Primitive.U8)), "5", "$",
                        "expected null or {\"some\": ...} (option<option<u8>>), got the number 5"),
                Arguments.of(new OptionType(new OptionType(Primitive.U8)), "{\"some\":\"x\"}", "$.some",
                        "expected an integer 0..255 (u8), got the string \"x\""),
                Arguments.of(new ValueType.OwnType(COUNTER), "-1", "$", "a handle is 0..4294967295"),
                Arguments.of(new ValueType.OwnType(COUNTER), "\"h1\"", "$", "expected a handle"),
                Arguments.of(Primitive.STRING, "{\"a\":1,\"a\":2}", "$", "not JSON"),
                Arguments.of(Primitive.STRING, "[1,", "$", "not JSON"),
                Arguments.of(Primitive.STRING, "", "$", "expected a JSON document"),
                Arguments.of(new RecordType(List.of(new Field("odd name", Primitive.U8))), "{\"odd name\":\"x\"}",
                        "$[\"odd name\"]", "expected an integer"));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("errors")
    void wrongShapesNameThePathAndWhatWasExpected(ValueType type, String json, String path, String message) {
        assertThatThrownBy(() -> ValueJson.fromJson(json, type))
                .isInstanceOfSatisfying(JsonValueException.class, e -> assertThat(e.path()).isEqualTo(path))
                .hasMessageStartingWith("at " + path + ": ")
                .hasMessageContaining(message);
    }

    @Test
    void argumentErrorsNameTheParameter() {
        FuncType process = new FuncType(List.of(new Field("req", REQUEST), new Field("dry-run", Primitive.BOOL)),
                List.of());
        assertThatThrownBy(() -> ValueJson.arguments("[{\"request-id\":\"r1\",\"items\":[{\"name\":\"a\"}],"
                + "\"priority\":null}, true]", process))
                .hasMessage("at $[0].items[0] (parameter req): missing field 'count' (u32)");
        assertThatThrownBy(() -> ValueJson.arguments("{\"req\":{\"request-id\":\"r1\",\"items\":[],\"priority\":null},"
                + "\"dry-run\":1}", process))
                .hasMessage("at $.dry-run (parameter dry-run): expected true or false (bool), got the number 1");
        assertThatThrownBy(() -> ValueJson.arguments("[true]", process))
                .hasMessageStartingWith("at $: expected 2 arguments (req: record { request-id: string,")
                .hasMessageEndingWith(", dry-run: bool), got 1 element");
        assertThatThrownBy(() -> ValueJson.arguments("{\"req\":{}}", process))
                .hasMessage("at $: missing the argument for parameter 'dry-run' (bool)");
        assertThatThrownBy(() -> ValueJson.arguments("{\"request\":{}}", process))
                .hasMessageStartingWith("at $: there is no parameter 'request' in (req: ");
        assertThatThrownBy(() -> ValueJson.arguments("\"r1\"", process))
                .hasMessageStartingWith("at $: expected the arguments as an array");
    }

    @Test
    void valuesOfTheWrongTypeAreRefusedOnTheWayOutToo() {
        assertThatThrownBy(() -> ValueJson.toJson(new Value.Record(Map.of("name", new Value.Str("a"),
                "count", new Value.Str("3"))), ITEM))
                .isInstanceOfSatisfying(JsonValueException.class, e -> assertThat(e.path()).isEqualTo("$.count"))
                .hasMessageContaining("a value of type u32 is a Value.U32");
        assertThatThrownBy(() -> ValueJson.toJson(new Value.Variant("square", Optional.empty()), SHAPE))
                .hasMessageContaining("the variant has no case 'square'");
        assertThatThrownBy(() -> ValueJson.toJson(new Value.Variant("circle", Optional.empty()), SHAPE))
                .hasMessage("at $.circle: case 'circle' has a payload of type f64, the value has none");
        assertThatThrownBy(() -> ValueJson.toJson(new Value.Flags(Set.of("x")), new FlagsType(List.of("read"))))
                .hasMessage("at $: flags [x] are not in [read]");
        assertThatThrownBy(() -> ValueJson.toJson(new Value.ListOf(List.of(new Value.U8(1), new Value.S8((byte) 1))),
                new ListType(Primitive.U8))).hasMessageStartingWith("at $[1]: ");
    }

    @Test
    void deepAndLongDocumentsConvert() {
        ValueType type = Primitive.U8;
        Value value = new Value.U8(1);
        String json = "1";
        for (int i = 0; i < 50; i++) {
            type = new ListType(type);
            value = new Value.ListOf(List.of(value));
            json = "[" + json + "]";
        }
        assertThat(ValueJson.fromJson(json, type)).isEqualTo(value);
        assertThat(ValueJson.toJsonString(value, type)).isEqualTo(json);
        StringBuilder big = new StringBuilder("[");
        for (int i = 0; i < 100_000; i++) {
            big.append(i == 0 ? "" : ",").append(i % 256);
        }
        Value list = ValueJson.fromJson(big.append(']').toString(), new ListType(Primitive.U8));
        assertThat(((Value.ListOf) list).elements()).hasSize(100_000);
    }

    static Value item(String name, long count) {
        Map<String, Value> fields = new LinkedHashMap<>();
        fields.put("name", new Value.Str(name));
        fields.put("count", new Value.U32(count));
        return new Value.Record(fields);
    }

    static Value request(String id, List<Value> items, Optional<Integer> priority) {
        Map<String, Value> fields = new LinkedHashMap<>();
        fields.put("request-id", new Value.Str(id));
        fields.put("items", new Value.ListOf(items));
        fields.put("priority", new Value.Option(priority.map(p -> (Value) new Value.U8(p))));
        return new Value.Record(fields);
    }
}
