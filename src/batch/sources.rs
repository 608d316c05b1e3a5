//! What a batch run reads: the inputs named on the command line, expanded into one
//! [`Input`] per document, in an order that is the same on every machine.
//!
//! - A file named explicitly is taken, whatever its name.
//! - A directory is walked recursively (walkdir): entries in name order, hidden entries
//!   (`.git`, `.DS_Store`) skipped, symbolic links followed (a link back to an ancestor, which
//!   would loop, is skipped: its files are listed under their own path), files taken by
//!   extension (`--ext`, by default txt, text, docx and pdf).
//! - A glob pattern is expanded by vnplan ([`glob`]), so it works without a shell.
//! - A walk or a glob never takes vnplan's own outputs: restored texts (`*.restored.txt`, what
//!   `--restored-dir` writes) and whatever [`Lister::exclude`] names (the run's output file and
//!   its `--restored-dir`), so a second run over the same tree reads the same inputs.
//! - A list file names one input per line; `-` streams JSON Lines (`{"id": …, "text": …}`)
//!   from standard input.
//!
//! A name that leads nowhere, and an entry of a walk that cannot be read, become an
//! [`Input::Bad`], so they still get their one output line.

use super::glob;
use crate::{Error, Result};
use std::ffi::OsString;
use std::fs;
use std::io::BufRead;
use std::path::{Path, PathBuf};
use walkdir::WalkDir;

/// The file extensions a directory walk picks up (any file named explicitly is taken).
pub const DEFAULT_EXTENSIONS: [&str; 4] = ["txt", "text", "docx", "pdf"];

/// How the restored texts vnplan writes end (`batch --restored-dir`).
pub const RESTORED_SUFFIX: &str = ".restored.txt";

/// One document to process.
#[derive(Debug, Clone, PartialEq)]
pub enum Input {
    /// A file on disk.
    File(PathBuf),
    /// A document given inline (JSON Lines on stdin).
    Inline { id: String, text: String },
    /// An input that cannot even be read as a document: `source` names it.
    Bad { source: String, error: String },
}

impl Input {
    /// How the input is named in output records.
    pub fn source(&self) -> String {
        match self {
            Input::File(p) => p.display().to_string(),
            Input::Inline { id, .. } => id.clone(),
            Input::Bad { source, .. } => source.clone(),
        }
    }
}

/// Walks, globs and lists: turns command-line names into inputs, in order.
#[derive(Debug, Clone)]
pub struct Lister {
    extensions: Vec<String>,
    /// Outputs of the run, resolved to absolute paths, with their file names.
    excluded: Vec<(OsString, PathBuf)>,
}

impl Default for Lister {
    fn default() -> Self {
        Lister::new(DEFAULT_EXTENSIONS.iter().map(|s| s.to_string()).collect())
    }
}

impl Lister {
    /// A lister that takes files with these extensions (lower case, no dot) from directories.
    pub fn new(extensions: Vec<String>) -> Lister {
        Lister {
            extensions,
            excluded: Vec::new(),
        }
    }

    /// Never take `path` (a file, or a directory with everything under it) in a walk or a
    /// glob: the run's own output file and `--restored-dir`, which may not exist yet.
    pub fn exclude(&mut self, path: &Path) {
        if let Some(name) = path.file_name() {
            self.excluded.push((name.to_os_string(), resolve(path)));
        }
    }

    fn is_excluded(&self, path: &Path) -> bool {
        let Some(name) = path.file_name() else {
            return false;
        };
        // Resolving costs system calls: only for entries named like an excluded one.
        self.excluded.iter().any(|(n, _)| n == name) && {
            let resolved = resolve(path);
            self.excluded.iter().any(|(_, p)| *p == resolved)
        }
    }

    /// Whether a walk takes the file `path`: a wanted extension, and not an output of vnplan.
    fn takes(&self, path: &Path) -> bool {
        let wanted = path
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| self.extensions.iter().any(|w| w.eq_ignore_ascii_case(e)));
        wanted && !is_restored_text(path)
    }

    /// Expands one command-line name (file, directory or glob) into inputs.
    pub fn expand(&self, name: &str, out: &mut Vec<Input>) {
        let path = Path::new(name);
        if path.exists() {
            self.add_path(path, out);
        } else if glob::is_pattern(name) {
            let skip = |p: &Path| self.is_excluded(p) || is_restored_text(p);
            match glob::expand(name, skip) {
                Ok(matches) if matches.is_empty() => out.push(Input::Bad {
                    source: name.to_string(),
                    error: format!("{name}: no file matches this pattern"),
                }),
                Ok(matches) => {
                    for m in matches {
                        self.add_path(&m, out);
                    }
                }
                Err(why) => out.push(Input::Bad {
                    source: name.to_string(),
                    error: format!("{name}: not a valid pattern: {why}"),
                }),
            }
        } else {
            out.push(Input::Bad {
                source: name.to_string(),
                error: format!("{name}: no such file or directory"),
            });
        }
    }

    fn add_path(&self, path: &Path, out: &mut Vec<Input>) {
        if path.is_dir() {
            self.walk(path, out);
        } else {
            out.push(Input::File(path.to_path_buf()));
        }
    }

    fn walk(&self, dir: &Path, out: &mut Vec<Input>) {
        let entries = WalkDir::new(dir)
            .follow_links(true)
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|e| {
                e.depth() == 0 || !(glob::is_hidden(e) || self.is_excluded(e.path()))
            });
        for entry in entries {
            match entry {
                Ok(e) if e.file_type().is_dir() => {}
                // Files and links to them, and also FIFOs, sockets and devices: those get an
                // error line when read, rather than vanishing from the run.
                Ok(e) => {
                    if self.takes(e.path()) {
                        out.push(Input::File(e.into_path()));
                    }
                }
                Err(e) if e.loop_ancestor().is_some() => {}
                Err(e) => {
                    // A directory that cannot be read, or a link to nowhere: what it held or
                    // named may be an input, so it gets a line.
                    let path = e.path().unwrap_or(dir).to_path_buf();
                    if path.extension().is_some() && !self.takes(&path) {
                        continue;
                    }
                    let error = match e.into_io_error() {
                        Some(io) => Error::io(&path, io).to_string(),
                        None => format!("{}: cannot be read", path.display()),
                    };
                    out.push(Input::Bad {
                        source: path.display().to_string(),
                        error,
                    });
                }
            }
        }
    }

    /// Inputs named in a list file, one per line (blank lines and `#` comments skipped).
    pub fn expand_list(&self, list: &Path, out: &mut Vec<Input>) -> Result<()> {
        let bytes = crate::input::read_input(list)?;
        let text = String::from_utf8(bytes)
            .map_err(|_| Error::input("the list of inputs is not UTF-8").at(list))?;
        for line in text.lines() {
            let name = line.trim();
            if name.is_empty() || name.starts_with('#') {
                continue;
            }
            self.expand(name, out);
        }
        Ok(())
    }
}

/// Whether `path` is a restored text vnplan wrote (`NAME.restored.txt`).
pub fn is_restored_text(path: &Path) -> bool {
    path.file_name()
        .map(|n| n.to_string_lossy().to_lowercase())
        .is_some_and(|n| n.ends_with(RESTORED_SUFFIX) && n.len() > RESTORED_SUFFIX.len())
}

/// `path` made absolute with links resolved, for the part of it that exists.
fn resolve(path: &Path) -> PathBuf {
    if let Ok(p) = fs::canonicalize(path) {
        return p;
    }
    if path == Path::new(".") {
        return path.to_path_buf(); // the working directory is gone: nothing to resolve against
    }
    let parent = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    match path.file_name() {
        Some(name) => resolve(parent).join(name),
        None => path.to_path_buf(),
    }
}

/// Reads JSON Lines documents (`{"id": …, "text": …}`) lazily from `reader`. A malformed
/// line, or one longer than `max_line` bytes (skipped without being held in memory), becomes
/// an [`Input::Bad`] named `stdin:LINE`.
pub struct JsonLines<R> {
    reader: R,
    line_no: usize,
    max_line: usize,
    buf: Vec<u8>,
}

impl<R: BufRead> JsonLines<R> {
    pub fn new(reader: R, max_line: usize) -> JsonLines<R> {
        JsonLines {
            reader,
            line_no: 0,
            max_line,
            buf: Vec::new(),
        }
    }

    /// Reads one line into `buf`, keeping at most `max_line + 1` bytes; `None` at the end.
    fn read_line(&mut self) -> Option<std::io::Result<bool>> {
        self.buf.clear();
        let mut too_long = false;
        let mut any = false;
        loop {
            let chunk = match self.reader.fill_buf() {
                Ok(c) => c,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(e) => return Some(Err(e)),
            };
            if chunk.is_empty() {
                return any.then_some(Ok(too_long));
            }
            any = true;
            let (part, used, done) = match chunk.iter().position(|&b| b == b'\n') {
                Some(i) => (&chunk[..i], i + 1, true),
                None => (chunk, chunk.len(), false),
            };
            if self.buf.len() + part.len() > self.max_line {
                too_long = true;
            } else {
                self.buf.extend_from_slice(part);
            }
            self.reader.consume(used);
            if done {
                return Some(Ok(too_long));
            }
        }
    }
}

impl<R: BufRead> Iterator for JsonLines<R> {
    type Item = Input;

    fn next(&mut self) -> Option<Input> {
        loop {
            let read = self.read_line()?;
            self.line_no += 1;
            let source = format!("stdin:{}", self.line_no);
            match read {
                Err(e) => {
                    return Some(Input::Bad {
                        source,
                        error: format!("cannot read standard input: {e}"),
                    })
                }
                Ok(true) => {
                    return Some(Input::Bad {
                        source,
                        error: format!("line is over {} bytes", self.max_line),
                    })
                }
                Ok(false) => {}
            }
            if self.buf.iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            return Some(parse_json_line(&self.buf, source));
        }
    }
}

fn parse_json_line(line: &[u8], fallback: String) -> Input {
    let value: serde_json::Value = match serde_json::from_slice(line) {
        Ok(v) => v,
        Err(e) => {
            return Input::Bad {
                source: fallback,
                error: format!("not a JSON object: {e}"),
            }
        }
    };
    let id = match value.get("id") {
        Some(serde_json::Value::String(s)) => s.clone(),
        Some(serde_json::Value::Number(n)) => n.to_string(),
        _ => fallback,
    };
    match value.get("text") {
        Some(serde_json::Value::String(text)) => Input::Inline {
            id,
            text: text.clone(),
        },
        _ => Input::Bad {
            source: id,
            error: "JSON line has no string field \"text\"".into(),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_lines_table() {
        let input = "{\"id\": \"a\", \"text\": \"Kế hoạch\"}\n\n{\"id\": 7, \"text\": \"x\"}\nnot json\n{\"text\": \"y\"}\n{\"id\": \"b\"}\n{\"id\": \"long\", \"text\": \"0123456789012345678901234567890123456789\"}\n{\"id\":\"last\",\"text\":\"z\"}";
        let got: Vec<Input> = JsonLines::new(input.as_bytes(), 40).collect();
        let sources: Vec<String> = got.iter().map(Input::source).collect();
        assert_eq!(
            sources,
            ["a", "7", "stdin:4", "stdin:5", "b", "stdin:7", "last"]
        );
        assert!(matches!(&got[0], Input::Inline { text, .. } if text == "Kế hoạch"));
        assert!(matches!(&got[2], Input::Bad { .. }));
        assert!(matches!(&got[4], Input::Bad { error, .. } if error.contains("text")));
        assert!(matches!(&got[5], Input::Bad { error, .. } if error.contains("over 40")));
    }

    fn listed(lister: &Lister, name: &str, root: &Path) -> Vec<String> {
        let mut out = Vec::new();
        lister.expand(name, &mut out);
        out.iter()
            .map(|i| {
                i.source()
                    .trim_start_matches(root.to_str().unwrap())
                    .to_string()
            })
            .collect()
    }

    /// Writes a small file at each of `names` under `root`, folders made as needed.
    fn files(root: &Path, names: &[&str]) {
        for name in names {
            let p = root.join(name);
            fs::create_dir_all(p.parent().unwrap()).unwrap();
            fs::write(p, "x").unwrap();
        }
    }

    #[test]
    fn walks_and_globs_skip_vnplans_own_outputs() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        files(
            root,
            &[
                "a.txt",
                "notes.md",
                "gold/a.restored.txt",
                "gold/a.json",
                "out/restored/a.restored.txt",
                "out/restored/b.txt",
                "records.txt",
            ],
        );
        let mut lister = Lister::default();
        let r = root.to_str().unwrap();
        assert_eq!(
            listed(&lister, r, root),
            ["/a.txt", "/out/restored/b.txt", "/records.txt"]
        );
        lister.exclude(&root.join("out/restored"));
        lister.exclude(&root.join("records.txt"));
        assert_eq!(listed(&lister, r, root), ["/a.txt"]);
        assert_eq!(listed(&lister, &format!("{r}/**/*.txt"), root), ["/a.txt"]);
        // Named explicitly, a file is taken whatever its name.
        let named = format!("{r}/gold/a.restored.txt");
        assert_eq!(listed(&lister, &named, root), ["/gold/a.restored.txt"]);
        // An output that does not exist yet is excluded once it does.
        let mut lister = Lister::default();
        lister.exclude(&root.join("later/restored"));
        fs::create_dir_all(root.join("later/restored")).unwrap();
        fs::write(root.join("later/restored/c.txt"), "x").unwrap();
        assert!(!listed(&lister, r, root).contains(&"/later/restored/c.txt".to_string()));
    }

    #[cfg(unix)]
    #[test]
    fn links_are_followed_loops_are_not_and_special_files_are_listed() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        fs::create_dir_all(root.join("real")).unwrap();
        fs::write(root.join("real/a.txt"), "x").unwrap();
        std::os::unix::fs::symlink(root.join("real"), root.join("linked")).unwrap();
        std::os::unix::fs::symlink(root, root.join("real/loop")).unwrap();
        std::os::unix::fs::symlink(root.join("missing.txt"), root.join("broken.txt")).unwrap();
        let fifo = root.join("pipe.txt");
        assert!(std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success());
        let mut out = Vec::new();
        Lister::default().expand(root.to_str().unwrap(), &mut out);
        let names: Vec<String> = out
            .iter()
            .map(|i| {
                i.source()
                    .trim_start_matches(root.to_str().unwrap())
                    .to_string()
            })
            .collect();
        assert_eq!(
            names,
            ["/broken.txt", "/linked/a.txt", "/pipe.txt", "/real/a.txt"]
        );
        assert!(matches!(&out[0], Input::Bad { error, .. } if error.contains("broken.txt")));
        assert_eq!(out[2], Input::File(fifo));
    }

    #[test]
    fn walk_is_sorted_skips_hidden_and_other_extensions() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        files(
            root,
            &[
                "b.txt",
                "a.docx",
                "c.jpg",
                ".hidden.txt",
                "sub/z.pdf",
                ".git/x.txt",
            ],
        );
        let mut out = Vec::new();
        Lister::default().expand(root.to_str().unwrap(), &mut out);
        let names: Vec<String> = out
            .iter()
            .map(|i| {
                i.source()
                    .trim_start_matches(root.to_str().unwrap())
                    .to_string()
            })
            .collect();
        assert_eq!(names, ["/a.docx", "/b.txt", "/sub/z.pdf"]);
        let mut out = Vec::new();
        Lister::default().expand(&format!("{}/nope", root.display()), &mut out);
        assert!(matches!(&out[0], Input::Bad { .. }));
    }
}
