//! `orders-component`: the records benchmark's component (see benchmarks/README.md), world
//! `bench:records/orders` of `orders.wit`. `total(o: order) -> summary` sums qty * price-cents
//! over the order's lines. `orders-json` does the same work on the same order as JSON, through
//! the Extism ABI.
//!
//! The glue is plinth-sdk's: `component_record!` gives each record its canonical ABI, the export
//! below takes the order's four flat core values (id and lines, each a pointer and a length) and
//! returns a pointer to the summary in a return area that `cabi_post_total` frees.

use plinth_sdk::component::abi::{self, Abi};

plinth_sdk::component_record! {
    /// `record line { sku: string, qty: u32, price-cents: u64 }`
    Line { sku: String, qty: u32, price_cents: u64 }
}

plinth_sdk::component_record! {
    /// `record order { id: string, lines: list<line> }`
    Order { id: String, lines: Vec<Line> }
}

plinth_sdk::component_record! {
    /// `record summary { id: string, lines: u32, total-cents: u64 }`
    Summary { id: String, lines: u32, total_cents: u64 }
}

fn total(order: Order) -> Summary {
    let total_cents = order
        .lines
        .iter()
        .fold(0u64, |sum, line| sum.wrapping_add(u64::from(line.qty).wrapping_mul(line.price_cents)));
    Summary { id: order.id, lines: order.lines.len() as u32, total_cents }
}

// The flattening the export's signature hard-codes, checked when the crate compiles.
const _: () = assert!(Order::FLAT == 4);

#[no_mangle]
unsafe extern "C" fn cabi_realloc(old: *mut u8, old_size: usize, align: usize, new_size: usize) -> *mut u8 {
    abi::realloc(old, old_size, align, new_size)
}

#[export_name = "total"]
unsafe extern "C" fn export_total(id_ptr: i32, id_len: i32, lines_ptr: i32, lines_len: i32) -> i32 {
    let order: Order = abi::lift_flat_i32s(&[id_ptr, id_len, lines_ptr, lines_len]);
    abi::lower_result(&total(order))
}

#[export_name = "cabi_post_total"]
extern "C" fn export_total_post(_: i32) {
    abi::post_return()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sums_qty_times_price() {
        let order = Order {
            id: "o-1".to_string(),
            lines: vec![
                Line { sku: "a".to_string(), qty: 2, price_cents: 150 },
                Line { sku: "b".to_string(), qty: 3, price_cents: 1000 },
            ],
        };
        assert_eq!(total(order), Summary { id: "o-1".to_string(), lines: 2, total_cents: 3300 });
    }
}
