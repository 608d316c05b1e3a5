//! vnplan's evaluation must agree with the official scoring tools to the digit. The expected
//! values were produced by `score-restore` and `score-fields` on these very files; if the
//! alignment or normalisation drifts, these fail.

use serde_json::Value;
use std::path::{Path, PathBuf};
use vnplan::eval::{field_scores, syllable_accuracy};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).to_path_buf()
}

fn read(rel: &str) -> String {
    std::fs::read_to_string(root().join(rel)).unwrap()
}

#[test]
fn syllable_accuracy_agrees_with_score_restore() {
    // (gold, hypothesis, correct, gold syllables, hypothesis syllables, accuracy)
    let cases = [
        (
            "corpus/gold/dev/000.restored.txt",
            "corpus/000-thai-nguyen-2021.ocr.txt",
            812,
            2917,
            2991,
            0.27837,
        ),
        (
            "corpus/gold/dev/003.restored.txt",
            "corpus/003-chi-linh-2021.ocr.txt",
            506,
            3619,
            3645,
            0.13982,
        ),
        // 003 copies much of 004: a long alignment with many inserted syllables.
        (
            "corpus/gold/dev/003.restored.txt",
            "corpus/004-hai-duong-2021.clean.txt",
            3097,
            3619,
            3999,
            0.85576,
        ),
    ];
    for (gold, hyp, correct, n_gold, n_hyp, accuracy) in cases {
        let s = syllable_accuracy(&read(gold), &read(hyp), 0);
        assert_eq!(
            (s.correct, s.gold_syllables, s.hyp_syllables, s.accuracy),
            (correct, n_gold, n_hyp, accuracy),
            "{hyp} against {gold}"
        );
    }
}

#[test]
fn field_scores_agree_with_score_fields() {
    let gold: Value = serde_json::from_str(&read("corpus/gold/dev/003.json")).unwrap();
    let hyp: Value = serde_json::from_str(&read("tests/data/eval/003-perturbed.json")).unwrap();
    let s = field_scores(&gold, &hyp);
    assert_eq!((s.score * 1e4).round() / 1e4, 0.9212);
    let expect = [
        ("title", Some(0.0)),
        ("references", Some(0.6)),
        ("references.attributes", Some(1.0)),
        ("awards", Some(2.0 / 3.0)),
        ("recipients", Some(1.0)),
        ("movement.period", Some(1.0)),
        ("criteria.targets", Some(1.0)),
    ];
    for (field, want) in expect {
        assert_eq!(s.fields[field], want, "{field}");
    }
    assert_eq!(s.order.len(), 24);
}
