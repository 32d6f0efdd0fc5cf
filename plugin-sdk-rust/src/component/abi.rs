//! The canonical ABI of the Component Model, guest side, for the types the plinth world uses.
//!
//! Values cross the boundary two ways (CanonicalABI.md): *flat*, as the core parameters of an
//! export (up to 16 of them), and *in memory*, at a pointer (list elements, return areas,
//! parameters past 16). [`Abi`] does both for one type: `lift_flat` and `load` read a value the
//! host lowered (taking ownership of the blocks the host allocated with [`cabi_realloc`]),
//! `store` writes a value for the host to lift, recording every block it allocates in an
//! [`Arena`] that the export's `cabi_post_*` function frees after the host has read it.
//!
//! Flat values are carried as `u64` bits: an `i32` zero-extended, an `f32` or `f64` as its
//! bits. That makes the joined slots of a variant (CanonicalABI.md `join`) free: a case reads
//! its own values from the low bits of wider slots.

use std::alloc::{self, Layout};
use std::cell::RefCell;

/// `cabi_realloc`, exported by [`component_plugin!`](crate::component_plugin): the host allocates
/// in guest memory with it (strings, lists, parameter blocks). A zero size gives a dangling,
/// aligned pointer; an allocation failure traps.
///
/// # Safety
/// `old` must be null or a block of `old_size` bytes with alignment `align` from this function.
pub unsafe fn realloc(old: *mut u8, old_size: usize, align: usize, new_size: usize) -> *mut u8 {
    let align = if align.is_power_of_two() { align } else { trap() };
    if new_size == 0 {
        if !old.is_null() && old_size != 0 {
            alloc::dealloc(old, Layout::from_size_align_unchecked(old_size, align));
        }
        return align as *mut u8;
    }
    let layout = match Layout::from_size_align(new_size, align) {
        Ok(layout) => layout,
        Err(_) => trap(),
    };
    let ptr = if old.is_null() || old_size == 0 {
        alloc::alloc(layout)
    } else {
        alloc::realloc(old, Layout::from_size_align_unchecked(old_size, align), new_size)
    };
    if ptr.is_null() {
        trap()
    }
    ptr
}

/// Ends the call with a trap (`unreachable`): the host sees a guest trap.
pub fn trap() -> ! {
    std::process::abort()
}

/// Frees a block the host allocated (a string's or list's bytes once lifted).
unsafe fn free(ptr: usize, size: usize, align: usize) {
    if size != 0 {
        alloc::dealloc(ptr as *mut u8, Layout::from_size_align_unchecked(size, align));
    }
}

/// The blocks lowered results point into, freed together by the export's post-return.
#[derive(Default)]
pub struct Arena {
    blocks: Vec<(usize, Layout)>,
}

impl Arena {
    /// Allocates `size` bytes aligned to `align` (a dangling pointer for 0 bytes).
    pub fn alloc(&mut self, size: usize, align: usize) -> usize {
        if size == 0 {
            return align;
        }
        let layout = match Layout::from_size_align(size, align) {
            Ok(layout) => layout,
            Err(_) => trap(),
        };
        let ptr = unsafe { alloc::alloc_zeroed(layout) };
        if ptr.is_null() {
            trap()
        }
        self.blocks.push((ptr as usize, layout));
        ptr as usize
    }

    fn free_all(&mut self) {
        for (ptr, layout) in self.blocks.drain(..) {
            unsafe { alloc::dealloc(ptr as *mut u8, layout) };
        }
    }
}

thread_local! {
    static RESULTS: RefCell<Arena> = RefCell::new(Arena::default());
}

/// Lowers an export's result into a fresh return area and gives its pointer (the core result).
pub fn lower_result<T: Abi>(value: &T) -> i32 {
    RESULTS.with(|arena| {
        let mut arena = arena.borrow_mut();
        arena.free_all(); // a host that skipped post-return leaks nothing
        let ptr = arena.alloc(T::SIZE.max(1), T::ALIGN);
        unsafe { value.store(ptr, &mut arena) };
        ptr as i32
    })
}

/// The post-return of every export: frees the return area and the blocks it points to.
pub fn post_return() {
    RESULTS.with(|arena| arena.borrow_mut().free_all());
}

/// Lifts parameters that did not fit 16 flat values: the host stored them at `ptr`, in a block
/// it allocated with `cabi_realloc`, which is freed here.
///
/// # Safety
/// `ptr` must be the parameter block the host passed.
pub unsafe fn lift_params_from_memory<T: Abi>(ptr: i32) -> T {
    let ptr = ptr as u32 as usize;
    let value = T::load(ptr);
    free(ptr, T::SIZE, T::ALIGN);
    value
}

/// The flat core values of a call, read in order.
pub struct Flat<'a> {
    values: &'a [u64],
    next: usize,
}

impl<'a> Flat<'a> {
    /// Flat values as `u64` bits (see the module's note).
    pub fn new(values: &'a [u64]) -> Flat<'a> {
        Flat { values, next: 0 }
    }

    fn take(&mut self) -> u64 {
        match self.values.get(self.next) {
            Some(v) => {
                self.next += 1;
                *v
            }
            None => trap(),
        }
    }

    fn take_i32(&mut self) -> u32 {
        self.take() as u32
    }

    fn skip_to(&mut self, position: usize) {
        self.next = position;
    }
}

/// The canonical ABI of one WIT type: its size, alignment and flat count, and how it is read
/// from flat values or memory and written to memory.
///
/// # Safety
/// `SIZE`, `ALIGN` and `FLAT` must be the type's layout per CanonicalABI.md, or the host and the
/// guest disagree about memory.
pub unsafe trait Abi: Sized {
    /// Bytes in memory.
    const SIZE: usize;
    /// Alignment in memory.
    const ALIGN: usize;
    /// Number of flat core values.
    const FLAT: usize;
    /// Reads the value from flat core values.
    ///
    /// # Safety
    /// The values must be what the host lowered for this type.
    unsafe fn lift_flat(flat: &mut Flat) -> Self;
    /// Reads the value at `ptr`.
    ///
    /// # Safety
    /// `ptr` must hold a value of this type that the host lowered.
    unsafe fn load(ptr: usize) -> Self;
    /// Writes the value at `ptr` (`SIZE` bytes, aligned), allocating what it points to in `arena`.
    ///
    /// # Safety
    /// `ptr` must be writable for `SIZE` bytes.
    unsafe fn store(&self, ptr: usize, arena: &mut Arena);
}

/// `x` rounded up to a multiple of `align`.
pub const fn align_to(x: usize, align: usize) -> usize {
    (x + align - 1) / align * align
}

/// The larger of two sizes (const).
pub const fn max(a: usize, b: usize) -> usize {
    if a > b {
        a
    } else {
        b
    }
}

/// The size of a record of fields given as (size, alignment), per CanonicalABI.md.
pub const fn record_size(fields: &[(usize, usize)]) -> usize {
    let mut offset = 0;
    let mut i = 0;
    while i < fields.len() {
        offset = align_to(offset, fields[i].1) + fields[i].0;
        i += 1;
    }
    align_to(offset, record_align(fields))
}

/// The alignment of a record of fields given as (size, alignment).
pub const fn record_align(fields: &[(usize, usize)]) -> usize {
    let mut align = 1;
    let mut i = 0;
    while i < fields.len() {
        align = max(align, fields[i].1);
        i += 1;
    }
    align
}

/// The bytes of the discriminant of a variant (or enum) with `cases` cases.
pub const fn discriminant_size(cases: usize) -> usize {
    if cases <= 1 << 8 {
        1
    } else if cases <= 1 << 16 {
        2
    } else {
        4
    }
}

/// The offset of a variant's payload: after the discriminant, aligned to the widest case.
pub const fn payload_offset(cases: usize, case_align: usize) -> usize {
    align_to(discriminant_size(cases), case_align)
}

/// The size of a variant whose cases measure at most `case_size` and align at most `case_align`.
pub const fn variant_size(cases: usize, case_size: usize, case_align: usize) -> usize {
    let align = max(discriminant_size(cases), case_align);
    align_to(payload_offset(cases, case_align) + case_size, align)
}

/// Reads a record field: aligns `offset`, loads the field, moves `offset` past it.
///
/// # Safety
/// As [`Abi::load`].
pub unsafe fn load_field<T: Abi>(ptr: usize, offset: &mut usize) -> T {
    *offset = align_to(*offset, T::ALIGN);
    let value = T::load(ptr + *offset);
    *offset += T::SIZE;
    value
}

/// Writes a record field: aligns `offset`, stores the field, moves `offset` past it.
///
/// # Safety
/// As [`Abi::store`].
pub unsafe fn store_field<T: Abi>(value: &T, ptr: usize, offset: &mut usize, arena: &mut Arena) {
    *offset = align_to(*offset, T::ALIGN);
    value.store(ptr + *offset, arena);
    *offset += T::SIZE;
}

/// Reads a variant's discriminant from memory.
///
/// # Safety
/// `ptr` must hold the discriminant.
pub unsafe fn load_discriminant(ptr: usize, cases: usize) -> u32 {
    match discriminant_size(cases) {
        1 => *(ptr as *const u8) as u32,
        2 => *(ptr as *const u16) as u32,
        _ => *(ptr as *const u32),
    }
}

/// Writes a variant's discriminant to memory.
///
/// # Safety
/// `ptr` must be writable for the discriminant.
pub unsafe fn store_discriminant(ptr: usize, cases: usize, case: u32) {
    match discriminant_size(cases) {
        1 => *(ptr as *mut u8) = case as u8,
        2 => *(ptr as *mut u16) = case as u16,
        _ => *(ptr as *mut u32) = case,
    }
}

/// Reads a variant's discriminant from flat values (a bad one traps).
pub fn lift_discriminant(flat: &mut Flat, cases: usize) -> u32 {
    let case = flat.take_i32();
    if case as usize >= cases {
        trap()
    }
    case
}

/// Lifts a variant's payload of type `T` from its joined slots, then moves past all `slots`.
///
/// # Safety
/// As [`Abi::lift_flat`].
pub unsafe fn lift_case<T: Abi>(flat: &mut Flat, slots: usize) -> T {
    let start = flat.next;
    let value = T::lift_flat(flat);
    flat.skip_to(start + slots);
    value
}

/// A scalar that is one flat value and stored as itself: `$lift` reads it from the flat values `$flat`.
macro_rules! scalar_abi {
    ($t:ty, $flat:ident => $lift:expr) => {
        unsafe impl Abi for $t {
            const SIZE: usize = core::mem::size_of::<$t>();
            const ALIGN: usize = core::mem::size_of::<$t>();
            const FLAT: usize = 1;
            unsafe fn lift_flat($flat: &mut Flat) -> Self {
                $lift
            }
            unsafe fn load(ptr: usize) -> Self {
                *(ptr as *const $t)
            }
            unsafe fn store(&self, ptr: usize, _arena: &mut Arena) {
                *(ptr as *mut $t) = *self;
            }
        }
    };
}

macro_rules! int_abi {
    ($($t:ty),*) => {$(
        scalar_abi!($t, flat => flat.take() as $t);
    )*};
}

int_abi!(u8, u16, u32, u64, i8, i16, i32, i64);
scalar_abi!(f64, flat => f64::from_bits(flat.take()));
scalar_abi!(f32, flat => f32::from_bits(flat.take_i32()));

unsafe impl Abi for bool {
    const SIZE: usize = 1;
    const ALIGN: usize = 1;
    const FLAT: usize = 1;
    unsafe fn lift_flat(flat: &mut Flat) -> Self {
        flat.take_i32() != 0
    }
    unsafe fn load(ptr: usize) -> Self {
        *(ptr as *const u8) != 0
    }
    unsafe fn store(&self, ptr: usize, _arena: &mut Arena) {
        *(ptr as *mut u8) = *self as u8;
    }
}

unsafe impl Abi for () {
    const SIZE: usize = 0;
    const ALIGN: usize = 1;
    const FLAT: usize = 0;
    unsafe fn lift_flat(_flat: &mut Flat) -> Self {}
    unsafe fn load(_ptr: usize) -> Self {}
    unsafe fn store(&self, _ptr: usize, _arena: &mut Arena) {}
}

/// Takes ownership of a block of `len` elements the host allocated, as a Vec of bytes or elements.
unsafe fn lift_list<T: Abi>(ptr: usize, len: usize) -> Vec<T> {
    let mut items = Vec::with_capacity(len);
    for i in 0..len {
        items.push(T::load(ptr + i * T::SIZE));
    }
    free(ptr, len * T::SIZE, T::ALIGN);
    items
}

unsafe fn lift_string(ptr: usize, len: usize) -> String {
    let bytes = if len == 0 {
        Vec::new()
    } else {
        // The host allocated exactly `len` bytes, aligned to 1, with cabi_realloc: the global
        // allocator's block, which the Vec now owns.
        Vec::from_raw_parts(ptr as *mut u8, len, len)
    };
    match String::from_utf8(bytes) {
        Ok(s) => s,
        Err(_) => trap(), // the host validates strings; invalid UTF-8 here is a broken host
    }
}

unsafe fn store_bytes(bytes: &[u8], align: usize, ptr: usize, arena: &mut Arena) {
    let block = arena.alloc(bytes.len(), align);
    if !bytes.is_empty() {
        core::ptr::copy_nonoverlapping(bytes.as_ptr(), block as *mut u8, bytes.len());
    }
    *(ptr as *mut u32) = block as u32;
    *((ptr + 4) as *mut u32) = bytes.len() as u32;
}

unsafe impl Abi for String {
    const SIZE: usize = 8;
    const ALIGN: usize = 4;
    const FLAT: usize = 2;
    unsafe fn lift_flat(flat: &mut Flat) -> Self {
        let ptr = flat.take_i32() as usize;
        let len = flat.take_i32() as usize;
        lift_string(ptr, len)
    }
    unsafe fn load(ptr: usize) -> Self {
        lift_string(*(ptr as *const u32) as usize, *((ptr + 4) as *const u32) as usize)
    }
    unsafe fn store(&self, ptr: usize, arena: &mut Arena) {
        store_bytes(self.as_bytes(), 1, ptr, arena);
    }
}

unsafe impl<T: Abi> Abi for Vec<T> {
    const SIZE: usize = 8;
    const ALIGN: usize = 4;
    const FLAT: usize = 2;
    unsafe fn lift_flat(flat: &mut Flat) -> Self {
        let ptr = flat.take_i32() as usize;
        let len = flat.take_i32() as usize;
        lift_list(ptr, len)
    }
    unsafe fn load(ptr: usize) -> Self {
        lift_list(*(ptr as *const u32) as usize, *((ptr + 4) as *const u32) as usize)
    }
    unsafe fn store(&self, ptr: usize, arena: &mut Arena) {
        let block = arena.alloc(self.len() * T::SIZE, T::ALIGN);
        for (i, item) in self.iter().enumerate() {
            item.store(block + i * T::SIZE, arena);
        }
        *(ptr as *mut u32) = block as u32;
        *((ptr + 4) as *mut u32) = self.len() as u32;
    }
}

unsafe impl<A: Abi, B: Abi> Abi for (A, B) {
    const SIZE: usize = record_size(&[(A::SIZE, A::ALIGN), (B::SIZE, B::ALIGN)]);
    const ALIGN: usize = record_align(&[(A::SIZE, A::ALIGN), (B::SIZE, B::ALIGN)]);
    const FLAT: usize = A::FLAT + B::FLAT;
    unsafe fn lift_flat(flat: &mut Flat) -> Self {
        let a = A::lift_flat(flat);
        (a, B::lift_flat(flat))
    }
    unsafe fn load(ptr: usize) -> Self {
        let mut offset = 0;
        let a = load_field(ptr, &mut offset);
        (a, load_field(ptr, &mut offset))
    }
    unsafe fn store(&self, ptr: usize, arena: &mut Arena) {
        let mut offset = 0;
        store_field(&self.0, ptr, &mut offset, arena);
        store_field(&self.1, ptr, &mut offset, arena);
    }
}

unsafe impl<T: Abi> Abi for Option<T> {
    const SIZE: usize = variant_size(2, T::SIZE, T::ALIGN);
    const ALIGN: usize = max(1, T::ALIGN);
    const FLAT: usize = 1 + T::FLAT;
    unsafe fn lift_flat(flat: &mut Flat) -> Self {
        match lift_discriminant(flat, 2) {
            0 => {
                lift_case::<()>(flat, T::FLAT);
                None
            }
            _ => Some(lift_case(flat, T::FLAT)),
        }
    }
    unsafe fn load(ptr: usize) -> Self {
        match load_discriminant(ptr, 2) {
            0 => None,
            1 => Some(T::load(ptr + payload_offset(2, T::ALIGN))),
            _ => trap(),
        }
    }
    unsafe fn store(&self, ptr: usize, arena: &mut Arena) {
        match self {
            None => store_discriminant(ptr, 2, 0),
            Some(v) => {
                store_discriminant(ptr, 2, 1);
                v.store(ptr + payload_offset(2, T::ALIGN), arena);
            }
        }
    }
}

unsafe impl<T: Abi, E: Abi> Abi for Result<T, E> {
    const SIZE: usize = variant_size(2, max(T::SIZE, E::SIZE), max(T::ALIGN, E::ALIGN));
    const ALIGN: usize = max(1, max(T::ALIGN, E::ALIGN));
    const FLAT: usize = 1 + max(T::FLAT, E::FLAT);
    unsafe fn lift_flat(flat: &mut Flat) -> Self {
        let slots = max(T::FLAT, E::FLAT);
        match lift_discriminant(flat, 2) {
            0 => Ok(lift_case(flat, slots)),
            _ => Err(lift_case(flat, slots)),
        }
    }
    unsafe fn load(ptr: usize) -> Self {
        let payload = ptr + payload_offset(2, max(T::ALIGN, E::ALIGN));
        match load_discriminant(ptr, 2) {
            0 => Ok(T::load(payload)),
            1 => Err(E::load(payload)),
            _ => trap(),
        }
    }
    unsafe fn store(&self, ptr: usize, arena: &mut Arena) {
        let payload = ptr + payload_offset(2, max(T::ALIGN, E::ALIGN));
        match self {
            Ok(v) => {
                store_discriminant(ptr, 2, 0);
                v.store(payload, arena);
            }
            Err(e) => {
                store_discriminant(ptr, 2, 1);
                e.store(payload, arena);
            }
        }
    }
}

/// Defines a WIT `record` as a Rust struct (fields in the WIT's order, each a type with an
/// [`Abi`]) and its canonical ABI: size, alignment and flattening from its fields, lifted and
/// stored field by field. For the records of a world of your own; the plinth world's records
/// are defined with it too.
///
/// ```ignore
/// plinth_sdk::component_record! {
///     /// `record line { sku: string, qty: u32, price-cents: u64 }`
///     Line { sku: String, qty: u32, price_cents: u64 }
/// }
/// ```
#[macro_export]
macro_rules! component_record {
    ($(#[$meta:meta])* $name:ident { $($(#[$fmeta:meta])* $field:ident : $ty:ty),* $(,)? }) => {
        $(#[$meta])*
        #[derive(Clone, Debug, PartialEq)]
        #[allow(missing_docs)] // the WIT's field names say it
        pub struct $name {
            $($(#[$fmeta])* pub $field: $ty),*
        }

        unsafe impl $crate::component::abi::Abi for $name {
            const SIZE: usize = $crate::component::abi::record_size(
                &[$((<$ty as $crate::component::abi::Abi>::SIZE, <$ty as $crate::component::abi::Abi>::ALIGN)),*]);
            const ALIGN: usize = $crate::component::abi::record_align(
                &[$((<$ty as $crate::component::abi::Abi>::SIZE, <$ty as $crate::component::abi::Abi>::ALIGN)),*]);
            const FLAT: usize = 0 $(+ <$ty as $crate::component::abi::Abi>::FLAT)*;
            unsafe fn lift_flat(flat: &mut $crate::component::abi::Flat) -> Self {
                // Struct expressions evaluate their fields in the order written: the ABI's order.
                $name { $($field: <$ty as $crate::component::abi::Abi>::lift_flat(flat)),* }
            }
            unsafe fn load(ptr: usize) -> Self {
                let mut offset = 0;
                $name { $($field: $crate::component::abi::load_field::<$ty>(ptr, &mut offset)),* }
            }
            unsafe fn store(&self, ptr: usize, arena: &mut $crate::component::abi::Arena) {
                let mut offset = 0;
                $($crate::component::abi::store_field(&self.$field, ptr, &mut offset, arena);)*
                let _ = offset;
            }
        }
    };
}

/// Lifts an export's flat parameters of type `T` from the core parameters (each `i32`
/// zero-extended, as [`Flat`] carries them; `T` must flatten to `i32`s only and fit 16 values).
///
/// # Safety
/// As [`Abi::lift_flat`]: the values must be what the host lowered for `T`.
pub unsafe fn lift_flat_i32s<T: Abi>(params: &[i32]) -> T {
    if params.len() != T::FLAT {
        trap()
    }
    let mut bits = [0u64; 16];
    for (slot, p) in bits.iter_mut().zip(params) {
        *slot = *p as u32 as u64;
    }
    T::lift_flat(&mut Flat::new(&bits[..params.len()]))
}
