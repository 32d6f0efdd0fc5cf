//! End-to-end tests of the SDK against the in-memory host in `plinth_sdk::testing`.

use plinth_sdk::log::Level;
use plinth_sdk::testing::{self, CallError, Outcome};
use plinth_sdk::{config, var, Error, Json, Memory};

plinth_sdk::plugin_fn! {
    /// Text in, text out.
    pub fn upper(input: String) -> Result<String, Error> {
        Ok(input.to_uppercase())
    }

    /// Bytes in, bytes out, infallible.
    fn echo(input: Vec<u8>) -> Vec<u8> {
        input
    }

    fn json_sum(input: Json) -> Result<Json, Error> {
        let mut sum = 0;
        for item in input.as_array().ok_or_else(|| Error::new("expected an array"))? {
            sum += item.as_i64().ok_or_else(|| Error::new(format!("not an integer: {}", item)))?;
        }
        Ok(Json::object([("sum", sum)]))
    }

    fn nothing() -> Result<(), Error> {
        Ok(())
    }

    fn maybe(input: String) -> Option<String> {
        if input.is_empty() { None } else { Some(input) }
    }

    fn failing() -> Result<String, Error> {
        Err(Error::new("validation failed: field x").with_code(3))
    }

    fn parse_error(input: String) -> Result<String, Error> {
        let n: i32 = input.parse()?;
        Ok(n.to_string())
    }

    fn output_twice() -> Result<&'static str, Error> {
        plinth_sdk::output("first")?;
        Ok("second")
    }

    #[export_name = "renamed-export"]
    #[allow(clippy::needless_pass_by_value)]
    fn renamed(input: String) -> String {
        input
    }
}

plinth_sdk::host_fn! {
    #[link_name = "echo-host"]
    fn echo_host(input: &[u8]) -> Vec<u8>;

    fn concat(a: &str, b: String, c: &Json) -> String;

    #[link_name = "maybe-value"]
    fn maybe_value(key: &str) -> Option<String>;

    fn fire(event: &str);

    fn no_args() -> String;
}

#[test]
fn text_export() {
    assert_eq!(testing::call(upper, "héllo").unwrap(), "HÉLLO".as_bytes());
    assert_eq!(testing::live_blocks(), 0);
}

#[test]
fn invalid_utf8_input_is_an_error_not_a_panic() {
    let err = testing::call(upper, [b'a', 0xff, b'b']).unwrap_err();
    assert_eq!(err.code, 1);
    assert_eq!(
        err.message.as_deref(),
        Some("input: not valid UTF-8: invalid utf-8 sequence of 1 bytes from index 1")
    );
    assert_eq!(testing::live_blocks(), 0);
}

#[test]
fn bytes_export_all_lengths() {
    // Exercise the 8-byte chunks and every tail length.
    for len in 0..40 {
        let data: Vec<u8> = (0..len).map(|i| (i * 37 + 11) as u8).collect();
        assert_eq!(testing::call(echo, &data).unwrap(), data, "length {}", len);
    }
    let big: Vec<u8> = (0..100_003u32).map(|i| (i % 251) as u8).collect();
    assert_eq!(testing::call(echo, &big).unwrap(), big);
    assert_eq!(testing::live_blocks(), 0);
}

#[test]
fn empty_output_is_set_but_empty() {
    let outcome = testing::call_outcome(echo, "");
    assert_eq!(
        outcome,
        Outcome {
            code: 0,
            output: Some(Vec::new()),
            error: None
        }
    );
}

#[test]
fn json_export() {
    assert_eq!(testing::call(json_sum, "[1, 2, 39]").unwrap(), br#"{"sum":42}"#);
    let err = testing::call(json_sum, "[1, 2,]").unwrap_err();
    assert_eq!(
        err.message.as_deref(),
        Some("input: not valid JSON: expected a value at line 1, column 7")
    );
    let err = testing::call(json_sum, "[1, 2.5]").unwrap_err();
    assert_eq!(err.message.as_deref(), Some("not an integer: 2.5"));
}

#[test]
fn unit_and_option_outputs() {
    assert_eq!(testing::call_outcome(nothing, "ignored").output, None);
    assert_eq!(testing::call_outcome(maybe, "").output, None);
    assert_eq!(testing::call_outcome(maybe, "x").output, Some(b"x".to_vec()));
}

#[test]
fn errors_carry_code_and_message() {
    let err = testing::call(failing, "").unwrap_err();
    assert_eq!(
        err,
        CallError {
            code: 3,
            message: Some("validation failed: field x".to_string())
        }
    );
    assert_eq!(err.to_string(), "plugin error (code 3): validation failed: field x");
    let err = testing::call(parse_error, "x1").unwrap_err();
    assert_eq!(err.message.as_deref(), Some("invalid digit found in string"));
    assert_eq!(Error::new("x").with_code(0).code(), 1);
    assert_eq!(testing::live_blocks(), 0);
}

#[test]
fn last_output_wins() {
    assert_eq!(testing::call(output_twice, "").unwrap(), b"second");
    assert_eq!(testing::live_blocks(), 0);
}

#[test]
fn renamed_export_is_still_a_rust_function() {
    assert_eq!(renamed("x".to_string()), "x");
    assert_eq!(testing::call(renamed, "y").unwrap(), b"y");
}

#[test]
fn config_values() {
    testing::set_config("mode", "upper");
    assert_eq!(config::get("mode").as_deref(), Some("upper"));
    assert_eq!(config::get("nope"), None);
    assert_eq!(config::get(""), None);
    assert_eq!(config::require("mode").unwrap(), "upper");
    assert_eq!(config::require("nope").unwrap_err().message(), "missing config key `nope`");
    assert_eq!(testing::live_blocks(), 0);
}

#[test]
fn variables() {
    assert_eq!(var::get("count"), None);
    var::set("count", "1").unwrap();
    assert_eq!(testing::var("count").as_deref(), Some(&b"1"[..]));
    assert_eq!(var::get_u64("count"), Some(1));
    var::set_u64("count", 2).unwrap();
    assert_eq!(var::get_str("count").as_deref(), Some("2"));
    var::set("bin", [0u8, 1, 2, 255]).unwrap();
    assert_eq!(var::get("bin"), Some(vec![0, 1, 2, 255]));
    var::remove("bin").unwrap();
    assert_eq!(var::get("bin"), None);
    var::set("count", "").unwrap(); // empty value removes
    assert_eq!(testing::var("count"), None);
    assert!(var::set("", "x").is_err());
    testing::set_var("from-host", "v");
    assert_eq!(var::get_str("from-host").as_deref(), Some("v"));
    assert_eq!(testing::live_blocks(), 0);
}

#[test]
fn logging_respects_the_host_level() {
    plinth_sdk::trace!("t {}", 0);
    plinth_sdk::log::info!("i {}", 1);
    testing::set_log_level(Some(Level::Warn));
    plinth_sdk::log::info!("hidden");
    plinth_sdk::log::warn!("w");
    plinth_sdk::error!("e");
    assert!(!plinth_sdk::log::enabled(Level::Info));
    assert!(plinth_sdk::log::enabled(Level::Error));
    testing::set_log_level(None);
    assert_eq!(plinth_sdk::log::level(), None);
    plinth_sdk::error!("off");
    plinth_sdk::log::write_unfiltered(Level::Error, "forced but filtered by host");
    plinth_sdk::log::write(Level::Error, "");
    assert_eq!(
        testing::logs(),
        vec![
            (Level::Trace, "t 0".to_string()),
            (Level::Info, "i 1".to_string()),
            (Level::Warn, "w".to_string()),
            (Level::Error, "e".to_string()),
        ]
    );
    assert_eq!(testing::live_blocks(), 0);
}

#[test]
fn host_functions() {
    testing::register_host_fn("echo-host", |args| Some(args[0].clone()));
    testing::register_host_fn("concat", |args| Some(args.concat()));
    testing::register_host_fn("maybe-value", |args| {
        if args[0] == b"yes" {
            Some(b"value".to_vec())
        } else {
            None
        }
    });
    testing::register_host_fn("fire", |args| {
        assert_eq!(args[0], b"boom");
        None
    });
    testing::register_host_fn("no_args", |args| {
        assert!(args.is_empty());
        Some(b"ok".to_vec())
    });
    assert_eq!(echo_host(b"abc").unwrap(), b"abc");
    assert_eq!(echo_host(b"").unwrap(), b"");
    assert_eq!(concat("a", "b".to_string(), &Json::from(1)).unwrap(), "ab1");
    assert_eq!(maybe_value("yes").unwrap().as_deref(), Some("value"));
    assert_eq!(maybe_value("no").unwrap(), None);
    fire("boom").unwrap();
    assert_eq!(no_args().unwrap(), "ok");
    assert_eq!(testing::live_blocks(), 0);
}

#[test]
fn host_function_result_decoding_errors() {
    testing::register_host_fn("concat", |_| Some(vec![0xff]));
    let err = concat("a", String::new(), &Json::Null).unwrap_err();
    assert_eq!(err.message(), "not valid UTF-8: invalid utf-8 sequence of 1 bytes from index 0");
    assert_eq!(testing::live_blocks(), 0);
}

#[test]
fn http_requests() {
    testing::set_http_handler(|req, body| {
        assert_eq!(req["method"], "POST");
        assert_eq!(req["url"], "https://example.com/x");
        assert_eq!(req["headers"]["content-type"], "text/plain");
        assert_eq!(body, Some(&b"payload"[..]));
        (201, b"created".to_vec(), vec![("X-Id".to_string(), "7".to_string())])
    });
    let response = plinth_sdk::http::Request::post("https://example.com/x", "payload")
        .header("content-type", "text/plain")
        .send()
        .unwrap();
    assert_eq!(response.status, 201);
    assert!(response.is_success());
    assert_eq!(response.text().unwrap(), "created");
    assert_eq!(response.header("x-id"), Some("7"));
    assert!(response.json().is_err());
    assert_eq!(testing::live_blocks(), 0);
}

#[test]
fn memory_blocks() {
    let block = Memory::from_bytes(b"0123456789").unwrap();
    assert_eq!(Memory::find(block.offset()), Some(block));
    let mut buf = [0u8; 4];
    block.load(&mut buf);
    assert_eq!(&buf, b"0123");
    block.store(b"ab");
    assert_eq!(block.to_vec(), b"ab23456789");
    assert_eq!(block.take(), b"ab23456789");
    assert_eq!(Memory::find(block.offset()), None);
    assert_eq!(Memory::from_bytes(b"").unwrap(), Memory::null());
    assert_eq!(Memory::find(0), None);
    assert_eq!(testing::live_blocks(), 0);
}

#[test]
#[should_panic(expected = "store of 3 bytes into a block of 2")]
fn memory_store_checks_length() {
    Memory::from_bytes(b"ab").unwrap().store(b"abc");
}

#[test]
fn input_helpers() {
    plinth_sdk::plugin_fn! {
        fn manual() -> Result<Json, Error> {
            let raw = plinth_sdk::input_bytes();
            let parsed: Json = plinth_sdk::input()?;
            Ok(Json::object([("len", Json::from(raw.len())), ("value", parsed)]))
        }
    }
    assert_eq!(testing::call(manual, r#"{"a":1}"#).unwrap(), br#"{"len":7,"value":{"a":1}}"#);
}

#[test]
fn reset_clears_state() {
    testing::set_config("a", "b");
    testing::set_var("c", "d");
    testing::reset();
    assert_eq!(config::get("a"), None);
    assert_eq!(var::get("c"), None);
}
