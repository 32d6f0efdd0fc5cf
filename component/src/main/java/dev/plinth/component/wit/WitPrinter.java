package dev.plinth.component.wit;

import dev.plinth.component.Component;
import dev.plinth.component.type.ComponentType;
import dev.plinth.component.type.ComponentType.Func;
import dev.plinth.component.type.ComponentType.Instance;
import dev.plinth.component.type.ComponentType.Item;
import dev.plinth.component.type.ComponentType.NamedType;
import dev.plinth.component.type.ComponentType.Resource;
import dev.plinth.component.type.FuncType;
import dev.plinth.component.type.ResourceType;
import dev.plinth.component.type.ValueType;
import dev.plinth.component.type.ValueType.BorrowType;
import dev.plinth.component.type.ValueType.Case;
import dev.plinth.component.type.ValueType.EnumType;
import dev.plinth.component.type.ValueType.Field;
import dev.plinth.component.type.ValueType.FlagsType;
import dev.plinth.component.type.ValueType.ListType;
import dev.plinth.component.type.ValueType.OptionType;
import dev.plinth.component.type.ValueType.OwnType;
import dev.plinth.component.type.ValueType.Primitive;
import dev.plinth.component.type.ValueType.RecordType;
import dev.plinth.component.type.ValueType.ResultType;
import dev.plinth.component.type.ValueType.TupleType;
import dev.plinth.component.type.ValueType.VariantType;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Prints what a component imports and exports as WIT text, as {@code jco wit} (wit-component) does: a
 * world {@code root} in package {@code root:component} with its functions, the types the component names
 * printed as type definitions and used by name, anonymous types inline; imported and exported interfaces
 * ({@code ns:pkg/iface@1.0.0}) as {@code import}/{@code export} lines in the world and, after it, their
 * definitions in nested {@code package} blocks (which jco leaves out); instances with plain names as
 * inline {@code interface { ... }}s. Functions named {@code [constructor]r}, {@code [method]r.f} and
 * {@code [static]r.f} are printed inside their resource's block.
 */
public final class WitPrinter {
    private static final Pattern INTERFACE_NAME = Pattern.compile(
            "([a-z][a-z0-9-]*(?::[a-z][a-z0-9-]*)+)/([a-z][a-z0-9-]*)(@[^\\s]+)?");
    private static final Set<String> KEYWORDS = Set.of("as", "async", "bool", "borrow", "char", "constructor", "enum",
            "export", "f32", "f64", "flags", "from", "func", "future", "import", "include", "interface", "list",
            "option", "own", "package", "record", "resource", "result", "s8", "s16", "s32", "s64", "static", "stream",
            "string", "tuple", "type", "u8", "u16", "u32", "u64", "use", "variant", "with", "world", "error-context",
            "_");
    private static final String INDENT = "  ";

    /** Type names by identity: the name of the first item that names the type. */
    private final Map<Object, String> names = new IdentityHashMap<>();
    /** The interface (by its full name) that first names a type, for the {@code use} of the interfaces after it. */
    private final Map<Object, String> owners = new IdentityHashMap<>();
    private final StringBuilder out = new StringBuilder();

    private WitPrinter() {
    }

    /** The WIT of {@code component}'s imports and exports. */
    public static String print(Component component) {
        return print(component.type());
    }

    /** The WIT of a component of {@code type}. */
    public static String print(ComponentType type) {
        WitPrinter printer = new WitPrinter();
        printer.nameAll(type.imports(), null);
        printer.nameAll(type.exports(), null);
        return printer.world(type);
    }

    private void nameAll(List<Item> items, String scope) {
        for (Item item : items) {
            if (item instanceof Instance i) {
                nameAll(i.items(), INTERFACE_NAME.matcher(i.name()).matches() ? i.name() : null);
            } else if (item instanceof NamedType t && !(t.type() instanceof Primitive)) {
                name(t.type(), t.name(), scope);
            } else if (item instanceof Resource r) {
                name(r.type(), r.name(), scope);
            }
        }
    }

    private void name(Object type, String name, String scope) {
        if (names.putIfAbsent(type, name) == null && scope != null) {
            owners.put(type, scope);
        }
    }

    private String world(ComponentType type) {
        out.append("package root:component;\n\nworld root {\n");
        Map<String, Map<String, Instance>> packages = new LinkedHashMap<>();
        boolean any = worldItems("import", type.imports(), packages);
        if (any && !type.exports().isEmpty()) {
            out.append('\n');
        }
        worldItems("export", type.exports(), packages);
        out.append("}\n");
        for (Map.Entry<String, Map<String, Instance>> p : packages.entrySet()) {
            out.append("\npackage ").append(p.getKey()).append(" {\n");
            boolean first = true;
            for (Map.Entry<String, Instance> i : p.getValue().entrySet()) {
                if (!first) {
                    out.append('\n');
                }
                first = false;
                out.append(INDENT).append("interface ").append(id(i.getKey())).append(" {\n");
                body(i.getValue().items(), INDENT + INDENT, i.getValue().name());
                out.append(INDENT).append("}\n");
            }
            out.append("}\n");
        }
        return out.toString();
    }

    /** The world's imports or exports; interfaces are collected into {@code packages} for after the world. */
    private boolean worldItems(String direction, List<Item> items, Map<String, Map<String, Instance>> packages) {
        List<Item> types = new ArrayList<>();
        List<Item> rest = new ArrayList<>();
        for (Item item : items) {
            (item instanceof NamedType || item instanceof Resource ? types : rest).add(item);
        }
        // As wit-component prints a world: imported interfaces, then the types, then imported functions;
        // exports in the binary's order, after the types the component exports itself (which wit-component
        // never writes).
        boolean imports = direction.equals("import");
        for (Item item : rest) {
            if (imports && item instanceof Instance i) {
                instance(direction, i, packages);
            }
        }
        if (imports && !types.isEmpty() && rest.stream().anyMatch(x -> x instanceof Instance)) {
            out.append('\n');
        }
        if (!types.isEmpty()) {
            body(types, INDENT, null);
        }
        for (Item item : rest) {
            if (item instanceof Func f) {
                function(direction, f);
            } else if (!imports) {
                instance(direction, (Instance) item, packages);
            }
        }
        return !items.isEmpty();
    }

    private void instance(String direction, Instance i, Map<String, Map<String, Instance>> packages) {
        Matcher m = INTERFACE_NAME.matcher(i.name());
        if (m.matches()) {
            out.append(INDENT).append(direction).append(' ').append(i.name()).append(";\n");
            String pkg = m.group(1) + (m.group(3) == null ? "" : m.group(3));
            packages.computeIfAbsent(pkg, k -> new LinkedHashMap<>()).putIfAbsent(m.group(2), i);
        } else {
            out.append(INDENT).append(direction).append(' ').append(id(i.name())).append(": interface {\n");
            body(i.items(), INDENT + INDENT, null);
            out.append(INDENT).append("}\n");
        }
    }

    private void function(String direction, Func f) {
        out.append(INDENT).append(direction).append(' ').append(id(f.name())).append(": ")
                .append(func(f.type(), false)).append(";\n");
    }

    /**
     * The types and functions of an interface {@code scope} (null: the world, or an inline interface), each
     * resource with its functions; a type another interface names first is a {@code use} of it.
     */
    private void body(List<Item> items, String indent, String scope) {
        Map<String, List<String>> uses = new LinkedHashMap<>();
        List<Item> own = new ArrayList<>();
        for (Item item : items) {
            Object type = item instanceof NamedType t ? t.type() : item instanceof Resource r ? r.type() : null;
            String owner = type == null ? null : owners.get(type);
            if (owner != null && !owner.equals(scope)) {
                uses.computeIfAbsent(owner, k -> new ArrayList<>()).add(id(names.get(type)));
            } else {
                own.add(item);
            }
        }
        uses.forEach((owner, used) -> out.append(indent).append("use ").append(owner).append(".{")
                .append(String.join(", ", used)).append("};\n"));
        if (!uses.isEmpty() && !own.isEmpty()) {
            out.append('\n');
        }
        items = own;
        Map<String, List<Func>> members = new LinkedHashMap<>();
        List<Func> plain = new ArrayList<>();
        for (Item item : items) {
            if (item instanceof Func f) {
                String resource = resourceOf(f.name());
                if (resource != null && items.stream().anyMatch(x -> x instanceof Resource r
                        && r.name().equals(resource))) {
                    members.computeIfAbsent(resource, k -> new ArrayList<>()).add(f);
                } else {
                    plain.add(f);
                }
            }
        }
        boolean blank = false;
        for (Item item : items) {
            if (item instanceof NamedType t) {
                if (blank) {
                    out.append('\n');
                }
                typeDef(t, indent);
                blank = true;
            } else if (item instanceof Resource r) {
                if (blank) {
                    out.append('\n');
                }
                resource(r, members.getOrDefault(r.name(), List.of()), indent);
                blank = true;
            }
        }
        if (blank && !plain.isEmpty()) {
            out.append('\n');
        }
        for (Func f : plain) {
            out.append(indent).append(id(f.name())).append(": ").append(func(f.type(), false)).append(";\n");
        }
    }

    private void typeDef(NamedType t, String indent) {
        String name = id(t.name());
        ValueType type = t.type();
        if (type instanceof RecordType r) {
            out.append(indent).append("record ").append(name).append(" {\n");
            for (Field f : r.fields()) {
                out.append(indent).append(INDENT).append(id(f.name())).append(": ").append(ref(f.type())).append(",\n");
            }
            out.append(indent).append("}\n");
        } else if (type instanceof VariantType v) {
            out.append(indent).append("variant ").append(name).append(" {\n");
            for (Case c : v.cases()) {
                out.append(indent).append(INDENT).append(id(c.name()))
                        .append(c.payload().map(p -> "(" + ref(p) + ")").orElse("")).append(",\n");
            }
            out.append(indent).append("}\n");
        } else if (type instanceof EnumType e) {
            cases("enum", name, e.cases(), indent);
        } else if (type instanceof FlagsType f) {
            cases("flags", name, f.names(), indent);
        } else {
            // An alias (`type id = u64;`): print the definition, not the name it is being defined as.
            String self = names.remove(type);
            out.append(indent).append("type ").append(name).append(" = ").append(ref(type)).append(";\n");
            if (self != null) {
                names.put(type, self);
            }
        }
    }

    private void cases(String keyword, String name, List<String> cases, String indent) {
        out.append(indent).append(keyword).append(' ').append(name).append(" {\n");
        for (String c : cases) {
            out.append(indent).append(INDENT).append(id(c)).append(",\n");
        }
        out.append(indent).append("}\n");
    }

    private void resource(Resource r, List<Func> members, String indent) {
        if (members.isEmpty()) {
            out.append(indent).append("resource ").append(id(r.name())).append(";\n");
            return;
        }
        out.append(indent).append("resource ").append(id(r.name())).append(" {\n");
        for (Func f : members) {
            String inner = indent + INDENT;
            if (f.name().startsWith("[constructor]")) {
                out.append(inner).append("constructor(").append(params(f.type().params())).append(")");
                // The result is own<r> by definition; WIT does not write it (unless it is a result<r, e>).
                if (!f.type().results().isEmpty() && !(f.type().results().get(0) instanceof OwnType)) {
                    out.append(" -> ").append(ref(f.type().results().get(0)));
                }
                out.append(";\n");
            } else if (f.name().startsWith("[method]")) {
                out.append(inner).append(id(member(f.name()))).append(": ").append(func(f.type(), true)).append(";\n");
            } else {
                out.append(inner).append(id(member(f.name()))).append(": static ").append(func(f.type(), false))
                        .append(";\n");
            }
        }
        out.append(indent).append("}\n");
    }

    /** The resource a {@code [constructor]r}, {@code [method]r.f} or {@code [static]r.f} belongs to. */
    private static String resourceOf(String name) {
        if (name.startsWith("[constructor]")) {
            return name.substring("[constructor]".length());
        }
        for (String prefix : List.of("[method]", "[static]")) {
            if (name.startsWith(prefix) && name.indexOf('.') > prefix.length()) {
                return name.substring(prefix.length(), name.indexOf('.'));
            }
        }
        return null;
    }

    private static String member(String name) {
        return name.substring(name.indexOf('.') + 1);
    }

    /** {@code func(a: T) -> R}; a method's first parameter ({@code self}) is not written. */
    private String func(FuncType type, boolean method) {
        List<Field> params = type.params();
        if (method && !params.isEmpty()) {
            params = params.subList(1, params.size());
        }
        StringBuilder text = new StringBuilder("func(").append(params(params)).append(")");
        if (type.results().size() == 1) {
            text.append(" -> ").append(ref(type.results().get(0)));
        } else if (type.results().size() > 1) {
            List<String> results = new ArrayList<>();
            type.results().forEach(r -> results.add(ref(r)));
            text.append(" -> (").append(String.join(", ", results)).append(")");
        }
        return text.toString();
    }

    private String params(List<Field> params) {
        List<String> text = new ArrayList<>();
        for (Field p : params) {
            text.add(id(p.name()) + ": " + ref(p.type()));
        }
        return String.join(", ", text);
    }

    /** A use of a type: its name when the component names it, else the type written out. */
    private String ref(ValueType type) {
        String name = type instanceof Primitive ? null : names.get(type);
        if (name != null) {
            return id(name);
        }
        if (type instanceof Primitive p) {
            return p.wit();
        }
        if (type instanceof ListType l) {
            return "list<" + ref(l.element()) + ">";
        }
        if (type instanceof OptionType o) {
            return "option<" + ref(o.some()) + ">";
        }
        if (type instanceof TupleType t) {
            List<String> elements = new ArrayList<>();
            t.elements().forEach(e -> elements.add(ref(e)));
            return "tuple<" + String.join(", ", elements) + ">";
        }
        if (type instanceof ResultType r) {
            if (r.ok().isEmpty() && r.error().isEmpty()) {
                return "result";
            }
            if (r.error().isEmpty()) {
                return "result<" + ref(r.ok().get()) + ">";
            }
            return "result<" + r.ok().map(this::ref).orElse("_") + ", " + ref(r.error().get()) + ">";
        }
        if (type instanceof OwnType o) {
            return resourceName(o.resource());
        }
        if (type instanceof BorrowType b) {
            return "borrow<" + resourceName(b.resource()) + ">";
        }
        // An anonymous record, variant, enum or flags: WIT has no inline spelling; this one is readable.
        return type.wit();
    }

    private String resourceName(ResourceType resource) {
        String name = names.get(resource);
        return id(name != null ? name : resource.name());
    }

    /** A WIT identifier, with {@code %} before a keyword. */
    static String id(String name) {
        return KEYWORDS.contains(name) ? "%" + name : name;
    }
}
