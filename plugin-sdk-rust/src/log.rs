//! Logging through the host.
//!
//! Messages go to the host's log (in Plinth: the application's logger, tagged
//! with the plugin). A message is only formatted and handed over when the
//! host's level lets it through ([`enabled`]), so disabled `debug!` calls
//! cost one host call.
//!
//! ```
//! use plinth_sdk::log;
//!
//! log::info!("processing {} records", 3);
//! log::warn!("slow path");
//! if log::enabled(log::Level::Debug) {
//!     log::write(log::Level::Debug, "expensive detail");
//! }
//! ```
//!
//! The macros are also available at the crate root (`plinth_sdk::info!`).

use crate::{abi, Memory};

pub use crate::{debug, error, info, trace, warn};

/// A log level, from most to least verbose.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Level {
    /// Very detailed tracing (0 in the ABI).
    Trace = 0,
    /// Debugging detail (1).
    Debug = 1,
    /// Normal operation (2).
    Info = 2,
    /// Something unexpected (3).
    Warn = 3,
    /// A failure (4).
    Error = 4,
}

impl Level {
    /// The level for an ABI number (0 trace .. 4 error); `None` for anything
    /// else, which Extism uses for "off".
    pub fn from_i32(level: i32) -> Option<Level> {
        match level {
            0 => Some(Level::Trace),
            1 => Some(Level::Debug),
            2 => Some(Level::Info),
            3 => Some(Level::Warn),
            4 => Some(Level::Error),
            _ => None,
        }
    }

    /// Lower-case name: `trace`, `debug`, `info`, `warn` or `error`.
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Trace => "trace",
            Level::Debug => "debug",
            Level::Info => "info",
            Level::Warn => "warn",
            Level::Error => "error",
        }
    }
}

/// The most verbose level that the host lets through, or `None` when logging
/// is off.
pub fn level() -> Option<Level> {
    let level = unsafe { abi::get_log_level() };
    if level < 0 {
        // Not an Extism value; treat it as "everything" rather than "nothing".
        return Some(Level::Trace);
    }
    Level::from_i32(level)
}

/// Whether a message at `level` would be logged.
pub fn enabled(level: Level) -> bool {
    match self::level() {
        Some(current) => level >= current,
        None => false,
    }
}

/// Logs `message` at `level` if that level is enabled. Empty messages are
/// skipped (the ABI cannot pass an empty block).
pub fn write(level: Level, message: &str) {
    if enabled(level) {
        write_unfiltered(level, message);
    }
}

/// Hands `message` to the host's `log_*` function for `level` without asking
/// for the host's level first (the host filters again anyway).
pub fn write_unfiltered(level: Level, message: &str) {
    let block = match Memory::from_bytes(message.as_bytes()) {
        Ok(block) if !block.is_empty() => block,
        _ => return,
    };
    // The host takes ownership of the block.
    unsafe {
        match level {
            Level::Trace => abi::log_trace(block.offset()),
            Level::Debug => abi::log_debug(block.offset()),
            Level::Info => abi::log_info(block.offset()),
            Level::Warn => abi::log_warn(block.offset()),
            Level::Error => abi::log_error(block.offset()),
        }
    }
}

/// Logs a formatted message at a [`Level`] if it is enabled.
///
/// ```
/// plinth_sdk::log!(plinth_sdk::log::Level::Info, "x = {}", 1);
/// ```
#[macro_export]
macro_rules! log {
    ($level:expr, $($arg:tt)+) => {{
        let level: $crate::log::Level = $level;
        if $crate::log::enabled(level) {
            $crate::log::write_unfiltered(level, &::std::format!($($arg)+));
        }
    }};
}

/// Logs a formatted message at level trace.
#[macro_export]
macro_rules! trace {
    ($($arg:tt)+) => { $crate::log!($crate::log::Level::Trace, $($arg)+) };
}

/// Logs a formatted message at level debug.
#[macro_export]
macro_rules! debug {
    ($($arg:tt)+) => { $crate::log!($crate::log::Level::Debug, $($arg)+) };
}

/// Logs a formatted message at level info.
#[macro_export]
macro_rules! info {
    ($($arg:tt)+) => { $crate::log!($crate::log::Level::Info, $($arg)+) };
}

/// Logs a formatted message at level warn.
#[macro_export]
macro_rules! warn {
    ($($arg:tt)+) => { $crate::log!($crate::log::Level::Warn, $($arg)+) };
}

/// Logs a formatted message at level error.
#[macro_export]
macro_rules! error {
    ($($arg:tt)+) => { $crate::log!($crate::log::Level::Error, $($arg)+) };
}
