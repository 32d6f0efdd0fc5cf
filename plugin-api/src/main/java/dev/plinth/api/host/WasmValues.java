package dev.plinth.api.host;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The arguments or results of a {@link RawHostFunction}: WebAssembly values, each with its
 * {@link WasmType}. Read them with {@link #getInt}, {@link #getLong}, {@link #getFloat} and
 * {@link #getDouble}, which check the type; make them with {@link #of()}, {@link #ofInt} and the
 * others, or a {@link #builder()}. Immutable.
 *
 * <p>Engines hold values as the bits of a {@code long} ({@link #bits}): an {@code i32} in its low
 * 32 bits, an {@code f32} as {@link Float#floatToRawIntBits}, an {@code f64} as
 * {@link Double#doubleToRawLongBits}.
 */
public final class WasmValues {
    private static final WasmValues NONE = new WasmValues(new WasmType[0], new long[0]);

    private final WasmType[] types;
    private final long[] bits;

    private WasmValues(WasmType[] types, long[] bits) {
        this.types = types;
        this.bits = bits;
    }

    /** No values: what a function without results returns. */
    public static WasmValues of() {
        return NONE;
    }

    /** One {@code i32}. */
    public static WasmValues ofInt(int value) {
        return builder().addInt(value).build();
    }

    /** One {@code i64}. */
    public static WasmValues ofLong(long value) {
        return builder().addLong(value).build();
    }

    /** One {@code f32}. */
    public static WasmValues ofFloat(float value) {
        return builder().addFloat(value).build();
    }

    /** One {@code f64}. */
    public static WasmValues ofDouble(double value) {
        return builder().addDouble(value).build();
    }

    /**
     * Values of the given types from their bits as an engine holds them (see the class description).
     *
     * @throws IllegalArgumentException when there are not as many bits as types
     */
    public static WasmValues fromBits(List<WasmType> types, long[] bits) {
        if (types.size() != bits.length) {
            throw new IllegalArgumentException(types.size() + " types but " + bits.length + " values");
        }
        if (types.isEmpty()) {
            return NONE;
        }
        WasmType[] t = types.toArray(new WasmType[0]);
        long[] b = new long[bits.length];
        for (int i = 0; i < b.length; i++) {
            b[i] = normalized(Objects.requireNonNull(t[i], "type"), bits[i]);
        }
        return new WasmValues(t, b);
    }

    /** Starts a list of values. */
    public static Builder builder() {
        return new Builder();
    }

    /** How many values there are. */
    public int size() {
        return types.length;
    }

    /** The type of each value, in order. */
    public List<WasmType> types() {
        return List.of(types);
    }

    /** The type of value {@code index}. */
    public WasmType type(int index) {
        return types[checkIndex(index)];
    }

    /** Value {@code index}, an {@code i32}. */
    public int getInt(int index) {
        return (int) typed(index, WasmType.I32);
    }

    /** Value {@code index}, an {@code i64}. */
    public long getLong(int index) {
        return typed(index, WasmType.I64);
    }

    /** Value {@code index}, an {@code f32}. */
    public float getFloat(int index) {
        return Float.intBitsToFloat((int) typed(index, WasmType.F32));
    }

    /** Value {@code index}, an {@code f64}. */
    public double getDouble(int index) {
        return Double.longBitsToDouble(typed(index, WasmType.F64));
    }

    /** Value {@code index} as the bits of a {@code long}, whatever its type (see the class description). */
    public long bits(int index) {
        return bits[checkIndex(index)];
    }

    /** Every value as bits, in order: a copy. */
    public long[] toBits() {
        return bits.clone();
    }

    private long typed(int index, WasmType wanted) {
        WasmType actual = type(index);
        if (actual != wanted) {
            throw new IllegalArgumentException("value " + index + " is an " + actual + ", not an " + wanted
                    + " (values: " + this + ")");
        }
        return bits[index];
    }

    private int checkIndex(int index) {
        if (index < 0 || index >= types.length) {
            throw new IndexOutOfBoundsException("no value " + index + ": there " + (types.length == 1 ? "is " : "are ")
                    + types.length + " (values: " + this + ")");
        }
        return index;
    }

    /** The bits an engine hands over, with an {@code i32}'s or {@code f32}'s upper half cleared. */
    private static long normalized(WasmType type, long bits) {
        return type == WasmType.I32 || type == WasmType.F32 ? bits & 0xFFFF_FFFFL : bits;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof WasmValues other && Arrays.equals(types, other.types) && Arrays.equals(bits, other.bits);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(types) + Arrays.hashCode(bits);
    }

    /** For example {@code (i32 42, f64 2.5)}. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < types.length; i++) {
            if (i > 0) {
                sb.append(", ");
            }
            sb.append(types[i]).append(' ');
            switch (types[i]) {
                case I32 -> sb.append((int) bits[i]);
                case I64 -> sb.append(bits[i]);
                case F32 -> sb.append(Float.intBitsToFloat((int) bits[i]));
                case F64 -> sb.append(Double.longBitsToDouble(bits[i]));
                default -> throw new IllegalStateException();
            }
        }
        return sb.append(')').toString();
    }

    /** Builds a {@link WasmValues}, one value after another. */
    public static final class Builder {
        private final List<WasmType> types = new ArrayList<>();
        private long[] bits = new long[4];

        private Builder() {
        }

        public Builder addInt(int value) {
            return add(WasmType.I32, value & 0xFFFF_FFFFL);
        }

        public Builder addLong(long value) {
            return add(WasmType.I64, value);
        }

        public Builder addFloat(float value) {
            return add(WasmType.F32, Float.floatToRawIntBits(value) & 0xFFFF_FFFFL);
        }

        public Builder addDouble(double value) {
            return add(WasmType.F64, Double.doubleToRawLongBits(value));
        }

        private Builder add(WasmType type, long value) {
            if (types.size() == bits.length) {
                bits = Arrays.copyOf(bits, bits.length * 2);
            }
            bits[types.size()] = value;
            types.add(type);
            return this;
        }

        public WasmValues build() {
            return types.isEmpty() ? NONE
                    : new WasmValues(types.toArray(new WasmType[0]), Arrays.copyOf(bits, types.size()));
        }
    }
}
