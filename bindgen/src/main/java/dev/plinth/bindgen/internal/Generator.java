package dev.plinth.bindgen.internal;

import dev.plinth.bindgen.BindgenException;
import dev.plinth.bindgen.GeneratedSource;
import dev.plinth.component.binding.Tuple;
import dev.plinth.component.type.ValueType;
import dev.plinth.component.wit.PackageName;
import dev.plinth.component.wit.ResolvedWit;
import dev.plinth.component.wit.Scope;
import dev.plinth.component.wit.TypeDef;
import dev.plinth.component.wit.WitFunction;
import dev.plinth.component.wit.WitInterface;
import dev.plinth.component.wit.WitPackage;
import dev.plinth.component.wit.WitType;
import dev.plinth.component.wit.WitUse;
import dev.plinth.component.wit.WitWorld;
import dev.plinth.component.wit.WorldItem;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Writes the Java for one world or interface: a top-level Java interface per WIT interface (and
 * per world whose types or functions are needed), holding that scope's types as nested types and
 * its functions as methods. Types of other interfaces are named {@code Owner.Type}.
 */
public final class Generator {
    private static final String BINDING = "dev.plinth.component.binding";
    /** {@code plinth.wit}'s lifecycle interface, without a version. */
    private static final String PLINTH_LIFECYCLE = "plinth:plugin/lifecycle";
    /** The functions of {@link #PLINTH_LIFECYCLE} only the host calls: a client leaves them out. */
    private static final List<String> HOST_ONLY = List.of("initialize", "shutdown");
    private final ResolvedWit wit;
    private final String javaPackage;
    /** Every scope that becomes a top-level class, with its class name, in the order found. */
    private final Map<Scope, String> classes = new LinkedHashMap<>();
    private final Set<String> taken = new HashSet<>();

    public Generator(ResolvedWit wit, String javaPackage) {
        this.wit = wit;
        this.javaPackage = javaPackage;
    }

    /** The world's interface, its imports' interface (if it imports functions) and every interface it reaches. */
    public List<GeneratedSource> world(WitWorld world) {
        return world(world, Optional.empty());
    }

    /**
     * The same, and with {@code springClient} (a plugin's name) an interface {@code <Plugin>Client} annotated
     * with the Spring starter's {@code @PluginClient(plugin)}, extending the world's interface and those of the
     * interfaces it exports (but not those with resource constructors or static functions, which a client cannot
     * call), so that the application gets a bean calling the plugin without writing the sub-interface.
     */
    public List<GeneratedSource> world(WitWorld world, Optional<String> springClient) {
        Scope scope = new Scope(wit.main().name(), world.name());
        collect(scope);
        List<ResolvedWit.Item> imports = wit.imports(world);
        List<ResolvedWit.Item> exports = wit.exports(world);
        for (ResolvedWit.Item item : concat(imports, exports)) {
            reach(item);
        }
        String importsClass = null;
        List<ResolvedWit.Item> importedFunctions = imports.stream()
                .filter(i -> i.item() instanceof WorldItem.Function).toList();
        if (!importedFunctions.isEmpty()) {
            importsClass = unique(Names.type(world.name() + "-imports"));
        }
        List<GeneratedSource> sources = new ArrayList<>();
        for (Map.Entry<Scope, String> c : classes.entrySet()) {
            if (c.getKey().equals(scope)) {
                sources.add(worldClass(world, scope, c.getValue(), imports, exports));
            } else {
                sources.add(scopeClass(c.getKey(), c.getValue()));
            }
        }
        if (importsClass != null) {
            Code code = header();
            code.javadoc("The functions world `" + world.name() + "` imports: the host implements them.", "");
            code.line("@Wit(\"" + wit.main().name().qualify(world.name()) + "\")");
            code.open("public interface " + importsClass);
            Set<String> methods = new HashSet<>();
            for (ResolvedWit.Item item : importedFunctions) {
                function(code, item.scope(), ((WorldItem.Function) item.item()).function(), item.name(),
                        Optional.empty(), methods);
            }
            code.close();
            sources.add(source(importsClass, code));
        }
        if (springClient.isPresent()) {
            sources.add(client(world, scope, springClient.get(), exports));
        }
        return sources;
    }

    private GeneratedSource client(WitWorld world, Scope scope, String plugin, List<ResolvedWit.Item> exports) {
        String cls = unique(Names.type(plugin + "-client"));
        List<String> supers = new ArrayList<>();
        List<String> left = new ArrayList<>();
        if (!hasResourceFunctions(world.types())) {
            supers.add(classes.get(scope));
        } else {
            left.add("world " + world.name() + "'s own functions");
        }
        List<ResolvedWit.Item> lifecycles = new ArrayList<>();
        for (ResolvedWit.Item item : exports) {
            if (item.item() instanceof WorldItem.Function) {
                continue;
            }
            String type = classOfItem(item);
            Scope of = scopeOfClass(type);
            if (wit.iface(of).map(i -> hasResourceFunctions(i.iface().types())).orElse(false)) {
                left.add("interface " + item.name());
            } else if (isPlinthLifecycle(item.name())) {
                lifecycles.add(item);
            } else if (!supers.contains(type)) {
                supers.add(type);
            }
        }
        Code code = header();
        code.javadoc("A Spring bean calling plugin `" + plugin + "`, which implements WIT world `" + scope + "`:"
                + " the Plinth Spring Boot starter registers it (an interface in the application's packages, or"
                + " named by `@EnablePluginClients`), each method calling the export of its `@Wit` name in the"
                + " plugin's serving version." + (left.isEmpty() ? "" : " Left out, having resource"
                + " functions a client cannot call: " + String.join(", ", left) + ".")
                + (lifecycles.isEmpty() ? "" : " Of `" + PLINTH_LIFECYCLE + "` it has the functions an application"
                + " may call; `" + String.join("` and `", HOST_ONLY) + "` are the host's alone."), "");
        code.line("@dev.plinth.spring.client.PluginClient(\"" + plugin + "\")");
        code.open("public interface " + cls + (supers.isEmpty() ? "" : " extends " + String.join(", ", supers)));
        Set<String> methods = new HashSet<>();
        for (ResolvedWit.Item item : lifecycles) {
            Scope of = scopeOfClass(classOfItem(item));
            for (WitFunction f : wit.iface(of).orElseThrow().iface().functions()) {
                if (!HOST_ONLY.contains(f.name())) {
                    method(code, of, f, Names.camel(f.name()), item.name() + "#" + f.name(), methods);
                }
            }
        }
        code.close();
        return source(cls, code);
    }

    private Scope scopeOfClass(String cls) {
        return classes.entrySet().stream().filter(e -> e.getValue().equals(cls)).findFirst().orElseThrow().getKey();
    }

    /** Whether an exported interface is {@code plinth.wit}'s lifecycle, of any version. */
    private static boolean isPlinthLifecycle(String exportName) {
        int at = exportName.indexOf('@');
        return (at < 0 ? exportName : exportName.substring(0, at)).equals(PLINTH_LIFECYCLE);
    }

    private static boolean hasResourceFunctions(List<TypeDef> types) {
        return types.stream().anyMatch(d -> d.kind() instanceof TypeDef.Resource r && r.functions().stream()
                .anyMatch(f -> f.kind() == WitFunction.Kind.CONSTRUCTOR || f.kind() == WitFunction.Kind.STATIC));
    }

    /** One interface of the main package and the interfaces it reaches. */
    public List<GeneratedSource> iface(String name) {
        collect(new Scope(wit.main().name(), name));
        List<GeneratedSource> sources = new ArrayList<>();
        classes.forEach((scope, cls) -> sources.add(scopeClass(scope, cls)));
        return sources;
    }

    // ---- what to generate

    private void reach(ResolvedWit.Item item) {
        PackageName pkg = item.scope().pkg();
        if (item.item() instanceof WorldItem.InterfaceRef ref) {
            collect(wit.iface(pkg, ref.path()).scope());
        } else if (item.item() instanceof WorldItem.NamedInterfaceRef ref) {
            collect(wit.iface(pkg, ref.path()).scope());
        } else if (item.item() instanceof WorldItem.InlineInterface inline) {
            collect(Scope.inline(pkg, item.scope().name(), inline.iface().name()));
        } else {
            collect(item.scope()); // the world that declares the function holds the types it names
        }
    }

    private void collect(Scope scope) {
        if (classes.containsKey(scope)) {
            return;
        }
        String simple = scope.name().contains(".") ? scope.name().substring(scope.name().indexOf('.') + 1) : scope.name();
        String name = Names.type(simple);
        if (taken.contains(name)) {
            name = Names.type(scope.pkg().name() + "-" + simple);
        }
        if (taken.contains(name)) {
            name = Names.type(scope.pkg().namespace() + "-" + scope.pkg().name() + "-" + simple);
        }
        classes.put(scope, unique(name));
        for (WitUse use : uses(scope)) {
            collect(wit.iface(scope.pkg(), use.from()).scope());
        }
    }

    private String unique(String name) {
        String n = name;
        while (!taken.add(n)) {
            n = n + "_";
        }
        return n;
    }

    private List<WitUse> uses(Scope scope) {
        Optional<ResolvedWit.Interface> iface = wit.iface(scope);
        if (iface.isPresent()) {
            return iface.get().iface().uses();
        }
        return world(scope).uses();
    }

    private WitWorld world(Scope scope) {
        WitPackage pkg = wit.packages().stream().filter(p -> p.name().equals(scope.pkg())).findFirst().orElseThrow();
        return pkg.world(scope.name()).orElseThrow();
    }

    // ---- classes

    private GeneratedSource scopeClass(Scope scope, String cls) {
        Optional<ResolvedWit.Interface> found = wit.iface(scope);
        Code code = header();
        if (found.isPresent()) {
            WitInterface iface = found.get().iface();
            String witName = scope.name().contains(".") ? iface.name() : scope.toString();
            code.javadoc(iface.docs(), "WIT interface `" + witName + "`.");
            code.line("@Wit(\"" + witName + "\")");
            code.open("public interface " + cls);
            body(code, scope, cls, iface.types(), iface.functions());
        } else {
            WitWorld world = world(scope);
            code.javadoc(world.docs(), "The types of WIT world `" + scope + "`.");
            code.line("@Wit(\"" + scope + "\")");
            code.open("public interface " + cls);
            body(code, scope, cls, world.types(), List.of());
        }
        code.close();
        return source(cls, code);
    }

    private GeneratedSource worldClass(WitWorld world, Scope scope, String cls, List<ResolvedWit.Item> imports,
                                       List<ResolvedWit.Item> exports) {
        Code code = header();
        StringBuilder doc = new StringBuilder(world.docs().isBlank() ? "WIT world `" + scope + "`." : world.docs());
        doc.append("\n\n").append("Exports: ").append(describe(exports)).append(".\n")
                .append("Imports: ").append(describe(imports)).append('.');
        code.javadoc(doc.toString(), "");
        code.line("@Wit(\"" + scope + "\")");
        code.open("public interface " + cls);
        Set<String> methods = new HashSet<>();
        body(code, scope, cls, world.types(), List.of());
        for (ResolvedWit.Item item : exports) {
            if (item.item() instanceof WorldItem.Function f) {
                function(code, item.scope(), f.function(), item.name(), Optional.empty(), methods);
            }
        }
        code.close();
        return source(cls, code);
    }

    private String describe(List<ResolvedWit.Item> items) {
        if (items.isEmpty()) {
            return "none";
        }
        return items.stream().map(i -> {
            if (i.item() instanceof WorldItem.Function) {
                return "function " + i.name();
            }
            return "interface " + i.name() + " (" + classOfItem(i) + ")";
        }).collect(Collectors.joining(", "));
    }

    private String classOfItem(ResolvedWit.Item item) {
        PackageName pkg = item.scope().pkg();
        if (item.item() instanceof WorldItem.InterfaceRef ref) {
            return classes.get(wit.iface(pkg, ref.path()).scope());
        } else if (item.item() instanceof WorldItem.NamedInterfaceRef ref) {
            return classes.get(wit.iface(pkg, ref.path()).scope());
        }
        WorldItem.InlineInterface inline = (WorldItem.InlineInterface) item.item();
        return classes.get(Scope.inline(pkg, item.scope().name(), inline.iface().name()));
    }

    private void body(Code code, Scope scope, String cls, List<TypeDef> types, List<WitFunction> functions) {
        Set<String> methods = new HashSet<>();
        for (TypeDef def : types) {
            typeDef(code, scope, cls, def);
        }
        for (TypeDef def : types) {
            if (def.kind() instanceof TypeDef.Resource r) {
                for (WitFunction f : r.functions()) {
                    if (f.kind() == WitFunction.Kind.CONSTRUCTOR) {
                        function(code, scope, f, "[constructor]" + def.name(), Optional.of(def), methods);
                    } else if (f.kind() == WitFunction.Kind.STATIC) {
                        function(code, scope, f, "[static]" + def.name() + "." + f.name(), Optional.of(def), methods);
                    }
                }
            }
        }
        for (WitFunction f : functions) {
            function(code, scope, f, f.name(), Optional.empty(), methods);
        }
    }

    private void typeDef(Code code, Scope scope, String cls, TypeDef def) {
        TypeDef.Kind kind = def.kind();
        if (kind instanceof TypeDef.Alias) {
            return; // an alias is its target wherever it is used
        }
        String name = nestedName(def, cls);
        code.line("");
        code.javadoc(def.docs(), "WIT " + kindName(kind) + " `" + def.name() + "`.");
        code.line(wit(def.name()));
        if (kind instanceof TypeDef.Record r) {
            List<String> components = new ArrayList<>();
            for (TypeDef.Field f : r.fields()) {
                components.add(wit(f.name()) + " " + java(scope, f.type(), false) + " " + Names.camel(f.name()));
            }
            if (components.size() == 1) {
                code.line("record " + name + "(" + components.get(0) + ") {");
            } else {
                code.line("record " + name + "(");
                for (int i = 0; i < components.size(); i++) {
                    code.line("        " + components.get(i) + (i + 1 < components.size() ? "," : ") {"));
                }
            }
            code.line("}");
        } else if (kind instanceof TypeDef.Variant v) {
            code.open("sealed interface " + name);
            for (TypeDef.Case c : v.cases()) {
                String caseName = Names.type(c.name());
                while (caseName.equals(name) || caseName.equals(cls) || taken.contains(caseName)) {
                    caseName = caseName + "_";
                }
                code.javadoc(c.docs(), "");
                code.line(wit(c.name()));
                String component = c.payload().map(p -> java(scope, p, false) + " value").orElse("");
                code.line("record " + caseName + "(" + component + ") implements " + name + " {");
                code.line("}");
            }
            code.close();
        } else if (kind instanceof TypeDef.Enum e) {
            constants(code, name, e.cases());
        } else if (kind instanceof TypeDef.Flags f) {
            constants(code, name, f.flags());
        } else if (kind instanceof TypeDef.Resource r) {
            code.open("interface " + name + " extends Resource");
            Set<String> methods = new HashSet<>(Set.of("close"));
            for (WitFunction fn : r.functions()) {
                if (fn.kind() == WitFunction.Kind.METHOD) {
                    function(code, scope, fn, "[method]" + def.name() + "." + fn.name(), Optional.of(def), methods);
                }
            }
            code.close();
        }
    }

    private static void constants(Code code, String name, List<TypeDef.Case> cases) {
        code.open("enum " + name);
        for (int i = 0; i < cases.size(); i++) {
            TypeDef.Case c = cases.get(i);
            code.javadoc(c.docs(), "");
            code.line(wit(c.name()) + " " + Names.constant(c.name()) + (i + 1 < cases.size() ? "," : ""));
        }
        code.close();
    }

    private void function(Code code, Scope scope, WitFunction f, String witName, Optional<TypeDef> resource,
                          Set<String> methods) {
        String base;
        String result;
        if (f.kind() == WitFunction.Kind.CONSTRUCTOR) {
            base = "new-" + resource.orElseThrow().name();
            result = f.result().map(t -> java(scope, t, false))
                    .orElseGet(() -> java(scope, new WitType.Named(resource.get().name(), f.position()), false));
        } else {
            base = f.kind() == WitFunction.Kind.STATIC ? resource.orElseThrow().name() + "-" + f.name()
                    : f.kind() == WitFunction.Kind.METHOD ? f.name() : witName; // a world item may be renamed by an include
            result = f.result().map(t -> java(scope, t, false)).orElse("void");
        }
        method(code, scope, f, Names.camel(base), result, witName, methods);
    }

    /** A client's method for a function of an interface it does not extend, named by its full WIT name. */
    private void method(Code code, Scope scope, WitFunction f, String method, String witName, Set<String> methods) {
        method(code, scope, f, method, f.result().map(t -> java(scope, t, false)).orElse("void"), witName, methods);
    }

    private void method(Code code, Scope scope, WitFunction f, String method, String result, String witName,
                        Set<String> methods) {
        while (!methods.add(method)) {
            method = method + "_";
        }
        List<String> params = new ArrayList<>();
        for (WitFunction.Param p : f.params()) {
            params.add(java(scope, p.type(), false) + " " + Names.camel(p.name()));
        }
        code.line("");
        code.javadoc(f.docs(), "");
        code.line(wit(witName));
        code.line(result + " " + method + "(" + String.join(", ", params) + ");");
    }

    // ---- types

    private String java(Scope scope, WitType type, boolean boxed) {
        if (type instanceof WitType.Primitive p) {
            return primitive(p.type(), boxed);
        } else if (type instanceof WitType.ListOf l) {
            if (l.element() instanceof WitType.Primitive p && p.type() == ValueType.Primitive.U8) {
                return "byte[]";
            }
            return "java.util.List<" + java(scope, l.element(), true) + ">";
        } else if (type instanceof WitType.OptionOf o) {
            return "java.util.Optional<" + java(scope, o.some(), true) + ">";
        } else if (type instanceof WitType.ResultOf r) {
            return "Result<" + r.ok().map(t -> java(scope, t, true)).orElse("Void") + ", "
                    + r.error().map(t -> java(scope, t, true)).orElse("Void") + ">";
        } else if (type instanceof WitType.TupleOf t) {
            if (t.elements().size() > Tuple.MAX) {
                throw new BindgenException("a tuple of " + t.elements().size() + " elements: bindings have tuples of at most "
                        + Tuple.MAX + " (use a record)");
            }
            return "Tuple.Of" + t.elements().size() + "<" + t.elements().stream()
                    .map(e -> java(scope, e, true)).collect(Collectors.joining(", ")) + ">";
        } else if (type instanceof WitType.Borrow b) {
            return named(wit.definitionThroughAliases(scope, b.resource(), b.position()));
        }
        WitType.Named n = (WitType.Named) type;
        ResolvedWit.Definition d = wit.definition(scope, n.name(), n.position());
        if (d.def().kind() instanceof TypeDef.Alias a) {
            return java(d.scope(), a.target(), boxed);
        }
        if (d.def().kind() instanceof TypeDef.Flags) {
            return "java.util.EnumSet<" + named(d) + ">";
        }
        return named(d);
    }

    private String named(ResolvedWit.Definition d) {
        String cls = classes.get(d.scope());
        if (cls == null) {
            throw new IllegalStateException("no class for " + d.scope());
        }
        return cls + "." + nestedName(d.def(), cls);
    }

    private String nestedName(TypeDef def, String cls) {
        String name = Names.type(def.name());
        return name.equals(cls) || taken.contains(name) ? name + "_" : name;
    }

    private static String primitive(ValueType.Primitive p, boolean boxed) {
        return switch (p) {
            case BOOL -> boxed ? "Boolean" : "boolean";
            case S8 -> boxed ? "Byte" : "byte";
            case S16 -> boxed ? "Short" : "short";
            case U8, U16, S32, CHAR -> boxed ? "Integer" : "int";
            case U32, S64, U64 -> boxed ? "Long" : "long";
            case F32 -> boxed ? "Float" : "float";
            case F64 -> boxed ? "Double" : "double";
            case STRING -> "String";
        };
    }

    private static String kindName(TypeDef.Kind kind) {
        if (kind instanceof TypeDef.Record) {
            return "record";
        } else if (kind instanceof TypeDef.Variant) {
            return "variant";
        } else if (kind instanceof TypeDef.Enum) {
            return "enum";
        } else if (kind instanceof TypeDef.Flags) {
            return "flags";
        }
        return "resource";
    }

    private static String wit(String name) {
        return "@Wit(\"" + name + "\")";
    }

    private Code header() {
        Code code = new Code();
        code.line(dev.plinth.bindgen.JavaBindgen.HEADER + " from WIT package " + wit.main().name() + ". Do not edit.");
        code.line("package " + javaPackage + ";");
        code.line("");
        for (String type : List.of("Resource", "Result", "Tuple", "Wit")) {
            code.line("import " + BINDING + "." + type + ";");
        }
        code.line("");
        return code;
    }

    private GeneratedSource source(String cls, Code code) {
        return new GeneratedSource(javaPackage + "." + cls, javaPackage.replace('.', '/') + "/" + cls + ".java",
                code.toString());
    }

    private static <T> List<T> concat(List<T> a, List<T> b) {
        List<T> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
