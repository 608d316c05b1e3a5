//! Bad input is expected input. Every subcommand of the built `vnplan` binary is fed empty
//! files, white space, binary garbage, a PNG header, UTF-16 without a BOM, Latin-1 bytes, a
//! 1,000-letter token, 100,000 punctuation marks, a multi-megabyte single line, broken JSON
//! Lines, corrupted model files, directories where files belong and output paths that cannot
//! be written. The promise checked everywhere: no panic (exit code 0 or 1, never 101), a
//! failure is one line on stderr that names the file, and an output file is whole or absent.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_vnplan");

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Runs `vnplan args…` with `stdin` (empty when `None`).
fn run_in(args: &[&str], stdin: Option<&[u8]>) -> Output {
    let mut child = Command::new(BIN)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("vnplan starts");
    let input = stdin.unwrap_or_default().to_vec();
    let mut pipe = child.stdin.take().expect("stdin is piped");
    // Write from a thread so a child that does not read stdin cannot block the test.
    let feeder = std::thread::spawn(move || {
        let _ = pipe.write_all(&input);
    });
    let out = child.wait_with_output().expect("vnplan runs");
    let _ = feeder.join();
    out
}

fn run(args: &[&str]) -> Output {
    run_in(args, None)
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// No panic, and exit code 0 or 1.
fn assert_no_panic(out: &Output, what: &str) {
    let err = stderr(out);
    assert!(!err.contains("panicked"), "{what}: panic\n{err}");
    assert!(
        matches!(out.status.code(), Some(0) | Some(1)),
        "{what}: exit status {:?}\n{err}",
        out.status
    );
}

/// Exit code 1, nothing on stdout, and exactly one stderr line that names `path`.
fn assert_fails_naming(out: &Output, path: &str, what: &str) {
    assert_no_panic(out, what);
    let err = stderr(out);
    assert_eq!(
        out.status.code(),
        Some(1),
        "{what}: expected failure\n{err}"
    );
    assert_eq!(
        err.trim_end().lines().count(),
        1,
        "{what}: not one line:\n{err}"
    );
    assert!(
        err.starts_with("vnplan: ") && err.contains(path),
        "{what}: error does not name {path}: {err}"
    );
    assert!(out.stdout.is_empty(), "{what}: wrote output on failure");
}

/// Deterministic bytes (xorshift), so a failure reproduces.
fn noise(len: usize, seed: u64, allow_nul: bool) -> Vec<u8> {
    let mut x = seed | 1;
    let mut v = Vec::with_capacity(len);
    while v.len() < len {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        let b = (x >> 24) as u8;
        if allow_nul || b != 0 {
            v.push(b);
        }
    }
    v
}

/// One line of OCR-garbled Vietnamese-looking words, `len` bytes long (no line break).
fn garbled_line(len: usize) -> String {
    const WORDS: [&str; 16] = [
        "Quyét",
        "dinh",
        "s6",
        "749/QD-TTg",
        "ctia",
        "Thi",
        "tuéng",
        "Chinh",
        "phu",
        "vé",
        "viéc",
        "phé",
        "duyét",
        "ké",
        "hoach",
        "Uy",
    ];
    let mut s = String::with_capacity(len + 16);
    let mut i = 7usize;
    while s.len() < len {
        i = (i * 31 + 11) % 1009;
        s.push_str(WORDS[i % WORDS.len()]);
        s.push(' ');
    }
    s.truncate(len);
    s
}

/// The bad inputs every text-reading subcommand meets, by name.
fn bad_inputs(dir: &Path) -> Vec<(&'static str, PathBuf)> {
    let sentence = "Quyết định số 749/QĐ-TTg của Thủ tướng Chính phủ về việc phê duyệt kế hoạch\n";
    let utf16: Vec<u8> = sentence
        .repeat(10)
        .encode_utf16()
        .flat_map(|u| u.to_le_bytes())
        .collect();
    let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
    png.extend(noise(4000, 3, true));
    let files: Vec<(&'static str, Vec<u8>)> = vec![
        ("empty.txt", Vec::new()),
        ("white.txt", b"  \n\t\n \r\n".to_vec()),
        ("random.bin", noise(50_000, 1, true)),
        ("random-no-nul.bin", noise(50_000, 2, false)),
        ("image.png", png),
        ("utf16le-no-bom.txt", utf16),
        (
            "latin1.txt",
            b"Caf\xe9 r\xe9sum\xe9 na\xefve \xc0 \xe0 \xff\n".repeat(40),
        ),
        (
            "long-token.txt",
            format!(
                "{}\n{} {}\n",
                "a".repeat(1000),
                "ư".repeat(1000),
                "Quyét".repeat(200)
            )
            .into_bytes(),
        ),
        (
            "punct.txt",
            format!("{}\n", ".".repeat(100_000)).into_bytes(),
        ),
        (
            "punct-mix.txt",
            "!@#$%^&*()-_=+[]{};:'\",.<>/?\\|`~"
                .repeat(3200)
                .into_bytes(),
        ),
        (
            "combining.txt",
            "\u{301}\u{300}a\u{323}\u{309} e\u{302}\u{31b}\u{303}"
                .repeat(3000)
                .into_bytes(),
        ),
    ];
    files
        .into_iter()
        .map(|(name, bytes)| {
            let path = dir.join(name);
            fs::write(&path, bytes).unwrap();
            (name, path)
        })
        .collect()
}

fn s(p: &Path) -> &str {
    p.to_str().expect("temp paths are UTF-8")
}

/// Names in `dir`, sorted (to see leftover temporary files).
fn listing(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

#[test]
fn syllables_reads_anything_with_at_most_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    for (name, path) in bad_inputs(dir.path()) {
        for json in [false, true] {
            let mut args = vec!["syllables", s(&path)];
            if json {
                args.push("--json");
            }
            let out = run(&args);
            let what = format!("syllables {name} json={json}");
            assert_no_panic(&out, &what);
            if out.status.code() == Some(1) {
                // Binary data or a text without words may be refused, in one line naming it;
                // real text (long tokens, punctuation, UTF-16) must be read.
                let text = matches!(
                    name,
                    "long-token.txt" | "punct.txt" | "punct-mix.txt" | "utf16le-no-bom.txt"
                );
                assert!(!text, "{what} refused: {}", stderr(&out));
                assert_fails_naming(&out, s(&path), &what);
                continue;
            }
            let err = stderr(&out);
            // Non-UTF-8 input is read lossily after one warning naming the file.
            assert!(err.lines().count() <= 1, "{what}: {err}");
            if !err.is_empty() {
                assert!(
                    err.contains(s(&path)) && err.contains("warning"),
                    "{what}: {err}"
                );
            }
            let text = String::from_utf8(out.stdout).expect("output is UTF-8");
            if json {
                for line in text.lines() {
                    serde_json::from_str::<serde_json::Value>(line)
                        .unwrap_or_else(|e| panic!("{what}: bad JSON line {line:?}: {e}"));
                }
                assert!(
                    text.lines().last().unwrap_or("").contains("\"summary\""),
                    "{what}"
                );
            }
        }
    }
}

#[test]
fn a_directory_where_a_file_belongs_is_one_line_naming_it() {
    let dir = tempfile::tempdir().unwrap();
    let d = s(dir.path());
    let gold = root().join("corpus/gold/dev/003.restored.txt");
    let cases: Vec<Vec<&str>> = vec![
        vec!["syllables", d],
        vec!["restore", d],
        vec!["extract", d],
        vec!["compare", d],
        vec!["eval", "restore", d, s(&gold)],
        vec!["eval", "restore", s(&gold), d],
    ];
    for args in cases {
        let out = run(&args);
        assert_fails_naming(&out, d, &args.join(" "));
        assert!(stderr(&out).contains("is a directory"), "{args:?}");
    }
}

/// What `extract` refuses among the bad inputs: no text, or no text encoding found.
const UNREADABLE: [&str; 6] = [
    "empty.txt",
    "white.txt",
    "random.bin",
    "random-no-nul.bin",
    "image.png",
    "latin1.txt",
];

#[test]
fn restore_decodes_like_extract_and_keeps_everything_else_but_words() {
    let dir = tempfile::tempdir().unwrap();
    for (name, path) in bad_inputs(dir.path()) {
        for json in [false, true] {
            let mut args = vec!["restore", s(&path)];
            if json {
                args.push("--json");
            }
            let out = run(&args);
            let what = format!("restore {name} json={json}");
            let bytes = fs::read(&path).unwrap();
            if UNREADABLE.contains(&name) {
                assert_fails_naming(&out, s(&path), &what);
                // The same message as extract gives: one decoding for every command.
                let extract = run(&["extract", s(&path)]);
                assert_eq!(stderr(&out), stderr(&extract), "{what}");
                continue;
            }
            assert_no_panic(&out, &what);
            assert_eq!(out.status.code(), Some(0), "{what}: {}", stderr(&out));
            if json {
                let v: serde_json::Value = serde_json::from_slice(&out.stdout)
                    .unwrap_or_else(|e| panic!("{what}: not JSON: {e}"));
                assert!(v["text"].is_string(), "{what}");
            } else if let Ok(text) = std::str::from_utf8(&bytes) {
                if !text.chars().any(char::is_alphanumeric) {
                    // Only word tokens change: text without words comes back byte for byte.
                    assert_eq!(out.stdout, bytes, "{what}: changed a text without words");
                }
            }
        }
    }
}

#[test]
fn restore_reads_legacy_encodings() {
    let dir = tempfile::tempdir().unwrap();
    // Windows-1258 (`ê` then the combining dot below for `ệ`), CRLF line ends kept.
    let path = dir.path().join("cp1258.txt");
    fs::write(&path, b"Vi\xea\xf2t Nam\r\nVi\xea\xf2t Nam\r\n").unwrap();
    for args in [
        vec!["restore", s(&path)],
        vec!["restore", "--encoding", "windows-1258", s(&path)],
    ] {
        let out = run(&args);
        assert_eq!(out.status.code(), Some(0), "{args:?}: {}", stderr(&out));
        assert_eq!(
            String::from_utf8(out.stdout).unwrap(),
            "Việt Nam\r\nViệt Nam\r\n"
        );
    }
}

#[test]
fn empty_and_nul_only_inputs_get_one_treatment_from_every_command() {
    let dir = tempfile::tempdir().unwrap();
    let cases = [
        ("empty.txt", Vec::new(), "empty file".to_string()),
        (
            "nul.txt",
            vec![0u8; 100],
            "no text (100 bytes, all NUL or white space)".to_string(),
        ),
        (
            "nul-white.txt",
            b"\0\n\0 \0\r\n".to_vec(),
            "no text (7 bytes, all NUL or white space)".to_string(),
        ),
    ];
    for (name, bytes, message) in cases {
        let path = dir.path().join(name);
        fs::write(&path, &bytes).unwrap();
        let want = format!("vnplan: {}: {message}", s(&path));
        for sub in ["syllables", "restore", "extract"] {
            let out = run(&[sub, s(&path)]);
            assert_fails_naming(&out, s(&path), &format!("{sub} {name}"));
            assert_eq!(stderr(&out).trim_end(), want, "{sub} {name}");
            // The same from standard input, named <stdin>.
            let out = run_in(&[sub, "-"], Some(&bytes));
            assert_eq!(out.status.code(), Some(1), "{sub} - ({name})");
            assert_eq!(
                stderr(&out).trim_end(),
                format!("vnplan: <stdin>: {message}")
            );
        }
        let out = run(&["batch", "-q", s(&path)]);
        let lines = jsonl(&out.stdout);
        assert_eq!(lines.len(), 1, "batch {name}");
        assert_eq!(
            lines[0]["error"],
            format!("{}: {message}", s(&path)),
            "batch {name}"
        );
    }
}

/// Runs `args` and fails the test if vnplan has not ended within 20 seconds (it is killed).
fn run_within_20s(args: &[&str]) -> Output {
    let mut child = Command::new(BIN)
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("vnplan starts");
    let start = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if start.elapsed() > Duration::from_secs(20) {
            child.kill().unwrap();
            child.wait().unwrap();
            panic!("{args:?} hangs");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    child.wait_with_output().unwrap()
}

#[test]
fn a_fifo_as_input_is_an_error_line_not_a_hang() {
    let tmp = tempfile::tempdir().unwrap();
    let arch = tmp.path().join("archive");
    fs::create_dir(&arch).unwrap();
    fs::copy(
        root().join("corpus/004-hai-duong-2021.clean.txt"),
        arch.join("a.txt"),
    )
    .unwrap();
    let fifo = arch.join("b.txt");
    assert!(Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap()
        .success());
    let records = tmp.path().join("records.jsonl");
    fs::write(&records, "").unwrap();
    let gold = root().join("corpus/gold/dev/003.restored.txt");
    let gold_json = root().join("corpus/gold/dev/003.json");
    let sqlite = tmp.path().join("plans.sqlite");
    let inventory = tmp.path().join("syllables.tsv");
    for args in [
        vec!["syllables", s(&fifo)],
        vec!["restore", s(&fifo)],
        vec!["extract", s(&fifo)],
        vec!["compare", s(&records), s(&fifo)],
        vec!["eval", "restore", s(&gold), s(&fifo)],
        vec!["export", s(&records), s(&fifo), "-o", s(&sqlite)],
        vec!["build", "syllables", s(&fifo), "-o", s(&inventory)],
    ] {
        let out = run_within_20s(&args);
        assert_fails_naming(&out, s(&fifo), &args.join(" "));
        assert!(
            stderr(&out).contains("not a regular file (a FIFO)"),
            "{}",
            stderr(&out)
        );
    }
    // eval fields scores a hypothesis it cannot read as an empty record, as score-fields
    // does, and says why.
    let out = run_within_20s(&["eval", "fields", s(&gold_json), s(&fifo)]);
    assert_no_panic(&out, "eval fields");
    assert!(
        stderr(&out).contains("not a regular file (a FIFO)"),
        "{}",
        stderr(&out)
    );
    // In a directory walk and named alone, the FIFO gets its error line: no input is lost.
    for args in [
        vec!["batch", "-q", "--no-restore", s(&arch)],
        vec!["batch", "-q", s(&fifo)],
    ] {
        let out = run_within_20s(&args);
        assert_eq!(out.status.code(), Some(0), "{args:?}: {}", stderr(&out));
        let lines = jsonl(&out.stdout);
        let fifo_line = lines.last().unwrap();
        assert_eq!(fifo_line["source"], s(&fifo), "{args:?}");
        assert!(
            fifo_line["error"]
                .as_str()
                .unwrap()
                .contains("not a regular file"),
            "{fifo_line}"
        );
    }
}

/// A model directory holding a copy of every shipped model, with `file` replaced by `bytes`.
fn broken_models(parent: &Path, name: &str, file: &str, bytes: &[u8]) -> PathBuf {
    let dir = parent.join(name);
    fs::create_dir_all(&dir).unwrap();
    for model in ["lm.bin", "channel.tsv", "symbols.tsv"] {
        fs::copy(root().join("dictionaries").join(model), dir.join(model)).unwrap();
    }
    fs::write(dir.join(file), bytes).unwrap();
    dir
}

#[test]
fn corrupt_models_are_refused_naming_the_model_file() {
    let tmp = tempfile::tempdir().unwrap();
    let lm = fs::read(root().join("dictionaries/lm.bin")).unwrap();
    let channel = fs::read_to_string(root().join("dictionaries/channel.tsv")).unwrap();
    let mut flipped = lm.clone();
    let mid = flipped.len() / 2;
    flipped[mid] ^= 0x40;
    // A channel table cut in the middle of a row, right after its truth and observed columns.
    let rows: Vec<&str> = channel.lines().collect();
    let row = rows
        .iter()
        .rposition(|l| !l.starts_with('#') && l.split('\t').count() == 4)
        .unwrap();
    let mut cut = rows[..row].join("\n");
    let cols: Vec<&str> = rows[row].split('\t').collect();
    cut.push_str(&format!("\n{}\t{}\t", cols[0], cols[1]));
    let bad_cost = channel
        .lines()
        .map(|l| {
            if l.starts_with('#') || l.starts_with("truth") {
                l.to_string()
            } else {
                let mut cols: Vec<&str> = l.split('\t').collect();
                cols[2] = "-1";
                cols.join("\t")
            }
        })
        .collect::<Vec<_>>()
        .join("\n");
    let cases: Vec<(&str, &str, Vec<u8>)> = vec![
        ("lm-empty", "lm.bin", Vec::new()),
        ("lm-10-bytes", "lm.bin", lm[..10].to_vec()),
        ("lm-header-only", "lm.bin", lm[..300].to_vec()),
        ("lm-truncated", "lm.bin", lm[..lm.len() / 3].to_vec()),
        (
            "lm-last-byte-missing",
            "lm.bin",
            lm[..lm.len() - 1].to_vec(),
        ),
        ("lm-bit-flip", "lm.bin", flipped),
        ("lm-garbage", "lm.bin", noise(100_000, 9, true)),
        ("channel-empty", "channel.tsv", Vec::new()),
        (
            "channel-cut-mid-row",
            "channel.tsv",
            cut.as_bytes().to_vec(),
        ),
        ("channel-garbage", "channel.tsv", noise(20_000, 5, true)),
        (
            "channel-negative-cost",
            "channel.tsv",
            bad_cost.into_bytes(),
        ),
    ];
    let input = tmp.path().join("plan.txt");
    fs::write(
        &input,
        "Quyét dinh s6 749/QD-TTg ctia Thi tuéng Chinh phu\n",
    )
    .unwrap();
    for (name, file, bytes) in cases {
        let dir = broken_models(tmp.path(), name, file, &bytes);
        let model = dir.join(file);
        let out = run(&["restore", "--models", s(&dir), s(&input)]);
        assert_fails_naming(&out, s(&model), &format!("restore --models {name}"));
    }
}

#[test]
fn restore_output_is_whole_replaced_or_absent() {
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("scan.txt");
    fs::copy(root().join("corpus/003-chi-linh-2021.ocr.txt"), &input).unwrap();
    let expected = run(&["restore", s(&input)]);
    assert_eq!(expected.status.code(), Some(0));

    // An existing output is replaced by the whole new text; no temporary file is left.
    let outdir = tmp.path().join("out");
    fs::create_dir(&outdir).unwrap();
    let target = outdir.join("scan.restored.txt");
    fs::write(&target, "an older, longer restoration ".repeat(5000)).unwrap();
    let out = run(&["restore", s(&input), "-o", s(&target)]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(out.stdout.is_empty());
    assert_eq!(fs::read(&target).unwrap(), expected.stdout);
    assert_eq!(listing(&outdir), ["scan.restored.txt"]);

    // Writing over its own input reads it first: the result is the restoration.
    let own = outdir.join("own.txt");
    fs::copy(&input, &own).unwrap();
    let out = run(&["restore", s(&own), "-o", s(&own)]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(fs::read(&own).unwrap(), expected.stdout);

    // A directory that does not exist is made, as batch and compare do.
    let missing = tmp.path().join("no-such-dir/out.txt");
    let out = run(&["restore", s(&input), "-o", s(&missing)]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(fs::read(&missing).unwrap(), expected.stdout);

    // A directory as the output: refused, the directory untouched, no temporary file.
    let out = run(&["restore", s(&input), "-o", s(&outdir)]);
    assert_fails_naming(&out, s(&outdir), "restore -o DIR");
    assert_eq!(listing(&outdir), ["own.txt", "scan.restored.txt"]);
    assert_eq!(listing(tmp.path()), ["no-such-dir", "out", "scan.txt"]);

    // Under /proc nothing can be created.
    let out = run(&["restore", s(&input), "-o", "/proc/vnplan-x/out.txt"]);
    assert_no_panic(&out, "restore -o /proc/…");
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("/proc/vnplan-x"), "{}", stderr(&out));
}

#[test]
fn extract_names_the_file_it_cannot_read() {
    let tmp = tempfile::tempdir().unwrap();
    for (name, path) in bad_inputs(tmp.path()) {
        for restore in [true, false] {
            let mut args = vec!["extract", s(&path)];
            if !restore {
                args.push("--no-restore");
            }
            let out = run(&args);
            let what = format!("extract {name} restore={restore}");
            assert_no_panic(&out, &what);
            match name {
                "empty.txt" | "white.txt" | "random.bin" | "random-no-nul.bin" | "image.png"
                | "latin1.txt" => assert_fails_naming(&out, s(&path), &what),
                _ => {
                    assert_eq!(out.status.code(), Some(0), "{what}: {}", stderr(&out));
                    let v: serde_json::Value = serde_json::from_slice(&out.stdout)
                        .unwrap_or_else(|e| panic!("{what}: not JSON: {e}"));
                    assert_eq!(v["schema"], "vnplan.plan/1", "{what}");
                }
            }
        }
    }
    // UTF-16 without a byte order mark is recognised, not refused.
    let out = run(&["extract", s(&tmp.path().join("utf16le-no-bom.txt"))]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["source"]["encoding"], "utf-16le");
}

#[test]
fn extract_of_several_files_gives_one_line_each_and_fails_overall() {
    let tmp = tempfile::tempdir().unwrap();
    let inputs = bad_inputs(tmp.path());
    let good = tmp.path().join("plan.txt");
    fs::copy(root().join("corpus/004-hai-duong-2021.clean.txt"), &good).unwrap();
    let missing = tmp.path().join("missing.txt");
    let mut args = vec!["extract", "--jsonl", "--no-restore", s(&good)];
    for (_, path) in &inputs {
        args.push(s(path));
    }
    args.push(s(&missing));
    args.push(s(tmp.path()));
    let out = run(&args);
    assert_no_panic(&out, "extract many");
    assert_eq!(out.status.code(), Some(1), "some inputs are unreadable");
    let text = String::from_utf8(out.stdout.clone()).unwrap();
    let lines: Vec<serde_json::Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).expect("each line is JSON"))
        .collect();
    assert_eq!(lines.len(), args.len() - 3, "one line per input:\n{text}");
    let err = stderr(&out);
    for v in &lines {
        if let Some(e) = v.get("error") {
            let source = v["source"].as_str().unwrap();
            assert!(e.as_str().unwrap().contains(source), "{v}");
            assert!(err.contains(source), "stderr does not name {source}");
        }
    }
    assert!(lines[0]["schema"] == "vnplan.plan/1");
}

/// Every line of a batch output is JSON; returns them.
fn jsonl(bytes: &[u8]) -> Vec<serde_json::Value> {
    String::from_utf8(bytes.to_vec())
        .expect("batch output is UTF-8")
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("bad line {l:?}: {e}")))
        .collect()
}

fn bad_archive(tmp: &Path) -> PathBuf {
    let arch = tmp.join("archive");
    fs::create_dir_all(arch.join("sub")).unwrap();
    bad_inputs(&arch.join("sub"));
    fs::copy(
        root().join("corpus/004-hai-duong-2021.clean.txt"),
        arch.join("plan.txt"),
    )
    .unwrap();
    fs::write(arch.join("fake.pdf"), b"%PDF-1.4\n1 0 obj\n<<").unwrap();
    fs::write(arch.join("fake.docx"), b"PK\x03\x04 not a zip").unwrap();
    fs::write(arch.join("noise.docx"), noise(3000, 4, true)).unwrap();
    arch
}

#[test]
fn batch_gives_every_bad_file_its_error_line() {
    let tmp = tempfile::tempdir().unwrap();
    let arch = bad_archive(tmp.path());
    let out = run(&[
        "batch",
        "-q",
        "--no-restore",
        "--ext",
        "txt,bin,png,pdf,docx",
        s(&arch),
    ]);
    assert_no_panic(&out, "batch archive");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let lines = jsonl(&out.stdout);
    assert_eq!(lines.len(), 15, "one line per file");
    for v in &lines {
        let source = v["source"]
            .as_str()
            .or(v["source"]["path"].as_str())
            .unwrap();
        if let Some(e) = v.get("error") {
            assert!(e.as_str().unwrap().contains(source), "{v}");
        }
    }
    let errors = lines.iter().filter(|v| v.get("error").is_some()).count();
    assert!(errors >= 8, "{errors} error lines");

    let strict = run(&["batch", "-q", "--strict", "--no-restore", s(&arch)]);
    assert_no_panic(&strict, "batch --strict");
    assert_eq!(strict.status.code(), Some(1));

    // Globs that match nothing and paths that do not exist are error lines too.
    let pattern = format!("{}/*.nothing", s(&arch));
    let out = run(&["batch", "-q", &pattern, "/nonexistent/plan.txt"]);
    assert_no_panic(&out, "batch missing");
    let lines = jsonl(&out.stdout);
    assert_eq!(lines.len(), 2);
    assert!(lines.iter().all(|v| v.get("error").is_some()));
}

#[test]
fn batch_stdin_survives_malformed_json_lines() {
    let plan = fs::read_to_string(root().join("corpus/004-hai-duong-2021.clean.txt")).unwrap();
    let mut input = String::new();
    let lines = [
        serde_json::json!({"id": "good", "text": plan}).to_string(),
        r#"{"id":"cut", "text": "Uy ban"#.to_string(),
        "not json at all".to_string(),
        serde_json::json!({"id": "no-text"}).to_string(),
        serde_json::json!({"id": "null-text", "text": null}).to_string(),
        serde_json::json!({"id": 5, "text": 123}).to_string(),
        "[1,2,3]".to_string(),
        "\"a string\"".to_string(),
        serde_json::json!({"id": "empty", "text": ""}).to_string(),
        serde_json::json!({"text": "Uy ban nhan dan tinh"}).to_string(),
        format!("{}{}", "[".repeat(100_000), "]".repeat(100_000)),
        format!("{}1{}", "{\"a\":".repeat(50_000), "}".repeat(50_000)),
        "{\"id\":\"bad-utf8\",\"text\":\"Uy \u{fffd}\"}".to_string(),
    ];
    for l in &lines {
        input.push_str(l);
        input.push('\n');
    }
    let mut bytes = input.into_bytes();
    bytes.extend_from_slice(b"{\"id\":\"raw\",\"text\":\"Uy ban \xff\xfe\"}\n");
    let out = run_in(&["batch", "-q", "--no-restore", "-"], Some(&bytes));
    assert_no_panic(&out, "batch -");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let records = jsonl(&out.stdout);
    assert_eq!(records.len(), lines.len() + 1, "one line per JSON line");
    assert_eq!(records[0]["schema"], "vnplan.plan/1");
    for (i, v) in records.iter().enumerate().skip(1).take(8) {
        assert!(v.get("error").is_some(), "line {}: {v}", i + 1);
    }
    assert!(
        records[9].get("schema").is_some(),
        "a record without id still runs"
    );
    assert!(records[10].get("error").is_some() && records[11].get("error").is_some());
    assert!(
        records[13].get("error").is_some(),
        "raw bad UTF-8: {}",
        records[13]
    );
}

#[test]
fn batch_output_is_whole_replaced_or_absent() {
    let tmp = tempfile::tempdir().unwrap();
    let arch = bad_archive(tmp.path());
    let expected = run(&["batch", "-q", "--no-restore", s(&arch)]);
    assert_eq!(expected.status.code(), Some(0));

    let outdir = tmp.path().join("out");
    fs::create_dir(&outdir).unwrap();
    let target = outdir.join("records.jsonl");
    fs::write(&target, "{\"old\":true}\n".repeat(10_000)).unwrap();
    let out = run(&["batch", "-q", "--no-restore", s(&arch), "-o", s(&target)]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(out.stdout.is_empty());
    assert_eq!(fs::read(&target).unwrap(), expected.stdout);
    assert_eq!(
        listing(&outdir),
        ["records.jsonl"],
        "no .partial left behind"
    );

    // A directory as -o: refused naming it, the directory untouched.
    let out = run(&["batch", "-q", "--no-restore", s(&arch), "-o", s(&outdir)]);
    assert_fails_naming(&out, s(&outdir), "batch -o DIR");
    assert_eq!(listing(&outdir), ["records.jsonl"]);

    let out = run(&[
        "batch",
        "-q",
        "--no-restore",
        s(&arch),
        "-o",
        "/proc/vnplan-x/r.jsonl",
    ]);
    assert_no_panic(&out, "batch -o /proc/…");
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("/proc/vnplan-x"), "{}", stderr(&out));
}

#[test]
fn compare_handles_empty_malformed_and_null_records() {
    let tmp = tempfile::tempdir().unwrap();
    let plan = tmp.path().join("plan.txt");
    fs::copy(root().join("corpus/004-hai-duong-2021.clean.txt"), &plan).unwrap();
    let rec = run(&["batch", "-q", "--no-restore", "--restored", s(&plan)]);
    let good: serde_json::Value = serde_json::from_slice(&rec.stdout).unwrap();
    let mut nulls = good.clone();
    for k in [
        "doc_type",
        "issuer",
        "number",
        "place",
        "date",
        "title",
        "movement",
        "standing_body",
        "signer",
    ] {
        nulls[k] = serde_json::Value::Null;
    }
    for k in [
        "basis",
        "references",
        "subjects",
        "criteria",
        "awards",
        "priority_sectors",
        "recipients",
    ] {
        nulls[k] = serde_json::json!([]);
    }
    nulls.as_object_mut().unwrap().remove("restored");
    let write = |name: &str, text: String| {
        let p = tmp.path().join(name);
        fs::write(&p, text).unwrap();
        p
    };
    let empty = write("empty.jsonl", String::new());
    let white = write("white.jsonl", " \n\n\t\n".into());
    let errors = write(
        "errors.jsonl",
        "{\"source\":\"a.txt\",\"error\":\"a.txt: empty file\"}\n".into(),
    );
    let with_nulls = write("nulls.jsonl", format!("{nulls}\n{good}\n"));
    for (path, fmt) in [
        (&empty, "md"),
        (&white, "csv"),
        (&errors, "html"),
        (&with_nulls, "md"),
        (&with_nulls, "csv"),
        (&with_nulls, "html"),
    ] {
        let out = run(&["compare", "--format", fmt, s(path)]);
        let what = format!("compare {} {fmt}", path.display());
        assert_no_panic(&out, &what);
        assert_eq!(out.status.code(), Some(0), "{what}: {}", stderr(&out));
        assert!(!out.stdout.is_empty(), "{what}");
    }
    let out = run_in(&["compare", "-"], Some(b""));
    assert_eq!(out.status.code(), Some(0), "compare of empty stdin");

    // Malformed lines and non-UTF-8 bytes: one line naming the file (and the line).
    let cut = write("cut.jsonl", format!("{good}\n{{\"schema\":\"vnplan.pl\n"));
    let deep = write(
        "deep.jsonl",
        format!("{}{}\n", "[".repeat(100_000), "]".repeat(100_000)),
    );
    let wrong = write(
        "wrong.jsonl",
        "{\"schema\":\"vnplan.plan/1\",\"basis\":\"x\"}\n".into(),
    );
    let binary = tmp.path().join("binary.jsonl");
    fs::write(&binary, noise(10_000, 6, true)).unwrap();
    for path in [&cut, &deep, &wrong, &binary] {
        let out = run(&["compare", s(path)]);
        assert_fails_naming(&out, s(path), &format!("compare {}", path.display()));
    }
    let out = run(&["compare", s(&cut)]);
    assert!(
        stderr(&out).contains(&format!("{}:2", s(&cut))),
        "{}",
        stderr(&out)
    );

    // -o into a directory that cannot be made, or onto a directory.
    let out = run(&["compare", s(&with_nulls), "-o", "/proc/vnplan-x/cmp.md"]);
    assert_no_panic(&out, "compare -o /proc");
    assert_eq!(out.status.code(), Some(1));
    let out = run(&["compare", s(&with_nulls), "-o", s(tmp.path())]);
    assert_fails_naming(&out, s(tmp.path()), "compare -o DIR");
    let target = tmp.path().join("cmp.html");
    fs::write(&target, "old").unwrap();
    let out = run(&[
        "compare",
        "--format",
        "html",
        s(&with_nulls),
        "-o",
        s(&target),
    ]);
    assert_eq!(out.status.code(), Some(0));
    let html = fs::read_to_string(&target).unwrap();
    assert!(html.trim_end().ends_with("</html>"), "whole page written");
}

#[test]
fn eval_reads_bad_files_without_panicking() {
    let tmp = tempfile::tempdir().unwrap();
    let gold = root().join("corpus/gold/dev/003.restored.txt");
    let gold_json = root().join("corpus/gold/dev/003.json");
    for (name, path) in bad_inputs(tmp.path()) {
        let bytes = fs::read(&path).unwrap();
        for args in [
            vec!["eval", "restore", s(&gold), s(&path)],
            vec!["eval", "restore", s(&path), s(&gold)],
            vec!["eval", "restore", "--json", s(&path), s(&path)],
            vec!["eval", "fields", s(&path), s(&gold_json)],
        ] {
            let out = run(&args);
            let what = format!("{} ({name})", args.join(" "));
            assert_no_panic(&out, &what);
            let readable = std::str::from_utf8(&bytes).is_ok();
            if args[1] == "restore" && readable {
                assert_eq!(out.status.code(), Some(0), "{what}: {}", stderr(&out));
            } else if args[1] == "fields" || !readable {
                assert_fails_naming(&out, s(&path), &what);
            }
        }
    }
    let out = run(&["eval", "corpus", "/nonexistent/corpus"]);
    assert_fails_naming(&out, "/nonexistent/corpus", "eval corpus missing");
    let plan = tmp.path().join("empty.txt");
    let out = run(&["eval", "corpus", s(&plan)]);
    assert_fails_naming(&out, s(&plan), "eval corpus on a file");
}

/// Runs `args` and returns how long it took; fails on panic or a non-zero exit.
fn timed(args: &[&str]) -> Duration {
    let start = Instant::now();
    let out = run(args);
    let took = start.elapsed();
    assert_no_panic(&out, &args.join(" "));
    assert_eq!(out.status.code(), Some(0), "{args:?}: {}", stderr(&out));
    took
}

#[test]
fn a_single_line_of_megabytes_is_read_in_linear_time() {
    let tmp = tempfile::tempdir().unwrap();
    let big = tmp.path().join("one-line-8mb.txt");
    fs::write(&big, garbled_line(8 << 20)).unwrap();
    let small = tmp.path().join("one-line-1mb.txt");
    fs::write(&small, garbled_line(1 << 20)).unwrap();
    // syllables is a single pass: 8 MB on one line within seconds.
    let took = timed(&["syllables", "--summary", s(&big)]);
    assert!(took < Duration::from_secs(20), "syllables 8 MB: {took:?}");
    // extract and batch without restoration on a 1 MB line.
    let took = timed(&["extract", "--no-restore", s(&small)]);
    assert!(took < Duration::from_secs(20), "extract 1 MB: {took:?}");
    let took = timed(&["batch", "-q", "--no-restore", s(&small)]);
    assert!(took < Duration::from_secs(20), "batch 1 MB: {took:?}");
    // restore on a 256 KB line (the decoder costs ~10 µs a byte).
    let quarter = tmp.path().join("one-line-256kb.txt");
    fs::write(&quarter, garbled_line(256 << 10)).unwrap();
    let out_path = tmp.path().join("restored.txt");
    let took = timed(&["restore", s(&quarter), "-o", s(&out_path)]);
    assert!(took < Duration::from_secs(20), "restore 256 KB: {took:?}");
    let restored = fs::read_to_string(&out_path).unwrap();
    assert_eq!(
        restored.split(' ').count(),
        fs::read_to_string(&quarter).unwrap().split(' ').count(),
        "restore keeps every space"
    );
    // batch refuses what is over --max-bytes with an error line, quickly.
    let out = run(&["batch", "-q", "--max-bytes", "1000000", s(&big)]);
    assert_no_panic(&out, "batch over --max-bytes");
    let lines = jsonl(&out.stdout);
    assert_eq!(lines.len(), 1);
    assert!(
        lines[0]["error"].as_str().unwrap().contains(s(&big)),
        "{}",
        lines[0]
    );
}

// ---------------------------------------------------------------------------------------------
// F1: `-o` onto a device or FIFO must write into it, never rename a file over it.
// Before the fix, every `-o` renamed a temporary file over the target, whatever the
// target was. Run as root, `vnplan batch arch -o /dev/full` REPLACED THE DEVICE NODE /dev/full
// with a regular file (I recreated it with mknod); `-o /dev/null` or `-o /dev/stdout` would do
// the same. A FIFO given as -o is replaced by a file and the reader waits forever.
// Fix: when the target exists and is not a regular file (fifo, char/block device, socket),
// write into it directly (no rename), or refuse with one line. Affects restore
// (restore::format::write_atomic), batch (batch::sink / .partial rename), compare and build
// (batch::atomic::write_atomically, cli/build.rs write_atomically).
#[test]
fn output_onto_a_fifo_is_written_into_not_replaced() {
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("plan.txt");
    fs::write(&input, "Uy ban nhan dan tinh\n").unwrap();
    for sub in ["restore", "batch", "compare"] {
        let fifo = tmp.path().join(format!("{sub}.fifo"));
        let made = Command::new("mkfifo").arg(&fifo).status().unwrap();
        assert!(made.success());
        // A reader that drains the FIFO, so a correct writer does not block. If vnplan
        // replaces the FIFO, the reader stays blocked in open(); it is simply abandoned.
        let (tx, rx) = std::sync::mpsc::channel();
        let fifo_r = fifo.clone();
        std::thread::spawn(move || {
            let got = fs::read(&fifo_r).unwrap_or_default();
            let _ = tx.send(got);
        });
        let records = tmp.path().join("records.jsonl");
        if sub == "compare" {
            fs::write(&records, "").unwrap();
        }
        let args: Vec<&str> = match sub {
            "restore" => vec!["restore", s(&input), "-o", s(&fifo)],
            "batch" => vec!["batch", "-q", "--no-restore", s(&input), "-o", s(&fifo)],
            _ => vec!["compare", s(&records), "-o", s(&fifo)],
        };
        let out = run(&args);
        assert_no_panic(&out, sub);
        use std::os::unix::fs::FileTypeExt;
        let kind = fs::symlink_metadata(&fifo).unwrap().file_type();
        assert!(
            kind.is_fifo(),
            "{sub} -o FIFO replaced the FIFO with a regular file"
        );
        let got = rx.recv_timeout(Duration::from_secs(10)).unwrap_or_default();
        assert!(!got.is_empty(), "{sub}: nothing arrived through the FIFO");
    }
}

// ---------------------------------------------------------------------------------------------
// F2: `restore --models DIR` with DIR missing (a typo) or a regular file must not silently
// fall back to the compiled-in models. Before the fix:
//   vnplan restore --models /nonexistent plan.txt; echo $?     -> restored text, 0, no warning
//   vnplan restore --models plan.txt plan.txt                  -> same
// Expected: exit 1, `vnplan: /nonexistent: no such file or directory` (files missing INSIDE an
// existing DIR may still come from the built-in models, as documented).
#[test]
fn restore_models_dir_that_does_not_exist_is_an_error() {
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("plan.txt");
    fs::write(&input, "Uy ban nhan dan tinh\n").unwrap();
    let out = run(&["restore", "--models", "/nonexistent/models", s(&input)]);
    assert_fails_naming(&out, "/nonexistent/models", "restore --models missing dir");
    let out = run(&["restore", "--models", s(&input), s(&input)]);
    assert_fails_naming(&out, s(&input), "restore --models FILE");
}

// ---------------------------------------------------------------------------------------------
// F3: `eval fields GOLD HYP` must say so when it scores an unreadable hypothesis
// (binary, not JSON, empty, nested 100k deep, JSONL with several records, `null`, `[]`) as an
// empty record, exit 0, no word on stderr. Repro:
//   head -c 200000 /dev/urandom > r.bin; vnplan eval fields corpus/gold/dev/003.json r.bin
//   -> "r.bin: 0.136 below 1: ..." exit 0
// The "missing hypothesis scores as empty" rule fits a file that does not exist in a HYP
// directory; a file that exists but is not a record should be an error (or at least a
// warning naming it).
#[test]
fn eval_fields_does_not_score_garbage_silently() {
    let tmp = tempfile::tempdir().unwrap();
    let gold = root().join("corpus/gold/dev/003.json");
    let cases: Vec<(&str, Vec<u8>)> = vec![
        ("random.bin", noise(20_000, 1, true)),
        ("empty.json", Vec::new()),
        ("not-json.json", b"hello".to_vec()),
        ("array.json", b"[]".to_vec()),
    ];
    for (name, bytes) in cases {
        let hyp = tmp.path().join(name);
        fs::write(&hyp, bytes).unwrap();
        let out = run(&["eval", "fields", s(&gold), s(&hyp)]);
        assert_no_panic(&out, name);
        let err = stderr(&out);
        assert!(
            err.contains(s(&hyp)),
            "eval fields: garbage hypothesis {name} scored silently (exit {:?})",
            out.status.code()
        );
    }
}

// ---------------------------------------------------------------------------------------------
// F4 (misleading message, fixed by giving both commands --encoding; same for `vnplan syllables` since it decodes like extract): `vnplan extract` on a file of unknown encoding says
// "...; use --encoding", but extract has no --encoding option (only batch does):
//   vnplan extract latin1.txt         -> "cannot determine the text encoding (...); use --encoding"
//   vnplan extract --encoding utf-8 x -> error: unexpected argument '--encoding' found (exit 2)
// Fix: give extract --encoding (batch has it) or word the hint per command.
#[test]
fn extract_suggests_only_options_it_has() {
    let tmp = tempfile::tempdir().unwrap();
    let latin1 = tmp.path().join("latin1.txt");
    fs::write(
        &latin1,
        b"Caf\xe9 r\xe9sum\xe9 na\xefve \xc0 \xe0 \xff\n".repeat(40),
    )
    .unwrap();
    let out = run(&["extract", s(&latin1)]);
    assert_fails_naming(&out, s(&latin1), "extract latin1");
    if stderr(&out).contains("--encoding") {
        let help = run(&["extract", "--help"]);
        assert!(
            String::from_utf8_lossy(&help.stdout).contains("--encoding"),
            "extract's error suggests --encoding, which extract does not accept"
        );
    }
}

// ---------------------------------------------------------------------------------------------
// F5: the batch error line for a path that does not exist does not name it in "error",
// unlike every other error line (`{"source":"/nonexistent","error":"no such file or
// directory"}`). Repro: vnplan batch -q /nonexistent
#[test]
fn batch_error_for_a_missing_path_names_it() {
    let out = run(&["batch", "-q", "/nonexistent/plan-17.txt"]);
    assert_no_panic(&out, "batch missing");
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(
        v["error"]
            .as_str()
            .unwrap()
            .contains("/nonexistent/plan-17.txt"),
        "{v}"
    );
}
