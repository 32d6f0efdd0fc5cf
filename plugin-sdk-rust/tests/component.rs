//! The canonical ABI layouts of wit/plinth.wit's types, worked out by hand from CanonicalABI.md.
//! (The glue itself runs in the Java tests, on the components built from sample-plugins.)
#![cfg(feature = "component")]

use plinth_sdk::component::abi::Abi;
use plinth_sdk::component::*;

fn layout<T: Abi>() -> (usize, usize, usize) {
    (T::SIZE, T::ALIGN, T::FLAT)
}

#[test]
fn scalars_strings_and_lists() {
    assert_eq!(layout::<u8>(), (1, 1, 1));
    assert_eq!(layout::<u64>(), (8, 8, 1));
    assert_eq!(layout::<f64>(), (8, 8, 1));
    assert_eq!(layout::<f32>(), (4, 4, 1));
    assert_eq!(layout::<String>(), (8, 4, 2));
    assert_eq!(layout::<Vec<(String, String)>>(), (8, 4, 2));
    assert_eq!(layout::<(String, String)>(), (16, 4, 4));
}

#[test]
fn scalars_lift_from_their_flat_bits() {
    let values = [1.5f64.to_bits(), u64::from(2.5f32.to_bits()), 300, 0xffff_ffff, 2];
    let mut flat = abi::Flat::new(&values);
    unsafe {
        assert_eq!(f64::lift_flat(&mut flat), 1.5);
        assert_eq!(f32::lift_flat(&mut flat), 2.5);
        assert_eq!(u8::lift_flat(&mut flat), 44);
        assert_eq!(i32::lift_flat(&mut flat), -1);
        assert!(bool::lift_flat(&mut flat));
    }
}

#[test]
fn options_results_and_enums() {
    // option<string>: 1-byte discriminant, payload at 4.
    assert_eq!(layout::<Option<String>>(), (12, 4, 3));
    // result<_, string>: the same shape.
    assert_eq!(layout::<Result<(), String>>(), (12, 4, 3));
    assert_eq!(layout::<Health>(), (1, 1, 1));
    assert_eq!(layout::<Level>(), (1, 1, 1));
}

#[test]
fn the_worlds_records_and_variants() {
    // name, version, description, author, capabilities: five pointer pairs.
    assert_eq!(layout::<Metadata>(), (40, 4, 10));
    // health @0, message @4 (12 bytes), processed @16.
    assert_eq!(layout::<Status>(), (24, 8, 5));
    // text/binary (i32, i32) and number (f64) join to [i32 discriminant, i64, i32]; payload at 8.
    assert_eq!(layout::<Payload>(), (16, 8, 3));
    // id @0, operation @8, payload @16, attributes @32.
    assert_eq!(layout::<Request>(), (40, 8, 9));
    // id @0, payload @8, notes @24.
    assert_eq!(layout::<Response>(), (32, 8, 7));
    assert_eq!(layout::<ProcessError>(), (12, 4, 3));
    // result<response, error>: payload at 8, the wider case 32 bytes.
    assert_eq!(layout::<Result<Response, ProcessError>>(), (40, 8, 8));
}

plinth_sdk::component_record! {
    /// `record line { sku: string, qty: u32, price-cents: u64 }` (the records benchmark's world).
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

#[test]
fn records_of_a_world_of_ones_own() {
    // sku @0 (8 bytes), qty @8, price-cents aligned to 16; 24 bytes, aligned to 8; flat i32 i32 i32 i64.
    assert_eq!(layout::<Line>(), (24, 8, 4));
    // id @0, lines @8: two pointer pairs, four flat i32s.
    assert_eq!(layout::<Order>(), (16, 4, 4));
    assert_eq!(layout::<Vec<Line>>(), (8, 4, 2));
    // id @0, lines @8, total-cents @16: more than one flat result, so it goes through a return area.
    assert_eq!(layout::<Summary>(), (24, 8, 4));
    let line = Line { sku: "a".to_string(), qty: 2, price_cents: 3 };
    assert_eq!(line.clone(), line);
}

#[test]
fn flat_parameters_of_an_empty_list_and_string_lift() {
    // An empty string and an empty list: dangling aligned pointers, length 0, nothing to free.
    let order: Order = unsafe { plinth_sdk::component::abi::lift_flat_i32s(&[1, 0, 4, 0]) };
    assert_eq!(order, Order { id: String::new(), lines: vec![] });
}

/// A handler for the application's events, exported by the macro (checked to compile and to run natively).
struct Tally;

impl EventHandler for Tally {
    fn on_event(event_type: String, payload: String) -> Result<(), String> {
        if event_type.is_empty() {
            Err("no type".to_string())
        } else {
            let _ = payload;
            Ok(())
        }
    }
}

plinth_sdk::component_event_handler!(Tally);

#[test]
fn an_event_handler_is_a_trait_the_macro_exports() {
    assert_eq!(Tally::on_event("order.created".to_string(), "{}".to_string()), Ok(()));
    assert_eq!(Tally::on_event(String::new(), String::new()), Err("no type".to_string()));
}
