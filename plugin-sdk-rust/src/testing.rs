//! An in-memory Extism host for native unit tests (`cargo test`).
//!
//! On targets other than wasm the SDK's host calls ([`abi`](crate::abi)) are
//! served by a fake host kept per thread, so plugin code can be tested
//! without a wasm engine: set config, variables, host functions and an HTTP
//! handler here, run an export with [`call`], and look at the output, the
//! error, the variables and the logs. The fake follows Extism's rules
//! (ownership of blocks, offset 0 for "nothing", host-side log filtering) and
//! panics when the guest reads or writes outside a block, so it also catches
//! SDK misuse.
//!
//! Each test runs on its own thread and therefore starts with a fresh host.
//!
//! ```
//! use plinth_sdk::{testing, Error};
//!
//! plinth_sdk::plugin_fn! {
//!     fn greet(name: String) -> Result<String, Error> {
//!         let greeting = plinth_sdk::config::get("greeting").unwrap_or_else(|| "hello".into());
//!         if name.is_empty() {
//!             plinth_sdk::bail!("no name given");
//!         }
//!         Ok(format!("{}, {}", greeting, name))
//!     }
//! }
//!
//! testing::set_config("greeting", "hi");
//! assert_eq!(testing::call(greet, "Ada").unwrap(), b"hi, Ada");
//! let err = testing::call(greet, "").unwrap_err();
//! assert_eq!((err.code, err.message.as_deref()), (1, Some("no name given")));
//! assert_eq!(testing::live_blocks(), 0); // nothing leaked
//! ```

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::fmt;
use std::rc::Rc;

use crate::codec::Export;
use crate::log::Level;
use crate::Json;

type HostFn = Rc<dyn Fn(&[Vec<u8>]) -> Option<Vec<u8>>>;
type HttpHandler = Rc<dyn Fn(&Json, Option<&[u8]>) -> (u16, Vec<u8>, Vec<(String, String)>)>;

struct State {
    blocks: BTreeMap<u64, Vec<u8>>,
    next: u64,
    input: Vec<u8>,
    output: Option<(u64, u64)>,
    error: u64,
    config: BTreeMap<String, String>,
    vars: BTreeMap<String, Vec<u8>>,
    logs: Vec<(Level, String)>,
    log_level: i32,
    host_fns: BTreeMap<String, HostFn>,
    http: Option<HttpHandler>,
    http_status: i32,
    http_headers: Option<Vec<(String, String)>>,
    env: Vec<(String, String)>,
    kv: BTreeMap<String, Vec<u8>>,
    events: Vec<(String, String)>,
}

impl State {
    fn new() -> State {
        State {
            blocks: BTreeMap::new(),
            next: 64,
            input: Vec::new(),
            output: None,
            error: 0,
            config: BTreeMap::new(),
            vars: BTreeMap::new(),
            logs: Vec::new(),
            log_level: 0,
            host_fns: BTreeMap::new(),
            http: None,
            http_status: 0,
            http_headers: None,
            env: Vec::new(),
            kv: BTreeMap::new(),
            events: Vec::new(),
        }
    }

    fn alloc(&mut self, data: Vec<u8>) -> u64 {
        if data.is_empty() {
            return 0;
        }
        let offset = self.next;
        // Leave a gap so that reading past a block's end is caught.
        self.next += (data.len() as u64 + 7) / 8 * 8 + 8;
        self.blocks.insert(offset, data);
        offset
    }

    /// The block containing `offset..offset + len`, and the position in it.
    fn locate(&mut self, offset: u64, len: u64, what: &str) -> (&mut Vec<u8>, usize) {
        if let Some((&start, data)) = self.blocks.range_mut(..=offset).next_back() {
            if offset + len <= start + data.len() as u64 {
                return (data, (offset - start) as usize);
            }
        }
        panic!(
            "guest {} of {} bytes at offset {} is outside every live block",
            what, len, offset
        );
    }

    fn read_block(&self, offset: u64, what: &str) -> Vec<u8> {
        match self.blocks.get(&offset) {
            Some(data) => data.clone(),
            None => panic!("{} offset {} is not a live block", what, offset),
        }
    }

    fn take_block(&mut self, offset: u64, what: &str) -> Vec<u8> {
        match self.blocks.remove(&offset) {
            Some(data) => data,
            None => panic!("{} offset {} is not a live block", what, offset),
        }
    }
}

thread_local! {
    static HOST: RefCell<State> = RefCell::new(State::new());
}

fn with<R>(f: impl FnOnce(&mut State) -> R) -> R {
    HOST.with(|host| f(&mut host.borrow_mut()))
}

/// Forgets all config, variables, logs, host functions, the HTTP handler and
/// memory blocks of this thread's host.
pub fn reset() {
    with(|s| *s = State::new());
}

/// Sets a config value.
pub fn set_config(key: &str, value: &str) {
    with(|s| s.config.insert(key.to_string(), value.to_string()));
}

/// Sets an environment variable as [`env`](crate::env) sees it (granted by the
/// operator, in Plinth), after those set before; setting it again replaces it.
pub fn set_env(name: &str, value: &str) {
    with(|s| match s.env.iter_mut().find(|(n, _)| n == name) {
        Some(entry) => entry.1 = value.to_string(),
        None => s.env.push((name.to_string(), value.to_string())),
    });
}

/// The environment as WASI's `environ_get` would give it: `NAME=value` entries.
pub(crate) fn env_entries() -> Vec<Vec<u8>> {
    with(|s| s.env.iter().map(|(n, v)| format!("{}={}", n, v).into_bytes()).collect())
}

/// Removes a config value.
pub fn remove_config(key: &str) {
    with(|s| s.config.remove(key));
}

/// Sets a variable as the host would see it.
pub fn set_var(key: &str, value: impl AsRef<[u8]>) {
    with(|s| s.vars.insert(key.to_string(), value.as_ref().to_vec()));
}

/// The current value of a variable.
pub fn var(key: &str) -> Option<Vec<u8>> {
    with(|s| s.vars.get(key).cloned())
}

/// Sets the host's log level; `None` turns logging off. The default is
/// `Some(Level::Trace)` (everything).
pub fn set_log_level(level: Option<Level>) {
    with(|s| s.log_level = level.map_or(i32::MAX, |l| l as i32));
}

/// The messages logged so far (that the level let through), oldest first.
pub fn logs() -> Vec<(Level, String)> {
    with(|s| s.logs.clone())
}

/// Registers an application host function (import module
/// `extism:host/user`) under its import name. It receives the argument blocks
/// (empty for offset 0) and returns the result block, or `None` for offset 0.
///
/// ```
/// plinth_sdk::host_fn! {
///     #[link_name = "to-upper"]
///     fn to_upper(text: &str) -> String;
/// }
/// plinth_sdk::testing::register_host_fn("to-upper", |args| Some(args[0].to_ascii_uppercase()));
/// assert_eq!(to_upper("abc").unwrap(), "ABC");
/// ```
pub fn register_host_fn(name: &str, f: impl Fn(&[Vec<u8>]) -> Option<Vec<u8>> + 'static) {
    with(|s| s.host_fns.insert(name.to_string(), Rc::new(f)));
}

/// Sets the handler for `http_request`: it gets the request JSON
/// (`{"url","method","headers"}`) and the body, and returns the status, the
/// body and the headers.
pub fn set_http_handler(
    f: impl Fn(&Json, Option<&[u8]>) -> (u16, Vec<u8>, Vec<(String, String)>) + 'static,
) {
    with(|s| s.http = Some(Rc::new(f)));
}

/// The number of host memory blocks currently allocated; after [`call`]
/// returns, anything left is a leak.
pub fn live_blocks() -> usize {
    with(|s| s.blocks.len())
}

/// How a call ended, in full. See [`call_outcome`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Outcome {
    /// The export's return value (0 is success).
    pub code: i32,
    /// The output, if the export set one.
    pub output: Option<Vec<u8>>,
    /// The error message, if the export set one.
    pub error: Option<String>,
}

/// A failed call: the non-zero code and the message, if any was set.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CallError {
    /// The export's return value.
    pub code: i32,
    /// The error message set with `error_set`, if any.
    pub message: Option<String>,
}

impl fmt::Display for CallError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.message {
            Some(m) => write!(f, "plugin error (code {}): {}", self.code, m),
            None => write!(f, "plugin error (code {})", self.code),
        }
    }
}

impl std::error::Error for CallError {}

/// Runs an export function (one defined with [`plugin_fn!`](crate::plugin_fn))
/// as the host would: with `input` as the call's input. Returns the output
/// (empty if none was set) or the error.
pub fn call<A, F: Export<A>>(f: F, input: impl AsRef<[u8]>) -> Result<Vec<u8>, CallError> {
    let outcome = call_outcome(f, input);
    if outcome.code == 0 {
        Ok(outcome.output.unwrap_or_default())
    } else {
        Err(CallError {
            code: outcome.code,
            message: outcome.error,
        })
    }
}

/// Like [`call`], but reports the code, the output and the error separately
/// (for example to tell "no output" from "empty output").
pub fn call_outcome<A, F: Export<A>>(f: F, input: impl AsRef<[u8]>) -> Outcome {
    with(|s| {
        s.input = input.as_ref().to_vec();
        s.output = None;
        s.error = 0;
    });
    let code = f.run();
    with(|s| {
        s.input.clear();
        let output = s.output.take().map(|(offset, len)| {
            if offset == 0 {
                Vec::new()
            } else {
                let data = s.take_block(offset, "output");
                data[..len as usize].to_vec()
            }
        });
        let error = match std::mem::replace(&mut s.error, 0) {
            0 => None,
            offset => Some(String::from_utf8_lossy(&s.take_block(offset, "error")).into_owned()),
        };
        Outcome {
            code,
            output,
            error,
        }
    })
}

#[doc(hidden)]
pub fn __host_call(name: &str, args: &[u64]) -> u64 {
    let (f, args) = with(|s| {
        let f = s.host_fns.get(name).cloned().unwrap_or_else(|| {
            panic!(
                "host function `{}` is not registered (plinth_sdk::testing::register_host_fn)",
                name
            )
        });
        let args: Vec<Vec<u8>> = args
            .iter()
            .map(|&a| if a == 0 { Vec::new() } else { s.read_block(a, "host function argument") })
            .collect();
        (f, args)
    });
    let result = f(&args);
    with(|s| result.map_or(0, |data| s.alloc(data)))
}

/// The events the plugin emitted on this thread's host, `(type, payload)`, oldest first.
pub fn events() -> Vec<(String, String)> {
    with(|s| s.events.clone())
}

/// What the plugin keeps in this thread's host's key-value store.
pub fn kv_entries() -> Vec<(String, Vec<u8>)> {
    with(|s| s.kv.iter().map(|(k, v)| (k.clone(), v.clone())).collect())
}

/// The fake `plinth:host/kv` and `plinth:host/events` functions: no quotas.
#[doc(hidden)]
#[allow(clippy::missing_safety_doc)]
pub mod host_services {
    use super::*;

    fn text(s: &mut State, offset: u64, what: &str) -> String {
        if offset == 0 {
            return String::new();
        }
        String::from_utf8_lossy(&s.take_block(offset, what)).into_owned()
    }

    pub unsafe fn kv_get(key: u64) -> i64 {
        with(|s| {
            let key = text(s, key, "kv get key");
            match s.kv.get(&key).cloned() {
                Some(value) => s.alloc(value) as i64,
                None => 0,
            }
        })
    }
    pub unsafe fn kv_set(key: u64, value: u64) -> i64 {
        with(|s| {
            let key = text(s, key, "kv set key");
            if value == 0 {
                s.kv.remove(&key);
            } else {
                let value = s.take_block(value, "kv set value");
                s.kv.insert(key, value);
            }
            0
        })
    }
    pub unsafe fn kv_delete(key: u64) -> i64 {
        with(|s| {
            let key = text(s, key, "kv delete key");
            s.kv.remove(&key).map_or(0, |_| 1)
        })
    }
    pub unsafe fn kv_list(prefix: u64) -> i64 {
        with(|s| {
            let prefix = text(s, prefix, "kv list prefix");
            let keys: Vec<Json> = s.kv.keys().filter(|k| k.starts_with(&prefix)).map(|k| Json::from(k.as_str())).collect();
            if keys.is_empty() {
                return 0;
            }
            s.alloc(Json::Array(keys).to_string().into_bytes()) as i64
        })
    }
    pub unsafe fn kv_error() -> u64 {
        0
    }
    pub unsafe fn events_emit(kind: u64, payload: u64) -> i64 {
        with(|s| {
            let kind = text(s, kind, "emit type");
            let payload = text(s, payload, "emit payload");
            s.events.push((kind, payload));
            0
        })
    }
    pub unsafe fn events_error() -> u64 {
        0
    }
}

/// The fake `extism:host/env` functions (re-exported as [`crate::abi`] on
/// non-wasm targets).
#[doc(hidden)]
#[allow(clippy::missing_safety_doc)]
pub mod abi {
    use super::*;

    pub unsafe fn alloc(length: u64) -> u64 {
        with(|s| s.alloc(vec![0; length as usize]))
    }
    pub unsafe fn free(offset: u64) {
        with(|s| s.blocks.remove(&offset));
    }
    pub unsafe fn length(offset: u64) -> u64 {
        with(|s| s.blocks.get(&offset).map_or(0, |d| d.len() as u64))
    }
    pub unsafe fn length_unsafe(offset: u64) -> u64 {
        length(offset)
    }
    pub unsafe fn load_u8(offset: u64) -> u32 {
        with(|s| {
            let (data, at) = s.locate(offset, 1, "load_u8");
            data[at] as u32
        })
    }
    pub unsafe fn load_u64(offset: u64) -> u64 {
        with(|s| {
            let (data, at) = s.locate(offset, 8, "load_u64");
            let mut word = [0u8; 8];
            word.copy_from_slice(&data[at..at + 8]);
            u64::from_le_bytes(word)
        })
    }
    pub unsafe fn store_u8(offset: u64, value: u32) {
        with(|s| {
            let (data, at) = s.locate(offset, 1, "store_u8");
            data[at] = value as u8;
        })
    }
    pub unsafe fn store_u64(offset: u64, value: u64) {
        with(|s| {
            let (data, at) = s.locate(offset, 8, "store_u64");
            data[at..at + 8].copy_from_slice(&value.to_le_bytes());
        })
    }
    pub unsafe fn input_length() -> u64 {
        with(|s| s.input.len() as u64)
    }
    pub unsafe fn input_load_u8(offset: u64) -> u32 {
        with(|s| match s.input.get(offset as usize) {
            Some(&b) => b as u32,
            None => panic!("input_load_u8 at {} past the input's {} bytes", offset, s.input.len()),
        })
    }
    pub unsafe fn input_load_u64(offset: u64) -> u64 {
        with(|s| {
            let at = offset as usize;
            match s.input.get(at..at + 8) {
                Some(bytes) => {
                    let mut word = [0u8; 8];
                    word.copy_from_slice(bytes);
                    u64::from_le_bytes(word)
                }
                None => panic!("input_load_u64 at {} past the input's {} bytes", offset, s.input.len()),
            }
        })
    }
    pub unsafe fn output_set(offset: u64, length: u64) {
        with(|s| {
            if offset != 0 {
                s.locate(offset, length, "output_set");
            }
            // A replaced output block is released, as a host would.
            if let Some((old, _)) = s.output.replace((offset, length)) {
                if old != offset {
                    s.blocks.remove(&old);
                }
            }
        })
    }
    pub unsafe fn error_set(offset: u64) {
        with(|s| {
            if offset != 0 {
                s.read_block(offset, "error_set");
            }
            let old = std::mem::replace(&mut s.error, offset);
            if old != 0 && old != offset {
                s.blocks.remove(&old);
            }
        })
    }
    pub unsafe fn config_get(key: u64) -> u64 {
        with(|s| {
            let key = s.take_block(key, "config_get key");
            let key = String::from_utf8_lossy(&key).into_owned();
            match s.config.get(&key).cloned() {
                Some(value) => s.alloc(value.into_bytes()),
                None => 0,
            }
        })
    }
    pub unsafe fn var_get(key: u64) -> u64 {
        with(|s| {
            let key = s.take_block(key, "var_get key");
            let key = String::from_utf8_lossy(&key).into_owned();
            match s.vars.get(&key).cloned() {
                Some(value) => s.alloc(value),
                None => 0,
            }
        })
    }
    pub unsafe fn var_set(key: u64, value: u64) {
        with(|s| {
            let key = s.take_block(key, "var_set key");
            let key = String::from_utf8_lossy(&key).into_owned();
            if value == 0 {
                s.vars.remove(&key);
            } else {
                let value = s.take_block(value, "var_set value");
                s.vars.insert(key, value);
            }
        })
    }
    fn log(level: Level, message: u64) {
        with(|s| {
            let message = s.take_block(message, "log message");
            if level as i32 >= s.log_level {
                s.logs.push((level, String::from_utf8_lossy(&message).into_owned()));
            }
        })
    }
    pub unsafe fn log_trace(message: u64) {
        log(Level::Trace, message)
    }
    pub unsafe fn log_debug(message: u64) {
        log(Level::Debug, message)
    }
    pub unsafe fn log_info(message: u64) {
        log(Level::Info, message)
    }
    pub unsafe fn log_warn(message: u64) {
        log(Level::Warn, message)
    }
    pub unsafe fn log_error(message: u64) {
        log(Level::Error, message)
    }
    pub unsafe fn get_log_level() -> i32 {
        with(|s| s.log_level)
    }
    pub unsafe fn http_request(request: u64, body: u64) -> u64 {
        let (handler, request, body) = with(|s| {
            let request = s.take_block(request, "http_request request");
            let body = if body == 0 { None } else { Some(s.take_block(body, "http_request body")) };
            let handler = s.http.clone().expect(
                "no HTTP handler registered (plinth_sdk::testing::set_http_handler)",
            );
            (handler, request, body)
        });
        let request = Json::from_slice(&request).expect("http_request request must be JSON");
        let (status, response, headers) = handler(&request, body.as_deref());
        with(|s| {
            s.http_status = status as i32;
            s.http_headers = Some(headers);
            s.alloc(response)
        })
    }
    pub unsafe fn http_status_code() -> i32 {
        with(|s| s.http_status)
    }
    pub unsafe fn http_headers() -> u64 {
        with(|s| match s.http_headers.clone() {
            Some(headers) => {
                let json = Json::object(headers);
                s.alloc(json.to_string().into_bytes())
            }
            None => 0,
        })
    }
}
