package dev.plinth.component.internal.abi;

import dev.plinth.component.internal.binary.StringEncoding;
import dev.plinth.component.type.ValueType;
import dev.plinth.component.type.ValueType.*;
import dev.plinth.component.value.InvalidValueException;
import dev.plinth.component.value.Value;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Lowers host {@link Value}s into a guest, as the canonical ABI's {@code lower_flat} and {@code store} do:
 * flat core values, and strings and lists copied into blocks the guest's {@code cabi_realloc} hands out.
 * A value that is not of its type is an {@link InvalidValueException} (the host's mistake); a bad block
 * from realloc is a {@link CanonicalAbiException} (the guest's).
 */
public final class Lowerer {
    private static final long UTF16_TAG = 1L << 31;

    private final CallContext cx;
    private final Layout layout;

    public Lowerer(CallContext cx) {
        this.cx = cx;
        this.layout = cx.layout();
    }

    /** The flat core values of {@code values}, of {@code types}. */
    public long[] lowerFlat(List<ValueType> types, List<Value> values) {
        List<Long> out = new ArrayList<>();
        for (int i = 0; i < types.size(); i++) {
            lowerFlat(types.get(i), values.get(i), out);
        }
        return out.stream().mapToLong(Long::longValue).toArray();
    }

    /** Stores {@code values} as a tuple in a block from realloc and returns its pointer. */
    public long storeTuple(List<ValueType> types, List<Value> values) {
        TupleType tuple = new TupleType(types);
        long ptr = cx.allocate(layout.alignment(tuple), layout.size(tuple), "the parameters");
        store(tuple, new Value.Tuple(values), ptr);
        return ptr;
    }

    /** Stores {@code values} as a tuple at {@code ptr}, a block the guest gave, after checking it. */
    public void storeTupleAt(List<ValueType> types, List<Value> values, long ptr, String what) {
        TupleType tuple = new TupleType(types);
        cx.memory().check(ptr, layout.size(tuple), layout.alignment(tuple), what);
        store(tuple, new Value.Tuple(values), ptr);
    }

    void lowerFlat(ValueType type, Value value, List<Long> out) {
        if (type instanceof Primitive p) {
            switch (p) {
                case STRING -> {
                    long[] block = storeString(expect(value, Value.Str.class, type).value());
                    out.add(block[0]);
                    out.add(block[1]);
                }
                case S64, U64 -> out.add(scalar64(p, value));
                case F64 -> out.add(Double.doubleToRawLongBits(expect(value, Value.F64.class, type).value()));
                default -> out.add(scalar32(p, value) & 0xFFFF_FFFFL);
            }
            return;
        }
        if (type instanceof ListType l) {
            long[] block = storeList(l.element(), expect(value, Value.ListOf.class, type).elements());
            out.add(block[0]);
            out.add(block[1]);
            return;
        }
        if (type instanceof RecordType r) {
            Map<String, Value> fields = recordFields(r, value);
            for (Field f : r.fields()) {
                lowerFlat(f.type(), fields.get(f.name()), out);
            }
            return;
        }
        if (type instanceof TupleType t) {
            List<Value> elements = tupleElements(t, value);
            for (int i = 0; i < elements.size(); i++) {
                lowerFlat(t.elements().get(i), elements.get(i), out);
            }
            return;
        }
        if (type instanceof FlagsType f) {
            out.add(flagBits(f, value));
            return;
        }
        if (type instanceof OwnType || type instanceof BorrowType) {
            out.add((long) handle(type, value) & 0xFFFF_FFFFL);
            return;
        }
        Variants.Chosen chosen = Variants.choose(type, value);
        out.add((long) chosen.index());
        List<FlatType> joined = layout.of(type).flat().subList(1, layout.of(type).flat().size());
        List<Long> payload = new ArrayList<>();
        Optional<ValueType> payloadType = Variants.cases(type).get(chosen.index());
        if (payloadType.isPresent()) {
            lowerFlat(payloadType.get(), chosen.payload().orElseThrow(), payload);
            List<FlatType> caseFlat = layout.of(payloadType.get()).flat();
            for (int i = 0; i < payload.size(); i++) {
                long bits = payload.get(i);
                FlatType have = caseFlat.get(i);
                // i32 and f32 bits widen to a joined i64 slot zero-extended.
                out.add(joined.get(i) == FlatType.I64 && (have == FlatType.I32 || have == FlatType.F32)
                        ? bits & 0xFFFF_FFFFL : bits);
            }
        }
        for (int i = payload.size(); i < joined.size(); i++) {
            out.add(0L);
        }
    }

    void store(ValueType type, Value value, long ptr) {
        GuestMemory m = cx.memory();
        if (type instanceof Primitive p) {
            switch (p) {
                case BOOL, S8, U8 -> m.write8(ptr, scalar32(p, value));
                case S16, U16 -> m.write16(ptr, scalar32(p, value));
                case S32, U32, CHAR, F32 -> m.write32(ptr, scalar32(p, value));
                case S64, U64 -> m.write64(ptr, scalar64(p, value));
                case F64 -> m.write64(ptr, Double.doubleToRawLongBits(expect(value, Value.F64.class, type).value()));
                case STRING -> {
                    long[] block = storeString(expect(value, Value.Str.class, type).value());
                    m.write32(ptr, (int) block[0]);
                    m.write32(ptr + 4, (int) block[1]);
                }
            }
            return;
        }
        if (type instanceof ListType l) {
            long[] block = storeList(l.element(), expect(value, Value.ListOf.class, type).elements());
            m.write32(ptr, (int) block[0]);
            m.write32(ptr + 4, (int) block[1]);
            return;
        }
        if (type instanceof RecordType r) {
            Map<String, Value> fields = recordFields(r, value);
            long offset = 0;
            for (Field f : r.fields()) {
                offset = Layout.alignTo(offset, layout.alignment(f.type()));
                store(f.type(), fields.get(f.name()), ptr + offset);
                offset += layout.size(f.type());
            }
            return;
        }
        if (type instanceof TupleType t) {
            List<Value> elements = tupleElements(t, value);
            long offset = 0;
            for (int i = 0; i < elements.size(); i++) {
                ValueType e = t.elements().get(i);
                offset = Layout.alignTo(offset, layout.alignment(e));
                store(e, elements.get(i), ptr + offset);
                offset += layout.size(e);
            }
            return;
        }
        if (type instanceof FlagsType f) {
            int bits = (int) flagBits(f, value);
            switch (Layout.flagsSize(f.names().size())) {
                case 1 -> m.write8(ptr, bits);
                case 2 -> m.write16(ptr, bits);
                default -> m.write32(ptr, bits);
            }
            return;
        }
        if (type instanceof OwnType || type instanceof BorrowType) {
            m.write32(ptr, handle(type, value));
            return;
        }
        Variants.Chosen chosen = Variants.choose(type, value);
        List<Optional<ValueType>> cases = Variants.cases(type);
        int discriminantSize = Layout.discriminantSize(cases.size());
        switch (discriminantSize) {
            case 1 -> m.write8(ptr, chosen.index());
            case 2 -> m.write16(ptr, chosen.index());
            default -> m.write32(ptr, chosen.index());
        }
        Optional<ValueType> payloadType = cases.get(chosen.index());
        if (payloadType.isPresent()) {
            long offset = Layout.alignTo(discriminantSize, Variants.maxCaseAlignment(layout, cases));
            store(payloadType.get(), chosen.payload().orElseThrow(), ptr + offset);
        }
    }

    private long[] storeString(String s) {
        StringEncoding encoding = cx.encoding();
        byte[] bytes;
        long length;
        int alignment;
        if (encoding == StringEncoding.UTF8) {
            bytes = s.getBytes(StandardCharsets.UTF_8);
            length = bytes.length;
            alignment = 1;
        } else if (encoding == StringEncoding.LATIN1_UTF16 && Strings.isLatin1(s)) {
            bytes = s.getBytes(StandardCharsets.ISO_8859_1);
            length = bytes.length;
            alignment = 2;
        } else {
            bytes = Strings.encodeUtf16(s);
            length = s.length() | (encoding == StringEncoding.LATIN1_UTF16 ? UTF16_TAG : 0);
            alignment = 2;
        }
        if (bytes.length > cx.limits().maxStringBytes()) {
            throw new InvalidValueException("a string of " + bytes.length + " bytes is over the limit of "
                    + cx.limits().maxStringBytes());
        }
        long ptr = cx.allocate(alignment, bytes.length, "a string of " + bytes.length + " bytes");
        cx.memory().write(ptr, bytes);
        return new long[] {ptr, length};
    }

    private long[] storeList(ValueType element, List<Value> elements) {
        if (elements.size() > cx.limits().maxListLength()) {
            throw new InvalidValueException("a list of " + elements.size() + " elements is over the limit of "
                    + cx.limits().maxListLength());
        }
        long elementSize = layout.size(element);
        long size = elementSize * elements.size();
        long ptr = cx.allocate(layout.alignment(element), size, "a list of " + elements.size() + " elements");
        if (element == Primitive.U8 && elements instanceof java.util.RandomAccess
                && new Value.ListOf(elements).isCompact()) {
            cx.memory().write(ptr, new Value.ListOf(elements).asBytes().orElseThrow());
            return new long[] {ptr, elements.size()};
        }
        for (int i = 0; i < elements.size(); i++) {
            store(element, elements.get(i), ptr + i * elementSize);
        }
        return new long[] {ptr, elements.size()};
    }

    private int handle(ValueType type, Value value) {
        int index = expect(value, Value.Handle.class, type).index();
        return type instanceof OwnType o ? cx.lowerHandle(o.resource(), true, index)
                : cx.lowerHandle(((BorrowType) type).resource(), false, index);
    }

    private static int scalar32(Primitive p, Value value) {
        return switch (p) {
            case BOOL -> expect(value, Value.Bool.class, p).value() ? 1 : 0;
            case S8 -> expect(value, Value.S8.class, p).value();
            case U8 -> expect(value, Value.U8.class, p).value();
            case S16 -> expect(value, Value.S16.class, p).value();
            case U16 -> expect(value, Value.U16.class, p).value();
            case S32 -> expect(value, Value.S32.class, p).value();
            case U32 -> (int) expect(value, Value.U32.class, p).value();
            case F32 -> Float.floatToRawIntBits(expect(value, Value.F32.class, p).value());
            case CHAR -> expect(value, Value.Char.class, p).codePoint();
            default -> throw new AssertionError(p);
        };
    }

    private static long scalar64(Primitive p, Value value) {
        return p == Primitive.S64 ? expect(value, Value.S64.class, p).value() : expect(value, Value.U64.class, p).bits();
    }

    private static Map<String, Value> recordFields(RecordType type, Value value) {
        Map<String, Value> fields = expect(value, Value.Record.class, type).fields();
        for (Field f : type.fields()) {
            if (!fields.containsKey(f.name())) {
                throw new InvalidValueException("the record has no field '" + f.name() + "' of " + Describe.of(type));
            }
        }
        if (fields.size() != type.fields().size()) {
            throw new InvalidValueException("the record has fields " + fields.keySet() + " that " + Describe.of(type)
                    + " does not");
        }
        return fields;
    }

    private static List<Value> tupleElements(TupleType type, Value value) {
        List<Value> elements = expect(value, Value.Tuple.class, type).elements();
        if (elements.size() != type.elements().size()) {
            throw new InvalidValueException("a tuple of " + elements.size() + " elements for " + Describe.of(type));
        }
        return elements;
    }

    private static long flagBits(FlagsType type, Value value) {
        long bits = 0;
        for (String name : expect(value, Value.Flags.class, type).set()) {
            int index = type.names().indexOf(name);
            if (index < 0) {
                throw new InvalidValueException(Describe.of(type) + " has no flag '" + name + "'");
            }
            bits |= 1L << index;
        }
        return bits;
    }

    private static <T extends Value> T expect(Value value, Class<T> kind, ValueType type) {
        if (!kind.isInstance(value)) {
            throw new InvalidValueException("expected a value of " + Describe.of(type) + ", got "
                    + (value == null ? "null" : value));
        }
        return kind.cast(value);
    }

}
