package dev.plinth.component;

import dev.plinth.component.internal.binary.Ast;
import dev.plinth.component.internal.binary.ComponentParser;
import dev.plinth.component.internal.runtime.Instantiator;

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

    public ComponentInstance instantiate() {
        return instantiate(ComponentOptions.defaults());
    }

    /** A new instance: its own core instances, memories and handle table. */
    public ComponentInstance instantiate(ComponentOptions options) {
        Instantiator.Result result = new Instantiator(options.machineFactory()).instantiate(ast);
        return new ComponentInstance(result, options);
    }
}
