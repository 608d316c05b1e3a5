//! Where batch output lines go, and how an earlier run's work is reused.
//!
//! To standard output (or a device or FIFO given as `-o`), lines are written in input order as
//! soon as they are ready. To a file `OUT`, they go to `OUT.partial`, each written as soon as
//! it is ready and the file synced to disk every few seconds; `OUT` appears only when the run
//! is complete, so a reader of `OUT` never sees half a run. A run that is killed leaves in
//! `OUT.partial` the whole lines of a prefix of the inputs (at worst one torn line at its end).
//!
//! `--resume` writes what an uninterrupted run would write (one line per input, in input
//! order) while reusing the records earlier runs made. The lines of `OUT.partial`, or of a
//! finished `OUT` when there is no partial file, are indexed by the input they name: the
//! source path and the SHA-256 of its content. An input whose record is there for the same
//! content reuses that line (as often as the input is listed); any other input (new, changed
//! since, or one that got an error line, which is always tried again) is processed and its
//! line appended to `OUT.partial`. `OUT` is then `OUT.partial` itself when its lines already
//! follow the input order (the usual case: the same inputs after a kill), or else is written
//! from it line by line in input order. Killed again, `OUT.partial` still holds every record
//! made so far, so no work is done twice.

use crate::{Error, Result};
use serde::Deserialize;
use std::collections::HashMap;
use std::fs::{self, File, OpenOptions};
use std::io::{BufRead, BufReader, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// How often `OUT.partial` is synced to disk (lines reach the OS as soon as they are written).
const SYNC_EVERY: Duration = Duration::from_secs(5);

/// Where a reusable line (with its `\n`) sits in `OUT.partial`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LineRef {
    offset: u64,
    len: u64,
}

/// The records earlier runs wrote, by source path, content SHA-256 and whether the record
/// carries its restored text (a run with `--restored` does not reuse lines without it, nor the
/// other way round).
#[derive(Debug, Default)]
pub struct Previous {
    records: HashMap<(String, String, bool), LineRef>,
}

/// What resume needs of a line: `source` is an object for records, a string for error lines.
#[derive(Deserialize)]
struct LineKey {
    #[serde(default)]
    source: Option<serde_json::Value>,
    #[serde(default)]
    restored: Option<serde::de::IgnoredAny>,
}

impl Previous {
    /// The line of an earlier run for the input `source` with content hash `sha256`.
    pub fn find(&self, source: &str, sha256: &str, restored: bool) -> Option<LineRef> {
        self.records
            .get(&(source.to_string(), sha256.to_string(), restored))
            .copied()
    }

    /// How many records can be reused.
    pub fn len(&self) -> usize {
        self.records.len()
    }

    pub fn is_empty(&self) -> bool {
        self.records.is_empty()
    }

    /// Indexes one line found at `at`; error lines and lines that are not JSON are ignored.
    fn learn(&mut self, line: &[u8], at: LineRef) {
        let Ok(key) = serde_json::from_slice::<LineKey>(line) else {
            return;
        };
        let Some(source) = key.source else { return };
        let (Some(path), Some(sha)) = (
            source.get("path").and_then(|v| v.as_str()),
            source.get("sha256").and_then(|v| v.as_str()),
        ) else {
            return;
        };
        self.records
            .entry((path.to_string(), sha.to_string(), key.restored.is_some()))
            .or_insert(at);
    }
}

enum Target {
    Stdout(std::io::Stdout),
    Stream { file: File, path: PathBuf },
    File(Log),
}

/// `OUT.partial` while a run writes into it.
struct Log {
    file: File,
    partial: PathBuf,
    out: PathBuf,
    /// Length of the file: where the next new line goes.
    end: u64,
    /// The line of each input so far, in input order.
    order: Vec<LineRef>,
    /// Where the next line would start if the file were the output as it is.
    expected: u64,
    /// Whether every line so far sits where it would in the output.
    in_order: bool,
    synced: Instant,
}

/// The destination of a batch run's JSON Lines.
pub struct Sink {
    target: Target,
    previous: Previous,
    lines: u64,
}

/// `OUT.partial` for `OUT`.
pub fn partial_path(out: &Path) -> PathBuf {
    let mut name = out.file_name().unwrap_or_default().to_os_string();
    name.push(".partial");
    out.with_file_name(name)
}

impl Sink {
    /// Lines to standard output (nothing to resume from).
    pub fn stdout() -> Sink {
        Sink {
            target: Target::Stdout(std::io::stdout()),
            previous: Previous::default(),
            lines: 0,
        }
    }

    /// Lines to the file `out`, via `out.partial`; with `resume`, reuse what earlier runs
    /// left there (or in a finished `out`).
    pub fn file(out: &Path, resume: bool) -> Result<Sink> {
        if crate::atomic::is_special_file(out) {
            // A device or FIFO (`-o /dev/stdout`, a named pipe): stream into it; there is no
            // file to rename into place, and nothing to resume from.
            if resume {
                return Err(Error::usage(format!(
                    "{}: --resume needs a regular output file",
                    out.display()
                )));
            }
            let file = OpenOptions::new()
                .write(true)
                .open(out)
                .map_err(|e| Error::io(out, e))?;
            return Ok(Sink {
                target: Target::Stream {
                    file,
                    path: out.to_path_buf(),
                },
                previous: Previous::default(),
                lines: 0,
            });
        }
        if out.is_dir() {
            return Err(Error::usage("the output is a directory; -o wants a file").at(out));
        }
        if let Some(dir) = out.parent().filter(|d| !d.as_os_str().is_empty()) {
            fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
        }
        let partial = partial_path(out);
        let mut previous = Previous::default();
        let (file, end) = if resume {
            if !partial.exists() && out.exists() {
                // A finished run: continue from a copy, so `out` stays whole until the end.
                fs::copy(out, &partial).map_err(|e| Error::io(&partial, e))?;
            }
            let mut file = OpenOptions::new()
                .read(true)
                .write(true)
                .create(true)
                .truncate(false)
                .open(&partial)
                .map_err(|e| Error::io(&partial, e))?;
            let end = index_lines(&mut file, &mut previous).map_err(|e| Error::io(&partial, e))?;
            // A torn last line (a run killed mid-write) is cut off.
            file.set_len(end).map_err(|e| Error::io(&partial, e))?;
            (file, end)
        } else {
            let file = OpenOptions::new()
                .read(true)
                .write(true)
                .create(true)
                .truncate(true)
                .open(&partial)
                .map_err(|e| Error::io(&partial, e))?;
            (file, 0)
        };
        Ok(Sink {
            target: Target::File(Log {
                file,
                partial,
                out: out.to_path_buf(),
                end,
                order: Vec::new(),
                expected: 0,
                in_order: true,
                synced: Instant::now(),
            }),
            previous,
            lines: 0,
        })
    }

    /// What earlier runs made that this run may reuse (empty unless resuming).
    pub fn previous(&self) -> &Previous {
        &self.previous
    }

    /// Hands the index of earlier lines to the run (it is shared by the workers).
    pub fn take_previous(&mut self) -> Previous {
        std::mem::take(&mut self.previous)
    }

    /// Lines of output so far.
    pub fn lines(&self) -> u64 {
        self.lines
    }

    /// Writes the line of the next input (without its `\n`); it reaches the OS at once.
    pub fn write_line(&mut self, line: &str) -> Result<()> {
        let mut buf = Vec::with_capacity(line.len() + 1);
        buf.extend_from_slice(line.as_bytes());
        buf.push(b'\n');
        match &mut self.target {
            Target::Stdout(out) => {
                let mut lock = out.lock();
                lock.write_all(&buf)
                    .and_then(|_| lock.flush())
                    .map_err(|e| Error::io("<stdout>", e))?;
            }
            Target::Stream { file, path } => {
                file.write_all(&buf).map_err(|e| Error::io(&*path, e))?;
            }
            Target::File(log) => log.append(&buf)?,
        }
        self.lines += 1;
        Ok(())
    }

    /// Uses, as the line of the next input, a line an earlier run wrote.
    pub fn reuse_line(&mut self, at: LineRef) -> Result<()> {
        match &mut self.target {
            Target::File(log) => log.place(at),
            // Only a file has earlier lines to reuse.
            _ => return Err(Error::input("no earlier output to reuse a line from")),
        }
        self.lines += 1;
        Ok(())
    }

    /// Ends the run: the output file is synced and put in place.
    pub fn finish(self) -> Result<()> {
        match self.target {
            Target::Stdout(out) => out.lock().flush().map_err(|e| Error::io("<stdout>", e)),
            Target::Stream { mut file, path } => file.flush().map_err(|e| Error::io(&path, e)),
            Target::File(log) => log.finish(),
        }
    }
}

impl Log {
    fn append(&mut self, buf: &[u8]) -> Result<()> {
        self.file
            .seek(SeekFrom::Start(self.end))
            .and_then(|_| self.file.write_all(buf))
            .map_err(|e| Error::io(&self.partial, e))?;
        let at = LineRef {
            offset: self.end,
            len: buf.len() as u64,
        };
        self.end += at.len;
        self.place(at);
        if self.synced.elapsed() >= SYNC_EVERY {
            self.file
                .sync_data()
                .map_err(|e| Error::io(&self.partial, e))?;
            self.synced = Instant::now();
        }
        Ok(())
    }

    fn place(&mut self, at: LineRef) {
        self.in_order &= at.offset == self.expected;
        self.expected += at.len;
        self.order.push(at);
    }

    fn finish(mut self) -> Result<()> {
        let partial = self.partial.clone();
        if self.in_order {
            // The file is the output, perhaps followed by lines of inputs no longer listed.
            if self.end > self.expected {
                self.file
                    .set_len(self.expected)
                    .map_err(|e| Error::io(&partial, e))?;
            }
            self.file.sync_all().map_err(|e| Error::io(&partial, e))?;
            drop(self.file);
            return fs::rename(&partial, &self.out).map_err(|e| Error::io(&self.out, e));
        }
        // Reused and new lines interleave: write the output in input order from the log.
        let mut reader = BufReader::new(&mut self.file);
        let out = self.out.clone();
        crate::atomic::write_atomically_with(&out, |w| {
            for at in &self.order {
                reader
                    .seek(SeekFrom::Start(at.offset))
                    .map_err(|e| Error::io(&partial, e))?;
                let copied = std::io::copy(&mut (&mut reader).take(at.len), w)
                    .map_err(|e| Error::io(&out, e))?;
                if copied != at.len {
                    return Err(Error::input("shorter than when it was indexed").at(&partial));
                }
            }
            Ok(())
        })?;
        drop(reader);
        fs::remove_file(&partial).map_err(|e| Error::io(&partial, e))
    }
}

/// Indexes the records among the lines of `file`; returns the length of its whole lines (a
/// torn last line, from a run killed mid-write, is left out).
fn index_lines(file: &mut File, previous: &mut Previous) -> std::io::Result<u64> {
    file.seek(SeekFrom::Start(0))?;
    let mut reader = BufReader::new(&mut *file);
    let mut end = 0u64;
    let mut line = Vec::new();
    loop {
        line.clear();
        let n = reader.read_until(b'\n', &mut line)?;
        if n == 0 || line.last() != Some(&b'\n') {
            break;
        }
        let at = LineRef {
            offset: end,
            len: n as u64,
        };
        previous.learn(&line[..n - 1], at);
        end += n as u64;
    }
    Ok(end)
}

#[cfg(test)]
mod tests {
    use super::*;

    const A: &str = r#"{"schema":"x","source":{"path":"a","sha256":"h1"}}"#;
    const B: &str = r#"{"schema":"x","source":{"path":"b","sha256":"h2"},"restored":"B"}"#;

    #[test]
    fn resume_drops_torn_line_and_indexes_records_only() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out.jsonl");
        let partial = partial_path(&out);
        fs::write(
            &partial,
            format!(
                "{A}\n{{\"source\":\"c\",\"error\":\"empty file\"}}\n{B}\n{{\"schema\":\"x\",\"sou"
            ),
        )
        .unwrap();
        let mut sink = Sink::file(&out, true).unwrap();
        let previous = sink.take_previous();
        assert_eq!(previous.len(), 2);
        let a = previous.find("a", "h1", false).unwrap();
        assert_eq!(previous.find("a", "h2", false), None);
        assert_eq!(previous.find("a", "h1", true), None);
        let b = previous.find("b", "h2", true).unwrap();
        // Output order: b, a, a new error line for c, a again.
        sink.reuse_line(b).unwrap();
        sink.reuse_line(a).unwrap();
        sink.write_line(r#"{"source":"c","error":"e"}"#).unwrap();
        sink.reuse_line(a).unwrap();
        sink.finish().unwrap();
        let text = fs::read_to_string(&out).unwrap();
        assert_eq!(
            text,
            format!("{B}\n{A}\n{{\"source\":\"c\",\"error\":\"e\"}}\n{A}\n")
        );
        assert!(!partial.exists());
    }

    #[test]
    fn lines_in_order_are_renamed_and_stale_tail_cut() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out.jsonl");
        fs::write(&out, format!("{A}\n{B}\n")).unwrap();
        let mut sink = Sink::file(&out, true).unwrap();
        let a = sink.take_previous().find("a", "h1", false).unwrap();
        sink.reuse_line(a).unwrap();
        sink.finish().unwrap();
        assert_eq!(fs::read_to_string(&out).unwrap(), format!("{A}\n"));
    }

    #[test]
    fn fresh_run_replaces_old_partial() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out.jsonl");
        fs::write(partial_path(&out), "junk").unwrap();
        let sink = Sink::file(&out, false).unwrap();
        assert!(sink.previous().is_empty());
        sink.finish().unwrap();
        assert_eq!(fs::read_to_string(&out).unwrap(), "");
    }
}
