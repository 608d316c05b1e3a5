//! Building the restorer's models from their sources: the driver behind `vnplan build lm`.
//!
//! `vnplan build lm --corpus /work/shared/lm-corpus --gazetteer /work/shared/gazetteer
//! --out dictionaries/lm.bin` reads every `*.txt` and `*.txt.xz` in the corpus directory
//! (`.xz` through the system's `xz -dc`, which keeps a decompressor out of our dependencies),
//! in name order, each as many times as its weight says (in-domain files count more), then
//! every administrative unit name of the gazetteer as a short sentence, so that place names
//! are known words in context (`phường vạn xuân`). The result is deterministic.

use super::corpus::CorpusBuilder;
use super::lm::LanguageModel;
use super::lm_build::{self, LmConfig};
use crate::error::{Error, Result};
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// What to train the language model on.
#[derive(Clone, Debug)]
pub struct LmSources {
    pub corpus: PathBuf,
    pub gazetteer: Option<PathBuf>,
    /// `(file stem prefix, times read)`: files not listed are read once.
    pub weights: Vec<(String, u32)>,
    pub min_count: u64,
    pub min_count_other: u64,
    /// Source documents (`### path` sections) held back from training for measuring harm:
    /// those with [`held_out`] true for this modulus; 0 holds back nothing.
    pub hold_out: u64,
    pub config: LmConfig,
}

/// The modulus of the committed model's held-back slice (about 3% of the corpus).
pub const HOLD_OUT: u64 = 50;

/// Whether the corpus document `path` (the text after `### `) is held back from training:
/// its 64-bit FNV-1a hash is a multiple of `modulus`. Measurement scripts pick the same
/// documents by the same rule (`scripts/eval-restore`).
pub fn held_out(path: &str, modulus: u64) -> bool {
    if modulus == 0 {
        return false;
    }
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in path.trim().bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h.is_multiple_of(modulus)
}

impl LmSources {
    /// The settings of the committed model.
    pub fn new(corpus: PathBuf, gazetteer: Option<PathBuf>) -> LmSources {
        LmSources {
            corpus,
            gazetteer,
            weights: vec![("digital-plans".into(), 8), ("admin-misc".into(), 8)],
            min_count: 2,
            min_count_other: 3,
            hold_out: HOLD_OUT,
            config: LmConfig::default(),
        }
    }
}

fn each_line(path: &Path, mut f: impl FnMut(&str)) -> Result<()> {
    let name = path.to_string_lossy();
    let mut child = None;
    let reader: Box<dyn Read> = if name.ends_with(".xz") {
        let mut c = Command::new("xz")
            .arg("-dc")
            .arg(path)
            .stdout(Stdio::piped())
            .spawn()
            .map_err(|e| Error::io(path, e))?;
        let out = c
            .stdout
            .take()
            .ok_or_else(|| Error::input("xz gave no output").at(path))?;
        child = Some(c);
        Box::new(out)
    } else {
        Box::new(std::fs::File::open(path).map_err(|e| Error::io(path, e))?)
    };
    let mut reader = BufReader::with_capacity(1 << 20, reader);
    let mut buf = Vec::new();
    loop {
        buf.clear();
        let n = reader
            .read_until(b'\n', &mut buf)
            .map_err(|e| Error::io(path, e))?;
        if n == 0 {
            break;
        }
        f(&String::from_utf8_lossy(&buf));
    }
    if let Some(mut c) = child {
        let status = c.wait().map_err(|e| Error::io(path, e))?;
        if !status.success() {
            return Err(Error::input(format!("xz -dc failed: {status}")).at(path));
        }
    }
    Ok(())
}

/// Unit names (every column named `province`, `district` or `ward`) of the gazetteer's TSVs.
pub fn gazetteer_names(dir: &Path) -> Result<Vec<String>> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| Error::io(dir, e))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "tsv"))
        .collect();
    files.sort();
    let mut names = Vec::new();
    for f in files {
        let text = std::fs::read_to_string(&f).map_err(|e| Error::io(&f, e))?;
        let mut cols: Vec<usize> = Vec::new();
        for line in text.lines().filter(|l| !l.starts_with('#')) {
            let fields: Vec<&str> = line.split('\t').collect();
            if cols.is_empty() {
                cols = (0..fields.len())
                    .filter(|&i| matches!(fields[i], "province" | "district" | "ward"))
                    .collect();
                continue;
            }
            names.extend(
                cols.iter()
                    .filter_map(|&i| fields.get(i))
                    .map(|s| s.to_string()),
            );
        }
    }
    names.sort();
    names.dedup();
    Ok(names)
}

/// Trains the language model; returns it with a report (one line per step).
pub fn build_lm(src: &LmSources) -> Result<(LanguageModel, Vec<String>)> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(&src.corpus)
        .map_err(|e| Error::io(&src.corpus, e))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            let n = p.to_string_lossy();
            n.ends_with(".txt") || n.ends_with(".txt.xz")
        })
        .collect();
    files.sort();
    if files.is_empty() {
        return Err(Error::input("no *.txt or *.txt.xz files").at(&src.corpus));
    }
    let mut corpus = CorpusBuilder::default();
    let mut report = Vec::new();
    for f in &files {
        let stem = f
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let weight = src
            .weights
            .iter()
            .find(|(p, _)| stem.starts_with(p.as_str()))
            .map_or(1, |w| w.1);
        let before = corpus.lines_read;
        let (mut skipping, mut held) = (false, 0u64);
        each_line(f, |line| {
            if let Some(path) = line.strip_prefix("### ") {
                skipping = held_out(path, src.hold_out);
                held += u64::from(skipping);
            }
            if !skipping {
                corpus.add_line(line, weight);
            }
        })?;
        report.push(format!(
            "{stem}: {} lines × {weight}, {held} documents held back",
            corpus.lines_read - before
        ));
    }
    if let Some(g) = &src.gazetteer {
        let names = gazetteer_names(g)?;
        report.push(format!("gazetteer: {} unit names", names.len()));
        for n in &names {
            corpus.add_line(n, 2);
        }
    }
    report.push(format!(
        "{} lines skipped as headers or junk",
        corpus.lines_skipped
    ));
    let (vocab, ids) = corpus.finish(src.min_count, src.min_count_other);
    report.push(format!("{} tokens, vocabulary {}", ids.len(), vocab.len()));
    let (lm, mut r) = lm_build::build(&ids, vocab, &src.config);
    report.append(&mut r);
    Ok((lm, report))
}
