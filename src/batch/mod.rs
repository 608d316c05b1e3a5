//! Whole archives: every input processed on all cores, none lost, output in input order.
//!
//! Data flow of [`run`]: the [`sources`] yield [`Input`]s in order (files from directories,
//! globs and lists, or JSON Lines from stdin); they are taken [`Options::chunk`] at a time;
//! within a chunk a rayon pool reads, hashes and processes the documents in parallel
//! (`process` is any `Fn(&InputItem) -> Result<Output>`, in practice the pipeline); the
//! chunk's lines are then written in input order to the [`Sink`] and flushed before the next
//! chunk starts. So memory holds one chunk's lines and at most one document per thread,
//! however large the archive, and the output is the same for any number of threads.
//!
//! Every input yields exactly one line: its record, or an [`ErrorRecord`] saying why it has
//! none (unreadable, too large, undecodable, or a failure, even a panic, while processing).
//! With `--resume` the inputs a previous run already wrote are skipped (see [`sink`]).

pub mod glob;
pub mod sink;
pub mod sources;

pub use crate::atomic::{temp_path_for, write_atomically, write_atomically_with};
pub use crate::pipeline::sha256_hex;
pub use sink::Sink;
pub use sources::{Input, JsonLines, Lister};

use crate::input::Encoding;
use crate::progress::Progress;
use crate::record::{ErrorRecord, PlanRecord, Source};
use crate::{Error, Result};
use rayon::prelude::*;
use serde::Serialize;
use std::fmt;
use std::io::Read;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Component, Path, PathBuf};
use std::time::Duration;

/// One document, read and hashed, ready for processing.
#[derive(Debug, Clone)]
pub struct InputItem {
    /// How records name it: the path as given, or the JSON Lines `id`.
    pub source: String,
    /// The file, when it is one.
    pub path: Option<PathBuf>,
    pub bytes: Vec<u8>,
    /// Hex sha256 of `bytes`.
    pub sha256: String,
    /// The encoding the user forced (`--encoding`), if any.
    pub encoding: Option<Encoding>,
}

/// What processing one document gives.
#[derive(Debug, Clone)]
pub struct Output {
    pub record: PlanRecord,
    /// The restored text, when the processor made it.
    pub restored: Option<String>,
    /// Syllables (word tokens) in the document, for throughput figures.
    pub syllables: u64,
}

/// How a batch run behaves.
#[derive(Debug, Clone)]
pub struct Options {
    /// Worker threads; 0 means one per core.
    pub threads: usize,
    /// Inputs processed (and held) at a time.
    pub chunk: usize,
    /// Forced encoding for every input.
    pub encoding: Option<Encoding>,
    /// Inputs larger than this get an error line instead of being read.
    pub max_bytes: u64,
    /// Add the restored text to each record as a `restored` field.
    pub restored_field: bool,
    /// Also write each restored text to a file under this directory.
    pub restored_dir: Option<PathBuf>,
    /// Draw a progress line on stderr.
    pub progress: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            threads: 0,
            chunk: 64,
            encoding: None,
            max_bytes: 32 * 1024 * 1024,
            restored_field: false,
            restored_dir: None,
            progress: false,
        }
    }
}

/// What a run did.
#[derive(Debug, Clone, Default)]
pub struct Summary {
    /// Inputs seen (including skipped ones).
    pub inputs: u64,
    pub records: u64,
    pub errors: u64,
    /// Inputs a previous run had done (`--resume`).
    pub skipped: u64,
    pub syllables: u64,
    pub bytes: u64,
    pub elapsed: Duration,
    pub threads: usize,
}

impl fmt::Display for Summary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let secs = self.elapsed.as_secs_f64().max(1e-9);
        write!(
            f,
            "{} inputs: {} records, {} errors",
            self.inputs, self.records, self.errors
        )?;
        if self.skipped > 0 {
            write!(f, ", {} already done", self.skipped)?;
        }
        let processed = self.records + self.errors;
        write!(
            f,
            "; {:.2} s on {} threads, {:.1} files/s, {:.0} syllables/s",
            secs,
            self.threads,
            processed as f64 / secs,
            self.syllables as f64 / secs
        )
    }
}

/// The outcome for one input.
enum Outcome {
    Line {
        line: String,
        ok: bool,
        syllables: u64,
        bytes: u64,
    },
    Skipped,
}

/// A record line, with the restored text when asked for.
#[derive(Serialize)]
struct RecordLine<'a> {
    #[serde(flatten)]
    record: &'a PlanRecord,
    #[serde(skip_serializing_if = "Option::is_none")]
    restored: Option<&'a str>,
}

/// Processes `inputs` into `sink`. `total` (when known) drives the ETA.
pub fn run<I, F>(
    inputs: I,
    total: Option<usize>,
    options: &Options,
    sink: &mut Sink,
    process: F,
) -> Result<Summary>
where
    I: IntoIterator<Item = Input>,
    F: Fn(&InputItem) -> Result<Output> + Sync,
{
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(options.threads)
        .build()
        .map_err(|e| Error::usage(format!("cannot start worker threads: {e}")))?;
    let progress = Progress::documents(total.map(|t| t as u64), options.progress);
    let mut summary = Summary {
        threads: pool.current_num_threads(),
        ..Summary::default()
    };
    let chunk_size = options.chunk.max(1);
    let mut inputs = inputs.into_iter();
    loop {
        let chunk: Vec<Input> = inputs.by_ref().take(chunk_size).collect();
        if chunk.is_empty() {
            break;
        }
        let outcomes: Vec<Outcome> = pool.install(|| {
            chunk
                .par_iter()
                .map(|input| {
                    let outcome = handle(input, options, sink.done(), &process);
                    let syllables = match &outcome {
                        Outcome::Line { syllables, .. } => *syllables,
                        Outcome::Skipped => 0,
                    };
                    progress.advance(1, syllables);
                    outcome
                })
                .collect()
        });
        let mut lines = Vec::with_capacity(outcomes.len());
        for outcome in outcomes {
            summary.inputs += 1;
            match outcome {
                Outcome::Skipped => summary.skipped += 1,
                Outcome::Line {
                    line,
                    ok,
                    syllables,
                    bytes,
                } => {
                    if ok {
                        summary.records += 1;
                    } else {
                        summary.errors += 1;
                    }
                    summary.syllables += syllables;
                    summary.bytes += bytes;
                    lines.push(line);
                }
            }
        }
        sink.write_lines(&lines)?;
    }
    progress.finish();
    summary.elapsed = progress.elapsed();
    Ok(summary)
}

fn error_line(source: &str, error: impl fmt::Display) -> Outcome {
    let record = ErrorRecord {
        source: source.to_string(),
        error: error.to_string(),
    };
    // An ErrorRecord is two strings: serialising it cannot fail.
    let line = serde_json::to_string(&record)
        .unwrap_or_else(|_| format!("{{\"source\":\"?\",\"error\":\"{}\"}}", "unserialisable"));
    Outcome::Line {
        line,
        ok: false,
        syllables: 0,
        bytes: 0,
    }
}

/// Reads a file of at most `max` bytes.
fn read_limited(path: &Path, max: u64) -> Result<Vec<u8>> {
    let file = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
    let len = file.metadata().map(|m| m.len()).unwrap_or(0);
    if len > max {
        return Err(too_large(len, max).at(path));
    }
    let mut bytes = Vec::with_capacity(len as usize);
    // take(): the file may have grown since its size was read.
    file.take(max + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| Error::io(path, e))?;
    if bytes.len() as u64 > max {
        return Err(too_large(bytes.len() as u64, max).at(path));
    }
    Ok(bytes)
}

fn too_large(len: u64, max: u64) -> Error {
    Error::input(format!(
        "input is {len} bytes, over the limit of {max} (raise it with --max-bytes)"
    ))
}

fn handle<F>(input: &Input, options: &Options, done: &sink::Done, process: &F) -> Outcome
where
    F: Fn(&InputItem) -> Result<Output> + Sync,
{
    let source = input.source();
    let (path, bytes) = match input {
        Input::Bad { error, .. } => {
            if done.contains(&source, None) {
                return Outcome::Skipped;
            }
            return error_line(&source, error);
        }
        Input::File(path) => match read_limited(path, options.max_bytes) {
            Ok(bytes) => (Some(path.clone()), bytes),
            Err(e) => {
                if done.contains(&source, None) {
                    return Outcome::Skipped;
                }
                return error_line(&source, e);
            }
        },
        Input::Inline { text, .. } => {
            if text.len() as u64 > options.max_bytes {
                return error_line(&source, too_large(text.len() as u64, options.max_bytes));
            }
            (None, text.as_bytes().to_vec())
        }
    };
    let sha256 = sha256_hex(&bytes);
    if done.contains(&source, Some(&sha256)) {
        return Outcome::Skipped;
    }
    let item = InputItem {
        source: source.clone(),
        path,
        bytes,
        sha256,
        encoding: options.encoding,
    };
    let result = catch_unwind(AssertUnwindSafe(|| process(&item)));
    let output = match result {
        Ok(Ok(output)) => output,
        Ok(Err(e)) => return error_line(&source, e),
        Err(panic) => {
            let what = panic
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "unknown panic".into());
            return error_line(&source, format!("internal error while processing: {what}"));
        }
    };
    record_line(item, output, options)
}

fn record_line(item: InputItem, mut output: Output, options: &Options) -> Outcome {
    // The batch layer owns the source identity: resume depends on these two fields.
    let src = output.record.source.get_or_insert_with(|| Source {
        path: String::new(),
        sha256: String::new(),
        bytes: 0,
        encoding: "unknown".into(),
        ocr_noise: 0.0,
    });
    src.path = item.source.clone();
    src.sha256 = item.sha256.clone();
    src.bytes = item.bytes.len() as u64;
    if let (Some(dir), Some(text)) = (&options.restored_dir, &output.restored) {
        let target = restored_path(dir, &item.source);
        if let Err(e) = write_atomically(&target, text.as_bytes()) {
            return error_line(&item.source, format!("cannot write restored text: {e}"));
        }
    }
    let line = RecordLine {
        record: &output.record,
        restored: output
            .restored
            .as_deref()
            .filter(|_| options.restored_field),
    };
    match serde_json::to_string(&line) {
        Ok(line) => Outcome::Line {
            line,
            ok: true,
            syllables: output.syllables,
            bytes: item.bytes.len() as u64,
        },
        Err(e) => error_line(&item.source, format!("cannot serialise the record: {e}")),
    }
}

/// Where the restored text of `source` goes under `dir`: the source's relative path with
/// `.restored.txt` for its extension (roots and `..` dropped so nothing lands outside `dir`).
pub fn restored_path(dir: &Path, source: &str) -> PathBuf {
    let mut rel = PathBuf::new();
    for comp in Path::new(source).components() {
        if let Component::Normal(part) = comp {
            rel.push(part);
        }
    }
    if rel.as_os_str().is_empty() {
        rel.push("input");
    }
    let stem = rel
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "input".into());
    rel.set_file_name(format!("{stem}.restored.txt"));
    dir.join(rel)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn restored_paths_stay_inside() {
        let d = Path::new("/out");
        assert_eq!(
            restored_path(d, "corpus/003.txt"),
            Path::new("/out/corpus/003.restored.txt")
        );
        assert_eq!(
            restored_path(d, "/abs/../x.docx"),
            Path::new("/out/abs/x.restored.txt")
        );
        assert_eq!(
            restored_path(d, "stdin:3"),
            Path::new("/out/stdin:3.restored.txt")
        );
        assert_eq!(restored_path(d, ""), Path::new("/out/input.restored.txt"));
    }

    #[test]
    fn summary_reads_well() {
        let s = Summary {
            inputs: 10,
            records: 9,
            errors: 1,
            syllables: 5000,
            elapsed: Duration::from_secs(2),
            threads: 2,
            ..Summary::default()
        };
        assert_eq!(
            s.to_string(),
            "10 inputs: 9 records, 1 errors; 2.00 s on 2 threads, 5.0 files/s, 2500 syllables/s"
        );
    }
}
