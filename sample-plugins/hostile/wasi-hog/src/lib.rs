//! `wasi-hog`: a hostile plugin built for `wasm32-wasi` that makes the host
//! work on its behalf through WASI preview 1, calling the raw
//! `wasi_snapshot_preview1` imports with arguments std would never pass. Each
//! export takes its arguments as text, one per line (defaults in brackets);
//! file paths are relative to the first preopened directory (descriptor 3).
//!
//! | export         | input                                   | does                                                                 |
//! |----------------|-----------------------------------------|----------------------------------------------------------------------|
//! | `ping`         |                                         | answers `pong`                                                       |
//! | `stdout_flood` | iovecs [4096]                           | one `fd_write` to stdout of that many 32 MiB iovecs, all one buffer  |
//! | `stdin_read`   | length [2^31-1]                         | one `fd_read` from stdin into an iovec of that length                |
//! | `stdin_spin`   | length [2^31-1]                         | the same read, forever                                               |
//! | `file_read`    | path, iovecs [64], length [32 MiB]      | `fd_pread` of the file into that many iovecs over one buffer, forever |
//! | `file_write`   | path, bytes, chunk [1 MiB]              | create or truncate, then `fd_write` the bytes a chunk at a time      |
//! | `file_grow`    | path, size                              | create, then `fd_filestat_set_size` to the size                       |
//! | `overwrite`    | path, text                              | open for writing with `O_TRUNC`, write the text                      |
//! | `random_flood` |                                         | `random_get` into a 32 MiB buffer, forever                           |
//! | `sleep`        | nanoseconds [2^63]                      | `poll_oneoff` on one relative clock subscription                      |
//! | `open_forever` | path                                    | `path_open` the file again and again, never closing, until refused    |
//!
//! The results say what WASI answered (`wrote N bytes`, `errno E`); a
//! failure is the export's error with the errno in it.
// Everything but the types is WASI-only; a native build (cargo test) has nothing to run.
#![cfg_attr(not(target_os = "wasi"), allow(dead_code, unused_imports))]

use plinth_sdk::Error;

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

/// One WASI `iovec`/`ciovec`: a buffer's address and length in linear memory.
#[repr(C)]
#[derive(Clone, Copy)]
struct Iovec {
    base: u32,
    len: u32,
}

/// One `poll_oneoff` subscription to a clock (48 bytes).
#[repr(C)]
struct ClockSubscription {
    userdata: u64,
    tag: u8,
    _pad: [u8; 7],
    clock_id: u32,
    _pad2: u32,
    timeout: u64,
    precision: u64,
    flags: u16,
    _pad3: [u8; 6],
}

#[cfg(target_os = "wasi")]
mod raw {
    #[link(wasm_import_module = "wasi_snapshot_preview1")]
    extern "C" {
        pub fn fd_write(fd: u32, iovs: u32, iovs_len: u32, nwritten: *mut u32) -> u32;
        pub fn fd_read(fd: u32, iovs: u32, iovs_len: u32, nread: *mut u32) -> u32;
        pub fn fd_pread(fd: u32, iovs: u32, iovs_len: u32, offset: u64, nread: *mut u32) -> u32;
        pub fn fd_close(fd: u32) -> u32;
        pub fn fd_filestat_set_size(fd: u32, size: u64) -> u32;
        pub fn path_open(dirfd: u32, dirflags: u32, path: *const u8, path_len: u32, oflags: u32,
            rights_base: u64, rights_inheriting: u64, fdflags: u32, fd: *mut u32) -> u32;
        pub fn random_get(buf: *mut u8, buf_len: u32) -> u32;
        pub fn poll_oneoff(subscriptions: u32, events: *mut u8, count: u32, nevents: *mut u32) -> u32;
    }
}

const MIB: usize = 1 << 20;
const BIG_BUFFER: usize = 32 * MIB;
/// The first preopened directory.
const PREOPEN: u32 = 3;
const O_CREAT: u32 = 1;
const O_TRUNC: u32 = 8;
const RIGHT_FD_READ: u64 = 1 << 1;
const RIGHT_FD_SEEK: u64 = 1 << 2;
const RIGHT_FD_WRITE: u64 = 1 << 6;
const RIGHT_FD_FILESTAT_SET_SIZE: u64 = 1 << 22;

fn args(input: &str) -> Vec<&str> {
    input.lines().map(str::trim).collect()
}

fn number(args: &[&str], at: usize, default: u64) -> Result<u64, Error> {
    match args.get(at) {
        Some(text) if !text.is_empty() => text
            .parse()
            .map_err(|_| Error::new(format!("argument {} is not a number: {}", at + 1, text))),
        _ => Ok(default),
    }
}

fn path(args: &[&str]) -> Result<String, Error> {
    match args.first() {
        Some(path) if !path.is_empty() => Ok(path.to_string()),
        _ => Err(Error::new("expected a path on the first line")),
    }
}

/// A buffer of [`BIG_BUFFER`] bytes that the guest never initialises nor
/// reads (only the host does), so that making it costs the guest nothing:
/// what an attack costs is the host's work alone. The endless attacks never
/// free it (their instance is discarded); the others [`free_big_buffer`] it.
fn big_buffer() -> *mut u8 {
    let buffer = unsafe { std::alloc::alloc(big_layout()) };
    if buffer.is_null() {
        std::alloc::handle_alloc_error(big_layout());
    }
    buffer
}

fn free_big_buffer(buffer: *mut u8) {
    unsafe { std::alloc::dealloc(buffer, big_layout()) };
}

fn big_layout() -> std::alloc::Layout {
    std::alloc::Layout::from_size_align(BIG_BUFFER, 16).expect("a valid layout")
}

/// `count` iovecs of `len` bytes, all at `base`.
fn iovecs(base: *const u8, len: u32, count: usize) -> Vec<Iovec> {
    vec![Iovec { base: base as u32, len }; count]
}

#[cfg(target_os = "wasi")]
fn open(path: &str, oflags: u32, rights: u64) -> Result<u32, Error> {
    let mut fd = 0u32;
    let errno = unsafe {
        raw::path_open(PREOPEN, 1, path.as_ptr(), path.len() as u32, oflags, rights, rights, 0, &mut fd)
    };
    if errno != 0 {
        return Err(Error::new(format!("path_open {} failed: errno {}", path, errno)));
    }
    Ok(fd)
}

#[cfg(target_os = "wasi")]
plinth_sdk::plugin_fn! {
    pub fn ping() -> String {
        "pong".to_string()
    }

    pub fn stdout_flood(input: String) -> Result<String, Error> {
        let count = number(&args(&input), 0, 4096)? as usize;
        let buffer = big_buffer();
        let iovs = iovecs(buffer, BIG_BUFFER as u32, count);
        let mut written = 0u32;
        let errno = unsafe { raw::fd_write(1, iovs.as_ptr() as u32, count as u32, &mut written) };
        free_big_buffer(buffer);
        Ok(format!("wrote {} bytes, errno {}", written, errno))
    }

    pub fn stdin_read(input: String) -> Result<String, Error> {
        let len = number(&args(&input), 0, i32::MAX as u64)? as u32;
        let buffer = [0u8; 16];
        let iovs = iovecs(buffer.as_ptr(), len, 1);
        let mut read = 0u32;
        let errno = unsafe { raw::fd_read(0, iovs.as_ptr() as u32, 1, &mut read) };
        Ok(format!("read {} bytes, errno {}", read, errno))
    }

    pub fn stdin_spin(input: String) -> Result<String, Error> {
        let len = number(&args(&input), 0, i32::MAX as u64)? as u32;
        let buffer = [0u8; 16];
        let iovs = iovecs(buffer.as_ptr(), len, 1);
        let mut reads = 0u64;
        loop {
            let mut read = 0u32;
            let errno = unsafe { raw::fd_read(0, iovs.as_ptr() as u32, 1, &mut read) };
            if errno != 0 {
                return Err(Error::new(format!("fd_read failed after {} reads: errno {}", reads, errno)));
            }
            reads += 1;
        }
    }

    pub fn file_read(input: String) -> Result<String, Error> {
        let args = args(&input);
        let path = path(&args)?;
        let count = number(&args, 1, 64)? as usize;
        let len = number(&args, 2, BIG_BUFFER as u64)? as u32;
        let iovs = iovecs(core::ptr::null(), 0, count);
        let buffer = big_buffer();
        let iovs: Vec<Iovec> = iovs.iter().map(|_| Iovec { base: buffer as u32, len }).collect();
        let fd = open(&path, 0, RIGHT_FD_READ | RIGHT_FD_SEEK)?;
        let mut total = 0u64;
        loop {
            let mut read = 0u32;
            let errno = unsafe { raw::fd_pread(fd, iovs.as_ptr() as u32, count as u32, 0, &mut read) };
            if errno != 0 {
                return Err(Error::new(format!("fd_pread failed after {} bytes: errno {}", total, errno)));
            }
            total += u64::from(read);
        }
    }

    pub fn file_write(input: String) -> Result<String, Error> {
        let args = args(&input);
        let path = path(&args)?;
        let bytes = number(&args, 1, 0)?;
        let chunk = number(&args, 2, MIB as u64)? as usize;
        let buffer = vec![b'w'; chunk];
        let iovs = iovecs(buffer.as_ptr(), chunk as u32, 1);
        let fd = open(&path, O_CREAT | O_TRUNC, RIGHT_FD_WRITE)?;
        let mut total = 0u64;
        while total < bytes {
            let mut written = 0u32;
            let errno = unsafe { raw::fd_write(fd, iovs.as_ptr() as u32, 1, &mut written) };
            if errno != 0 {
                unsafe { raw::fd_close(fd) };
                return Err(Error::new(format!("wrote {} bytes, then errno {}", total, errno)));
            }
            total += u64::from(written);
        }
        unsafe { raw::fd_close(fd) };
        Ok(format!("wrote {} bytes", total))
    }

    pub fn file_grow(input: String) -> Result<String, Error> {
        let args = args(&input);
        let path = path(&args)?;
        let size = number(&args, 1, 0)?;
        let fd = open(&path, O_CREAT, RIGHT_FD_WRITE | RIGHT_FD_FILESTAT_SET_SIZE)?;
        let errno = unsafe { raw::fd_filestat_set_size(fd, size) };
        unsafe { raw::fd_close(fd) };
        if errno != 0 {
            return Err(Error::new(format!("fd_filestat_set_size {} failed: errno {}", size, errno)));
        }
        Ok(format!("grew to {} bytes", size))
    }

    pub fn overwrite(input: String) -> Result<String, Error> {
        let (path, text) = input.split_once('\n').ok_or_else(|| Error::new("expected a path and a text"))?;
        let fd = open(path, O_TRUNC, RIGHT_FD_WRITE)?;
        let iovs = iovecs(text.as_ptr(), text.len() as u32, 1);
        let mut written = 0u32;
        let errno = unsafe { raw::fd_write(fd, iovs.as_ptr() as u32, 1, &mut written) };
        unsafe { raw::fd_close(fd) };
        Ok(format!("wrote {} bytes, errno {}", written, errno))
    }

    pub fn random_flood() -> Result<String, Error> {
        let buffer = big_buffer();
        let mut rounds = 0u64;
        loop {
            let errno = unsafe { raw::random_get(buffer, BIG_BUFFER as u32) };
            if errno != 0 {
                return Err(Error::new(format!("random_get failed after {} rounds: errno {}", rounds, errno)));
            }
            rounds += 1;
        }
    }

    pub fn sleep(input: String) -> Result<String, Error> {
        let nanos = number(&args(&input), 0, i64::MAX as u64)?;
        let subscription = ClockSubscription {
            userdata: 7,
            tag: 0,
            _pad: [0; 7],
            clock_id: 1,
            _pad2: 0,
            timeout: nanos,
            precision: 0,
            flags: 0,
            _pad3: [0; 6],
        };
        let mut events = [0u8; 32];
        let mut count = 0u32;
        let errno = unsafe {
            raw::poll_oneoff(&subscription as *const ClockSubscription as u32, events.as_mut_ptr(), 1, &mut count)
        };
        Ok(format!("{} events, errno {}", count, errno))
    }

    pub fn open_forever(input: String) -> Result<String, Error> {
        let path = path(&args(&input))?;
        let mut opened = 0u64;
        loop {
            let mut fd = 0u32;
            let errno = unsafe {
                raw::path_open(PREOPEN, 1, path.as_ptr(), path.len() as u32, 0, RIGHT_FD_READ, RIGHT_FD_READ, 0,
                    &mut fd)
            };
            if errno != 0 {
                return Ok(format!("opened {} files, then errno {}", opened, errno));
            }
            opened += 1;
        }
    }
}
