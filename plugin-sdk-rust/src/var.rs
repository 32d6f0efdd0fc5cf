//! Variables: small byte values that the host keeps for the plugin between calls.
//!
//! Extism keeps variables per plugin (Plinth: shared by all instances of a
//! plugin version), unlike globals in the plugin's own memory, which live
//! as long as one instance. Hosts limit their total size (Extism: 1 MiB by
//! default).
//!
//! An empty value cannot be stored: the ABI passes an empty value as offset 0,
//! which means "remove". [`set`] with an empty value therefore removes the
//! variable.
//!
//! ```
//! use plinth_sdk::var;
//!
//! let seen = var::get_u64("seen").unwrap_or(0);
//! var::set_u64("seen", seen + 1).unwrap();
//! assert_eq!(var::get_u64("seen"), Some(seen + 1));
//!
//! var::set("greeting", "hello").unwrap();
//! assert_eq!(var::get_str("greeting").as_deref(), Some("hello"));
//! var::remove("greeting").unwrap();
//! assert_eq!(var::get("greeting"), None);
//! ```

use crate::{abi, memory, Error, Memory};

/// The bytes of variable `key`, or `None` when it is not set.
pub fn get(key: &str) -> Option<Vec<u8>> {
    if key.is_empty() {
        return None;
    }
    // The host takes ownership of the key block.
    let key = Memory::from_bytes(key.as_bytes()).ok()?;
    let value = unsafe { abi::var_get(key.offset()) };
    memory::take_returned(value)
}

/// Variable `key` as text (converted lossily if it is not UTF-8), or `None`.
pub fn get_str(key: &str) -> Option<String> {
    get(key).map(|bytes| match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(e) => String::from_utf8_lossy(e.as_bytes()).into_owned(),
    })
}

/// Variable `key` parsed as a decimal `u64` (as [`set_u64`] writes it), or
/// `None` when it is not set or not such a number.
pub fn get_u64(key: &str) -> Option<u64> {
    get_str(key)?.trim().parse().ok()
}

/// Sets variable `key` to `value` (bytes or text). An empty value removes the
/// variable. Fails if `key` is empty or host memory cannot be allocated; a
/// host whose variable store is full fails the call.
pub fn set(key: &str, value: impl AsRef<[u8]>) -> Result<(), Error> {
    if key.is_empty() {
        return Err(Error::new("variable key must not be empty"));
    }
    let value = Memory::from_bytes(value.as_ref())?;
    let key = match Memory::from_bytes(key.as_bytes()) {
        Ok(key) => key,
        Err(e) => {
            value.free();
            return Err(e);
        }
    };
    // The host takes ownership of both blocks.
    unsafe { abi::var_set(key.offset(), value.offset()) };
    Ok(())
}

/// Sets variable `key` to `value` as decimal text.
pub fn set_u64(key: &str, value: u64) -> Result<(), Error> {
    set(key, value.to_string())
}

/// Removes variable `key`.
pub fn remove(key: &str) -> Result<(), Error> {
    if key.is_empty() {
        return Err(Error::new("variable key must not be empty"));
    }
    let key = Memory::from_bytes(key.as_bytes())?;
    unsafe { abi::var_set(key.offset(), 0) };
    Ok(())
}
