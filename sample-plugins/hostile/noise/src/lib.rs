//! `noise`: a hostile plugin built for `wasm32-wasi` that makes the host do as
//! much logging, keeping and auditing as it can, through the Extism ABI and
//! raw WASI calls. Each export takes its arguments as text (numbers separated
//! by spaces) and outputs what it did.
//!
//! | export        | input          | does                                                          |
//! |---------------|----------------|---------------------------------------------------------------|
//! | `ping`        |                | outputs `pong`                                                |
//! | `log_big`     | `mib times`    | `log_info` of a block of `mib` MiB starting with 16 KiB of `A`, `times` times (a new block each time: the host frees what it logs) |
//! | `log_many`    | `count`        | `log_info` of `count` short lines, `line <i>`                 |
//! | `error_big`   | `mib`          | fails with an `error_set` message of `mib` MiB of `E`          |
//! | `stdout_big`  | `mib`          | writes `mib` MiB of `B` to stdout in one `fd_write`, no newline |
//! | `stdout_many` | `count`        | prints `count` lines `stdout <i>` to stdout                   |
//! | `open_refused`| `count`        | raw `path_open` of `../escape-<i>` on fd 3 (the first mount), `count` times |
//! | `open_long`   | `mib`          | raw `path_open` of `../` and `mib` MiB of `A` on fd 3          |
//!
//! The opens output `errno <e> x<count>` for each distinct errno they got.

use std::io::Write;

use plinth_sdk::{abi, Error};

#[cfg(target_arch = "wasm32")]
extern "C" {
    fn __wasm_call_ctors();
}

/// The WASI reactor entry point (see fixtures/wasi-fixture).
#[cfg(target_arch = "wasm32")]
#[no_mangle]
pub extern "C" fn _initialize() {
    unsafe { __wasm_call_ctors() };
}

#[cfg(target_os = "wasi")]
#[link(wasm_import_module = "wasi_snapshot_preview1")]
extern "C" {
    fn path_open(
        fd: u32,
        dirflags: u32,
        path: *const u8,
        path_len: usize,
        oflags: u32,
        fs_rights_base: u64,
        fs_rights_inheriting: u64,
        fdflags: u32,
        opened_fd: *mut u32,
    ) -> u32;
}

#[cfg(not(target_os = "wasi"))]
#[allow(clippy::too_many_arguments)]
unsafe fn path_open(
    _fd: u32,
    _dirflags: u32,
    _path: *const u8,
    _path_len: usize,
    _oflags: u32,
    _fs_rights_base: u64,
    _fs_rights_inheriting: u64,
    _fdflags: u32,
    _opened_fd: *mut u32,
) -> u32 {
    76 // notcapable: there is no WASI off wasm
}

/// The numbers of the input, separated by spaces; missing ones are `defaults`.
fn numbers(input: &str, defaults: &[u64]) -> Result<Vec<u64>, Error> {
    let mut out = Vec::with_capacity(defaults.len());
    let mut words = input.split_whitespace();
    for default in defaults {
        out.push(match words.next() {
            Some(word) => word
                .parse()
                .map_err(|_| Error::new(format!("not a number: {}", word)))?,
            None => *default,
        });
    }
    Ok(out)
}

/// A block of host memory of `length` bytes, every one `byte`, filled 8 at a time.
fn block_of(length: u64, byte: u8) -> Result<u64, Error> {
    let offset = unsafe { abi::alloc(length) };
    if offset == 0 {
        return Err(Error::new("alloc failed"));
    }
    let word = u64::from_le_bytes([byte; 8]);
    let mut at = 0;
    while at + 8 <= length {
        unsafe { abi::store_u64(offset + at, word) };
        at += 8;
    }
    while at < length {
        unsafe { abi::store_u8(offset + at, byte as u32) };
        at += 1;
    }
    Ok(offset)
}

/// A block of host memory of `length` bytes whose first `prefix` bytes are
/// `byte`, filled 8 at a time; the rest is whatever the block held.
fn block_starting_with(length: u64, byte: u8, prefix: u64) -> Result<u64, Error> {
    let offset = unsafe { abi::alloc(length) };
    if offset == 0 {
        return Err(Error::new("alloc failed"));
    }
    let word = u64::from_le_bytes([byte; 8]);
    let mut at = 0;
    while at + 8 <= prefix.min(length) {
        unsafe { abi::store_u64(offset + at, word) };
        at += 8;
    }
    Ok(offset)
}

/// Opens `path` (relative to fd 3) read-only; the errno.
fn open(path: &[u8]) -> u32 {
    let mut fd = 0u32;
    unsafe { path_open(3, 0, path.as_ptr(), path.len(), 0, !0, !0, 0, &mut fd) }
}

/// `errno <e> x<count>` for each errno, in the order first seen.
fn tally(errnos: &[u32]) -> String {
    let mut seen: Vec<(u32, u64)> = Vec::new();
    for &e in errnos {
        match seen.iter_mut().find(|(k, _)| *k == e) {
            Some((_, n)) => *n += 1,
            None => seen.push((e, 1)),
        }
    }
    seen.iter()
        .map(|(e, n)| format!("errno {} x{}", e, n))
        .collect::<Vec<_>>()
        .join(", ")
}

const MIB: u64 = 1 << 20;

plinth_sdk::plugin_fn! {
    pub fn ping() -> String {
        "pong".to_string()
    }

    pub fn log_big(input: String) -> Result<String, Error> {
        let n = numbers(&input, &[8, 250])?;
        for _ in 0..n[1] {
            // The host owns (and frees) a block handed to log_info, as in Extism: a
            // new one per line. The host reads only a line's first max-log-line
            // bytes (8 KiB by default), so only the first 16 KiB are filled.
            let block = block_starting_with(n[0] * MIB, b'A', 16 * 1024)?;
            unsafe { abi::log_info(block) };
        }
        Ok(format!("logged {} lines of {} MiB", n[1], n[0]))
    }

    pub fn log_many(input: String) -> Result<String, Error> {
        let n = numbers(&input, &[100_000])?;
        for i in 0..n[0] {
            let line = format!("line {}", i);
            let block = plinth_sdk::Memory::from_bytes(line.as_bytes())?;
            unsafe { abi::log_info(block.offset()) };
            block.free();
        }
        Ok(format!("logged {} lines", n[0]))
    }

    pub fn error_big(input: String) -> Result<String, Error> {
        let n = numbers(&input, &[32])?;
        let block = block_of(n[0] * MIB, b'E')?;
        unsafe { abi::error_set(block) };
        Err(Error::new("").with_code(7)) // an empty message is not set: the block above stays the error
    }

    pub fn stdout_big(input: String) -> Result<String, Error> {
        let n = numbers(&input, &[32])?;
        let bytes = vec![b'B'; (n[0] * MIB) as usize];
        std::io::stdout().write_all(&bytes).map_err(|e| Error::new(e.to_string()))?;
        Ok(format!("wrote {} MiB", n[0]))
    }

    pub fn stdout_many(input: String) -> Result<String, Error> {
        let n = numbers(&input, &[100_000])?;
        for i in 0..n[0] {
            println!("stdout {}", i);
        }
        Ok(format!("printed {} lines", n[0]))
    }

    pub fn open_refused(input: String) -> Result<String, Error> {
        let n = numbers(&input, &[1_200])?;
        let errnos: Vec<u32> = (0..n[0]).map(|i| open(format!("../escape-{}", i).as_bytes())).collect();
        Ok(tally(&errnos))
    }

    pub fn open_long(input: String) -> Result<String, Error> {
        let n = numbers(&input, &[4])?;
        let mut path = b"../".to_vec();
        path.resize((3 + n[0] * MIB) as usize, b'A');
        Ok(tally(&[open(&path)]))
    }
}
