package dev.plinth.component.wasi.internal;

import dev.plinth.component.value.InvalidValueException;
import dev.plinth.component.value.Value;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Building and reading the WIT values of WASI's functions. */
final class Values {
    static final Value.Result OK = new Value.Result(true, Optional.empty());

    private Values() {
    }

    static Value.Result ok(Value payload) {
        return new Value.Result(true, Optional.of(payload));
    }

    static Value.Result err(Value payload) {
        return new Value.Result(false, Optional.of(payload));
    }

    static Value.Option none() {
        return new Value.Option(Optional.empty());
    }

    static Value.Option some(Value v) {
        return new Value.Option(Optional.of(v));
    }

    static Value.ListOf bytes(byte[] data, int length) {
        List<Value> list = new ArrayList<>(length);
        for (int i = 0; i < length; i++) {
            list.add(new Value.U8(data[i] & 0xFF));
        }
        return new Value.ListOf(list);
    }

    static byte[] bytes(Value v) {
        List<Value> list = cast(v, Value.ListOf.class).elements();
        byte[] out = new byte[list.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) cast(list.get(i), Value.U8.class).value();
        }
        return out;
    }

    static long u64(Value v) {
        return cast(v, Value.U64.class).bits();
    }

    static String str(Value v) {
        return cast(v, Value.Str.class).value();
    }

    static Set<String> flags(Value v) {
        return cast(v, Value.Flags.class).set();
    }

    static Value.U64 u64(long bits) {
        return new Value.U64(bits);
    }

    static <T extends Value> T cast(Value v, Class<T> type) {
        if (!type.isInstance(v)) {
            throw new InvalidValueException("WASI expected a " + type.getSimpleName() + ", not " + v);
        }
        return type.cast(v);
    }
}
