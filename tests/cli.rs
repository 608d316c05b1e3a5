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

/// `vnplan args…` in the repository's root, with `stdin`.
fn vnplan_in_root(args: &[&str], stdin: &[u8]) -> Output {
    use std::io::Write;
    use std::process::Stdio;
    let mut child = Command::new(env!("CARGO_BIN_EXE_vnplan"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("vnplan runs");
    let mut pipe = child.stdin.take().unwrap();
    let input = stdin.to_vec();
    let feeder = std::thread::spawn(move || {
        let _ = pipe.write_all(&input);
    });
    let out = child.wait_with_output().unwrap();
    feeder.join().unwrap();
    out
}

fn stdout_lines(out: &Output) -> Vec<serde_json::Value> {
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).expect("a JSON line"))
        .collect()
}

const PLAN: &str = "corpus/004-hai-duong-2021.clean.txt";
const OCR: &str = "corpus/003-chi-linh-2021.ocr.txt";

#[test]
fn batch_of_the_corpus_folder_gives_one_record_per_plan() {
    // The README's example: the gold restorations and notes under corpus/gold are not plans.
    let out = vnplan_in_root(&["batch", "-q", "--no-restore", "corpus/"], b"");
    assert!(out.status.success());
    let sources: Vec<String> = stdout_lines(&out)
        .iter()
        .map(|r| r["source"]["path"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(
        sources,
        [
            "corpus/000-thai-nguyen-2021.ocr.txt",
            "corpus/001-van-xuan-2025.ocr.txt",
            "corpus/002-dong-thap-2022.ocr.txt",
            "corpus/003-chi-linh-2021.ocr.txt",
            "corpus/004-hai-duong-2021.clean.txt"
        ]
    );
}

#[test]
fn a_restored_dir_inside_the_inputs_is_not_read_back() {
    let dir = tempfile::tempdir().unwrap();
    let tree = dir.path().join("archive");
    std::fs::create_dir_all(tree.join("sub")).unwrap();
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    std::fs::copy(root.join(PLAN), tree.join("a.txt")).unwrap();
    std::fs::copy(root.join(PLAN), tree.join("sub/b.txt")).unwrap();
    let t = tree.to_str().unwrap();
    let restored = tree.join("out");
    let out_file = tree.join("records.txt");
    let args = [
        "batch",
        "-q",
        "--no-restore",
        t,
        "--restored-dir",
        restored.to_str().unwrap(),
        "-o",
        out_file.to_str().unwrap(),
    ];
    for run in 0..2 {
        let out = vnplan(&args);
        assert!(out.status.success(), "run {run}");
        let text = std::fs::read_to_string(&out_file).unwrap();
        assert_eq!(text.lines().count(), 2, "run {run}: {text}");
    }
    let written = restored.join(tree.strip_prefix("/").unwrap());
    assert!(written.join("a.restored.txt").is_file());
    assert!(written.join("sub/b.restored.txt").is_file());
}

#[test]
fn every_input_argument_takes_stdin_and_several_files() {
    let plan = std::fs::read(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(PLAN)).unwrap();
    // extract -: the record of standard input, named <stdin>.
    let out = vnplan_in_root(&["extract", "--no-restore", "--json", "-"], &plan);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let lines = stdout_lines(&out);
    assert_eq!(lines.len(), 1);
    assert_eq!(lines[0]["source"]["path"], "<stdin>");
    assert!(lines[0]["issuer"]["name"].is_string(), "{}", lines[0]);
    // syllables: several files and -, one summary each, in order.
    let out = vnplan_in_root(&["syllables", "--json", "-s", PLAN, "-", OCR], &plan);
    assert!(out.status.success());
    let files: Vec<String> = stdout_lines(&out)
        .iter()
        .map(|l| l["file"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(files, [PLAN, "<stdin>", OCR]);
    // restore: several files come out one after the other, as cat prints them.
    let one = vnplan_in_root(&["restore", PLAN], b"");
    let two = vnplan_in_root(&["restore", PLAN, "-"], &plan);
    assert!(two.status.success());
    assert_eq!(two.stdout, [one.stdout.clone(), one.stdout].concat());
    // `-` once only.
    let out = vnplan_in_root(&["extract", "-", "-"], &plan);
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn every_command_writes_where_o_says() {
    let dir = tempfile::tempdir().unwrap();
    let d = |name: &str| dir.path().join(name).to_str().unwrap().to_string();
    let cases: Vec<Vec<String>> = vec![
        vec!["syllables".into(), PLAN.into()],
        vec!["restore".into(), PLAN.into()],
        vec!["extract".into(), "--no-restore".into(), PLAN.into()],
        vec!["batch".into(), "--no-restore".into(), PLAN.into()],
        vec![
            "eval".into(),
            "restore".into(),
            "corpus/gold/dev/003.restored.txt".into(),
            OCR.into(),
        ],
        vec![
            "eval".into(),
            "fields".into(),
            "corpus/gold/dev/003.json".into(),
            "corpus/gold/dev/000.json".into(),
        ],
    ];
    for (i, args) in cases.iter().enumerate() {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let to_stdout = vnplan_in_root(&args, b"");
        assert!(to_stdout.status.success(), "{args:?}");
        let target = d(&format!("out-{i}"));
        let mut with_o = args.clone();
        with_o.extend(["-q", "-o", &target]);
        let to_file = vnplan_in_root(&with_o, b"");
        assert!(to_file.status.success(), "{with_o:?}");
        assert!(to_file.stdout.is_empty(), "{with_o:?} wrote to stdout");
        assert_eq!(
            std::fs::read(&target).unwrap(),
            to_stdout.stdout,
            "{with_o:?}"
        );
    }
    // build writes with -o too (and still understands the old --out).
    let text = d("clean.txt");
    std::fs::write(&text, "Kế hoạch tổ chức phong trào thi đua\n").unwrap();
    for flag in ["-o", "--output", "--out"] {
        let target = d(&format!("syllables{flag}.tsv"));
        let out = vnplan_in_root(&["build", "-q", "syllables", &text, flag, &target], b"");
        assert!(out.status.success(), "build syllables {flag}");
        assert!(std::fs::read_to_string(&target)
            .unwrap()
            .contains("phong\t1"));
    }
}

#[test]
fn extract_and_batch_use_rebuilt_models() {
    let dir = tempfile::tempdir().unwrap();
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    // A models directory whose language model is broken: the commands must read it and say so.
    let models = dir.path().join("models");
    std::fs::create_dir(&models).unwrap();
    std::fs::write(models.join("lm.bin"), b"not a model").unwrap();
    let m = models.to_str().unwrap();
    let lm = models.join("lm.bin");
    for args in [
        vec!["extract", "--models", m, OCR],
        vec!["batch", "-q", "--models", m, OCR],
        vec!["restore", "--models", m, OCR],
        vec!["eval", "corpus", "--models", m],
    ] {
        let out = vnplan_in_root(&args, b"");
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(lm.to_str().unwrap()), "{args:?}: {err}");
    }
    // A directory with a copy of the shipped models gives the same records as the built-in ones.
    std::fs::copy(root.join("dictionaries/lm.bin"), &lm).unwrap();
    let with = vnplan_in_root(&["extract", "--json", "--models", m, OCR], b"");
    let without = vnplan_in_root(&["extract", "--json", OCR], b"");
    assert!(with.status.success());
    assert_eq!(with.stdout, without.stdout);
}

#[test]
fn quiet_silences_warnings_everywhere() {
    // Windows-1258 bytes with one invalid sequence give a warning, unless -q.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("damaged.txt");
    let mut bytes = "Kế hoạch tổ chức phong trào thi đua trên địa bàn tỉnh "
        .repeat(20)
        .into_bytes();
    bytes.push(0xFF);
    std::fs::write(&path, bytes).unwrap();
    let p = path.to_str().unwrap();
    for sub in ["syllables", "restore", "extract", "batch"] {
        let loud = vnplan(&[sub, p]);
        assert!(
            String::from_utf8_lossy(&loud.stderr).contains("warning"),
            "{sub}"
        );
        for quiet in [vec![sub, "-q", p], vec!["--quiet", sub, p]] {
            let out = vnplan(&quiet);
            assert!(out.status.success(), "{quiet:?}");
            assert!(
                out.stderr.is_empty(),
                "{quiet:?}: {}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
    }
}

/// The names of the sections of an ELF64 little-endian executable.
fn elf_sections(elf: &[u8]) -> Vec<String> {
    assert_eq!(
        &elf[..6],
        b"\x7fELF\x02\x01",
        "not an ELF64 little-endian file"
    );
    let u16_at = |at: usize| usize::from(u16::from_le_bytes([elf[at], elf[at + 1]]));
    let u32_at = |at: usize| u32::from_le_bytes(elf[at..at + 4].try_into().unwrap()) as usize;
    let u64_at = |at: usize| u64::from_le_bytes(elf[at..at + 8].try_into().unwrap()) as usize;
    let (table, size, count, names) = (u64_at(0x28), u16_at(0x3a), u16_at(0x3c), u16_at(0x3e));
    let header = |i: usize| table + i * size;
    let strings = u64_at(header(names) + 0x18);
    (0..count)
        .map(|i| {
            let name = &elf[strings + u32_at(header(i))..];
            let end = name.iter().position(|&b| b == 0).unwrap();
            String::from_utf8_lossy(&name[..end]).into_owned()
        })
        .collect()
}

/// The release binary ships without debug info: users install it, profilers build
/// `--profile profiling`. (`cargo test` without --release builds the debug profile, which
/// keeps its debug info.)
#[test]
#[cfg(target_os = "linux")]
#[cfg_attr(debug_assertions, ignore = "the lean binary is the release profile's")]
fn the_release_binary_carries_no_debug_info() {
    let binary = std::fs::read(env!("CARGO_BIN_EXE_vnplan")).unwrap();
    let sections = elf_sections(&binary);
    assert!(sections.iter().any(|s| s == ".text"), "{sections:?}");
    let debug: Vec<_> = sections
        .iter()
        .filter(|s| s.starts_with(".debug"))
        .collect();
    assert!(
        debug.is_empty(),
        "debug sections in the release binary: {debug:?}"
    );
    // The models compiled in are most of it (lm.bin alone is 28 MB).
    let mib = binary.len() >> 20;
    assert!(mib < 45, "release binary of {mib} MiB");
}
