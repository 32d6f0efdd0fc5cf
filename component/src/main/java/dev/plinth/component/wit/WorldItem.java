package dev.plinth.component.wit;

import java.util.Objects;

/** One import or export of a world: an interface by path, an interface under a plain name, an inline interface, or a function. */
public sealed interface WorldItem {

    /** The name the item has in the component: the interface's full name, or its plain name. */
    String name();

    /** {@code import wasi:io/streams@0.2.0;} or {@code export run;}: an interface by its path. */
    record InterfaceRef(UsePath path) implements WorldItem {
        public InterfaceRef {
            Objects.requireNonNull(path, "path");
        }

        @Override
        public String name() {
            return path.toString();
        }
    }

    /** {@code import primary: wasi:keyvalue/store;}: an interface under a plain name. */
    record NamedInterfaceRef(String name, UsePath path) implements WorldItem {
        public NamedInterfaceRef {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(path, "path");
        }
    }

    /** {@code import host: interface { ... }}: an interface defined in the world. */
    record InlineInterface(WitInterface iface) implements WorldItem {
        public InlineInterface {
            Objects.requireNonNull(iface, "iface");
        }

        @Override
        public String name() {
            return iface.name();
        }
    }

    /** {@code export run: func() -> u32;}. */
    record Function(WitFunction function) implements WorldItem {
        public Function {
            Objects.requireNonNull(function, "function");
        }

        @Override
        public String name() {
            return function.name();
        }
    }
}
