//! Accuracy floors of the extractor alone: on the development texts as a perfect restorer
//! would give them (corpus/gold/dev/*.restored.txt), the plan records must score at least
//! 0.95 against their gold records, field by field as the official `score-fields` scores.

use serde_json::Value;
use std::path::Path;
use vnplan::eval::field_scores;
use vnplan::extract::Extractor;

const FLOOR: f64 = 0.95;

#[test]
fn dev_records_score_above_the_floor() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let ex = Extractor::new().expect("extractor");
    for name in ["000", "003"] {
        let dir = root.join("corpus/gold/dev");
        let text = std::fs::read_to_string(dir.join(format!("{name}.restored.txt"))).expect("text");
        let gold: Value = serde_json::from_str(
            &std::fs::read_to_string(dir.join(format!("{name}.json"))).expect("gold"),
        )
        .expect("gold JSON");
        let hyp = serde_json::to_value(ex.extract(&text)).expect("record");
        let s = field_scores(&gold, &hyp);
        let low: Vec<String> = s
            .fields
            .iter()
            .filter(|(k, v)| !k.ends_with(".attributes") && v.is_some_and(|v| v < 1.0))
            .map(|(k, v)| format!("{k}={:.2}", v.unwrap_or(0.0)))
            .collect();
        assert!(
            s.score >= FLOOR,
            "{name}: field score {:.3} below {FLOOR} ({})",
            s.score,
            low.join(", ")
        );
    }
}
