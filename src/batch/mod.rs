//! Whole archives: every input processed on all cores, none lost, output in input order.
//!
//! Data flow of [`run`]: a reader thread takes the [`sources`]' [`Input`]s in order (files from
//! directories, globs and lists, or JSON Lines from stdin) and hands them to a rayon pool,
//! where each is read, hashed and processed (`process` is any `Fn(&InputItem) ->
//! Result<Output>`, in practice the pipeline). The calling thread puts the outcomes back in
//! input order and writes each line to the [`Sink`] as soon as every line before it is
//! written, so output reaches the disk from the first document on. At most
//! [`Options::in_flight`] inputs are between reading and writing at a time, so memory holds
//! that many lines and at most one document per thread, however large the archive, and the
//! output is the same for any number of threads.
//!
//! Every input yields exactly one line: its record, or an [`ErrorRecord`] saying why it has
//! none (unreadable, too large, undecodable, or a failure, even a panic, while processing).
//! With `--resume` the records a previous run already made are reused (see [`sink`]).

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
use serde::Serialize;
use sink::{LineRef, Previous};
use std::collections::BTreeMap;
use std::fmt;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Component, Path, PathBuf};
use std::sync::mpsc;
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
    /// What decoding had to repair or guess, printed (in input order) unless the run is quiet.
    pub warnings: Vec<String>,
}

/// How a batch run behaves.
#[derive(Debug, Clone)]
pub struct Options {
    /// Worker threads; 0 means one per core.
    pub threads: usize,
    /// Inputs between reading and writing at a time (read, processing, or done and waiting
    /// for an earlier one to be written).
    pub in_flight: usize,
    /// Forced encoding for every input.
    pub encoding: Option<Encoding>,
    /// Inputs larger than this get an error line instead of being read.
    pub max_bytes: u64,
    /// Add the restored text to each record as a `restored` field.
    pub restored_field: bool,
    /// Also write each restored text to a file under this directory.
    pub restored_dir: Option<PathBuf>,
    /// Draw a progress line on stderr (when it is a terminal).
    pub progress: bool,
    /// Print the documents' warnings on stderr.
    pub warnings: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            threads: 0,
            in_flight: 64,
            encoding: None,
            max_bytes: 32 * 1024 * 1024,
            restored_field: false,
            restored_dir: None,
            progress: false,
            warnings: false,
        }
    }
}

/// What a run did.
#[derive(Debug, Clone, Default)]
pub struct Summary {
    /// Inputs seen (including reused ones).
    pub inputs: u64,
    pub records: u64,
    pub errors: u64,
    /// Inputs whose record a previous run had made (`--resume`).
    pub reused: u64,
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
        if self.reused > 0 {
            write!(f, " ({} records reused from the earlier run)", self.reused)?;
        }
        let processed = self.records + self.errors - self.reused;
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
        source: String,
        warnings: Vec<String>,
    },
    /// The record an earlier run made for the same content.
    Reused(LineRef),
}

impl Outcome {
    fn syllables(&self) -> u64 {
        match self {
            Outcome::Line { syllables, .. } => *syllables,
            Outcome::Reused(_) => 0,
        }
    }
}

/// What the reader thread and the workers tell the writing thread.
enum Event {
    /// Input number `n`, to process.
    Input(usize, Input),
    /// The outcome of input number `n`.
    Done(usize, Outcome),
    /// There are `n` inputs in all.
    End(usize),
    /// Listing the inputs failed after `n` of them.
    Failed(usize, String),
}

/// A record line, with the restored text when asked for.
#[derive(Serialize)]
struct RecordLine<'a> {
    #[serde(flatten)]
    record: &'a PlanRecord,
    #[serde(skip_serializing_if = "Option::is_none")]
    restored: Option<&'a str>,
}

/// Processes `inputs` into `sink`. `total` (when known) drives the ETA. The inputs are taken
/// from their iterator on a thread of their own (so a slow stdin never holds back writing).
pub fn run<I, F>(
    inputs: I,
    total: Option<usize>,
    options: &Options,
    sink: &mut Sink,
    process: F,
) -> Result<Summary>
where
    I: IntoIterator<Item = Input>,
    I::IntoIter: Send + 'static,
    F: Fn(&InputItem) -> Result<Output> + Sync,
{
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(options.threads)
        .build()
        .map_err(|e| Error::usage(format!("cannot start worker threads: {e}")))?;
    let progress = Progress::documents(total.map(|t| t as u64), options.progress);
    let previous = sink.take_previous();
    let mut summary = Summary {
        threads: pool.current_num_threads(),
        ..Summary::default()
    };
    let (events, received) = mpsc::channel::<Event>();
    // One permit per input between reading and writing: the reader waits when all are out.
    let (permits, returned) = mpsc::sync_channel::<()>(options.in_flight.max(1));
    spawn_reader(inputs.into_iter(), events.clone(), permits)?;

    let mut waiting: BTreeMap<usize, Outcome> = BTreeMap::new();
    let mut next = 0usize;
    let mut count: Option<usize> = None;
    let mut failure: Option<String> = None;
    pool.in_place_scope(|scope| -> Result<()> {
        while count != Some(next) {
            let Ok(event) = received.recv() else {
                break; // cannot happen: this thread holds a sender
            };
            match event {
                Event::Input(n, input) => {
                    let events = events.clone();
                    let (previous, progress, process) = (&previous, &progress, &process);
                    scope.spawn(move |_| {
                        let outcome = catch_unwind(AssertUnwindSafe(|| {
                            handle(&input, options, previous, process)
                        }))
                        .unwrap_or_else(|panic| {
                            error_line(&input.source(), internal_error(panic.as_ref()))
                        });
                        progress.advance(1, outcome.syllables());
                        // The writer is gone only when the run already failed.
                        let _ = events.send(Event::Done(n, outcome));
                    });
                }
                Event::Done(n, outcome) => {
                    waiting.insert(n, outcome);
                    while let Some(outcome) = waiting.remove(&next) {
                        emit(outcome, sink, &mut summary, options, &progress)?;
                        next += 1;
                        let _ = returned.try_recv();
                    }
                }
                Event::End(n) => count = Some(n),
                Event::Failed(n, message) => {
                    count = Some(n);
                    failure = Some(message);
                }
            }
        }
        Ok(())
    })?;
    progress.finish();
    if let Some(message) = failure {
        return Err(Error::input(message));
    }
    summary.elapsed = progress.elapsed();
    Ok(summary)
}

/// Starts the thread that lists the inputs, numbering them, at most as many ahead of the
/// writer as there are permits.
fn spawn_reader<It>(
    inputs: It,
    events: mpsc::Sender<Event>,
    permits: mpsc::SyncSender<()>,
) -> Result<()>
where
    It: Iterator<Item = Input> + Send + 'static,
{
    let read = move || {
        let mut inputs = inputs;
        let mut n = 0usize;
        let listed = catch_unwind(AssertUnwindSafe(|| loop {
            if permits.send(()).is_err() {
                return false; // the run has stopped
            }
            match inputs.next() {
                Some(input) => {
                    if events.send(Event::Input(n, input)).is_err() {
                        return false;
                    }
                    n += 1;
                }
                None => return true,
            }
        }));
        let _ = match listed {
            Ok(true) => events.send(Event::End(n)),
            Ok(false) => Ok(()),
            Err(panic) => events.send(Event::Failed(
                n,
                format!(
                    "listing the inputs failed: {}",
                    internal_error(panic.as_ref())
                ),
            )),
        };
    };
    // Not joined: a reader blocked on a stdin that never ends must not keep a failed run alive.
    std::thread::Builder::new()
        .name("vnplan-inputs".into())
        .spawn(read)
        .map(|_| ())
        .map_err(|e| Error::usage(format!("cannot start the input reader: {e}")))
}

/// Writes one input's line (new or reused) and counts it.
fn emit(
    outcome: Outcome,
    sink: &mut Sink,
    summary: &mut Summary,
    options: &Options,
    progress: &Progress,
) -> Result<()> {
    summary.inputs += 1;
    match outcome {
        Outcome::Reused(at) => {
            sink.reuse_line(at)?;
            summary.records += 1;
            summary.reused += 1;
        }
        Outcome::Line {
            line,
            ok,
            syllables,
            bytes,
            source,
            warnings,
        } => {
            if options.warnings {
                for w in &warnings {
                    progress.eprintln(&format!("vnplan: warning: {source}: {w}"));
                }
            }
            sink.write_line(&line)?;
            if ok {
                summary.records += 1;
            } else {
                summary.errors += 1;
            }
            summary.syllables += syllables;
            summary.bytes += bytes;
        }
    }
    Ok(())
}

/// What a caught panic says.
fn internal_error(panic: &(dyn std::any::Any + Send)) -> String {
    let what = panic
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown panic".into());
    format!("internal error while processing: {what}")
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
        source: source.to_string(),
        warnings: Vec::new(),
    }
}

fn handle<F>(input: &Input, options: &Options, previous: &Previous, process: &F) -> Outcome
where
    F: Fn(&InputItem) -> Result<Output> + Sync,
{
    let source = input.source();
    let (path, bytes) = match input {
        Input::Bad { error, .. } => return error_line(&source, error),
        Input::File(path) => match crate::input::read_file(path, Some(options.max_bytes)) {
            Ok(bytes) => (Some(path.clone()), bytes),
            Err(e) => return error_line(&source, e),
        },
        Input::Inline { text, .. } => {
            if text.len() as u64 > options.max_bytes {
                let error = crate::input::read::too_large(text.len() as u64, options.max_bytes);
                return error_line(&source, error);
            }
            (None, text.as_bytes().to_vec())
        }
    };
    let sha256 = sha256_hex(&bytes);
    if let Some(at) = previous.find(&source, &sha256, options.restored_field) {
        return Outcome::Reused(at);
    }
    let item = InputItem {
        source: source.clone(),
        path,
        bytes,
        sha256,
        encoding: options.encoding,
    };
    let output = match catch_unwind(AssertUnwindSafe(|| process(&item))) {
        Ok(Ok(output)) => output,
        Ok(Err(e)) => return error_line(&source, e),
        Err(panic) => return error_line(&source, internal_error(panic.as_ref())),
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
            source: item.source,
            warnings: output.warnings,
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
