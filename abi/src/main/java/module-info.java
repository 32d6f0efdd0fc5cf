/** The guest's side of the host as Chicory host functions; only the engine and the components' WASI use it. */
module dev.plinth.abi {
    requires transitive dev.plinth.api;
    requires transitive dev.plinth.sandbox;
    requires transitive dev.plinth.security;
    requires com.dylibso.chicory.runtime;
    requires com.dylibso.chicory.wasi;
    requires com.dylibso.chicory.wasm;
    requires org.slf4j;
    requires tools.jackson.core;
    requires tools.jackson.databind;

    exports dev.plinth.abi to dev.plinth.host, dev.plinth.component.wasi;
}
