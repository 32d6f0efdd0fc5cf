//! The types and functions of `wit/plinth.wit`, with their canonical ABI.

use super::abi::{
    self, lift_case, lift_discriminant, load_discriminant, max, payload_offset,
    store_discriminant, variant_size, Abi, Arena, Flat,
};

// The world's records, with their canonical ABI (the SDK's public `component_record!`).
use crate::component_record as record;

macro_rules! enumeration {
    ($(#[$meta:meta])* $name:ident { $($(#[$cmeta:meta])* $case:ident),* $(,)? }) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        #[allow(missing_docs)] // the WIT's case names say it
        pub enum $name {
            $($(#[$cmeta])* $case),*
        }

        impl $name {
            const CASES: &'static [$name] = &[$($name::$case),*];
        }

        unsafe impl Abi for $name {
            const SIZE: usize = abi::discriminant_size(Self::CASES.len());
            const ALIGN: usize = Self::SIZE;
            const FLAT: usize = 1;
            unsafe fn lift_flat(flat: &mut Flat) -> Self {
                Self::CASES[lift_discriminant(flat, Self::CASES.len()) as usize]
            }
            unsafe fn load(ptr: usize) -> Self {
                match Self::CASES.get(load_discriminant(ptr, Self::CASES.len()) as usize) {
                    Some(case) => *case,
                    None => abi::trap(),
                }
            }
            unsafe fn store(&self, ptr: usize, _arena: &mut Arena) {
                store_discriminant(ptr, Self::CASES.len(), *self as u32);
            }
        }
    };
}

record! {
    /// What a plugin says about itself (`lifecycle.metadata`).
    Metadata {
        name: String,
        version: String,
        description: String,
        author: String,
        /// What the plugin can do, as the application names it.
        capabilities: Vec<String>,
    }
}

enumeration! {
    /// How a plugin is doing (`lifecycle.health`).
    Health { Starting, Ready, Degraded, Stopped }
}

record! {
    /// A plugin's status (`lifecycle.status`).
    Status {
        health: Health,
        message: Option<String>,
        /// How many requests it served.
        processed: u64,
    }
}

/// What a request or a response carries (`processing.payload`).
#[derive(Clone, Debug, PartialEq)]
pub enum Payload {
    /// `text(string)`
    Text(String),
    /// `binary(list<u8>)`
    Binary(Vec<u8>),
    /// `number(f64)`
    Number(f64),
    /// `empty`
    Empty,
}

const PAYLOAD_CASE_SIZE: usize = max(max(String::SIZE, <Vec<u8>>::SIZE), f64::SIZE);
const PAYLOAD_CASE_ALIGN: usize = max(max(String::ALIGN, <Vec<u8>>::ALIGN), f64::ALIGN);
const PAYLOAD_SLOTS: usize = max(max(String::FLAT, <Vec<u8>>::FLAT), f64::FLAT);

unsafe impl Abi for Payload {
    const SIZE: usize = variant_size(4, PAYLOAD_CASE_SIZE, PAYLOAD_CASE_ALIGN);
    const ALIGN: usize = max(1, PAYLOAD_CASE_ALIGN);
    const FLAT: usize = 1 + PAYLOAD_SLOTS;
    unsafe fn lift_flat(flat: &mut Flat) -> Self {
        match lift_discriminant(flat, 4) {
            0 => Payload::Text(lift_case(flat, PAYLOAD_SLOTS)),
            1 => Payload::Binary(lift_case(flat, PAYLOAD_SLOTS)),
            2 => Payload::Number(lift_case(flat, PAYLOAD_SLOTS)),
            _ => {
                lift_case::<()>(flat, PAYLOAD_SLOTS);
                Payload::Empty
            }
        }
    }
    unsafe fn load(ptr: usize) -> Self {
        let payload = ptr + payload_offset(4, PAYLOAD_CASE_ALIGN);
        match load_discriminant(ptr, 4) {
            0 => Payload::Text(String::load(payload)),
            1 => Payload::Binary(<Vec<u8>>::load(payload)),
            2 => Payload::Number(f64::load(payload)),
            3 => Payload::Empty,
            _ => abi::trap(),
        }
    }
    unsafe fn store(&self, ptr: usize, arena: &mut Arena) {
        let payload = ptr + payload_offset(4, PAYLOAD_CASE_ALIGN);
        match self {
            Payload::Text(s) => {
                store_discriminant(ptr, 4, 0);
                s.store(payload, arena);
            }
            Payload::Binary(b) => {
                store_discriminant(ptr, 4, 1);
                b.store(payload, arena);
            }
            Payload::Number(n) => {
                store_discriminant(ptr, 4, 2);
                n.store(payload, arena);
            }
            Payload::Empty => store_discriminant(ptr, 4, 3),
        }
    }
}

record! {
    /// One request to `process` (`processing.request`).
    Request {
        /// The caller's id, to echo in the response.
        id: String,
        /// What to do, e.g. "upper".
        operation: String,
        payload: Payload,
        /// Free-form key-value pairs.
        attributes: Vec<(String, String)>,
    }
}

record! {
    /// What `process` answers (`processing.response`).
    Response {
        id: String,
        payload: Payload,
        /// Remarks for the caller.
        notes: Vec<String>,
    }
}

/// Why a request failed (`processing.error`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ProcessError {
    /// The request was malformed.
    InvalidInput(String),
    /// The plugin does not know the operation.
    UnsupportedOperation(String),
    /// The plugin failed on a valid request.
    Failed(String),
}

unsafe impl Abi for ProcessError {
    const SIZE: usize = variant_size(3, String::SIZE, String::ALIGN);
    const ALIGN: usize = String::ALIGN;
    const FLAT: usize = 1 + String::FLAT;
    unsafe fn lift_flat(flat: &mut Flat) -> Self {
        let case = lift_discriminant(flat, 3);
        let message = lift_case(flat, String::FLAT);
        match case {
            0 => ProcessError::InvalidInput(message),
            1 => ProcessError::UnsupportedOperation(message),
            _ => ProcessError::Failed(message),
        }
    }
    unsafe fn load(ptr: usize) -> Self {
        let message = || String::load(ptr + payload_offset(3, String::ALIGN));
        match load_discriminant(ptr, 3) {
            0 => ProcessError::InvalidInput(message()),
            1 => ProcessError::UnsupportedOperation(message()),
            2 => ProcessError::Failed(message()),
            _ => abi::trap(),
        }
    }
    unsafe fn store(&self, ptr: usize, arena: &mut Arena) {
        let (case, message) = match self {
            ProcessError::InvalidInput(m) => (0, m),
            ProcessError::UnsupportedOperation(m) => (1, m),
            ProcessError::Failed(m) => (2, m),
        };
        store_discriminant(ptr, 3, case);
        message.store(ptr + payload_offset(3, String::ALIGN), arena);
    }
}

record! {
    /// An outgoing HTTP request (`http-client.http-request`).
    HttpRequest {
        method: String,
        url: String,
        headers: Vec<(String, String)>,
        body: Option<Vec<u8>>,
    }
}

record! {
    /// An HTTP response (`http-client.http-response`).
    HttpResponse {
        status: u16,
        headers: Vec<(String, String)>,
        body: Vec<u8>,
    }
}

enumeration! {
    /// A log record's level (`logger.level`).
    Level { Trace, Debug, Info, Warn, Error }
}

/// A component plugin of the `plinth:plugin/plugin` world: the functions it exports. Each is
/// called by the host on one instance at a time; keep state in `static`s (e.g. a `Mutex`).
pub trait Plugin {
    /// `lifecycle.initialize`: the `[config]` table of the manifest, once before other calls.
    /// An `Err` refuses the plugin with that reason. The default accepts any config.
    fn initialize(config: Vec<(String, String)>) -> Result<(), String> {
        let _ = config;
        Ok(())
    }

    /// `lifecycle.shutdown`: once before the instance is dropped. The default does nothing.
    fn shutdown() {}

    /// `lifecycle.get-metadata`.
    fn get_metadata() -> Metadata;

    /// `lifecycle.get-status`.
    fn get_status() -> Status;

    /// `processing.process`: one request in, one response or a typed error out.
    fn process(input: Request) -> Result<Response, ProcessError>;
}

/// A component plugin that receives the application's events: `export plinth:plugin/event-handler`
/// (worlds `plugin-with-event-handler`, `plugin-with-events-both-ways`,
/// `full-plugin-with-event-handler`). Name the type in
/// [`component_event_handler!`](crate::component_event_handler) beside `component_plugin!`.
pub trait EventHandler {
    /// `event-handler.on-event`: one published event of a type the manifest subscribes to
    /// (`events = { subscribe = [...] }`) and the operator granted, on one instance, under the
    /// limits of a call. An `Err` is logged by the host with its message; nothing else happens.
    fn on_event(event_type: String, payload: String) -> Result<(), String>;
}

/// The host's log (`import plinth:plugin/logger`), always granted.
pub mod logger {
    use super::Level;

    #[cfg(target_arch = "wasm32")]
    #[link(wasm_import_module = "plinth:plugin/logger@0.1.0")]
    extern "C" {
        #[link_name = "log"]
        fn host_log(level: i32, ptr: i32, len: i32);
    }

    /// Logs `message` at `level` into the host's log.
    pub fn log(level: Level, message: &str) {
        #[cfg(target_arch = "wasm32")]
        unsafe {
            host_log(level as i32, message.as_ptr() as i32, message.len() as i32)
        };
        #[cfg(not(target_arch = "wasm32"))]
        {
            eprintln!("[{:?}] {}", level, message);
        }
    }

    /// Logs at `debug`.
    pub fn debug(message: &str) {
        log(Level::Debug, message)
    }

    /// Logs at `info`.
    pub fn info(message: &str) {
        log(Level::Info, message)
    }

    /// Logs at `warn`.
    pub fn warn(message: &str) {
        log(Level::Warn, message)
    }

    /// Logs at `error`.
    pub fn error(message: &str) {
        log(Level::Error, message)
    }
}

/// The export shims [`component_plugin!`](crate::component_plugin) expands to: core signatures
/// in, the plugin's functions called, results lowered into a return area.
#[doc(hidden)]
pub mod exports {
    use super::super::abi::{self, Abi, Flat};
    use super::*;

    /// # Safety
    /// Called by the host with the flat `list<tuple<string, string>>` it lowered.
    pub unsafe fn initialize<P: Plugin>(ptr: i32, len: i32) -> i32 {
        let config = <Vec<(String, String)>>::lift_flat(&mut Flat::new(&[ptr as u32 as u64, len as u32 as u64]));
        abi::lower_result(&P::initialize(config))
    }

    pub fn shutdown<P: Plugin>() {
        P::shutdown()
    }

    pub fn get_metadata<P: Plugin>() -> i32 {
        abi::lower_result(&P::get_metadata())
    }

    pub fn get_status<P: Plugin>() -> i32 {
        abi::lower_result(&P::get_status())
    }

    /// # Safety
    /// Called by the host with the flat `request` it lowered (9 core values).
    #[allow(clippy::too_many_arguments)]
    pub unsafe fn process<P: Plugin>(
        a0: i32, a1: i32, a2: i32, a3: i32, a4: i32, a5: i64, a6: i32, a7: i32, a8: i32,
    ) -> i32 {
        let flat = [
            a0 as u32 as u64, a1 as u32 as u64, a2 as u32 as u64, a3 as u32 as u64, a4 as u32 as u64,
            a5 as u64, a6 as u32 as u64, a7 as u32 as u64, a8 as u32 as u64,
        ];
        let request = Request::lift_flat(&mut Flat::new(&flat));
        abi::lower_result(&P::process(request))
    }

    /// # Safety
    /// Called by the host with the two flat strings it lowered (pointer and length each).
    pub unsafe fn on_event<H: EventHandler>(t: i32, tl: i32, p: i32, pl: i32) -> i32 {
        let flat = [t as u32 as u64, tl as u32 as u64, p as u32 as u64, pl as u32 as u64];
        let (event_type, payload) = <(String, String)>::lift_flat(&mut Flat::new(&flat));
        abi::lower_result(&H::on_event(event_type, payload))
    }

    // The flattening the shims above hard-code, checked when the SDK compiles.
    const _: () = assert!(<(String, String)>::FLAT == 4);
    const _: () = assert!(Request::FLAT == 9);
    const _: () = assert!(Payload::SIZE == 16 && Payload::ALIGN == 8);
}

/// Exports a [`Plugin`] as the `plinth:plugin/plugin` world: `cabi_realloc`, the lifecycle and
/// processing functions under their component names, and a post-return for each.
///
/// ```ignore
/// plinth_sdk::component_plugin!(MyPlugin);
/// ```
#[macro_export]
macro_rules! component_plugin {
    ($plugin:ty) => {
        const _: () = {
            use $crate::component::{abi, exports};

            #[no_mangle]
            unsafe extern "C" fn cabi_realloc(old: *mut u8, old_size: usize, align: usize, new_size: usize) -> *mut u8 {
                abi::realloc(old, old_size, align, new_size)
            }

            #[export_name = "plinth:plugin/lifecycle@0.1.0#initialize"]
            unsafe extern "C" fn __plinth_initialize(ptr: i32, len: i32) -> i32 {
                exports::initialize::<$plugin>(ptr, len)
            }
            #[export_name = "cabi_post_plinth:plugin/lifecycle@0.1.0#initialize"]
            extern "C" fn __plinth_initialize_post(_: i32) {
                abi::post_return()
            }

            #[export_name = "plinth:plugin/lifecycle@0.1.0#shutdown"]
            extern "C" fn __plinth_shutdown() {
                exports::shutdown::<$plugin>()
            }

            #[export_name = "plinth:plugin/lifecycle@0.1.0#get-metadata"]
            extern "C" fn __plinth_get_metadata() -> i32 {
                exports::get_metadata::<$plugin>()
            }
            #[export_name = "cabi_post_plinth:plugin/lifecycle@0.1.0#get-metadata"]
            extern "C" fn __plinth_get_metadata_post(_: i32) {
                abi::post_return()
            }

            #[export_name = "plinth:plugin/lifecycle@0.1.0#get-status"]
            extern "C" fn __plinth_get_status() -> i32 {
                exports::get_status::<$plugin>()
            }
            #[export_name = "cabi_post_plinth:plugin/lifecycle@0.1.0#get-status"]
            extern "C" fn __plinth_get_status_post(_: i32) {
                abi::post_return()
            }

            #[export_name = "plinth:plugin/processing@0.1.0#process"]
            unsafe extern "C" fn __plinth_process(
                a0: i32, a1: i32, a2: i32, a3: i32, a4: i32, a5: i64, a6: i32, a7: i32, a8: i32,
            ) -> i32 {
                exports::process::<$plugin>(a0, a1, a2, a3, a4, a5, a6, a7, a8)
            }
            #[export_name = "cabi_post_plinth:plugin/processing@0.1.0#process"]
            extern "C" fn __plinth_process_post(_: i32) {
                abi::post_return()
            }
        };
    };
}

/// Exports an [`EventHandler`] as `plinth:plugin/event-handler`'s `on-event` (and its
/// post-return), for a component built for a world that exports it; use it beside
/// [`component_plugin!`](crate::component_plugin), which exports `cabi_realloc`.
///
/// ```ignore
/// plinth_sdk::component_plugin!(MyPlugin);
/// plinth_sdk::component_event_handler!(MyPlugin);
/// ```
#[macro_export]
macro_rules! component_event_handler {
    ($handler:ty) => {
        const _: () = {
            use $crate::component::{abi, exports};

            #[export_name = "plinth:plugin/event-handler@0.1.0#on-event"]
            unsafe extern "C" fn __plinth_on_event(t: i32, tl: i32, p: i32, pl: i32) -> i32 {
                exports::on_event::<$handler>(t, tl, p, pl)
            }
            #[export_name = "cabi_post_plinth:plugin/event-handler@0.1.0#on-event"]
            extern "C" fn __plinth_on_event_post(_: i32) {
                abi::post_return()
            }
        };
    };
}
