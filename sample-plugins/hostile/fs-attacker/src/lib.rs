//! `fs-attacker`: a hostile plugin built for `wasm32-wasi` that does whatever
//! file operation it is told to, through Rust's std (so through WASI preview 1
//! as wasi-libc calls it). Each export takes its arguments as text, one per
//! line, outputs the result on success, and fails with the io error (its
//! WASI errno in brackets) otherwise. The host's tests decide what is mounted
//! and check that nothing outside the grants can be read or changed.
//!
//! | export        | input               | does                                     |
//! |---------------|---------------------|------------------------------------------|
//! | `read_file`   | path                | outputs the file's contents              |
//! | `write_file`  | path\ncontents      | create or truncate, then write           |
//! | `append_file` | path\ncontents      | open for append and write                |
//! | `truncate`    | path                | open for write with O_TRUNC              |
//! | `set_len`     | path\nlength        | open read-only, then ftruncate           |
//! | `set_times`   | path                | open read-only, then set both times to 0 |
//! | `list_dir`    | path                | outputs the entry names, sorted, one per line |
//! | `stat`        | path                | outputs `file <len>`, `dir` or `symlink` |
//! | `remove`      | path                | unlink a file or link, rmdir a directory |
//! | `rename`      | from\nto            | rename                                   |
//! | `mkdir`       | path                | mkdir                                    |
//! | `symlink`     | target\nlink        | create a symlink                         |
//! | `print`       | text                | writes it to stdout and stderr           |

use std::fs;
use std::io::{self, Read, Write};

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

#[cfg(target_os = "wasi")]
#[link(wasm_import_module = "wasi_snapshot_preview1")]
extern "C" {
    fn fd_filestat_set_times(fd: u32, atim: u64, mtim: u64, flags: u32) -> u32;
}

fn fail(op: &str, e: io::Error) -> Error {
    match e.raw_os_error() {
        Some(code) => Error::new(format!("{} failed: {} [errno {}]", op, e, code)),
        None => Error::new(format!("{} failed: {}", op, e)),
    }
}

fn two(input: &str) -> Result<(&str, &str), Error> {
    input
        .split_once('\n')
        .ok_or_else(|| Error::new("expected two lines"))
}

plinth_sdk::plugin_fn! {
    pub fn read_file(path: String) -> Result<String, Error> {
        let mut file = fs::File::open(&path).map_err(|e| fail("open", e))?;
        let mut bytes = Vec::new();
        file.read_to_end(&mut bytes).map_err(|e| fail("read", e))?;
        Ok(String::from_utf8_lossy(&bytes).into_owned())
    }

    pub fn write_file(input: String) -> Result<String, Error> {
        let (path, contents) = two(&input)?;
        let mut file = fs::File::create(path).map_err(|e| fail("create", e))?;
        file.write_all(contents.as_bytes()).map_err(|e| fail("write", e))?;
        Ok("ok".to_string())
    }

    pub fn append_file(input: String) -> Result<String, Error> {
        let (path, contents) = two(&input)?;
        let mut file = fs::OpenOptions::new()
            .append(true)
            .open(path)
            .map_err(|e| fail("open for append", e))?;
        file.write_all(contents.as_bytes()).map_err(|e| fail("write", e))?;
        Ok("ok".to_string())
    }

    pub fn truncate(path: String) -> Result<String, Error> {
        fs::OpenOptions::new()
            .write(true)
            .truncate(true)
            .open(&path)
            .map_err(|e| fail("open with truncate", e))?;
        Ok("ok".to_string())
    }

    pub fn set_len(input: String) -> Result<String, Error> {
        let (path, len) = two(&input)?;
        let len: u64 = len.trim().parse().map_err(|_| Error::new("bad length"))?;
        let file = fs::File::open(path).map_err(|e| fail("open", e))?;
        file.set_len(len).map_err(|e| fail("set_len", e))?;
        Ok("ok".to_string())
    }

    pub fn set_times(path: String) -> Result<String, Error> {
        let file = fs::File::open(&path).map_err(|e| fail("open", e))?;
        set_times_of(&file)
    }

    pub fn list_dir(path: String) -> Result<String, Error> {
        let mut names = Vec::new();
        for entry in fs::read_dir(&path).map_err(|e| fail("read_dir", e))? {
            let entry = entry.map_err(|e| fail("read_dir entry", e))?;
            names.push(entry.file_name().to_string_lossy().into_owned());
        }
        names.sort();
        Ok(names.join("\n"))
    }

    pub fn stat(path: String) -> Result<String, Error> {
        let meta = fs::symlink_metadata(&path).map_err(|e| fail("stat", e))?;
        Ok(if meta.file_type().is_symlink() {
            "symlink".to_string()
        } else if meta.is_dir() {
            "dir".to_string()
        } else {
            format!("file {}", meta.len())
        })
    }

    pub fn remove(path: String) -> Result<String, Error> {
        let meta = fs::symlink_metadata(&path).map_err(|e| fail("stat", e))?;
        if meta.is_dir() {
            fs::remove_dir(&path).map_err(|e| fail("rmdir", e))?;
        } else {
            fs::remove_file(&path).map_err(|e| fail("unlink", e))?;
        }
        Ok("ok".to_string())
    }

    pub fn rename(input: String) -> Result<String, Error> {
        let (from, to) = two(&input)?;
        fs::rename(from, to).map_err(|e| fail("rename", e))?;
        Ok("ok".to_string())
    }

    pub fn mkdir(path: String) -> Result<String, Error> {
        fs::create_dir(&path).map_err(|e| fail("mkdir", e))?;
        Ok("ok".to_string())
    }

    pub fn symlink(input: String) -> Result<String, Error> {
        let (target, link) = two(&input)?;
        #[allow(deprecated)]
        fs::soft_link(target, link).map_err(|e| fail("symlink", e))?;
        Ok("ok".to_string())
    }

    pub fn print(text: String) -> Result<String, Error> {
        println!("{}", text);
        eprintln!("{}", text);
        Ok("ok".to_string())
    }
}

#[cfg(target_os = "wasi")]
fn set_times_of(file: &fs::File) -> Result<String, Error> {
    use std::os::wasi::io::AsRawFd;
    // flags: ATIM (1) | MTIM (4): set both to the given times (0 = 1970).
    let errno = unsafe { fd_filestat_set_times(file.as_raw_fd() as u32, 0, 0, 1 | 4) };
    if errno == 0 {
        Ok("ok".to_string())
    } else {
        Err(Error::new(format!("set_times failed [errno {}]", errno)))
    }
}

#[cfg(not(target_os = "wasi"))]
fn set_times_of(_file: &fs::File) -> Result<String, Error> {
    Err(Error::new("set_times needs WASI"))
}
