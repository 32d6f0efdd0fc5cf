package dev.plinth.component.internal.abi;

import dev.plinth.component.CanonicalAbiException;
import dev.plinth.component.CanonicalAbiException.Violation;
import dev.plinth.component.internal.binary.StringEncoding;
import dev.plinth.component.type.ValueType;
import dev.plinth.component.type.ValueType.*;
import dev.plinth.component.value.Value;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Lifts values out of a guest (its flat results and its memory) into {@link Value}s, as the canonical
 * ABI's {@code lift_flat} and {@code load} do, checking everything the guest could get wrong: bounds,
 * alignment, encodings, discriminants, flag bits, chars, and the call's size limits.
 */
public final class Lifter {
    private static final long UTF16_TAG = 1L << 31;

    private final CallContext cx;
    private final Layout layout;

    public Lifter(CallContext cx) {
        this.cx = cx;
        this.layout = cx.layout();
    }

    /** Lifts the values of {@code types} from the flat core values {@code flat}. */
    public List<Value> liftFlat(List<ValueType> types, long[] flat) {
        FlatReader reader = FlatReader.of(flat);
        List<Value> out = new ArrayList<>(types.size());
        for (ValueType type : types) {
            out.add(liftFlat(type, reader));
        }
        return out;
    }

    /** Loads the values of {@code types}, laid out as a tuple at {@code ptr}. */
    public List<Value> loadTuple(List<ValueType> types, long ptr, String what) {
        TupleType tuple = new TupleType(types);
        cx.memory().check(ptr, layout.size(tuple), layout.alignment(tuple), what);
        return ((Value.Tuple) load(tuple, ptr)).elements();
    }

    Value liftFlat(ValueType type, FlatReader in) {
        if (type instanceof Primitive p) {
            return switch (p) {
                case BOOL -> new Value.Bool((int) in.next(FlatType.I32) != 0);
                case S8 -> new Value.S8((byte) in.next(FlatType.I32));
                case U8 -> new Value.U8((int) in.next(FlatType.I32) & 0xFF);
                case S16 -> new Value.S16((short) in.next(FlatType.I32));
                case U16 -> new Value.U16((int) in.next(FlatType.I32) & 0xFFFF);
                case S32 -> new Value.S32((int) in.next(FlatType.I32));
                case U32 -> new Value.U32(in.next(FlatType.I32) & 0xFFFF_FFFFL);
                case S64 -> new Value.S64(in.next(FlatType.I64));
                case U64 -> new Value.U64(in.next(FlatType.I64));
                case F32 -> new Value.F32(Float.intBitsToFloat((int) in.next(FlatType.F32)));
                case F64 -> new Value.F64(Double.longBitsToDouble(in.next(FlatType.F64)));
                case CHAR -> character((int) in.next(FlatType.I32));
                case STRING -> {
                    long ptr = in.next(FlatType.I32) & 0xFFFF_FFFFL;
                    long length = in.next(FlatType.I32) & 0xFFFF_FFFFL;
                    yield loadString(ptr, length);
                }
            };
        }
        if (type instanceof ListType l) {
            long ptr = in.next(FlatType.I32) & 0xFFFF_FFFFL;
            long length = in.next(FlatType.I32) & 0xFFFF_FFFFL;
            return loadList(l.element(), ptr, length);
        }
        if (type instanceof RecordType r) {
            Map<String, Value> fields = new LinkedHashMap<>();
            for (Field f : r.fields()) {
                fields.put(f.name(), liftFlat(f.type(), in));
            }
            return new Value.Record(fields);
        }
        if (type instanceof TupleType t) {
            List<Value> elements = new ArrayList<>();
            for (ValueType e : t.elements()) {
                elements.add(liftFlat(e, in));
            }
            return new Value.Tuple(elements);
        }
        if (type instanceof FlagsType f) {
            return flags(f, in.next(FlatType.I32) & 0xFFFF_FFFFL);
        }
        if (type instanceof OwnType || type instanceof BorrowType) {
            return handle(type, (int) in.next(FlatType.I32));
        }
        // A variant-like type: the discriminant, then the case's payload in the joined slots.
        List<Optional<ValueType>> cases = Variants.cases(type);
        long index = in.next(FlatType.I32) & 0xFFFF_FFFFL;
        checkDiscriminant(type, index, cases.size());
        List<FlatType> joined = layout.of(type).flat().subList(1, layout.of(type).flat().size());
        Optional<ValueType> payloadType = cases.get((int) index);
        int[] used = {0};
        FlatReader coercing = want -> {
            FlatType have = joined.get(used[0]++);
            long bits = in.next(have);
            return have == FlatType.I64 && want != FlatType.I64 && want != FlatType.F64 ? bits & 0xFFFF_FFFFL : bits;
        };
        Optional<Value> payload = payloadType.map(t -> liftFlat(t, coercing));
        while (used[0] < joined.size()) {
            in.next(joined.get(used[0]++));
        }
        return Variants.value(type, (int) index, payload);
    }

    Value load(ValueType type, long ptr) {
        GuestMemory m = cx.memory();
        if (type instanceof Primitive p) {
            return switch (p) {
                case BOOL -> new Value.Bool(m.u8(ptr) != 0);
                case S8 -> new Value.S8((byte) m.u8(ptr));
                case U8 -> new Value.U8(m.u8(ptr));
                case S16 -> new Value.S16((short) m.u16(ptr));
                case U16 -> new Value.U16(m.u16(ptr));
                case S32 -> new Value.S32(m.i32(ptr));
                case U32 -> new Value.U32(m.i32(ptr) & 0xFFFF_FFFFL);
                case S64 -> new Value.S64(m.i64(ptr));
                case U64 -> new Value.U64(m.i64(ptr));
                case F32 -> new Value.F32(Float.intBitsToFloat(m.i32(ptr)));
                case F64 -> new Value.F64(Double.longBitsToDouble(m.i64(ptr)));
                case CHAR -> character(m.i32(ptr));
                case STRING -> loadString(m.i32(ptr) & 0xFFFF_FFFFL, m.i32(ptr + 4) & 0xFFFF_FFFFL);
            };
        }
        if (type instanceof ListType l) {
            return loadList(l.element(), m.i32(ptr) & 0xFFFF_FFFFL, m.i32(ptr + 4) & 0xFFFF_FFFFL);
        }
        if (type instanceof RecordType r) {
            Map<String, Value> fields = new LinkedHashMap<>();
            long offset = 0;
            for (Field f : r.fields()) {
                offset = Layout.alignTo(offset, layout.alignment(f.type()));
                fields.put(f.name(), load(f.type(), ptr + offset));
                offset += layout.size(f.type());
            }
            return new Value.Record(fields);
        }
        if (type instanceof TupleType t) {
            List<Value> elements = new ArrayList<>();
            long offset = 0;
            for (ValueType e : t.elements()) {
                offset = Layout.alignTo(offset, layout.alignment(e));
                elements.add(load(e, ptr + offset));
                offset += layout.size(e);
            }
            return new Value.Tuple(elements);
        }
        if (type instanceof FlagsType f) {
            int size = Layout.flagsSize(f.names().size());
            long bits = size == 1 ? m.u8(ptr) : size == 2 ? m.u16(ptr) : m.i32(ptr) & 0xFFFF_FFFFL;
            return flags(f, bits);
        }
        if (type instanceof OwnType || type instanceof BorrowType) {
            return handle(type, m.i32(ptr));
        }
        List<Optional<ValueType>> cases = Variants.cases(type);
        int discriminantSize = Layout.discriminantSize(cases.size());
        long index = discriminantSize == 1 ? m.u8(ptr) : discriminantSize == 2 ? m.u16(ptr)
                : m.i32(ptr) & 0xFFFF_FFFFL;
        checkDiscriminant(type, index, cases.size());
        Optional<ValueType> payloadType = cases.get((int) index);
        long payloadOffset = Layout.alignTo(discriminantSize, Variants.maxCaseAlignment(layout, cases));
        return Variants.value(type, (int) index, payloadType.map(t -> load(t, ptr + payloadOffset)));
    }

    private Value handle(ValueType type, int index) {
        return new Value.Handle(type instanceof OwnType o ? cx.liftHandle(o.resource(), true, index)
                : cx.liftHandle(((BorrowType) type).resource(), false, index));
    }

    private static void checkDiscriminant(ValueType type, long index, int cases) {
        if (index >= cases) {
            throw new CanonicalAbiException(Violation.BAD_DISCRIMINANT, "discriminant " + index + " of "
                    + Describe.of(type) + " has only " + cases + " cases");
        }
    }

    private static Value flags(FlagsType type, long bits) {
        int count = type.names().size();
        if (count < 32 && (bits >>> count) != 0) {
            throw new CanonicalAbiException(Violation.BAD_FLAGS, "flags value 0x" + Long.toHexString(bits)
                    + " sets bits beyond the " + count + " flags of " + Describe.of(type));
        }
        Set<String> set = new HashSet<>();
        for (int i = 0; i < count; i++) {
            if ((bits & (1L << i)) != 0) {
                set.add(type.names().get(i));
            }
        }
        return new Value.Flags(set);
    }

    private static Value character(int codePoint) {
        if (codePoint < 0 || codePoint > 0x10FFFF || (codePoint >= 0xD800 && codePoint <= 0xDFFF)) {
            throw new CanonicalAbiException(Violation.INVALID_CHAR, "char 0x" + Integer.toHexString(codePoint)
                    + " is not a Unicode scalar value");
        }
        return new Value.Char(codePoint);
    }

    private Value loadList(ValueType element, long ptr, long length) {
        if (length > cx.limits().maxListLength()) {
            throw new CanonicalAbiException(Violation.TOO_LARGE, "a list of " + length
                    + " elements is over the limit of " + cx.limits().maxListLength());
        }
        long elementSize = layout.size(element);
        cx.memory().check(ptr, length * elementSize, layout.alignment(element), "list<" + Describe.of(element) + ">");
        cx.spend(length, "a list of " + length + " elements");
        if (element == ValueType.Primitive.U8) {
            return Value.ListOf.ofBytes(cx.memory().bytes(ptr, (int) length));
        }
        List<Value> elements = new ArrayList<>((int) Math.min(length, 1024));
        for (long i = 0; i < length; i++) {
            elements.add(load(element, ptr + i * elementSize));
        }
        return new Value.ListOf(elements);
    }

    private Value loadString(long ptr, long taggedLength) {
        StringEncoding encoding = cx.encoding();
        boolean utf16 = encoding == StringEncoding.UTF16
                || (encoding == StringEncoding.LATIN1_UTF16 && (taggedLength & UTF16_TAG) != 0);
        long units = encoding == StringEncoding.LATIN1_UTF16 ? taggedLength & ~UTF16_TAG : taggedLength;
        long byteLength = utf16 ? units * 2 : units;
        int alignment = encoding == StringEncoding.UTF8 ? 1 : 2;
        if (byteLength > cx.limits().maxStringBytes()) {
            throw new CanonicalAbiException(Violation.TOO_LARGE, "a string of " + byteLength
                    + " bytes is over the limit of " + cx.limits().maxStringBytes());
        }
        cx.memory().check(ptr, byteLength, alignment, "string");
        cx.spend(byteLength, "a string of " + byteLength + " bytes");
        byte[] bytes = cx.memory().bytes(ptr, (int) byteLength);
        if (utf16) {
            return new Value.Str(Strings.decodeUtf16(bytes));
        }
        if (encoding == StringEncoding.LATIN1_UTF16) {
            return new Value.Str(new String(bytes, StandardCharsets.ISO_8859_1));
        }
        try {
            return new Value.Str(StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString());
        } catch (CharacterCodingException e) {
            throw new CanonicalAbiException(Violation.INVALID_UTF8, "the string at " + ptr + " (" + byteLength
                    + " bytes) is not valid UTF-8");
        }
    }
}
