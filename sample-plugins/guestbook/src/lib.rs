//! `guestbook`: a small plugin that uses the lifecycle and every host service.
//!
//! * `plinth_initialize` reads `title` and `max-message-length` from its config
//!   (refusing a length that is not a positive number) and the granted
//!   environment variable `GUESTBOOK_OWNER`;
//! * `sign` keeps an entry in the key-value store (`entry:000001`, ...; the
//!   counter under `seq`), appends a line to `guestbook.log` in the data
//!   directory (taking the entry back if it cannot) and emits `guestbook.signed`; `entries` lists entries by key
//!   prefix, `remove` deletes one and emits `guestbook.removed`, `journal`
//!   returns the log file; `welcome` fetches the text at config `welcome-url`
//!   over HTTP when one is configured (keeping it in the store), else greets
//!   with the title;
//! * `plinth_status` reports the title, the owner, the entries in the store, the
//!   entries this instance signed and the log's size;
//! * `plinth_shutdown` writes a summary, `summary.json`, into the data directory.
//!
//! Built for `wasm32-wasi`, since the data directory is reached with `std::fs`.

use plinth_sdk::{events, kv, Error, Json};
use std::cell::RefCell;
use std::fs::{self, OpenOptions};
use std::io::Write;

/// Where the entries live in the store; the counter is kept under [`SEQ`].
const ENTRY: &str = "entry:";
const SEQ: &str = "seq";
const LOG: &str = "guestbook.log";
const SUMMARY: &str = "summary.json";
const OWNER_VAR: &str = "GUESTBOOK_OWNER";

/// What `plinth_initialize` read, kept by this instance.
#[derive(Clone)]
struct Settings {
    title: String,
    max_message: usize,
    owner: Option<String>,
}

thread_local! {
    static SETTINGS: RefCell<Option<Settings>> = RefCell::new(None);
    static SIGNED: RefCell<u64> = RefCell::new(0);
}

#[cfg(target_arch = "wasm32")]
extern "C" {
    fn __wasm_call_ctors();
}

/// The WASI reactor entry point: runs the static constructors (wasi-libc finds
/// the preopened `/data` there) once per instance.
#[cfg(target_arch = "wasm32")]
#[no_mangle]
pub extern "C" fn _initialize() {
    unsafe { __wasm_call_ctors() };
}

/// The path of `name` in the data directory: `/data/name` in the plugin, a
/// directory per test thread under `cargo test`.
#[cfg(target_arch = "wasm32")]
fn data_file(name: &str) -> String {
    plinth_sdk::data::path(name)
}

#[cfg(not(target_arch = "wasm32"))]
fn data_file(name: &str) -> String {
    let dir = std::env::temp_dir().join(format!(
        "guestbook-test-{}-{:?}",
        std::process::id(),
        std::thread::current().id()
    ));
    fs::create_dir_all(&dir).expect("a test data directory");
    dir.join(name).to_string_lossy().into_owned()
}

fn settings() -> Result<Settings, Error> {
    SETTINGS
        .with(|s| s.borrow().clone())
        .ok_or_else(|| Error::new("not initialized: plinth_initialize did not run on this instance"))
}

fn initialize(config: Json) -> Result<(), Error> {
    let title = config["title"].as_str().unwrap_or("Guestbook").to_string();
    let max_message = match config["max-message-length"].as_str() {
        None => 280,
        Some(text) => match text.trim().parse::<usize>() {
            Ok(n) if n > 0 => n,
            _ => plinth_sdk::bail!("config key `max-message-length` is \"{}\": it must be a positive number", text),
        },
    };
    let owner = plinth_sdk::env::var(OWNER_VAR);
    plinth_sdk::log::info!(
        "guestbook \"{}\" ready for {} (messages up to {} characters)",
        title,
        owner.as_deref().unwrap_or("nobody"),
        max_message
    );
    SETTINGS.with(|s| *s.borrow_mut() = Some(Settings { title, max_message, owner }));
    Ok(())
}

fn status() -> Result<Json, Error> {
    let settings = settings()?;
    let entries = kv::list(ENTRY)?.len();
    let log_bytes = fs::metadata(data_file(LOG)).map(|m| m.len()).unwrap_or(0);
    Ok(Json::object([
        ("title", Json::from(settings.title)),
        ("owner", settings.owner.map(Json::from).unwrap_or(Json::Null)),
        ("entries", Json::from(entries as u64)),
        ("signed", Json::from(SIGNED.with(|c| *c.borrow()))),
        ("log-bytes", Json::from(log_bytes)),
    ]))
}

fn shutdown() -> Result<(), Error> {
    let summary = Json::object([
        ("entries", Json::from(kv::list(ENTRY)?.len() as u64)),
        ("signed", Json::from(SIGNED.with(|c| *c.borrow()))),
    ]);
    fs::write(data_file(SUMMARY), summary.to_string()).map_err(|e| Error::new(format!("{}: {}", SUMMARY, e)))?;
    plinth_sdk::log::info!("guestbook shut down: {}", summary);
    Ok(())
}

/// Appends one line to the log in the data directory.
fn journal_line(line: &str) -> Result<(), Error> {
    let mut file = OpenOptions::new()
        .create(true)
        .append(true)
        .open(data_file(LOG))
        .map_err(|e| Error::new(format!("{}: {}", LOG, e)))?;
    file.write_all(format!("{}\n", line).as_bytes()).map_err(|e| Error::new(format!("{}: {}", LOG, e)))
}

/// One line of text: tabs and line breaks become spaces, so the log stays one entry a line.
fn one_line(text: &str) -> String {
    text.chars().map(|c| if c.is_control() { ' ' } else { c }).collect()
}

plinth_sdk::initialize!(initialize);
plinth_sdk::status!(status);
plinth_sdk::shutdown!(shutdown);
plinth_sdk::metadata! {
    description: "A guestbook over the key-value store, events and the data directory",
    author: "The Plinth authors",
    capabilities: ["sign", "entries", "remove", "journal", "welcome", "kv", "events", "data-dir", "env", "http"],
}

plinth_sdk::plugin_fn! {
    /// `sign`: `{"name", "message"}` in; stores the entry, logs it, emits
    /// `guestbook.signed`; `{"key", "entries"}` out.
    pub fn sign(input: Json) -> Result<Json, Error> {
        let settings = settings()?;
        let name = input["name"].as_str().map(str::trim).unwrap_or("");
        let message = input["message"].as_str().map(str::trim).unwrap_or("");
        if name.is_empty() || message.is_empty() {
            plinth_sdk::bail!("sign needs a non-empty \"name\" and \"message\"");
        }
        let length = message.chars().count();
        if length > settings.max_message {
            plinth_sdk::bail!("the message has {} characters, more than max-message-length, {}", length, settings.max_message);
        }
        let seq = kv::get_str(SEQ)?.and_then(|s| s.parse::<u64>().ok()).unwrap_or(0) + 1;
        let key = format!("{}{:06}", ENTRY, seq);
        let entry = Json::object([("name", name), ("message", message)]);
        kv::set(SEQ, seq.to_string())?;
        kv::set(&key, entry.to_string())?;
        // an entry that is not in the log is not kept (its number is not reused) and not announced
        if let Err(e) = journal_line(&format!("signed\t{}\t{}\t{}", key, one_line(name), one_line(message))) {
            kv::delete(&key)?;
            return Err(e);
        }
        events::emit("guestbook.signed", &Json::object([("key", key.as_str()), ("name", name)]).to_string())?;
        SIGNED.with(|c| *c.borrow_mut() += 1);
        let entries = kv::list(ENTRY)?.len() as u64;
        plinth_sdk::log::info!("{} signed as {} ({} entries)", name, key, entries);
        Ok(Json::object([("key", Json::from(key)), ("entries", Json::from(entries))]))
    }

    /// `entries`: the entries whose key starts with `entry:` and then the input, oldest first.
    pub fn entries(prefix: String) -> Result<Json, Error> {
        let mut out = Json::array(Vec::<Json>::new());
        for key in kv::list(&format!("{}{}", ENTRY, prefix.trim().trim_start_matches(ENTRY)))? {
            if let Some(value) = kv::get_str(&key)? {
                let entry = Json::parse(&value).map_err(|e| Error::new(format!("entry {}: {}", key, e)))?;
                out.push(Json::object([
                    ("key", Json::from(key.as_str())),
                    ("name", entry["name"].clone()),
                    ("message", entry["message"].clone()),
                ]));
            }
        }
        Ok(out)
    }

    /// `remove`: deletes an entry by key; emits `guestbook.removed` when it was there.
    pub fn remove(key: String) -> Result<Json, Error> {
        let key = key.trim();
        if !key.starts_with(ENTRY) {
            plinth_sdk::bail!("\"{}\" is not an entry's key (they start with \"{}\")", key, ENTRY);
        }
        let removed = kv::delete(key)?;
        if removed {
            events::emit("guestbook.removed", &Json::object([("key", key)]).to_string())?;
            journal_line(&format!("removed\t{}", key))?;
        }
        Ok(Json::object([("removed", removed)]))
    }

    /// `welcome`: the text at config `welcome-url` (fetched over HTTP, kept under
    /// `welcome` in the store), or, without one, a greeting with the title.
    pub fn welcome() -> Result<String, Error> {
        let settings = settings()?;
        let url = match plinth_sdk::config::get("welcome-url") {
            Some(url) if !url.trim().is_empty() => url,
            _ => return Ok(format!("Welcome to {}", settings.title)),
        };
        let response = plinth_sdk::http::Request::get(url.trim()).header("accept", "text/plain").send()?;
        if !response.is_success() {
            plinth_sdk::bail!("welcome-url {} answered HTTP {}", url.trim(), response.status);
        }
        let text = response.text()?;
        kv::set("welcome", &text)?;
        plinth_sdk::log::info!("fetched the welcome text from {} ({} bytes)", url.trim(), text.len());
        Ok(text)
    }

    /// `journal`: the log in the data directory, empty before the first entry.
    pub fn journal() -> Result<String, Error> {
        match fs::read_to_string(data_file(LOG)) {
            Ok(text) => Ok(text),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(String::new()),
            Err(e) => Err(Error::new(format!("{}: {}", LOG, e))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use plinth_sdk::testing;

    fn start(config: &str) {
        let _ = fs::remove_file(data_file(LOG));
        testing::set_env(OWNER_VAR, "ada");
        initialize(Json::parse(config).unwrap()).unwrap();
    }

    fn sign_as(name: &str, message: &str) -> Json {
        let input = Json::object([("name", name), ("message", message)]).to_string();
        Json::from_slice(&testing::call(sign, input).unwrap()).unwrap()
    }

    #[test]
    fn signing_stores_emits_and_logs() {
        start(r#"{"title":"Visitors"}"#);
        assert_eq!(sign_as("Ada", "Hello")["key"], "entry:000001");
        let second = sign_as("Grace", "Hi\tthere");
        assert_eq!(second["key"], "entry:000002");
        assert_eq!(second["entries"].as_u64(), Some(2));
        assert_eq!(testing::events()[1], ("guestbook.signed".to_string(), r#"{"key":"entry:000002","name":"Grace"}"#.to_string()));
        assert!(testing::kv_entries().contains(&("seq".to_string(), b"2".to_vec())));
        let journal = String::from_utf8(testing::call(journal, "").unwrap()).unwrap();
        assert_eq!(journal, "signed\tentry:000001\tAda\tHello\nsigned\tentry:000002\tGrace\tHi there\n");

        let listed = Json::from_slice(&testing::call(entries, "").unwrap()).unwrap();
        assert_eq!(listed.as_array().unwrap().len(), 2);
        assert_eq!(listed[1]["message"], "Hi\tthere");
        let one = Json::from_slice(&testing::call(entries, "000001").unwrap()).unwrap();
        assert_eq!(one.as_array().unwrap().len(), 1);

        let state = status().unwrap();
        assert_eq!(state["title"], "Visitors");
        assert_eq!(state["owner"], "ada");
        assert_eq!(state["entries"].as_u64(), Some(2));
        assert_eq!(state["signed"].as_u64(), Some(2));
        assert_eq!(testing::live_blocks(), 0);
    }

    #[test]
    fn removing_deletes_and_emits_once() {
        start("{}");
        sign_as("Ada", "Hello");
        assert_eq!(testing::call(remove, "entry:000001").unwrap(), br#"{"removed":true}"#);
        assert_eq!(testing::call(remove, "entry:000001").unwrap(), br#"{"removed":false}"#);
        assert_eq!(testing::events().last().unwrap().0, "guestbook.removed");
        assert_eq!(testing::events().len(), 2);
        let err = testing::call(remove, "seq").unwrap_err();
        assert_eq!(err.message.as_deref(), Some("\"seq\" is not an entry's key (they start with \"entry:\")"));
        assert_eq!(sign_as("Grace", "Again")["key"], "entry:000002", "numbers are not reused");
    }

    #[test]
    fn bad_input_and_config_are_refused_with_reasons() {
        start(r#"{"max-message-length":"5"}"#);
        let err = testing::call(sign, r#"{"name":"Ada","message":"too long"}"#).unwrap_err();
        assert_eq!(err.message.as_deref(), Some("the message has 8 characters, more than max-message-length, 5"));
        let err = testing::call(sign, r#"{"name":" "}"#).unwrap_err();
        assert_eq!(err.message.as_deref(), Some("sign needs a non-empty \"name\" and \"message\""));
        assert!(testing::kv_entries().is_empty());
        let err = initialize(Json::parse(r#"{"max-message-length":"lots"}"#).unwrap()).unwrap_err();
        assert_eq!(err.message(), "config key `max-message-length` is \"lots\": it must be a positive number");
    }

    #[test]
    fn welcome_is_fetched_when_configured() {
        start(r#"{"title":"Visitors"}"#);
        assert_eq!(testing::call(welcome, "").unwrap(), b"Welcome to Visitors");
        testing::set_config("welcome-url", "https://example.com/welcome");
        testing::set_http_handler(|request, _| {
            assert_eq!(request["url"], "https://example.com/welcome");
            (200, b"Sign below, please".to_vec(), Vec::new())
        });
        assert_eq!(testing::call(welcome, "").unwrap(), b"Sign below, please");
        assert!(testing::kv_entries().contains(&("welcome".to_string(), b"Sign below, please".to_vec())));
        testing::set_http_handler(|_, _| (503, Vec::new(), Vec::new()));
        let err = testing::call(welcome, "").unwrap_err();
        assert_eq!(err.message.as_deref(), Some("welcome-url https://example.com/welcome answered HTTP 503"));
    }

    #[test]
    fn shutdown_writes_a_summary() {
        start("{}");
        sign_as("Ada", "Hello");
        shutdown().unwrap();
        assert_eq!(fs::read_to_string(data_file(SUMMARY)).unwrap(), r#"{"entries":1,"signed":1}"#);
    }
}
