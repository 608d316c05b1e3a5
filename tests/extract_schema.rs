//! Every record vnplan writes validates against schema/plan.schema.json: the records of
//! the five corpus files as `vnplan extract` writes them, and those of inputs that are not
//! plans at all.

use serde_json::Value;
use std::path::Path;
use std::process::Command;
use vnplan::extract::Extractor;

fn schema() -> jsonschema::JSONSchema {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("schema/plan.schema.json");
    let text = std::fs::read_to_string(&path).expect("schema file");
    let value: Value = serde_json::from_str(&text).expect("schema is JSON");
    jsonschema::JSONSchema::compile(&value).expect("schema compiles")
}

fn assert_valid(schema: &jsonschema::JSONSchema, rec: &Value, what: &str) {
    if let Err(errors) = schema.validate(rec) {
        let msgs: Vec<String> = errors
            .map(|e| format!("{} at {}", e, e.instance_path))
            .collect();
        panic!(
            "{what}: record does not match the schema:\n{}",
            msgs.join("\n")
        );
    }
}

const CORPUS: [&str; 5] = [
    "corpus/000-thai-nguyen-2021.ocr.txt",
    "corpus/001-van-xuan-2025.ocr.txt",
    "corpus/002-dong-thap-2022.ocr.txt",
    "corpus/003-chi-linh-2021.ocr.txt",
    "corpus/004-hai-duong-2021.clean.txt",
];

/// Runs `vnplan extract FLAGS corpus…` and returns one record per corpus file, in order.
fn extract_corpus(flags: &[&str]) -> Vec<Value> {
    let out = Command::new(env!("CARGO_BIN_EXE_vnplan"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .arg("extract")
        .args(flags)
        .args(CORPUS)
        .output()
        .expect("run vnplan");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).expect("UTF-8 output");
    let records: Vec<Value> = text
        .lines()
        .map(|line| serde_json::from_str(line).expect("JSON line"))
        .collect();
    assert_eq!(records.len(), CORPUS.len(), "one JSON line per input");
    records
}

#[test]
fn cli_records_of_the_corpus_validate() {
    let schema = schema();
    for (rec, path) in extract_corpus(&["--no-restore"]).iter().zip(CORPUS) {
        assert_eq!(rec["source"]["path"], path);
        assert_valid(&schema, rec, path);
    }
}

#[test]
fn cli_records_of_the_restored_corpus_validate() {
    let schema = schema();
    for (rec, path) in extract_corpus(&["--jsonl"]).iter().zip(CORPUS) {
        assert_valid(&schema, rec, path);
        let noise = rec["source"]["ocr_noise"].as_f64().expect("ocr_noise");
        assert!((0.0..=1.0).contains(&noise), "{path}: ocr_noise {noise}");
    }
}

#[test]
fn single_file_is_pretty_json() {
    let root = env!("CARGO_MANIFEST_DIR");
    let out = Command::new(env!("CARGO_BIN_EXE_vnplan"))
        .current_dir(root)
        .args(["extract", "--no-restore", CORPUS[4]])
        .output()
        .expect("run vnplan");
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).expect("UTF-8 output");
    assert!(text.starts_with("{\n"), "pretty JSON");
    let rec: Value = serde_json::from_str(&text).expect("JSON");
    assert_valid(&schema(), &rec, CORPUS[4]);
}

#[test]
fn records_of_the_restored_dev_texts_validate() {
    let schema = schema();
    let ex = Extractor::new().expect("extractor");
    for name in ["000", "003"] {
        let path = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join(format!("corpus/gold/dev/{name}.restored.txt"));
        let text = std::fs::read_to_string(&path).expect("dev text");
        let rec = serde_json::to_value(ex.extract(&text)).expect("serialise");
        assert_valid(&schema, &rec, name);
    }
}

#[test]
fn records_of_junk_validate_and_hold_nothing_made_up() {
    let schema = schema();
    let ex = Extractor::new().expect("extractor");
    let junk = [
        "",
        "\n\n\n",
        "Giá vàng hôm nay tăng mạnh. Theo Quyết định số 749/QĐ-TTg, chuyển đổi số là ưu tiên.\nPhóng viên Nguyễn Văn A",
        "STT\tHọ tên\tĐơn vị\n1\tNguyễn Văn A\tSở Nội vụ\n2\tTrần Thị B\tUBND tỉnh\n",
        "Số: \nngày tháng năm\nKẾ HOẠCH\n",
        "I. II. III. a) b) - - - Nơi nhận: - ; - Lưu",
    ];
    for t in junk {
        let rec = ex.extract(t);
        assert!(
            rec.number.is_none() && rec.date.is_none() && rec.issuer.is_none(),
            "{t:?}"
        );
        assert!(
            rec.provenance.values().all(|p| p.confidence < 0.5),
            "{t:?}: low confidence expected"
        );
        let value = serde_json::to_value(&rec).expect("serialise");
        assert_valid(&schema, &value, t);
    }
}

/// Runs vnplan with `args` and returns its JSON lines.
fn json_lines(args: &[&str]) -> Vec<Value> {
    let out = Command::new(env!("CARGO_BIN_EXE_vnplan"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(args)
        .output()
        .expect("run vnplan");
    assert!(
        matches!(out.status.code(), Some(0 | 1)),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout)
        .expect("UTF-8 output")
        .lines()
        .map(|line| serde_json::from_str(line).expect("JSON line"))
        .collect()
}

#[test]
fn every_line_batch_and_extract_write_validates() {
    let schema = schema();
    let dir = tempfile::tempdir().unwrap();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    std::fs::copy(root.join(CORPUS[4]), dir.path().join("plan.txt")).unwrap();
    std::fs::write(
        dir.path().join("scan.txt"),
        "Thue hién Quyét dinh s6 749/QD-TTg ngay 03/6/2020 ctia Thi tuéng Chinh phu\n",
    )
    .unwrap();
    std::fs::write(dir.path().join("empty.txt"), "").unwrap();
    std::fs::write(dir.path().join("binary.txt"), [0u8, 159, 146, 150, 7, 0, 1]).unwrap();
    let d = dir.path().to_str().unwrap();
    let missing = "/nonexistent/plan.txt";
    let batch = json_lines(&["batch", "-q", "--restored", d, missing]);
    let files: Vec<String> = ["binary.txt", "empty.txt", "plan.txt", "scan.txt"]
        .iter()
        .map(|f| format!("{d}/{f}"))
        .collect();
    let mut extract_args = vec!["extract", "--json"];
    extract_args.extend(files.iter().map(String::as_str));
    extract_args.push(missing);
    let extract = json_lines(&extract_args);
    for (what, lines) in [("batch --restored", &batch), ("extract --json", &extract)] {
        assert_eq!(lines.len(), 5, "{what}: one line per input");
        for line in lines.iter() {
            assert_valid(&schema, line, what);
        }
        let errors = lines.iter().filter(|l| l.get("error").is_some()).count();
        assert_eq!(errors, 3, "{what}: the empty, binary and missing inputs");
    }
    let restored = batch.iter().filter(|l| l["restored"].is_string()).count();
    assert_eq!(restored, 2, "records with their restored text");
}
