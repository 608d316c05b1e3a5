//! `vnplan syllables` on the sample plans, and the shipped syllable inventory.

use std::process::Command;

use serde_json::Value;
use vnplan::text::{canonical, is_syllable, Inventory};

fn run(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_vnplan"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("run vnplan");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// JSON Lines output: per-line objects, then the summary.
fn report(path: &str) -> (Vec<Value>, Value) {
    let (code, stdout, stderr) = run(&["syllables", "--json", path]);
    assert_eq!(code, 0, "{stderr}");
    let mut lines: Vec<Value> = stdout
        .lines()
        .map(|l| serde_json::from_str(l).expect("JSON line"))
        .collect();
    let summary = lines.pop().expect("summary line")["summary"].clone();
    (lines, summary)
}

fn share(summary: &Value, key: &str) -> f64 {
    summary[key].as_f64().unwrap_or(f64::NAN)
}

fn is_roman(w: &str) -> bool {
    !w.is_empty() && w.chars().all(|c| "IVXLCDM".contains(c))
}

/// What a clean plan may legitimately hold that is not a syllable.
fn legitimate_non_syllable(w: &str) -> bool {
    let letters: Vec<char> = w.chars().filter(|c| c.is_alphabetic()).collect();
    let uppers = letters.iter().filter(|c| c.is_uppercase()).count();
    // Abbreviations: NQ, QĐ, UBND, TĐKT, TTg, Th (initials of the drafting officer).
    let abbreviation = uppers == letters.len()
        || (uppers >= 2 && letters[0].is_uppercase())
        || (letters[0].is_uppercase() && letters.len() <= 2);
    // List letters (a), b), c) …) and item codes with digits (30b).
    let list_item = letters.len() == 1 || w.chars().any(|c| c.is_ascii_digit());
    const FOREIGN: &[&str] = &["logistics", "logistic", "Made", "Code", "Internet"];
    abbreviation || is_roman(w) || list_item || FOREIGN.contains(&w)
}

#[test]
fn clean_plan_has_only_legitimate_non_syllables() {
    let (lines, summary) = report("corpus/004-hai-duong-2021.clean.txt");
    assert!(share(&summary, "invalid_share") < 0.03, "{summary}");
    assert!(share(&summary, "marked_share") > 0.8, "{summary}");
    for line in &lines {
        for w in line["invalid"].as_array().into_iter().flatten() {
            let w = w.as_str().unwrap_or("");
            assert!(legitimate_non_syllable(w), "line {}: {w}", line["line"]);
        }
    }
}

#[test]
fn ocr_plan_is_mostly_invalid_or_plain() {
    let (_, summary) = report("corpus/003-chi-linh-2021.ocr.txt");
    let damaged = share(&summary, "invalid_share") + share(&summary, "plain_share");
    assert!(damaged > 0.85, "{summary}");
    assert!(share(&summary, "invalid_share") > 0.3, "{summary}");
}

#[test]
fn text_report_names_invalid_words_and_sums_up() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("x.txt");
    std::fs::write(&path, "Quyét dinh s6 749/QD-TTg\n\nngười Việt Nam 2021\n").expect("write");
    let (code, stdout, _) = run(&["syllables", path.to_str().unwrap_or("")]);
    assert_eq!(code, 0);
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines[0], "1: 1/5 invalid: Quyét s6 QD TTg");
    assert_eq!(lines[1], "3: 3/3");
    assert!(lines[2].ends_with("8 words: 2 marked (25.0%), 2 plain (25.0%), 4 invalid (50.0%)"));
}

#[test]
fn unreadable_file_is_a_one_line_error_naming_it() {
    let (code, stdout, stderr) = run(&["syllables", "/nonexistent/plan.txt"]);
    assert_eq!(code, 1);
    assert!(stdout.is_empty());
    assert_eq!(
        stderr.trim(),
        "vnplan: /nonexistent/plan.txt: no such file or directory"
    );
}

#[test]
fn legacy_encoded_input_is_decoded_like_every_input() {
    let dir = tempfile::tempdir().expect("tempdir");
    // Windows-1258: `ê` then the combining dot below, as that code page writes `ệ`.
    let path = dir.path().join("cp1258.txt");
    std::fs::write(&path, b"Vi\xea\xf2t Nam\n").expect("write");
    let (code, stdout, stderr) = run(&["syllables", "--summary", path.to_str().unwrap_or("")]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains("2 words: 1 marked"), "{stdout}");
    let empty = dir.path().join("empty.txt");
    std::fs::write(&empty, b"").expect("write");
    // An empty file is refused as every command refuses it.
    let (code, stdout, stderr) = run(&["syllables", "-s", empty.to_str().unwrap_or("")]);
    assert_eq!(code, 1);
    assert!(stdout.is_empty(), "{stdout}");
    assert!(stderr.ends_with("empty.txt: empty file\n"), "{stderr}");
}

#[test]
fn shipped_inventory_loads_and_covers_the_clean_plan() {
    let inv = Inventory::load("dictionaries/syllables.tsv").expect("load inventory");
    assert!(inv.len() > 15_000 && inv.len() < 40_000, "{}", inv.len());
    assert!(inv.count("người").unwrap_or(0) > 10_000);
    assert_eq!(inv.count("hoà"), None, "only canonical forms");
    let text = std::fs::read_to_string("corpus/004-hai-duong-2021.clean.txt").expect("read");
    for t in vnplan::text::tokenize(&text) {
        let w = t.text(&text);
        if is_syllable(w) {
            assert!(inv.contains(&canonical(w)), "{w}");
        }
    }
}
