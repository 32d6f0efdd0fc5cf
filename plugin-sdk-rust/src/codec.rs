//! Codecs: how export inputs and outputs, variables and host-function values
//! turn into bytes and back.
//!
//! | Rust type      | codec in `plugin.toml` | as input / host result          | as output / host argument |
//! |----------------|------------------------|---------------------------------|---------------------------|
//! | `Vec<u8>`      | `bytes`                | the bytes as they are           | the bytes                 |
//! | `String`       | `text`                 | must be UTF-8, else an error    | UTF-8 text                |
//! | [`Json`]       | `json`                 | must parse, else an error with the position | compact JSON  |
//! | `&[u8]`, `&str`, `&Json`, `[u8; N]` | — | —                             | as above                  |
//! | `()`           | —                      | (use a function without input)  | no output at all          |
//! | `Option<T>`    | —                      | —                               | `None`: no output         |
//!
//! Implement [`FromBytes`] and [`ToBytes`] to use your own types.

use std::borrow::Cow;

use crate::{Error, Json};

/// Decodes a value from bytes (export inputs, variables, host-function results).
///
/// ```
/// use plinth_sdk::{codec::FromBytes, Error, Json};
///
/// /// A comma-separated list.
/// struct Csv(Vec<String>);
///
/// impl FromBytes for Csv {
///     fn from_bytes(bytes: Vec<u8>) -> Result<Csv, Error> {
///         let text = String::from_bytes(bytes)?;
///         Ok(Csv(text.split(',').map(str::to_string).collect()))
///     }
/// }
/// assert_eq!(Csv::from_bytes(b"a,b".to_vec()).unwrap().0, ["a", "b"]);
/// ```
pub trait FromBytes: Sized {
    /// Decodes `bytes`.
    fn from_bytes(bytes: Vec<u8>) -> Result<Self, Error>;
}

/// Encodes a value as bytes (export outputs, variables, host-function arguments).
pub trait ToBytes {
    /// The encoded bytes, borrowed when possible.
    fn to_bytes(&self) -> Cow<'_, [u8]>;
}

impl FromBytes for Vec<u8> {
    fn from_bytes(bytes: Vec<u8>) -> Result<Vec<u8>, Error> {
        Ok(bytes)
    }
}

impl FromBytes for String {
    /// Fails with `not valid UTF-8: ...` on invalid UTF-8.
    fn from_bytes(bytes: Vec<u8>) -> Result<String, Error> {
        String::from_utf8(bytes).map_err(|e| Error::new(format!("not valid UTF-8: {}", e.utf8_error())))
    }
}

impl FromBytes for Json {
    /// Fails with `not valid JSON: <problem> at line L, column C`.
    fn from_bytes(bytes: Vec<u8>) -> Result<Json, Error> {
        Json::from_slice(&bytes).map_err(|e| Error::new(format!("not valid JSON: {}", e)))
    }
}

impl ToBytes for [u8] {
    fn to_bytes(&self) -> Cow<'_, [u8]> {
        Cow::Borrowed(self)
    }
}

impl<const N: usize> ToBytes for [u8; N] {
    fn to_bytes(&self) -> Cow<'_, [u8]> {
        Cow::Borrowed(self)
    }
}

impl ToBytes for Vec<u8> {
    fn to_bytes(&self) -> Cow<'_, [u8]> {
        Cow::Borrowed(self)
    }
}

impl ToBytes for str {
    fn to_bytes(&self) -> Cow<'_, [u8]> {
        Cow::Borrowed(self.as_bytes())
    }
}

impl ToBytes for String {
    fn to_bytes(&self) -> Cow<'_, [u8]> {
        Cow::Borrowed(self.as_bytes())
    }
}

impl ToBytes for Json {
    /// Compact JSON text.
    fn to_bytes(&self) -> Cow<'_, [u8]> {
        Cow::Owned(self.to_string().into_bytes())
    }
}

impl<T: ToBytes + ?Sized> ToBytes for &T {
    fn to_bytes(&self) -> Cow<'_, [u8]> {
        (**self).to_bytes()
    }
}

/// What an export function may return as its success value: anything
/// [`ToBytes`] (becomes the output), `()` (no output) or `Option<T>` (`None`:
/// no output).
pub trait IntoOutput {
    /// Sets the call's output (or leaves it unset).
    fn set_output(self) -> Result<(), Error>;
}

impl<T: ToBytes> IntoOutput for T {
    fn set_output(self) -> Result<(), Error> {
        crate::output(&self)
    }
}

impl IntoOutput for () {
    fn set_output(self) -> Result<(), Error> {
        Ok(())
    }
}

impl<T: ToBytes> IntoOutput for Option<T> {
    fn set_output(self) -> Result<(), Error> {
        match self {
            Some(value) => crate::output(&value),
            None => Ok(()),
        }
    }
}

/// What an export function may return: `Result<T, E>` with `T:` [`IntoOutput`]
/// and `E: Into<`[`Error`]`>`, or a plain `T: IntoOutput` for functions that
/// cannot fail.
pub trait ExportResult {
    /// Sets the output, or returns the error.
    fn finish(self) -> Result<(), Error>;
}

impl<T: IntoOutput> ExportResult for T {
    fn finish(self) -> Result<(), Error> {
        self.set_output()
    }
}

impl<T: IntoOutput, E: Into<Error>> ExportResult for Result<T, E> {
    fn finish(self) -> Result<(), Error> {
        match self {
            Ok(value) => value.set_output(),
            Err(error) => Err(error.into()),
        }
    }
}

/// A Rust function that can back an export: `fn() -> R` or `fn(I) -> R` with
/// `I:` [`FromBytes`] and `R:` [`ExportResult`]. The `Args` parameter only
/// tells the two shapes apart; it is inferred.
///
/// [`plugin_fn!`](crate::plugin_fn) uses this to run the function as a wasm
/// export, and [`testing::call`](crate::testing::call) to run it in tests.
pub trait Export<Args> {
    /// Reads the input, runs the function, sets the output or the error, and
    /// returns the export's status code (0 on success).
    fn run(self) -> i32;
}

impl<F, R> Export<()> for F
where
    F: FnOnce() -> R,
    R: ExportResult,
{
    fn run(self) -> i32 {
        crate::__private::before_call();
        finish(self().finish())
    }
}

impl<F, I, R> Export<(I,)> for F
where
    F: FnOnce(I) -> R,
    I: FromBytes,
    R: ExportResult,
{
    fn run(self) -> i32 {
        crate::__private::before_call();
        let input = match I::from_bytes(crate::input_bytes()) {
            Ok(input) => input,
            Err(error) => return finish(Err(error.context("input"))),
        };
        finish(self(input).finish())
    }
}

fn finish(result: Result<(), Error>) -> i32 {
    match result {
        Ok(()) => 0,
        Err(error) => {
            crate::set_error(error.message());
            error.code()
        }
    }
}
