//! `vnplan export`: the records as a SQLite database (or CSV tables) for analysts.

use std::path::PathBuf;
use std::time::Instant;
use vnplan::export::{self, Format, DDL};
use vnplan::{Error, Result};

/// Turn plan records into a SQLite database that analysts query, or CSV tables.
///
/// Reads the JSON Lines that `batch` or `extract` wrote and writes one row of `plans` per
/// record, its lists as tables keyed by plan_id (citations, awards, criteria with
/// criteria_items and targets, subjects, recipients, sectors), the field confidences
/// (provenance), the restored texts of `batch --restored` (texts), and one row of `errors`
/// per error line, so nothing in the input is dropped. --schema prints the tables with a
/// comment on every column.
///
/// The output is written to a temporary file and renamed at the end: exporting again
/// replaces it whole, and a line that is not a record of this version (a truncated line,
/// a record of a newer vnplan) stops the export with an error naming its file and line,
/// leaving no half-written output.
#[derive(clap::Args)]
#[command(after_help = "Examples:
  vnplan batch 'corpus/*.txt' -o records.jsonl && vnplan export records.jsonl -o plans.sqlite
  sqlite3 plans.sqlite \"select plan_id from citations where number = '749/QĐ-TTg'\"
  vnplan export a.jsonl b.jsonl -o plans.sqlite        several runs in one database
  vnplan batch archive/ | vnplan export - -o plans.sqlite
  vnplan export records.jsonl --format csv -o tables/  plans.csv, citations.csv, … for spreadsheets
  vnplan export --schema                               the tables, documented")]
pub struct Args {
    /// JSON Lines of plan records and error lines, from `batch` or `extract` (`-` for stdin).
    #[arg(required_unless_present = "schema")]
    pub records: Vec<PathBuf>,
    /// The database file to write (replaced atomically), or with --format csv the
    /// directory to write one CSV file per table into.
    #[arg(
        short,
        long,
        value_name = "FILE|DIR",
        required_unless_present = "schema"
    )]
    pub output: Option<PathBuf>,
    /// sqlite, or csv (one file per table, for spreadsheets).
    #[arg(long, value_name = "FORMAT", default_value = "sqlite")]
    pub format: Format,
    /// Print the SQL that creates the database, with a comment on every column, and exit.
    #[arg(long, conflicts_with_all = ["records", "output"])]
    pub schema: bool,
}

pub fn run(args: Args, global: &super::Global) -> Result<i32> {
    if args.schema {
        print!("{DDL}");
        return Ok(0);
    }
    super::stdin_at_most_once(&args.records)?;
    let Some(output) = args.output else {
        return Err(Error::usage("name the output with -o"));
    };
    if output.as_os_str() == "-" {
        return Err(Error::usage(
            "a database or a directory of CSV files cannot go to stdout: name it with -o",
        ));
    }
    let start = Instant::now();
    let summary = export::export(&args.records, args.format, &output)?;
    if !global.quiet {
        eprintln!(
            "vnplan export: {summary} → {} in {:.2} s",
            output.display(),
            start.elapsed().as_secs_f64()
        );
    }
    Ok(0)
}
