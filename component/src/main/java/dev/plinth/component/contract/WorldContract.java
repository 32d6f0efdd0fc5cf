package dev.plinth.component.contract;

import dev.plinth.component.type.ComponentType;
import dev.plinth.component.type.ValueType;
import dev.plinth.component.wit.PackageName;
import dev.plinth.component.wit.ResolvedWit;
import dev.plinth.component.wit.Scope;
import dev.plinth.component.wit.TypeDef;
import dev.plinth.component.wit.WitFunction;
import dev.plinth.component.wit.WitInterface;
import dev.plinth.component.wit.WitType;
import dev.plinth.component.wit.WitWorld;
import dev.plinth.component.wit.WorldItem;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A WIT world as the contract a component is checked against: its imports and exports in the shape
 * {@link dev.plinth.component.Component#type()} reads from a binary ({@link ComponentType}: interfaces as
 * instances of functions, types and resources, named as wit-component names them, {@code plinth:plugin/processing@0.1.0},
 * {@code [method]session.send}), so that the two are compared item by item ({@link ContractCheck}).
 */
public final class WorldContract {
    private final String name;
    private final PackageName pkg;
    private final ComponentType type;
    private final Map<ValueType, String> names;

    private WorldContract(String name, PackageName pkg, ComponentType type, Map<ValueType, String> names) {
        this.name = name;
        this.pkg = pkg;
        this.type = type;
        this.names = names;
    }

    /**
     * The world {@code world} of {@code wit}'s main package.
     *
     * @throws IllegalArgumentException when the package has no such world
     */
    public static WorldContract of(ResolvedWit wit, String world) {
        WitWorld w = wit.world(world).orElseThrow(() -> new IllegalArgumentException("package "
                + wit.main().name() + " has no world `" + world + "`; it has " + wit.main().worlds().stream()
                        .map(WitWorld::name).toList()));
        Map<ValueType, String> names = new IdentityHashMap<>();
        for (ResolvedWit.Interface iface : wit.interfaces()) {
            for (TypeDef def : iface.iface().types()) {
                if (!(def.kind() instanceof TypeDef.Resource)) {
                    names.putIfAbsent(wit.valueType(iface.scope(), new WitType.Named(def.name(), def.position())),
                            def.name());
                }
            }
        }
        PackageName pkg = wit.main().name();
        List<ComponentType.Item> imports = new ArrayList<>();
        for (ResolvedWit.Item item : wit.imports(w)) {
            imports.add(item(wit, pkg, world, item));
        }
        List<ComponentType.Item> exports = new ArrayList<>();
        for (ResolvedWit.Item item : wit.exports(w)) {
            exports.add(item(wit, pkg, world, item));
        }
        return new WorldContract(pkg.qualify(world), pkg, new ComponentType(imports, exports), names);
    }

    /** The world's full name, {@code plinth:plugin/plugin@0.1.0}. */
    public String name() {
        return name;
    }

    /** The package's version, {@code 0.1.0}; empty when the package has none. */
    public Optional<String> version() {
        return pkg.version();
    }

    /** The world's imports and exports, as a component implementing it has them. */
    public ComponentType type() {
        return type;
    }

    /** The names the world's WIT gives its types, by identity of the types in {@link #type()}. */
    Map<ValueType, String> names() {
        return names;
    }

    private static ComponentType.Item item(ResolvedWit wit, PackageName pkg, String world, ResolvedWit.Item item) {
        WorldItem w = item.item();
        if (w instanceof WorldItem.Function f) {
            return new ComponentType.Func(item.name(), wit.funcType(item.scope(), f.function(), Optional.empty()));
        }
        ResolvedWit.Interface iface;
        String name;
        if (w instanceof WorldItem.InterfaceRef ref) {
            iface = wit.iface(item.scope().pkg(), ref.path());
            name = iface.scope().toString();
        } else if (w instanceof WorldItem.NamedInterfaceRef ref) {
            iface = wit.iface(item.scope().pkg(), ref.path());
            name = item.name();
        } else {
            WitInterface inline = ((WorldItem.InlineInterface) w).iface();
            iface = wit.iface(Scope.inline(item.scope().pkg(), item.scope().name(), inline.name()))
                    .orElseThrow(() -> new IllegalStateException("no scope for inline interface " + inline.name()));
            name = item.name();
        }
        return new ComponentType.Instance(name, members(wit, iface));
    }

    private static List<ComponentType.Item> members(ResolvedWit wit, ResolvedWit.Interface iface) {
        Scope scope = iface.scope();
        List<ComponentType.Item> items = new ArrayList<>();
        for (TypeDef def : iface.iface().types()) {
            if (def.kind() instanceof TypeDef.Resource r) {
                items.add(new ComponentType.Resource(def.name(), wit.resourceType(new ResolvedWit.Definition(def,
                        scope))));
                for (WitFunction f : r.functions()) {
                    String fname = switch (f.kind()) {
                        case CONSTRUCTOR -> "[constructor]" + def.name();
                        case STATIC -> "[static]" + def.name() + "." + f.name();
                        default -> "[method]" + def.name() + "." + f.name();
                    };
                    items.add(new ComponentType.Func(fname, wit.funcType(scope, f, Optional.of(def))));
                }
            } else {
                items.add(new ComponentType.NamedType(def.name(), wit.valueType(scope, new WitType.Named(def.name(),
                        def.position()))));
            }
        }
        for (WitFunction f : iface.iface().functions()) {
            items.add(new ComponentType.Func(f.name(), wit.funcType(scope, f, Optional.empty())));
        }
        return items;
    }
}
