//! Events (`plinth:host/events`, cargo feature `host-services`): a plugin
//! emits `(type, payload)` to the application; the application receives it
//! as a Java listener call or a Spring application event. Types are granted
//! by the operator; each call may emit a bounded number of events of bounded
//! size. To receive events the host publishes, export `plinth_on_event`
//! (input: JSON `{"type": "...", "payload": "..."}`) and subscribe in
//! `plugin.toml`.
//!
//! ```
//! use plinth_sdk::events;
//!
//! events::emit("order.created", r#"{"id":7}"#).unwrap();
//! # assert_eq!(plinth_sdk::testing::events(), vec![("order.created".to_string(), r#"{"id":7}"#.to_string())]);
//! ```

use crate::host_services as raw;
use crate::{memory, Memory};
use std::fmt;

/// Why an emit failed: the host's code and message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EmitError {
    /// -1 malformed type or payload, -2 payload too large, -3 too many emits in
    /// this call, -4 type not granted, -5 queue full; 0 when the guest side failed.
    pub code: i64,
    /// What the host said.
    pub message: String,
}

impl fmt::Display for EmitError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} (code {})", self.message, self.code)
    }
}

impl std::error::Error for EmitError {}


fn block(bytes: &[u8]) -> Result<u64, EmitError> {
    if bytes.is_empty() {
        return Ok(0);
    }
    Memory::from_bytes(bytes).map(|m| m.offset()).map_err(|e| EmitError { code: 0, message: e.to_string() })
}

/// Emits an event of type `kind` (such as `order.created`) with a UTF-8 payload.
pub fn emit(kind: &str, payload: &str) -> Result<(), EmitError> {
    let payload = block(payload.as_bytes())?;
    let kind = match block(kind.as_bytes()) {
        Ok(k) => k,
        Err(e) => {
            if payload != 0 {
                unsafe { crate::abi::free(payload) };
            }
            return Err(e);
        }
    };
    let result = unsafe { raw::events_emit(kind, payload) };
    if result >= 0 {
        return Ok(());
    }
    let message = memory::take_returned(unsafe { raw::events_error() })
        .map(|m| String::from_utf8_lossy(&m).into_owned())
        .unwrap_or_else(|| "plinth:host/events emit failed".to_string());
    Err(EmitError { code: result, message })
}
