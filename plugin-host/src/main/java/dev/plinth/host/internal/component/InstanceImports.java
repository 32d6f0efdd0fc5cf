package dev.plinth.host.internal.component;

import dev.plinth.component.ComponentImports;
import dev.plinth.component.HostFunction;
import dev.plinth.component.HostResource;
import dev.plinth.component.type.FuncType;

/**
 * The application's imports as one component instance links them, with state of that instance's own (the
 * tables of its host resources), closed when the instance is discarded.
 */
public interface InstanceImports extends ComponentImports, AutoCloseable {
    /** The instance is discarded: what its guest still held is released. */
    @Override
    void close();

    /** {@code imports}, which hold nothing per instance. */
    static InstanceImports of(ComponentImports imports) {
        return new InstanceImports() {
            @Override
            public HostFunction function(String name) {
                return imports.function(name);
            }

            @Override
            public HostFunction function(String name, FuncType type) {
                return imports.function(name, type);
            }

            @Override
            public HostResource resource(String name) {
                return imports.resource(name);
            }

            @Override
            public void close() {
            }
        };
    }
}
