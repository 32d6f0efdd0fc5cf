package dev.plinth.component.internal.abi;

import dev.plinth.component.type.ValueType;
import dev.plinth.component.type.ValueType.*;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The canonical ABI's layout of value types: size and alignment in linear memory, and the flattening
 * into core values. Results are memoized by type identity, so types shared many times (a DAG of
 * tuples of tuples) are measured once; a flattening longer than {@link #MAX_FLAT} is not built, only
 * counted (saturating), which is all a caller needs to decide to spill to memory.
 */
public final class Layout {
    /** The canonical ABI's limit on flat parameters; above it parameters go through memory. */
    public static final int MAX_FLAT_PARAMS = 16;
    /** The canonical ABI's limit on flat results; above it results go through memory. */
    public static final int MAX_FLAT_RESULTS = 1;
    /** Flattenings are kept up to this length (enough for the parameter limit). */
    static final int MAX_FLAT = MAX_FLAT_PARAMS;
    /** The spec's bound on a type's size in memory (Binary.md: elem_size below 2^28). */
    public static final long MAX_TYPE_SIZE = 1L << 28;

    /** Size, alignment and flattening of one type; {@code flat} is null when longer than {@link #MAX_FLAT}. */
    public record Info(long size, int alignment, int flatCount, List<FlatType> flat) {
    }

    private final Map<ValueType, Info> memo = new IdentityHashMap<>();

    public Info of(ValueType type) {
        Info known = memo.get(type);
        if (known == null) {
            known = compute(type);
            memo.put(type, known);
        }
        return known;
    }

    public long size(ValueType type) {
        return of(type).size();
    }

    public int alignment(ValueType type) {
        return of(type).alignment();
    }

    /** The number of cases' discriminant bytes: 1, 2 or 4. */
    public static int discriminantSize(int cases) {
        return cases <= 0x100 ? 1 : cases <= 0x10000 ? 2 : 4;
    }

    public static int flagsSize(int flags) {
        return flags <= 8 ? 1 : flags <= 16 ? 2 : 4;
    }

    static long alignTo(long offset, int alignment) {
        return (offset + alignment - 1) / alignment * alignment;
    }

    private Info compute(ValueType type) {
        if (type instanceof Primitive p) {
            return switch (p) {
                case BOOL, S8, U8 -> scalar(1, FlatType.I32);
                case S16, U16 -> scalar(2, FlatType.I32);
                case S32, U32, CHAR -> scalar(4, FlatType.I32);
                case F32 -> scalar(4, FlatType.F32);
                case S64, U64 -> scalar(8, FlatType.I64);
                case F64 -> scalar(8, FlatType.F64);
                case STRING -> new Info(8, 4, 2, List.of(FlatType.I32, FlatType.I32));
            };
        }
        if (type instanceof ListType l) {
            of(l.element());
            return new Info(8, 4, 2, List.of(FlatType.I32, FlatType.I32));
        }
        if (type instanceof RecordType r) {
            return struct(r.fields().stream().map(Field::type).toList());
        }
        if (type instanceof TupleType t) {
            return struct(t.elements());
        }
        if (type instanceof VariantType v) {
            return variant(v.cases().stream().map(Case::payload).toList());
        }
        if (type instanceof EnumType e) {
            return variant(e.cases().stream().map(c -> Optional.<ValueType>empty()).toList());
        }
        if (type instanceof OptionType o) {
            return variant(List.of(Optional.empty(), Optional.of(o.some())));
        }
        if (type instanceof ResultType r) {
            return variant(List.of(r.ok(), r.error()));
        }
        if (type instanceof FlagsType f) {
            return scalar(flagsSize(f.names().size()), FlatType.I32);
        }
        // own and borrow: a handle index.
        return scalar(4, FlatType.I32);
    }

    private static Info scalar(int size, FlatType flat) {
        return new Info(size, size, 1, List.of(flat));
    }

    private Info struct(List<ValueType> members) {
        long size = 0;
        int alignment = 1;
        long count = 0;
        List<FlatType> flat = new ArrayList<>();
        for (ValueType member : members) {
            Info info = of(member);
            size = alignTo(size, info.alignment()) + info.size();
            alignment = Math.max(alignment, info.alignment());
            count += info.flatCount();
            if (flat != null && info.flat() != null && count <= MAX_FLAT) {
                flat.addAll(info.flat());
            } else {
                flat = null;
            }
            size = Math.min(size, MAX_TYPE_SIZE * 2);
        }
        return new Info(alignTo(size, alignment), alignment, (int) Math.min(count, Integer.MAX_VALUE / 2),
                flat == null ? null : List.copyOf(flat));
    }

    private Info variant(List<Optional<ValueType>> cases) {
        int discriminant = discriminantSize(cases.size());
        int caseAlignment = 1;
        long caseSize = 0;
        int payloadCount = 0;
        List<FlatType> payload = new ArrayList<>();
        for (Optional<ValueType> c : cases) {
            if (c.isEmpty()) {
                continue;
            }
            Info info = of(c.get());
            caseAlignment = Math.max(caseAlignment, info.alignment());
            caseSize = Math.max(caseSize, info.size());
            payloadCount = Math.max(payloadCount, info.flatCount());
            if (payload != null && info.flat() != null && info.flatCount() < MAX_FLAT) {
                for (int i = 0; i < info.flat().size(); i++) {
                    FlatType ft = info.flat().get(i);
                    if (i < payload.size()) {
                        payload.set(i, FlatType.join(payload.get(i), ft));
                    } else {
                        payload.add(ft);
                    }
                }
            } else {
                payload = null;
            }
        }
        int alignment = Math.max(discriminant, caseAlignment);
        long size = alignTo(alignTo(discriminant, caseAlignment) + caseSize, alignment);
        List<FlatType> flat = null;
        if (payload != null) {
            flat = new ArrayList<>();
            flat.add(FlatType.I32);
            flat.addAll(payload);
        }
        return new Info(size, alignment, payloadCount + 1, flat == null ? null : List.copyOf(flat));
    }
}
