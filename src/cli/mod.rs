//! Argument parsing and dispatch. Each subcommand lives in its own file with its `Args` and a
//! `run` function that returns an exit code or an error.
//!
//! One option vocabulary serves every command (the README has the table): `-o/--output` for
//! where the output goes, `--encoding` for how inputs are read, `--models` for rebuilt
//! models, `--json` for JSON Lines, `-` for standard input, and the global `--threads` and
//! `-q/--quiet`. The helpers below give them one meaning.

use clap::{Parser, Subcommand};
use rayon::prelude::*;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use vnplan::pipeline::Pipeline;
use vnplan::restore::Restorer;
use vnplan::{Error, Result};

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
/// whole archives on all cores (`batch`), sets plans side by side (`compare`) and hands the
/// records to databases and spreadsheets (`export`).
///
/// Every command speaks the same options: -o/--output FILE for the output (written whole,
/// through a temporary file), --encoding to read inputs in a given encoding instead of
/// detecting it, --models DIR for rebuilt models, --json for JSON Lines, `-` for standard
/// input, --threads N and -q/--quiet.
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
    #[command(flatten)]
    global: Global,
}

/// The options every command takes.
#[derive(clap::Args, Debug, Clone, Copy, Default)]
pub struct Global {
    /// Worker threads for the documents of one command (default: one per core), 1 to 256.
    #[arg(
        long,
        global = true,
        value_name = "N",
        value_parser = clap::value_parser!(u16).range(1..=256)
    )]
    pub threads: Option<u16>,
    /// No progress line, warnings or summary on stderr; errors are still reported.
    #[arg(short, long, global = true)]
    pub quiet: bool,
}

impl Global {
    /// Prints a warning on stderr unless quiet.
    pub fn warn(&self, name: &str, warning: impl std::fmt::Display) {
        if !self.quiet {
            eprintln!("vnplan: warning: {name}: {warning}");
        }
    }
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
    let global = cli.global;
    if let Err(e) = set_threads(&global) {
        eprintln!("vnplan: {e}");
        return 2;
    }
    let result = match cli.command {
        Command::Syllables(args) => syllables::run(args, &global),
        Command::Restore(args) => restore::run(args, &global),
        Command::Extract(args) => extract::run(args, &global),
        Command::Batch(args) => batch::run(args, &global),
        Command::Compare(args) => compare::run(args, &global),
        Command::Export(args) => export::run(args, &global),
        Command::Eval(args) => eval::run(args, &global),
        Command::Build(args) => build::run(args, &global),
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

/// Sizes the worker pool every command shares; more threads than cores only cost memory,
/// which a warning says.
fn set_threads(global: &Global) -> Result<()> {
    let Some(n) = global.threads else {
        return Ok(());
    };
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    if usize::from(n) > cores {
        global.warn(
            "--threads",
            format!("{n} threads on {cores} cores: threads beyond the cores only cost memory"),
        );
    }
    rayon::ThreadPoolBuilder::new()
        .num_threads(usize::from(n))
        .build_global()
        .map_err(|e| Error::usage(format!("cannot start {n} worker threads: {e}")))
}

fn is_broken_pipe(e: &vnplan::Error) -> bool {
    matches!(e.kind(), vnplan::ErrorKind::Io(io) if io.kind() == std::io::ErrorKind::BrokenPipe)
}

/// Runs `fill` with the command's output: the file `-o` names (written through a temporary
/// file and renamed, so it is whole or untouched; a device or FIFO is written into), or
/// standard output for none or `-`.
pub fn with_output(
    output: Option<&Path>,
    fill: impl FnOnce(&mut dyn Write) -> Result<()>,
) -> Result<()> {
    match output.filter(|p| !vnplan::input::is_stdin(p)) {
        Some(path) => {
            if path.is_dir() {
                return Err(Error::usage("is a directory; -o wants a file").at(path));
            }
            vnplan::atomic::write_atomically_with(path, fill)
        }
        None => {
            let stdout = std::io::stdout();
            let mut out = BufWriter::new(stdout.lock());
            fill(&mut out)?;
            out.flush().map_err(|e| Error::io("<stdout>", e))
        }
    }
}

/// How errors name the output: the `-o` file, or `<stdout>`.
pub fn output_name(output: Option<&Path>) -> String {
    match output.filter(|p| !vnplan::input::is_stdin(p)) {
        Some(path) => path.display().to_string(),
        None => "<stdout>".to_string(),
    }
}

/// Checks that `-` (standard input) is among `inputs` at most once.
pub fn stdin_at_most_once(inputs: &[PathBuf]) -> Result<()> {
    if inputs.iter().filter(|p| vnplan::input::is_stdin(p)).count() > 1 {
        return Err(Error::usage("`-` (standard input) can be read only once"));
    }
    Ok(())
}

/// The restorer with the models of `--models DIR` (files missing there come from the models
/// compiled in), or the compiled-in models.
pub fn load_restorer(models: Option<&Path>) -> Result<Restorer> {
    match models {
        // A mistyped directory must not silently fall back to the built-in models.
        Some(dir) if !dir.is_dir() => {
            Err(Error::usage("--models wants a directory of rebuilt models").at(dir))
        }
        Some(dir) => Restorer::load(dir),
        None => Restorer::load_default(),
    }
}

/// The pipeline of extract and batch: restoring with `models` unless `restore` is false.
pub fn load_pipeline(models: Option<&Path>, restore: bool) -> Result<Pipeline> {
    let restorer = if restore {
        Some(load_restorer(models)?)
    } else {
        None
    };
    Ok(Pipeline::new(restorer, vnplan::Extractor::new()?))
}

/// `f` over `items` on the worker pool, a few per thread at a time, each result handed to
/// `each` in the order of `items` (so output does not depend on the number of threads).
pub fn in_order<T, R>(
    items: &[T],
    f: impl Fn(&T) -> R + Sync,
    mut each: impl FnMut(&T, R) -> Result<()>,
) -> Result<()>
where
    T: Sync,
    R: Send,
{
    let window = rayon::current_num_threads().max(1) * 2;
    for chunk in items.chunks(window) {
        let results: Vec<R> = chunk.par_iter().map(&f).collect();
        for (item, result) in chunk.iter().zip(results) {
            each(item, result)?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    /// Every command and subcommand, with its path (`vnplan build lm`).
    fn commands() -> Vec<(String, clap::Command)> {
        fn walk(prefix: &str, cmd: &clap::Command, out: &mut Vec<(String, clap::Command)>) {
            // clap's generated `help` subcommands are not vnplan's.
            for sub in cmd.get_subcommands().filter(|s| s.get_name() != "help") {
                let name = format!("{prefix} {}", sub.get_name());
                out.push((name.clone(), sub.clone()));
                walk(&name, sub, out);
            }
        }
        let mut cli = Cli::command();
        // Building propagates the global options into every subcommand.
        cli.build();
        let mut out = Vec::new();
        walk("vnplan", &cli, &mut out);
        out
    }

    #[test]
    fn the_command_line_is_well_formed() {
        Cli::command().debug_assert();
    }

    #[test]
    fn every_help_teaches() {
        for (name, cmd) in commands() {
            if cmd.get_name() == "help" {
                continue;
            }
            let about = cmd
                .get_long_about()
                .or(cmd.get_about())
                .map(|s| s.to_string());
            assert!(
                about.as_ref().is_some_and(|a| a.len() > 40),
                "{name}: no description: {about:?}"
            );
            let leaf = cmd.get_subcommands().next().is_none();
            let examples = cmd
                .get_after_help()
                .map(|s| s.to_string())
                .unwrap_or_default();
            if leaf {
                assert!(
                    examples.starts_with("Examples:\n  ") && examples.contains(&name),
                    "{name}: no examples"
                );
            }
            assert!(
                !examples.contains("/work/"),
                "{name}: a path of one machine"
            );
            for arg in cmd.get_arguments() {
                if arg.is_hide_set() || ["help", "version"].contains(&arg.get_id().as_str()) {
                    continue;
                }
                let help = arg
                    .get_long_help()
                    .or(arg.get_help())
                    .map(|s| s.to_string());
                assert!(
                    help.is_some_and(|h| h.len() > 10),
                    "{name}: argument {} has no help",
                    arg.get_id()
                );
            }
        }
    }

    /// The option vocabulary: the same flag has the same name (and short) everywhere.
    #[test]
    fn one_option_vocabulary() {
        let has = |cmd: &clap::Command, id: &str| cmd.get_arguments().any(|a| a.get_id() == id);
        for (name, cmd) in commands() {
            for arg in cmd.get_arguments() {
                let id = arg.get_id().as_str();
                assert!(
                    !["out", "jsonl", "output_file", "outdir"].contains(&id) || arg.is_hide_set(),
                    "{name}: --{id} where the vocabulary says -o/--output or --json"
                );
                if id == "output" {
                    assert_eq!(arg.get_short(), Some('o'), "{name}: -o");
                }
                if id == "quiet" {
                    assert_eq!(arg.get_short(), Some('q'), "{name}: -q");
                }
            }
            if cmd.get_subcommands().next().is_some() || cmd.get_name() == "help" {
                continue;
            }
            // Every command writes somewhere -o names, and takes the global options.
            assert!(has(&cmd, "output"), "{name}: no -o/--output");
            assert!(has(&cmd, "threads") && has(&cmd, "quiet"), "{name}");
        }
        let by_name: std::collections::HashMap<String, clap::Command> =
            commands().into_iter().collect();
        for name in ["syllables", "restore", "extract", "batch", "compare"] {
            let cmd = &by_name[&format!("vnplan {name}")];
            assert!(has(cmd, "encoding"), "{name}: no --encoding");
        }
        for name in ["restore", "extract", "batch", "eval corpus"] {
            let cmd = &by_name[&format!("vnplan {name}")];
            assert!(has(cmd, "models"), "{name}: no --models");
        }
        for name in [
            "syllables",
            "restore",
            "extract",
            "eval corpus",
            "eval restore",
            "eval fields",
        ] {
            let cmd = &by_name[&format!("vnplan {name}")];
            assert!(has(cmd, "json"), "{name}: no --json");
        }
    }

    #[test]
    fn compare_help_says_what_a_copy_is() {
        let by_name: std::collections::HashMap<String, clap::Command> =
            commands().into_iter().collect();
        let compare = &by_name["vnplan compare"];
        let arg = compare
            .get_arguments()
            .find(|a| a.get_id() == "min_overlap")
            .unwrap();
        let help = arg.get_help().unwrap().to_string();
        let copy = format!(
            "from {} on, the plan is called a copy",
            vnplan::compare::COPY_SHARE
        );
        assert!(help.contains(&copy), "{help}");
        let about = compare.get_long_about().unwrap().to_string();
        let percent = format!("{}%", vnplan::compare::COPY_SHARE * 100.0);
        let copy = format!("from {percent} one plan is called a copy");
        assert!(about.contains(&copy), "{about}");
    }

    #[test]
    fn threads_outside_1_to_256_are_a_usage_error() {
        for bad in ["0", "1000", "-1", "x"] {
            let parsed = Cli::try_parse_from(["vnplan", "batch", "--threads", bad, "corpus"]);
            let err = parsed
                .err()
                .unwrap_or_else(|| panic!("--threads {bad} accepted"));
            assert_eq!(err.exit_code(), 2, "--threads {bad}");
        }
        for good in ["1", "256"] {
            let parsed = Cli::try_parse_from(["vnplan", "extract", "--threads", good, "a.txt"]);
            assert!(parsed.is_ok(), "--threads {good}");
        }
        // Global: before the command too.
        assert!(Cli::try_parse_from(["vnplan", "-q", "--threads", "2", "restore"]).is_ok());
    }
}
