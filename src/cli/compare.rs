//! `vnplan compare`: plans side by side, from the records `batch` or `extract` wrote.

use std::io::BufReader;
use std::path::{Path, PathBuf};

use super::{output_name, stdin_at_most_once, with_output, Global};
use vnplan::batch::restored_path;
use vnplan::compare::render::{render, Format};
use vnplan::compare::{self, Loaded};
use vnplan::{input, Error, Result};

/// Set plans side by side: issuer, date, number, movement and period, standing body, award
/// forms with quotas, priority sectors, the national documents each cites, and which plans
/// copy which.
///
/// Copies are found by the share of word 5-grams of one plan's text found in another's: from
/// 50% one plan is called a copy of the other, from --min-overlap (20%) the two are reported
/// as sharing text. This needs the texts: give records written by `batch --restored` (the
/// `restored` field), or point --text at the directory of the original files (or of `batch
/// --restored-dir`). Candidate pairs come from an inverted index of 5-grams, so thousands of
/// plans do not cost a comparison of every pair.
#[derive(clap::Args)]
#[command(after_help = "Examples:
  vnplan batch corpus/ --restored -o records.jsonl
  vnplan compare records.jsonl                          Markdown on stdout
  vnplan compare records.jsonl --format html -o cmp.html
  vnplan compare records.jsonl --format csv --text corpus/ -o cmp.csv")]
pub struct Args {
    /// JSON Lines of plan records (`-` for stdin); error lines are listed and skipped.
    #[arg(required = true, value_name = "RECORDS")]
    pub records: Vec<PathBuf>,
    /// md (Markdown to read), csv (for spreadsheets) or html (a page with sortable tables).
    #[arg(long, value_name = "FORMAT", default_value = "md")]
    pub format: String,
    /// Write the report to FILE (whole, through a temporary file) instead of stdout.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Where to find the text of plans whose records carry none: the original files, or
    /// the output of `batch --restored-dir`, looked up by each record's source path.
    #[arg(long, value_name = "DIR")]
    pub text: Option<PathBuf>,
    /// Read the files found with --text in this encoding instead of detecting it.
    #[arg(long, value_name = "ENC")]
    pub encoding: Option<input::Encoding>,
    /// Report two plans as sharing text when this share of one plan's 5-grams occurs in the
    /// other (0 to 1); from 0.5 on, the plan is called a copy.
    #[arg(long, value_name = "SHARE", default_value_t = 0.2)]
    pub min_overlap: f64,
}

pub fn run(args: Args, _global: &Global) -> Result<i32> {
    let format: Format = args.format.parse()?;
    if !(0.0..=1.0).contains(&args.min_overlap) {
        return Err(Error::usage("--min-overlap is a share between 0 and 1"));
    }
    stdin_at_most_once(&args.records)?;
    let mut loaded = Loaded::default();
    for path in &args.records {
        if path.as_os_str() == "-" {
            let stdin = std::io::stdin().lock();
            compare::load(stdin, Path::new("<stdin>"), &mut loaded)?;
        } else {
            let file = input::open_file(path)?;
            compare::load(BufReader::new(file), path, &mut loaded)?;
        }
    }
    if let Some(dir) = &args.text {
        for plan in loaded.plans.iter_mut().filter(|p| p.text.is_none()) {
            let Some(source) = plan.record.source.as_ref().map(|s| s.path.clone()) else {
                continue;
            };
            plan.text = find_text(dir, &source, args.encoding);
        }
    }
    let comparison = compare::compare(&loaded, args.min_overlap);
    let report = render(&comparison, format);
    let target = output_name(args.output.as_deref());
    with_output(args.output.as_deref(), |out| {
        out.write_all(report.as_bytes())
            .map_err(|e| Error::io(&target, e))
    })?;
    Ok(0)
}

/// The text of `source` under `dir`: the restored text `batch --restored-dir` wrote, the
/// file at the same relative path, or a file of the same name.
fn find_text(dir: &Path, source: &str, encoding: Option<input::Encoding>) -> Option<String> {
    let name = Path::new(source).file_name()?;
    let candidates = [
        restored_path(dir, source),
        dir.join(source.trim_start_matches('/')),
        dir.join(name),
    ];
    candidates.iter().find(|p| p.is_file()).and_then(|p| {
        let bytes = input::read_file(p, None).ok()?;
        input::decode(&bytes, Some(p), encoding)
            .ok()
            .map(|d| d.text)
    })
}
