package dev.plinth.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The files of a new Rust plugin, as {@code plinth new} writes them: a crate on Plinth's Rust SDK
 * (referenced by path, since crates.io is not reachable where Plinth is built), one {@code greet}
 * export with its native tests, its {@code plugin.toml} and a README with the commands.
 *
 * @param name the plugin's name, also the crate's
 * @param sdkPath how the crate's {@code Cargo.toml} reaches the SDK: relative to the plugin's
 *     folder where possible, with {@code /} separators
 */
record PluginScaffold(String name, String sdkPath) {

    /** The files to write, by their path relative to the plugin's folder, in the order written. */
    Map<String, String> files() {
        Map<String, String> files = new LinkedHashMap<>();
        files.put("Cargo.toml", cargoToml());
        files.put("src/lib.rs", libRs());
        files.put("plugin.toml", pluginToml());
        files.put("README.md", readme());
        files.put(".gitignore", "/target\n/Cargo.lock\n");
        return files;
    }

    /** The module Cargo builds, and the manifest's entrypoint: the name with {@code _} for {@code -}. */
    String wasmFile() {
        return name.replace('-', '_') + ".wasm";
    }

    /** The command that builds the module and puts it beside {@code plugin.toml}, run from the plugin's folder. */
    String buildCommand() {
        return "RUSTC=/usr/bin/rustc /usr/bin/cargo build --release --target wasm32-unknown-unknown && cp "
                + "target/wasm32-unknown-unknown/release/" + wasmFile() + " .";
    }

    /** Writes the files into {@code folder}, which must be empty or absent; never overwrites one. */
    void writeTo(Path folder) throws IOException {
        Files.createDirectories(folder);
        for (Map.Entry<String, String> file : files().entrySet()) {
            Path path = folder.resolve(file.getKey());
            Files.createDirectories(path.getParent());
            Files.writeString(path, file.getValue(), StandardOpenOption.CREATE_NEW);
        }
    }

    private String cargoToml() {
        return """
                [package]
                name = "%s"
                version = "0.1.0"
                edition = "2021"
                publish = false

                [lib]
                crate-type = ["cdylib"]

                [dependencies]
                # Plinth's Rust SDK, by path: crates.io is not reachable where Plinth is built. `plinth new
                # --sdk <path>` chose this path; change it here if the SDK moves.
                plinth-sdk = { path = "%s" }

                [profile.release]
                opt-level = "z"
                lto = true
                panic = "abort"
                strip = true

                # A workspace of its own, so that the plugin builds wherever its folder is, even inside
                # another Cargo workspace.
                [workspace]
                """.formatted(name, sdkPath);
    }

    private String libRs() {
        return """
                //! %s: a Plinth plugin. `greet` answers "Hello, <input>!", with the greeting from config.

                use plinth_sdk::{config, Error};

                plinth_sdk::plugin_fn! {
                    /// Greets whoever the input names.
                    pub fn greet(name: String) -> Result<String, Error> {
                        if name.is_empty() {
                            plinth_sdk::bail!("no name given");
                        }
                        let greeting = config::get("greeting").unwrap_or_else(|| "Hello".to_string());
                        Ok(format!("{}, {}!", greeting, name))
                    }
                }

                #[cfg(test)]
                mod tests {
                    use super::*;
                    use plinth_sdk::testing;

                    #[test]
                    fn greets_with_the_configured_greeting() {
                        assert_eq!(testing::call(greet, "Ada").unwrap(), b"Hello, Ada!");
                        testing::set_config("greeting", "Hej");
                        assert_eq!(testing::call(greet, "Ada").unwrap(), b"Hej, Ada!");
                    }

                    #[test]
                    fn refuses_an_empty_name() {
                        let err = testing::call(greet, "").unwrap_err();
                        assert_eq!(err.message.as_deref(), Some("no name given"));
                    }
                }
                """.formatted(name);
    }

    private String pluginToml() {
        return """
                [plugin]
                name = "%s"
                version = "0.1.0"
                description = "Greets whoever the input names"
                entrypoint = "%s"
                host-api = ">=1.0.0, <2.0.0"

                [exports.greet]
                input = "text"
                output = "text"

                [config]
                greeting = "Hello"

                # No [permissions]: the plugin needs no files, network or host functions.
                # Every key: docs/plugin-toml.md in the Plinth repository.
                """.formatted(name, wasmFile());
    }

    private String readme() {
        return """
                # %s

                A Plinth plugin in Rust, made by `plinth new`. `greet` answers `Hello, <input>!`; the
                greeting comes from `[config]` in `plugin.toml`.

                The crate uses Plinth's Rust SDK, `plinth-sdk`, **by path** (`%s` in `Cargo.toml`),
                because crates.io cannot be reached where Plinth is built. If the SDK is elsewhere, change
                that path, or make the plugin again with `plinth new <folder> --sdk <path to plugin-sdk-rust>`.

                ```sh
                cargo test                                     # the native unit tests in src/lib.rs
                %s
                plinth call . greet --input Ada                # Hello, Ada!
                plinth call . greet --input Ada --config greeting=Hej
                ```

                The build uses Debian's Rust (`/usr/bin/rustc`, `/usr/bin/cargo`) and its
                `wasm32-unknown-unknown` standard library; rustup's wasm targets cannot be downloaded
                here. To deploy, copy `plugin.toml` and `%s` into a folder of the host's plugins
                directory.
                """.formatted(name, sdkPath, buildCommand(), wasmFile());
    }
}
