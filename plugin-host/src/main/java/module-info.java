/** The engine: PluginEngine and PluginHost. Its internal packages are not exported. */
module dev.plinth.host {
    requires dev.plinth.abi;
    requires transitive dev.plinth.api;
    requires transitive dev.plinth.component;
    requires dev.plinth.component.wasi;
    requires dev.plinth.config;
    requires transitive dev.plinth.sandbox;
    requires transitive dev.plinth.security;
    requires transitive dev.plinth.wasm;
    requires com.dylibso.chicory.compiler;
    requires com.dylibso.chicory.runtime;
    requires com.dylibso.chicory.wasi;
    requires com.dylibso.chicory.wasm;
    requires com.github.benmanes.caffeine;
    requires com.h2database;
    requires java.sql;
    requires org.slf4j;
    requires tools.jackson.databind;

    exports dev.plinth.host;
    exports dev.plinth.host.kv;
}
