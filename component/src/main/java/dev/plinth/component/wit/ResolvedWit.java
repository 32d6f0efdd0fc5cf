package dev.plinth.component.wit;

import dev.plinth.component.type.FuncType;
import dev.plinth.component.type.ResourceType;
import dev.plinth.component.type.ValueType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A WIT package with its dependencies, every name resolved: {@code use}s to the interfaces and
 * types they name, type names to their definitions, worlds' includes to the worlds they include.
 * {@link #of} checks everything (unknown names, names defined twice, types that refer to
 * themselves) and throws a {@link WitException} at the first problem; after that, lookups do not fail.
 * Types resolve to the {@code component} module's {@link ValueType}s; each resource definition is
 * one {@link ResourceType}.
 */
public final class ResolvedWit {
    /** How deep named types may refer to named types (aliases, fields, cases), so resolving cannot exhaust the stack. */
    public static final int MAX_NAMED_DEPTH = 100;
    private final WitPackage main;
    private final List<WitPackage> packages;
    /** Per scope: local name to what it is (a definition or a use). */
    private final Map<Scope, Map<String, Entry>> scopes = new HashMap<>();
    private final Map<Scope, WitInterface> interfaces = new LinkedHashMap<>();
    private final Map<String, ResourceType> resources = new HashMap<>();
    private final Map<String, ValueType> valueTypes = new HashMap<>();

    /** A type definition and the scope it is defined in. */
    public record Definition(TypeDef def, Scope scope) {
        public Definition {
            Objects.requireNonNull(def, "def");
            Objects.requireNonNull(scope, "scope");
        }
    }

    /** An interface and its scope (for an inline interface, the world's inline scope). */
    public record Interface(WitInterface iface, Scope scope) {
        public Interface {
            Objects.requireNonNull(iface, "iface");
            Objects.requireNonNull(scope, "scope");
        }
    }

    /** An import or export of a world (included ones too), with the scope of the world that declares it. */
    public record Item(WorldItem item, String name, Scope scope) {
        public Item {
            Objects.requireNonNull(item, "item");
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(scope, "scope");
        }
    }

    private sealed interface Entry {
    }

    private record Defined(TypeDef def) implements Entry {
    }

    private record Used(WitUse use, WitUse.Name name) implements Entry {
    }

    private ResolvedWit(WitPackage main, List<WitPackage> deps) {
        this.main = main;
        List<WitPackage> all = new ArrayList<>();
        all.add(main);
        all.addAll(deps);
        this.packages = List.copyOf(all);
    }

    /** Resolves {@code main} against {@code deps} (foreign packages its {@code use}s and includes name). */
    public static ResolvedWit of(WitPackage main, List<WitPackage> deps) {
        ResolvedWit wit = new ResolvedWit(main, deps);
        wit.index();
        wit.check();
        return wit;
    }

    /** The package that was parsed (not a dependency). */
    public WitPackage main() {
        return main;
    }

    /** The main package first, then its dependencies. */
    public List<WitPackage> packages() {
        return packages;
    }

    /** The interfaces of every package, with their scopes, inline interfaces included. */
    public List<Interface> interfaces() {
        return interfaces.entrySet().stream().map(e -> new Interface(e.getValue(), e.getKey())).toList();
    }

    /** The interface of a scope (an interface's, or an inline one's). */
    public Optional<Interface> iface(Scope scope) {
        return Optional.ofNullable(interfaces.get(scope)).map(i -> new Interface(i, scope));
    }

    /** The interface {@code path} names, seen from {@code from}'s package. */
    public Interface iface(PackageName from, UsePath path) {
        PackageName target = pkgOf(from, path);
        String name = path.pkg().isEmpty() ? aliasOf(from, path.name()) : path.name();
        Scope scope = new Scope(target, name);
        WitInterface found = interfaces.get(scope);
        if (found == null) {
            throw new WitException(path.position(), "no interface `" + name + "` in package " + target);
        }
        return new Interface(found, scope);
    }

    /** The world named {@code name} in the main package. */
    public Optional<WitWorld> world(String name) {
        return main.world(name);
    }

    /** The definition a type name in {@code scope} refers to, through {@code use}s (aliases are not followed). */
    public Definition definition(Scope scope, String name, Position at) {
        Set<String> seen = new HashSet<>();
        Scope s = scope;
        String n = name;
        while (true) {
            if (!seen.add(s + "#" + n)) {
                throw new WitException(at, "`use` of `" + name + "` goes round in a circle");
            }
            Map<String, Entry> names = scopes.get(s);
            Entry entry = names == null ? null : names.get(n);
            if (entry == null) {
                throw new WitException(at, "no type `" + n + "` in " + s);
            }
            if (entry instanceof Defined d) {
                return new Definition(d.def(), s);
            }
            Used used = (Used) entry;
            Interface from = iface(s.pkg(), used.use().from());
            s = from.scope();
            n = used.name().name();
            at = used.name().position();
        }
    }

    /** The definition, and through aliases ({@code type a = b;}) to the one that is not an alias. */
    public Definition definitionThroughAliases(Scope scope, String name, Position at) {
        Definition d = definition(scope, name, at);
        int hops = 0;
        while (d.def().kind() instanceof TypeDef.Alias a && a.target() instanceof WitType.Named target) {
            if (++hops > 1000) {
                throw new WitException(at, "type `" + name + "` refers to itself");
            }
            d = definition(d.scope(), target.name(), target.position());
        }
        return d;
    }

    /** The structural type {@code type} is in {@code scope}. */
    public ValueType valueType(Scope scope, WitType type) {
        return valueType(scope, type, new HashSet<>());
    }

    /** The type of a function defined in {@code scope}; methods get {@code self: borrow<R>}, constructors {@code -> R}. */
    public FuncType funcType(Scope scope, WitFunction function, Optional<TypeDef> resource) {
        List<ValueType.Field> params = new ArrayList<>();
        if (function.kind() == WitFunction.Kind.METHOD) {
            TypeDef r = resource.orElseThrow();
            params.add(new ValueType.Field("self", new ValueType.BorrowType(resourceType(new Definition(r, scope)))));
        }
        for (WitFunction.Param p : function.params()) {
            params.add(new ValueType.Field(p.name(), valueType(scope, p.type())));
        }
        List<ValueType> results;
        if (function.kind() == WitFunction.Kind.CONSTRUCTOR && function.result().isEmpty()) {
            results = List.of(new ValueType.OwnType(resourceType(new Definition(resource.orElseThrow(), scope))));
        } else {
            results = function.result().map(t -> List.of(valueType(scope, t))).orElse(List.of());
        }
        return new FuncType(params, results);
    }

    /** A world's imports, its includes' imports after its own (renamed as the include says). */
    public List<Item> imports(WitWorld world) {
        return items(main.name(), world, true, new HashSet<>());
    }

    /** A world's exports, its includes' exports after its own. */
    public List<Item> exports(WitWorld world) {
        return items(main.name(), world, false, new HashSet<>());
    }

    /** The resource type of a resource definition: one per definition. */
    public ResourceType resourceType(Definition d) {
        return resources.computeIfAbsent(d.scope() + "#" + d.def().name(), k -> new ResourceType(d.def().name()));
    }

    // ---- building

    private void index() {
        for (WitPackage pkg : packages) {
            Set<String> topNames = new HashSet<>();
            for (WitInterface i : pkg.interfaces()) {
                if (!topNames.add(i.name())) {
                    throw new WitException(i.position(), "`" + i.name() + "` is defined twice in package " + pkg.name());
                }
                addScope(new Scope(pkg.name(), i.name()), i.uses(), i.types());
                interfaces.put(new Scope(pkg.name(), i.name()), i);
            }
            for (WitWorld w : pkg.worlds()) {
                if (!topNames.add(w.name())) {
                    throw new WitException(w.position(), "`" + w.name() + "` is defined twice in package " + pkg.name());
                }
                addScope(new Scope(pkg.name(), w.name()), w.uses(), w.types());
                for (WorldItem item : concat(w.imports(), w.exports())) {
                    if (item instanceof WorldItem.InlineInterface inline) {
                        WitInterface i = inline.iface();
                        Scope s = Scope.inline(pkg.name(), w.name(), i.name());
                        addScope(s, i.uses(), i.types());
                        interfaces.put(s, i);
                    }
                }
            }
        }
    }

    private void addScope(Scope scope, List<WitUse> uses, List<TypeDef> types) {
        Map<String, Entry> names = new LinkedHashMap<>();
        for (WitUse use : uses) {
            for (WitUse.Name n : use.names()) {
                if (names.put(n.as(), new Used(use, n)) != null) {
                    throw new WitException(n.position(), "`" + n.as() + "` is defined twice in " + scope);
                }
            }
        }
        for (TypeDef t : types) {
            if (names.put(t.name(), new Defined(t)) != null) {
                throw new WitException(t.position(), "`" + t.name() + "` is defined twice in " + scope);
            }
        }
        scopes.put(scope, names);
    }

    private void check() {
        for (Map.Entry<Scope, Map<String, Entry>> scope : scopes.entrySet()) {
            for (Map.Entry<String, Entry> e : scope.getValue().entrySet()) {
                if (e.getValue() instanceof Used u) {
                    definition(scope.getKey(), e.getKey(), u.name().position());
                } else if (e.getValue() instanceof Defined d) {
                    checkDef(scope.getKey(), d.def());
                }
            }
        }
        for (Map.Entry<Scope, WitInterface> e : interfaces.entrySet()) {
            checkFunctions(e.getKey(), e.getValue().functions(), Optional.empty());
        }
        for (WitPackage pkg : packages) {
            for (WitWorld w : pkg.worlds()) {
                Scope ws = new Scope(pkg.name(), w.name());
                for (Item item : items(pkg.name(), w, true, new HashSet<>())) {
                    checkItem(item);
                }
                for (Item item : items(pkg.name(), w, false, new HashSet<>())) {
                    checkItem(item);
                }
                Objects.requireNonNull(ws);
            }
        }
    }

    private void checkItem(Item item) {
        if (item.item() instanceof WorldItem.InterfaceRef ref) {
            iface(item.scope().pkg(), ref.path());
        } else if (item.item() instanceof WorldItem.NamedInterfaceRef ref) {
            iface(item.scope().pkg(), ref.path());
        } else if (item.item() instanceof WorldItem.Function f) {
            checkFunctions(item.scope(), List.of(f.function()), Optional.empty());
        }
    }

    private void checkDef(Scope scope, TypeDef def) {
        if (def.kind() instanceof TypeDef.Resource r) {
            Set<String> names = new HashSet<>();
            for (WitFunction f : r.functions()) {
                if (!names.add(f.name())) {
                    throw new WitException(f.position(), "`" + f.name() + "` is defined twice in resource `"
                            + def.name() + "`");
                }
            }
            checkFunctions(scope, r.functions(), Optional.of(def));
            return;
        }
        try {
            valueType(scope, new WitType.Named(def.name(), def.position()));
        } catch (IllegalArgumentException e) {
            throw new WitException(def.position(), "`" + def.name() + "`: " + e.getMessage());
        }
    }

    private void checkFunctions(Scope scope, List<WitFunction> functions, Optional<TypeDef> resource) {
        Set<String> names = new HashSet<>();
        for (WitFunction f : functions) {
            if (resource.isEmpty() && !names.add(f.name())) {
                throw new WitException(f.position(), "function `" + f.name() + "` is defined twice in " + scope);
            }
            Set<String> params = new HashSet<>();
            for (WitFunction.Param p : f.params()) {
                if (!params.add(p.name())) {
                    throw new WitException(f.position(), "parameter `" + p.name() + "` of `" + f.name()
                            + "` is named twice");
                }
            }
            if (f.kind() == WitFunction.Kind.CONSTRUCTOR && f.result().isPresent()) {
                boolean returnsSelf = f.result().get() instanceof WitType.ResultOf r
                        && r.ok().isPresent() && r.ok().get() instanceof WitType.Named n
                        && n.name().equals(resource.orElseThrow().name());
                if (!returnsSelf) {
                    throw new WitException(f.position(), "a constructor's result must be `result<"
                            + resource.orElseThrow().name() + ", E>` or absent");
                }
            }
            funcType(scope, f, resource);
        }
    }

    private List<Item> items(PackageName pkg, WitWorld world, boolean imports, Set<String> including) {
        if (!including.add(pkg.qualify(world.name()))) {
            throw new WitException(world.position(), "world `" + world.name() + "` includes itself");
        }
        Scope scope = new Scope(pkg, world.name());
        Map<String, Item> byName = new LinkedHashMap<>();
        for (WorldItem item : imports ? world.imports() : world.exports()) {
            String name = itemName(pkg, item);
            if (byName.put(name, new Item(item, name, scope)) != null) {
                throw new WitException(position(item), "`" + name + "` is " + (imports ? "imported" : "exported")
                        + " twice by world `" + world.name() + "`");
            }
        }
        for (WitWorld.Include include : world.includes()) {
            PackageName target = pkgOf(pkg, include.world());
            WitWorld other = packageNamed(target).world(include.world().name()).orElseThrow(() ->
                    new WitException(include.position(), "no world `" + include.world().name() + "` in package " + target));
            Map<String, String> renames = new HashMap<>();
            include.renames().forEach(r -> renames.put(r.name(), r.as()));
            for (Item item : items(target, other, imports, including)) {
                String name = renames.getOrDefault(item.name(), item.name());
                Item existing = byName.get(name);
                if (existing == null) {
                    byName.put(name, new Item(item.item(), name, item.scope()));
                } else if (!(existing.item() instanceof WorldItem.InterfaceRef && item.item() instanceof WorldItem.InterfaceRef)) {
                    throw new WitException(include.position(), "`" + name + "` is " + (imports ? "imported" : "exported")
                            + " by world `" + world.name() + "` and by the world it includes, `" + other.name()
                            + "`: rename it (include " + include.world() + " with { " + item.name() + " as ... })");
                }
            }
        }
        including.remove(pkg.qualify(world.name()));
        return List.copyOf(byName.values());
    }

    private String itemName(PackageName pkg, WorldItem item) {
        if (item instanceof WorldItem.InterfaceRef ref) {
            return iface(pkg, ref.path()).scope().toString();
        }
        return item.name();
    }

    private static Position position(WorldItem item) {
        if (item instanceof WorldItem.InterfaceRef ref) {
            return ref.path().position();
        } else if (item instanceof WorldItem.NamedInterfaceRef ref) {
            return ref.path().position();
        } else if (item instanceof WorldItem.InlineInterface inline) {
            return inline.iface().position();
        }
        return ((WorldItem.Function) item).function().position();
    }

    private ValueType valueType(Scope scope, WitType type, Set<String> visiting) {
        if (type instanceof WitType.Primitive p) {
            return p.type();
        } else if (type instanceof WitType.ListOf l) {
            return new ValueType.ListType(valueType(scope, l.element(), visiting));
        } else if (type instanceof WitType.OptionOf o) {
            return new ValueType.OptionType(valueType(scope, o.some(), visiting));
        } else if (type instanceof WitType.ResultOf r) {
            return new ValueType.ResultType(r.ok().map(t -> valueType(scope, t, visiting)),
                    r.error().map(t -> valueType(scope, t, visiting)));
        } else if (type instanceof WitType.TupleOf t) {
            if (t.elements().isEmpty()) {
                throw new IllegalArgumentException("a tuple has at least one element");
            }
            return new ValueType.TupleType(t.elements().stream().map(e -> valueType(scope, e, visiting)).toList());
        } else if (type instanceof WitType.Borrow b) {
            Definition d = definitionThroughAliases(scope, b.resource(), b.position());
            if (!(d.def().kind() instanceof TypeDef.Resource)) {
                throw new WitException(b.position(), "`borrow<" + b.resource() + ">`: `" + b.resource()
                        + "` is not a resource");
            }
            return new ValueType.BorrowType(resourceType(d));
        }
        WitType.Named n = (WitType.Named) type;
        return named(definition(scope, n.name(), n.position()), n.position(), visiting);
    }

    private ValueType named(Definition d, Position at, Set<String> visiting) {
        String key = d.scope() + "#" + d.def().name();
        ValueType cached = valueTypes.get(key);
        if (cached != null) {
            return cached;
        }
        if (!visiting.add(key)) {
            throw new WitException(at, "type `" + d.def().name() + "` refers to itself");
        }
        if (visiting.size() > MAX_NAMED_DEPTH) {
            throw new WitException(at, "named types nest more than " + MAX_NAMED_DEPTH + " deep (at `"
                    + d.def().name() + "`)");
        }
        Scope s = d.scope();
        TypeDef.Kind kind = d.def().kind();
        ValueType result;
        if (kind instanceof TypeDef.Alias a) {
            result = valueType(s, a.target(), visiting);
        } else if (kind instanceof TypeDef.Record r) {
            requireSome(d, r.fields().size(), "field");
            result = new ValueType.RecordType(r.fields().stream()
                    .map(f -> new ValueType.Field(f.name(), valueType(s, f.type(), visiting))).toList());
        } else if (kind instanceof TypeDef.Variant v) {
            requireSome(d, v.cases().size(), "case");
            result = new ValueType.VariantType(v.cases().stream().map(c -> new ValueType.Case(c.name(),
                    c.payload().map(p -> valueType(s, p, visiting)))).toList());
        } else if (kind instanceof TypeDef.Enum e) {
            requireSome(d, e.cases().size(), "case");
            result = new ValueType.EnumType(e.cases().stream().map(TypeDef.Case::name).toList());
        } else if (kind instanceof TypeDef.Flags f) {
            requireSome(d, f.flags().size(), "flag");
            result = new ValueType.FlagsType(f.flags().stream().map(TypeDef.Case::name).toList());
        } else {
            result = new ValueType.OwnType(resourceType(d));
        }
        visiting.remove(key);
        valueTypes.put(key, result);
        return result;
    }

    private static void requireSome(Definition d, int count, String what) {
        if (count == 0) {
            throw new WitException(d.def().position(), "`" + d.def().name() + "` has no " + what
                    + ": at least one is required");
        }
    }

    private PackageName pkgOf(PackageName from, UsePath path) {
        if (path.pkg().isEmpty()) {
            String alias = path.name();
            WitPackage pkg = packageNamed(from);
            for (WitPackage.TopLevelUse use : pkg.uses()) {
                if (use.as().equals(alias)) {
                    return pkgOf(from, use.path());
                }
            }
            return from;
        }
        PackageName wanted = path.pkg().get();
        List<WitPackage> matches = packages.stream().filter(p -> p.name().namespace().equals(wanted.namespace())
                && p.name().name().equals(wanted.name())
                && (wanted.version().isEmpty() || p.name().version().equals(wanted.version()))).toList();
        if (matches.size() == 1) {
            return matches.get(0).name();
        }
        if (matches.isEmpty()) {
            throw new WitException(path.position(), "no package " + wanted + " (put its .wit files under deps/)");
        }
        throw new WitException(path.position(), "package " + wanted.namespace() + ":" + wanted.name()
                + " is there in several versions: name one (`@version`)");
    }

    private String aliasOf(PackageName from, String name) {
        for (WitPackage.TopLevelUse use : packageNamed(from).uses()) {
            if (use.as().equals(name)) {
                return use.path().name();
            }
        }
        return name;
    }

    private WitPackage packageNamed(PackageName name) {
        return packages.stream().filter(p -> p.name().equals(name)).findFirst().orElseThrow();
    }

    private static <T> List<T> concat(List<T> a, List<T> b) {
        List<T> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
