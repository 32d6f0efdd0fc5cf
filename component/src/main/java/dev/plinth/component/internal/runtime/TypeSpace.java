package dev.plinth.component.internal.runtime;

import dev.plinth.component.ComponentLinkException;
import dev.plinth.component.UnsupportedComponentException;
import dev.plinth.component.internal.abi.Describe;
import dev.plinth.component.internal.abi.Layout;
import dev.plinth.component.internal.binary.Ast.*;
import dev.plinth.component.internal.binary.Sort;
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
 * most {@link #MAX_DEPTH} deep, measure less than {@link Layout#MAX_TYPE_SIZE} bytes, and unfold (written out
 * as a tree, as WIT text, structural comparison and hashing walk them) to at most {@link #MAX_NODES} nodes: a
 * few bytes of type definitions that refer to the one before twice would otherwise unfold to 2^100 nodes.
 */
final class TypeSpace {
    static final int MAX_DEPTH = 100;
    /** At most this many nodes in a value or function type written out as a tree. */
    static final long MAX_NODES = 100_000;

    /** A type index space entry this layer keeps but does not interpret. */
    record Opaque(String what) {
    }

    private record Entry(Object type, int depth, long nodes) {
        Entry(Object type, int depth) {
            this(type, depth, 1);
        }
    }

    /** An instance type, resolved as far as this layer uses it: its function and type exports by name. */
    record InstanceTypeInfo(java.util.Map<String, Object> exports) {
    }

    private final List<Entry> entries = new ArrayList<>();
    private final Layout layout;
    private final TypeSpace outer;
    private int resources;

    TypeSpace(Layout layout) {
        this(layout, null);
    }

    private TypeSpace(Layout layout, TypeSpace outer) {
        this.layout = layout;
        this.outer = outer;
    }

    /** Adds a type resolved elsewhere (a type export of an imported instance). */
    void add(Object type) {
        if (type instanceof ValueType v) {
            entries.add(new Entry(type, depthOf(v, new java.util.IdentityHashMap<>()),
                    nodesOf(v, new java.util.IdentityHashMap<>())));
        } else {
            entries.add(new Entry(type, 1));
        }
    }

    /** The unfolded size of a type already checked elsewhere (so at most {@link #MAX_NODES}), memoized. */
    private static long nodesOf(ValueType type, java.util.Map<ValueType, Long> memo) {
        Long known = memo.get(type);
        if (known != null) {
            return known;
        }
        long nodes = 1;
        for (ValueType child : children(type)) {
            nodes = Math.min(nodes + nodesOf(child, memo), Long.MAX_VALUE / 4);
        }
        memo.put(type, nodes);
        return nodes;
    }

    private static List<ValueType> children(ValueType type) {
        List<ValueType> children = new ArrayList<>();
        if (type instanceof ListType l) {
            children.add(l.element());
        } else if (type instanceof RecordType r) {
            r.fields().forEach(f -> children.add(f.type()));
        } else if (type instanceof TupleType t) {
            children.addAll(t.elements());
        } else if (type instanceof VariantType v) {
            v.cases().forEach(c -> c.payload().ifPresent(children::add));
        } else if (type instanceof OptionType o) {
            children.add(o.some());
        } else if (type instanceof ResultType r) {
            r.ok().ifPresent(children::add);
            r.error().ifPresent(children::add);
        }
        return children;
    }

    /** The nesting depth of a type already checked elsewhere (so at most {@link #MAX_DEPTH}), memoized. */
    private static int depthOf(ValueType type, java.util.Map<ValueType, Integer> memo) {
        Integer known = memo.get(type);
        if (known != null) {
            return known;
        }
        List<ValueType> children = new ArrayList<>();
        if (type instanceof ListType l) {
            children.add(l.element());
        } else if (type instanceof RecordType r) {
            r.fields().forEach(f -> children.add(f.type()));
        } else if (type instanceof TupleType t) {
            children.addAll(t.elements());
        } else if (type instanceof VariantType v) {
            v.cases().forEach(c -> c.payload().ifPresent(children::add));
        } else if (type instanceof OptionType o) {
            children.add(o.some());
        } else if (type instanceof ResultType r) {
            r.ok().ifPresent(children::add);
            r.error().ifPresent(children::add);
        }
        int depth = 1;
        for (ValueType child : children) {
            depth = Math.max(depth, depthOf(child, memo) + 1);
        }
        memo.put(type, depth);
        return depth;
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
            long[] depth = {0, 0};
            ValueType type = valueType(v, depth);
            long size = layout.size(type);
            if (size >= Layout.MAX_TYPE_SIZE) {
                throw new ComponentLinkException("type " + entries.size() + " (" + abbreviated(type)
                        + ") measures " + size + " bytes, at least the limit of " + Layout.MAX_TYPE_SIZE);
            }
            checkNodes(depth[1], "value type");
            entries.add(new Entry(type, (int) depth[0], depth[1]));
        } else if (def instanceof FuncTypeDef f) {
            if (f.async()) {
                throw new UnsupportedComponentException("async function types");
            }
            long[] measure = {0, 0};
            List<Field> params = new ArrayList<>();
            for (NamedRef p : f.params()) {
                params.add(new Field(p.name(), ref(p.type(), measure)));
            }
            List<ValueType> results = new ArrayList<>();
            for (ValRef r : f.results()) {
                results.add(ref(r, measure));
            }
            checkNodes(measure[1], "function type");
            entries.add(new Entry(new FuncType(params, results), 1, measure[1]));
        } else if (def instanceof ResourceTypeDef) {
            entries.add(new Entry(new ResourceType("resource-" + resources++), 1));
        } else if (def instanceof ComponentTypeDef) {
            addOpaque("component type");
        } else {
            entries.add(new Entry(instanceType((InstanceTypeDef) def), 1));
        }
    }

    /**
     * Resolves an instance type's declarations in a type space of its own (outer aliases reach this one):
     * its type definitions, and the functions and types it exports.
     */
    private InstanceTypeInfo instanceType(InstanceTypeDef def) {
        TypeSpace inner = new TypeSpace(layout, this);
        java.util.Map<String, Object> exports = new java.util.LinkedHashMap<>();
        for (Decl decl : def.decls()) {
            if (decl instanceof TypeDef t) {
                inner.define(t.type());
            } else if (decl instanceof Alias a && a.target() instanceof Outer o && a.sort() == Sort.TYPE) {
                TypeSpace scope = inner;
                for (int i = 0; i < o.count() && scope != null; i++) {
                    scope = scope.outer;
                }
                if (scope == null) {
                    throw new ComponentLinkException("an outer alias " + o.count() + " scopes out of an instance type");
                }
                inner.entries.add(scope.entries.get(checked(scope, o.index())));
            } else if (decl instanceof ExportDecl e) {
                ExternDesc desc = e.desc();
                switch (desc.sort()) {
                    case FUNC -> exports.put(e.name(), inner.func(desc.typeIndex(), "instance type export '" + e.name() + "'"));
                    case TYPE -> {
                        if (desc.subResource()) {
                            inner.entries.add(new Entry(new ResourceType(e.name()), 1));
                        } else {
                            inner.alias(desc.typeIndex(), "instance type export '" + e.name() + "'");
                        }
                        exports.put(e.name(), inner.entries.get(inner.entries.size() - 1).type());
                    }
                    default -> throw new UnsupportedComponentException("a " + desc.sort() + " export in an instance type");
                }
            } else if (decl instanceof CoreTypeDef) {
                // Core types in an instance type describe core modules, which this layer does not import.
            } else {
                throw new UnsupportedComponentException("this declaration in an instance type: " + decl);
            }
        }
        return new InstanceTypeInfo(exports);
    }

    private static int checked(TypeSpace scope, int index) {
        scope.get(index, "an outer alias");
        return index;
    }

    InstanceTypeInfo instance(int index, String what) {
        Object type = get(index, what);
        if (!(type instanceof InstanceTypeInfo i)) {
            throw new ComponentLinkException(what + ": type " + index + " is not an instance type");
        }
        return i;
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

    /** {@code measure}: the deepest nesting seen so far, and the nodes summed so far. */
    private ValueType ref(ValRef ref, long[] measure) {
        if (ref instanceof PrimRef p) {
            measure[0] = Math.max(measure[0], 1);
            measure[1] = Math.min(measure[1] + 1, Long.MAX_VALUE / 4);
            return p.primitive();
        }
        int index = ((IndexRef) ref).index();
        ValueType type = value(index, "a value type");
        measure[0] = Math.max(measure[0], entries.get(index).depth());
        measure[1] = Math.min(measure[1] + entries.get(index).nodes(), Long.MAX_VALUE / 4);
        return type;
    }

    private void checkNodes(long nodes, String what) {
        if (nodes > MAX_NODES) {
            throw new ComponentLinkException("type " + entries.size() + " (a " + what + ") unfolds to " + nodes
                    + " nodes written out, more than the limit of " + MAX_NODES + ": refused");
        }
    }

    private ValueType valueType(DefValType def, long[] depth) {
        long[] inner = {0, 0};
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
        depth[1] = inner[1] + 1;
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
        return Describe.of(type);
    }
}
