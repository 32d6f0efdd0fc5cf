//! `log-enricher`: a Plinth sample plugin that turns log lines into
//! structured JSON enriched with context from the application.
//!
//! `enrich` (text -> json) takes a plain line (`WARN disk almost full`,
//! `[error] timeout`, `hello`) or a JSON object (`{"level":"warn",
//! "message":"...","user":"u-42"}`) and returns
//! `{"seq":1,"level":"warn","message":"...","service":"checkout","user":"u-42","context":...}`:
//!
//! * `seq` counts calls, in the variable `seq` (shared across calls);
//! * `service` comes from config `service`;
//! * `context` is what the application's host function `lookup-context`
//!   returns for the line's `user`, or for the service name when there is no
//!   user (embedded as JSON if it is JSON, else as a string; `null` if the
//!   host returns nothing).

use plinth_sdk::{config, log, var, Error, Json};

plinth_sdk::host_fn! {
    /// Asks the application for context about a key (a user id or a service name).
    #[link_name = "lookup-context"]
    fn lookup_context(key: &str) -> Option<Vec<u8>>;
}

plinth_sdk::plugin_fn! {
    /// Parses and enriches one log line.
    pub fn enrich(input: String) -> Result<Json, Error> {
        let service = config::get("service").unwrap_or_else(|| "unknown".to_string());
        let line = LogLine::parse(&input);

        let seq = var::get_u64("seq").unwrap_or(0) + 1;
        var::set_u64("seq", seq)?;

        let key = line.user.as_deref().unwrap_or(&service);
        let context = match lookup_context(key)? {
            Some(bytes) => Json::from_slice(&bytes)
                .unwrap_or_else(|_| Json::from(String::from_utf8_lossy(&bytes).into_owned())),
            None => Json::Null,
        };
        log::info!("enriched log line #{} (context key {})", seq, key);

        let mut out = Json::object([
            ("seq", Json::from(seq)),
            ("level", Json::from(line.level)),
            ("message", Json::from(line.message)),
            ("service", Json::from(service)),
        ]);
        if let Some(user) = line.user {
            out["user"] = Json::from(user);
        }
        out["context"] = context;
        Ok(out)
    }
}

/// The parts of a log line that the plugin understands.
#[derive(Debug, PartialEq)]
struct LogLine {
    level: &'static str,
    message: String,
    user: Option<String>,
}

impl LogLine {
    fn parse(input: &str) -> LogLine {
        let input = input.trim();
        if let Ok(Json::Object(fields)) = Json::parse(input) {
            let text = |keys: &[&str]| {
                keys.iter().find_map(|k| match fields.get(k) {
                    Some(Json::String(s)) => Some(s.clone()),
                    Some(Json::Null) | None => None,
                    Some(other) => Some(other.to_string()),
                })
            };
            return LogLine {
                level: text(&["level", "severity"]).and_then(|l| level(&l)).unwrap_or("info"),
                message: text(&["message", "msg"]).unwrap_or_default(),
                user: text(&["user", "user_id"]),
            };
        }
        // `WARN text`, `[warn] text`, `warn: text`; anything else is info.
        let (first, rest) = input.split_once(char::is_whitespace).unwrap_or((input, ""));
        let word = first.trim_matches(|c| c == '[' || c == ']' || c == ':');
        match level(word) {
            Some(level) => LogLine {
                level,
                message: rest.trim().to_string(),
                user: None,
            },
            None => LogLine {
                level: "info",
                message: input.to_string(),
                user: None,
            },
        }
    }
}

/// Normalises a level name.
fn level(word: &str) -> Option<&'static str> {
    match word.to_ascii_lowercase().as_str() {
        "trace" => Some("trace"),
        "debug" => Some("debug"),
        "info" => Some("info"),
        "warn" | "warning" => Some("warn"),
        "error" | "err" | "fatal" => Some("error"),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use plinth_sdk::log::Level;
    use plinth_sdk::testing;

    fn context_host() {
        testing::register_host_fn("lookup-context", |args| match &args[0][..] {
            b"u-42" => Some(br#"{"plan":"pro"}"#.to_vec()),
            b"checkout" => Some(b"eu-west".to_vec()),
            _ => None,
        });
    }

    #[test]
    fn text_lines() {
        context_host();
        testing::set_config("service", "checkout");
        assert_eq!(
            testing::call(enrich, "WARN disk almost full\n").unwrap(),
            br#"{"seq":1,"level":"warn","message":"disk almost full","service":"checkout","context":"eu-west"}"#
        );
        assert_eq!(
            testing::call(enrich, "just text").unwrap(),
            br#"{"seq":2,"level":"info","message":"just text","service":"checkout","context":"eu-west"}"#
        );
        assert_eq!(testing::var("seq").as_deref(), Some(&b"2"[..]));
        assert_eq!(
            testing::logs(),
            vec![
                (Level::Info, "enriched log line #1 (context key checkout)".to_string()),
                (Level::Info, "enriched log line #2 (context key checkout)".to_string()),
            ]
        );
    }

    #[test]
    fn json_lines() {
        context_host();
        assert_eq!(
            testing::call(enrich, r#"{"level":"ERROR","msg":"payment failed","user":"u-42"}"#).unwrap(),
            br#"{"seq":1,"level":"error","message":"payment failed","service":"unknown","user":"u-42","context":{"plan":"pro"}}"#
        );
        assert_eq!(
            testing::call(enrich, r#"{"message":"hi","user":"u-7"}"#).unwrap(),
            br#"{"seq":2,"level":"info","message":"hi","service":"unknown","user":"u-7","context":null}"#
        );
    }

    #[test]
    fn parsing() {
        assert_eq!(LogLine::parse("[debug] x y").level, "debug");
        assert_eq!(LogLine::parse("error: boom").message, "boom");
        assert_eq!(LogLine::parse("Warning").level, "warn");
        assert_eq!(LogLine::parse("{not json").message, "{not json");
        assert_eq!(LogLine::parse(r#"{"level":"verbose","message":1}"#).level, "info");
        assert_eq!(LogLine::parse(r#"{"level":"verbose","message":1}"#).message, "1");
    }
}
