//! `vnplan eval dev` on a small folder laid out like the development documents, made here
//! from the bundled sample 003 and two header pages written for this test: the harness must
//! score each document exactly as the field scorer and the header comparison score it one by
//! one, count what is missing, and keep its tallies consistent.

use serde_json::{json, Value};
use std::path::Path;
use std::process::Command;
use vnplan::eval::dev::{evaluate_dev, DevOptions};
use vnplan::eval::field_scores;
use vnplan::eval::headers::same;
use vnplan::pipeline::Pipeline;

const DECISION: &str = "\
ỦY BAN NHÂN DÂN                         CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
TỈNH LẠNG SƠN                                Độc lập - Tự do - Hạnh phúc

Số: 1234/QĐ-UBND                      Lạng Sơn, ngày 12 tháng 3 năm 2024

QUYẾT ĐỊNH
Về việc thành lập Tổ công tác rà soát thủ tục hành chính năm 2024

CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH LẠNG SƠN

Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;

Xét đề nghị của Chánh Văn phòng Ủy ban nhân dân tỉnh.

QUYẾT ĐỊNH:

Điều 1. Thành lập Tổ công tác rà soát thủ tục hành chính năm 2024 của tỉnh.

Điều 2. Tổ công tác tự giải thể sau khi hoàn thành nhiệm vụ.

Điều 3. Quyết định này có hiệu lực kể từ ngày ký.

Nơi nhận:                                           CHỦ TỊCH
- Như Điều 3;
- Lưu: VT.



                                                 Hoàng Văn Minh
";

const LETTER: &str = "\
BỘ NÔNG NGHIỆP VÀ MÔI TRƯỜNG             CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
                                             Độc lập - Tự do - Hạnh phúc

Số: 512/BNNMT-KH                       Hà Nội, ngày 5 tháng 8 năm 2025
V/v báo cáo kết quả thực hiện
kế hoạch sáu tháng đầu năm

Kính gửi: Ủy ban nhân dân các tỉnh, thành phố trực thuộc trung ương.

Để tổng hợp kết quả thực hiện kế hoạch sáu tháng đầu năm 2025, Bộ đề nghị các
địa phương gửi báo cáo trước ngày 20 tháng 8 năm 2025.

Nơi nhận:                                      KT. BỘ TRƯỞNG
- Như trên;                                     THỨ TRƯỞNG
- Lưu: VT, KH.



                                                 Trần Thị Lan
";

fn write(path: &Path, text: &str) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

fn repo(rel: &str) -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(rel)).unwrap()
}

/// A dev-docs folder: plan 03 (sample 003: clean, stripped and OCR, the `ocr-deu` version
/// missing) and two header pages whose gold has one deliberate error (the letter's number)
/// and one null (its type); an OCR'd-headers folder with an engine that reads the pages
/// exactly, one that misreads the decision's number, and the letter not read by it yet.
fn dev_docs(root: &Path) {
    let clean = repo("corpus/gold/dev/003.restored.txt");
    let plans = root.join("dev/plans");
    write(&plans.join("03.json"), &repo("corpus/gold/dev/003.json"));
    write(&plans.join("03.txt"), &clean);
    write(&plans.join("03.ascii.txt"), &vnplan::text::fold(&clean));
    write(
        &plans.join("03.ocr-eng.txt"),
        &repo("corpus/003-chi-linh-2021.ocr.txt"),
    );
    let headers = root.join("dev/headers");
    for (name, text) in [("001", DECISION), ("002", LETTER)] {
        write(&headers.join(format!("{name}.txt")), text);
        write(
            &headers.join(format!("{name}.ascii.txt")),
            &vnplan::text::fold(text),
        );
        write(&root.join(format!("ocr/clean/{name}.txt")), text);
        write(&root.join(format!("ocr/exact/{name}.txt")), text);
    }
    let gold = [
        json!({"file": "001.txt", "doc_type": "Quyết định", "number": "1234/QĐ-UBND",
               "date": "2024-03-12", "place": "Lạng Sơn",
               "issuer_name": "ỦY BAN NHÂN DÂN TỈNH LẠNG SƠN"}),
        json!({"file": "002.txt", "doc_type": null, "number": "513/BNNMT-KH",
               "date": "2025-08-05", "place": "Hà Nội",
               "issuer_name": "BỘ NÔNG NGHIỆP VÀ MÔI TRƯỜNG"}),
    ];
    let lines: Vec<String> = gold.iter().map(Value::to_string).collect();
    write(&headers.join("gold.jsonl"), &(lines.join("\n") + "\n"));
    write(
        &root.join("ocr/misread/001.txt"),
        &DECISION.replace("1234/QĐ", "1284/QĐ"),
    );
}

fn record_of(pipeline: &Pipeline, path: &Path) -> Value {
    let bytes = std::fs::read(path).unwrap();
    let p = pipeline
        .process(&path.display().to_string(), &bytes, None)
        .unwrap();
    serde_json::to_value(&p.record).unwrap()
}

#[test]
fn eval_dev_scores_every_document_as_the_scorers_do() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    dev_docs(root);
    let dev = root.join("dev");
    let pipeline = Pipeline::with_defaults(true).unwrap();
    let options = DevOptions {
        plans: true,
        headers: true,
        ocr_headers: Some(root.join("ocr")),
        threads: 2,
        progress: false,
        records: Some(root.join("records")),
    };
    let report = evaluate_dev(&pipeline, &dev, &options).unwrap();

    // Plans: each variant scored as field_scores scores the record it wrote, and that
    // record is the one the pipeline gives (`vnplan extract`'s path).
    let plans = report.plans.as_ref().unwrap();
    let gold: Value = serde_json::from_str(&repo("corpus/gold/dev/003.json")).unwrap();
    let doc = &plans.documents["03"];
    for variant in ["clean", "stripped", "ocr-eng"] {
        let written = root.join(format!("records/plans/{variant}/03.json"));
        let record: Value =
            serde_json::from_str(&std::fs::read_to_string(written).unwrap()).unwrap();
        let expected = field_scores(&gold, &record);
        assert_eq!(doc[variant].score, expected.score, "{variant}");
        assert_eq!(doc[variant].fields, expected.fields, "{variant}");
        assert_eq!(plans.mean[variant], expected.score);
        if variant == "clean" {
            assert_eq!(record, record_of(&pipeline, &dev.join("plans/03.txt")));
        }
    }
    assert!(doc["clean"].score >= 0.9, "{}", doc["clean"].score);
    // The missing OCR version is scored as an empty record, and said so.
    assert_eq!(doc["ocr-deu"].score, field_scores(&gold, &json!({})).score);
    assert!(
        report
            .problems
            .iter()
            .any(|p| p.contains("03.ocr-deu.txt") && p.contains("missing")),
        "{:?}",
        report.problems
    );
    assert_eq!(
        plans.field_means["number"]["clean"],
        doc["clean"].fields["number"]
    );

    // Header set: the deliberate gold error is a miss; the null type is apart.
    let headers = report.headers.as_ref().unwrap();
    for variant in ["clean", "stripped"] {
        let s = &headers.scores[variant];
        assert_eq!(s.documents, 2);
        let number = s.fields["number"];
        assert_eq!((number.n, number.n_non_null), (2, 2));
        assert!(number.matched <= 1);
        assert!(s
            .misses
            .iter()
            .any(|m| m.file == "002.txt" && m.field == "number" && m.expected == "513/BNNMT-KH"));
        let doc_type = s.fields["doc_type"];
        assert_eq!((doc_type.n, doc_type.n_non_null), (2, 1));
        // Every tally agrees with a comparison made page by page.
        let suffix = if variant == "clean" {
            ".txt"
        } else {
            ".ascii.txt"
        };
        let record = record_of(&pipeline, &dev.join(format!("headers/001{suffix}")));
        let date_ok = same("date", Some(&json!("2024-03-12")), record.get("date"));
        let misses_001_date = s
            .misses
            .iter()
            .any(|m| m.file == "001.txt" && m.field == "date");
        assert_eq!(date_ok, !misses_001_date);
    }

    // OCR agreement: the exact engine agrees everywhere, the misreading one on all but the
    // number, and the letter it has not read is left out for every engine.
    let ocr = report.ocr_headers.as_ref().unwrap();
    assert_eq!(ocr.engines, vec!["exact", "misread"]);
    assert_eq!(ocr.pages, 1);
    assert_eq!(ocr.pending.get("misread"), Some(&1));
    let exact = &ocr.agreement["exact"];
    assert_eq!(exact.overall().matched, 5);
    assert!(exact.misses.is_empty());
    let misread = &ocr.agreement["misread"];
    assert_eq!(misread.overall().matched, 4);
    assert_eq!(misread.misses.len(), 1);
    assert_eq!(misread.misses[0].got, "1284/QĐ-UBND");
    assert_eq!(ocr.agreement_all.overall().n, 10);
    assert_eq!(ocr.gold["clean"].documents, 1);

    // Calibration: every judged field lands in exactly one bucket.
    let c = &report.calibration;
    for cal in c.sources.values().chain([&c.all]) {
        let in_buckets: usize = cal.buckets.iter().map(|b| b.tally.n).sum();
        let by_key: usize = cal.by_key.values().map(|k| k.all.n).sum();
        assert_eq!(in_buckets, by_key);
        let confident: usize = cal.buckets[4..].iter().map(|b| b.tally.n).sum();
        assert_eq!(confident, cal.confident.n);
    }
    assert_eq!(
        c.all.confident.n,
        c.sources["plans"].confident.n + c.sources["headers"].confident.n
    );
    assert!(c.sources["headers"].by_key.contains_key("number"));
    assert!(c.sources.contains_key("ocr-headers"));
}

#[test]
fn eval_dev_command_line() {
    let tmp = tempfile::tempdir().unwrap();
    dev_docs(tmp.path());
    let vnplan = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_vnplan"))
            .args(args)
            .output()
            .unwrap()
    };
    let dev = tmp.path().join("dev");
    let out = vnplan(&[
        "eval",
        "dev",
        dev.to_str().unwrap(),
        "--only",
        "headers",
        "--json",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(report.get("plans").is_none());
    assert_eq!(report["headers"]["scores"]["clean"]["documents"], 2);

    let out = vnplan(&[
        "eval",
        "dev",
        dev.to_str().unwrap(),
        "--only",
        "headers",
        "--show-misses",
    ]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("Header set (2 documents)"), "{text}");
    assert!(text.contains("want \"513/BNNMT-KH\""), "{text}");
    assert!(text.contains("Calibration"), "{text}");

    let missing = tmp.path().join("no-such-dev-docs");
    let out = vnplan(&["eval", "dev", missing.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("no-such-dev-docs: no such folder"), "{err}");

    let out = vnplan(&[
        "eval",
        "dev",
        dev.to_str().unwrap(),
        "--only",
        "ocr-headers",
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--ocr-headers"));
}
