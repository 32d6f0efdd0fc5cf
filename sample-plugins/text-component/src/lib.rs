//! A component plugin of `wit/plinth.wit`'s `plugin` world, built with plinth-sdk's `component`
//! feature: `process` does text operations on the request's payload, and the lifecycle
//! functions report metadata and status.
//!
//! Operations: `upper`, `lower`, `reverse` (text in, text out), `count` (text in, the number of
//! characters out), `bytes` (text in, its UTF-8 bytes out), `sum` (binary in, the sum of its
//! bytes out). Each attribute comes back as a note `key=value`.

use plinth_sdk::component::{
    logger, Health, Metadata, Payload, Plugin, ProcessError, Request, Response, Status,
};
use std::sync::Mutex;

struct State {
    health: Health,
    max_length: usize,
    processed: u64,
}

static STATE: Mutex<State> = Mutex::new(State {
    health: Health::Starting,
    max_length: usize::MAX,
    processed: 0,
});

struct TextComponent;

impl Plugin for TextComponent {
    fn initialize(config: Vec<(String, String)>) -> Result<(), String> {
        let mut state = STATE.lock().unwrap();
        for (key, value) in &config {
            if key == "max-length" {
                state.max_length = value
                    .parse()
                    .map_err(|_| format!("config max-length is '{}', not a number", value))?;
            }
        }
        state.health = Health::Ready;
        logger::info(&format!("text-component initialized with {} config entries", config.len()));
        Ok(())
    }

    fn shutdown() {
        STATE.lock().unwrap().health = Health::Stopped;
        logger::info("text-component shut down");
    }

    fn get_metadata() -> Metadata {
        Metadata {
            name: "text-component".to_string(),
            version: env!("CARGO_PKG_VERSION").to_string(),
            description: "Text operations as a component plugin".to_string(),
            author: "Plinth".to_string(),
            capabilities: ["upper", "lower", "reverse", "count", "bytes", "sum"]
                .iter()
                .map(|op| format!("text.{}", op))
                .collect(),
        }
    }

    fn get_status() -> Status {
        let state = STATE.lock().unwrap();
        Status {
            health: state.health,
            message: match state.health {
                Health::Starting => Some("not initialized".to_string()),
                _ => None,
            },
            processed: state.processed,
        }
    }

    fn process(input: Request) -> Result<Response, ProcessError> {
        let max_length = {
            let mut state = STATE.lock().unwrap();
            if state.health != Health::Ready {
                return Err(ProcessError::Failed("not initialized".to_string()));
            }
            state.processed += 1;
            state.max_length
        };
        logger::debug(&format!("request {}: {}", input.id, input.operation));
        let payload = match (input.operation.as_str(), input.payload) {
            ("sum", Payload::Binary(bytes)) => Payload::Number(bytes.iter().map(|b| *b as f64).sum()),
            ("sum", _) => return Err(ProcessError::InvalidInput("sum takes a binary payload".to_string())),
            (op @ ("upper" | "lower" | "reverse" | "count" | "bytes"), Payload::Text(text)) => {
                if text.chars().count() > max_length {
                    return Err(ProcessError::Failed(format!(
                        "the text has {} characters, over max-length {}",
                        text.chars().count(),
                        max_length
                    )));
                }
                match op {
                    "upper" => Payload::Text(text.to_uppercase()),
                    "lower" => Payload::Text(text.to_lowercase()),
                    "reverse" => Payload::Text(text.chars().rev().collect()),
                    "count" => Payload::Number(text.chars().count() as f64),
                    _ => Payload::Binary(text.into_bytes()),
                }
            }
            ("upper" | "lower" | "reverse" | "count" | "bytes", _) => {
                return Err(ProcessError::InvalidInput(format!(
                    "{} takes a text payload",
                    input.operation
                )))
            }
            (other, _) => return Err(ProcessError::UnsupportedOperation(other.to_string())),
        };
        Ok(Response {
            id: input.id,
            payload,
            notes: input
                .attributes
                .into_iter()
                .map(|(k, v)| format!("{}={}", k, v))
                .collect(),
        })
    }
}

plinth_sdk::component_plugin!(TextComponent);
