//! The raw Extism guest ABI: the functions imported from `extism:host/env`.
//!
//! Every `u64` here is an offset into the *host-side* Extism memory (not into
//! the plugin's linear memory), or a length. Offset 0 means "no block". The
//! safe wrappers in this crate ([`Memory`](crate::Memory), [`input`](crate::input),
//! [`output`](crate::output), [`config`](crate::config), [`var`](crate::var),
//! [`log`](mod@crate::log), [`http`](crate::http)) are what plugins normally use;
//! these are for the rare plugin that needs to talk to the host directly.
//!
//! Ownership follows Extism: a block passed to `output_set`, `error_set`,
//! `config_get`, `var_get`, `var_set`, `log_*` or `http_request` belongs to the
//! host afterwards and must not be freed by the plugin; blocks that the host
//! returns (from `config_get`, `var_get`, `http_request`, `http_headers` and
//! host functions) belong to the plugin, which frees them when done.
//!
//! On wasm these are the real imports. On other targets (for `cargo test`)
//! they are served by the in-memory host in [`testing`](crate::testing), with
//! the same signatures. An import that a plugin never calls is dropped by the
//! linker, so a plugin only imports what it uses.
//!
//! The `*_u8` functions use `i32` at the wasm level; they are declared with
//! `u32` here and only the low 8 bits are meaningful.

#[cfg(target_arch = "wasm32")]
#[link(wasm_import_module = "extism:host/env")]
extern "C" {
    /// Allocates a host memory block of `length` bytes; returns its offset, or 0 on failure.
    pub fn alloc(length: u64) -> u64;
    /// Frees a block that the plugin owns.
    pub fn free(offset: u64);
    /// Length of the block at `offset`, or 0 if `offset` is not the start of a live block.
    pub fn length(offset: u64) -> u64;
    /// Length of the block at `offset`, without validating it (faster, garbage on a bad offset).
    pub fn length_unsafe(offset: u64) -> u64;
    /// Reads one byte of host memory.
    pub fn load_u8(offset: u64) -> u32;
    /// Reads eight bytes (little-endian) of host memory.
    pub fn load_u64(offset: u64) -> u64;
    /// Writes one byte (the low 8 bits of `value`) of host memory.
    pub fn store_u8(offset: u64, value: u32);
    /// Writes eight bytes (little-endian) of host memory.
    pub fn store_u64(offset: u64, value: u64);
    /// Length of the call's input.
    pub fn input_length() -> u64;
    /// Reads one byte of the input; `offset` is relative to the start of the input.
    pub fn input_load_u8(offset: u64) -> u32;
    /// Reads eight bytes of the input; `offset` is relative to the start of the input.
    pub fn input_load_u64(offset: u64) -> u64;
    /// Sets the call's output to `length` bytes of the block at `offset` (the host takes the block).
    pub fn output_set(offset: u64, length: u64);
    /// Sets the call's error message to the UTF-8 text of the block (the host takes the block).
    pub fn error_set(offset: u64);
    /// Looks up a config value by the key in the block; returns a value block or 0 when absent.
    pub fn config_get(key: u64) -> u64;
    /// Looks up a variable by the key in the block; returns a value block or 0 when absent.
    pub fn var_get(key: u64) -> u64;
    /// Sets a variable (key block, value block); value 0 removes the variable.
    pub fn var_set(key: u64, value: u64);
    /// Logs the UTF-8 text of the block at level trace.
    pub fn log_trace(message: u64);
    /// Logs the UTF-8 text of the block at level debug.
    pub fn log_debug(message: u64);
    /// Logs the UTF-8 text of the block at level info.
    pub fn log_info(message: u64);
    /// Logs the UTF-8 text of the block at level warn.
    pub fn log_warn(message: u64);
    /// Logs the UTF-8 text of the block at level error.
    pub fn log_error(message: u64);
    /// The host's log level: 0 trace, 1 debug, 2 info, 3 warn, 4 error, larger = off.
    pub fn get_log_level() -> i32;
    /// Performs an HTTP request (JSON request block, body block or 0); returns a response body block or 0.
    pub fn http_request(request: u64, body: u64) -> u64;
    /// Status code of the last HTTP request.
    pub fn http_status_code() -> i32;
    /// Headers of the last HTTP response as a JSON object block, or 0.
    pub fn http_headers() -> u64;
}

#[cfg(not(target_arch = "wasm32"))]
pub use crate::testing::abi::*;
