package dev.plinth.component;

import dev.plinth.component.internal.abi.AbiLimits;
import dev.plinth.component.internal.binary.Ast;
import dev.plinth.component.internal.binary.Sort;
import dev.plinth.component.internal.binary.ComponentParser;
import dev.plinth.component.internal.runtime.Instantiator;
import dev.plinth.component.internal.runtime.TypeReader;
import dev.plinth.component.type.ComponentType;
import java.util.Map;

/**
 * A parsed component binary, ready to instantiate any number of times. Parsing checks the whole
 * binary format ({@link MalformedComponentException} naming section and offset); instantiating links
 * it ({@link ComponentLinkException}, {@link UnsupportedComponentException}).
 */
public final class Component {
    private final Ast.Component ast;
    private ComponentType type;

    private Component(Ast.Component ast) {
        this.ast = ast;
    }

    /** Parses {@code bytes}, which must start with a component header (see {@link ComponentHeader}). */
    public static Component parse(byte[] bytes) {
        return new Component(ComponentParser.parse(bytes));
    }

    /**
     * The names of the component's top-level imports the host must provide, in order: interfaces such as
     * {@code wasi:io/streams@0.2.0}, plain function names and resource types. A type import bound by {@code eq}
     * ({@code (import "order" (type (eq 3)))}, how wit-component writes the types a world defines) is the
     * component's own type, not something to provide, and is not listed. A host can refuse what it does not
     * provide by name before instantiating.
     */
    public java.util.List<String> importNames() {
        return ast.definitions().stream().filter(d -> d instanceof Ast.Import).map(d -> (Ast.Import) d)
                .filter(i -> i.desc().sort() != Sort.TYPE || i.desc().subResource())
                .map(Ast.Import::name).toList();
    }

    /** The number of definitions the binary holds, in all its sections. */
    public int definitionCount() {
        return ast.definitions().size();
    }

    /**
     * What the component imports and exports, with the names it gives its types, read without instantiating
     * it (no core module runs), through the nested components toolchains write (their instantiation arguments,
     * type imports bound by {@code eq}, outer and export aliases). What this layer does not run either (outer
     * aliases of components, async) is an {@link UnsupportedComponentException}; broken indices, mismatched
     * arguments and hostile shapes past a limit (nested instantiations, definitions read, types that unfold too
     * large) a {@link ComponentLinkException} naming it.
     */
    public synchronized ComponentType type() {
        if (type == null) {
            type = TypeReader.read(ast);
        }
        return type;
    }

    /**
     * The core modules the component embeds, in their index order (as {@link CoreModuleHook} numbers them), so
     * that a host can check, meter and compile them before any instance is made.
     */
    public java.util.List<byte[]> coreModules() {
        return ast.definitions().stream().filter(d -> d instanceof Ast.CoreModule)
                .map(d -> ((Ast.CoreModule) d).bytes().clone()).toList();
    }

    public ComponentInstance instantiate() {
        return instantiate(ComponentOptions.defaults());
    }

    /** A new instance: its own core instances, memories and handle table. The component may import nothing. */
    public ComponentInstance instantiate(ComponentOptions options) {
        return instantiate(options, Map.of());
    }

    /**
     * A new instance whose function imports are {@code imports}, by import name. An import the map lacks is a
     * {@link ComponentLinkException}; instance and type imports are not supported yet.
     */
    public ComponentInstance instantiate(ComponentOptions options, Map<String, HostFunction> imports) {
        return instantiate(options, ComponentImports.of(imports));
    }

    /**
     * A new instance whose imports (functions, and resource types the host defines) come from {@code imports},
     * looked up by name. An import it does not provide is a {@link ComponentLinkException}.
     */
    public ComponentInstance instantiate(ComponentOptions options, ComponentImports imports) {
        AbiLimits limits = new AbiLimits(options.maxStringBytes(), options.maxListLength(), options.maxTotalUnits());
        Instantiator.Result result = new Instantiator(options.machineFactory(), options.coreModules(), imports, limits).instantiate(ast);
        return new ComponentInstance(result);
    }
}
