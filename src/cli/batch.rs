//! `vnplan batch`: whole archives on all cores, one JSON Lines record per input.
//!
//! This file wires the command line to [`vnplan::batch`]: it lists the inputs, opens the
//! output (`-o` with `.partial` and `--resume`, or stdout), and hands each document to the
//! processing function (decode → restore → extract).

use std::path::PathBuf;

use super::{load_pipeline, Global};
use vnplan::batch::{self, sink, Input, InputItem, JsonLines, Lister, Options, Output, Sink};
use vnplan::pipeline::Pipeline;
use vnplan::{Error, Result};

/// Process a whole archive on all cores: one JSON Lines record per input, none lost.
///
/// Every input yields exactly one output line: its plan record, or
/// `{"source": …, "error": …}` saying why there is none; the run goes on past bad files and
/// exits 0 (use --strict to exit 1 when any input failed). Output lines follow the input
/// order whatever the number of threads. With -o, lines go to FILE.partial as they are made
/// (synced to disk every few seconds), and the file is renamed to FILE at the end; after a
/// crash or a kill, --resume writes what an uninterrupted run would, reusing the records
/// already made for inputs whose content is unchanged.
///
/// Directories are walked recursively in name order, taking the files whose extension --ext
/// lists and skipping hidden entries and vnplan's own outputs (*.restored.txt, the -o file,
/// the --restored-dir), so running again over the same tree reads the same inputs. Glob
/// patterns are expanded by vnplan (`**` included); a file named explicitly is always read.
/// Only regular files are read: a FIFO or device gets an error line.
#[derive(clap::Args)]
#[command(after_help = "Examples:
  vnplan batch corpus/ -o records.jsonl                every .txt/.text/.docx/.pdf under corpus/
  vnplan batch archive/ -o records.jsonl --resume      continue a killed run
  vnplan batch 'scans/**/*.txt' --restored -o r.jsonl  records with their restored text
  vnplan batch --files-from list.txt --threads 4 -o r.jsonl
  cat docs.jsonl | vnplan batch - > records.jsonl      filter: {\"id\",\"text\"} lines in, records out")]
pub struct Args {
    /// Files, directories (walked recursively), glob patterns, or `-` to read JSON Lines
    /// documents ({"id": …, "text": …}) from stdin.
    #[arg(value_name = "INPUT")]
    pub inputs: Vec<String>,
    /// Read input names from LIST, one per line (`-` reads them from standard input).
    #[arg(long, value_name = "LIST")]
    pub files_from: Option<PathBuf>,
    /// Write the records to FILE (via FILE.partial, renamed at the end) instead of stdout.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Reuse the records an earlier run left in FILE.partial (or FILE) for inputs whose
    /// content is unchanged; the output is what an uninterrupted run would write.
    #[arg(long, requires = "output")]
    pub resume: bool,
    /// Read every input in this encoding instead of detecting it: utf-8, utf-16le,
    /// utf-16be, windows-1258, tcvn3, vni, viqr, tcvn3-unicode, vni-unicode, docx, pdf.
    #[arg(long, value_name = "ENC")]
    pub encoding: Option<vnplan::input::Encoding>,
    /// Directory with rebuilt restoration models (lm.bin, channel.tsv, symbols.tsv, from
    /// `vnplan build`); files missing there come from the models compiled into vnplan.
    #[arg(long, value_name = "DIR")]
    pub models: Option<PathBuf>,
    /// Add the restored text to each record as a "restored" field (what `compare` needs to
    /// find copied plans).
    #[arg(long)]
    pub restored: bool,
    /// Also write each restored text to DIR/<input path>.restored.txt.
    #[arg(long, value_name = "DIR")]
    pub restored_dir: Option<PathBuf>,
    /// The inputs are already clean Vietnamese: extract without restoring.
    #[arg(long)]
    pub no_restore: bool,
    /// File extensions taken from directories, comma-separated.
    #[arg(long, value_name = "LIST", default_value = "txt,text,docx,pdf")]
    pub ext: String,
    /// Inputs larger than this many bytes get an error line instead of being processed.
    #[arg(long, value_name = "BYTES", default_value_t = 32 * 1024 * 1024)]
    pub max_bytes: u64,
    /// Inputs between reading and writing at a time (bounds memory).
    #[arg(long, value_name = "N", default_value_t = 64, hide = true)]
    pub chunk: usize,
    /// Exit with status 1 when any input got an error line.
    #[arg(long)]
    pub strict: bool,
}

pub fn run(args: Args, global: &Global) -> Result<i32> {
    if args.inputs.is_empty() && args.files_from.is_none() {
        return Err(Error::usage(
            "no inputs: name files, directories or patterns, --files-from LIST, or - for stdin",
        ));
    }
    let stdin_mode = args.inputs.iter().any(|i| i == "-");
    if stdin_mode && (args.inputs.len() > 1 || args.files_from.is_some()) {
        return Err(Error::usage(
            "`-` (JSON Lines on stdin) cannot be mixed with other inputs",
        ));
    }
    let options = Options {
        threads: global.threads.map_or(0, usize::from),
        in_flight: args.chunk,
        encoding: args.encoding,
        max_bytes: args.max_bytes,
        restored_field: args.restored,
        restored_dir: args.restored_dir.clone(),
        progress: !global.quiet,
        warnings: !global.quiet,
    };
    let pipeline = load_pipeline(args.models.as_deref(), !args.no_restore)?;
    let mut sink = match &args.output {
        Some(path) => Sink::file(path, args.resume)?,
        None => Sink::stdout(),
    };
    let process = |item: &InputItem| process(&pipeline, item);
    let summary = if stdin_mode {
        let stdin = std::io::BufReader::with_capacity(1 << 16, std::io::stdin());
        let docs = JsonLines::new(stdin, usize::try_from(args.max_bytes).unwrap_or(usize::MAX));
        batch::run(docs, None, &options, &mut sink, process)?
    } else {
        let inputs = list_inputs(&args)?;
        let total = inputs.len();
        batch::run(inputs, Some(total), &options, &mut sink, process)?
    };
    sink.finish()?;
    if !global.quiet {
        eprintln!("vnplan batch: {summary}");
    }
    Ok(if args.strict && summary.errors > 0 {
        1
    } else {
        0
    })
}

/// The inputs the arguments name, without the run's own outputs.
fn list_inputs(args: &Args) -> Result<Vec<Input>> {
    let exts = args
        .ext
        .split(',')
        .map(|e| e.trim().trim_start_matches('.').to_ascii_lowercase())
        .filter(|e| !e.is_empty())
        .collect();
    let mut lister = Lister::new(exts);
    if let Some(out) = &args.output {
        lister.exclude(out);
        lister.exclude(&sink::partial_path(out));
    }
    if let Some(dir) = &args.restored_dir {
        lister.exclude(dir);
    }
    let mut inputs: Vec<Input> = Vec::new();
    for name in &args.inputs {
        lister.expand(name, &mut inputs);
    }
    if let Some(list) = &args.files_from {
        lister.expand_list(list, &mut inputs)?;
    }
    Ok(inputs)
}

/// One document through the pipeline (decode → restore → extract).
fn process(pipeline: &Pipeline, item: &InputItem) -> Result<Output> {
    let processed = pipeline.process(&item.source, &item.bytes, item.encoding)?;
    Ok(Output {
        record: processed.record,
        restored: Some(processed.text),
        syllables: processed.syllables as u64,
        warnings: processed.warnings,
    })
}
