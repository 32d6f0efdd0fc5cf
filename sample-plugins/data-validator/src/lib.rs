//! `data-validator`: a Plinth sample plugin that checks JSON records against
//! rules from its config. See README.md for the rules.
//!
//! `validate` (json -> json): the input is one record object or an array of
//! them; the output is an array of verdicts
//! `{"index":0,"valid":false,"errors":["email: not an email address"]}`.

use plinth_sdk::{config, Error, Json};

plinth_sdk::plugin_fn! {
    /// Validates one record or an array of records.
    pub fn validate(input: Json) -> Result<Json, Error> {
        let rules = Rules::from_config()?;
        let records = match input {
            Json::Array(records) => records,
            record @ Json::Object(_) => vec![record],
            other => plinth_sdk::bail!(
                "input must be a JSON object or an array of objects, not {}",
                other.type_name()
            ),
        };
        let verdicts: Vec<Json> = records
            .iter()
            .enumerate()
            .map(|(index, record)| {
                let errors = rules.check(record);
                Json::object([
                    ("index", Json::from(index)),
                    ("valid", Json::from(errors.is_empty())),
                    ("errors", Json::from(errors)),
                ])
            })
            .collect();
        let invalid = verdicts.iter().filter(|v| v["valid"] == false).count();
        plinth_sdk::log::debug!("validated {} records, {} invalid", verdicts.len(), invalid);
        Ok(Json::Array(verdicts))
    }
}

/// The rules, read from config.
#[derive(Debug, Default)]
struct Rules {
    required: Vec<String>,
    email: Vec<String>,
    max_length: Vec<(String, usize)>,
    ranges: Vec<Range>,
}

/// Bounds for one numeric field; each bound keeps its config text for messages.
#[derive(Debug)]
struct Range {
    field: String,
    min: Option<(f64, String)>,
    max: Option<(f64, String)>,
}

impl Rules {
    fn from_config() -> Result<Rules, Error> {
        Ok(Rules {
            required: fields(&config::get("required").unwrap_or_default()),
            email: fields(&config::get("email-fields").unwrap_or_default()),
            max_length: limits("max-length")?
                .into_iter()
                .map(|(field, _, text)| match text.parse::<usize>() {
                    Ok(n) => Ok((field, n)),
                    Err(_) => Err(invalid_config(
                        "max-length",
                        &format!("{}:{}", field, text),
                        "a whole number",
                    )),
                })
                .collect::<Result<_, _>>()?,
            ranges: ranges(limits("min")?, limits("max")?),
        })
    }

    /// The problems with one record, in rule order.
    fn check(&self, record: &Json) -> Vec<String> {
        if record.as_object().is_none() {
            return vec![format!("record: not a JSON object but {}", record.type_name())];
        }
        let mut errors = Vec::new();
        for field in &self.required {
            let missing = match lookup(record, field) {
                None | Some(Json::Null) => true,
                Some(Json::String(s)) => s.trim().is_empty(),
                Some(_) => false,
            };
            if missing {
                errors.push(format!("{}: is required", field));
            }
        }
        for field in &self.email {
            match lookup(record, field) {
                None | Some(Json::Null) => {}
                Some(Json::String(s)) if is_email(s) => {}
                Some(_) => errors.push(format!("{}: not an email address", field)),
            }
        }
        for (field, limit) in &self.max_length {
            match lookup(record, field) {
                None | Some(Json::Null) => {}
                Some(Json::String(s)) => {
                    if s.chars().count() > *limit {
                        errors.push(format!("{}: longer than {} characters", field, limit));
                    }
                }
                Some(_) => errors.push(format!("{}: not a string", field)),
            }
        }
        for range in &self.ranges {
            let value = match lookup(record, &range.field) {
                None | Some(Json::Null) => continue,
                Some(value) => value,
            };
            match (value.as_f64(), &range.min, &range.max) {
                (None, _, _) => errors.push(format!("{}: not a number", range.field)),
                (Some(n), Some((min, text)), _) if n < *min => {
                    errors.push(format!("{}: less than {}", range.field, text))
                }
                (Some(n), _, Some((max, text))) if n > *max => {
                    errors.push(format!("{}: greater than {}", range.field, text))
                }
                _ => {}
            }
        }
        errors
    }
}

/// `"id, email"` -> `["id", "email"]`.
fn fields(list: &str) -> Vec<String> {
    list.split(',')
        .map(str::trim)
        .filter(|f| !f.is_empty())
        .map(str::to_string)
        .collect()
}

/// Config `key` = `"age:0,score:-1.5"` -> `[("age", 0.0, "0"), ("score", -1.5, "-1.5")]`.
fn limits(key: &str) -> Result<Vec<(String, f64, String)>, Error> {
    let mut out = Vec::new();
    for item in fields(&config::get(key).unwrap_or_default()) {
        let (field, number) = item
            .rsplit_once(':')
            .map(|(f, n)| (f.trim(), n.trim()))
            .filter(|(f, _)| !f.is_empty())
            .ok_or_else(|| invalid_config(key, &item, "field:number"))?;
        let value = number
            .parse::<f64>()
            .ok()
            .filter(|v| v.is_finite())
            .ok_or_else(|| invalid_config(key, &item, "field:number"))?;
        out.push((field.to_string(), value, number.to_string()));
    }
    Ok(out)
}

/// Merges `min` and `max` bounds per field, in the order fields first appear.
fn ranges(min: Vec<(String, f64, String)>, max: Vec<(String, f64, String)>) -> Vec<Range> {
    let mut ranges: Vec<Range> = Vec::new();
    for (is_min, (field, value, text)) in min
        .into_iter()
        .map(|b| (true, b))
        .chain(max.into_iter().map(|b| (false, b)))
    {
        let index = match ranges.iter().position(|r| r.field == field) {
            Some(index) => index,
            None => {
                ranges.push(Range { field, min: None, max: None });
                ranges.len() - 1
            }
        };
        let bound = Some((value, text));
        if is_min {
            ranges[index].min = bound;
        } else {
            ranges[index].max = bound;
        }
    }
    ranges
}

fn invalid_config(key: &str, item: &str, expected: &str) -> Error {
    Error::new(format!("invalid config `{}`: `{}` is not {}", key, item, expected))
}

/// Follows a dotted path (`address.city`) through nested objects.
fn lookup<'a>(record: &'a Json, path: &str) -> Option<&'a Json> {
    path.split('.').try_fold(record, |value, key| value.get(key))
}

/// A pragmatic check: one `@`, a non-empty local part, a domain of at least
/// two dot-separated labels of letters, digits and inner hyphens, no spaces.
fn is_email(s: &str) -> bool {
    let (local, domain) = match s.split_once('@') {
        Some(parts) => parts,
        None => return false,
    };
    let local_ok = !local.is_empty()
        && local.len() <= 64
        && !local.starts_with('.')
        && !local.ends_with('.')
        && !local.contains("..")
        && local.chars().all(|c| {
            (c.is_ascii_graphic() && !"@\"(),:;<>[\\]".contains(c)) || (!c.is_ascii() && !c.is_whitespace())
        });
    let labels: Vec<&str> = domain.split('.').collect();
    let domain_ok = labels.len() >= 2
        && labels.iter().all(|label| {
            !label.is_empty()
                && !label.starts_with('-')
                && !label.ends_with('-')
                && label.chars().all(|c| c.is_alphanumeric() || c == '-')
        });
    local_ok && domain_ok
}

#[cfg(test)]
mod tests {
    use super::*;
    use plinth_sdk::testing;

    fn run(input: &str) -> Result<String, String> {
        testing::call(validate, input)
            .map(|out| String::from_utf8(out).unwrap())
            .map_err(|e| e.message.unwrap_or_default())
    }

    fn configure() {
        testing::set_config("required", "id, email");
        testing::set_config("email-fields", "email,contact.email");
        testing::set_config("max-length", "name:5");
        testing::set_config("min", "age:0");
        testing::set_config("max", "age:150");
    }

    #[test]
    fn valid_and_invalid_records() {
        configure();
        let out = run(r#"[
            {"id": 1, "email": "ada@example.com", "name": "Ada", "age": 36},
            {"id": null, "email": "not-an-email", "name": "Bartholomew", "age": -1, "contact": {"email": "x@y"}},
            {"email": "b@c.io", "age": "old"},
            42
        ]"#)
        .unwrap();
        assert_eq!(
            out,
            concat!(
                r#"[{"index":0,"valid":true,"errors":[]},"#,
                r#"{"index":1,"valid":false,"errors":["id: is required","email: not an email address","contact.email: not an email address","name: longer than 5 characters","age: less than 0"]},"#,
                r#"{"index":2,"valid":false,"errors":["id: is required","age: not a number"]},"#,
                r#"{"index":3,"valid":false,"errors":["record: not a JSON object but number"]}]"#
            )
        );
    }

    #[test]
    fn single_object_gives_one_verdict() {
        configure();
        assert_eq!(
            run(r#"{"id":"a","email":"a@b.co","age":151}"#).unwrap(),
            r#"[{"index":0,"valid":false,"errors":["age: greater than 150"]}]"#
        );
    }

    #[test]
    fn no_rules_means_everything_valid() {
        assert_eq!(run("[{}, {\"x\":1}]").unwrap(), r#"[{"index":0,"valid":true,"errors":[]},{"index":1,"valid":true,"errors":[]}]"#);
    }

    #[test]
    fn bad_input_and_bad_config() {
        assert_eq!(
            run("[{\"id\": 1,}]").unwrap_err(),
            "input: not valid JSON: expected a string as object key at line 1, column 11"
        );
        assert_eq!(run("\"x\"").unwrap_err(), "input must be a JSON object or an array of objects, not string");
        testing::set_config("min", "age");
        assert_eq!(run("{}").unwrap_err(), "invalid config `min`: `age` is not field:number");
        testing::set_config("min", "");
        testing::set_config("max-length", "name:1.5");
        assert_eq!(run("{}").unwrap_err(), "invalid config `max-length`: `name:1.5` is not a whole number");
    }

    #[test]
    fn emails() {
        for ok in ["a@b.co", "first.last+tag@sub.example.org", "x_y@a-b.io", "ü@exämple.de"] {
            assert!(is_email(ok), "{}", ok);
        }
        for bad in ["", "a", "a@", "@b.co", "a@b", "a@b.", "a@.co", "a b@c.co", "a@b@c.co", "a@-b.co", ".a@b.co", "a..b@c.co", "a@b_c.co"] {
            assert!(!is_email(bad), "{}", bad);
        }
    }
}
