//! Blocks of host-side memory and copying bytes in and out of them.

use crate::{abi, Error};

/// A block of host-side (Extism) memory: an offset and a length.
///
/// A `Memory` is a plain handle: it does not free itself when dropped,
/// because many host calls take ownership of the blocks handed to them (see
/// [`abi`](crate::abi)). Call [`free`](Memory::free) on blocks that you own and
/// no longer need. The empty block is offset 0 (the Extism kernel never
/// allocates zero bytes).
///
/// Most plugins never touch `Memory`; the export macro, [`config`](crate::config),
/// [`var`](crate::var), [`log`](mod@crate::log) and [`host_fn!`](crate::host_fn) do
/// the copying.
///
/// ```
/// use plinth_sdk::Memory;
///
/// let block = Memory::from_bytes(b"hello").unwrap();
/// assert_eq!(block.len(), 5);
/// assert_eq!(block.to_vec(), b"hello");
/// block.free();
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Memory {
    offset: u64,
    length: u64,
}

impl Memory {
    /// The empty block (offset 0, length 0).
    pub const fn null() -> Memory {
        Memory {
            offset: 0,
            length: 0,
        }
    }

    /// Allocates an uninitialised block of `length` bytes. A zero length gives
    /// [`Memory::null`] without asking the host.
    pub fn alloc(length: usize) -> Result<Memory, Error> {
        if length == 0 {
            return Ok(Memory::null());
        }
        let length = length as u64;
        let offset = unsafe { abi::alloc(length) };
        if offset == 0 {
            return Err(Error::new(format!(
                "host memory allocation of {} bytes failed",
                length
            )));
        }
        Ok(Memory { offset, length })
    }

    /// Allocates a block and copies `data` into it.
    pub fn from_bytes(data: &[u8]) -> Result<Memory, Error> {
        let memory = Memory::alloc(data.len())?;
        memory.store(data);
        Ok(memory)
    }

    /// Finds the live block that starts at `offset` (asking the host for its
    /// length); `None` for offset 0 or an offset that is not a live block.
    pub fn find(offset: u64) -> Option<Memory> {
        if offset == 0 {
            return None;
        }
        let length = unsafe { abi::length(offset) };
        if length == 0 {
            return None;
        }
        Some(Memory { offset, length })
    }

    /// Wraps an offset and a length without asking the host.
    ///
    /// # Safety
    /// `offset..offset + length` must lie inside a block of host memory.
    pub const unsafe fn from_raw_parts(offset: u64, length: u64) -> Memory {
        Memory { offset, length }
    }

    /// The block's offset in host memory (0 for the empty block).
    pub fn offset(&self) -> u64 {
        self.offset
    }

    /// The block's length in bytes.
    pub fn len(&self) -> usize {
        self.length as usize
    }

    /// Whether the block is empty.
    pub fn is_empty(&self) -> bool {
        self.length == 0
    }

    /// Copies `data` to the start of the block, 8 bytes at a time, then the tail.
    ///
    /// # Panics
    /// If `data` is longer than the block.
    pub fn store(&self, data: &[u8]) {
        assert!(
            data.len() as u64 <= self.length,
            "store of {} bytes into a block of {}",
            data.len(),
            self.length
        );
        let mut chunks = data.chunks_exact(8);
        let mut at = self.offset;
        for chunk in &mut chunks {
            let mut word = [0u8; 8];
            word.copy_from_slice(chunk);
            unsafe { abi::store_u64(at, u64::from_le_bytes(word)) };
            at += 8;
        }
        for &byte in chunks.remainder() {
            unsafe { abi::store_u8(at, byte as u32) };
            at += 1;
        }
    }

    /// Fills `buf` from the start of the block, 8 bytes at a time, then the tail.
    ///
    /// # Panics
    /// If `buf` is longer than the block.
    pub fn load(&self, buf: &mut [u8]) {
        assert!(
            buf.len() as u64 <= self.length,
            "load of {} bytes from a block of {}",
            buf.len(),
            self.length
        );
        let mut chunks = buf.chunks_exact_mut(8);
        let mut at = self.offset;
        for chunk in &mut chunks {
            let word = unsafe { abi::load_u64(at) };
            chunk.copy_from_slice(&word.to_le_bytes());
            at += 8;
        }
        for byte in chunks.into_remainder() {
            *byte = unsafe { abi::load_u8(at) } as u8;
            at += 1;
        }
    }

    /// Copies the whole block into a new vector.
    pub fn to_vec(&self) -> Vec<u8> {
        let mut data = vec![0u8; self.len()];
        self.load(&mut data);
        data
    }

    /// Frees the block (a no-op for the empty block).
    pub fn free(self) {
        if self.offset != 0 {
            unsafe { abi::free(self.offset) };
        }
    }

    /// Copies the block into a vector and frees it; the usual way to consume a
    /// block that the host returned.
    pub fn take(self) -> Vec<u8> {
        let data = self.to_vec();
        self.free();
        data
    }
}

/// Reads the whole input of the current call.
pub(crate) fn input_bytes() -> Vec<u8> {
    let length = unsafe { abi::input_length() } as usize;
    let mut data = vec![0u8; length];
    let mut chunks = data.chunks_exact_mut(8);
    let mut at = 0u64;
    for chunk in &mut chunks {
        let word = unsafe { abi::input_load_u64(at) };
        chunk.copy_from_slice(&word.to_le_bytes());
        at += 8;
    }
    for byte in chunks.into_remainder() {
        *byte = unsafe { abi::input_load_u8(at) } as u8;
        at += 1;
    }
    data
}

/// Reads and frees a block that the host returned; `None` for offset 0.
/// A non-zero offset that is not a live block reads as empty.
pub(crate) fn take_returned(offset: u64) -> Option<Vec<u8>> {
    if offset == 0 {
        return None;
    }
    match Memory::find(offset) {
        Some(block) => Some(block.take()),
        None => {
            unsafe { abi::free(offset) };
            Some(Vec::new())
        }
    }
}
