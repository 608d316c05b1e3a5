//! Argument parsing and dispatch. Each subcommand lives in its own file with its `Args` and a
//! `run` function that returns an exit code or an error.

use clap::{Parser, Subcommand};

mod batch;
mod build;
mod compare;
mod eval;
mod export;
mod extract;
mod restore;
mod syllables;

/// Restore OCR-garbled Vietnamese government plans and extract their fields.
///
/// Archives of scanned Kế hoạch (plans) carry a text layer from OCR engines with no
/// Vietnamese model: `Quyét dinh s6 749/QD-TTg ... ctia Thi tuéng`. vnplan turns that back
/// into Vietnamese (`restore`), reads the plan's fields into JSON (`extract`), does both for
/// whole archives on all cores (`batch`) and sets plans side by side (`compare`).
#[derive(Parser)]
#[command(name = "vnplan", version, about, long_about, max_term_width = 100)]
#[command(after_help = "Examples:
  vnplan syllables corpus/003-chi-linh-2021.ocr.txt   how damaged is this text?
  vnplan restore corpus/003-chi-linh-2021.ocr.txt     write it back as Vietnamese
  vnplan extract corpus/*.txt                         plan records as JSON Lines
  vnplan batch corpus/ -o records.jsonl               a whole archive, on all cores
  vnplan compare records.jsonl --format html -o cmp.html
  vnplan export records.jsonl -o plans.sqlite         a database analysts query")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    Syllables(syllables::Args),
    Restore(restore::Args),
    Extract(extract::Args),
    Batch(batch::Args),
    Compare(compare::Args),
    Export(export::Args),
    Eval(eval::Args),
    Build(build::Args),
}

/// Runs the command line and returns the process exit code: 0 success, 1 a failure of the
/// work (reported on stderr as `vnplan: <message>`), 2 bad usage (clap's convention).
pub fn main() -> i32 {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Syllables(args) => syllables::run(args),
        Command::Restore(args) => restore::run(args),
        Command::Extract(args) => extract::run(args),
        Command::Batch(args) => batch::run(args),
        Command::Compare(args) => compare::run(args),
        Command::Export(args) => export::run(args),
        Command::Eval(args) => eval::run(args),
        Command::Build(args) => build::run(args),
    };
    match result {
        Ok(code) => code,
        // A reader that stopped early (`vnplan extract … | head`) is not a failure.
        Err(e) if is_broken_pipe(&e) => 0,
        Err(e) => {
            eprintln!("vnplan: {e}");
            1
        }
    }
}

fn is_broken_pipe(e: &vnplan::Error) -> bool {
    matches!(e.kind(), vnplan::ErrorKind::Io(io) if io.kind() == std::io::ErrorKind::BrokenPipe)
}
