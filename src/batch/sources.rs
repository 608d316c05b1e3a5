//! What a batch run reads: the inputs named on the command line, expanded into one
//! [`Input`] per document. Directories are walked recursively (hidden entries skipped, names
//! sorted so the order is the same on every machine), globs are expanded here so they work
//! without a shell, list files name one input per line, and `-` streams JSON Lines
//! (`{"id": …, "text": …}`) from standard input. A name that leads nowhere becomes an
//! [`Input::Bad`], so it still gets its one output line.

use super::glob;
use crate::{Error, Result};
use std::fs;
use std::io::BufRead;
use std::path::{Path, PathBuf};

/// The file extensions a directory walk picks up (any file named explicitly is taken).
pub const DEFAULT_EXTENSIONS: [&str; 5] = ["txt", "text", "md", "docx", "pdf"];

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
}

impl Default for Lister {
    fn default() -> Self {
        Lister::new(DEFAULT_EXTENSIONS.iter().map(|s| s.to_string()).collect())
    }
}

impl Lister {
    /// A lister that takes files with these extensions (lower case, no dot) from directories.
    pub fn new(extensions: Vec<String>) -> Lister {
        Lister { extensions }
    }

    fn wanted(&self, path: &Path) -> bool {
        path.extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| self.extensions.iter().any(|w| w.eq_ignore_ascii_case(e)))
    }

    /// Expands one command-line name (file, directory or glob) into inputs.
    pub fn expand(&self, name: &str, out: &mut Vec<Input>) {
        let path = Path::new(name);
        if path.exists() {
            self.add_path(path, out);
        } else if glob::is_pattern(name) {
            let matches = glob::expand(name);
            if matches.is_empty() {
                out.push(Input::Bad {
                    source: name.to_string(),
                    error: format!("{name}: no file matches this pattern"),
                });
            }
            for m in matches {
                self.add_path(&m, out);
            }
        } else {
            out.push(Input::Bad {
                source: name.to_string(),
                error: format!("{name}: no such file or directory"),
            });
        }
    }

    fn add_path(&self, path: &Path, out: &mut Vec<Input>) {
        match fs::symlink_metadata(path) {
            Ok(m) if m.is_dir() => self.walk(path, out),
            // A symlink to a directory is followed only when named explicitly; inside a
            // walk it is skipped, which rules out cycles.
            Ok(m) if m.file_type().is_symlink() && path.is_dir() => self.walk(path, out),
            Ok(_) => out.push(Input::File(path.to_path_buf())),
            Err(e) => out.push(Input::Bad {
                source: path.display().to_string(),
                error: Error::io(path, e).to_string(),
            }),
        }
    }

    fn walk(&self, dir: &Path, out: &mut Vec<Input>) {
        let entries = match fs::read_dir(dir) {
            Ok(entries) => entries,
            Err(e) => {
                out.push(Input::Bad {
                    source: dir.display().to_string(),
                    error: Error::io(dir, e).to_string(),
                });
                return;
            }
        };
        let mut children: Vec<(PathBuf, bool)> = Vec::new();
        for entry in entries {
            let Ok(entry) = entry else { continue };
            let name = entry.file_name();
            if name.to_string_lossy().starts_with('.') {
                continue;
            }
            let Ok(kind) = entry.file_type() else {
                continue;
            };
            if kind.is_dir() {
                children.push((entry.path(), true));
            } else if self.wanted(&entry.path()) {
                // Files and links to them, and also FIFOs, sockets and devices: those get an
                // error line when read, rather than vanishing from the run.
                children.push((entry.path(), false));
            }
        }
        children.sort();
        for (path, is_dir) in children {
            if is_dir {
                self.walk(&path, out);
            } else {
                out.push(Input::File(path));
            }
        }
    }

    /// Inputs named in a list file, one per line (blank lines and `#` comments skipped).
    pub fn expand_list(&self, list: &Path, out: &mut Vec<Input>) -> Result<()> {
        let text = fs::read_to_string(list).map_err(|e| Error::io(list, e))?;
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

    #[test]
    fn walk_is_sorted_skips_hidden_and_other_extensions() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        for name in [
            "b.txt",
            "a.docx",
            "c.jpg",
            ".hidden.txt",
            "sub/z.pdf",
            ".git/x.txt",
        ] {
            let p = root.join(name);
            fs::create_dir_all(p.parent().unwrap()).unwrap();
            fs::write(p, "x").unwrap();
        }
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
