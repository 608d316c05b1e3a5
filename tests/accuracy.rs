//! Accuracy floors on the bundled corpus, measured with the evaluation command's own code
//! (`vnplan eval corpus`). Each floor sits a little below what vnplan measures today, so a
//! regression fails CI while noise in unrelated changes does not. Raise them when vnplan
//! gets better; never lower one to make a change pass.

use std::path::Path;
use vnplan::eval::corpus::{evaluate, CorpusReport, RestoreInput, Split};
use vnplan::pipeline::Pipeline;

fn report() -> CorpusReport {
    let pipeline = Pipeline::with_defaults(true).expect("built-in models load");
    evaluate(
        &pipeline,
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus"),
    )
    .expect("corpus evaluates")
}

fn restore_accuracy(report: &CorpusReport, id: &str, input: RestoreInput) -> f64 {
    report
        .restore
        .iter()
        .find(|r| r.id == id && r.input == input)
        .unwrap_or_else(|| panic!("no {input:?} measurement for {id}"))
        .accuracy
}

#[test]
fn restoration_and_extraction_stay_above_their_floors() {
    let report = report();
    let restore_floors = [
        ("004", RestoreInput::Stripped, 0.975),
        ("004", RestoreInput::Clean, 0.999),
        ("000", RestoreInput::Ocr, 0.915),
        ("001", RestoreInput::Ocr, 0.96),
        ("002", RestoreInput::Ocr, 0.945),
        ("003", RestoreInput::Ocr, 0.965),
    ];
    let mut failures = Vec::new();
    for (id, input, floor) in restore_floors {
        let got = restore_accuracy(&report, id, input);
        if got < floor {
            failures.push(format!("restore {id} {input:?}: {got:.4} < {floor}"));
        }
    }
    for (split, floor) in [(Split::Dev, 0.98), (Split::Eval, 0.93)] {
        let got = report.mean_fields(split).unwrap_or(0.0);
        if got < floor {
            failures.push(format!("mean field score {split:?}: {got:.3} < {floor}"));
        }
    }
    assert!(
        failures.is_empty(),
        "below the floor:\n{}",
        failures.join("\n")
    );
}

#[test]
fn identity_fields_are_exact_on_ocr_documents() {
    // Number, date, place and issuer are what archives index plans by: they must be exact
    // on every OCR'd sample, not merely good on average.
    let report = report();
    for row in report
        .fields
        .iter()
        .filter(|r| ["000", "001", "002", "003"].contains(&r.id.as_str()))
    {
        let wrong: Vec<&str> = row
            .below_one
            .iter()
            .map(|(k, _)| k.as_str())
            .filter(|k| {
                [
                    "number",
                    "date",
                    "place",
                    "issuer.name",
                    "issuer.level",
                    "issuer.locality",
                ]
                .contains(k)
            })
            .collect();
        assert!(wrong.is_empty(), "{}: {wrong:?} not exact", row.id);
    }
}
