package dev.plinth.component.internal.abi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plinth.component.type.ResourceType;
import dev.plinth.component.type.ValueType;
import dev.plinth.component.type.ValueType.*;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Sizes, alignments and flattenings as CanonicalABI.md defines them, on types whose layout is worked out by hand. */
class LayoutTest {
    private final Layout layout = new Layout();

    @Test
    void primitives() {
        assertThat(info(Primitive.BOOL)).isEqualTo(new Layout.Info(1, 1, 1, List.of(FlatType.I32)));
        assertThat(info(Primitive.U16)).isEqualTo(new Layout.Info(2, 2, 1, List.of(FlatType.I32)));
        assertThat(info(Primitive.CHAR)).isEqualTo(new Layout.Info(4, 4, 1, List.of(FlatType.I32)));
        assertThat(info(Primitive.F32)).isEqualTo(new Layout.Info(4, 4, 1, List.of(FlatType.F32)));
        assertThat(info(Primitive.S64)).isEqualTo(new Layout.Info(8, 8, 1, List.of(FlatType.I64)));
        assertThat(info(Primitive.F64)).isEqualTo(new Layout.Info(8, 8, 1, List.of(FlatType.F64)));
        assertThat(info(Primitive.STRING)).isEqualTo(new Layout.Info(8, 4, 2, List.of(FlatType.I32, FlatType.I32)));
        assertThat(info(new ListType(Primitive.U64))).isEqualTo(new Layout.Info(8, 4, 2, List.of(FlatType.I32, FlatType.I32)));
    }

    @Test
    void recordsPadFieldsToTheirAlignment() {
        // u8 at 0, u32 at 4, u8 at 8, u64 at 16: 24 bytes, aligned 8.
        RecordType r = new RecordType(List.of(new Field("a", Primitive.U8), new Field("b", Primitive.U32),
                new Field("c", Primitive.U8), new Field("d", Primitive.U64)));
        assertThat(info(r)).isEqualTo(new Layout.Info(24, 8, 4,
                List.of(FlatType.I32, FlatType.I32, FlatType.I32, FlatType.I64)));
        assertThat(layout.size(new TupleType(List.of(Primitive.U16, Primitive.U8)))).isEqualTo(4);
    }

    @Test
    void variantsJoinTheirCasesFlatTypes() {
        // variant { a(f32), b(u64), c(string) }: discriminant, then [f32|i64|i32 -> i64, i32].
        VariantType v = new VariantType(List.of(new Case("a", Optional.of(Primitive.F32)),
                new Case("b", Optional.of(Primitive.U64)), new Case("c", Optional.of(Primitive.STRING))));
        assertThat(info(v)).isEqualTo(new Layout.Info(16, 8, 3, List.of(FlatType.I32, FlatType.I64, FlatType.I32)));
        // option<f32> joins nothing with f32: [i32, f32]; result<u32, f32> joins i32 and f32 as i32.
        assertThat(info(new OptionType(Primitive.F32)).flat()).containsExactly(FlatType.I32, FlatType.F32);
        assertThat(info(new ResultType(Optional.of(Primitive.U32), Optional.of(Primitive.F32))).flat())
                .containsExactly(FlatType.I32, FlatType.I32);
        assertThat(info(new ResultType(Optional.empty(), Optional.empty()))).isEqualTo(
                new Layout.Info(1, 1, 1, List.of(FlatType.I32)));
        assertThat(info(new OptionType(Primitive.U8)).size()).isEqualTo(2);
    }

    @Test
    void discriminantsAndFlagsGrowWithTheirCount() {
        assertThat(layout.size(new EnumType(names(256)))).isEqualTo(1);
        assertThat(layout.size(new EnumType(names(257)))).isEqualTo(2);
        assertThat(layout.size(new FlagsType(names(8)))).isEqualTo(1);
        assertThat(layout.size(new FlagsType(names(9)))).isEqualTo(2);
        assertThat(layout.size(new FlagsType(names(17)))).isEqualTo(4);
        assertThat(info(new OwnType(new ResourceType("r")))).isEqualTo(new Layout.Info(4, 4, 1, List.of(FlatType.I32)));
    }

    @Test
    void longFlatteningsAreCountedNotBuilt() {
        List<ValueType> many = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            many.add(Primitive.U32);
        }
        Layout.Info info = info(new TupleType(many));
        assertThat(info.flatCount()).isEqualTo(20);
        assertThat(info.flat()).isNull();
        assertThat(info(new ListType(new TupleType(many))).flat()).hasSize(2);
    }

    private Layout.Info info(ValueType type) {
        return layout.of(type);
    }

    private static List<String> names(int n) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            names.add("n" + i);
        }
        return names;
    }
}
