//! `text-transformer`: a small Plinth sample plugin.
//!
//! * `transform` (text -> text): changes the text as config `mode` says
//!   (`upper`, `lower`, `reverse`, `title` or `snake`; default `upper`), then
//!   adds config `prefix` and `suffix` if set.
//! * `echo` (bytes -> bytes): returns the input unchanged.
//! * `count_vowels` (text -> json): Extism's classic sample,
//!   `{"count":3,"total":3,"vowels":"aeiouAEIOU"}`, where `total` is a running
//!   total kept in the variable `total` and `vowels` can be set in config.

use plinth_sdk::{config, var, Error, Json};

plinth_sdk::plugin_fn! {
    /// Transforms text according to the `mode`, `prefix` and `suffix` config.
    pub fn transform(input: String) -> Result<String, Error> {
        let mode = config::get("mode").unwrap_or_else(|| "upper".to_string());
        let body = apply(&mode, &input)?;
        let prefix = config::get("prefix").unwrap_or_default();
        let suffix = config::get("suffix").unwrap_or_default();
        Ok(format!("{}{}{}", prefix, body, suffix))
    }

    /// Returns the input bytes unchanged.
    pub fn echo(input: Vec<u8>) -> Vec<u8> {
        input
    }

    /// Counts the vowels in the input and keeps a running total.
    pub fn count_vowels(input: String) -> Result<Json, Error> {
        let vowels = config::get("vowels").unwrap_or_else(|| "aeiouAEIOU".to_string());
        let count = input.chars().filter(|c| vowels.contains(*c)).count() as u64;
        let total = var::get_u64("total").unwrap_or(0) + count;
        var::set_u64("total", total)?;
        Ok(Json::object([
            ("count", Json::from(count)),
            ("total", Json::from(total)),
            ("vowels", Json::from(vowels)),
        ]))
    }
}

/// Applies one transformation mode to `text`.
fn apply(mode: &str, text: &str) -> Result<String, Error> {
    match mode.trim().to_ascii_lowercase().as_str() {
        "upper" => Ok(text.to_uppercase()),
        "lower" => Ok(text.to_lowercase()),
        "reverse" => Ok(text.chars().rev().collect()),
        "title" => Ok(title_case(text)),
        "snake" => Ok(snake_case(text)),
        _ => Err(Error::new(format!(
            "unknown mode `{}` (expected upper, lower, reverse, title or snake)",
            mode
        ))),
    }
}

/// Upper-cases the first letter of every whitespace-separated word and
/// lower-cases the rest, keeping the whitespace as it is.
fn title_case(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut word_start = true;
    for c in text.chars() {
        if c.is_whitespace() {
            word_start = true;
            out.push(c);
        } else if word_start {
            word_start = false;
            out.extend(c.to_uppercase());
        } else {
            out.extend(c.to_lowercase());
        }
    }
    out
}

/// `Hello World`, `helloWorld` and `HTTPServer error` become `hello_world`,
/// `hello_world` and `http_server_error`.
fn snake_case(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len() + 4);
    let mut gap = false;
    for (i, &c) in chars.iter().enumerate() {
        if !c.is_alphanumeric() {
            gap = !out.is_empty();
            continue;
        }
        if c.is_uppercase() && i > 0 {
            let prev = chars[i - 1];
            let next_is_lower = chars.get(i + 1).map_or(false, |n| n.is_lowercase());
            if prev.is_lowercase() || prev.is_numeric() || (prev.is_uppercase() && next_is_lower) {
                gap = !out.is_empty();
            }
        }
        if gap {
            out.push('_');
            gap = false;
        }
        out.extend(c.to_lowercase());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use plinth_sdk::testing;

    fn transform_with(mode: &str, input: &str) -> Result<String, String> {
        testing::set_config("mode", mode);
        testing::call(transform, input)
            .map(|out| String::from_utf8(out).unwrap())
            .map_err(|e| e.message.unwrap_or_default())
    }

    #[test]
    fn modes() {
        assert_eq!(transform_with("upper", "Hello, wörld").unwrap(), "HELLO, WÖRLD");
        assert_eq!(transform_with("lower", "Hello, WÖRLD").unwrap(), "hello, wörld");
        assert_eq!(transform_with("reverse", "abc😀").unwrap(), "😀cba");
        assert_eq!(transform_with("title", "hello  wORLD\tagain").unwrap(), "Hello  World\tAgain");
        assert_eq!(transform_with("snake", "Hello World").unwrap(), "hello_world");
        assert_eq!(transform_with("snake", "helloWorld").unwrap(), "hello_world");
        assert_eq!(transform_with("snake", "HTTPServer error-code").unwrap(), "http_server_error_code");
        assert_eq!(transform_with(" Upper ", "x").unwrap(), "X");
    }

    #[test]
    fn default_mode_and_affixes() {
        testing::set_config("prefix", "<");
        testing::set_config("suffix", ">");
        assert_eq!(testing::call(transform, "hi").unwrap(), b"<HI>");
    }

    #[test]
    fn unknown_mode_is_an_error_naming_the_mode() {
        assert_eq!(
            transform_with("shout", "x").unwrap_err(),
            "unknown mode `shout` (expected upper, lower, reverse, title or snake)"
        );
    }

    #[test]
    fn echo_returns_bytes() {
        assert_eq!(testing::call(echo, [0u8, 1, 255]).unwrap(), [0u8, 1, 255]);
    }

    #[test]
    fn count_vowels_keeps_a_running_total() {
        assert_eq!(
            testing::call(count_vowels, "Hello, World!").unwrap(),
            br#"{"count":3,"total":3,"vowels":"aeiouAEIOU"}"#
        );
        assert_eq!(
            testing::call(count_vowels, "aaa").unwrap(),
            br#"{"count":3,"total":6,"vowels":"aeiouAEIOU"}"#
        );
        testing::set_config("vowels", "aeiouyAEIOUY");
        testing::set_var("total", "0");
        assert_eq!(
            testing::call(count_vowels, "Yay").unwrap(),
            br#"{"count":3,"total":3,"vowels":"aeiouyAEIOUY"}"#
        );
    }
}
