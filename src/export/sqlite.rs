//! The SQLite database: built in a temporary file next to the target, in one transaction,
//! then renamed over the target. A database that is not committed (an error, a panic) is
//! removed, so the target is either the old database or the whole new one.

use super::tables::{Sink, Table, Value, TABLES};
use super::DDL;
use crate::atomic::{is_special_file, temp_path_for};
use crate::{Error, Result};
use rusqlite::types::{ToSql, ToSqlOutput, ValueRef};
use rusqlite::Connection;
use std::fs;
use std::path::{Path, PathBuf};

/// A database being written. Rows go in with [`Sink::insert`]; [`Database::commit`] puts
/// the file in place.
pub struct Database {
    conn: Option<Connection>,
    temp: PathBuf,
    path: PathBuf,
    /// `INSERT` statements, one per table, in [`TABLES`] order.
    inserts: Vec<(&'static str, String)>,
    committed: bool,
}

impl Database {
    /// Starts a database that will replace `path`.
    pub fn create(path: &Path) -> Result<Database> {
        if path.is_dir() {
            return Err(Error::usage(format!(
                "{} is a directory: name the database file (plans.sqlite), \
                 or use --format csv to write one CSV file per table into it",
                path.display()
            )));
        }
        if is_special_file(path) {
            return Err(Error::usage(format!(
                "{} is not a regular file: a database is written to a file",
                path.display()
            )));
        }
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
        }
        let mut db = Database {
            conn: None,
            temp: temp_path_for(path),
            path: path.to_path_buf(),
            inserts: TABLES.iter().map(|t| (t.name, insert_sql(t))).collect(),
            committed: false,
        };
        let conn = Connection::open(&db.temp).map_err(|e| sql_error(&db.path, e))?;
        db.conn = Some(conn);
        // No rollback journal and no syncs while building: the file is private until the
        // rename, and is synced once before it.
        db.batch("PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; PRAGMA foreign_keys = ON;")?;
        db.batch(DDL)?;
        db.batch("BEGIN")?;
        Ok(db)
    }

    /// Commits the rows and puts the database in place of the target.
    pub fn commit(mut self) -> Result<()> {
        // Statistics for the query planner of whoever opens the database.
        self.batch("COMMIT; ANALYZE;")?;
        if let Some(conn) = self.conn.take() {
            conn.close().map_err(|(_, e)| sql_error(&self.temp, e))?;
        }
        let file = fs::File::open(&self.temp).map_err(|e| Error::io(&self.temp, e))?;
        file.sync_all().map_err(|e| Error::io(&self.temp, e))?;
        fs::rename(&self.temp, &self.path).map_err(|e| Error::io(&self.path, e))?;
        self.committed = true;
        Ok(())
    }

    fn batch(&self, sql: &str) -> Result<()> {
        let conn = self
            .conn
            .as_ref()
            .expect("the connection is open until commit");
        conn.execute_batch(sql)
            .map_err(|e| sql_error(&self.path, e))
    }
}

impl Sink for Database {
    fn insert(&mut self, table: &Table, row: &[Value<'_>]) -> Result<()> {
        debug_assert_eq!(row.len(), table.columns.len(), "{}", table.name);
        let conn = self
            .conn
            .as_ref()
            .expect("the connection is open until commit");
        let sql = self
            .inserts
            .iter()
            .find(|(name, _)| *name == table.name)
            .map(|(_, sql)| sql.as_str())
            .expect("every table has its insert statement");
        let mut statement = conn
            .prepare_cached(sql)
            .map_err(|e| sql_error(&self.path, e))?;
        statement
            .execute(rusqlite::params_from_iter(row))
            .map_err(|e| sql_error(&self.path, e))?;
        Ok(())
    }
}

impl Drop for Database {
    fn drop(&mut self) {
        if !self.committed {
            drop(self.conn.take());
            // Best effort: the error that stopped the export is what the user needs to see.
            let _ = fs::remove_file(&self.temp);
        }
    }
}

impl ToSql for Value<'_> {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(ToSqlOutput::Borrowed(match *self {
            Value::Null => ValueRef::Null,
            Value::Int(n) => ValueRef::Integer(n),
            Value::Real(x) => ValueRef::Real(x),
            Value::Text(s) => ValueRef::Text(s.as_bytes()),
        }))
    }
}

fn insert_sql(table: &Table) -> String {
    let marks = vec!["?"; table.columns.len()].join(", ");
    format!(
        "INSERT INTO {} ({}) VALUES ({marks})",
        table.name,
        table.columns.join(", ")
    )
}

/// A database failure as an error about `path`: the disk is full, the directory is not
/// writable, ….
fn sql_error(path: &Path, e: rusqlite::Error) -> Error {
    Error::io(path, std::io::Error::other(e))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_follow_the_ddl() {
        let conn = Connection::open_in_memory().unwrap();
        conn.execute_batch(DDL).unwrap();
        for table in TABLES {
            let mut stmt = conn
                .prepare(&format!(
                    "SELECT name FROM pragma_table_info('{}')",
                    table.name
                ))
                .unwrap();
            let columns: Vec<String> = stmt
                .query_map([], |row| row.get(0))
                .unwrap()
                .collect::<rusqlite::Result<_>>()
                .unwrap();
            assert_eq!(columns, table.columns, "{}", table.name);
        }
        let tables: i64 = conn
            .query_row(
                "SELECT count(*) FROM sqlite_master WHERE type = 'table'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(tables as usize, TABLES.len());
        let version: i64 = conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .unwrap();
        assert_eq!(version, 1);
    }

    #[test]
    fn an_uncommitted_database_leaves_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("plans.sqlite");
        fs::write(&path, b"old").unwrap();
        let mut db = Database::create(&path).unwrap();
        db.insert(
            &super::super::tables::ERRORS,
            &[
                Value::Int(1),
                Value::Text("r.jsonl"),
                Value::Int(1),
                Value::Null,
                Value::Text("empty file"),
            ],
        )
        .unwrap();
        drop(db);
        let names: Vec<_> = fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, ["plans.sqlite"]);
        assert_eq!(fs::read(&path).unwrap(), b"old");
    }

    #[test]
    fn a_foreign_key_without_its_plan_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let mut db = Database::create(&dir.path().join("p.sqlite")).unwrap();
        let row = [Value::Int(9), Value::Int(1), Value::Text("y tế")];
        assert!(db.insert(&super::super::tables::SECTORS, &row).is_err());
    }
}
