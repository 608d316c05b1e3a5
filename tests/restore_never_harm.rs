//! The restorer never harms what is right: correct text comes out byte-identical, tokens that
//! are not Vietnamese words by nature pass through, digits that are numbers never change
//! (a property over arbitrary text), and each token is judged on its own, so a document may
//! mix clean, stripped and OCR-garbled text. Texts here are written for the tests.

use proptest::prelude::*;
use std::sync::OnceLock;
use vnplan::restore::condition::digits_may_be_letters;
use vnplan::restore::Restorer;
use vnplan::text::{tokenize, TokenKind};

fn restorer() -> &'static Restorer {
    static R: OnceLock<Restorer> = OnceLock::new();
    R.get_or_init(|| Restorer::load_default().expect("built-in models load"))
}

fn read(rel: &str) -> String {
    std::fs::read_to_string(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(rel)).unwrap()
}

/// The digits that must survive restoration: every digit except those inside a word token
/// whose digits may stand for letters (`s6` số).
fn number_digits(text: &str) -> String {
    tokenize(text)
        .iter()
        .filter(|t| !(t.kind == TokenKind::Word && digits_may_be_letters(t.text(text))))
        .flat_map(|t| t.text(text).chars().filter(char::is_ascii_digit))
        .collect()
}

#[test]
fn clean_text_with_acronyms_model_numbers_and_addresses_is_byte_identical() {
    let texts = [
        "Chiếc A-6E của hải quân bị bắn rơi; MU và CIA điều tra vụ việc tại VN.",
        "Ông Dụ Tông ký quyết định, nhưng Sở GD&ĐT và UBND TP.HCM chưa nhận được.",
        "Hệ thống IoT dùng mạng 5G, chuẩn Wi-Fi 6E; liên hệ vanthu@haiduong.gov.vn hoặc \
         https://dichvucong.gov.vn/p/home để biết thêm.",
        "Bộ Chỉ huy Quân sự tinh và các đơn vị có liên quan phối hợp thực hiện.",
        "Năm 2025, tỉnh đặt mục tiêu 100% hồ sơ được xử lý trực tuyến, tăng 15 km đường.",
    ];
    for t in texts {
        let r = restorer().restore(t);
        assert_eq!(r.text, t, "changes: {:?}", r.changes);
    }
}

#[test]
fn the_clean_sample_and_the_gold_restorations_come_out_unchanged() {
    for f in [
        "corpus/004-hai-duong-2021.clean.txt",
        "corpus/gold/dev/000.restored.txt",
        "corpus/gold/dev/003.restored.txt",
        "corpus/gold/eval/001.restored.txt",
        "corpus/gold/eval/002.restored.txt",
    ] {
        let text = read(f);
        let r = restorer().restore(&text);
        let first = r.changes.first().map(|c| (&c.input, &c.output));
        assert!(
            r.changes.is_empty(),
            "{f}: {} changes, first {first:?}",
            r.changes.len()
        );
        assert_eq!(r.text, text, "{f}");
    }
}

#[test]
fn unmarked_words_among_marked_ones_are_restored() {
    // Half the syllables stripped, as a careless typist or a Vietnamese OCR engine leaves them.
    let cases = [
        (
            "Ủy ban nhan dân tỉnh đề nghi các sở, ban, nganh thực hien nghiêm túc Kế hoach này.",
            "Ủy ban nhân dân tỉnh đề nghị các sở, ban, ngành thực hiện nghiêm túc Kế hoạch này.",
        ),
        (
            "Các cơ quan, đơn vi chủ động triển khai thuc hiện phong trào thi đua yêu nuoc.",
            "Các cơ quan, đơn vị chủ động triển khai thực hiện phong trào thi đua yêu nước.",
        ),
    ];
    for (input, want) in cases {
        assert_eq!(restorer().restore(input).text, want, "{input}");
    }
}

#[test]
fn one_document_may_mix_clean_stripped_and_garbled_lines() {
    let input = "Ủy ban nhân dân tỉnh ban hành Kế hoạch thực hiện phong trào thi đua.\n\
                 Cac co quan, don vi to chuc thuc hien nghiem tuc Ke hoach nay.\n\
                 Thực hiện Quyết dinh s6 749/QD-TTg ngay 03/6/2020 ctia Thu tuéng Chinh phu.\n";
    let want = "Ủy ban nhân dân tỉnh ban hành Kế hoạch thực hiện phong trào thi đua.\n\
                Các cơ quan, đơn vị tổ chức thực hiện nghiêm túc Kế hoạch này.\n\
                Thực hiện Quyết định số 749/QĐ-TTg ngày 03/6/2020 của Thủ tướng Chính phủ.\n";
    assert_eq!(restorer().restore(input).text, want);
}

#[test]
fn acronyms_and_model_numbers_survive_in_garbled_text() {
    let input = "Chiéc A-6E ctia hai quan My bi ban roi; CIA va FBI diéu tra tai VN.";
    let out = restorer().restore(input).text;
    for keep in ["A-6E", "CIA", "FBI", "VN"] {
        assert!(out.contains(keep), "{keep}: {out}");
    }
    assert_eq!(number_digits(&out), "6", "{out}");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Digits that are numbers come out in the same order, wherever they stand.
    #[test]
    fn number_digits_never_change(s in "([a-zA-Z0-9đĐéêôơưăâạảãịọụ&¢$@]{1,7}[ ,./:;()\\-\n]){0,40}") {
        let r = restorer().restore(&s);
        prop_assert_eq!(number_digits(&s), number_digits(&r.text), "{} -> {}", s, r.text);
    }

    /// Correctly marked Vietnamese prose, in any order, comes out as it went in: acronyms,
    /// model numbers and unmarked words among marked ones included.
    #[test]
    fn marked_prose_is_left_alone(pairs in proptest::collection::vec((
        proptest::sample::select(vec![
            "nhân", "dân", "tỉnh", "thực", "hiện", "kế", "hoạch", "các", "cơ", "đơn", "vị",
            "phối", "hợp", "với", "năm", "số", "chuyển", "đổi", "của", "là", "và", "được",
            "những", "nhưng", "Ủy", "Sở",
        ]),
        proptest::sample::select(vec![
            "ban", "quan", "trong", "cho", "theo", "2025", "MU", "CIA", "A-6E", "UBND", "tỉnh",
            "thi", "đua", "chính", "phủ", "IoT", "5G",
        ]),
    ), 2..25)) {
        let words: Vec<&str> = pairs.iter().flat_map(|(a, b)| [*a, *b]).collect();
        let s = format!("Ủy ban nhân dân tỉnh {}.", words.join(" "));
        let r = restorer().restore(&s);
        prop_assert_eq!(&r.text, &s, "{:?}", r.changes);
    }
}
