//! The one error type of vnplan.
//!
//! A bad *document* is not an error: an unknown syllable passes through, a field that cannot be
//! read is `null`. `Error` is for what stops a whole operation: I/O, a corrupt or stale model
//! file, input that cannot be decoded. Its message says what went wrong and where, in lower
//! case, so the command line can print it as one line: `vnplan: <message>`.

use std::fmt;
use std::path::{Path, PathBuf};

/// `Result` with vnplan's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// An error with a kind and, where there is one, the file it concerns.
#[derive(Debug)]
pub struct Error {
    kind: ErrorKind,
    path: Option<PathBuf>,
}

/// What went wrong.
#[derive(Debug)]
#[non_exhaustive]
pub enum ErrorKind {
    /// Reading or writing a file failed.
    Io(std::io::Error),
    /// A model or dictionary file is truncated, corrupt or of another format version.
    Model(String),
    /// The input cannot be used: undecodable bytes, an unknown encoding, not a plan.
    Input(String),
    /// A line of a text data file (dictionary, JSON Lines input) is malformed.
    Parse { line: usize, message: String },
    /// A command-line argument is unusable.
    Usage(String),
}

impl Error {
    /// An error of `kind` not tied to any file.
    pub fn new(kind: ErrorKind) -> Error {
        Error { kind, path: None }
    }

    /// Attach the file this error concerns (kept if one is already set).
    pub fn at(mut self, path: impl AsRef<Path>) -> Error {
        if self.path.is_none() {
            self.path = Some(path.as_ref().to_path_buf());
        }
        self
    }

    /// Shorthand for an [`ErrorKind::Model`] error about `path`.
    pub fn model(path: impl AsRef<Path>, message: impl Into<String>) -> Error {
        Error::new(ErrorKind::Model(message.into())).at(path)
    }

    /// Shorthand for an [`ErrorKind::Input`] error.
    pub fn input(message: impl Into<String>) -> Error {
        Error::new(ErrorKind::Input(message.into()))
    }

    /// Shorthand for an [`ErrorKind::Parse`] error at a 1-based line.
    pub fn parse(line: usize, message: impl Into<String>) -> Error {
        Error::new(ErrorKind::Parse {
            line,
            message: message.into(),
        })
    }

    /// Shorthand for an [`ErrorKind::Usage`] error.
    pub fn usage(message: impl Into<String>) -> Error {
        Error::new(ErrorKind::Usage(message.into()))
    }

    /// Shorthand for an I/O error about `path`.
    pub fn io(path: impl AsRef<Path>, err: std::io::Error) -> Error {
        Error::new(ErrorKind::Io(err)).at(path)
    }

    /// What went wrong.
    pub fn kind(&self) -> &ErrorKind {
        &self.kind
    }

    /// The file this error concerns, if any.
    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(path) = &self.path {
            write!(f, "{}", path.display())?;
            if let ErrorKind::Parse { line, .. } = &self.kind {
                write!(f, ":{line}")?;
            }
            write!(f, ": ")?;
        } else if let ErrorKind::Parse { line, .. } = &self.kind {
            write!(f, "line {line}: ")?;
        }
        match &self.kind {
            ErrorKind::Io(e) => write!(f, "{}", io_message(e)),
            ErrorKind::Model(m) | ErrorKind::Input(m) | ErrorKind::Usage(m) => f.write_str(m),
            ErrorKind::Parse { message, .. } => f.write_str(message),
        }
    }
}

/// The OS message without Rust's `(os error N)` suffix, lower-cased like the rest.
fn io_message(e: &std::io::Error) -> String {
    let text = e.to_string();
    let text = match text.find(" (os error") {
        Some(i) => text[..i].to_string(),
        None => text,
    };
    let mut chars = text.chars();
    match chars.next() {
        Some(c) => c.to_lowercase().chain(chars).collect(),
        None => text,
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match &self.kind {
            ErrorKind::Io(e) => Some(e),
            _ => None,
        }
    }
}

impl From<std::io::Error> for Error {
    fn from(e: std::io::Error) -> Error {
        Error::new(ErrorKind::Io(e))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn message_names_file_and_line() {
        let e = Error::parse(12, "expected 3 columns, found 2").at("dictionaries/awards.tsv");
        assert_eq!(
            e.to_string(),
            "dictionaries/awards.tsv:12: expected 3 columns, found 2"
        );
    }

    #[test]
    fn io_message_is_one_lower_case_line() {
        let err = std::fs::read("/nonexistent/vnplan-test").unwrap_err();
        let e = Error::io("/nonexistent/vnplan-test", err);
        assert_eq!(
            e.to_string(),
            "/nonexistent/vnplan-test: no such file or directory"
        );
    }

    #[test]
    fn first_path_wins() {
        let e = Error::model("a.bin", "truncated").at("b.bin");
        assert_eq!(e.path(), Some(Path::new("a.bin")));
    }
}
