//! Plan records as tables analysts query: a SQLite database, or one CSV file per table.
//!
//! Data flow: JSON Lines from `batch` or `extract` are read line by line ([`Exporter`]);
//! each plan record becomes a row of `plans` and rows of the list tables, each error line a
//! row of `errors` ([`tables`]); a [`tables::Sink`] writes the rows: [`sqlite::Database`]
//! into a database laid out by [`DDL`], [`csv::CsvTables`] into CSV files with the same
//! columns. Both write temporary files and rename them at the end, so a bad line (which
//! stops the export with an error naming its file and line) never leaves a half-written
//! output behind, and exporting again replaces the old output whole.

pub mod csv;
pub mod sqlite;
pub mod tables;

use crate::record::{PlanRecord, SCHEMA_ID};
use crate::{Error, Result};
use std::fmt;
use std::io::BufRead;
use std::path::{Path, PathBuf};
use std::str::FromStr;
use tables::{error_row, plan_rows, Ids, Origin, Sink};

/// The SQL that creates the database: tables, indexes and comments that document each
/// column (SQLite keeps them, so they show in any browser of the database).
pub const DDL: &str = include_str!("schema.sql");

/// What to write.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Format {
    /// One SQLite database file.
    #[default]
    Sqlite,
    /// A directory with one CSV file per table.
    Csv,
}

impl FromStr for Format {
    type Err = Error;

    fn from_str(s: &str) -> Result<Format> {
        match s.to_ascii_lowercase().as_str() {
            "sqlite" | "sqlite3" | "db" => Ok(Format::Sqlite),
            "csv" => Ok(Format::Csv),
            _ => Err(Error::usage(format!(
                "unknown export format `{s}` (known: sqlite, csv)"
            ))),
        }
    }
}

/// What an export read.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Summary {
    /// JSON Lines inputs read.
    pub files: usize,
    /// Plan records, one row of `plans` each.
    pub records: u64,
    /// Error lines, one row of `errors` each.
    pub errors: u64,
}

impl fmt::Display for Summary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let s = |n: u64| if n == 1 { "" } else { "s" };
        write!(
            f,
            "{} record{}, {} error line{}",
            self.records,
            s(self.records),
            self.errors,
            s(self.errors)
        )
    }
}

/// Exports the JSON Lines files `inputs` (`-` reads stdin) to `output`: a database file, or
/// for [`Format::Csv`] a directory. Nothing is written unless every line could be read.
pub fn export(inputs: &[PathBuf], format: Format, output: &Path) -> Result<Summary> {
    if let Some(input) = inputs.iter().find(|i| same_file(i, output)) {
        return Err(Error::usage(format!(
            "the output {} is also an input: exporting would replace {} with its export",
            output.display(),
            input.display()
        )));
    }
    match format {
        Format::Sqlite => {
            let mut db = sqlite::Database::create(output)?;
            let summary = read_all(inputs, &mut db)?;
            db.commit()?;
            Ok(summary)
        }
        Format::Csv => {
            let mut files = csv::CsvTables::create(output)?;
            let summary = read_all(inputs, &mut files)?;
            files.commit()?;
            Ok(summary)
        }
    }
}

fn same_file(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

fn read_all(inputs: &[PathBuf], sink: &mut dyn Sink) -> Result<Summary> {
    let mut exporter = Exporter::new(sink);
    for input in inputs {
        if crate::input::is_stdin(input) {
            exporter.read(std::io::stdin().lock(), crate::input::STDIN_NAME)?;
        } else {
            // Regular files only: a FIFO left in place of a file would wait forever.
            let file = crate::input::open_file(input)?;
            let reader = std::io::BufReader::with_capacity(1 << 16, file);
            exporter.read(reader, &input.to_string_lossy())?;
        }
    }
    Ok(exporter.summary())
}

/// Reads JSON Lines of plan records and error lines into a [`Sink`], ids running on across
/// the files read.
pub struct Exporter<'s> {
    sink: &'s mut dyn Sink,
    ids: Ids,
    summary: Summary,
}

impl<'s> Exporter<'s> {
    pub fn new(sink: &'s mut dyn Sink) -> Exporter<'s> {
        Exporter {
            sink,
            ids: Ids::default(),
            summary: Summary::default(),
        }
    }

    /// Reads every line of `reader`; `name` is the file's name in the tables and in error
    /// messages. Blank lines are skipped; any other line that is neither a plan record of
    /// this version nor an error line stops the export with an error naming `name:line`.
    pub fn read(&mut self, mut reader: impl BufRead, name: &str) -> Result<()> {
        self.summary.files += 1;
        let mut buf = Vec::new();
        let mut number = 0;
        loop {
            buf.clear();
            let n = reader
                .read_until(b'\n', &mut buf)
                .map_err(|e| Error::io(name, e))?;
            if n == 0 {
                return Ok(());
            }
            number += 1;
            let text = std::str::from_utf8(&buf).map_err(|e| {
                let column = e.valid_up_to() + 1;
                Error::parse(number, format!("not UTF-8 text (byte {column})")).at(name)
            })?;
            let mut text = text.trim_end_matches(['\n', '\r']);
            if number == 1 {
                text = text.strip_prefix('\u{feff}').unwrap_or(text);
            }
            if text.trim().is_empty() {
                continue;
            }
            let origin = Origin {
                file: name,
                line: number,
            };
            match read_line(text) {
                Ok(Line::Plan { record, restored }) => {
                    plan_rows(
                        self.sink,
                        &mut self.ids,
                        origin,
                        &record,
                        restored.as_deref(),
                    )?;
                    self.summary.records += 1;
                }
                Ok(Line::Error { source, error }) => {
                    error_row(self.sink, &mut self.ids, origin, source.as_deref(), &error)?;
                    self.summary.errors += 1;
                }
                Err(message) => return Err(Error::parse(number, message).at(name)),
            }
        }
    }

    /// What was read so far.
    pub fn summary(&self) -> Summary {
        self.summary
    }
}

/// One line of the input.
enum Line {
    Plan {
        record: Box<PlanRecord>,
        restored: Option<String>,
    },
    Error {
        source: Option<String>,
        error: String,
    },
}

/// Reads one non-blank line, or says what is wrong with it.
fn read_line(text: &str) -> std::result::Result<Line, String> {
    use serde_json::Value;
    let mut value: Value = serde_json::from_str(text).map_err(|e| json_error(text, &e))?;
    let Some(object) = value.as_object_mut() else {
        return Err(format!(
            "not a record: a JSON object is expected, not {}",
            kind_of(&value)
        ));
    };
    if let Some(error) = object.get("error") {
        let error = match error {
            Value::String(s) => s.clone(),
            other => other.to_string(),
        };
        let source = object.get("source").and_then(|s| match s {
            Value::String(s) => Some(s.clone()),
            Value::Null => None,
            other => Some(other.to_string()),
        });
        return Ok(Line::Error { source, error });
    }
    match object.get("schema") {
        Some(Value::String(s)) if s == SCHEMA_ID => {}
        Some(Value::String(s)) if s.starts_with("vnplan.plan/") => {
            return Err(format!(
                "record schema `{s}` is not the one this vnplan reads ({SCHEMA_ID}): \
                 export these records with the vnplan that wrote them, or update vnplan"
            ))
        }
        Some(Value::String(s)) => {
            return Err(format!(
                "unknown record schema `{s}` (this vnplan reads {SCHEMA_ID})"
            ))
        }
        Some(other) => {
            return Err(format!(
                "the record's `schema` is {}, not a string",
                kind_of(other)
            ))
        }
        None => {
            return Err(
                "neither a plan record nor an error line: no `schema` and no `error` field".into(),
            )
        }
    }
    let restored = match object.remove("restored") {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) => Some(s),
        Some(other) => {
            return Err(format!(
                "the record's `restored` is {}, not a string",
                kind_of(&other)
            ))
        }
    };
    let record: PlanRecord =
        serde_json::from_value(value).map_err(|e| format!("not a plan record: {e}"))?;
    Ok(Line::Plan {
        record: Box::new(record),
        restored,
    })
}

/// A parse error of `line`, with the column in characters and without serde's "line 1".
fn json_error(line: &str, e: &serde_json::Error) -> String {
    if e.classify() == serde_json::error::Category::Eof {
        return format!(
            "truncated JSON: the line ends inside a value after {} characters",
            line.chars().count()
        );
    }
    let message = e.to_string();
    let what = message.split(" at line ").next().unwrap_or(&message);
    // serde counts bytes; people and editors count characters.
    let byte = e.column().saturating_sub(1);
    let column = line.char_indices().take_while(|(i, _)| *i < byte).count() + 1;
    format!("malformed JSON at column {column}: {what}")
}

fn kind_of(value: &serde_json::Value) -> &'static str {
    match value {
        serde_json::Value::Null => "null",
        serde_json::Value::Bool(_) => "a boolean",
        serde_json::Value::Number(_) => "a number",
        serde_json::Value::String(_) => "a string",
        serde_json::Value::Array(_) => "an array",
        serde_json::Value::Object(_) => "an object",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn message(line: &str) -> String {
        match read_line(line) {
            Ok(_) => panic!("{line} was read"),
            Err(m) => m,
        }
    }

    #[test]
    fn bad_lines_say_what_is_wrong() {
        assert_eq!(
            message(r#"{"schema":"vnplan.plan/1","number":"5/KH"#),
            "truncated JSON: the line ends inside a value after 40 characters"
        );
        assert_eq!(
            message(r#"{"schema" "vnplan.plan/1"}"#),
            "malformed JSON at column 11: expected `:`"
        );
        // Columns count characters, not the bytes of Vietnamese letters.
        assert_eq!(
            message(r#"{"place":"Đồng Tháp" x}"#),
            "malformed JSON at column 22: expected `,` or `}`"
        );
        assert!(message("[1, 2]").contains("a JSON object is expected, not an array"));
        assert!(message(r#"{"schema":"vnplan.plan/2"}"#).contains("`vnplan.plan/2` is not"));
        assert!(message(r#"{"schema":"other/1"}"#).contains("unknown record schema `other/1`"));
        assert!(message(r#"{"number":"5/KH"}"#).contains("no `schema` and no `error`"));
        assert_eq!(
            message(r#"{"schema":"vnplan.plan/1","awards":"many"}"#),
            "not a plan record: invalid type: string \"many\", expected a sequence"
        );
    }

    #[test]
    fn error_lines_and_restored_text_are_read() {
        let Ok(Line::Error { source, error }) =
            read_line(r#"{"source":"a.txt","error":"empty file"}"#)
        else {
            panic!("not an error line");
        };
        assert_eq!(
            (source.as_deref(), error.as_str()),
            (Some("a.txt"), "empty file")
        );
        let record = serde_json::to_value(PlanRecord::default()).unwrap();
        let mut object = record.as_object().unwrap().clone();
        object.insert("restored".into(), "văn bản".into());
        let line = serde_json::Value::Object(object).to_string();
        let Ok(Line::Plan { restored, .. }) = read_line(&line) else {
            panic!("not a plan");
        };
        assert_eq!(restored.as_deref(), Some("văn bản"));
    }

    #[test]
    fn formats_parse() {
        assert_eq!("sqlite".parse::<Format>().unwrap(), Format::Sqlite);
        assert_eq!("CSV".parse::<Format>().unwrap(), Format::Csv);
        assert!("xlsx".parse::<Format>().is_err());
    }
}
