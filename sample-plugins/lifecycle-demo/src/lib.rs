//! A plugin that uses every lifecycle export of plinth-sdk.
//!
//! * `plinth_initialize` reads `greeting` from the config it is handed (not from
//!   `config::get`, so a caller can see the input arrived) and keeps it for the
//!   instance; without it, or while the var named by `wait-for-var` is unset, it
//!   fails and the version takes no traffic.
//! * `plinth_metadata` names the crate and its version, which the host checks
//!   against `plugin.toml`.
//! * `plinth_status` reports the greeting and how many calls this instance served.
//! * `plinth_shutdown` records that it ran in the var `shutdown`, or, with
//!   `shutdown = "hang"` in the config, never returns.

use plinth_sdk::{var, Error, Json};
use std::cell::RefCell;

thread_local! {
    static GREETING: RefCell<Option<String>> = RefCell::new(None);
    static CALLS: RefCell<u64> = RefCell::new(0);
}

fn initialize(config: Json) -> Result<(), Error> {
    let greeting = config["greeting"]
        .as_str()
        .ok_or_else(|| Error::new("config key `greeting` is missing: it is needed to greet anyone"))?
        .to_string();
    if let Some(name) = config["wait-for-var"].as_str() {
        if var::get(name).is_none() {
            return Err(Error::new(format!("not ready yet: the var `{}` is not set", name)));
        }
    }
    let count = var::get_u64("initialized").unwrap_or(0) + 1;
    var::set_u64("initialized", count)?;
    if config["shutdown"].as_str() == Some("hang") {
        var::set("hang-on-shutdown", "yes")?;
    }
    GREETING.with(|g| *g.borrow_mut() = Some(greeting));
    Ok(())
}

fn status() -> Json {
    let greeting = GREETING.with(|g| g.borrow().clone());
    let calls = CALLS.with(|c| *c.borrow());
    Json::object([
        ("greeting", greeting.map(Json::from).unwrap_or(Json::Null)),
        ("calls", Json::from(calls)),
    ])
}

fn shutdown() -> Result<(), Error> {
    if var::get("hang-on-shutdown").is_some() {
        // waits for a var nobody sets: a hang that only the host's shutdown deadline ends
        while var::get("never-set").is_none() {}
    }
    var::set("shutdown", "done")
}

plinth_sdk::initialize!(initialize);
plinth_sdk::status!(status);
plinth_sdk::shutdown!(shutdown);
plinth_sdk::metadata! {
    description: "Greets people; shows the lifecycle exports",
    author: "The Plinth authors",
    capabilities: ["greet", "status"],
}

plinth_sdk::plugin_fn! {
    /// `greet`: "name" in, "<greeting>, name" out, with the greeting initialize kept.
    pub fn greet(name: String) -> Result<String, Error> {
        let greeting = GREETING.with(|g| g.borrow().clone())
            .ok_or_else(|| Error::new("not initialized: plinth_initialize did not run on this instance"))?;
        CALLS.with(|c| *c.borrow_mut() += 1);
        Ok(format!("{}, {}", greeting, name))
    }
}
