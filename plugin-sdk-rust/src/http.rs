//! Outgoing HTTP through the host (`http_request`).
//!
//! The host performs the request, so it only succeeds for hosts that the
//! operator allows (in Plinth: `net = ["connect:api.example.com:443"]` in
//! `[permissions]`, granted by the policy; in Extism: `allowed_hosts`). A
//! refused request fails the call on the host side. Importing `http_request`
//! happens only in plugins that use this module.
//!
//! ```
//! use plinth_sdk::http::Request;
//! # plinth_sdk::testing::set_http_handler(|req, _body| {
//! #     assert_eq!(req["url"], "https://api.example.com/items");
//! #     assert_eq!(req["headers"]["accept"], "application/json");
//! #     (200, br#"{"items":[]}"#.to_vec(), vec![("content-type".into(), "application/json".into())])
//! # });
//!
//! let response = Request::get("https://api.example.com/items")
//!     .header("accept", "application/json")
//!     .send()
//!     .unwrap();
//! assert_eq!(response.status, 200);
//! assert_eq!(response.header("Content-Type"), Some("application/json"));
//! assert!(response.json().unwrap()["items"].as_array().unwrap().is_empty());
//! ```

use crate::{abi, memory, Error, Json, Memory};

/// An HTTP request: method, URL, headers and an optional body.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Request {
    /// Method, e.g. `GET`.
    pub method: String,
    /// Absolute URL.
    pub url: String,
    /// Header names and values, in order.
    pub headers: Vec<(String, String)>,
    /// The body, if any.
    pub body: Option<Vec<u8>>,
}

/// The response to a [`Request`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Response {
    /// Status code (0 if the host reported none).
    pub status: u16,
    /// Response headers as the host reports them (empty for hosts that do not
    /// report headers).
    pub headers: Vec<(String, String)>,
    /// The body.
    pub body: Vec<u8>,
}

impl Request {
    /// A request with the given method and URL, no headers and no body.
    pub fn new(method: impl Into<String>, url: impl Into<String>) -> Request {
        Request {
            method: method.into(),
            url: url.into(),
            headers: Vec::new(),
            body: None,
        }
    }

    /// A `GET` request.
    pub fn get(url: impl Into<String>) -> Request {
        Request::new("GET", url)
    }

    /// A `POST` request with a body.
    pub fn post(url: impl Into<String>, body: impl Into<Vec<u8>>) -> Request {
        Request::new("POST", url).body(body)
    }

    /// Adds a header.
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Request {
        self.headers.push((name.into(), value.into()));
        self
    }

    /// Sets the body.
    pub fn body(mut self, body: impl Into<Vec<u8>>) -> Request {
        self.body = Some(body.into());
        self
    }

    /// The JSON that the ABI passes: `{"url", "method", "headers": {...}}`.
    pub fn to_json(&self) -> Json {
        let headers = Json::object(self.headers.iter().map(|(k, v)| (k.as_str(), v.as_str())));
        Json::object([
            ("url", Json::from(&self.url)),
            ("method", Json::from(&self.method)),
            ("headers", headers),
        ])
    }

    /// Sends the request through the host and waits for the response.
    pub fn send(&self) -> Result<Response, Error> {
        let request = Memory::from_bytes(self.to_json().to_string().as_bytes())?;
        let body = match &self.body {
            Some(body) => match Memory::from_bytes(body) {
                Ok(block) => block,
                Err(e) => {
                    request.free();
                    return Err(e);
                }
            },
            None => Memory::null(),
        };
        // The host takes ownership of both blocks and returns a body block (or 0).
        let response = unsafe { abi::http_request(request.offset(), body.offset()) };
        let status = unsafe { abi::http_status_code() };
        let body = memory::take_returned(response).unwrap_or_default();
        let headers = match memory::take_returned(unsafe { abi::http_headers() }) {
            Some(bytes) => match Json::from_slice(&bytes) {
                Ok(Json::Object(map)) => map
                    .into_iter()
                    .map(|(k, v)| {
                        let v = match v {
                            Json::String(s) => s,
                            other => other.to_string(),
                        };
                        (k, v)
                    })
                    .collect(),
                _ => Vec::new(),
            },
            None => Vec::new(),
        };
        Ok(Response {
            status: u16::try_from(status).unwrap_or(0),
            headers,
            body,
        })
    }
}

impl Response {
    /// The first header with this name (compared case-insensitively).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// Whether the status is 2xx.
    pub fn is_success(&self) -> bool {
        (200..300).contains(&self.status)
    }

    /// The body as UTF-8 text.
    pub fn text(&self) -> Result<String, Error> {
        String::from_utf8(self.body.clone()).map_err(|e| Error::new(format!("response body is not valid UTF-8: {}", e.utf8_error())))
    }

    /// The body parsed as JSON.
    pub fn json(&self) -> Result<Json, Error> {
        Json::from_slice(&self.body).map_err(|e| Error::new(format!("response body is not valid JSON: {}", e)))
    }
}
