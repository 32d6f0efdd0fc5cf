/** Reads plugin.toml and security policy files. */
module dev.plinth.config {
    requires transitive dev.plinth.api;
    requires transitive dev.plinth.security;
    requires tools.jackson.core;
    requires tools.jackson.databind;
    requires tools.jackson.dataformat.toml;

    exports dev.plinth.config;
}
