package dev.plinth.component;

import dev.plinth.component.internal.abi.AbiLimits;
import dev.plinth.component.internal.binary.Ast;
import dev.plinth.component.internal.binary.ComponentParser;
import dev.plinth.component.internal.runtime.Instantiator;
import java.util.Map;

/**
 * A parsed component binary, ready to instantiate any number of times. Parsing checks the whole
 * binary format ({@link MalformedComponentException} naming section and offset); instantiating links
 * it ({@link ComponentLinkException}, {@link UnsupportedComponentException}).
 */
public final class Component {
    private final Ast.Component ast;

    private Component(Ast.Component ast) {
        this.ast = ast;
    }

    /** Parses {@code bytes}, which must start with a component header (see {@link ComponentHeader}). */
    public static Component parse(byte[] bytes) {
        return new Component(ComponentParser.parse(bytes));
    }

    /** The number of definitions the binary holds, in all its sections. */
    public int definitionCount() {
        return ast.definitions().size();
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
        AbiLimits limits = new AbiLimits(options.maxStringBytes(), options.maxListLength(), options.maxTotalUnits());
        Instantiator.Result result = new Instantiator(options.machineFactory(), options.coreModules(), imports, limits).instantiate(ast);
        return new ComponentInstance(result);
    }
}
