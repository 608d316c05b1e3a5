//! Properties of the restorer that must hold for any input: layout kept byte for byte outside
//! word tokens, spans inside the input, parallel output equal to serial output, no panic on
//! arbitrary strings, huge tokens or empty input, and clear errors for damaged model files.

use proptest::prelude::*;
use rayon::prelude::*;
use std::sync::OnceLock;
use vnplan::restore::{Restoration, Restorer};
use vnplan::text::{tokenize, TokenKind, ToneStyle};

fn restorer() -> &'static Restorer {
    static R: OnceLock<Restorer> = OnceLock::new();
    R.get_or_init(|| Restorer::load_default().expect("built-in models load"))
}

fn read(rel: &str) -> String {
    std::fs::read_to_string(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(rel)).unwrap()
}

/// The non-word tokens of a text, in order.
fn layout(text: &str) -> Vec<(TokenKind, String)> {
    tokenize(text)
        .into_iter()
        .filter(|t| t.kind != TokenKind::Word)
        .map(|t| (t.kind, t.text(text).to_string()))
        .collect()
}

/// Every change's span lies in the input, on char boundaries, in order, and the changes
/// rebuild the output from the input.
fn check_changes(input: &str, r: &Restoration) {
    let mut rebuilt = String::new();
    let mut at = 0;
    for c in &r.changes {
        assert!(
            c.span.start >= at && c.span.end <= input.len(),
            "{:?}",
            c.span
        );
        assert!(input.is_char_boundary(c.span.start) && input.is_char_boundary(c.span.end));
        assert_eq!(&input[c.span.clone()], c.input);
        assert!((0.0..=1.0).contains(&c.confidence));
        rebuilt.push_str(&input[at..c.span.start]);
        rebuilt.push_str(&c.output);
        at = c.span.end;
    }
    rebuilt.push_str(&input[at..]);
    assert_eq!(rebuilt, r.text);
    assert!((0.0..=1.0).contains(&r.noise));
}

#[test]
fn layout_is_kept_on_every_sample() {
    for f in [
        "corpus/000-thai-nguyen-2021.ocr.txt",
        "corpus/001-van-xuan-2025.ocr.txt",
        "corpus/002-dong-thap-2022.ocr.txt",
        "corpus/003-chi-linh-2021.ocr.txt",
    ] {
        let input = read(f);
        let r = restorer().restore(&input);
        assert_eq!(layout(&input), layout(&r.text), "{f}");
        check_changes(&input, &r);
        assert!(r.noise > 0.2, "{f}: garbled text is restored");
    }
}

#[test]
fn samples_read_the_way_the_issue_shows() {
    let cases = [
        (
            "UY BAN NHAN DAN TINH THAI NGUYEN",
            "ỦY BAN NHÂN DÂN TỈNH THÁI NGUYÊN",
        ),
        (
            "Quyét dinh s6 749/QD-TTg ngay 03/6/2020 ctia Thu tuéng",
            "Quyết định số 749/QĐ-TTg ngày 03/6/2020 của Thủ tướng",
        ),
        (
            "Nghi quyét s6 06-NQ/TU ngay 26/3/2021 ctia Ban Chap hanh",
            "Nghị quyết số 06-NQ/TU ngày 26/3/2021 của Ban Chấp hành",
        ),
    ];
    for (input, want) in cases {
        assert_eq!(restorer().restore(input).text, want);
    }
}

#[test]
fn parallel_equals_serial() {
    let docs: Vec<String> = [
        "corpus/000-thai-nguyen-2021.ocr.txt",
        "corpus/003-chi-linh-2021.ocr.txt",
        "corpus/004-hai-duong-2021.clean.txt",
    ]
    .iter()
    .map(|f| read(f))
    .collect();
    let serial: Vec<Restoration> = docs.iter().map(|d| restorer().restore(d)).collect();
    let parallel: Vec<Restoration> = docs.par_iter().map(|d| restorer().restore(d)).collect();
    assert_eq!(serial, parallel);
}

#[test]
fn edge_inputs_do_not_panic() {
    let long = "a".repeat(1000);
    let mixed = format!("{} ngay {} 2021", "đ".repeat(1000), "x6".repeat(500));
    for input in [
        "",
        " ",
        "\n\n",
        "123 456",
        "...",
        long.as_str(),
        mixed.as_str(),
    ] {
        let r = restorer().restore(input);
        assert_eq!(layout(input), layout(&r.text));
        check_changes(input, &r);
    }
}

#[test]
fn modern_tone_style_moves_marks() {
    let r = Restorer::load_default()
        .unwrap()
        .with_tone_style(ToneStyle::Modern);
    let out = r.restore("Uy ban nhan dan ve hoa binh").text;
    assert!(out.starts_with("Uỷ ban nhân dân"), "{out}");
}

#[test]
fn damaged_model_files_are_named() {
    let dir = tempfile::tempdir().unwrap();
    let good =
        std::fs::read(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("dictionaries/lm.bin"))
            .unwrap();
    let path = dir.path().join("lm.bin");
    std::fs::write(&path, &good[..good.len() / 2]).unwrap();
    let err = Restorer::load(dir.path())
        .err()
        .expect("truncated model is refused")
        .to_string();
    assert!(err.contains("lm.bin: truncated: expected"), "{err}");
    let mut stale = good.clone();
    stale[10] = 99; // the format version follows the 10-byte magic line
    std::fs::write(&path, &stale).unwrap();
    let err = Restorer::load(dir.path())
        .err()
        .expect("stale model is refused")
        .to_string();
    assert!(err.contains("lm.bin: format version 99, expected"), "{err}");
    let mut corrupt = good;
    let n = corrupt.len();
    corrupt[n - 5] ^= 0x55;
    std::fs::write(&path, &corrupt).unwrap();
    let err = Restorer::load(dir.path())
        .err()
        .expect("corrupt model is refused")
        .to_string();
    assert!(err.contains("corrupt"), "{err}");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]
    #[test]
    fn any_string_restores_without_panic(s in "\\PC{0,80}") {
        let r = restorer().restore(&s);
        prop_assert_eq!(layout(&s), layout(&r.text));
        check_changes(&s, &r);
    }

    #[test]
    fn vietnamese_like_strings(s in "([a-zA-Z0-9đĐéèêôơưăâ&]{1,8}[ ,./\\-\n]){0,30}") {
        let r = restorer().restore(&s);
        prop_assert_eq!(layout(&s), layout(&r.text));
        check_changes(&s, &r);
    }
}
