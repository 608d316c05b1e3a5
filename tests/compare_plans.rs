//! `vnplan compare` end to end: records with their text from `batch --restored` (or the
//! original files through --text) show that the Chí Linh plan is largely a copy of the Hải
//! Dương one, in all three formats.

use std::fs;
use std::path::Path;
use std::process::Command;

const BIN: &str = env!("CARGO_BIN_EXE_vnplan");

fn corpus(rel: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(rel);
    fs::read_to_string(path).unwrap()
}

fn vnplan(args: &[&str]) -> String {
    let out = Command::new(BIN).args(args).output().unwrap();
    assert!(
        out.status.success(),
        "vnplan {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// Clean texts of a copied plan (the development gold of 003), its original (004), and an
/// unrelated plan, in an archive directory.
fn archive(dir: &Path) {
    fs::write(
        dir.join("003-chi-linh.txt"),
        corpus("corpus/gold/dev/003.restored.txt"),
    )
    .unwrap();
    fs::write(
        dir.join("004-hai-duong.txt"),
        corpus("corpus/004-hai-duong-2021.clean.txt"),
    )
    .unwrap();
    fs::write(dir.join("empty.txt"), "").unwrap();
}

#[test]
fn copies_found_in_every_format() {
    let dir = tempfile::tempdir().unwrap();
    let docs = dir.path().join("docs");
    fs::create_dir(&docs).unwrap();
    archive(&docs);
    let records = dir.path().join("records.jsonl");
    let d = docs.to_str().unwrap();
    let r = records.to_str().unwrap();
    vnplan(&["batch", d, "--no-restore", "--restored", "--quiet", "-o", r]);

    let md = vnplan(&["compare", r]);
    let copy_line = md
        .lines()
        .find(|l| l.starts_with("| 003-chi-linh | copies | 004-hai-duong |"))
        .unwrap_or_else(|| panic!("{md}"));
    let share: f64 = copy_line
        .split('|')
        .nth(4)
        .unwrap()
        .trim()
        .trim_end_matches('%')
        .parse()
        .unwrap();
    assert!(share >= 60.0, "{copy_line}");
    assert!(md.contains("749/QĐ-TTg"), "{md}");
    assert!(md.contains("inputs had no record"), "{md}");

    let html_path = dir.path().join("cmp.html");
    vnplan(&[
        "compare",
        r,
        "--format",
        "html",
        "-o",
        html_path.to_str().unwrap(),
    ]);
    let html = fs::read_to_string(&html_path).unwrap();
    assert!(
        html.starts_with("<!DOCTYPE html>") && html.contains("<svg") && html.contains("<script>")
    );
    assert!(html.contains("004-hai-duong (") || html.contains("copies"));

    let csv = vnplan(&["compare", r, "--format", "csv"]);
    assert_eq!(csv.lines().count(), 3, "{csv}");
    assert!(csv
        .lines()
        .any(|l| l.starts_with("003-chi-linh,") && l.contains("004-hai-duong (")));
}

#[test]
fn text_from_original_files() {
    let dir = tempfile::tempdir().unwrap();
    let docs = dir.path().join("docs");
    fs::create_dir(&docs).unwrap();
    archive(&docs);
    let records = dir.path().join("records.jsonl");
    let r = records.to_str().unwrap();
    // Records without text: --text finds the files again.
    vnplan(&[
        "batch",
        docs.to_str().unwrap(),
        "--no-restore",
        "--quiet",
        "-o",
        r,
    ]);
    let md = vnplan(&["compare", r]);
    assert!(md.contains("no text to compare"), "{md}");
    let md = vnplan(&["compare", r, "--text", docs.to_str().unwrap()]);
    assert!(
        md.contains("| 003-chi-linh | copies | 004-hai-duong |"),
        "{md}"
    );
}

#[test]
fn bad_records_are_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.jsonl");
    fs::write(&bad, "{\"schema\":\"vnplan.plan/1\"}\nnot json\n").unwrap();
    let out = Command::new(BIN)
        .args(["compare", bad.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("bad.jsonl:"), "{err}");
    let out = Command::new(BIN)
        .args(["compare", bad.to_str().unwrap(), "--format", "pdf"])
        .output()
        .unwrap();
    assert_ne!(out.status.code(), Some(0));
}
