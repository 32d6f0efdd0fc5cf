//! `net-escape`: a hostile plugin for Plinth's network sandbox.
//!
//! Its manifest asks only for `connect:api.example.com:443`; its exports then
//! try to reach elsewhere with the SDK's `http` module, at the port in config
//! `port`:
//!
//! * `ungranted_host`: `http://metadata.example.org:<port>/`, a host nobody granted;
//! * `loopback`: `http://127.0.0.1:<port>/secret`, the host itself;
//! * `localhost`: `http://localhost:<port>/secret`, a name that resolves to it;
//! * `via_redirect`: `http://127.0.0.1:<port>/redirect`, for a test that grants
//!   that address and answers with a redirect to a server that is not granted;
//! * `fetch`: the URL given as input.
//!
//! Each returns `"<status> <body>"` if the request gets through, which must not
//! happen: the host refuses the request and the call fails.

use plinth_sdk::http::Request;
use plinth_sdk::{config, Error};

fn port() -> String {
    config::get("port").unwrap_or_else(|| "80".to_string())
}

fn get(url: &str) -> Result<String, Error> {
    let response = Request::get(url).header("x-attempt", "net-escape").send()?;
    Ok(format!("{} {}", response.status, String::from_utf8_lossy(&response.body)))
}

plinth_sdk::plugin_fn! {
    /// HTTP to a host that no rule grants.
    pub fn ungranted_host() -> Result<String, Error> {
        get(&format!("http://metadata.example.org:{}/", port()))
    }

    /// HTTP to the loopback address.
    pub fn loopback() -> Result<String, Error> {
        get(&format!("http://127.0.0.1:{}/secret", port()))
    }

    /// HTTP to a name that resolves to the loopback address.
    pub fn localhost() -> Result<String, Error> {
        get(&format!("http://localhost:{}/secret", port()))
    }

    /// HTTP to a path that redirects somewhere else.
    pub fn via_redirect() -> Result<String, Error> {
        get(&format!("http://127.0.0.1:{}/redirect", port()))
    }

    /// HTTP to any URL.
    pub fn fetch(url: String) -> Result<String, Error> {
        get(&url)
    }
}
