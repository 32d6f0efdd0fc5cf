//! Lifecycle exports: functions the host calls itself, not applications.
//!
//! Plinth calls four optional exports, each an ordinary Extism-style export of
//! type `() -> i32` (input through `input_*`, output through `output_set`, a
//! failure by returning non-zero or setting an error), so that any PDK can
//! write them:
//!
//! | export | when | input | output |
//! | --- | --- | --- | --- |
//! | `plinth_initialize` | on every new instance, before it takes a call | the config, a JSON object of strings | none |
//! | `plinth_metadata` | once at load | none | JSON: name, version, description, author, capabilities |
//! | `plinth_status` | when an operator asks | none | any JSON |
//! | `plinth_shutdown` | once before the version is unloaded, under a deadline | none | none |
//!
//! A failing `plinth_initialize` keeps the version out of service with its
//! message; metadata whose name or version differs from `plugin.toml` refuses
//! the load. The macros here define these exports from Rust functions:
//!
//! ```
//! use plinth_sdk::{Error, Json};
//!
//! fn init(config: Json) -> Result<(), Error> {
//!     if config["greeting"].as_str().is_none() {
//!         return Err(Error::new("config key `greeting` is missing"));
//!     }
//!     Ok(())
//! }
//! fn status() -> Json {
//!     Json::object([("healthy", true)])
//! }
//! fn stop() {}
//!
//! plinth_sdk::initialize!(init);
//! plinth_sdk::status!(status);
//! plinth_sdk::shutdown!(stop);
//! plinth_sdk::metadata! {
//!     description: "greets people",
//!     author: "Plinth",
//!     capabilities: ["greet"],
//! }
//! # assert!(plinth_sdk::testing::call(init, "{}").is_err());
//! # assert_eq!(plinth_sdk::testing::call(init, r#"{"greeting":"hi"}"#).unwrap(), b"");
//! ```

/// The names of the lifecycle exports.
pub mod names {
    /// Called on every new instance with the config as JSON.
    pub const INITIALIZE: &str = "plinth_initialize";
    /// Called once at load; returns the plugin's metadata as JSON.
    pub const METADATA: &str = "plinth_metadata";
    /// Called when an operator asks; returns the plugin's status as JSON.
    pub const STATUS: &str = "plinth_status";
    /// Called once before the version is unloaded.
    pub const SHUTDOWN: &str = "plinth_shutdown";
}

/// Exports `plinth_initialize` from a function `fn(Json) -> Result<(), Error>`
/// (or any [`Export`](crate::Export) shape): it gets the plugin's config as a
/// JSON object of strings, on every new instance before its first call. Return
/// an error to keep the version out of service with that message.
#[macro_export]
macro_rules! initialize {
    ($function:path) => {
        $crate::__lifecycle_export!("plinth_initialize", $function);
    };
}

/// Exports `plinth_status` from a function that returns JSON (or anything
/// [`IntoOutput`](crate::codec::IntoOutput)): what the actuator shows when an
/// operator asks for the plugin's status.
#[macro_export]
macro_rules! status {
    ($function:path) => {
        $crate::__lifecycle_export!("plinth_status", $function);
    };
}

/// Exports `plinth_shutdown` from a function: called once before the version
/// is unloaded, under the host's shutdown deadline (a hang is stopped there).
#[macro_export]
macro_rules! shutdown {
    ($function:path) => {
        $crate::__lifecycle_export!("plinth_shutdown", $function);
    };
}

/// Exports `plinth_metadata`, whose name and version are the crate's
/// (`CARGO_PKG_NAME`, `CARGO_PKG_VERSION`), which the host checks against
/// `plugin.toml`; description, author and capabilities are optional.
#[macro_export]
macro_rules! metadata {
    ($(description: $description:expr,)? $(author: $author:expr,)? $(capabilities: [$($capability:expr),* $(,)?],)?) => {
        const _: () = {
            fn __plinth_metadata() -> $crate::Json {
                #[allow(unused_mut)]
                let mut metadata = $crate::Map::new();
                metadata.insert("name".to_string(), $crate::Json::from(env!("CARGO_PKG_NAME")));
                metadata.insert("version".to_string(), $crate::Json::from(env!("CARGO_PKG_VERSION")));
                $(metadata.insert("description".to_string(), $crate::Json::from($description));)?
                $(metadata.insert("author".to_string(), $crate::Json::from($author));)?
                $(metadata.insert("capabilities".to_string(),
                        $crate::Json::Array(::std::vec![$($crate::Json::from($capability)),*]));)?
                $crate::Json::Object(metadata)
            }
            $crate::__lifecycle_export!("plinth_metadata", __plinth_metadata);
        };
    };
}

#[doc(hidden)]
#[macro_export]
macro_rules! __lifecycle_export {
    ($name:literal, $function:path) => {
        const _: () = {
            #[cfg_attr(target_arch = "wasm32", export_name = $name)]
            #[allow(dead_code)]
            extern "C" fn __plinth_lifecycle() -> i32 {
                $crate::codec::Export::run($function)
            }
        };
    };
}
