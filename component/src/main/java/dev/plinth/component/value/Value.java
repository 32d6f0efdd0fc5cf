package dev.plinth.component.value;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A component value of any WIT type, as generic callers (the CLI, the actuator, tests) pass and
 * receive them. Each record checks its own range: a {@code u8} holds 0..255, a {@code char} a
 * Unicode scalar value; a broken value is an {@link InvalidValueException}. Which type a value has
 * is decided by the function's signature when it is lowered, not by the value alone.
 */
public sealed interface Value {

    /** {@code bool}. */
    record Bool(boolean value) implements Value {
    }

    /** {@code s8}. */
    record S8(byte value) implements Value {
    }

    /** {@code u8}: 0..255. */
    record U8(int value) implements Value {
        public U8 {
            range("u8", value, 0, 0xFF);
        }
    }

    /** {@code s16}. */
    record S16(short value) implements Value {
    }

    /** {@code u16}: 0..65535. */
    record U16(int value) implements Value {
        public U16 {
            range("u16", value, 0, 0xFFFF);
        }
    }

    /** {@code s32}. */
    record S32(int value) implements Value {
    }

    /** {@code u32}: 0..2^32-1. */
    record U32(long value) implements Value {
        public U32 {
            range("u32", value, 0, 0xFFFF_FFFFL);
        }
    }

    /** {@code s64}. */
    record S64(long value) implements Value {
    }

    /** {@code u64}: the 64 bits of an unsigned number (read them with {@link Long#toUnsignedString(long)}). */
    record U64(long bits) implements Value {
        @Override
        public String toString() {
            return "U64[" + Long.toUnsignedString(bits) + "]";
        }
    }

    /** {@code f32}. */
    record F32(float value) implements Value {
    }

    /** {@code f64}. */
    record F64(double value) implements Value {
    }

    /** {@code char}: a Unicode scalar value (not a surrogate, at most U+10FFFF). */
    record Char(int codePoint) implements Value {
        public Char {
            if (codePoint < 0 || codePoint > 0x10FFFF || (codePoint >= 0xD800 && codePoint <= 0xDFFF)) {
                throw new InvalidValueException("char " + String.format("U+%04X", codePoint)
                        + " is not a Unicode scalar value");
            }
        }
    }

    /** {@code string}: a Java string without unpaired surrogates. */
    record Str(String value) implements Value {
        public Str {
            Objects.requireNonNull(value, "value");
            for (int i = 0; i < value.length(); i++) {
                char c = value.charAt(i);
                if (Character.isHighSurrogate(c) && i + 1 < value.length()
                        && Character.isLowSurrogate(value.charAt(i + 1))) {
                    i++;
                } else if (Character.isSurrogate(c)) {
                    throw new InvalidValueException("string has an unpaired surrogate at index " + i);
                }
            }
        }
    }

    /**
     * {@code list<T>}. A {@code list<u8>} may be held compactly, one byte per element ({@link #ofBytes}; lifting
     * and base64 JSON make them so): its {@code elements()} are then made on access, and {@link #asBytes} gives the
     * bytes without boxing.
     */
    record ListOf(List<Value> elements) implements Value {
        public ListOf {
            elements = elements instanceof ByteList ? elements : List.copyOf(elements);
        }

        /** A {@code list<u8>} of {@code bytes} (copied), held as bytes. */
        public static ListOf ofBytes(byte[] bytes) {
            return new ListOf(new ByteList(bytes));
        }

        /** The elements as bytes when every one is a {@link U8} (at once when held as bytes), else empty. */
        public java.util.Optional<byte[]> asBytes() {
            if (elements instanceof ByteList b) {
                return java.util.Optional.of(b.bytes());
            }
            byte[] out = new byte[elements.size()];
            for (int i = 0; i < out.length; i++) {
                if (!(elements.get(i) instanceof U8 u)) {
                    return java.util.Optional.empty();
                }
                out[i] = (byte) u.value();
            }
            return java.util.Optional.of(out);
        }

        /** Whether the list is held as bytes, one per element. */
        public boolean isCompact() {
            return elements instanceof ByteList;
        }
    }

    /** {@code record}: fields by name, in the record type's order. */
    record Record(Map<String, Value> fields) implements Value {
        public Record {
            fields = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(fields));
            fields.values().forEach(v -> Objects.requireNonNull(v, "field value"));
        }
    }

    /** {@code tuple<...>}. */
    record Tuple(List<Value> elements) implements Value {
        public Tuple {
            elements = List.copyOf(elements);
        }
    }

    /** {@code variant}: the case's name and its payload, if the case has one. */
    record Variant(String caseName, Optional<Value> payload) implements Value {
        public Variant {
            Objects.requireNonNull(caseName, "caseName");
            Objects.requireNonNull(payload, "payload");
        }
    }

    /** {@code enum}: the case's name. */
    record Enum(String caseName) implements Value {
        public Enum {
            Objects.requireNonNull(caseName, "caseName");
        }
    }

    /** {@code option<T>}. */
    record Option(Optional<Value> value) implements Value {
        public Option {
            Objects.requireNonNull(value, "value");
        }
    }

    /** {@code result<T, E>}: {@code ok} says which side; the payload, if that side has one. */
    record Result(boolean ok, Optional<Value> payload) implements Value {
        public Result {
            Objects.requireNonNull(payload, "payload");
        }
    }

    /** {@code flags}: the names of the flags that are set. */
    record Flags(Set<String> set) implements Value {
        public Flags {
            set = Set.copyOf(set);
        }
    }

    /** {@code own<R>} or {@code borrow<R>}: a handle, an index into a component instance's handle table. */
    record Handle(int index) implements Value {
    }

    private static void range(String type, long value, long min, long max) {
        if (value < min || value > max) {
            throw new InvalidValueException(type + " " + value + " is outside " + min + ".." + max);
        }
    }
}
