//! Writing files so that a reader never sees half of one: write a temporary file in the same
//! directory, flush it to disk, then rename it over the target (rename within a directory is
//! atomic on POSIX file systems). Every command that writes an output file goes through
//! [`write_atomically`].

use crate::{Error, Result};
use std::fs::{self, File};
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

/// A name for a temporary file next to `path` that no other writer (thread or process)
/// picks at the same time.
pub fn temp_path_for(path: &Path) -> PathBuf {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "out".into());
    path.with_file_name(format!(".{name}.{}.{n}.tmp", std::process::id()))
}

/// True when `path` exists and is not a regular file: a device (`/dev/null`, `/dev/full`), a
/// FIFO, a socket. Such a target is written into as it is; renaming a temporary file over it
/// would replace the device with a plain file.
pub fn is_special_file(path: &Path) -> bool {
    fs::metadata(path).is_ok_and(|m| !m.is_file() && !m.is_dir())
}

/// Writes `path` atomically with what `fill` writes into the (buffered) file. A target that
/// is a device or a FIFO ([`is_special_file`]) is written into directly instead.
pub fn write_atomically_with(
    path: &Path,
    fill: impl FnOnce(&mut dyn Write) -> Result<()>,
) -> Result<()> {
    if is_special_file(path) {
        let file = fs::OpenOptions::new()
            .write(true)
            .open(path)
            .map_err(|e| Error::io(path, e))?;
        let mut writer = BufWriter::new(file);
        fill(&mut writer)?;
        return writer.flush().map_err(|e| Error::io(path, e));
    }
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    }
    let temp = temp_path_for(path);
    let outcome = (|| {
        let file = File::create(&temp).map_err(|e| Error::io(&temp, e))?;
        let mut writer = BufWriter::new(file);
        fill(&mut writer)?;
        let file = writer
            .into_inner()
            .map_err(|e| Error::io(&temp, e.into_error()))?;
        file.sync_all().map_err(|e| Error::io(&temp, e))?;
        fs::rename(&temp, path).map_err(|e| Error::io(path, e))
    })();
    if outcome.is_err() {
        // Best effort: the temporary file is garbage now; the error above is what matters.
        let _ = fs::remove_file(&temp);
    }
    outcome
}

/// Writes `contents` to `path` atomically.
pub fn write_atomically(path: &Path, contents: &[u8]) -> Result<()> {
    write_atomically_with(path, |w| {
        w.write_all(contents).map_err(|e| Error::io(path, e))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_and_replaces_without_leftovers() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sub/out.txt");
        write_atomically(&path, b"one").unwrap();
        write_atomically(&path, b"two").unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"two");
        let names: Vec<_> = fs::read_dir(path.parent().unwrap()).unwrap().collect();
        assert_eq!(names.len(), 1);
    }

    #[test]
    fn devices_are_written_into_not_replaced() {
        let null = Path::new("/dev/null");
        if !is_special_file(null) {
            return; // not a Unix system
        }
        write_atomically(null, b"discarded").unwrap();
        assert!(is_special_file(null), "/dev/null was replaced");
        let full = Path::new("/dev/full");
        if is_special_file(full) {
            let err = write_atomically(full, &[b'x'; 1 << 16]).unwrap_err();
            assert!(err.to_string().starts_with("/dev/full: "), "{err}");
            assert!(is_special_file(full), "/dev/full was replaced");
        }
    }

    #[test]
    fn failed_fill_leaves_target_untouched() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.txt");
        write_atomically(&path, b"old").unwrap();
        let err = write_atomically_with(&path, |w| {
            w.write_all(b"half").map_err(|e| Error::io("x", e))?;
            Err(Error::input("stop"))
        });
        assert!(err.is_err());
        assert_eq!(fs::read(&path).unwrap(), b"old");
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
    }
}
