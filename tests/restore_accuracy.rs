//! Accuracy floors of the restorer on the sample corpus, scored exactly as
//! `score-restore` scores (`vnplan::eval::syllable_accuracy`). Each floor sits a little below
//! what the restorer measures today (in brackets), so a regression fails while noise does not.
//! 001 and 002 are evaluation-only documents: measured here, never tuned on.

use std::path::Path;
use std::sync::OnceLock;
use vnplan::eval::syllable_accuracy;
use vnplan::restore::Restorer;

fn restorer() -> &'static Restorer {
    static R: OnceLock<Restorer> = OnceLock::new();
    R.get_or_init(|| Restorer::load_default().expect("built-in models load"))
}

fn read(rel: &str) -> String {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join(rel);
    std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

fn accuracy(gold: &str, input: &str) -> f64 {
    let restored = restorer().restore(input);
    syllable_accuracy(gold, &restored.text, 0).accuracy
}

#[test]
fn stripped_004_is_restored() {
    let clean = read("corpus/004-hai-duong-2021.clean.txt");
    let stripped = vnplan::text::fold(&clean);
    let acc = accuracy(&clean, &stripped);
    assert!(acc >= 0.975, "004 stripped: {acc:.4} (measured 0.9838)");
}

#[test]
fn clean_004_comes_out_byte_identical() {
    let clean = read("corpus/004-hai-duong-2021.clean.txt");
    let r = restorer().restore(&clean);
    assert_eq!(r.text, clean);
    assert!(r.changes.is_empty());
    assert_eq!(r.noise, 0.0);
}

#[test]
fn ocr_000_dropped_vowel_engine() {
    let gold = read("corpus/gold/dev/000.restored.txt");
    let acc = accuracy(&gold, &read("corpus/000-thai-nguyen-2021.ocr.txt"));
    assert!(acc >= 0.91, "000: {acc:.4} (measured 0.9218)");
}

#[test]
fn ocr_003() {
    let gold = read("corpus/gold/dev/003.restored.txt");
    let acc = accuracy(&gold, &read("corpus/003-chi-linh-2021.ocr.txt"));
    assert!(acc >= 0.96, "003: {acc:.4} (measured 0.9760)");
}

#[test]
fn ocr_001_and_002_evaluation_only() {
    let cases = [
        ("001", "corpus/001-van-xuan-2025.ocr.txt", 0.96, 0.9717),
        ("002", "corpus/002-dong-thap-2022.ocr.txt", 0.945, 0.9564),
    ];
    for (id, input, floor, measured) in cases {
        let gold = read(&format!("corpus/gold/eval/{id}.restored.txt"));
        let acc = accuracy(&gold, &read(input));
        assert!(acc >= floor, "{id}: {acc:.4} (measured {measured})");
    }
}

/// `text` with the marks of each letter run dropped on a seeded coin (p = 1/2): a half-typed
/// text, or a Vietnamese OCR engine that loses some marks.
fn half_stripped(text: &str, seed: u64) -> String {
    let mut state = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
    let mut coin = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state & 1 == 1
    };
    let mut out = String::with_capacity(text.len());
    let mut word = String::new();
    let mut flush = |word: &mut String, out: &mut String| {
        if !word.is_empty() {
            if coin() {
                out.push_str(&vnplan::text::fold(word));
            } else {
                out.push_str(word);
            }
            word.clear();
        }
    };
    for c in text.chars() {
        if c.is_alphabetic() {
            word.push(c);
        } else {
            flush(&mut word, &mut out);
            out.push(c);
        }
    }
    flush(&mut word, &mut out);
    out
}

#[test]
fn half_stripped_text_is_restored() {
    // Development texts only: the gold restorations of 000 and 003.
    for (id, floor, measured) in [("000", 0.99, 0.9962), ("003", 0.99, 0.9956)] {
        let gold = read(&format!("corpus/gold/dev/{id}.restored.txt"));
        let acc = accuracy(&gold, &half_stripped(&gold, 9));
        eprintln!("half-stripped {id}: {acc:.4}");
        assert!(
            acc >= floor,
            "{id} half-stripped: {acc:.4} (measured {measured})"
        );
    }
}
