//! Where batch output lines go, and how a killed run is continued.
//!
//! To a file, lines are appended to `OUT.partial` a chunk at a time, each chunk flushed, and
//! the finished file is renamed to `OUT` at the end: a reader of `OUT` never sees a half run,
//! and a run that is killed leaves `OUT.partial` holding whole lines for a prefix of the
//! inputs (at worst one torn line at its end). `--resume` reads that file (or a finished `OUT`
//! when new inputs were added), drops a torn last line, and remembers what is done: records by
//! (source, content sha256), so a file that changed is processed again, and error lines by
//! source. Because chunks are written in input order, resuming appends exactly the lines the
//! killed run had not written yet.

use crate::{Error, Result};
use std::collections::HashSet;
use std::fs::{self, File, OpenOptions};
use std::io::{BufRead, BufReader, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

/// The work a previous run already did.
#[derive(Debug, Default)]
pub struct Done {
    records: HashSet<(String, String)>,
    errors: HashSet<String>,
}

impl Done {
    /// Whether the input named `source` with content hash `sha256` has its line already.
    pub fn contains(&self, source: &str, sha256: Option<&str>) -> bool {
        self.errors.contains(source)
            || sha256.is_some_and(|h| self.records.contains(&(source.to_string(), h.to_string())))
    }

    /// How many lines the previous run wrote.
    pub fn len(&self) -> usize {
        self.records.len() + self.errors.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn learn(&mut self, line: &str) -> bool {
        let Ok(value) = serde_json::from_str::<serde_json::Value>(line) else {
            return false;
        };
        if let Some(src) = value.get("source") {
            if let (Some(path), Some(sha)) = (
                src.get("path").and_then(|v| v.as_str()),
                src.get("sha256").and_then(|v| v.as_str()),
            ) {
                self.records.insert((path.to_string(), sha.to_string()));
                return true;
            }
            if let (Some(name), Some(_)) = (src.as_str(), value.get("error")) {
                self.errors.insert(name.to_string());
                return true;
            }
        }
        false
    }
}

enum Target {
    Stdout(std::io::Stdout),
    Stream {
        file: File,
        path: PathBuf,
    },
    File {
        file: File,
        partial: PathBuf,
        out: PathBuf,
    },
}

/// The destination of a batch run's JSON Lines.
pub struct Sink {
    target: Target,
    done: Done,
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
            done: Done::default(),
            lines: 0,
        }
    }

    /// Lines to the file `out`, via `out.partial`; with `resume`, continue what a previous run
    /// left there.
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
                done: Done::default(),
                lines: 0,
            });
        }
        if let Some(dir) = out.parent().filter(|d| !d.as_os_str().is_empty()) {
            fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
        }
        let partial = partial_path(out);
        let mut done = Done::default();
        let file = if resume {
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
            let keep = read_done(&mut file, &mut done).map_err(|e| Error::io(&partial, e))?;
            file.set_len(keep).map_err(|e| Error::io(&partial, e))?;
            file.seek(SeekFrom::End(0))
                .map_err(|e| Error::io(&partial, e))?;
            file
        } else {
            File::create(&partial).map_err(|e| Error::io(&partial, e))?
        };
        Ok(Sink {
            target: Target::File {
                file,
                partial,
                out: out.to_path_buf(),
            },
            done,
            lines: 0,
        })
    }

    /// What a previous run did (empty unless resuming).
    pub fn done(&self) -> &Done {
        &self.done
    }

    /// Lines written by this run.
    pub fn lines(&self) -> u64 {
        self.lines
    }

    /// Appends whole lines (each without its `\n`) and flushes them.
    pub fn write_lines(&mut self, lines: &[String]) -> Result<()> {
        if lines.is_empty() {
            return Ok(());
        }
        let mut buf = Vec::with_capacity(lines.iter().map(|l| l.len() + 1).sum());
        for line in lines {
            buf.extend_from_slice(line.as_bytes());
            buf.push(b'\n');
        }
        match &mut self.target {
            Target::Stdout(out) => {
                let mut lock = out.lock();
                lock.write_all(&buf)
                    .and_then(|_| lock.flush())
                    .map_err(|e| Error::io("<stdout>", e))?;
            }
            Target::Stream { file, path } => {
                file.write_all(&buf)
                    .and_then(|_| file.flush())
                    .map_err(|e| Error::io(&*path, e))?;
            }
            Target::File { file, partial, .. } => {
                file.write_all(&buf)
                    .and_then(|_| file.flush())
                    .map_err(|e| Error::io(&*partial, e))?;
            }
        }
        self.lines += lines.len() as u64;
        Ok(())
    }

    /// Ends the run: the partial file is synced and renamed to its final name.
    pub fn finish(self) -> Result<()> {
        match self.target {
            Target::Stdout(out) => out.lock().flush().map_err(|e| Error::io("<stdout>", e)),
            Target::Stream { mut file, path } => file.flush().map_err(|e| Error::io(&path, e)),
            Target::File { file, partial, out } => {
                file.sync_all().map_err(|e| Error::io(&partial, e))?;
                drop(file);
                fs::rename(&partial, &out).map_err(|e| Error::io(&out, e))
            }
        }
    }
}

/// Learns the done work from the lines of `file`; returns the length of its whole lines (a
/// torn last line, from a run killed mid-write, is left out).
fn read_done(file: &mut File, done: &mut Done) -> std::io::Result<u64> {
    file.seek(SeekFrom::Start(0))?;
    let mut reader = BufReader::new(&mut *file);
    let mut keep = 0u64;
    let mut line = Vec::new();
    loop {
        line.clear();
        let n = reader.read_until(b'\n', &mut line)?;
        if n == 0 || line.last() != Some(&b'\n') {
            break;
        }
        let text = String::from_utf8_lossy(&line[..n - 1]);
        if !text.trim().is_empty() {
            done.learn(&text);
        }
        keep += n as u64;
    }
    Ok(keep)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resume_drops_torn_line_and_knows_done_work() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out.jsonl");
        let partial = partial_path(&out);
        fs::write(
            &partial,
            "{\"schema\":\"x\",\"source\":{\"path\":\"a\",\"sha256\":\"h1\"}}\n{\"source\":\"b\",\"error\":\"empty file\"}\n{\"schema\":\"x\",\"sou",
        )
        .unwrap();
        let mut sink = Sink::file(&out, true).unwrap();
        assert!(sink.done().contains("a", Some("h1")));
        assert!(!sink.done().contains("a", Some("h2")));
        assert!(sink.done().contains("b", None));
        assert_eq!(sink.done().len(), 2);
        sink.write_lines(&["{\"source\":\"c\",\"error\":\"e\"}".into()])
            .unwrap();
        sink.finish().unwrap();
        let text = fs::read_to_string(&out).unwrap();
        assert_eq!(text.lines().count(), 3);
        assert!(text
            .lines()
            .all(|l| serde_json::from_str::<serde_json::Value>(l).is_ok()));
        assert!(!partial.exists());
    }

    #[test]
    fn fresh_run_replaces_old_partial() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out.jsonl");
        fs::write(partial_path(&out), "junk").unwrap();
        let sink = Sink::file(&out, false).unwrap();
        assert!(sink.done().is_empty());
        sink.finish().unwrap();
        assert_eq!(fs::read_to_string(&out).unwrap(), "");
    }
}
