//! The tokenizer on the sample plans: OCR junk reaches the restorer as whole word tokens, and
//! references and dates split at their separators.

use std::collections::HashSet;

use vnplan::text::{tokenize, TokenKind};

fn read(path: &str) -> String {
    let full = format!("{}/{path}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&full).unwrap_or_else(|e| panic!("{full}: {e}"))
}

fn words(text: &str) -> HashSet<&str> {
    tokenize(text)
        .into_iter()
        .filter(|t| t.kind == TokenKind::Word)
        .map(|t| t.text(text))
        .collect()
}

#[test]
fn ocr_junk_reaches_the_restorer_whole() {
    let t000 = read("corpus/000-thai-nguyen-2021.ocr.txt");
    let t003 = read("corpus/003-chi-linh-2021.ocr.txt");
    let (w000, w003) = (words(&t000), words(&t003));
    for w in ["Quy&", "thu&ng", "chiio'ng", "nim"] {
        assert!(w000.contains(w), "000: {w}");
    }
    for w in ["S6105", "ngayl5", "K&", "nim", "x4", "c6", "1y", "s6"] {
        assert!(w003.contains(w), "003: {w}");
    }
}

#[test]
fn a_reference_line_splits_at_separators() {
    let text = "Thrc hin Quy& djnh s 749/QD-TTg ngày 03/6/2020 cüa Thu tithng";
    let got: Vec<(TokenKind, &str)> = tokenize(text)
        .iter()
        .filter(|t| t.kind != TokenKind::Space)
        .map(|t| (t.kind, t.text(text)))
        .collect();
    use TokenKind::{Number as N, Punct as P, Word as W};
    let want = vec![
        (W, "Thrc"),
        (W, "hin"),
        (W, "Quy&"),
        (W, "djnh"),
        (W, "s"),
        (N, "749"),
        (P, "/"),
        (W, "QD"),
        (P, "-"),
        (W, "TTg"),
        (W, "ngày"),
        (N, "03"),
        (P, "/"),
        (N, "6"),
        (P, "/"),
        (N, "2020"),
        (W, "cüa"),
        (W, "Thu"),
        (W, "tithng"),
    ];
    assert_eq!(got, want);
}

#[test]
fn every_sample_tiles_and_words_hold_no_separator() {
    for path in [
        "corpus/000-thai-nguyen-2021.ocr.txt",
        "corpus/001-van-xuan-2025.ocr.txt",
        "corpus/002-dong-thap-2022.ocr.txt",
        "corpus/003-chi-linh-2021.ocr.txt",
        "corpus/004-hai-duong-2021.clean.txt",
    ] {
        let text = read(path);
        let tokens = tokenize(&text);
        let joined: String = tokens.iter().map(|t| t.text(&text)).collect();
        assert_eq!(joined, text, "{path}");
        for t in &tokens {
            let s = t.text(&text);
            match t.kind {
                TokenKind::Word | TokenKind::Number => assert!(
                    !s.contains(|c: char| c.is_whitespace() || "/-()“”\",;:".contains(c)),
                    "{path}: {s:?}"
                ),
                TokenKind::LineBreak => assert!(s == "\n" || s == "\r\n" || s == "\r"),
                _ => {}
            }
        }
    }
}
