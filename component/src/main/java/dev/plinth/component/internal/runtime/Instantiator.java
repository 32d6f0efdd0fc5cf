package dev.plinth.component.internal.runtime;

import com.dylibso.chicory.runtime.ExportFunction;
import com.dylibso.chicory.runtime.ImportGlobal;
import com.dylibso.chicory.runtime.ImportMemory;
import com.dylibso.chicory.runtime.ImportTable;
import com.dylibso.chicory.runtime.ImportValues;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Machine;
import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.FunctionType;
import com.dylibso.chicory.wasm.types.ValType;
import dev.plinth.component.ComponentLinkException;
import dev.plinth.component.ComponentImports;
import dev.plinth.component.CoreModuleHook;
import dev.plinth.component.HostFunction;
import dev.plinth.component.HostResource;
import dev.plinth.component.internal.abi.CallContext;
import dev.plinth.component.internal.abi.AbiLimits;
import dev.plinth.component.UnsupportedComponentException;
import dev.plinth.component.internal.abi.GuestMemory;
import dev.plinth.component.internal.abi.Layout;
import dev.plinth.component.internal.binary.Ast.*;
import dev.plinth.component.internal.binary.Sort;
import dev.plinth.component.type.FuncType;
import dev.plinth.wasm.binary.EmptyImportNames;
import dev.plinth.component.type.ResourceType;
import dev.plinth.component.type.ValueType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Instantiates a component whose imports are host functions: walks its definitions in order, building the
 * core and component index spaces; instantiates core modules on Chicory with their {@code with} arguments;
 * makes the canonical built-ins ({@code resource.new/rep/drop}, the destructor on drop) host functions over
 * the instance's handle table; turns {@code canon lower} of an imported function into a host function that
 * lifts the guest's arguments and lowers the host's results (and of a function the component lifts itself into a
 * call through the canonical ABI both ways, {@link LiftedCall}); and resolves {@code canon lift} into
 * {@link LiftedFunction}s. Imports come from {@link ComponentImports}: functions, instances of functions, and
 * resource types the host defines ({@link HandleBridge}). A nested component is instantiated in its own index
 * spaces with its instantiation's arguments as its imports, sharing the root's handle table and host resources;
 * its exports become a component instance of the parent (that is how wit-component gives an exported interface
 * its type names). What this layer does not run yet (start functions, async) is refused by name.
 */
public final class Instantiator {
    /** The instantiated component's exported functions by name ({@code iface#name} for exported instances). */
    public record Result(Map<String, LiftedFunction> exports, HandleTable handles, Layout layout, AbiLimits limits,
            CallContext.HandleMapper handleMapper) {
        public Result(Map<String, LiftedFunction> exports, HandleTable handles, Layout layout, AbiLimits limits) {
            this(exports, handles, layout, limits, new HandleBridge(handles, Map.of()));
        }
    }

    private final Function<Instance, Machine> machineFactory;
    private final CoreModuleHook coreModuleHook;
    private final Layout layout = new Layout();
    private final TypeSpace types = new TypeSpace(layout);
    private final HandleTable handles;
    private final List<byte[]> coreModules = new ArrayList<>();
    private final List<CoreInstance> coreInstances = new ArrayList<>();
    private final List<CoreFunc> coreFuncs = new ArrayList<>();
    private final List<CoreItem> coreMemories = new ArrayList<>();
    private final List<CoreItem> coreTables = new ArrayList<>();
    private final List<CoreItem> coreGlobals = new ArrayList<>();
    /** The component function index space: {@link LiftedFunction}s and {@link ImportedFunction}s. */
    private final List<Object> funcs = new ArrayList<>();
    private final List<Map<String, Object>> instances = new ArrayList<>();
    /** Nested components, instantiated by {@code (instance (instantiate ...))}. */
    private final List<Component> components = new ArrayList<>();
    /** What this component exports by name (functions, types, instances): a nested component's instance. */
    private final Map<String, Object> exportedItems = new LinkedHashMap<>();
    /** A nested component's imports, given by its instantiation's {@code with} arguments; null at the root. */
    private final Map<String, Object> args;
    /** The enclosing component's instantiator for a nested component (its outer aliases), else null. */
    private final Instantiator parent;
    /**
     * Instantiations of nested components and of core modules inside them, over the whole tree: a component
     * instantiated twice in a component instantiated twice, 30 deep, would otherwise be 2^30 of them from a few
     * hundred bytes. Shared with the nested instantiators.
     */
    private final int[] nestedInstantiations;

    /** At most this many nested instantiations (component and core) per instantiation of a root component. */
    public static final int MAX_NESTED_INSTANTIATIONS = 1000;
    private final Map<String, LiftedFunction> exports = new LinkedHashMap<>();
    private final Map<ResourceType, CoreFunc> destructors = new java.util.IdentityHashMap<>();

    /** The resource types the host defines (type imports), each bound to its implementation. */
    private final Map<ResourceType, HostResource> hostTypes;
    private final HandleBridge bridge;

    private final ComponentImports imports;
    private final AbiLimits limits;

    public Instantiator(Function<Instance, Machine> machineFactory, Map<String, HostFunction> imports,
            AbiLimits limits) {
        this(machineFactory, CoreModuleHook.DEFAULT, ComponentImports.of(imports), limits);
    }

    public Instantiator(Function<Instance, Machine> machineFactory, ComponentImports imports, AbiLimits limits) {
        this(machineFactory, CoreModuleHook.DEFAULT, imports, limits);
    }

    /** An instantiator whose core modules are parsed and built through {@code coreModuleHook}. */
    public Instantiator(Function<Instance, Machine> machineFactory, CoreModuleHook coreModuleHook,
            ComponentImports imports, AbiLimits limits) {
        this.machineFactory = machineFactory;
        this.coreModuleHook = java.util.Objects.requireNonNull(coreModuleHook, "coreModuleHook");
        this.imports = java.util.Objects.requireNonNull(imports, "imports");
        this.limits = limits;
        this.args = null;
        this.parent = null;
        this.nestedInstantiations = new int[1];
        this.handles = new HandleTable();
        this.hostTypes = new java.util.IdentityHashMap<>();
        this.bridge = new HandleBridge(handles, hostTypes);
    }

    /**
     * A nested component of {@code parent}: its imports are the instantiation's arguments. It shares the
     * parent's handle table and host resources (toolchains nest components to re-export with types, as
     * wit-component does for exported interfaces).
     */
    private Instantiator(Instantiator parent, Map<String, Object> args) {
        this.machineFactory = parent.machineFactory;
        this.coreModuleHook = parent.coreModuleHook;
        this.imports = parent.imports;
        this.limits = parent.limits;
        this.args = args;
        this.parent = parent;
        this.nestedInstantiations = parent.nestedInstantiations;
        this.handles = parent.handles;
        this.hostTypes = parent.hostTypes;
        this.bridge = parent.bridge;
    }

    private void countNestedInstantiation(String what) {
        if (++nestedInstantiations[0] > MAX_NESTED_INSTANTIATIONS) {
            throw new ComponentLinkException("more than " + MAX_NESTED_INSTANTIATIONS + " instantiations inside"
                    + " nested components (at " + what + "): refused");
        }
    }

    private Map<String, Object> instantiateNested(InstanceInstantiate n) {
        Component nested = get(components, n.component(), "component");
        countNestedInstantiation("component " + n.component());
        Map<String, Object> given = new LinkedHashMap<>();
        for (NamedSortIndex arg : n.args()) {
            Object item = switch (arg.sort()) {
                case FUNC -> get(funcs, arg.index(), "func");
                case INSTANCE -> get(instances, arg.index(), "instance");
                case TYPE -> types.get(arg.index(), "instantiation argument '" + arg.name() + "'");
                default -> throw new UnsupportedComponentException("a " + arg.sort()
                        + " as an argument to a nested component ('" + arg.name() + "')");
            };
            given.put(arg.name(), item);
        }
        Instantiator child = new Instantiator(this, given);
        for (Definition d : nested.definitions()) {
            child.define(d);
        }
        return child.exportedItems;
    }

    /** A nested component's import, from its instantiation's arguments. */
    private void importArgument(Import i) {
        Object item = args.get(i.name());
        if (item == null) {
            throw new ComponentLinkException("nested component imports '" + i.name()
                    + "', which its instantiation does not pass");
        }
        boolean func = item instanceof LiftedFunction || item instanceof ImportedFunction;
        switch (i.desc().sort()) {
            case FUNC -> {
                if (!func) {
                    throw new ComponentLinkException("nested component import '" + i.name() + "' is not a function");
                }
                funcs.add(item);
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
                if (func || item instanceof Map) {
                    throw new ComponentLinkException("nested component import '" + i.name() + "' is not a type");
                }
                types.add(item);
            }
            default -> throw new UnsupportedComponentException("a nested component importing a " + i.desc().sort());
        }
    }

    public Result instantiate(Component component) {
        for (Definition d : component.definitions()) {
            define(d);
        }
        return new Result(Map.copyOf(exports), handles, layout, limits, bridge);
    }

    private void define(Definition d) {
        if (d instanceof CoreModule m) {
            coreModules.add(m.bytes());
        } else if (d instanceof CoreInstantiate c) {
            coreInstances.add(new CoreInstance.Module(instantiateCore(c), coreInstances.size()));
        } else if (d instanceof CoreInlineExports e) {
            Map<String, CoreItem> items = new LinkedHashMap<>();
            for (NamedSortIndex x : e.exports()) {
                items.put(x.name(), coreItem(x.sort(), x.index()));
            }
            coreInstances.add(new CoreInstance.Bundle(items, coreInstances.size()));
        } else if (d instanceof CoreTypeDef) {
            // Core types only matter for validation, which Chicory does per module.
        } else if (d instanceof TypeDef t) {
            types.define(t.type());
            if (t.type() instanceof ResourceTypeDef r && r.destructor().isPresent()) {
                CoreFunc destructor = get(coreFuncs, r.destructor().getAsInt(), "resource destructor");
                if (!destructor.type().equals(FunctionType.of(List.of(ValType.I32), List.of()))) {
                    throw new ComponentLinkException("the destructor of resource type " + (types.size() - 1)
                            + " has type " + destructor.type() + ", not [i32] -> []");
                }
                destructors.put(types.resource(types.size() - 1, "resource"), destructor);
            }
        } else if (d instanceof Alias a) {
            alias(a);
        } else if (d instanceof Canon c) {
            canon(c);
        } else if (d instanceof InstanceInlineExports e) {
            Map<String, Object> items = new LinkedHashMap<>();
            for (NamedSortIndex x : e.exports()) {
                if (x.sort() == Sort.FUNC) {
                    items.put(x.name(), get(funcs, x.index(), "func"));
                } else if (x.sort() == Sort.TYPE) {
                    items.put(x.name(), types.get(x.index(), "instance export"));
                } else {
                    throw new UnsupportedComponentException("a " + x.sort() + " in an instance's exports");
                }
            }
            instances.add(items);
        } else if (d instanceof Export e) {
            export(e);
        } else if (d instanceof Import i) {
            importFunction(i);
        } else if (d instanceof NestedComponent n) {
            components.add(n.component());
        } else if (d instanceof InstanceInstantiate n) {
            instances.add(instantiateNested(n));
        } else if (d instanceof Start) {
            throw new UnsupportedComponentException("start functions");
        }
        // Custom sections carry nothing the runtime needs.
    }

    private Instance instantiateCore(CoreInstantiate c) {
        byte[] bytes = get(coreModules, c.module(), "core module");
        if (parent != null) {
            countNestedInstantiation("core module " + c.module());
            if (coreModuleHook != CoreModuleHook.DEFAULT) {
                // The host prepares (meters, caps, compiles) the root's core modules by their index; a core module
                // of a nested component is none of them and would run outside the host's limits.
                throw new UnsupportedComponentException("a core module inside a nested component (core module "
                        + c.module() + " of a nested component), under a host that runs core modules under its own"
                        + " limits");
            }
        }
        Map<String, CoreInstance> args = new LinkedHashMap<>();
        for (CoreArg arg : c.args()) {
            args.put(arg.name(), get(coreInstances, arg.instance(), "core instance"));
        }
        WasmModule module;
        try {
            module = coreModuleHook.module(c.module(), bytes);
        } catch (dev.plinth.api.error.PluginException e) {
            throw e;
        } catch (RuntimeException e) {
            // Chicory's parser reports some malformed modules with plain runtime exceptions, not ChicoryException.
            throw new ComponentLinkException("core module " + c.module() + " does not parse: " + e, e);
        }
        ImportValues.Builder imports = ImportValues.builder();
        for (int i = 0; i < module.importSection().importCount(); i++) {
            com.dylibso.chicory.wasm.types.Import imp = module.importSection().getImport(i);
            CoreInstance from = args.get(imp.module());
            if (from == null) {
                throw new ComponentLinkException("core module " + c.module() + " imports '" + imp.module() + "' '"
                        + imp.name() + "', which no instantiate argument provides");
            }
            // the parser renamed empty field names (EmptyImportNames): they link as the empty name they were
            String field = imp.name().equals(EmptyImportNames.PLACEHOLDER) ? "" : imp.name();
            switch (imp.importType()) {
                case FUNCTION -> imports.addFunction(((CoreItem.Func) from.export(field, Sort.CORE_FUNC))
                        .func().asImport(imp.module(), imp.name()));
                case MEMORY -> imports.addMemory(new ImportMemory(imp.module(), imp.name(),
                        ((CoreItem.Mem) from.export(field, Sort.CORE_MEMORY)).memory()));
                case TABLE -> imports.addTable(new ImportTable(imp.module(), imp.name(),
                        ((CoreItem.Table) from.export(field, Sort.CORE_TABLE)).table()));
                case GLOBAL -> imports.addGlobal(new ImportGlobal(imp.module(), imp.name(),
                        ((CoreItem.Global) from.export(field, Sort.CORE_GLOBAL)).global()));
                default -> throw new UnsupportedComponentException("core " + imp.importType() + " imports");
            }
        }
        try {
            // withStart(false): Chicory would call an export named _start; a component runs only start sections.
            return coreModuleHook.build(c.module(), Instance.builder(module).withImportValues(imports.build())
                    .withMachineFactory(machineFactory).withStart(false));
        } catch (dev.plinth.api.error.PluginException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new ComponentLinkException("core module " + c.module() + " does not instantiate: " + e, e);
        }
    }

    private CoreItem coreItem(Sort sort, int index) {
        return switch (sort) {
            case CORE_FUNC -> new CoreItem.Func(get(coreFuncs, index, "core func"));
            case CORE_MEMORY -> get(coreMemories, index, "core memory");
            case CORE_TABLE -> get(coreTables, index, "core table");
            case CORE_GLOBAL -> get(coreGlobals, index, "core global");
            default -> throw new UnsupportedComponentException("a " + sort + " in a core instance's exports");
        };
    }

    private void alias(Alias a) {
        if (a.target() instanceof CoreInstanceExport e) {
            CoreItem item = get(coreInstances, e.instance(), "core instance").export(e.name(), a.sort());
            switch (a.sort()) {
                case CORE_FUNC -> coreFuncs.add(((CoreItem.Func) item).func());
                case CORE_MEMORY -> coreMemories.add(item);
                case CORE_TABLE -> coreTables.add(item);
                case CORE_GLOBAL -> coreGlobals.add(item);
                default -> throw new UnsupportedComponentException("aliases of core " + a.sort() + " exports");
            }
        } else if (a.target() instanceof InstanceExport e) {
            Object item = get(instances, e.instance(), "instance").get(e.name());
            if (item == null) {
                throw new ComponentLinkException("instance " + e.instance() + " has no export '" + e.name() + "'");
            }
            if (a.sort() == Sort.FUNC && (item instanceof LiftedFunction || item instanceof ImportedFunction)) {
                funcs.add(item);
            } else if (a.sort() == Sort.INSTANCE && item instanceof Map<?, ?> instance) {
                @SuppressWarnings("unchecked")
                Map<String, Object> exported = (Map<String, Object>) instance;
                instances.add(exported);
            } else if (a.sort() == Sort.TYPE && !(item instanceof LiftedFunction || item instanceof ImportedFunction
                    || item instanceof Map<?, ?>)) {
                types.add(item);
            } else {
                throw new ComponentLinkException("instance " + e.instance() + " export '" + e.name() + "' is not a "
                        + a.sort());
            }
        } else if (a.target() instanceof Outer o && a.sort() == Sort.TYPE && parent != null && o.count() >= 1) {
            Instantiator scope = this;
            for (int i = 0; i < o.count(); i++) {
                scope = scope.parent;
                if (scope == null) {
                    throw new ComponentLinkException("an outer alias " + o.count() + " components out, past the root");
                }
            }
            types.add(scope.types.get(o.index(), "outer alias"));
        } else if (a.target() instanceof Outer o && a.sort() == Sort.TYPE && o.count() == 0) {
            types.alias(o.index(), "outer alias");
        } else {
            if (a.sort() == Sort.TYPE) {
                // Outer aliases at the top level point at enclosing scopes, which a root component has none of.
                throw new UnsupportedComponentException("outer type aliases outside type definitions");
            }
            throw new UnsupportedComponentException("outer aliases of " + a.sort());
        }
    }

    private void canon(Canon c) {
        if (c instanceof Lift l) {
            funcs.add(lift(l));
        } else if (c instanceof Lower l) {
            coreFuncs.add(lower(l));
        } else if (c instanceof ResourceNew n) {
            ResourceType type = guestDefined(types.resource(n.type(), "resource.new"), "resource.new");
            coreFuncs.add(new CoreFunc.Host(FunctionType.of(List.of(ValType.I32), List.of(ValType.I32)),
                    (instance, args) -> new long[] {handles.add(type, (int) args[0])}));
        } else if (c instanceof ResourceRep r) {
            ResourceType type = guestDefined(types.resource(r.type(), "resource.rep"), "resource.rep");
            coreFuncs.add(new CoreFunc.Host(FunctionType.of(List.of(ValType.I32), List.of(ValType.I32)),
                    (instance, args) -> new long[] {handles.rep(type, (int) args[0])}));
        } else if (c instanceof ResourceDrop d) {
            if (d.async()) {
                throw new UnsupportedComponentException("async resource.drop");
            }
            ResourceType type = types.resource(d.type(), "resource.drop");
            coreFuncs.add(new CoreFunc.Host(FunctionType.of(List.of(ValType.I32), List.of()),
                    (instance, args) -> {
                        int rep = handles.remove(type, (int) args[0]);
                        HostResource host = hostTypes.get(type);
                        if (host != null) {
                            host.drop(rep);
                            return new long[0];
                        }
                        CoreFunc destructor = destructors.get(type);
                        if (destructor != null) {
                            destructor.call(rep);
                        }
                        return new long[0];
                    }));
        }
    }

    /** {@code type} if the component defines it; a resource the host defines has no representation in the guest. */
    private ResourceType guestDefined(ResourceType type, String what) {
        if (hostTypes.containsKey(type)) {
            throw new ComponentLinkException(what + " of " + type.name()
                    + ", a resource the host defines: only the host makes and reads its resources");
        }
        return type;
    }

    private void importFunction(Import i) {
        if (args != null) {
            importArgument(i);
            return;
        }
        if (i.desc().sort() == Sort.INSTANCE) {
            importInstance(i);
            return;
        }
        if (i.desc().sort() == Sort.TYPE) {
            importType(i);
            return;
        }
        if (i.desc().sort() != Sort.FUNC) {
            throw new UnsupportedComponentException("imports of a " + i.desc().sort() + " (the component imports '"
                    + i.name() + "'); only functions and instances of functions can be imported yet");
        }
        FuncType type = types.func(i.desc().typeIndex(), "import '" + i.name() + "'");
        funcs.add(new ImportedFunction(i.name(), type, provided(i.name(), type)));
    }

    /** An imported instance: each of its functions provided as {@code iface#name}, its types as declared. */
    private void importInstance(Import i) {
        TypeSpace.InstanceTypeInfo type = types.instance(i.desc().typeIndex(), "import '" + i.name() + "'");
        Map<String, Object> items = new LinkedHashMap<>();
        // Resources first: the functions' types name them.
        type.exports().forEach((name, item) -> {
            if (item instanceof ResourceType r && !hostTypes.containsKey(r)) {
                bindHostResource(r, i.name() + "#" + name);
            }
        });
        type.exports().forEach((name, item) -> {
            if (item instanceof FuncType f) {
                String qualified = i.name() + "#" + name;
                items.put(name, new ImportedFunction(qualified, f, provided(qualified, f)));
            } else {
                items.put(name, item);
            }
        });
        instances.add(items);
    }

    /** A type import: a resource the host defines ({@code sub resource}), or a type equal to one defined before. */
    private void importType(Import i) {
        if (!i.desc().subResource()) {
            types.alias(i.desc().typeIndex(), "import '" + i.name() + "'");
            return;
        }
        ResourceType type = new ResourceType(i.name());
        bindHostResource(type, i.name());
        types.add(type);
    }

    private void bindHostResource(ResourceType type, String name) {
        HostResource host = imports.resource(name);
        if (host == null) {
            throw new ComponentLinkException("the component imports the resource type '" + name
                    + "', which the host does not provide");
        }
        hostTypes.put(type, host);
    }

    private HostFunction provided(String name, FuncType type) {
        HostFunction host = imports.function(name, type);
        if (host == null) {
            throw new ComponentLinkException("the component imports '" + name + "' (" + type.wit()
                    + "), which the host does not provide");
        }
        return host;
    }

    private CoreFunc lower(Lower l) {
        Object func = get(funcs, l.func(), "func");
        ImportedFunction imported;
        if (func instanceof LiftedFunction lifted) {
            // A function of this component lowered again (componentize-qjs does): the call lowers into the callee's
            // memory with its lift's options and lifts back, through values, as between two components.
            String name = "the lifted function " + l.func();
            imported = new ImportedFunction(name, lifted.type(),
                    values -> LiftedCall.call(lifted, values, layout, limits, bridge, name));
        } else {
            imported = (ImportedFunction) func;
        }
        CanonOptions o = l.options();
        if (o.async() || o.callback().isPresent() || o.postReturn().isPresent()) {
            throw new ComponentLinkException("canon lower of '" + imported.name()
                    + "' has async, callback or post-return options");
        }
        GuestMemory memory = o.memory().isPresent()
                ? new GuestMemory(((CoreItem.Mem) get(coreMemories, o.memory().getAsInt(), "core memory")).memory())
                : null;
        ExportFunction realloc = o.realloc().isPresent() ? exported(o.realloc().getAsInt(), "realloc") : null;
        LoweredImport call = new LoweredImport(imported, memory, o.encoding(), realloc, layout, limits, bridge);
        return new CoreFunc.Host(Flattening.lowered(layout, imported.type()), (instance, args) -> call.apply(args));
    }

    private LiftedFunction lift(Lift l) {
        FuncType type = types.func(l.type(), "canon lift");
        CoreFunc core = get(coreFuncs, l.coreFunc(), "core func");
        CanonOptions o = l.options();
        if (o.async() || o.callback().isPresent()) {
            throw new UnsupportedComponentException("async lift");
        }
        FunctionType expected = Flattening.lifted(layout, type);
        if (!expected.params().equals(core.type().params()) || !expected.returns().equals(core.type().returns())) {
            throw new ComponentLinkException("canon lift of core func " + l.coreFunc() + " as " + type.wit()
                    + ": the core function has type " + core.type() + ", the canonical ABI needs " + expected);
        }
        GuestMemory memory = o.memory().isPresent()
                ? new GuestMemory(((CoreItem.Mem) get(coreMemories, o.memory().getAsInt(), "core memory")).memory())
                : null;
        ExportFunction realloc = o.realloc().isPresent() ? exported(o.realloc().getAsInt(), "realloc") : null;
        ExportFunction postReturn = o.postReturn().isPresent() ? exported(o.postReturn().getAsInt(), "post-return")
                : null;
        return new LiftedFunction(core, type, memory, o.encoding(), realloc, postReturn);
    }

    private ExportFunction exported(int index, String what) {
        CoreFunc func = get(coreFuncs, index, "core func");
        return func::call;
    }

    private void export(Export e) {
        switch (e.sort()) {
            case FUNC -> {
                Object f = get(funcs, e.index(), "func");
                if (args != null) {
                    // a nested component may pass on what it imported: its parent sees it as an instance export
                    exportedItems.put(e.name(), f);
                    funcs.add(f);
                    return;
                }
                if (!(f instanceof LiftedFunction lifted)) {
                    throw new UnsupportedComponentException("re-exporting the imported function '"
                            + ((ImportedFunction) f).name() + "'");
                }
                exports.put(e.name(), lifted);
                exportedItems.put(e.name(), lifted);
                funcs.add(f);
            }
            case TYPE -> {
                types.alias(e.index(), "export '" + e.name() + "'");
                exportedItems.put(e.name(), types.get(e.index(), "export '" + e.name() + "'"));
            }
            case INSTANCE -> {
                Map<String, Object> instance = get(instances, e.index(), "instance");
                instance.forEach((name, item) -> {
                    if (item instanceof LiftedFunction f) {
                        exports.put(e.name() + "#" + name, f);
                    }
                });
                instances.add(instance);
                exportedItems.put(e.name(), instance);
            }
            default -> throw new UnsupportedComponentException("exports of a " + e.sort());
        }
    }

    private static <T> T get(List<T> space, int index, String what) {
        if (index < 0 || index >= space.size()) {
            throw new ComponentLinkException(what + " index " + index + " is past the " + space.size()
                    + " defined so far");
        }
        return space.get(index);
    }
}
