package dev.plinth.component;

import static org.assertj.core.api.Assertions.assertThat;

import com.dylibso.chicory.compiler.MachineFactoryCompiler;
import dev.plinth.component.value.Value;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every WIT type lowered by the host and lifted back, through a real component on Chicory, in each string encoding. */
class RoundTripTest {
    private static final Map<String, Component> BY_ENCODING = new java.util.HashMap<>();

    @BeforeAll
    static void assemble() {
        for (String encoding : List.of("utf8", "utf16", "latin1+utf16")) {
            BY_ENCODING.put(encoding, Component.parse(EchoComponents.echo(encoding)));
        }
    }

    static Value.Tuple pad() {
        List<Value> pad = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            pad.add(new Value.U32(i));
        }
        return new Value.Tuple(pad);
    }

    static Stream<Arguments> scalars() {
        return Stream.of(
                Arguments.of("bool", new Value.Bool(true)), Arguments.of("bool", new Value.Bool(false)),
                Arguments.of("s8", new Value.S8((byte) -128)), Arguments.of("u8", new Value.U8(255)),
                Arguments.of("s16", new Value.S16((short) -32768)), Arguments.of("u16", new Value.U16(65535)),
                Arguments.of("s32", new Value.S32(Integer.MIN_VALUE)), Arguments.of("u32", new Value.U32(0xFFFF_FFFFL)),
                Arguments.of("s64", new Value.S64(Long.MIN_VALUE)), Arguments.of("u64", new Value.U64(-1L)),
                Arguments.of("f32", new Value.F32(-1.5e-7f)), Arguments.of("f64", new Value.F64(Math.PI)),
                Arguments.of("char", new Value.Char(0x1F600)), Arguments.of("char", new Value.Char('a')),
                Arguments.of("enum", new Value.Enum("blue")),
                Arguments.of("flags", new Value.Flags(Set.of("read", "exec"))),
                Arguments.of("flags", new Value.Flags(Set.of())),
                Arguments.of("flags16", new Value.Flags(Set.of("f0", "f11"))),
                Arguments.of("flags32", new Value.Flags(Set.of("f0", "f31", "f16"))),
                Arguments.of("result-empty", new Value.Result(false, Optional.empty())),
                Arguments.of("result-empty", new Value.Result(true, Optional.empty())));
    }

    static Stream<Arguments> spilled() {
        List<Arguments> cases = new ArrayList<>();
        for (String encoding : List.of("utf8", "utf16", "latin1+utf16")) {
            for (String s : List.of("", "plain ascii", "latin-1: café ÿ", "ünïcödé ✓ 😀 𝄞", "x".repeat(5000))) {
                cases.add(Arguments.of(encoding, "string", new Value.Str(s)));
            }
            cases.add(Arguments.of(encoding, "list", new Value.ListOf(List.of(new Value.U16(1), new Value.U16(65535)))));
            cases.add(Arguments.of(encoding, "list", new Value.ListOf(List.of())));
            cases.add(Arguments.of(encoding, "list-string", new Value.ListOf(List.of(new Value.Str("a"),
                    new Value.Str("ß😀"), new Value.Str("")))));
            cases.add(Arguments.of(encoding, "record", record(7, "Zoë", 2.5, List.of("x", "yz"))));
            cases.add(Arguments.of(encoding, "tuple", new Value.Tuple(List.of(new Value.U8(9), new Value.S64(-3),
                    new Value.Char(0x10FFFF), new Value.F32(Float.NaN)))));
            cases.add(Arguments.of(encoding, "variant", new Value.Variant("none", Optional.empty())));
            cases.add(Arguments.of(encoding, "variant", new Value.Variant("small", Optional.of(new Value.U8(200)))));
            cases.add(Arguments.of(encoding, "variant", new Value.Variant("text", Optional.of(new Value.Str("hé")))));
            cases.add(Arguments.of(encoding, "variant", new Value.Variant("big", Optional.of(new Value.U64(-2L)))));
            cases.add(Arguments.of(encoding, "variant", new Value.Variant("real", Optional.of(new Value.F32(0.25f)))));
            cases.add(Arguments.of(encoding, "option", new Value.Option(Optional.of(new Value.U32(42)))));
            cases.add(Arguments.of(encoding, "option", new Value.Option(Optional.empty())));
            cases.add(Arguments.of(encoding, "option-string", new Value.Option(Optional.of(new Value.Str("some")))));
            cases.add(Arguments.of(encoding, "result", new Value.Result(true, Optional.of(new Value.Str("ok!")))));
            cases.add(Arguments.of(encoding, "result", new Value.Result(false, Optional.of(new Value.U32(404)))));
            cases.add(Arguments.of(encoding, "nested", new Value.ListOf(List.of(
                    new Value.Tuple(List.of(new Value.Option(Optional.of(new Value.Str("n"))),
                            new Value.Result(true, Optional.of(new Value.U8(1))),
                            new Value.ListOf(List.of(new Value.Variant("a", Optional.of(new Value.F64(-0.0))),
                                    new Value.Variant("b", Optional.of(new Value.S16((short) -7))))))),
                    new Value.Tuple(List.of(new Value.Option(Optional.empty()),
                            new Value.Result(false, Optional.empty()), new Value.ListOf(List.of())))))));
        }
        return cases.stream();
    }

    static Value record(int id, String name, double score, List<String> tags) {
        Map<String, Value> fields = new java.util.LinkedHashMap<>();
        fields.put("id", new Value.U8(id));
        fields.put("name", new Value.Str(name));
        fields.put("score", new Value.F64(score));
        fields.put("tags", new Value.ListOf(tags.stream().<Value>map(Value.Str::new).toList()));
        return new Value.Record(fields);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("scalars")
    void scalarsRoundTripThroughFlatValues(String type, Value value) {
        ComponentInstance instance = BY_ENCODING.get("utf8").instantiate();
        assertThat(instance.call("echo-" + type, List.of(value))).containsExactly(value);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("spilled")
    void compoundValuesRoundTripThroughMemory(String encoding, String type, Value value) {
        ComponentInstance instance = BY_ENCODING.get(encoding).instantiate();
        assertThat(instance.call("echo-" + type, List.of(value, pad()))).containsExactly(value);
        assertThat(instance.isDead()).isFalse();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("spilled")
    void theSameOnChicorysCompiler(String encoding, String type, Value value) {
        ComponentInstance instance = BY_ENCODING.get(encoding).instantiate(
                ComponentOptions.defaults().withMachineFactory(MachineFactoryCompiler::compile));
        assertThat(instance.call("echo-" + type, List.of(value, pad()))).containsExactly(value);
    }

    @Test
    void postReturnRunsAfterEachCallThatDeclaresIt() {
        ComponentInstance instance = BY_ENCODING.get("utf8").instantiate();
        assertThat(instance.call("posts", List.of())).containsExactly(new Value.U32(0));
        instance.call("echo-string", List.of(new Value.Str("a"), pad()));
        instance.call("echo-list", List.of(new Value.ListOf(List.of()), pad()));
        instance.call("add", List.of(new Value.U32(1), new Value.U32(2)));
        assertThat(instance.call("posts", List.of())).containsExactly(new Value.U32(2));
    }

    @Test
    void flatParametersAndAWrappingAdd() {
        ComponentInstance instance = BY_ENCODING.get("utf8").instantiate();
        assertThat(instance.call("add", List.of(new Value.U32(0xFFFF_FFFFL), new Value.U32(2))))
                .containsExactly(new Value.U32(1));
    }

    @Test
    void variantPayloadsShareJoinedFlatSlots() {
        ComponentInstance instance = BY_ENCODING.get("utf8").instantiate();
        assertThat(instance.call("variant-bits", List.of(new Value.Variant("b", Optional.of(new Value.U64(-5L))))))
                .containsExactly(new Value.U64(-5L));
        // An f32 payload goes into the joined i64 slot as its bits, zero-extended.
        assertThat(instance.call("variant-bits", List.of(new Value.Variant("a", Optional.of(new Value.F32(-1.5f))))))
                .containsExactly(new Value.U64(Float.floatToRawIntBits(-1.5f) & 0xFFFF_FFFFL));
    }

    @Test
    void exportsAreListedWithTheirWitTypes() {
        ComponentInstance instance = BY_ENCODING.get("utf8").instantiate();
        assertThat(instance.exports().get("add").wit()).isEqualTo("func(a: u32, b: u32) -> u32");
        assertThat(instance.exports().get("echo-option").wit()).startsWith("func(x: option<u32>, pad: tuple<u32");
    }
}
