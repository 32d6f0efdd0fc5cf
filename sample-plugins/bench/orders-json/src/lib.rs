//! `orders-json`: the records benchmark's Extism-ABI plugin (see benchmarks/README.md). `total`
//! takes the order that `orders-component` takes as WIT records, written as JSON in the
//! component JSON mapping (`{"id": "...", "lines": [{"sku": "...", "qty": 2, "price-cents": 150},
//! ...]}`), and answers the same summary as JSON: `{"id": "...", "lines": 100, "total-cents": N}`.
//! The same work: every line read, qty * price-cents summed.

use plinth_sdk::{Error, Json};

plinth_sdk::plugin_fn! {
    /// Sums the order.
    pub fn total(order: Json) -> Result<Json, Error> {
        let id = order.get("id").and_then(Json::as_str).ok_or_else(|| Error::new("order.id: expected a string"))?;
        let lines = order.get("lines").and_then(Json::as_array).ok_or_else(|| Error::new("order.lines: expected an array"))?;
        let mut total_cents = 0u64;
        for (i, line) in lines.iter().enumerate() {
            line.get("sku").and_then(Json::as_str).ok_or_else(|| Error::new(format!("order.lines[{}].sku: expected a string", i)))?;
            let qty = field_u64(line, i, "qty")?;
            if qty > u64::from(u32::MAX) {
                return Err(Error::new(format!("order.lines[{}].qty: {} is out of range for a u32", i, qty)));
            }
            let price = field_u64(line, i, "price-cents")?;
            total_cents = total_cents.wrapping_add(qty.wrapping_mul(price));
        }
        Ok(Json::object([
            ("id", Json::from(id)),
            ("lines", Json::from(lines.len() as u64)),
            ("total-cents", Json::from(total_cents)),
        ]))
    }
}

fn field_u64(line: &Json, i: usize, name: &str) -> Result<u64, Error> {
    line.get(name)
        .and_then(Json::as_u64)
        .ok_or_else(|| Error::new(format!("order.lines[{}].{}: expected an unsigned integer", i, name)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sums_qty_times_price() {
        let out = plinth_sdk::testing::call(
            total,
            r#"{"id":"o-1","lines":[{"sku":"a","qty":2,"price-cents":150},{"sku":"b","qty":3,"price-cents":1000}]}"#,
        )
        .unwrap();
        assert_eq!(String::from_utf8(out).unwrap(), r#"{"id":"o-1","lines":2,"total-cents":3300}"#);
    }
}
