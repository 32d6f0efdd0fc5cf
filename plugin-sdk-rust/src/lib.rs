//! # plinth-sdk
//!
//! The guest SDK for Plinth plugins: WebAssembly
//! modules that speak the Extism plugin ABI, so a plugin built with this crate
//! runs in Plinth and in any Extism host, with zero dependencies.
//!
//! ```
//! use plinth_sdk::{config, Error, Json};
//!
//! plinth_sdk::plugin_fn! {
//!     /// Exported as `shout`: text in, text out.
//!     pub fn shout(input: String) -> Result<String, Error> {
//!         let suffix = config::get("suffix").unwrap_or_else(|| "!".to_string());
//!         Ok(input.to_uppercase() + &suffix)
//!     }
//!
//!     /// Exported as `stats`: JSON in, JSON out.
//!     pub fn stats(input: Json) -> Result<Json, Error> {
//!         let items = input.as_array().ok_or_else(|| Error::new("expected an array"))?;
//!         Ok(Json::object([("count", items.len())]))
//!     }
//! }
//! # plinth_sdk::testing::set_config("suffix", "?");
//! # assert_eq!(plinth_sdk::testing::call(shout, "hi").unwrap(), b"HI?");
//! # assert_eq!(plinth_sdk::testing::call(stats, "[1,2]").unwrap(), br#"{"count":2}"#);
//! ```
//!
//! Build with `cargo build --release --target wasm32-unknown-unknown` and
//! `crate-type = ["cdylib"]`; see the README for the full walk-through.
//!
//! ## What is where
//!
//! * [`plugin_fn!`] defines exports; [`codec`] says which Rust types map to
//!   the `bytes`, `text` and `json` codecs; [`Error`] is what they fail with.
//! * [`Json`] is a small JSON value with a strict parser and a serializer.
//! * [`config`], [`var`], [`log`](mod@log) and [`http`] wrap the host services;
//!   [`env`] reads the granted environment and [`data`] names the data directory;
//!   [`host_fn!`] declares application host functions.
//! * With the cargo feature `host-services` (off by default, so that plugins
//!   import nothing but the Extism ABI and run in any Extism host): `kv`, the
//!   plugin's key-value store (`plinth:host/kv`), and `events`, emitting events
//!   to the application (`plinth:host/events`).
//! * [`lifecycle`]: [`initialize!`], [`metadata!`], [`status!`] and
//!   [`shutdown!`] define the exports the host calls itself.
//! * [`input`], [`output`] and [`set_error`] are the low-level call I/O;
//!   [`Memory`] and [`abi`] are the raw ABI underneath.
//! * [`testing`] (not on wasm) is an in-memory host for `cargo test`.
//! * `component` (cargo feature `component`, off by default): plugins that are
//!   WebAssembly components of `wit/plinth.wit`, with `component_plugin!`.

#![warn(missing_docs)]

pub mod abi;
pub mod codec;
#[cfg(feature = "component")]
pub mod component;
pub mod config;
pub mod data;
pub mod env;
mod errors;
#[cfg(feature = "host-services")]
pub mod events;
#[cfg(feature = "host-services")]
pub mod host_services;
pub mod http;
pub mod json;
#[cfg(feature = "host-services")]
pub mod kv;
pub mod lifecycle;
pub mod log;
mod memory;
#[cfg(any(not(target_arch = "wasm32"), doc))]
pub mod testing;
pub mod var;

pub use codec::{Export, FromBytes, ToBytes};
pub use errors::Error;
pub use json::{Json, JsonError, Map, Number};
pub use memory::Memory;

/// The usual return type of an export function.
pub type FnResult<T> = Result<T, Error>;

/// The items most plugins use: `use plinth_sdk::prelude::*;`.
pub mod prelude {
    pub use crate::{bail, host_fn, plugin_fn};
    pub use crate::{config, log, var};
    pub use crate::{Error, FnResult, Json};
}

/// Reads the current call's input as raw bytes.
///
/// Exports defined with [`plugin_fn!`] get their input as a parameter; this
/// is for functions that read it themselves.
pub fn input_bytes() -> Vec<u8> {
    memory::input_bytes()
}

/// Reads the current call's input and decodes it (`Vec<u8>`, `String`, [`Json`], ...).
pub fn input<T: FromBytes>() -> Result<T, Error> {
    T::from_bytes(input_bytes())
}

/// Sets the current call's output. Setting it again replaces it (the host
/// keeps only the last one). Empty output is passed as `output_set(0, 0)`.
pub fn output<T: ToBytes + ?Sized>(data: &T) -> Result<(), Error> {
    let bytes = data.to_bytes();
    let block = Memory::from_bytes(&bytes)?;
    // The host takes ownership of the block.
    unsafe { abi::output_set(block.offset(), block.len() as u64) };
    Ok(())
}

/// Sets the current call's error message (the export should then return
/// non-zero). An empty message is not set.
pub fn set_error(message: &str) {
    if let Ok(block) = Memory::from_bytes(message.as_bytes()) {
        if !block.is_empty() {
            // The host takes ownership of the block.
            unsafe { abi::error_set(block.offset()) };
        }
    }
}

/// Defines exported plugin functions.
///
/// Each function becomes a wasm export of type `() -> i32` named like the
/// function. Its parameter (optional) is decoded from the call's input, and
/// its result is encoded as the call's output; see [`codec`] for the types.
/// Returning `Err(e)` hands `e`'s message to the host with `error_set` and
/// makes the export return `e.code()` (1 by default). The function stays an
/// ordinary Rust function too, so tests can call it directly.
///
/// ```
/// use plinth_sdk::{Error, Json};
///
/// plinth_sdk::plugin_fn! {
///     /// bytes in, bytes out; cannot fail
///     pub fn echo(input: Vec<u8>) -> Vec<u8> {
///         input
///     }
///
///     /// no input, no output
///     pub fn ping() -> Result<(), Error> {
///         Ok(())
///     }
///
///     /// A different export name: put `#[export_name = "..."]` among the attributes.
///     #[export_name = "count-words"]
///     pub fn count_words(text: String) -> Result<Json, Error> {
///         Ok(Json::object([("words", text.split_whitespace().count())]))
///     }
/// }
/// # assert_eq!(plinth_sdk::testing::call(count_words, "a b c").unwrap(), br#"{"words":3}"#);
/// # assert_eq!(plinth_sdk::testing::call(echo, [0u8, 255]).unwrap(), [0u8, 255]);
/// # assert_eq!(plinth_sdk::testing::call_outcome(ping, "").output, None);
/// ```
///
/// A panic traps the call (`panic = "abort"`); on wasm the SDK first hands the
/// panic message to the host as the error message.
#[macro_export]
macro_rules! plugin_fn {
    // Pick `#[export_name = "..."]` out of the attributes; keep the others.
    (@attrs [$($kept:tt)*] [$($export:tt)*] [$($item:tt)*] #[export_name = $name:literal] $($rest:tt)*) => {
        $crate::plugin_fn!(@attrs [$($kept)*] [$name] [$($item)*] $($rest)*);
    };
    (@attrs [$($kept:tt)*] [$($export:tt)*] [$($item:tt)*] #[$($attr:tt)*] $($rest:tt)*) => {
        $crate::plugin_fn!(@attrs [$($kept)* #[$($attr)*]] [$($export)*] [$($item)*] $($rest)*);
    };
    (@attrs [$($kept:tt)*] [$($export:tt)*] [$vis:vis fn $name:ident $($sig:tt)*]) => {
        $($kept)*
        $vis fn $name $($sig)*

        $crate::plugin_fn!(@export $name [$($export)*]);
    };

    (@export $name:ident []) => {
        const _: () = {
            #[cfg_attr(target_arch = "wasm32", export_name = ::core::stringify!($name))]
            #[allow(dead_code)]
            extern "C" fn __plinth_export() -> i32 {
                $crate::codec::Export::run($name)
            }
        };
    };
    (@export $name:ident [$export:literal]) => {
        const _: () = {
            #[cfg_attr(target_arch = "wasm32", export_name = $export)]
            #[allow(dead_code)]
            extern "C" fn __plinth_export() -> i32 {
                $crate::codec::Export::run($name)
            }
        };
    };
    ($(
        $(#[$($attr:tt)*])*
        $vis:vis fn $name:ident ($($params:tt)*) $(-> $ret:ty)? $body:block
    )*) => {$(
        $crate::plugin_fn!(@attrs [] [] [$vis fn $name ($($params)*) $(-> $ret)? $body] $(#[$($attr)*])*);
    )*};
}

/// Declares application host functions (wasm import module `extism:host/user`)
/// as typed Rust functions.
///
/// Every argument is copied into a host memory block and passed as its
/// offset (an empty argument as offset 0); the blocks are freed after the
/// call. The host's result block, if the declaration has a return type, is
/// decoded with [`FromBytes`] (or, for `Option<T>`, `None` when the host
/// returns offset 0) and freed. The wrapper returns `Result<T, Error>` (or
/// `Result<(), Error>` without a return type, in which case the import has no
/// result). The import name is the function name unless a
/// `#[link_name = "..."]` attribute gives another one (names may contain `-`).
///
/// Arguments can be anything [`ToBytes`]: `&str`, `&[u8]`, `&Json`, `String`, ...
///
/// ```
/// use plinth_sdk::Json;
///
/// plinth_sdk::host_fn! {
///     /// Imported as `lookup-context`: one block in, one block out.
///     #[link_name = "lookup-context"]
///     pub fn lookup_context(key: &str) -> Option<Json>;
///
///     /// Imported as `notify`: two blocks in, nothing out.
///     fn notify(channel: &str, payload: &[u8]);
/// }
/// # plinth_sdk::testing::register_host_fn("lookup-context", |a| Some(format!("{{\"k\":{:?}}}", String::from_utf8_lossy(&a[0])).into_bytes()));
/// # plinth_sdk::testing::register_host_fn("notify", |_| None);
///
/// let context = lookup_context("user-7").unwrap();
/// # assert_eq!(context.unwrap()["k"], "user-7");
/// notify("audit", b"done").unwrap();
/// ```
///
/// Remember to ask for the function in `plugin.toml`:
/// `host-functions = ["lookup-context", "notify"]`.
#[macro_export]
macro_rules! host_fn {
    // Pick `#[link_name = "..."]` out of the attributes; keep the others.
    (@attrs [$($kept:tt)*] [$($import:tt)*] [$($item:tt)*] #[link_name = $name:literal] $($rest:tt)*) => {
        $crate::host_fn!(@attrs [$($kept)*] [$name] [$($item)*] $($rest)*);
    };
    (@attrs [$($kept:tt)*] [$($import:tt)*] [$($item:tt)*] #[$($attr:tt)*] $($rest:tt)*) => {
        $crate::host_fn!(@attrs [$($kept)* #[$($attr)*]] [$($import)*] [$($item)*] $($rest)*);
    };
    (@attrs [$($kept:tt)*] [] [$vis:vis fn $name:ident $($sig:tt)*]) => {
        $crate::host_fn!(@define [$($kept)*] [::core::stringify!($name)] [$vis fn $name $($sig)*]);
    };
    (@attrs [$($kept:tt)*] [$import:literal] [$($item:tt)*]) => {
        $crate::host_fn!(@define [$($kept)*] [$import] [$($item)*]);
    };

    // With a result.
    (@define [$($kept:tt)*] [$import:expr] [$vis:vis fn $name:ident ($($arg:ident : $ty:ty),*) [$ret:ty]]) => {
        $($kept)*
        $vis fn $name($($arg: $ty),*) -> ::core::result::Result<$ret, $crate::Error> {
            #[cfg(target_arch = "wasm32")]
            #[link(wasm_import_module = "extism:host/user")]
            extern "C" {
                #[link_name = $import]
                fn import($($arg: u64),*) -> u64;
            }
            let blocks = $crate::__private::arg_blocks(&[$($crate::codec::ToBytes::to_bytes(&$arg)),*])?;
            #[allow(unused_mut, unused_variables)]
            let mut offsets = blocks.iter().map(|block| block.offset());
            $(let $arg = offsets.next().unwrap_or(0);)*
            #[cfg(target_arch = "wasm32")]
            let result = unsafe { import($($arg),*) };
            #[cfg(not(target_arch = "wasm32"))]
            let result = $crate::testing::__host_call($import, &[$($arg),*]);
            $crate::__private::free_blocks(blocks);
            <$ret as $crate::__private::FromHostResult>::from_host_result(result)
        }
    };
    // Without a result.
    (@define [$($kept:tt)*] [$import:expr] [$vis:vis fn $name:ident ($($arg:ident : $ty:ty),*) []]) => {
        $($kept)*
        $vis fn $name($($arg: $ty),*) -> ::core::result::Result<(), $crate::Error> {
            #[cfg(target_arch = "wasm32")]
            #[link(wasm_import_module = "extism:host/user")]
            extern "C" {
                #[link_name = $import]
                fn import($($arg: u64),*);
            }
            let blocks = $crate::__private::arg_blocks(&[$($crate::codec::ToBytes::to_bytes(&$arg)),*])?;
            #[allow(unused_mut, unused_variables)]
            let mut offsets = blocks.iter().map(|block| block.offset());
            $(let $arg = offsets.next().unwrap_or(0);)*
            #[cfg(target_arch = "wasm32")]
            unsafe { import($($arg),*) };
            #[cfg(not(target_arch = "wasm32"))]
            $crate::testing::__host_call($import, &[$($arg),*]);
            $crate::__private::free_blocks(blocks);
            ::core::result::Result::Ok(())
        }
    };
    ($(
        $(#[$($attr:tt)*])*
        $vis:vis fn $name:ident ($($arg:ident : $ty:ty),* $(,)?) $(-> $ret:ty)?;
    )*) => {$(
        $crate::host_fn!(@attrs [] [] [$vis fn $name ($($arg: $ty),*) [$($ret)?]] $(#[$($attr)*])*);
    )*};
}

/// Support for the macros; not a public API.
#[doc(hidden)]
pub mod __private {
    use std::borrow::Cow;

    use crate::{Error, FromBytes, Memory};

    /// Runs at the start of every export.
    pub fn before_call() {
        #[cfg(target_arch = "wasm32")]
        {
            static mut HOOKED: bool = false;
            // Wasm instances are single-threaded.
            unsafe {
                if !HOOKED {
                    HOOKED = true;
                    std::panic::set_hook(Box::new(|info| {
                        crate::set_error(&format!("plugin {}", info));
                    }));
                }
            }
        }
    }

    /// Copies host-function arguments into blocks (freeing them all on failure).
    pub fn arg_blocks(args: &[Cow<'_, [u8]>]) -> Result<Vec<Memory>, Error> {
        let mut blocks = Vec::with_capacity(args.len());
        for arg in args {
            match Memory::from_bytes(arg) {
                Ok(block) => blocks.push(block),
                Err(e) => {
                    free_blocks(blocks);
                    return Err(e);
                }
            }
        }
        Ok(blocks)
    }

    /// Frees argument blocks after a host-function call.
    pub fn free_blocks(blocks: Vec<Memory>) {
        for block in blocks {
            block.free();
        }
    }

    /// Decodes a host function's result block.
    pub trait FromHostResult: Sized {
        /// Decodes (and frees) the block at `offset`.
        fn from_host_result(offset: u64) -> Result<Self, Error>;
    }

    impl<T: FromBytes> FromHostResult for T {
        fn from_host_result(offset: u64) -> Result<T, Error> {
            T::from_bytes(crate::memory::take_returned(offset).unwrap_or_default())
        }
    }

    impl<T: FromBytes> FromHostResult for Option<T> {
        fn from_host_result(offset: u64) -> Result<Option<T>, Error> {
            match crate::memory::take_returned(offset) {
                Some(bytes) => T::from_bytes(bytes).map(Some),
                None => Ok(None),
            }
        }
    }
}
