//! Read-only configuration that the host hands to the plugin.
//!
//! In Plinth the values come from the `[config]` table of `plugin.toml`,
//! overridden by the operator; in other Extism hosts from the manifest's
//! `config`. Values are strings.
//!
//! ```
//! # plinth_sdk::testing::set_config("mode", "upper");
//! let mode = plinth_sdk::config::get("mode").unwrap_or_else(|| "lower".to_string());
//! assert_eq!(mode, "upper");
//! assert_eq!(plinth_sdk::config::get("absent"), None);
//! assert_eq!(
//!     plinth_sdk::config::require("absent").unwrap_err().message(),
//!     "missing config key `absent`"
//! );
//! ```

use crate::{abi, memory, Error, Memory};

/// The value of config key `key`, or `None` when it is not set (an empty key
/// is never set). A value that is not UTF-8 is converted lossily.
pub fn get(key: &str) -> Option<String> {
    get_bytes(key).map(|bytes| match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(e) => String::from_utf8_lossy(e.as_bytes()).into_owned(),
    })
}

/// The raw bytes of config key `key`, or `None` when it is not set.
pub fn get_bytes(key: &str) -> Option<Vec<u8>> {
    if key.is_empty() {
        return None;
    }
    // The host takes ownership of the key block.
    let key = Memory::from_bytes(key.as_bytes()).ok()?;
    let value = unsafe { abi::config_get(key.offset()) };
    memory::take_returned(value)
}

/// The value of config key `key`, or the error `missing config key `key``.
pub fn require(key: &str) -> Result<String, Error> {
    get(key).ok_or_else(|| Error::new(format!("missing config key `{}`", key)))
}
