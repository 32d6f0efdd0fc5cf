//! The environment variables the operator granted the plugin, and nothing
//! else: in Plinth a plugin sees only the variables its `plugin.toml` asks for
//! (`env = ["TZ", "LANG"]` under `[permissions]`) that the operator's policy
//! grants; in other hosts, whatever their WASI environment holds.
//!
//! These read WASI's `environ_get` directly, so they work on
//! `wasm32-unknown-unknown` as well as on `wasm32-wasip1` (where
//! `std::env::var` works too). A plugin that never calls them does not import
//! WASI, so it stays loadable by Extism hosts without WASI.
//!
//! ```
//! # plinth_sdk::testing::set_env("TZ", "UTC");
//! assert_eq!(plinth_sdk::env::var("TZ").as_deref(), Some("UTC"));
//! assert_eq!(plinth_sdk::env::var("HOME"), None);
//! assert_eq!(plinth_sdk::env::vars(), vec![("TZ".to_string(), "UTC".to_string())]);
//! ```

/// The value of variable `name`, or `None` when the plugin does not see it.
/// A value that is not UTF-8 is converted lossily.
pub fn var(name: &str) -> Option<String> {
    vars().into_iter().find(|(n, _)| n == name).map(|(_, v)| v)
}

/// Every variable the plugin sees, as `(name, value)` in the host's order.
pub fn vars() -> Vec<(String, String)> {
    let mut out = Vec::new();
    for entry in raw_entries() {
        let text = String::from_utf8_lossy(&entry).into_owned();
        match text.find('=') {
            Some(at) => out.push((text[..at].to_string(), text[at + 1..].to_string())),
            None => out.push((text, String::new())),
        }
    }
    out
}

#[cfg(target_arch = "wasm32")]
mod wasi {
    #[link(wasm_import_module = "wasi_snapshot_preview1")]
    extern "C" {
        pub fn environ_sizes_get(count: *mut u32, size: *mut u32) -> u32;
        pub fn environ_get(environ: *mut *mut u8, buffer: *mut u8) -> u32;
    }
}

/// The `NAME=value` entries, without their NULs.
#[cfg(target_arch = "wasm32")]
fn raw_entries() -> Vec<Vec<u8>> {
    let mut count: u32 = 0;
    let mut size: u32 = 0;
    if unsafe { wasi::environ_sizes_get(&mut count, &mut size) } != 0 || count == 0 {
        return Vec::new();
    }
    let mut pointers: Vec<*mut u8> = vec![core::ptr::null_mut(); count as usize];
    let mut buffer: Vec<u8> = vec![0; size as usize];
    if unsafe { wasi::environ_get(pointers.as_mut_ptr(), buffer.as_mut_ptr()) } != 0 {
        return Vec::new();
    }
    buffer
        .split(|b| *b == 0)
        .take(count as usize)
        .map(|entry| entry.to_vec())
        .collect()
}

#[cfg(not(target_arch = "wasm32"))]
fn raw_entries() -> Vec<Vec<u8>> {
    crate::testing::env_entries()
}
