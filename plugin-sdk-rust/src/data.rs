//! The plugin's data directory: a writable directory of its own that Plinth
//! mounts at [`DIR`] when `plugin.toml` asks for one (`data-dir = "64MB"` under
//! `[permissions]`) and the operator grants it. What the plugin writes there is
//! kept across its reloads, within a quota on bytes and on files (a write past
//! it fails with `EDQUOT`). Reach it with `std::fs` from a `wasm32-wasip1`
//! plugin.
//!
//! ```
//! assert_eq!(plinth_sdk::data::DIR, "/data");
//! assert_eq!(plinth_sdk::data::path("cache/index.json"), "/data/cache/index.json");
//! ```

/// Where the plugin sees its data directory.
pub const DIR: &str = "/data";

/// The path of `relative` inside the data directory.
pub fn path(relative: &str) -> String {
    format!("{}/{}", DIR, relative.trim_start_matches('/'))
}
