//! Glob patterns expanded by vnplan itself, so `vnplan batch 'archive/**/*.txt'` works where no
//! shell expands the pattern (Windows, a quoted argument, a list file).
//!
//! Matching is globset's: `*`, `?`, `[abc]`, `[a-z]`, `[!a]` and `{a,b}` match within one path
//! component, `**` matches any number of directories. The directories under the pattern's
//! literal prefix are walked with walkdir, entries in name order, so matches come sorted by
//! path. Like a shell, wildcards do not match hidden entries (names starting with `.`).

use globset::GlobBuilder;
use std::path::{Path, PathBuf};
use walkdir::WalkDir;

/// Whether `s` holds a glob wildcard.
pub fn is_pattern(s: &str) -> bool {
    s.contains(['*', '?', '[', '{'])
}

/// Whether a walked entry is hidden (its name starts with `.`).
pub fn is_hidden(entry: &walkdir::DirEntry) -> bool {
    entry.file_name().to_string_lossy().starts_with('.')
}

/// The paths matching `pattern`, sorted, leaving out what `skip` rejects (and, for a
/// directory, everything under it). A matching directory is listed, not what it holds. An
/// invalid pattern is an error saying why.
pub fn expand(pattern: &str, skip: impl Fn(&Path) -> bool) -> Result<Vec<PathBuf>, String> {
    let matcher = GlobBuilder::new(pattern)
        .literal_separator(true)
        .build()
        .map_err(|e| e.kind().to_string())?
        .compile_matcher();
    let (base, depth) = split(pattern);
    let relative = base.as_os_str().is_empty();
    let root = if relative { Path::new(".") } else { &base };
    let mut found = Vec::new();
    let mut walk = WalkDir::new(root)
        .follow_links(true)
        .sort_by_file_name()
        .min_depth(1)
        .max_depth(depth)
        .into_iter();
    while let Some(entry) = walk.next() {
        // Unreadable directories and links to nowhere match nothing, as in a shell.
        let Ok(entry) = entry else { continue };
        let is_dir = entry.file_type().is_dir();
        if is_hidden(&entry) || skip(entry.path()) {
            if is_dir {
                walk.skip_current_dir();
            }
            continue;
        }
        let path = if relative {
            entry.path().strip_prefix(".").unwrap_or(entry.path())
        } else {
            entry.path()
        };
        if matcher.is_match(path) {
            found.push(path.to_path_buf());
            if is_dir {
                walk.skip_current_dir();
            }
        }
    }
    Ok(found)
}

/// The pattern's leading components without wildcards (where the walk starts), and how deep
/// below them a match can be (unbounded with `**`).
fn split(pattern: &str) -> (PathBuf, usize) {
    let mut base = PathBuf::new();
    let mut depth = 0usize;
    let mut deep = false;
    for comp in Path::new(pattern).components() {
        let text = comp.as_os_str().to_string_lossy();
        if depth == 0 && !is_pattern(&text) {
            base.push(comp);
        } else {
            depth += 1;
            deep |= text.contains("**");
        }
    }
    (base, if deep { usize::MAX } else { depth })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    fn tree() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        for name in [
            "a.txt",
            "b.pdf",
            "7a.txt",
            "x/c.txt",
            "x/y/d.txt",
            ".h/e.txt",
            ".hidden.txt",
            "x/.f.txt",
            "kế hoạch.txt",
        ] {
            let p = dir.path().join(name);
            fs::create_dir_all(p.parent().unwrap()).unwrap();
            fs::write(p, "x").unwrap();
        }
        dir
    }

    fn got(root: &Path, pattern: &str) -> Vec<String> {
        expand(&format!("{}/{pattern}", root.display()), |_| false)
            .unwrap()
            .iter()
            .map(|p| p.strip_prefix(root).unwrap().display().to_string())
            .collect()
    }

    #[test]
    fn expands_like_a_shell_with_globstar() {
        let dir = tree();
        let root = dir.path();
        assert_eq!(got(root, "*.txt"), ["7a.txt", "a.txt", "kế hoạch.txt"]);
        assert_eq!(
            got(root, "**/*.txt"),
            ["7a.txt", "a.txt", "kế hoạch.txt", "x/c.txt", "x/y/d.txt"]
        );
        assert_eq!(got(root, "x/*/*.txt"), ["x/y/d.txt"]);
        assert_eq!(got(root, "[0-9]*"), ["7a.txt"]);
        assert_eq!(got(root, "[!0-9]?txt"), ["a.txt"]);
        assert_eq!(got(root, "{a,b}.*"), ["a.txt", "b.pdf"]);
        assert_eq!(got(root, "kế*"), ["kế hoạch.txt"]);
        assert_eq!(
            got(root, "x"),
            Vec::<String>::new(),
            "no wildcard: not a walk"
        );
        assert_eq!(
            got(root, "?"),
            ["x"],
            "a matching directory is listed, not walked"
        );
        assert!(got(root, "*.docx").is_empty());
        assert!(expand("[", |_| false).is_err());
    }

    #[test]
    fn skipped_directories_are_not_entered() {
        let dir = tree();
        let root = dir.path();
        let pattern = format!("{}/**/*.txt", root.display());
        let x = root.join("x");
        let found = expand(&pattern, |p| p == x).unwrap();
        assert_eq!(found.len(), 3, "{found:?}");
    }

    #[test]
    fn relative_patterns_give_relative_paths() {
        let (base, depth) = split("corpus/*.txt");
        assert_eq!((base.as_path(), depth), (Path::new("corpus"), 1));
        let (base, depth) = split("*/x/**/y");
        assert_eq!((base.as_path(), depth), (Path::new(""), usize::MAX));
    }
}
