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
 * Reads a component's {@link ComponentType} from its definitions, at the type level only: the type and
 * function index spaces and the instances' items, as the instantiator builds them, without a core
 * module parsed or run. A type import or export gives its type a name; an imported instance's type and an
 * exported instance's inline exports give it its items. Components whose exports come from nested
 * components are refused by name, as the instantiator refuses them.
 */
public final class TypeReader {
    private final TypeSpace types = new TypeSpace(new Layout());
    /** The component function index space, by type. */
    private final List<FuncType> funcs = new ArrayList<>();
    /** The component instance index space: each instance's items by name. */
    private final List<Map<String, Item>> instances = new ArrayList<>();
    private final List<Item> imports = new ArrayList<>();
    private final List<Item> exports = new ArrayList<>();

    private TypeReader() {
    }

    /** The imports and exports of {@code component}. */
    public static ComponentType read(Component component) {
        TypeReader reader = new TypeReader();
        for (Definition d : component.definitions()) {
            reader.define(d);
        }
        return new ComponentType(reader.imports, reader.exports);
    }

    private void define(Definition d) {
        if (d instanceof TypeDef t) {
            types.define(t.type());
        } else if (d instanceof Alias a) {
            alias(a);
        } else if (d instanceof Lift l) {
            funcs.add(types.func(l.type(), "canon lift"));
        } else if (d instanceof InstanceInlineExports e) {
            Map<String, Item> items = new LinkedHashMap<>();
            for (NamedSortIndex x : e.exports()) {
                if (x.sort() == Sort.FUNC) {
                    items.put(x.name(), new ComponentType.Func(x.name(), get(funcs, x.index(), "func")));
                } else if (x.sort() == Sort.TYPE) {
                    items.put(x.name(), typeItem(x.name(), types.get(x.index(), "instance export")));
                } else {
                    throw new UnsupportedComponentException("a " + x.sort() + " in an instance's exports");
                }
            }
            instances.add(items);
        } else if (d instanceof Import i) {
            importItem(i);
        } else if (d instanceof Export e) {
            export(e);
        } else if (d instanceof InstanceInstantiate) {
            throw new UnsupportedComponentException("instantiating nested components");
        }
        // Core definitions, lowers, resource built-ins, nested component definitions, start and custom
        // sections add nothing to the component-level type and function index spaces.
    }

    private void alias(Alias a) {
        if (a.target() instanceof InstanceExport e) {
            Item item = get(instances, e.instance(), "instance").get(e.name());
            if (item == null) {
                throw new ComponentLinkException("instance " + e.instance() + " has no export '" + e.name() + "'");
            }
            if (a.sort() == Sort.FUNC && item instanceof ComponentType.Func f) {
                funcs.add(f.type());
            } else if (a.sort() == Sort.TYPE && item instanceof ComponentType.NamedType t) {
                types.add(t.type());
            } else if (a.sort() == Sort.TYPE && item instanceof ComponentType.Resource r) {
                types.add(r.type());
            } else {
                throw new ComponentLinkException("instance " + e.instance() + " export '" + e.name() + "' is not a "
                        + a.sort());
            }
        } else if (a.target() instanceof Outer && a.sort() == Sort.TYPE) {
            throw new UnsupportedComponentException("outer type aliases outside type definitions");
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
                Map<String, Item> items = new LinkedHashMap<>();
                type.exports().forEach((name, item) -> items.put(name, item instanceof FuncType f
                        ? new ComponentType.Func(name, f) : typeItem(name, item)));
                instances.add(items);
                imports.add(new ComponentType.Instance(i.name(), List.copyOf(items.values())));
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
                funcs.add(type);
                exports.add(new ComponentType.Func(e.name(), type));
            }
            case TYPE -> {
                Object type = types.get(e.index(), "export '" + e.name() + "'");
                types.alias(e.index(), "export '" + e.name() + "'");
                exports.add(typeItem(e.name(), type));
            }
            case INSTANCE -> {
                Map<String, Item> items = get(instances, e.index(), "instance");
                instances.add(items);
                exports.add(new ComponentType.Instance(e.name(), List.copyOf(items.values())));
            }
            default -> throw new UnsupportedComponentException("exports of a " + e.sort());
        }
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
