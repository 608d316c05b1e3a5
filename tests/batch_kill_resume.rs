//! Kill `vnplan batch` midway, resume it, and get exactly the output of an uninterrupted run:
//! nothing lost, nothing duplicated, same order.

use std::fs;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_vnplan");

/// A few hundred small plans, each different, plus an empty and a binary file.
fn make_archive(dir: &Path, n: usize) {
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus/004-hai-duong-2021.clean.txt");
    let base = fs::read_to_string(corpus).unwrap();
    let lines: Vec<&str> = base.lines().collect();
    for i in 0..n {
        let sub = dir.join(format!("d{}", i % 7));
        fs::create_dir_all(&sub).unwrap();
        // A different slice of the plan in each file, so each has its own content.
        let from = i % 40;
        let text = format!("{}\nPhụ lục {i}\n", lines[from..].join("\n"));
        fs::write(sub.join(format!("plan-{i:04}.txt")), text).unwrap();
    }
    fs::write(dir.join("d0/empty.txt"), "").unwrap();
    fs::write(dir.join("d1/binary.txt"), [0u8, 159, 146, 150, 0, 1, 2, 3]).unwrap();
}

fn batch(archive: &Path, out: &Path, extra: &[&str]) -> Command {
    let mut cmd = Command::new(BIN);
    cmd.args([
        "batch",
        "--no-restore",
        "--quiet",
        "--threads",
        "2",
        "--chunk",
        "8",
        "-o",
    ])
    .arg(out)
    .arg(archive)
    .args(extra)
    .stdout(Stdio::null())
    .stderr(Stdio::null());
    cmd
}

fn line_count(path: &Path) -> usize {
    fs::read(path)
        .map(|b| b.iter().filter(|&&c| c == b'\n').count())
        .unwrap_or(0)
}

#[test]
fn killed_run_resumes_with_nothing_lost_or_duplicated() {
    let dir = tempfile::tempdir().unwrap();
    let archive = dir.path().join("archive");
    let n = 300;
    make_archive(&archive, n);

    let reference = dir.path().join("reference.jsonl");
    assert!(batch(&archive, &reference, &[]).status().unwrap().success());
    let want = fs::read_to_string(&reference).unwrap();
    assert_eq!(want.lines().count(), n + 2);

    // Kill the run once it has written some chunks but (normally) not all.
    let out = dir.path().join("out.jsonl");
    let partial = dir.path().join("out.jsonl.partial");
    let mut child = batch(&archive, &out, &[]).spawn().unwrap();
    let start = Instant::now();
    while line_count(&partial) < 40 && start.elapsed() < Duration::from_secs(60) {
        if child.try_wait().unwrap().is_some() {
            break;
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    child.kill().unwrap();
    child.wait().unwrap();
    let written = line_count(&partial);
    eprintln!("killed with {written} of {} lines written", n + 2);
    if !out.exists() {
        // The usual case: killed midway, the partial file holds a prefix of the output.
        assert!(written < n + 2, "{written}");
        let got = fs::read_to_string(&partial).unwrap();
        let whole = &got[..got.rfind('\n').map_or(0, |i| i + 1)];
        assert!(want.starts_with(whole));
    }

    // Resume (twice: the second has nothing left to do).
    for _ in 0..2 {
        assert!(batch(&archive, &out, &["--resume"])
            .status()
            .unwrap()
            .success());
        assert!(!partial.exists());
        let got = fs::read_to_string(&out).unwrap();
        assert_eq!(got.lines().count(), n + 2);
        assert_eq!(got, want);
    }
}

/// `vnplan batch --no-restore -q ARGS… -o OUT`, which must succeed.
fn batch_to(out: &Path, args: &[&Path], extra: &[&str]) {
    let status = Command::new(BIN)
        .args(["batch", "--no-restore", "--quiet", "-o"])
        .arg(out)
        .args(args)
        .args(extra)
        .status()
        .unwrap();
    assert!(status.success());
}

#[test]
fn resume_writes_what_an_uninterrupted_run_writes() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let plan = |n: usize| format!("KẾ HOẠCH\nSố: {n}/KH-UBND\nPhụ lục {n}\n");
    for (path, n) in [("d1/a.txt", 1), ("d1/b.txt", 2), ("d2/c.txt", 3)] {
        let p = root.join(path);
        fs::create_dir_all(p.parent().unwrap()).unwrap();
        fs::write(p, plan(n)).unwrap();
    }
    let (d1, d2) = (root.join("d1"), root.join("d2"));
    let args = [d1.as_path(), d2.as_path(), d1.as_path()];
    let fresh = |name: &str| {
        let reference = root.join(name);
        batch_to(&reference, &args, &[]);
        fs::read_to_string(reference).unwrap()
    };

    // The same directory given twice, killed after one line: 5 lines, as uninterrupted.
    let want = fresh("reference-1.jsonl");
    assert_eq!(want.lines().count(), 5);
    let out = root.join("out.jsonl");
    let first = want.lines().next().unwrap();
    fs::write(root.join("out.jsonl.partial"), format!("{first}\n")).unwrap();
    batch_to(&out, &args, &["--resume"]);
    assert_eq!(fs::read_to_string(&out).unwrap(), want);

    // A changed input gets its new record and only that.
    fs::write(d2.join("c.txt"), plan(33)).unwrap();
    batch_to(&out, &args, &["--resume"]);
    assert_eq!(
        fs::read_to_string(&out).unwrap(),
        fresh("reference-2.jsonl")
    );

    // An input added to a finished run takes its place in input order.
    fs::write(d1.join("ab.txt"), plan(12)).unwrap();
    batch_to(&out, &args, &["--resume"]);
    let got = fs::read_to_string(&out).unwrap();
    assert_eq!(got.lines().count(), 7);
    assert_eq!(got, fresh("reference-3.jsonl"));
}
