package dev.plinth.component;

import dev.plinth.component.type.FuncType;
import java.util.Map;
import java.util.Objects;

/**
 * What the host provides for a component's imports, looked up by name when it is instantiated: functions as
 * {@code name} (a function import) or {@code iface#name} (a function of an imported instance, e.g.
 * {@code wasi:cli/stdout@0.2.0#get-stdout}), resource types the same way ({@code wasi:io/streams@0.2.0#output-stream}).
 * A lookup may answer {@code null}: the import is then a {@link ComponentLinkException} naming it.
 */
public interface ComponentImports {
    /** The function for {@code name}, or {@code null} when the host does not provide it. */
    HostFunction function(String name);

    /**
     * The function for {@code name}, told the type the component imports it with (so that a host can convert
     * values by it, or refuse a type it does not fit by throwing a {@link ComponentLinkException}); by default
     * {@link #function(String)}.
     */
    default HostFunction function(String name, FuncType type) {
        return function(name);
    }

    /** The resource type for {@code name}, or {@code null} when the host does not provide it. */
    default HostResource resource(String name) {
        return null;
    }

    /** What this does not provide, {@code other} may: this first, then it. */
    default ComponentImports orElse(ComponentImports other) {
        Objects.requireNonNull(other, "other");
        ComponentImports first = this;
        return new ComponentImports() {
            @Override
            public HostFunction function(String name) {
                HostFunction f = first.function(name);
                return f != null ? f : other.function(name);
            }

            @Override
            public HostFunction function(String name, FuncType type) {
                HostFunction f = first.function(name, type);
                return f != null ? f : other.function(name, type);
            }

            @Override
            public HostResource resource(String name) {
                HostResource r = first.resource(name);
                return r != null ? r : other.resource(name);
            }
        };
    }

    /** Nothing: every import is a link error. */
    static ComponentImports none() {
        return of(Map.of(), Map.of());
    }

    /** These functions, no resources. */
    static ComponentImports of(Map<String, HostFunction> functions) {
        return of(functions, Map.of());
    }

    /** These functions and resource types, by name. */
    static ComponentImports of(Map<String, HostFunction> functions, Map<String, HostResource> resources) {
        Map<String, HostFunction> f = Map.copyOf(functions);
        Map<String, HostResource> r = Map.copyOf(resources);
        return new ComponentImports() {
            @Override
            public HostFunction function(String name) {
                return f.get(name);
            }

            @Override
            public HostResource resource(String name) {
                return r.get(name);
            }
        };
    }
}
