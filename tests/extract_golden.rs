//! Golden records: whole plan records of the gold-restored development texts and the clean
//! 004 text stay as they are unless a change means them to move. Rewrite the files under
//! tests/golden/ with `UPDATE_GOLDEN=1 cargo test --test extract_golden` and review the diff.

use std::path::Path;
use vnplan::extract::Extractor;

const CASES: [(&str, &str); 3] = [
    ("corpus/gold/dev/000.restored.txt", "tests/golden/000.json"),
    ("corpus/gold/dev/003.restored.txt", "tests/golden/003.json"),
    (
        "corpus/004-hai-duong-2021.clean.txt",
        "tests/golden/004.json",
    ),
];

#[test]
fn records_match_golden_files() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let ex = Extractor::new().expect("extractor");
    let update = std::env::var_os("UPDATE_GOLDEN").is_some_and(|v| v == "1");
    let mut stale = Vec::new();
    for (input, golden) in CASES {
        let text = std::fs::read_to_string(root.join(input)).expect("input text");
        let got = serde_json::to_string_pretty(&ex.extract(&text)).expect("serialise") + "\n";
        let path = root.join(golden);
        if update {
            std::fs::write(&path, &got).expect("write golden file");
            continue;
        }
        let want = std::fs::read_to_string(&path).unwrap_or_default();
        if got != want {
            stale.push(golden);
        }
    }
    assert!(
        stale.is_empty(),
        "records differ from {stale:?}; if the change is meant, run UPDATE_GOLDEN=1 cargo test --test extract_golden"
    );
}
