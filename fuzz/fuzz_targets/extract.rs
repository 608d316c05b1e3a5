//! Fuzz target: reading a plan record from any text. The extractor is built once per process;
//! each input is read as UTF-8 (invalid bytes replaced), extracted and serialised. Extraction
//! must never panic and every confidence is a number in [0, 1].

#![no_main]

use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;
use vnplan::Extractor;

static EXTRACTOR: OnceLock<Extractor> = OnceLock::new();

fuzz_target!(|data: &[u8]| {
    let extractor = EXTRACTOR.get_or_init(|| Extractor::new().expect("shipped dictionaries"));
    let text = String::from_utf8_lossy(data);
    let record = extractor.extract(&text);
    for (field, p) in &record.provenance {
        assert!(
            (0.0..=1.0).contains(&p.confidence),
            "{field}: confidence {}",
            p.confidence
        );
    }
    serde_json::to_string(&record).expect("a record serialises");
});
