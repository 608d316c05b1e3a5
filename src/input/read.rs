//! Getting an input's bytes: a regular file, or standard input for `-`.
//!
//! vnplan reads regular files (through symbolic links) and standard input. A FIFO, socket or
//! device named as an input, or met in a directory walk, is refused with an error naming it
//! instead of being opened: opening a FIFO waits until some process writes into it, which for
//! a forgotten FIFO in an archive is forever. A stream is given on standard input instead
//! (`zcat plan.txt.gz | vnplan extract -`). Every command reads its inputs through here, so
//! they all say the same thing about the same file.

use crate::{Error, Result};
use std::fs::{self, File};
use std::io::Read;
use std::path::Path;

/// How inputs read from standard input are named in messages and records.
pub const STDIN_NAME: &str = "<stdin>";

/// Whether a command-line input names standard input (`-`).
pub fn is_stdin(arg: &Path) -> bool {
    arg.as_os_str() == "-"
}

/// The name of an input in messages and records: its path, or `<stdin>` for `-`.
pub fn display_name(arg: &Path) -> String {
    if is_stdin(arg) {
        STDIN_NAME.to_string()
    } else {
        arg.display().to_string()
    }
}

/// The bytes of the input `arg`: standard input for `-`, else the regular file
/// ([`read_file`], without a size limit).
pub fn read_input(arg: &Path) -> Result<Vec<u8>> {
    if is_stdin(arg) {
        let mut bytes = Vec::new();
        std::io::stdin()
            .lock()
            .read_to_end(&mut bytes)
            .map_err(|e| Error::io(STDIN_NAME, e))?;
        return Ok(bytes);
    }
    read_file(arg, None)
}

/// Opens `path` for reading if it is a regular file; anything else is an error naming it.
pub fn open_file(path: &Path) -> Result<File> {
    let meta = fs::metadata(path).map_err(|e| Error::io(path, e))?;
    if meta.is_dir() {
        return Err(Error::io(
            path,
            std::io::Error::from(std::io::ErrorKind::IsADirectory),
        ));
    }
    if !meta.is_file() {
        return Err(Error::input(format!(
            "not a regular file ({}); vnplan reads files, or a stream on standard input as `-`",
            kind_of(&meta)
        ))
        .at(path));
    }
    File::open(path).map_err(|e| Error::io(path, e))
}

/// Reads the regular file `path`, refusing one of more than `limit` bytes when a limit is
/// given (the file may grow while it is read: at most `limit + 1` bytes are ever held).
pub fn read_file(path: &Path, limit: Option<u64>) -> Result<Vec<u8>> {
    let file = open_file(path)?;
    let len = file.metadata().map(|m| m.len()).unwrap_or(0);
    let max = limit.unwrap_or(u64::MAX);
    if len > max {
        return Err(too_large(len, max).at(path));
    }
    let mut bytes = Vec::with_capacity(usize::try_from(len).unwrap_or(0));
    file.take(max.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|e| Error::io(path, e))?;
    if bytes.len() as u64 > max {
        return Err(too_large(bytes.len() as u64, max).at(path));
    }
    Ok(bytes)
}

/// The error for an input over the size limit.
pub fn too_large(len: u64, max: u64) -> Error {
    Error::input(format!(
        "input is {len} bytes, over the limit of {max} (raise it with --max-bytes)"
    ))
}

#[cfg(unix)]
fn kind_of(meta: &fs::Metadata) -> &'static str {
    use std::os::unix::fs::FileTypeExt;
    let t = meta.file_type();
    if t.is_fifo() {
        "a FIFO"
    } else if t.is_socket() {
        "a socket"
    } else if t.is_char_device() || t.is_block_device() {
        "a device"
    } else {
        "a special file"
    }
}

#[cfg(not(unix))]
fn kind_of(_: &fs::Metadata) -> &'static str {
    "a special file"
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn regular_files_only() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("a.txt");
        fs::write(&file, "Kế hoạch").unwrap();
        assert_eq!(read_file(&file, None).unwrap(), "Kế hoạch".as_bytes());
        let err = read_file(&file, Some(3)).unwrap_err().to_string();
        assert!(err.contains("over the limit of 3"), "{err}");
        let err = read_file(dir.path(), None).unwrap_err().to_string();
        assert!(err.ends_with("is a directory"), "{err}");
        #[cfg(unix)]
        {
            let err = read_file(Path::new("/dev/null"), None).unwrap_err();
            assert_eq!(
                err.to_string(),
                "/dev/null: not a regular file (a device); vnplan reads files, or a stream on \
                 standard input as `-`"
            );
        }
    }

    #[test]
    fn names() {
        assert_eq!(display_name(Path::new("-")), "<stdin>");
        assert_eq!(display_name(Path::new("a/b.txt")), "a/b.txt");
    }
}
