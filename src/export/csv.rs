//! The tables as CSV files, one per table (`plans.csv`, `citations.csv`, …) in a directory,
//! for spreadsheets. Columns and values are those of the database: NULL is an empty
//! field, flags are 0 and 1. Each file is written to a temporary file and renamed into
//! place once every line has been read, so an export that fails leaves the old files.

use super::tables::{Sink, Table, Value, TABLES};
use crate::atomic::temp_path_for;
use crate::{Error, Result};
use std::borrow::Cow;
use std::fs::{self, File};
use std::path::{Path, PathBuf};

/// The CSV files being written into a directory.
pub struct CsvTables {
    files: Vec<TableFile>,
}

struct TableFile {
    name: &'static str,
    writer: Option<::csv::Writer<File>>,
    temp: PathBuf,
    path: PathBuf,
}

impl CsvTables {
    /// Starts the files of every table in `dir` (created if missing), each with its header.
    pub fn create(dir: &Path) -> Result<CsvTables> {
        if dir.exists() && !dir.is_dir() {
            return Err(Error::usage(format!(
                "{} is not a directory: --format csv writes one CSV file per table into a directory",
                dir.display()
            )));
        }
        fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
        let mut tables = CsvTables { files: Vec::new() };
        for table in TABLES {
            let path = dir.join(format!("{}.csv", table.name));
            let temp = temp_path_for(&path);
            let file = File::create(&temp).map_err(|e| Error::io(&temp, e))?;
            // Registered before the header is written, so that Drop removes it on error.
            tables.files.push(TableFile {
                name: table.name,
                writer: Some(::csv::Writer::from_writer(file)),
                temp,
                path,
            });
            let last = tables.files.last_mut().expect("just pushed");
            let writer = last.writer.as_mut().expect("open until commit");
            writer
                .write_record(table.columns)
                .map_err(|e| csv_error(&last.temp, e))?;
        }
        Ok(tables)
    }

    /// Flushes every file and renames each over its target.
    pub fn commit(mut self) -> Result<()> {
        for f in &mut self.files {
            let writer = f.writer.take().expect("open until commit");
            let file = writer
                .into_inner()
                .map_err(|e| Error::io(&f.temp, e.into_error()))?;
            file.sync_all().map_err(|e| Error::io(&f.temp, e))?;
        }
        for f in &self.files {
            fs::rename(&f.temp, &f.path).map_err(|e| Error::io(&f.path, e))?;
        }
        Ok(())
    }
}

impl Sink for CsvTables {
    fn insert(&mut self, table: &Table, row: &[Value<'_>]) -> Result<()> {
        debug_assert_eq!(row.len(), table.columns.len(), "{}", table.name);
        let f = self
            .files
            .iter_mut()
            .find(|f| f.name == table.name)
            .expect("every table has its file");
        let writer = f.writer.as_mut().expect("open until commit");
        for value in row {
            let field = match *value {
                Value::Null => Cow::Borrowed(""),
                Value::Int(n) => Cow::Owned(n.to_string()),
                Value::Real(x) => Cow::Owned(x.to_string()),
                Value::Text(s) => Cow::Borrowed(s),
            };
            writer
                .write_field(field.as_bytes())
                .map_err(|e| csv_error(&f.temp, e))?;
        }
        // An empty iterator ends the record begun by the fields.
        writer
            .write_record(None::<&[u8]>)
            .map_err(|e| csv_error(&f.temp, e))
    }
}

impl Drop for CsvTables {
    fn drop(&mut self) {
        for f in &mut self.files {
            drop(f.writer.take());
            // Best effort, and a no-op for the files already renamed.
            let _ = fs::remove_file(&f.temp);
        }
    }
}

fn csv_error(path: &Path, e: ::csv::Error) -> Error {
    let message = e.to_string();
    match e.into_kind() {
        ::csv::ErrorKind::Io(e) => Error::io(path, e),
        _ => Error::io(path, std::io::Error::other(message)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_headers_quotes_and_nulls() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("tables");
        let mut files = CsvTables::create(&out).unwrap();
        let errors = TABLES.iter().find(|t| t.name == "errors").unwrap();
        let row = [
            Value::Int(1),
            Value::Text("r.jsonl"),
            Value::Int(3),
            Value::Null,
            Value::Text("bad \"quote\", comma"),
        ];
        files.insert(errors, &row).unwrap();
        files.commit().unwrap();
        let text = fs::read_to_string(out.join("errors.csv")).unwrap();
        assert_eq!(
            text,
            "id,records_file,records_line,source,error\n1,r.jsonl,3,,\"bad \"\"quote\"\", comma\"\n"
        );
        let mut names: Vec<_> = fs::read_dir(&out)
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        names.sort();
        assert_eq!(names.len(), TABLES.len());
        assert!(names
            .iter()
            .all(|n| n.ends_with(".csv") && !n.starts_with('.')));
    }

    #[test]
    fn an_unfinished_export_leaves_the_old_files() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("plans.csv"), "old").unwrap();
        drop(CsvTables::create(dir.path()).unwrap());
        let names: Vec<_> = fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(names.len(), 1);
        assert_eq!(
            fs::read_to_string(dir.path().join("plans.csv")).unwrap(),
            "old"
        );
    }
}
