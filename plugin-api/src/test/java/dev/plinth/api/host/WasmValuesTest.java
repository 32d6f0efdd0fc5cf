package dev.plinth.api.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The values a raw host function takes and returns, and their bits as an engine holds them. */
class WasmValuesTest {

    @Test
    void eachTypeReadsBackWhatWasWritten() {
        WasmValues values = WasmValues.builder().addInt(-42).addLong(Long.MIN_VALUE).addFloat(-1.5f)
                .addDouble(Math.PI).build();
        assertThat(values.types()).containsExactly(WasmType.I32, WasmType.I64, WasmType.F32, WasmType.F64);
        assertThat(values.getInt(0)).isEqualTo(-42);
        assertThat(values.getLong(1)).isEqualTo(Long.MIN_VALUE);
        assertThat(values.getFloat(2)).isEqualTo(-1.5f);
        assertThat(values.getDouble(3)).isEqualTo(Math.PI);
        assertThat(values).hasToString("(i32 -42, i64 -9223372036854775808, f32 -1.5, f64 3.141592653589793)");
    }

    @Test
    void bitsAreTheEnginesAndAnI32sUpperHalfIsIgnored() {
        WasmValues values = WasmValues.fromBits(List.of(WasmType.I32, WasmType.F32, WasmType.F64),
                new long[] {0xFFFF_FFFF_FFFF_FFFEL, Float.floatToRawIntBits(2.5f), Double.doubleToRawLongBits(-0.0)});
        assertThat(values.getInt(0)).isEqualTo(-2);
        assertThat(values.bits(0)).isEqualTo(0xFFFF_FFFEL);
        assertThat(values.getFloat(1)).isEqualTo(2.5f);
        assertThat(Double.doubleToRawLongBits(values.getDouble(2))).isEqualTo(Double.doubleToRawLongBits(-0.0));
        assertThat(values).isEqualTo(WasmValues.builder().addInt(-2).addFloat(2.5f).addDouble(-0.0).build());
        assertThat(WasmValues.fromBits(List.of(), new long[0])).isSameAs(WasmValues.of());
    }

    @Test
    void readingTheWrongTypeOrIndexSaysWhatIsThere() {
        WasmValues one = WasmValues.ofLong(7);
        assertThatThrownBy(() -> one.getInt(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("value 0 is an i64, not an i32");
        assertThatThrownBy(() -> one.getLong(1)).isInstanceOf(IndexOutOfBoundsException.class)
                .hasMessageContaining("no value 1: there is 1");
        assertThatThrownBy(() -> WasmValues.fromBits(List.of(WasmType.I32), new long[2]))
                .hasMessageContaining("1 types but 2 values");
    }

    @Test
    void rawFunctionsKeepTheirSignature() {
        RawHostFunction f = RawHostFunction.of("host", "hostAdd", List.of(WasmType.I32, WasmType.I32),
                List.of(WasmType.I32), (call, args) -> WasmValues.ofInt(args.getInt(0) + args.getInt(1)));
        assertThat(f.namespace()).isEqualTo("host");
        assertThat(f.name()).isEqualTo("hostAdd");
        assertThat(f.invoke(null, WasmValues.builder().addInt(40).addInt(2).build())).isEqualTo(WasmValues.ofInt(42));
        assertThatThrownBy(() -> RawHostFunction.of("extism:host/env", "alloc", List.of(), List.of(),
                (call, args) -> null)).hasMessageContaining("host's own");
    }
}
