//! The error type that plugin functions return.

use std::fmt;

/// An error returned by a plugin function.
///
/// When an exported function returns `Err(error)`, the SDK hands
/// [`message`](Error::message) to the host with `error_set` and the export
/// returns [`code`](Error::code) (1 unless changed with
/// [`with_code`](Error::with_code)). The host reports it as a plugin error
/// carrying that message.
///
/// Any type that implements [`std::error::Error`] converts into `Error`, so
/// `?` works on parse errors, UTF-8 errors, [`JsonError`](crate::JsonError)s and
/// so on. For your own messages use [`Error::new`] or the [`bail!`](crate::bail)
/// macro.
///
/// ```
/// use plinth_sdk::Error;
///
/// fn parse_age(text: &str) -> Result<u8, Error> {
///     let age: u8 = text.trim().parse()?; // ParseIntError -> Error
///     if age > 150 {
///         return Err(Error::new(format!("age {} is not plausible", age)));
///     }
///     Ok(age)
/// }
///
/// assert_eq!(parse_age("42").unwrap(), 42);
/// assert_eq!(parse_age("x").unwrap_err().message(), "invalid digit found in string");
/// assert_eq!(parse_age("151").unwrap_err().code(), 1);
/// ```
///
/// `Error` deliberately does not implement `std::error::Error` itself (that is
/// what makes the blanket conversion above possible, as in `anyhow`).
#[derive(Clone, PartialEq, Eq)]
pub struct Error {
    message: String,
    code: i32,
}

impl Error {
    /// Creates an error with the given message and the return code 1.
    pub fn new(message: impl Into<String>) -> Error {
        Error {
            message: message.into(),
            code: 1,
        }
    }

    /// Returns this error with another return code. The export returns this
    /// code to the host; 0 would mean success, so it is replaced by 1.
    pub fn with_code(mut self, code: i32) -> Error {
        self.code = if code == 0 { 1 } else { code };
        self
    }

    /// Returns this error with `context: ` put in front of its message.
    ///
    /// ```
    /// let e = plinth_sdk::Error::new("not a number").context("field age");
    /// assert_eq!(e.message(), "field age: not a number");
    /// ```
    pub fn context(mut self, context: impl fmt::Display) -> Error {
        self.message = format!("{}: {}", context, self.message);
        self
    }

    /// The message that is handed to the host.
    pub fn message(&self) -> &str {
        &self.message
    }

    /// The non-zero code that the export returns.
    pub fn code(&self) -> i32 {
        self.code
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Error({:?}, code {})", self.message, self.code)
    }
}

impl<E: std::error::Error> From<E> for Error {
    fn from(error: E) -> Error {
        Error::new(error.to_string())
    }
}

/// Returns early from a function with an [`Error`] built from a format string.
///
/// ```
/// fn check(n: i64) -> Result<i64, plinth_sdk::Error> {
///     if n < 0 {
///         plinth_sdk::bail!("{} is negative", n);
///     }
///     Ok(n)
/// }
/// assert_eq!(check(-1).unwrap_err().message(), "-1 is negative");
/// ```
#[macro_export]
macro_rules! bail {
    ($($arg:tt)+) => {
        return ::core::result::Result::Err($crate::Error::new(::std::format!($($arg)+)))
    };
}
