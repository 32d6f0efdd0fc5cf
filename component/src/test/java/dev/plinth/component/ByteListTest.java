package dev.plinth.component;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.plinth.component.json.ValueJson;
import dev.plinth.component.type.ValueType;
import dev.plinth.component.value.InvalidValueException;
import dev.plinth.component.value.Value;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code list<u8>} held as bytes: lifted from guest memory in one read, lowered in one write, read from base64 JSON,
 * equal to the same list of boxed {@link Value.U8}s, and written to JSON as the same array of numbers.
 */
class ByteListTest {
    private static final ValueType BYTES = new ValueType.ListType(ValueType.Primitive.U8);

    private static byte[] sample(int n) {
        byte[] bytes = new byte[n];
        for (int i = 0; i < n; i++) {
            bytes[i] = (byte) (i * 7);
        }
        return bytes;
    }

    private static Value.ListOf boxed(byte[] bytes) {
        List<Value> elements = new ArrayList<>();
        for (byte b : bytes) {
            elements.add(new Value.U8(b & 0xFF));
        }
        return new Value.ListOf(elements);
    }

    @Test
    void aByteListIsLiftedAndLoweredAsBytesAndEqualsTheBoxedOne() {
        ComponentInstance instance = Component.parse(EchoComponents.echo("utf8")).instantiate();
        byte[] bytes = sample(100_000);

        List<Value> compact = instance.call("echo-bytes", List.of(Value.ListOf.ofBytes(bytes), RoundTripTest.pad()));
        Value.ListOf lifted = (Value.ListOf) compact.get(0);
        assertThat(lifted.isCompact()).isTrue();
        assertThat(lifted.asBytes()).hasValue(bytes);
        assertThat(lifted).isEqualTo(boxed(bytes)).hasSameHashCodeAs(boxed(bytes));
        assertThat(boxed(bytes)).isEqualTo(lifted);
        assertThat(lifted.elements().get(3)).isEqualTo(new Value.U8(21));

        // a boxed list goes through the same way
        List<Value> fromBoxed = instance.call("echo-bytes", List.of(boxed(sample(10)), RoundTripTest.pad()));
        assertThat(((Value.ListOf) fromBoxed.get(0)).asBytes()).hasValue(sample(10));
        // and a list that is not all u8 is refused as before
        assertThatThrownBy(() -> instance.call("echo-bytes", List.of(new Value.ListOf(List.of(new Value.U16(1))),
                RoundTripTest.pad()))).isInstanceOf(InvalidValueException.class);
    }

    @Test
    void theJsonMappingIsUnchanged() {
        Value.ListOf compact = Value.ListOf.ofBytes(new byte[] {1, (byte) 255, 0});
        String json = ValueJson.toJsonString(compact, BYTES);
        assertThat(json).isEqualTo(ValueJson.toJsonString(boxed(new byte[] {1, (byte) 255, 0}), BYTES))
                .isEqualTo("[1,255,0]");
        Value fromBase64 = ValueJson.fromJson("\"Af8A\"", BYTES);
        assertThat(((Value.ListOf) fromBase64).isCompact()).isTrue();
        assertThat(fromBase64).isEqualTo(compact);
        assertThat(ValueJson.fromJson(json, BYTES)).isEqualTo(compact);
    }

    @Test
    void theBytesAreCopiedInAndOut() {
        byte[] bytes = {1, 2, 3};
        Value.ListOf list = Value.ListOf.ofBytes(bytes);
        bytes[0] = 9;
        list.asBytes().orElseThrow()[1] = 9;
        assertThat(list.asBytes()).hasValue(new byte[] {1, 2, 3});
    }
}
