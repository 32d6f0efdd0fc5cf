package dev.plinth.component.internal.runtime;

import dev.plinth.component.ComponentLinkException;
import dev.plinth.component.UnsupportedComponentException;
import dev.plinth.component.internal.abi.Layout;
import dev.plinth.component.internal.binary.Ast.*;
import dev.plinth.component.internal.binary.Sort;
import dev.plinth.component.type.ComponentType;
import dev.plinth.component.type.ComponentType.Item;
import dev.plinth.component.type.FuncType;
import dev.plinth.component.type.ResourceType;
import dev.plinth.component.type.ValueType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a component's {@link ComponentType} from its definitions, at the type level only: the type, function,
 * instance and component index spaces as the instantiator builds them, without a core module parsed or run.
 * Nested components are followed as the instantiator runs them: an {@code (instance (instantiate c (with ...)))}
 * reads {@code c} in index spaces of its own, its imports bound to the arguments' types (a type import bound by
 * {@code eq} to the very type passed), its outer aliases reaching the enclosing components, its exports becoming
 * the instance's items, so that the interface wit-component exports through a nested component has its types and
 * names. The work is bounded for hostile binaries: at most {@link #MAX_DEPTH} components deep, at most
 * {@link Instantiator#MAX_NESTED_INSTANTIATIONS} nested instantiations and {@link #MAX_DEFINITIONS} definitions read
 * in all, each refused with a {@link ComponentLinkException} naming the limit.
 */
public final class TypeReader {
    /** At most this many components nested inside one another while reading (instantiations inside instantiations). */
    public static final int MAX_DEPTH = 32;
    /** At most this many definitions read in all, over every nested instantiation. */
    public static final int MAX_DEFINITIONS = 200_000;

    /** The work done so far, shared by the readers of one root component. */
    private static final class Budget {
        int instantiations;
        int definitions;
    }

    private final TypeSpace types = new TypeSpace(new Layout());
    /** The component function index space, by type. */
    private final List<FuncType> funcs = new ArrayList<>();
    /** The component instance index space: each instance's items by name (FuncType, value/resource type, instance). */
    private final List<Map<String, Object>> instances = new ArrayList<>();
    /** The nested components defined here, each with how many components its scope saw before it. */
    private final List<Component> components = new ArrayList<>();
    private final List<Item> imports = new ArrayList<>();
    private final List<Item> exports = new ArrayList<>();
    /** What this component exports by name, as an instance of its parent sees it. */
    private final Map<String, Object> exported = new LinkedHashMap<>();
    /** A nested component's arguments by import name; null at the root. */
    private final Map<String, Object> args;
    private final TypeReader parent;
    private final int depth;
    private final Budget budget;

    private TypeReader(TypeReader parent, Map<String, Object> args) {
        this.parent = parent;
        this.args = args;
        this.depth = parent == null ? 0 : parent.depth + 1;
        this.budget = parent == null ? new Budget() : parent.budget;
    }

    /** The imports and exports of {@code component}. */
    public static ComponentType read(Component component) {
        TypeReader reader = new TypeReader(null, null);
        reader.readAll(component);
        return new ComponentType(reader.imports, reader.exports);
    }

    private void readAll(Component component) {
        for (Definition d : component.definitions()) {
            if (++budget.definitions > MAX_DEFINITIONS) {
                throw new ComponentLinkException("reading the component's type takes more than " + MAX_DEFINITIONS
                        + " definitions over its nested instantiations, the limit: refused");
            }
            define(d);
        }
    }

    private void define(Definition d) {
        if (d instanceof TypeDef t) {
            types.define(t.type());
        } else if (d instanceof Alias a) {
            alias(a);
        } else if (d instanceof Lift l) {
            funcs.add(types.func(l.type(), "canon lift"));
        } else if (d instanceof InstanceInlineExports e) {
            Map<String, Object> items = new LinkedHashMap<>();
            for (NamedSortIndex x : e.exports()) {
                items.put(x.name(), item(x.sort(), x.index(), "instance export '" + x.name() + "'"));
            }
            instances.add(items);
        } else if (d instanceof Import i) {
            if (args != null) {
                importArgument(i);
            } else {
                importItem(i);
            }
        } else if (d instanceof Export e) {
            export(e);
        } else if (d instanceof NestedComponent n) {
            components.add(n.component());
        } else if (d instanceof InstanceInstantiate n) {
            instances.add(instantiate(n));
        }
        // Core definitions, lowers, resource built-ins, start and custom sections add nothing to the
        // component-level type, function and instance index spaces.
    }

    /** An item of this component's index spaces, as an instance or a nested component's argument holds it. */
    private Object item(Sort sort, int index, String what) {
        return switch (sort) {
            case FUNC -> get(funcs, index, "func");
            case TYPE -> types.get(index, what);
            case INSTANCE -> get(instances, index, "instance");
            default -> throw new UnsupportedComponentException("a " + sort + " as " + what);
        };
    }

    private Map<String, Object> instantiate(InstanceInstantiate n) {
        Component nested = get(components, n.component(), "component");
        if (++budget.instantiations > Instantiator.MAX_NESTED_INSTANTIATIONS) {
            throw new ComponentLinkException("more than " + Instantiator.MAX_NESTED_INSTANTIATIONS
                    + " instantiations inside nested components (at component " + n.component() + "), the limit:"
                    + " refused");
        }
        if (depth + 1 > MAX_DEPTH) {
            throw new ComponentLinkException("nested component instantiations go more than " + MAX_DEPTH
                    + " deep, the limit: refused");
        }
        Map<String, Object> given = new LinkedHashMap<>();
        for (NamedSortIndex arg : n.args()) {
            given.put(arg.name(), item(arg.sort(), arg.index(), "instantiation argument '" + arg.name() + "'"));
        }
        TypeReader child = new TypeReader(this, given);
        child.readAll(nested);
        return child.exported;
    }

    /** A nested component's import: the type of the argument its instantiation passes, checked against the import. */
    private void importArgument(Import i) {
        Object item = args.get(i.name());
        if (item == null) {
            throw new ComponentLinkException("nested component imports '" + i.name()
                    + "', which its instantiation does not pass");
        }
        ExternDesc desc = i.desc();
        switch (desc.sort()) {
            case FUNC -> {
                if (!(item instanceof FuncType given)) {
                    throw new ComponentLinkException("nested component import '" + i.name() + "' is not a function");
                }
                FuncType declared = types.func(desc.typeIndex(), "import '" + i.name() + "'");
                if (!declared.equals(given)) {
                    throw new ComponentLinkException("nested component import '" + i.name() + "' is "
                            + declared.wit() + ", but its instantiation passes " + given.wit());
                }
                funcs.add(given);
            }
            case INSTANCE -> {
                if (!(item instanceof Map<?, ?> m)) {
                    throw new ComponentLinkException("nested component import '" + i.name() + "' is not an instance");
                }
                @SuppressWarnings("unchecked")
                Map<String, Object> instance = (Map<String, Object>) m;
                instances.add(instance);
            }
            case TYPE -> {
                if (!(item instanceof ValueType || item instanceof ResourceType)) {
                    throw new ComponentLinkException("nested component import '" + i.name() + "' is not a type");
                }
                if (!desc.subResource()) {
                    Object bound = types.get(desc.typeIndex(), "import '" + i.name() + "'");
                    if (!bound.equals(item)) {
                        throw new ComponentLinkException("nested component import '" + i.name()
                                + "' is bound (eq) to another type than its instantiation passes");
                    }
                } else if (!(item instanceof ResourceType)) {
                    throw new ComponentLinkException("nested component import '" + i.name()
                            + "' is a resource type, but its instantiation passes a value type");
                }
                types.add(item);
            }
            default -> throw new UnsupportedComponentException("a nested component importing a " + desc.sort());
        }
    }

    private void alias(Alias a) {
        if (a.target() instanceof InstanceExport e) {
            Object item = get(instances, e.instance(), "instance").get(e.name());
            if (item == null) {
                throw new ComponentLinkException("instance " + e.instance() + " has no export '" + e.name() + "'");
            }
            if (a.sort() == Sort.FUNC && item instanceof FuncType f) {
                funcs.add(f);
            } else if (a.sort() == Sort.TYPE && (item instanceof ValueType || item instanceof ResourceType)) {
                types.add(item);
            } else if (a.sort() == Sort.INSTANCE && item instanceof Map<?, ?> m) {
                @SuppressWarnings("unchecked")
                Map<String, Object> instance = (Map<String, Object>) m;
                instances.add(instance);
            } else {
                throw new ComponentLinkException("instance " + e.instance() + " export '" + e.name() + "' is not a "
                        + a.sort());
            }
        } else if (a.target() instanceof Outer o && a.sort() == Sort.TYPE) {
            if (o.count() == 0) {
                types.alias(o.index(), "outer alias");
                return;
            }
            TypeReader scope = this;
            for (int i = 0; i < o.count(); i++) {
                scope = scope.parent;
                if (scope == null) {
                    throw new UnsupportedComponentException("outer type aliases outside type definitions"
                            + " (an outer alias " + o.count() + " components out, past the root)");
                }
            }
            types.add(scope.types.get(o.index(), "outer alias"));
        } else if (a.target() instanceof Outer) {
            // As the instantiator: an outer alias of a component (which could name the component it is in) or of
            // a core module is not followed.
            if (a.sort() != Sort.CORE_MODULE) {
                throw new UnsupportedComponentException("outer aliases of " + a.sort());
            }
        }
        // Aliases of core exports fill core index spaces, which carry no component-level types.
    }

    private void importItem(Import i) {
        ExternDesc desc = i.desc();
        switch (desc.sort()) {
            case FUNC -> {
                FuncType type = types.func(desc.typeIndex(), "import '" + i.name() + "'");
                funcs.add(type);
                imports.add(new ComponentType.Func(i.name(), type));
            }
            case INSTANCE -> {
                TypeSpace.InstanceTypeInfo type = types.instance(desc.typeIndex(), "import '" + i.name() + "'");
                Map<String, Object> items = new LinkedHashMap<>(type.exports());
                instances.add(items);
                imports.add(new ComponentType.Instance(i.name(), items(items)));
            }
            case TYPE -> {
                if (desc.subResource()) {
                    ResourceType resource = new ResourceType(i.name());
                    types.add(resource);
                    imports.add(new ComponentType.Resource(i.name(), resource));
                } else {
                    types.alias(desc.typeIndex(), "import '" + i.name() + "'");
                    imports.add(typeItem(i.name(), types.get(types.size() - 1, "import")));
                }
            }
            default -> throw new UnsupportedComponentException("imports of a " + desc.sort() + " (the component imports '"
                    + i.name() + "')");
        }
    }

    private void export(Export e) {
        switch (e.sort()) {
            case FUNC -> {
                FuncType type = get(funcs, e.index(), "func");
                if (e.desc().isPresent() && e.desc().get().sort() == Sort.FUNC) {
                    FuncType ascribed = types.func(e.desc().get().typeIndex(), "export '" + e.name() + "'");
                    if (!ascribed.equals(type)) {
                        throw new ComponentLinkException("export '" + e.name() + "' is ascribed " + ascribed.wit()
                                + ", but the function is " + type.wit());
                    }
                }
                funcs.add(type);
                exported.put(e.name(), type);
                exports.add(new ComponentType.Func(e.name(), type));
            }
            case TYPE -> {
                Object type = types.get(e.index(), "export '" + e.name() + "'");
                types.alias(e.index(), "export '" + e.name() + "'");
                exported.put(e.name(), type);
                exports.add(typeItem(e.name(), type));
            }
            case INSTANCE -> {
                Map<String, Object> items = get(instances, e.index(), "instance");
                instances.add(items);
                exported.put(e.name(), items);
                exports.add(new ComponentType.Instance(e.name(), items(items)));
            }
            default -> throw new UnsupportedComponentException("exports of a " + e.sort());
        }
    }

    /** An instance's items as {@link ComponentType} lists them: its functions and types (instances hold no instances). */
    private static List<Item> items(Map<String, Object> instance) {
        List<Item> items = new ArrayList<>();
        instance.forEach((name, item) -> {
            if (item instanceof FuncType f) {
                items.add(new ComponentType.Func(name, f));
            } else if (item instanceof ValueType || item instanceof ResourceType) {
                items.add(typeItem(name, item));
            } else if (!(item instanceof Map)) {
                throw new UnsupportedComponentException("the instance item '" + name + "' (a " + item + ")");
            }
        });
        return items;
    }

    private static Item typeItem(String name, Object type) {
        if (type instanceof ValueType v) {
            return new ComponentType.NamedType(name, v);
        }
        if (type instanceof ResourceType r) {
            return new ComponentType.Resource(name, r);
        }
        throw new UnsupportedComponentException("the type '" + name + "' (a " + type + ")");
    }

    private static <T> T get(List<T> space, int index, String what) {
        if (index < 0 || index >= space.size()) {
            throw new ComponentLinkException(what + " index " + index + " is past the " + space.size()
                    + " defined so far");
        }
        return space.get(index);
    }
}
