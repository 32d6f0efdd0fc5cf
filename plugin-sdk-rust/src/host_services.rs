//! The raw imports of Plinth's own host services, `plinth:host/kv` and
//! `plinth:host/events` (only with the cargo feature `host-services`). Every
//! function takes and returns `i64` offsets of host memory blocks, as the
//! Extism ABI does; a negative result is an error code, and the namespace's
//! `error()` returns a block with the message. Use the safe wrappers in
//! [`kv`](crate::kv) and [`events`](crate::events).

#[cfg(target_arch = "wasm32")]
#[link(wasm_import_module = "plinth:host/kv")]
extern "C" {
    /// The value of the key block: a new block, 0 when absent, negative on error.
    #[link_name = "get"]
    pub fn kv_get(key: u64) -> i64;
    /// Stores the value block under the key block (value 0 deletes); 0, or negative on error.
    #[link_name = "set"]
    pub fn kv_set(key: u64, value: u64) -> i64;
    /// Deletes the key: 1 when it was there, 0 when not, negative on error.
    #[link_name = "delete"]
    pub fn kv_delete(key: u64) -> i64;
    /// A block with a JSON array of the keys starting with the prefix block (0: all), 0 when none.
    #[link_name = "list"]
    pub fn kv_list(prefix: u64) -> i64;
    /// A block with the message of the last failed kv call, or 0.
    #[link_name = "error"]
    pub fn kv_error() -> u64;
}

#[cfg(target_arch = "wasm32")]
#[link(wasm_import_module = "plinth:host/events")]
extern "C" {
    /// Queues an event (type block, payload block or 0); 0, or negative on error.
    #[link_name = "emit"]
    pub fn events_emit(kind: u64, payload: u64) -> i64;
    /// A block with the message of the last failed emit, or 0.
    #[link_name = "error"]
    pub fn events_error() -> u64;
}

#[cfg(not(target_arch = "wasm32"))]
pub use crate::testing::host_services::*;
