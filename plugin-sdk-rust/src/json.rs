//! A small JSON value type with a strict parser and a serializer.
//!
//! [`Json`] is the SDK's JSON codec: use it as the input or output type of an
//! export and the SDK parses and serializes it for you.
//!
//! ```
//! use plinth_sdk::Json;
//!
//! let mut doc = Json::parse(r#"{"name": "Ada", "tags": ["x", "y"], "age": 36}"#).unwrap();
//! assert_eq!(doc["name"].as_str(), Some("Ada"));
//! assert_eq!(doc["tags"][1], "y");
//! assert_eq!(doc["age"].as_i64(), Some(36));
//! assert!(doc["missing"].is_null());
//!
//! doc["age"] = Json::from(37);
//! doc["city"] = "London".into();
//! assert_eq!(
//!     doc.to_string(),
//!     r#"{"name":"Ada","tags":["x","y"],"age":37,"city":"London"}"#
//! );
//! ```
//!
//! Numbers keep integers exact: a literal without fraction or exponent that
//! fits in an `i64` is stored as [`Number::Int`], everything else as
//! [`Number::Float`]. Objects keep their keys in insertion order (a repeated
//! key keeps its first position and its last value). The parser accepts
//! exactly RFC 8259 JSON (no comments, no trailing commas, no lone
//! surrogates) and nests at most [`MAX_DEPTH`] levels deep.

use std::fmt::{self, Write as _};
use std::ops::{Index, IndexMut};
use std::str::FromStr;

/// How deeply arrays and objects may nest in parsed text.
pub const MAX_DEPTH: usize = 128;

/// A JSON value.
#[derive(Clone, Debug, PartialEq, Default)]
pub enum Json {
    /// `null`
    #[default]
    Null,
    /// `true` or `false`
    Bool(bool),
    /// A number, integral ones kept exact.
    Number(Number),
    /// A string.
    String(String),
    /// An array.
    Array(Vec<Json>),
    /// An object with insertion-ordered keys.
    Object(Map),
}

/// A JSON number: an exact integer when possible, a float otherwise.
#[derive(Clone, Copy, Debug)]
pub enum Number {
    /// An integral number that fits in an `i64`.
    Int(i64),
    /// Any other number (always finite).
    Float(f64),
}

impl Number {
    /// The number as an `f64` (large integers may round).
    pub fn as_f64(self) -> f64 {
        match self {
            Number::Int(i) => i as f64,
            Number::Float(f) => f,
        }
    }

    /// The number as an `i64` if it is integral and in range.
    pub fn as_i64(self) -> Option<i64> {
        match self {
            Number::Int(i) => Some(i),
            Number::Float(f) => {
                // i64::MAX as f64 rounds up to 2^63, so the upper bound is exclusive.
                const TWO_POW_63: f64 = 9_223_372_036_854_775_808.0;
                if f.fract() == 0.0 && (-TWO_POW_63..TWO_POW_63).contains(&f) {
                    Some(f as i64)
                } else {
                    None
                }
            }
        }
    }
}

impl PartialEq for Number {
    fn eq(&self, other: &Number) -> bool {
        match (*self, *other) {
            (Number::Int(a), Number::Int(b)) => a == b,
            (a, b) => a.as_f64() == b.as_f64(),
        }
    }
}

impl fmt::Display for Number {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Number::Int(i) => write!(f, "{}", i),
            Number::Float(x) => {
                if !x.is_finite() {
                    // JSON has no NaN or infinity; write null as JavaScript does.
                    f.write_str("null")
                } else if x != 0.0 && (x.abs() >= 1e16 || x.abs() < 1e-6) {
                    write!(f, "{:e}", x)
                } else if x.fract() == 0.0 {
                    write!(f, "{:.1}", x)
                } else {
                    write!(f, "{}", x)
                }
            }
        }
    }
}

/// A JSON object: string keys in insertion order.
///
/// Lookups are linear, which is the right trade for the small objects that
/// plugins exchange.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Map {
    entries: Vec<(String, Json)>,
}

impl Map {
    /// An empty object.
    pub fn new() -> Map {
        Map::default()
    }

    /// The number of keys.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether the object has no keys.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The value for `key`.
    pub fn get(&self, key: &str) -> Option<&Json> {
        self.entries.iter().find(|(k, _)| k == key).map(|(_, v)| v)
    }

    /// The value for `key`, mutably.
    pub fn get_mut(&mut self, key: &str) -> Option<&mut Json> {
        self.entries
            .iter_mut()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v)
    }

    /// Whether `key` is present.
    pub fn contains_key(&self, key: &str) -> bool {
        self.get(key).is_some()
    }

    /// Sets `key` to `value`. An existing key keeps its position and its old
    /// value is returned; a new key goes to the end.
    pub fn insert(&mut self, key: impl Into<String>, value: impl Into<Json>) -> Option<Json> {
        let key = key.into();
        let value = value.into();
        match self.get_mut(&key) {
            Some(slot) => Some(std::mem::replace(slot, value)),
            None => {
                self.entries.push((key, value));
                None
            }
        }
    }

    /// Removes `key`, returning its value.
    pub fn remove(&mut self, key: &str) -> Option<Json> {
        let index = self.entries.iter().position(|(k, _)| k == key)?;
        Some(self.entries.remove(index).1)
    }

    /// The entries in order.
    pub fn iter(&self) -> std::slice::Iter<'_, (String, Json)> {
        self.entries.iter()
    }

    /// The entries in order, values mutable.
    pub fn iter_mut(&mut self) -> impl Iterator<Item = (&String, &mut Json)> {
        self.entries.iter_mut().map(|(k, v)| (&*k, v))
    }

    /// The keys in order.
    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.entries.iter().map(|(k, _)| k.as_str())
    }

    /// The values in order.
    pub fn values(&self) -> impl Iterator<Item = &Json> {
        self.entries.iter().map(|(_, v)| v)
    }
}

impl<K: Into<String>, V: Into<Json>> FromIterator<(K, V)> for Map {
    fn from_iter<I: IntoIterator<Item = (K, V)>>(iter: I) -> Map {
        let mut map = Map::new();
        for (k, v) in iter {
            map.insert(k, v);
        }
        map
    }
}

impl IntoIterator for Map {
    type Item = (String, Json);
    type IntoIter = std::vec::IntoIter<(String, Json)>;
    fn into_iter(self) -> Self::IntoIter {
        self.entries.into_iter()
    }
}

impl<'a> IntoIterator for &'a Map {
    type Item = &'a (String, Json);
    type IntoIter = std::slice::Iter<'a, (String, Json)>;
    fn into_iter(self) -> Self::IntoIter {
        self.entries.iter()
    }
}

impl Index<&str> for Map {
    type Output = Json;
    /// The value for the key, or `Json::Null` when absent.
    fn index(&self, key: &str) -> &Json {
        self.get(key).unwrap_or(&NULL)
    }
}

static NULL: Json = Json::Null;

impl Json {
    /// Parses JSON text.
    ///
    /// ```
    /// let err = plinth_sdk::Json::parse("{\"a\": [1, 2,]}").unwrap_err();
    /// assert_eq!(err.to_string(), "expected a value at line 1, column 13");
    /// assert_eq!(err.offset(), 12);
    /// ```
    pub fn parse(text: &str) -> Result<Json, JsonError> {
        let mut parser = Parser {
            text,
            bytes: text.as_bytes(),
            pos: 0,
            depth: 0,
        };
        parser.skip_whitespace();
        let value = parser.value()?;
        parser.skip_whitespace();
        if parser.pos < parser.bytes.len() {
            return Err(parser.error("trailing characters after the JSON value"));
        }
        Ok(value)
    }

    /// Parses JSON from bytes, which must be UTF-8.
    pub fn from_slice(bytes: &[u8]) -> Result<Json, JsonError> {
        match std::str::from_utf8(bytes) {
            Ok(text) => Json::parse(text),
            Err(e) => {
                let valid = &bytes[..e.valid_up_to()];
                // The prefix is valid UTF-8 by construction.
                let prefix = std::str::from_utf8(valid).unwrap_or("");
                Err(JsonError::at(prefix, valid.len(), "invalid UTF-8"))
            }
        }
    }

    /// An object from key-value pairs, in order.
    ///
    /// ```
    /// use plinth_sdk::Json;
    /// let o = Json::object([("a", Json::from(1)), ("b", Json::from("two"))]);
    /// assert_eq!(o.to_string(), r#"{"a":1,"b":"two"}"#);
    /// ```
    pub fn object<K: Into<String>, V: Into<Json>>(pairs: impl IntoIterator<Item = (K, V)>) -> Json {
        Json::Object(pairs.into_iter().collect())
    }

    /// An array from values.
    ///
    /// ```
    /// use plinth_sdk::Json;
    /// assert_eq!(Json::array([1, 2, 3]).to_string(), "[1,2,3]");
    /// ```
    pub fn array<V: Into<Json>>(values: impl IntoIterator<Item = V>) -> Json {
        Json::Array(values.into_iter().map(Into::into).collect())
    }

    /// The member `key` of an object; `None` for other values or a missing key.
    pub fn get(&self, key: &str) -> Option<&Json> {
        match self {
            Json::Object(map) => map.get(key),
            _ => None,
        }
    }

    /// The member `key` of an object, mutably.
    pub fn get_mut(&mut self, key: &str) -> Option<&mut Json> {
        match self {
            Json::Object(map) => map.get_mut(key),
            _ => None,
        }
    }

    /// Element `index` of an array; `None` for other values or out of range.
    pub fn at(&self, index: usize) -> Option<&Json> {
        match self {
            Json::Array(items) => items.get(index),
            _ => None,
        }
    }

    /// Sets member `key` of an object (a `Null` becomes an empty object first)
    /// and returns the old value.
    ///
    /// # Panics
    /// If the value is neither an object nor `null`.
    pub fn insert(&mut self, key: impl Into<String>, value: impl Into<Json>) -> Option<Json> {
        if self.is_null() {
            *self = Json::Object(Map::new());
        }
        match self {
            Json::Object(map) => map.insert(key, value),
            other => panic!("cannot insert a key into a JSON {}", other.type_name()),
        }
    }

    /// Appends to an array (a `Null` becomes an empty array first).
    ///
    /// # Panics
    /// If the value is neither an array nor `null`.
    pub fn push(&mut self, value: impl Into<Json>) {
        if self.is_null() {
            *self = Json::Array(Vec::new());
        }
        match self {
            Json::Array(items) => items.push(value.into()),
            other => panic!("cannot push onto a JSON {}", other.type_name()),
        }
    }

    /// Whether this is `null`.
    pub fn is_null(&self) -> bool {
        matches!(self, Json::Null)
    }

    /// The boolean, if this is one.
    pub fn as_bool(&self) -> Option<bool> {
        match *self {
            Json::Bool(b) => Some(b),
            _ => None,
        }
    }

    /// The number, if this is one.
    pub fn as_number(&self) -> Option<Number> {
        match *self {
            Json::Number(n) => Some(n),
            _ => None,
        }
    }

    /// The number as `f64`, if this is a number.
    pub fn as_f64(&self) -> Option<f64> {
        self.as_number().map(Number::as_f64)
    }

    /// The number as `i64`, if this is an integral number in range.
    pub fn as_i64(&self) -> Option<i64> {
        self.as_number().and_then(Number::as_i64)
    }

    /// The number as `u64`, if this is a non-negative integral number in range
    /// of `i64`.
    pub fn as_u64(&self) -> Option<u64> {
        self.as_i64().and_then(|i| u64::try_from(i).ok())
    }

    /// The string, if this is one.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Json::String(s) => Some(s),
            _ => None,
        }
    }

    /// The elements, if this is an array.
    pub fn as_array(&self) -> Option<&Vec<Json>> {
        match self {
            Json::Array(items) => Some(items),
            _ => None,
        }
    }

    /// The elements, mutably, if this is an array.
    pub fn as_array_mut(&mut self) -> Option<&mut Vec<Json>> {
        match self {
            Json::Array(items) => Some(items),
            _ => None,
        }
    }

    /// The members, if this is an object.
    pub fn as_object(&self) -> Option<&Map> {
        match self {
            Json::Object(map) => Some(map),
            _ => None,
        }
    }

    /// The members, mutably, if this is an object.
    pub fn as_object_mut(&mut self) -> Option<&mut Map> {
        match self {
            Json::Object(map) => Some(map),
            _ => None,
        }
    }

    /// `"null"`, `"boolean"`, `"number"`, `"string"`, `"array"` or `"object"`.
    pub fn type_name(&self) -> &'static str {
        match self {
            Json::Null => "null",
            Json::Bool(_) => "boolean",
            Json::Number(_) => "number",
            Json::String(_) => "string",
            Json::Array(_) => "array",
            Json::Object(_) => "object",
        }
    }

    /// Serializes with two-space indentation. [`to_string`](ToString::to_string)
    /// (via `Display`) gives the compact form.
    ///
    /// ```
    /// let v = plinth_sdk::Json::parse(r#"{"a":[1,{}],"b":{}}"#).unwrap();
    /// assert_eq!(v.to_string_pretty(), "{\n  \"a\": [\n    1,\n    {}\n  ],\n  \"b\": {}\n}");
    /// ```
    pub fn to_string_pretty(&self) -> String {
        let mut out = String::new();
        write_value(&mut out, self, Some(0));
        out
    }
}

impl fmt::Display for Json {
    /// Compact JSON text.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut out = String::new();
        write_value(&mut out, self, None);
        f.write_str(&out)
    }
}

impl FromStr for Json {
    type Err = JsonError;
    fn from_str(text: &str) -> Result<Json, JsonError> {
        Json::parse(text)
    }
}

impl Index<&str> for Json {
    type Output = Json;
    /// Member `key` of an object, or `Json::Null` when missing or not an object.
    fn index(&self, key: &str) -> &Json {
        self.get(key).unwrap_or(&NULL)
    }
}

impl Index<usize> for Json {
    type Output = Json;
    /// Element `index` of an array, or `Json::Null` when out of range or not an array.
    fn index(&self, index: usize) -> &Json {
        self.at(index).unwrap_or(&NULL)
    }
}

impl IndexMut<&str> for Json {
    /// Member `key` of an object, inserted as `null` if missing; a `null`
    /// value becomes an object first.
    ///
    /// # Panics
    /// If the value is neither an object nor `null`.
    fn index_mut(&mut self, key: &str) -> &mut Json {
        if self.is_null() {
            *self = Json::Object(Map::new());
        }
        match self {
            Json::Object(map) => {
                if !map.contains_key(key) {
                    map.insert(key, Json::Null);
                }
                map.get_mut(key).expect("key was just inserted")
            }
            other => panic!("cannot index a JSON {} with a key", other.type_name()),
        }
    }
}

impl IndexMut<usize> for Json {
    /// Element `index` of an array.
    ///
    /// # Panics
    /// If the value is not an array or `index` is out of range.
    fn index_mut(&mut self, index: usize) -> &mut Json {
        match self {
            Json::Array(items) => {
                let len = items.len();
                items
                    .get_mut(index)
                    .unwrap_or_else(|| panic!("index {} out of range for a JSON array of {}", index, len))
            }
            other => panic!("cannot index a JSON {} with a number", other.type_name()),
        }
    }
}

macro_rules! from_int {
    ($($t:ty),*) => {$(
        impl From<$t> for Json {
            fn from(n: $t) -> Json {
                Json::Number(Number::Int(n as i64))
            }
        }
    )*};
}
from_int!(i8, i16, i32, i64, u8, u16, u32);

macro_rules! from_wide_int {
    ($($t:ty),*) => {$(
        impl From<$t> for Json {
            /// Exact when it fits in an `i64`, a float otherwise.
            fn from(n: $t) -> Json {
                match i64::try_from(n) {
                    Ok(i) => Json::Number(Number::Int(i)),
                    Err(_) => Json::Number(Number::Float(n as f64)),
                }
            }
        }
    )*};
}
from_wide_int!(u64, usize, isize);

impl From<f64> for Json {
    /// A float; NaN and infinities become `null`.
    fn from(x: f64) -> Json {
        if x.is_finite() {
            Json::Number(Number::Float(x))
        } else {
            Json::Null
        }
    }
}

impl From<f32> for Json {
    /// A float; NaN and infinities become `null`.
    fn from(x: f32) -> Json {
        Json::from(x as f64)
    }
}

impl From<bool> for Json {
    fn from(b: bool) -> Json {
        Json::Bool(b)
    }
}

impl From<&str> for Json {
    fn from(s: &str) -> Json {
        Json::String(s.to_string())
    }
}

impl From<String> for Json {
    fn from(s: String) -> Json {
        Json::String(s)
    }
}

impl From<&String> for Json {
    fn from(s: &String) -> Json {
        Json::String(s.clone())
    }
}

impl From<Number> for Json {
    fn from(n: Number) -> Json {
        Json::Number(n)
    }
}

impl From<Map> for Json {
    fn from(map: Map) -> Json {
        Json::Object(map)
    }
}

impl<T: Into<Json>> From<Vec<T>> for Json {
    fn from(items: Vec<T>) -> Json {
        Json::Array(items.into_iter().map(Into::into).collect())
    }
}

impl<T: Into<Json>> From<Option<T>> for Json {
    /// `None` becomes `null`.
    fn from(value: Option<T>) -> Json {
        value.map_or(Json::Null, Into::into)
    }
}

impl PartialEq<str> for Json {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == Some(other)
    }
}

impl PartialEq<&str> for Json {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == Some(*other)
    }
}

impl PartialEq<bool> for Json {
    fn eq(&self, other: &bool) -> bool {
        self.as_bool() == Some(*other)
    }
}

impl PartialEq<i64> for Json {
    fn eq(&self, other: &i64) -> bool {
        matches!(self, Json::Number(n) if *n == Number::Int(*other))
    }
}

impl PartialEq<f64> for Json {
    fn eq(&self, other: &f64) -> bool {
        self.as_f64() == Some(*other)
    }
}

/// Why JSON text could not be parsed, and where.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct JsonError {
    message: String,
    offset: usize,
    line: usize,
    column: usize,
}

impl JsonError {
    fn at(text: &str, offset: usize, message: impl Into<String>) -> JsonError {
        let before = &text[..offset.min(text.len())];
        let line = before.bytes().filter(|&b| b == b'\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let column = before[line_start..].chars().count() + 1;
        JsonError {
            message: message.into(),
            offset,
            line,
            column,
        }
    }

    /// What went wrong, without the position.
    pub fn message(&self) -> &str {
        &self.message
    }

    /// Byte offset of the problem in the input.
    pub fn offset(&self) -> usize {
        self.offset
    }

    /// Line of the problem, from 1.
    pub fn line(&self) -> usize {
        self.line
    }

    /// Column of the problem in characters, from 1.
    pub fn column(&self) -> usize {
        self.column
    }
}

impl fmt::Display for JsonError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} at line {}, column {}",
            self.message, self.line, self.column
        )
    }
}

impl std::error::Error for JsonError {}

struct Parser<'a> {
    text: &'a str,
    bytes: &'a [u8],
    pos: usize,
    depth: usize,
}

impl<'a> Parser<'a> {
    fn error(&self, message: impl Into<String>) -> JsonError {
        JsonError::at(self.text, self.pos, message)
    }

    fn error_at(&self, offset: usize, message: impl Into<String>) -> JsonError {
        JsonError::at(self.text, offset, message)
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    fn skip_whitespace(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.peek() {
            self.pos += 1;
        }
    }

    fn value(&mut self) -> Result<Json, JsonError> {
        match self.peek() {
            None => Err(self.error("unexpected end of input, expected a value")),
            Some(b'{') => self.nested(Parser::object),
            Some(b'[') => self.nested(Parser::array),
            Some(b'"') => Ok(Json::String(self.string()?)),
            Some(b't') => self.literal("true", Json::Bool(true)),
            Some(b'f') => self.literal("false", Json::Bool(false)),
            Some(b'n') => self.literal("null", Json::Null),
            Some(b'-' | b'0'..=b'9') => self.number(),
            Some(_) => Err(self.error("expected a value")),
        }
    }

    fn nested(
        &mut self,
        parse: fn(&mut Parser<'a>) -> Result<Json, JsonError>,
    ) -> Result<Json, JsonError> {
        if self.depth >= MAX_DEPTH {
            return Err(self.error(format!("nesting deeper than {} levels", MAX_DEPTH)));
        }
        self.depth += 1;
        let result = parse(self);
        self.depth -= 1;
        result
    }

    fn literal(&mut self, word: &str, value: Json) -> Result<Json, JsonError> {
        if self.bytes[self.pos..].starts_with(word.as_bytes()) {
            self.pos += word.len();
            Ok(value)
        } else {
            Err(self.error("expected a value"))
        }
    }

    fn object(&mut self) -> Result<Json, JsonError> {
        self.pos += 1; // '{'
        let mut map = Map::new();
        self.skip_whitespace();
        if self.peek() == Some(b'}') {
            self.pos += 1;
            return Ok(Json::Object(map));
        }
        loop {
            self.skip_whitespace();
            match self.peek() {
                Some(b'"') => {}
                None => return Err(self.error("unexpected end of input, expected an object key")),
                Some(_) => return Err(self.error("expected a string as object key")),
            }
            let key = self.string()?;
            self.skip_whitespace();
            match self.peek() {
                Some(b':') => self.pos += 1,
                None => return Err(self.error("unexpected end of input, expected ':'")),
                Some(_) => return Err(self.error("expected ':' after object key")),
            }
            self.skip_whitespace();
            let value = self.value()?;
            map.insert(key, value);
            self.skip_whitespace();
            match self.peek() {
                Some(b',') => self.pos += 1,
                Some(b'}') => {
                    self.pos += 1;
                    return Ok(Json::Object(map));
                }
                None => return Err(self.error("unexpected end of input, expected ',' or '}'")),
                Some(_) => return Err(self.error("expected ',' or '}' in object")),
            }
        }
    }

    fn array(&mut self) -> Result<Json, JsonError> {
        self.pos += 1; // '['
        let mut items = Vec::new();
        self.skip_whitespace();
        if self.peek() == Some(b']') {
            self.pos += 1;
            return Ok(Json::Array(items));
        }
        loop {
            self.skip_whitespace();
            items.push(self.value()?);
            self.skip_whitespace();
            match self.peek() {
                Some(b',') => self.pos += 1,
                Some(b']') => {
                    self.pos += 1;
                    return Ok(Json::Array(items));
                }
                None => return Err(self.error("unexpected end of input, expected ',' or ']'")),
                Some(_) => return Err(self.error("expected ',' or ']' in array")),
            }
        }
    }

    fn digits(&mut self) -> usize {
        let start = self.pos;
        while let Some(b'0'..=b'9') = self.peek() {
            self.pos += 1;
        }
        self.pos - start
    }

    fn number(&mut self) -> Result<Json, JsonError> {
        let start = self.pos;
        if self.peek() == Some(b'-') {
            self.pos += 1;
        }
        match self.peek() {
            Some(b'0') => {
                self.pos += 1;
                if let Some(b'0'..=b'9') = self.peek() {
                    return Err(self.error("leading zeros are not allowed in numbers"));
                }
            }
            Some(b'1'..=b'9') => {
                self.digits();
            }
            _ => return Err(self.error("expected a digit")),
        }
        let mut integral = true;
        if self.peek() == Some(b'.') {
            self.pos += 1;
            integral = false;
            if self.digits() == 0 {
                return Err(self.error("expected a digit after the decimal point"));
            }
        }
        if let Some(b'e' | b'E') = self.peek() {
            self.pos += 1;
            integral = false;
            if let Some(b'+' | b'-') = self.peek() {
                self.pos += 1;
            }
            if self.digits() == 0 {
                return Err(self.error("expected a digit in the exponent"));
            }
        }
        let literal = &self.text[start..self.pos];
        if integral {
            if let Ok(i) = literal.parse::<i64>() {
                return Ok(Json::Number(Number::Int(i)));
            }
        }
        match literal.parse::<f64>() {
            Ok(x) if x.is_finite() => Ok(Json::Number(Number::Float(x))),
            _ => Err(self.error_at(start, "number out of range")),
        }
    }

    fn hex4(&mut self) -> Result<u32, JsonError> {
        let mut value = 0u32;
        for _ in 0..4 {
            let digit = match self.peek() {
                Some(b @ b'0'..=b'9') => b - b'0',
                Some(b @ b'a'..=b'f') => b - b'a' + 10,
                Some(b @ b'A'..=b'F') => b - b'A' + 10,
                None => return Err(self.error("unexpected end of input in \\u escape")),
                Some(_) => return Err(self.error("expected a hex digit in \\u escape")),
            };
            value = value * 16 + digit as u32;
            self.pos += 1;
        }
        Ok(value)
    }

    fn string(&mut self) -> Result<String, JsonError> {
        let open = self.pos;
        self.pos += 1; // '"'
        let mut out = String::new();
        loop {
            let run = self.pos;
            while let Some(b) = self.peek() {
                if b == b'"' || b == b'\\' || b < 0x20 {
                    break;
                }
                self.pos += 1;
            }
            // Stops only at ASCII bytes, so the run is on char boundaries.
            out.push_str(&self.text[run..self.pos]);
            match self.peek() {
                None => return Err(self.error_at(open, "unterminated string")),
                Some(b'"') => {
                    self.pos += 1;
                    return Ok(out);
                }
                Some(b'\\') => {
                    let escape = self.pos;
                    self.pos += 1;
                    let c = match self.peek() {
                        Some(b'"') => '"',
                        Some(b'\\') => '\\',
                        Some(b'/') => '/',
                        Some(b'b') => '\u{8}',
                        Some(b'f') => '\u{c}',
                        Some(b'n') => '\n',
                        Some(b'r') => '\r',
                        Some(b't') => '\t',
                        Some(b'u') => {
                            self.pos += 1;
                            let c = self.unicode_escape(escape)?;
                            out.push(c);
                            continue;
                        }
                        None => return Err(self.error("unexpected end of input in escape")),
                        Some(_) => return Err(self.error_at(escape, "invalid escape sequence")),
                    };
                    self.pos += 1;
                    out.push(c);
                }
                Some(_) => return Err(self.error("control character in string (must be escaped)")),
            }
        }
    }

    /// After `\u`; `escape` is the offset of the backslash.
    fn unicode_escape(&mut self, escape: usize) -> Result<char, JsonError> {
        let first = self.hex4()?;
        let code = match first {
            0xD800..=0xDBFF => {
                if !self.bytes[self.pos..].starts_with(b"\\u") {
                    return Err(self.error_at(escape, "unpaired surrogate in \\u escape"));
                }
                self.pos += 2;
                let second = self.hex4()?;
                if !(0xDC00..=0xDFFF).contains(&second) {
                    return Err(self.error_at(escape, "unpaired surrogate in \\u escape"));
                }
                0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00)
            }
            0xDC00..=0xDFFF => {
                return Err(self.error_at(escape, "unpaired surrogate in \\u escape"))
            }
            other => other,
        };
        char::from_u32(code).ok_or_else(|| self.error_at(escape, "invalid \\u escape"))
    }
}

fn write_string(out: &mut String, s: &str) {
    out.push('"');
    let mut run = 0;
    for (i, b) in s.bytes().enumerate() {
        let escaped = match b {
            b'"' => "\\\"",
            b'\\' => "\\\\",
            b'\n' => "\\n",
            b'\r' => "\\r",
            b'\t' => "\\t",
            0x08 => "\\b",
            0x0c => "\\f",
            0x00..=0x1f => "",
            _ => continue,
        };
        out.push_str(&s[run..i]);
        if escaped.is_empty() {
            let _ = write!(out, "\\u{:04x}", b);
        } else {
            out.push_str(escaped);
        }
        run = i + 1;
    }
    out.push_str(&s[run..]);
    out.push('"');
}

fn newline(out: &mut String, indent: usize) {
    out.push('\n');
    for _ in 0..indent {
        out.push_str("  ");
    }
}

/// `indent` is `None` for compact output, `Some(level)` for pretty output.
fn write_value(out: &mut String, value: &Json, indent: Option<usize>) {
    match value {
        Json::Null => out.push_str("null"),
        Json::Bool(true) => out.push_str("true"),
        Json::Bool(false) => out.push_str("false"),
        Json::Number(n) => {
            let _ = write!(out, "{}", n);
        }
        Json::String(s) => write_string(out, s),
        Json::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                if let Some(level) = indent {
                    newline(out, level + 1);
                }
                write_value(out, item, indent.map(|l| l + 1));
            }
            if let (Some(level), false) = (indent, items.is_empty()) {
                newline(out, level);
            }
            out.push(']');
        }
        Json::Object(map) => {
            out.push('{');
            for (i, (key, item)) in map.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                if let Some(level) = indent {
                    newline(out, level + 1);
                }
                write_string(out, key);
                out.push(':');
                if indent.is_some() {
                    out.push(' ');
                }
                write_value(out, item, indent.map(|l| l + 1));
            }
            if let (Some(level), false) = (indent, map.is_empty()) {
                newline(out, level);
            }
            out.push('}');
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Json {
        Json::parse(text).unwrap_or_else(|e| panic!("{:?} failed: {}", text, e))
    }

    fn err(text: &str) -> JsonError {
        match Json::parse(text) {
            Ok(v) => panic!("{:?} parsed as {:?}", text, v),
            Err(e) => e,
        }
    }

    #[test]
    fn scalars() {
        assert_eq!(parse("null"), Json::Null);
        assert_eq!(parse("true"), Json::Bool(true));
        assert_eq!(parse(" false "), Json::Bool(false));
        assert_eq!(parse("\"hi\""), Json::String("hi".into()));
        assert_eq!(parse("0"), 0);
        assert_eq!(parse("-0").as_i64(), Some(0));
        assert_eq!(parse("42"), 42);
        assert_eq!(parse("-17"), -17);
    }

    #[test]
    fn integers_stay_exact() {
        let big = parse("9007199254740993"); // 2^53 + 1: not representable as f64
        assert!(matches!(big, Json::Number(Number::Int(9007199254740993))));
        assert_eq!(big.to_string(), "9007199254740993");
        assert_eq!(parse("9223372036854775807").as_i64(), Some(i64::MAX));
        assert_eq!(parse("-9223372036854775808").as_i64(), Some(i64::MIN));
        // Past i64: a float.
        let past = parse("9223372036854775808");
        assert!(matches!(past, Json::Number(Number::Float(_))));
        assert_eq!(past.as_i64(), None);
        assert_eq!(past.as_f64(), Some(9223372036854775808.0));
    }

    #[test]
    fn floats() {
        assert_eq!(parse("1.5").as_f64(), Some(1.5));
        assert_eq!(parse("-0.25").as_f64(), Some(-0.25));
        assert_eq!(parse("1e3").as_f64(), Some(1000.0));
        assert_eq!(parse("1E+2").as_f64(), Some(100.0));
        assert_eq!(parse("2.5e-3").as_f64(), Some(0.0025));
        assert!(matches!(parse("1.0"), Json::Number(Number::Float(_))));
        assert_eq!(parse("1.0").as_i64(), Some(1));
        assert_eq!(parse("1.5").as_i64(), None);
        assert_eq!(parse("0.1").as_f64(), Some(0.1));
        assert_eq!(parse("1.7976931348623157e308").as_f64(), Some(f64::MAX));
        assert_eq!(parse("5e-324").as_f64(), Some(5e-324));
        // Int and Float compare numerically.
        assert_eq!(parse("1.0"), parse("1"));
    }

    #[test]
    fn number_serialization_round_trips() {
        for text in ["0", "-1", "123456789012", "1.5", "-0.001", "1e+300", "1.25e-7", "0.1", "3.0"] {
            let v = parse(text);
            let back = v.to_string();
            assert_eq!(parse(&back), v, "{} -> {}", text, back);
        }
        assert_eq!(Json::from(3.0).to_string(), "3.0");
        assert_eq!(Json::from(0.5).to_string(), "0.5");
        assert_eq!(Json::from(1e300).to_string(), "1e300");
        assert_eq!(Json::from(1.5e-7).to_string(), "1.5e-7");
        assert_eq!(Json::from(-2.0e16).to_string(), "-2e16");
        assert_eq!(Json::from(0.0).to_string(), "0.0");
        assert_eq!(Json::from(f64::NAN), Json::Null);
        assert_eq!(Json::Number(Number::Float(f64::INFINITY)).to_string(), "null");
        assert_eq!(Json::from(u64::MAX).as_f64(), Some(u64::MAX as f64));
        assert_eq!(Json::from(7u64), 7);
    }

    #[test]
    fn bad_numbers() {
        assert_eq!(err("01").message(), "leading zeros are not allowed in numbers");
        assert_eq!(err("-").message(), "expected a digit");
        assert_eq!(err("-a").message(), "expected a digit");
        assert_eq!(err("1.").message(), "expected a digit after the decimal point");
        assert_eq!(err("1.e5").message(), "expected a digit after the decimal point");
        assert_eq!(err("1e").message(), "expected a digit in the exponent");
        assert_eq!(err("1e+").message(), "expected a digit in the exponent");
        assert_eq!(err(".5").message(), "expected a value");
        assert_eq!(err("+1").message(), "expected a value");
        let e = err("[1e999]");
        assert_eq!(e.message(), "number out of range");
        assert_eq!(e.offset(), 1);
        assert_eq!(err("NaN").message(), "expected a value");
        assert_eq!(err("Infinity").message(), "expected a value");
    }

    #[test]
    fn strings_and_escapes() {
        assert_eq!(parse(r#""a\"b\\c\/d""#), "a\"b\\c/d");
        assert_eq!(parse(r#""\b\f\n\r\t""#), "\u{8}\u{c}\n\r\t");
        assert_eq!(parse(r#""\u0041\u00e9\u4e2D""#), "Aé中");
        assert_eq!(parse(r#""\ud83d\ude00!""#), "😀!");
        assert_eq!(parse(r#""\uD834\uDD1E""#), "𝄞");
        assert_eq!(parse("\"héllo wörld 😀\""), "héllo wörld 😀");
        assert_eq!(parse(r#""\u0000""#), "\u{0}");
        assert_eq!(parse(r#""""#), "");
    }

    #[test]
    fn bad_strings() {
        assert_eq!(err(r#""abc"#).message(), "unterminated string");
        assert_eq!(err(r#""abc"#).offset(), 0);
        assert_eq!(err("\"a\nb\"").message(), "control character in string (must be escaped)");
        assert_eq!(err("\"a\tb\"").offset(), 2);
        let e = err(r#""x\q""#);
        assert_eq!(e.message(), "invalid escape sequence");
        assert_eq!(e.offset(), 2);
        assert_eq!(err(r#""\u12""#).message(), "expected a hex digit in \\u escape");
        assert_eq!(err(r#""\u12"#).message(), "unexpected end of input in \\u escape");
        assert_eq!(err(r#""\ud83d""#).message(), "unpaired surrogate in \\u escape");
        assert_eq!(err(r#""\ud83dx""#).message(), "unpaired surrogate in \\u escape");
        assert_eq!(err(r#""\ud83d\u0041""#).message(), "unpaired surrogate in \\u escape");
        assert_eq!(err(r#""\ude00""#).message(), "unpaired surrogate in \\u escape");
        assert_eq!(err(r#""\"#).message(), "unexpected end of input in escape");
    }

    #[test]
    fn string_escaping_round_trips() {
        let s = "quote\" backslash\\ slash/ nl\n cr\r tab\t bs\u{8} ff\u{c} nul\u{0} us\u{1f} del\u{7f} é 😀";
        let text = Json::from(s).to_string();
        assert_eq!(
            text,
            "\"quote\\\" backslash\\\\ slash/ nl\\n cr\\r tab\\t bs\\b ff\\f nul\\u0000 us\\u001f del\u{7f} é 😀\""
        );
        assert_eq!(parse(&text), s);
    }

    #[test]
    fn nesting_and_order() {
        let v = parse(r#" { "z": 1, "a": [true, null, {"k": "v"}], "m": {} , "e": []} "#);
        assert_eq!(v.as_object().unwrap().keys().collect::<Vec<_>>(), ["z", "a", "m", "e"]);
        assert_eq!(v["a"][2]["k"], "v");
        assert_eq!(v["a"][1], Json::Null);
        assert!(v["a"][9].is_null());
        assert!(v["nope"]["deeper"].is_null());
        assert_eq!(v.to_string(), r#"{"z":1,"a":[true,null,{"k":"v"}],"m":{},"e":[]}"#);
        assert_eq!(parse(&v.to_string_pretty()), v);
    }

    #[test]
    fn duplicate_keys_keep_first_position_last_value() {
        let v = parse(r#"{"a":1,"b":2,"a":3}"#);
        assert_eq!(v.to_string(), r#"{"a":3,"b":2}"#);
    }

    #[test]
    fn structural_errors_have_positions() {
        let e = err("{\"a\" 1}");
        assert_eq!(e.message(), "expected ':' after object key");
        assert_eq!((e.line(), e.column(), e.offset()), (1, 6, 5));
        let e = err("[1,\n  2,\n  ]");
        assert_eq!(e.message(), "expected a value");
        assert_eq!((e.line(), e.column()), (3, 3));
        assert_eq!(e.to_string(), "expected a value at line 3, column 3");
        assert_eq!(err("").message(), "unexpected end of input, expected a value");
        assert_eq!(err("   ").message(), "unexpected end of input, expected a value");
        assert_eq!(err("[1 2]").message(), "expected ',' or ']' in array");
        assert_eq!(err("[1,").message(), "unexpected end of input, expected a value");
        assert_eq!(err("[1").message(), "unexpected end of input, expected ',' or ']'");
        assert_eq!(err("{").message(), "unexpected end of input, expected an object key");
        assert_eq!(err("{1:2}").message(), "expected a string as object key");
        assert_eq!(err("{\"a\":1,}").message(), "expected a string as object key");
        assert_eq!(err("{\"a\":1 \"b\":2}").message(), "expected ',' or '}' in object");
        assert_eq!(err("{\"a\"").message(), "unexpected end of input, expected ':'");
        assert_eq!(err("{\"a\":1").message(), "unexpected end of input, expected ',' or '}'");
        assert_eq!(err("tru").message(), "expected a value");
        assert_eq!(err("nul").message(), "expected a value");
        let e = err("{} x");
        assert_eq!(e.message(), "trailing characters after the JSON value");
        assert_eq!(e.offset(), 3);
        assert_eq!(err("1 2").message(), "trailing characters after the JSON value");
        // Columns count characters, not bytes.
        let e = err("[\"é😀\", x]");
        assert_eq!((e.column(), e.offset()), (8, 11));
    }

    #[test]
    fn depth_limit() {
        let ok = "[".repeat(MAX_DEPTH) + &"]".repeat(MAX_DEPTH);
        assert!(Json::parse(&ok).is_ok());
        let deep = "[".repeat(MAX_DEPTH + 1) + &"]".repeat(MAX_DEPTH + 1);
        let e = err(&deep);
        assert_eq!(e.message(), "nesting deeper than 128 levels");
        assert_eq!(e.offset(), MAX_DEPTH);
        let bomb = "{\"a\":".repeat(100_000);
        assert!(Json::parse(&bomb).is_err());
    }

    #[test]
    fn from_slice_checks_utf8() {
        assert_eq!(Json::from_slice(b"[\"ok\"]").unwrap()[0], "ok");
        let e = Json::from_slice(b"[\"a\xffb\"]").unwrap_err();
        assert_eq!(e.message(), "invalid UTF-8");
        assert_eq!(e.offset(), 3);
    }

    #[test]
    fn whitespace_is_only_json_whitespace() {
        assert!(Json::parse(" \t\r\n[ 1 ,\t2 ]\n").is_ok());
        assert!(Json::parse("\u{a0}1").is_err());
        assert!(Json::parse("\u{feff}1").is_err());
    }

    #[test]
    fn building_and_mutating() {
        let mut v = Json::Null;
        v["name"] = "x".into();
        v["n"] = Json::from(1);
        v.insert("n", 2);
        v["list"].push(1);
        v["list"].push("two");
        v["list"][0] = Json::from(false);
        assert_eq!(v.to_string(), r#"{"name":"x","n":2,"list":[false,"two"]}"#);
        assert_eq!(v.as_object_mut().unwrap().remove("name"), Some(Json::from("x")));
        assert_eq!(v.get("name"), None);
        let o = Json::object([("a", Json::array([1, 2])), ("b", Json::from(Some("s"))), ("c", Json::from(None::<i32>))]);
        assert_eq!(o.to_string(), r#"{"a":[1,2],"b":"s","c":null}"#);
        assert_eq!(Json::from(vec!["a", "b"]).to_string(), r#"["a","b"]"#);
        assert_eq!(o.type_name(), "object");
        assert_eq!(o["a"].as_array().map(Vec::len), Some(2));
        assert_eq!(Json::from(-3).as_u64(), None);
        assert_eq!(Json::from(3).as_u64(), Some(3));
        assert_eq!("[1]".parse::<Json>().unwrap()[0], 1);
    }

    #[test]
    #[should_panic(expected = "cannot index a JSON number with a key")]
    fn index_mut_on_wrong_type_panics() {
        let mut v = Json::from(1);
        v["a"] = Json::Null;
    }

    #[test]
    fn pretty_printing() {
        let v = parse(r#"{"a":[1,2],"b":{"c":"d"},"e":[],"f":{}}"#);
        assert_eq!(
            v.to_string_pretty(),
            "{\n  \"a\": [\n    1,\n    2\n  ],\n  \"b\": {\n    \"c\": \"d\"\n  },\n  \"e\": [],\n  \"f\": {}\n}"
        );
        assert_eq!(Json::from(1).to_string_pretty(), "1");
    }
}
