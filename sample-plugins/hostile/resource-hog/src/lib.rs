//! `resource-hog`: a hostile plugin that tries to take the host down by using
//! too much of what every call has: CPU, stack, memory and output.
//!
//! * `spin`: an endless loop whose back-edge is an unconditional `br`;
//! * `spin_br_if`: an endless loop whose back-edge is a conditional `br_if`
//!   (Chicory's interpreter checks for interruption only on `br`, so only fuel
//!   stops this one there);
//! * `recurse`: real recursion without end, one wasm call frame per level;
//! * `grow`: allocates memory 1 MiB at a time, touching every page and never
//!   freeing, until the allocator fails (which aborts: a trap right after a
//!   refused `memory.grow`);
//! * `huge_output`: sets an output of [`HUGE_OUTPUT_BYTES`], built in the
//!   host's memory in small chunks so that the guest's own memory stays small;
//! * `ping`: answers `pong`, to show that the plugin itself serves on after
//!   each attack (on a fresh instance).
//!
//! Its `plugin.toml` also asks for files, network, a host function, memory and
//! instances that no operator should grant. Nothing here may be "optimised
//! away": the loops and the recursion read a volatile flag that nothing sets.

use core::ptr::{addr_of, read_volatile, write_volatile};

use plinth_sdk::{abi, Error, Memory};

/// Never written; read with volatile loads so that loops and recursion stay.
static mut NEVER_SET: u32 = 0;

/// Twice the host's default output cap (16 MiB), half its default Extism
/// memory per call (64 MiB): the output cap is what must refuse it.
pub const HUGE_OUTPUT_BYTES: usize = 32 << 20;

/// The buffer `huge_output` copies from, one chunk of the output at a time.
const OUTPUT_CHUNK: usize = 64 << 10;

/// What `grow` allocates per step.
const GROWTH_STEP: usize = 1 << 20;

/// The stride at which `grow` touches what it allocated.
const PAGE: usize = 4096;

/// Never returns: an endless loop whose back-edge is an unconditional `br`.
#[no_mangle]
pub extern "C" fn spin() -> i32 {
    loop {
        unsafe { read_volatile(addr_of!(NEVER_SET)) };
    }
}

/// Never returns: counts while a flag that nothing sets is 0, so the loop's
/// back-edge is a conditional `br_if`.
#[no_mangle]
pub extern "C" fn spin_br_if() -> i32 {
    let mut count: u32 = 0;
    while unsafe { read_volatile(addr_of!(NEVER_SET)) } == 0 {
        count = count.wrapping_add(1);
    }
    count as i32
}

/// Never returns normally: recurses until the host runs out of stack.
#[no_mangle]
pub extern "C" fn recurse() -> i32 {
    descend(0) as i32
}

/// One level of endless recursion. The volatile read after the recursive call
/// keeps every frame alive (the optimiser cannot turn this into a loop), and no
/// local has its address taken, so each level costs a wasm call frame only,
/// not the Rust shadow stack in linear memory: the host's stack runs out first.
#[inline(never)]
fn descend(depth: u64) -> u64 {
    if unsafe { read_volatile(addr_of!(NEVER_SET)) } == u32::MAX {
        return depth;
    }
    let below = descend(depth + 1);
    below.wrapping_add(u64::from(unsafe { read_volatile(addr_of!(NEVER_SET)) }))
}

/// Never returns normally: allocates and touches memory until the allocator
/// fails, keeping everything it got.
#[no_mangle]
pub extern "C" fn grow() -> i32 {
    loop {
        let step: &'static mut [u8] = Box::leak(vec![0u8; GROWTH_STEP].into_boxed_slice());
        for page in step.chunks_mut(PAGE) {
            unsafe { write_volatile(&mut page[0], 1) };
        }
    }
}

plinth_sdk::plugin_fn! {
    /// Sets an output of `HUGE_OUTPUT_BYTES` bytes of `x`.
    pub fn huge_output() -> Result<(), Error> {
        let block = Memory::alloc(HUGE_OUTPUT_BYTES)?;
        let chunk = [b'x'; OUTPUT_CHUNK];
        for start in (0..HUGE_OUTPUT_BYTES).step_by(OUTPUT_CHUNK) {
            let length = OUTPUT_CHUNK.min(HUGE_OUTPUT_BYTES - start);
            // inside the block just allocated
            let part = unsafe { Memory::from_raw_parts(block.offset() + start as u64, length as u64) };
            part.store(&chunk[..length]);
        }
        unsafe { abi::output_set(block.offset(), block.len() as u64) };
        Ok(())
    }

    /// Answers `pong`.
    pub fn ping() -> Result<&'static str, Error> {
        Ok("pong")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use plinth_sdk::testing;

    #[test]
    fn ping_answers_and_huge_output_is_as_large_as_documented() {
        assert_eq!(testing::call(ping, "").unwrap(), b"pong");
        let output = testing::call(huge_output, "").unwrap();
        assert_eq!(output.len(), HUGE_OUTPUT_BYTES);
        assert!(output.iter().all(|&b| b == b'x'));
    }
}
