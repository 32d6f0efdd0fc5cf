package dev.plinth.component.internal.runtime;

import dev.plinth.component.ComponentLinkException;
import dev.plinth.component.UnsupportedComponentException;
import dev.plinth.component.internal.abi.Layout;
import dev.plinth.component.internal.binary.Ast.*;
import dev.plinth.component.type.FuncType;
import dev.plinth.component.type.ResourceType;
import dev.plinth.component.type.ValueType;
import dev.plinth.component.type.ValueType.*;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A component's type index space, resolved: value types, function types, resource types, and opaque
 * entries (component and instance types, which this layer does not interpret). Value types may nest at
 * most {@link #MAX_DEPTH} deep and measure less than {@link Layout#MAX_TYPE_SIZE} bytes.
 */
final class TypeSpace {
    static final int MAX_DEPTH = 100;

    /** A type index space entry this layer keeps but does not interpret. */
    record Opaque(String what) {
    }

    private record Entry(Object type, int depth) {
    }

    private final List<Entry> entries = new ArrayList<>();
    private final Layout layout;
    private int resources;

    TypeSpace(Layout layout) {
        this.layout = layout;
    }

    int size() {
        return entries.size();
    }

    Object get(int index, String what) {
        if (index < 0 || index >= entries.size()) {
            throw new ComponentLinkException(what + ": type index " + index + " is past the " + entries.size()
                    + " types defined so far");
        }
        return entries.get(index).type();
    }

    /** Adds an existing entry again (an export or alias of a type). */
    void alias(int index, String what) {
        get(index, what);
        entries.add(entries.get(index));
    }

    void addOpaque(String what) {
        entries.add(new Entry(new Opaque(what), 1));
    }

    void define(DefType def) {
        if (def instanceof DefValType v) {
            int[] depth = {0};
            ValueType type = valueType(v, depth);
            long size = layout.size(type);
            if (size >= Layout.MAX_TYPE_SIZE) {
                throw new ComponentLinkException("type " + entries.size() + " (" + abbreviated(type)
                        + ") measures " + size + " bytes, at least the limit of " + Layout.MAX_TYPE_SIZE);
            }
            entries.add(new Entry(type, depth[0]));
        } else if (def instanceof FuncTypeDef f) {
            if (f.async()) {
                throw new UnsupportedComponentException("async function types");
            }
            List<Field> params = new ArrayList<>();
            for (NamedRef p : f.params()) {
                params.add(new Field(p.name(), ref(p.type(), new int[1])));
            }
            List<ValueType> results = new ArrayList<>();
            for (ValRef r : f.results()) {
                results.add(ref(r, new int[1]));
            }
            entries.add(new Entry(new FuncType(params, results), 1));
        } else if (def instanceof ResourceTypeDef) {
            entries.add(new Entry(new ResourceType("resource-" + resources++), 1));
        } else if (def instanceof ComponentTypeDef) {
            addOpaque("component type");
        } else {
            addOpaque("instance type");
        }
    }

    ValueType value(int index, String what) {
        Object type = get(index, what);
        if (!(type instanceof ValueType v)) {
            throw new ComponentLinkException(what + ": type " + index + " is not a value type");
        }
        return v;
    }

    FuncType func(int index, String what) {
        Object type = get(index, what);
        if (!(type instanceof FuncType f)) {
            throw new ComponentLinkException(what + ": type " + index + " is not a function type");
        }
        return f;
    }

    ResourceType resource(int index, String what) {
        Object type = get(index, what);
        if (!(type instanceof ResourceType r)) {
            throw new ComponentLinkException(what + ": type " + index + " is not a resource type");
        }
        return r;
    }

    private ValueType ref(ValRef ref, int[] depth) {
        if (ref instanceof PrimRef p) {
            depth[0] = Math.max(depth[0], 1);
            return p.primitive();
        }
        int index = ((IndexRef) ref).index();
        ValueType type = value(index, "a value type");
        depth[0] = Math.max(depth[0], entries.get(index).depth());
        return type;
    }

    private ValueType valueType(DefValType def, int[] depth) {
        int[] inner = {0};
        ValueType type;
        if (def instanceof PrimDef p) {
            type = p.primitive();
        } else if (def instanceof RecordDef r) {
            List<Field> fields = new ArrayList<>();
            for (NamedRef f : r.fields()) {
                fields.add(new Field(f.name(), ref(f.type(), inner)));
            }
            type = unique(() -> new RecordType(fields));
        } else if (def instanceof VariantDef v) {
            List<Case> cases = new ArrayList<>();
            for (CaseDef c : v.cases()) {
                cases.add(new Case(c.name(), c.payload().map(p -> ref(p, inner))));
            }
            type = unique(() -> new VariantType(cases));
        } else if (def instanceof ListDef l) {
            type = new ListType(ref(l.element(), inner));
        } else if (def instanceof TupleDef t) {
            List<ValueType> elements = new ArrayList<>();
            for (ValRef e : t.elements()) {
                elements.add(ref(e, inner));
            }
            type = new TupleType(elements);
        } else if (def instanceof FlagsDef f) {
            type = unique(() -> new FlagsType(f.names()));
        } else if (def instanceof EnumDef e) {
            type = unique(() -> new EnumType(e.cases()));
        } else if (def instanceof OptionDef o) {
            type = new OptionType(ref(o.some(), inner));
        } else if (def instanceof ResultDef r) {
            Optional<ValueType> ok = r.ok().map(t -> ref(t, inner));
            Optional<ValueType> error = r.error().map(t -> ref(t, inner));
            type = new ResultType(ok, error);
        } else if (def instanceof OwnDef o) {
            type = new OwnType(resource(o.resource(), "own"));
        } else if (def instanceof BorrowDef b) {
            type = new BorrowType(resource(b.resource(), "borrow"));
        } else {
            throw new UnsupportedComponentException(((UnsupportedDef) def).what() + " types");
        }
        depth[0] = inner[0] + 1;
        if (depth[0] > MAX_DEPTH) {
            throw new ComponentLinkException("type " + entries.size() + " nests " + depth[0]
                    + " deep, more than the limit of " + MAX_DEPTH);
        }
        return type;
    }

    private static ValueType unique(java.util.function.Supplier<ValueType> build) {
        try {
            return build.get();
        } catch (IllegalArgumentException e) {
            throw new ComponentLinkException(e.getMessage());
        }
    }

    private static String abbreviated(ValueType type) {
        return dev.plinth.component.internal.abi.Describe.of(type);
    }
}
