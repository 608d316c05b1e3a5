//! Properties of the extractor that must hold for any input: it never panics, provenance
//! lines lie inside the input, confidences lie in [0, 1], and numbers and dates it reports
//! have their official shape.

use proptest::prelude::*;
use std::sync::OnceLock;
use vnplan::extract::Extractor;

fn extractor() -> &'static Extractor {
    static EX: OnceLock<Extractor> = OnceLock::new();
    EX.get_or_init(|| Extractor::new().expect("extractor"))
}

/// Fragments of plans, so that random inputs reach the deeper readers.
const PIECES: [&str; 24] = [
    "ỦY BAN NHÂN DÂN",
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    "TỈNH THÁI NGUYÊN",
    "Độc lập - Tự do - Hạnh phúc",
    "Số: 75/KH-UBND",
    "Thái Nguyên, ngày 7 tháng 5 năm 2021",
    "KẾ HOẠCH",
    "Thực hiện Quyết định số 749/QĐ-TTg ngày 03/6/2020 của Thủ tướng Chính phủ",
    "I. MỤC ĐÍCH",
    "1. Đối tượng thi đua",
    "a) Tập thể:",
    "b) Cá nhân:",
    "- Lĩnh vực y tế:",
    "Tiêu chuẩn thi đua",
    "Đối với cá nhân: 90% hồ sơ",
    "Bằng khen của Chủ tịch UBND tỉnh",
    "không quá 10 tập thể, 20 cá nhân",
    "là cơ quan thường trực",
    "Nơi nhận:",
    "- Lưu: VT",
    "TM. ỦY BAN NHÂN DÂN",
    "CHỦ TỊCH",
    "Lê Văn A",
    "(",
];

fn check(text: &str) {
    let rec = extractor().extract(text);
    let lines = text.lines().count().max(1);
    for (field, p) in &rec.provenance {
        assert!((0.0..=1.0).contains(&p.confidence), "{field}");
        if let Some(l) = p.line {
            assert!(l >= 1 && l <= lines, "{field}: line {l} of {lines}");
        }
    }
    if let Some(d) = &rec.date {
        assert_eq!(d.len(), 10, "{d}");
    }
    for r in rec.references.iter().chain(&rec.basis) {
        assert!(
            r.number.starts_with(|c: char| c.is_ascii_digit()),
            "{}",
            r.number
        );
        assert!(!r.number.contains(' '), "{}", r.number);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn never_panics_on_any_string(s in any::<String>()) {
        check(&s);
    }

    #[test]
    fn never_panics_on_shuffled_plan_pieces(
        picks in proptest::collection::vec((0..PIECES.len(), any::<bool>(), "[ \\n:;.,()/-]{0,3}"), 0..40)
    ) {
        let mut text = String::new();
        for (i, newline, glue) in picks {
            text.push_str(PIECES[i]);
            text.push_str(&glue);
            text.push(if newline { '\n' } else { ' ' });
        }
        check(&text);
    }
}
