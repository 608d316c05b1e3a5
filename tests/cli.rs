//! What every `vnplan` subcommand promises on the command line: a `--help` that teaches, a
//! one-line error naming the file it could not read, clap's exit code 2 for bad usage.

use std::process::{Command, Output};

fn vnplan(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_vnplan"))
        .args(args)
        .output()
        .expect("vnplan runs")
}

const SUBCOMMANDS: [&str; 7] = [
    "syllables",
    "restore",
    "extract",
    "batch",
    "compare",
    "eval",
    "build",
];

#[test]
fn every_subcommand_explains_itself() {
    let top = vnplan(&["--help"]);
    assert!(top.status.success());
    let text = String::from_utf8_lossy(&top.stdout);
    for sub in SUBCOMMANDS {
        assert!(text.contains(sub), "top-level help does not list {sub}");
        let out = vnplan(&[sub, "--help"]);
        assert!(out.status.success(), "{sub} --help failed");
        let help = String::from_utf8_lossy(&out.stdout);
        assert!(help.contains("Usage: vnplan"), "{sub}: {help}");
        assert!(!help.contains("being written"), "{sub} is a placeholder");
        // A help that teaches has a description, not only a usage line.
        assert!(
            help.lines().count() > 8,
            "{sub} --help is too thin:\n{help}"
        );
    }
}

#[test]
fn unreadable_input_is_one_line_naming_the_file() {
    for sub in ["syllables", "restore", "extract"] {
        let out = vnplan(&[sub, "/nonexistent/plan-17.txt"]);
        assert_eq!(out.status.code(), Some(1), "{sub}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(
            err.trim_end(),
            "vnplan: /nonexistent/plan-17.txt: no such file or directory",
            "{sub}"
        );
        assert!(
            out.stdout.is_empty(),
            "{sub} wrote output for a missing file"
        );
    }
}

#[test]
fn bad_usage_exits_2() {
    let out = vnplan(&["restore", "--no-such-flag"]);
    assert_eq!(out.status.code(), Some(2));
    let out = vnplan(&["frobnicate"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn eval_restore_prints_the_official_line() {
    let root = env!("CARGO_MANIFEST_DIR");
    let out = vnplan(&[
        "eval",
        "restore",
        &format!("{root}/corpus/gold/dev/003.restored.txt"),
        &format!("{root}/corpus/003-chi-linh-2021.ocr.txt"),
    ]);
    assert!(out.status.success());
    assert_eq!(
        String::from_utf8_lossy(&out.stdout).trim(),
        "syllable accuracy 0.1398 (506/3619 gold syllables, 3645 in hypothesis)"
    );
}
