//! A small glob expander, so `vnplan batch 'archive/**/*.txt'` works where no shell expands
//! the pattern (Windows, a quoted argument, a list file). `*` and `?` match within one path
//! component, `[abc]`/`[a-z]`/`[!a]` match one character, `**` matches any number of
//! directories. Like a shell, wildcards do not match names starting with `.`. Matches come
//! back sorted.

use std::fs;
use std::path::{Component, Path, PathBuf};

/// Whether `s` holds a glob wildcard.
pub fn is_pattern(s: &str) -> bool {
    s.contains(['*', '?', '['])
}

/// Whether `name` (one path component) matches `pattern`.
pub fn matches(pattern: &str, name: &str) -> bool {
    if name.starts_with('.') && !pattern.starts_with('.') {
        return false;
    }
    let p: Vec<char> = pattern.chars().collect();
    let n: Vec<char> = name.chars().collect();
    match_from(&p, &n)
}

/// Iterative wildcard matching with one backtrack point for the last `*`: linear in
/// practice, O(|p|·|n|) at worst.
fn match_from(p: &[char], n: &[char]) -> bool {
    let (mut pi, mut ni) = (0usize, 0usize);
    let mut star: Option<(usize, usize)> = None;
    while ni < n.len() {
        if pi < p.len() {
            match p[pi] {
                '*' => {
                    star = Some((pi, ni));
                    pi += 1;
                    continue;
                }
                '?' => {
                    pi += 1;
                    ni += 1;
                    continue;
                }
                '[' => {
                    if let Some((ok, next)) = class(&p[pi..], n[ni]) {
                        if ok {
                            pi += next;
                            ni += 1;
                            continue;
                        }
                    } else if n[ni] == '[' {
                        // An unclosed `[` is a literal.
                        pi += 1;
                        ni += 1;
                        continue;
                    }
                }
                c if c == n[ni] => {
                    pi += 1;
                    ni += 1;
                    continue;
                }
                _ => {}
            }
        }
        match star {
            Some((sp, sn)) => {
                pi = sp + 1;
                ni = sn + 1;
                star = Some((sp, sn + 1));
            }
            None => return false,
        }
    }
    p[pi..].iter().all(|&c| c == '*')
}

/// Matches `c` against the class at the start of `p` (`[...]`): (matched, class length), or
/// `None` when the class is not closed.
fn class(p: &[char], c: char) -> Option<(bool, usize)> {
    let mut i = 1;
    let negate = matches!(p.get(i), Some('!' | '^'));
    if negate {
        i += 1;
    }
    let mut found = false;
    let mut first = true;
    while i < p.len() {
        if p[i] == ']' && !first {
            return Some((found != negate, i + 1));
        }
        first = false;
        if p.get(i + 1) == Some(&'-') && p.get(i + 2).is_some_and(|&e| e != ']') {
            if p[i] <= c && c <= p[i + 2] {
                found = true;
            }
            i += 3;
        } else {
            if p[i] == c {
                found = true;
            }
            i += 1;
        }
    }
    None
}

/// The paths matching `pattern`, sorted.
pub fn expand(pattern: &str) -> Vec<PathBuf> {
    let path = Path::new(pattern);
    let mut base = PathBuf::new();
    let mut parts: Vec<String> = Vec::new();
    for comp in path.components() {
        match comp {
            Component::Normal(s) => {
                let s = s.to_string_lossy().into_owned();
                if parts.is_empty() && !is_pattern(&s) {
                    base.push(&s);
                } else {
                    parts.push(s);
                }
            }
            other if parts.is_empty() => base.push(other.as_os_str()),
            other => parts.push(other.as_os_str().to_string_lossy().into_owned()),
        }
    }
    let mut out = Vec::new();
    let start = if base.as_os_str().is_empty() {
        PathBuf::from(".")
    } else {
        base.clone()
    };
    walk(&start, base.as_os_str().is_empty(), &parts, &mut out);
    out.sort();
    out.dedup();
    out
}

fn walk(dir: &Path, relative_dot: bool, parts: &[String], out: &mut Vec<PathBuf>) {
    let join = |name: &std::ffi::OsStr| {
        if relative_dot {
            PathBuf::from(name)
        } else {
            dir.join(name)
        }
    };
    let Some((first, rest)) = parts.split_first() else {
        out.push(dir.to_path_buf());
        return;
    };
    if first == "**" {
        // Zero directories…
        walk(dir, relative_dot, rest, out);
        // …or one more, then `**` again.
        for entry in read_sorted(dir) {
            let name = entry.file_name();
            if name.to_string_lossy().starts_with('.') {
                continue;
            }
            let is_dir = entry.file_type().map(|t| t.is_dir()).unwrap_or(false);
            if is_dir {
                walk(&join(&name), false, parts, out);
            }
        }
        return;
    }
    if !is_pattern(first) {
        let next = join(std::ffi::OsStr::new(first));
        if rest.is_empty() {
            if next.exists() {
                out.push(next);
            }
        } else if next.is_dir() {
            walk(&next, false, rest, out);
        }
        return;
    }
    for entry in read_sorted(dir) {
        let name = entry.file_name();
        if !matches(first, &name.to_string_lossy()) {
            continue;
        }
        let next = join(&name);
        if rest.is_empty() {
            out.push(next);
        } else if next.is_dir() {
            walk(&next, false, rest, out);
        }
    }
}

fn read_sorted(dir: &Path) -> Vec<fs::DirEntry> {
    let mut entries: Vec<fs::DirEntry> = match fs::read_dir(dir) {
        Ok(e) => e.filter_map(|e| e.ok()).collect(),
        Err(_) => Vec::new(),
    };
    entries.sort_by_key(|e| e.file_name());
    entries
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn match_table() {
        let cases = [
            ("*.txt", "a.txt", true),
            ("*.txt", "a.txt.bak", false),
            ("*.txt", ".hidden.txt", false),
            (".*", ".hidden", true),
            ("00?-*", "003-chi-linh.txt", true),
            ("[0-9]*", "7a", true),
            ("[!0-9]*", "7a", false),
            ("[ab]", "c", false),
            ("a[", "a[", true),
            ("*a*b*c", "xaybzc", true),
            ("*a*b*c", "xaybz", false),
            ("***", "", true),
            ("kế*", "kế hoạch", true),
        ];
        for (p, n, want) in cases {
            assert_eq!(matches(p, n), want, "{p} vs {n}");
        }
    }

    #[test]
    fn expands_recursive_patterns() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        for name in ["a.txt", "b.pdf", "x/c.txt", "x/y/d.txt", ".h/e.txt"] {
            let p = root.join(name);
            fs::create_dir_all(p.parent().unwrap()).unwrap();
            fs::write(p, "x").unwrap();
        }
        let got = |pat: &str| -> Vec<String> {
            expand(&format!("{}/{pat}", root.display()))
                .iter()
                .map(|p| p.strip_prefix(root).unwrap().display().to_string())
                .collect()
        };
        assert_eq!(got("*.txt"), ["a.txt"]);
        assert_eq!(got("**/*.txt"), ["a.txt", "x/c.txt", "x/y/d.txt"]);
        assert_eq!(got("x/*/*.txt"), ["x/y/d.txt"]);
        assert!(got("*.docx").is_empty());
    }
}
