//! Plugins that are WebAssembly components of the `plinth:plugin` world (`wit/plinth.wit`),
//! behind the cargo feature `component`.
//!
//! Implement [`Plugin`] and name the type in [`component_plugin!`](crate::component_plugin): the
//! macro exports the world's functions under the names `wasm-tools component new` (or
//! `jco new`) expects (`plinth:plugin/processing@0.1.0#process`, `cabi_post_...`,
//! `cabi_realloc`), lifting the parameters and lowering the results with the canonical ABI
//! in [`abi`]. Zero dependencies: no wit-bindgen, the glue is in this module.
//!
//! ```ignore
//! use plinth_sdk::component::*;
//!
//! struct Upper;
//!
//! impl Plugin for Upper {
//!     fn get_metadata() -> Metadata { /* ... */ }
//!     fn get_status() -> Status { /* ... */ }
//!     fn process(input: Request) -> Result<Response, ProcessError> {
//!         logger::info(&format!("request {}", input.id));
//!         match input.payload {
//!             Payload::Text(t) => Ok(Response { id: input.id, payload: Payload::Text(t.to_uppercase()), notes: vec![] }),
//!             _ => Err(ProcessError::InvalidInput("text expected".to_string())),
//!         }
//!     }
//! }
//!
//! plinth_sdk::component_plugin!(Upper);
//! ```
//!
//! Build the core module (`cargo build --release --target wasm32-unknown-unknown --features
//! plinth-sdk/component`), then make it a component: `node scripts/wit-component.mjs <jco dir>
//! core.wasm wit/plinth.wit plugin out.wasm`. A component plugin imports no Extism functions:
//! it runs only in hosts of the Component Model.

pub mod abi;
mod plinth;
mod services;

pub use plinth::*;
pub use services::{data_dir, events, http_client, kv_store};
