//! Hostile: asks for a huge key-value store and floods it, and floods the
//! event queue, through plinth-sdk's `kv` and `events` (feature
//! `host-services`). Each export reports how far it got and the host's
//! refusal, as JSON: `{"count": n, "code": c, "message": "..."}`.

use plinth_sdk::{events, kv, Error, Json};

fn report(count: usize, code: i64, message: &str) -> Json {
    Json::object([
        ("count", Json::from(count as u64)),
        ("code", Json::from(code)),
        ("message", Json::from(message)),
    ])
}

plinth_sdk::plugin_fn! {
    /// Writes keys `<input>:0`, `<input>:1`, ... of 100 bytes until the host
    /// refuses one; then reads the first back and lists them by prefix.
    pub fn hoard(prefix: String) -> Result<Json, Error> {
        let value = [b'x'; 100];
        for i in 0..100_000usize {
            if let Err(e) = kv::set(&format!("{}:{}", prefix, i), &value[..]) {
                let listed = kv::list(&format!("{}:", prefix))?.len();
                let first = kv::get(&format!("{}:0", prefix))?.map_or(0, |v| v.len());
                let mut r = report(i, e.code, &e.message);
                r.insert("listed", listed as u64);
                r.insert("first", first as u64);
                return Ok(r);
            }
        }
        Ok(report(100_000, 0, ""))
    }

    /// Emits `hoard.<input>` events until the host refuses one.
    pub fn shout(kind: String) -> Result<Json, Error> {
        for i in 0..1_000_000usize {
            if let Err(e) = events::emit(&format!("hoard.{}", kind), "{}") {
                return Ok(report(i, e.code, &e.message));
            }
        }
        Ok(report(1_000_000, 0, ""))
    }
}
