//! The plugin's key-value store (`plinth:host/kv`, cargo feature
//! `host-services`): persistent entries of its own, kept by the host across
//! calls, reloads and restarts, and shared by replicas when the host keeps
//! them in a database. The operator grants it with quotas on key size, value
//! size, key count and total bytes; a write past one fails with
//! [`KvError`], whose code says which.
//!
//! ```
//! use plinth_sdk::kv;
//!
//! kv::set("user:1", "alice").unwrap();
//! kv::set("user:2", "bob").unwrap();
//! assert_eq!(kv::get("user:1").unwrap().as_deref(), Some(&b"alice"[..]));
//! assert_eq!(kv::list("user:").unwrap(), vec!["user:1", "user:2"]);
//! assert!(kv::delete("user:2").unwrap());
//! assert_eq!(kv::get("user:2").unwrap(), None);
//! ```

use crate::host_services as raw;
use crate::{memory, Json, Memory};
use std::fmt;

/// Why a key-value call failed: the host's code and message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KvError {
    /// The host's code: -1 bad key, -2 value too large, -3 too many keys,
    /// -4 total size exceeded, -5 the store failed; 0 when the guest side failed
    /// (host memory could not be allocated, a reply could not be read).
    pub code: i64,
    /// What the host said.
    pub message: String,
}

impl KvError {
    /// The key is empty, not UTF-8 or longer than `max-key-size`.
    pub const BAD_KEY: i64 = -1;
    /// The value is larger than `max-value-size`.
    pub const VALUE_TOO_LARGE: i64 = -2;
    /// A new key would be more than `max-keys`.
    pub const TOO_MANY_KEYS: i64 = -3;
    /// The write would take more than `max-total-size`.
    pub const TOTAL_TOO_LARGE: i64 = -4;
    /// The store failed.
    pub const STORE_FAILED: i64 = -5;

    fn guest(message: impl Into<String>) -> KvError {
        KvError { code: 0, message: message.into() }
    }
}

impl fmt::Display for KvError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} (code {})", self.message, self.code)
    }
}

impl std::error::Error for KvError {}


fn block(bytes: &[u8]) -> Result<u64, KvError> {
    if bytes.is_empty() {
        return Ok(0);
    }
    Memory::from_bytes(bytes).map(|m| m.offset()).map_err(|e| KvError::guest(e.to_string()))
}

fn check(result: i64) -> Result<i64, KvError> {
    if result >= 0 {
        return Ok(result);
    }
    let message = memory::take_returned(unsafe { raw::kv_error() })
        .map(|m| String::from_utf8_lossy(&m).into_owned())
        .unwrap_or_else(|| "plinth:host/kv failed".to_string());
    Err(KvError { code: result, message })
}

/// The value of `key`, or `None` when it has none.
pub fn get(key: &str) -> Result<Option<Vec<u8>>, KvError> {
    let key = block(key.as_bytes())?;
    let value = check(unsafe { raw::kv_get(key) })?;
    Ok(memory::take_returned(value as u64))
}

/// The value of `key` as text (lossily converted), or `None`.
pub fn get_str(key: &str) -> Result<Option<String>, KvError> {
    Ok(get(key)?.map(|v| String::from_utf8_lossy(&v).into_owned()))
}

/// Stores `value` under `key`; an empty value deletes the key.
pub fn set(key: &str, value: impl AsRef<[u8]>) -> Result<(), KvError> {
    let value = block(value.as_ref())?;
    let key = match block(key.as_bytes()) {
        Ok(key) => key,
        Err(e) => {
            if value != 0 {
                unsafe { crate::abi::free(value) };
            }
            return Err(e);
        }
    };
    check(unsafe { raw::kv_set(key, value) }).map(|_| ())
}

/// Deletes `key`; whether it was there.
pub fn delete(key: &str) -> Result<bool, KvError> {
    let key = block(key.as_bytes())?;
    check(unsafe { raw::kv_delete(key) }).map(|r| r == 1)
}

/// The keys that start with `prefix` (`""`: every key), in ascending order.
pub fn list(prefix: &str) -> Result<Vec<String>, KvError> {
    let prefix = block(prefix.as_bytes())?;
    let keys = check(unsafe { raw::kv_list(prefix) })?;
    let json = match memory::take_returned(keys as u64) {
        Some(json) => json,
        None => return Ok(Vec::new()),
    };
    let json = String::from_utf8_lossy(&json).into_owned();
    let parsed = Json::parse(&json).map_err(|e| KvError::guest(format!("the host's key list: {}", e)))?;
    let items = parsed.as_array().ok_or_else(|| KvError::guest("the host's key list is not an array"))?;
    Ok(items.iter().filter_map(|k| k.as_str().map(str::to_string)).collect())
}
