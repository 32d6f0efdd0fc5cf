//! A component plugin of `wit/plinth.wit`'s `full-plugin-with-event-handler` world that uses the
//! host services: notes kept in the kv store (`put`, `get`, `delete`, `keys`), archived to the data
//! directory (`archive`, `unarchive`), fetched over HTTP (`fetch`: the `url` attribute's body saved
//! under `key`), an event emitted for each saved note, and each event the application publishes
//! to it kept in the kv store under `event/<type>`.

use plinth_sdk::component::http_client::{self, HttpRequest};
use plinth_sdk::component::{
    data_dir, events, kv_store, logger, EventHandler, Health, Metadata, Payload, Plugin, ProcessError, Request,
    Response, Status,
};

struct Notes;

fn key_of(request: &Request) -> Result<String, ProcessError> {
    request
        .attributes
        .iter()
        .find(|(k, _)| k == "key")
        .map(|(_, v)| format!("note/{}", v))
        .ok_or_else(|| ProcessError::InvalidInput(format!("{} needs a 'key' attribute", request.operation)))
}

fn text_of(payload: Payload) -> Result<String, ProcessError> {
    match payload {
        Payload::Text(t) => Ok(t),
        _ => Err(ProcessError::InvalidInput("a text payload is needed".to_string())),
    }
}

impl Plugin for Notes {
    fn get_metadata() -> Metadata {
        Metadata {
            name: "notes-component".to_string(),
            version: env!("CARGO_PKG_VERSION").to_string(),
            description: "Notes in the kv store and the data directory".to_string(),
            author: "Plinth".to_string(),
            capabilities: vec!["notes".to_string()],
        }
    }

    fn get_status() -> Status {
        Status {
            health: Health::Ready,
            message: Some(format!("{} notes", kv_store::list_keys("note/").len())),
            processed: 0,
        }
    }

    fn process(request: Request) -> Result<Response, ProcessError> {
        let failed = ProcessError::Failed;
        let mut notes = Vec::new();
        let payload = match request.operation.as_str() {
            "put" => {
                let key = key_of(&request)?;
                let text = text_of(request.payload.clone())?;
                kv_store::set(&key, text.as_bytes()).map_err(failed)?;
                if let Err(e) = events::emit("note.saved", &key) {
                    notes.push(format!("no event: {}", e));
                }
                Payload::Empty
            }
            "get" => {
                let key = key_of(&request)?;
                match kv_store::get(&key) {
                    Some(bytes) => Payload::Text(String::from_utf8_lossy(&bytes).into_owned()),
                    None => return Err(ProcessError::Failed(format!("no {}", key))),
                }
            }
            "delete" => Payload::Number(if kv_store::delete(&key_of(&request)?) { 1.0 } else { 0.0 }),
            "keys" => {
                notes = kv_store::list_keys(&text_of(request.payload.clone())?);
                Payload::Number(notes.len() as f64)
            }
            "archive" => {
                let key = key_of(&request)?;
                let bytes = kv_store::get(&key).ok_or_else(|| ProcessError::Failed(format!("no {}", key)))?;
                let file = key.replace('/', "-");
                data_dir::write(&file, &bytes).map_err(failed)?;
                notes = data_dir::list_dir("").map_err(failed)?;
                Payload::Binary(data_dir::read(&file).map_err(failed)?)
            }
            "unarchive" => {
                let file = key_of(&request)?.replace('/', "-");
                data_dir::delete(&file).map_err(failed)?;
                Payload::Empty
            }
            "fetch" => {
                let key = key_of(&request)?;
                let url = request.attributes.iter().find(|(k, _)| k == "url").map(|(_, v)| v.clone());
                let url = url.ok_or_else(|| ProcessError::InvalidInput("fetch needs a 'url' attribute".to_string()))?;
                let response = http_client::send(&HttpRequest {
                    method: "GET".to_string(),
                    url,
                    headers: vec![("accept".to_string(), "text/plain".to_string())],
                    body: None,
                })
                .map_err(failed)?;
                if response.status != 200 {
                    return Err(ProcessError::Failed(format!("HTTP {}", response.status)));
                }
                kv_store::set(&key, &response.body).map_err(failed)?;
                notes = response.headers.into_iter().map(|(k, v)| format!("{}: {}", k, v)).collect();
                Payload::Number(response.body.len() as f64)
            }
            other => return Err(ProcessError::UnsupportedOperation(other.to_string())),
        };
        logger::debug(&format!("{} {}", request.operation, request.id));
        Ok(Response { id: request.id, payload, notes })
    }
}

plinth_sdk::component_plugin!(Notes);

impl EventHandler for Notes {
    /// Keeps the payload of the last event of each type under `event/<type>`; an `Err` when the
    /// store refuses it (the host logs it).
    fn on_event(event_type: String, payload: String) -> Result<(), String> {
        kv_store::set(&format!("event/{}", event_type), payload.as_bytes())?;
        logger::info(&format!("event {} kept", event_type));
        Ok(())
    }
}

plinth_sdk::component_event_handler!(Notes);
