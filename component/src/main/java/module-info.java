/**
 * The WebAssembly Component Model on Chicory: parse a component ({@link dev.plinth.component.Component}),
 * instantiate it, and call its exports with {@link dev.plinth.component.value.Value}s of WIT
 * {@link dev.plinth.component.type.ValueType}s through the canonical ABI. The parser, the ABI and the
 * runtime are internal.
 */
module dev.plinth.component {
    requires transitive dev.plinth.api;
    requires dev.plinth.wasm;
    requires transitive com.dylibso.chicory.runtime;
    requires transitive com.dylibso.chicory.wasm;
    requires transitive tools.jackson.databind;

    exports dev.plinth.component;
    exports dev.plinth.component.type;
    exports dev.plinth.component.value;
    exports dev.plinth.component.binding;
    exports dev.plinth.component.json;
    exports dev.plinth.component.wit;
    exports dev.plinth.component.contract;
}
