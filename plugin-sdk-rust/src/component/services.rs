//! The host services of `wit/plinth.wit` beyond the logger, each its own import (and grant): a
//! plugin that calls one must be wrapped with a world that includes it (`plugin-with-kv`,
//! `plugin-with-http`, `plugin-with-data-dir`, `plugin-with-events` or `full-plugin`). Only the
//! services a plugin calls end up imported by its component.
//!
//! Arguments are passed as pointers into the plugin's memory (the host copies them); results come
//! back through a return area the host writes, strings and lists in blocks it allocates with
//! `cabi_realloc`, which the returned `String`s and `Vec`s own from then on. Off wasm (cargo test)
//! the imports do not exist: a test binary that calls one does not link.

use super::abi::Abi;

/// A return area on the stack, aligned for any result of these interfaces.
#[repr(C, align(8))]
struct ReturnArea([u8; 48]);

/// Calls `f` with a return area's address and lifts a `T` from it.
fn with_return_area<T: Abi>(f: impl FnOnce(i32)) -> T {
    let mut area = ReturnArea([0; 48]);
    debug_assert!(T::SIZE <= 48 && T::ALIGN <= 8);
    let ptr = area.0.as_mut_ptr() as usize;
    f(ptr as i32);
    unsafe { T::load(ptr) }
}

fn parts(s: &[u8]) -> (i32, i32) {
    (s.as_ptr() as i32, s.len() as i32)
}

/// `plinth:plugin/kv-store`: a key-value store private to the plugin.
pub mod kv_store {
    use super::*;

    #[link(wasm_import_module = "plinth:plugin/kv-store@0.1.0")]
    extern "C" {
        #[link_name = "get"]
        fn host_get(key: i32, key_len: i32, ret: i32);
        #[link_name = "set"]
        fn host_set(key: i32, key_len: i32, value: i32, value_len: i32, ret: i32);
        #[link_name = "delete"]
        fn host_delete(key: i32, key_len: i32) -> i32;
        #[link_name = "list-keys"]
        fn host_list_keys(prefix: i32, prefix_len: i32, ret: i32);
    }

    /// The value stored under `key`, if any.
    pub fn get(key: &str) -> Option<Vec<u8>> {
        let (k, kl) = parts(key.as_bytes());
        with_return_area(|ret| unsafe { host_get(k, kl, ret) })
    }

    /// Stores `value` under `key`; fails when the host's limits refuse it.
    pub fn set(key: &str, value: &[u8]) -> Result<(), String> {
        let (k, kl) = parts(key.as_bytes());
        let (v, vl) = parts(value);
        with_return_area(|ret| unsafe { host_set(k, kl, v, vl, ret) })
    }

    /// Deletes `key`; true when it was there.
    pub fn delete(key: &str) -> bool {
        let (k, kl) = parts(key.as_bytes());
        unsafe { host_delete(k, kl) != 0 }
    }

    /// The keys that start with `prefix`, in order.
    pub fn list_keys(prefix: &str) -> Vec<String> {
        let (p, pl) = parts(prefix.as_bytes());
        with_return_area(|ret| unsafe { host_list_keys(p, pl, ret) })
    }
}

/// `plinth:plugin/events`: events to the application.
pub mod events {
    use super::*;

    #[link(wasm_import_module = "plinth:plugin/events@0.1.0")]
    extern "C" {
        #[link_name = "emit"]
        fn host_emit(topic: i32, topic_len: i32, payload: i32, payload_len: i32, ret: i32);
    }

    /// Emits an event on `topic`; fails when the host refuses it.
    pub fn emit(topic: &str, payload: &str) -> Result<(), String> {
        let (t, tl) = parts(topic.as_bytes());
        let (p, pl) = parts(payload.as_bytes());
        with_return_area(|ret| unsafe { host_emit(t, tl, p, pl, ret) })
    }
}

/// `plinth:plugin/data-dir`: files in the plugin's data directory, paths relative to it.
pub mod data_dir {
    use super::*;

    // `delete` is also kv-store's, with another signature: a different import module, so no clash.
    #[allow(clashing_extern_declarations)]
    #[link(wasm_import_module = "plinth:plugin/data-dir@0.1.0")]
    extern "C" {
        #[link_name = "read"]
        fn host_read(path: i32, path_len: i32, ret: i32);
        #[link_name = "write"]
        fn host_write(path: i32, path_len: i32, data: i32, data_len: i32, ret: i32);
        #[link_name = "delete"]
        fn host_delete(path: i32, path_len: i32, ret: i32);
        #[link_name = "list-dir"]
        fn host_list_dir(path: i32, path_len: i32, ret: i32);
    }

    /// The contents of a file.
    pub fn read(path: &str) -> Result<Vec<u8>, String> {
        let (p, pl) = parts(path.as_bytes());
        with_return_area(|ret| unsafe { host_read(p, pl, ret) })
    }

    /// Writes a file (replacing it).
    pub fn write(path: &str, contents: &[u8]) -> Result<(), String> {
        let (p, pl) = parts(path.as_bytes());
        let (c, cl) = parts(contents);
        with_return_area(|ret| unsafe { host_write(p, pl, c, cl, ret) })
    }

    /// Deletes a file.
    pub fn delete(path: &str) -> Result<(), String> {
        let (p, pl) = parts(path.as_bytes());
        with_return_area(|ret| unsafe { host_delete(p, pl, ret) })
    }

    /// The names in a directory ("" is the data directory itself).
    pub fn list_dir(path: &str) -> Result<Vec<String>, String> {
        let (p, pl) = parts(path.as_bytes());
        with_return_area(|ret| unsafe { host_list_dir(p, pl, ret) })
    }
}

/// `plinth:plugin/http-client`: outgoing HTTP under the plugin's network grants.
pub mod http_client {
    use super::*;
    pub use super::super::plinth::{HttpRequest, HttpResponse};

    #[link(wasm_import_module = "plinth:plugin/http-client@0.1.0")]
    extern "C" {
        #[link_name = "send"]
        fn host_send(
            method: i32, method_len: i32, url: i32, url_len: i32, headers: i32, headers_len: i32,
            body_case: i32, body: i32, body_len: i32, ret: i32,
        );
    }

    /// Sends a request; an error is a refused destination, a timeout or a transport failure.
    pub fn send(request: &HttpRequest) -> Result<HttpResponse, String> {
        // The headers as the canonical ABI lays out a list<tuple<string, string>>: four i32 per pair,
        // pointing into the request's own strings (alive for the whole call).
        let mut headers: Vec<[u32; 4]> = Vec::with_capacity(request.headers.len());
        for (name, value) in &request.headers {
            headers.push([name.as_ptr() as u32, name.len() as u32, value.as_ptr() as u32, value.len() as u32]);
        }
        let (m, ml) = parts(request.method.as_bytes());
        let (u, ul) = parts(request.url.as_bytes());
        let (body_case, b, bl) = match &request.body {
            None => (0, 0, 0),
            Some(body) => {
                let (b, bl) = parts(body);
                (1, b, bl)
            }
        };
        with_return_area(|ret| unsafe {
            host_send(m, ml, u, ul, headers.as_ptr() as i32, headers.len() as i32, body_case, b, bl, ret)
        })
    }
}

