//! Properties of the text core on arbitrary input: nothing panics, spans tile the input,
//! folding is idempotent, parse ∘ compose is the identity on syllables.

use proptest::prelude::*;
use vnplan::text::inventory::generate;
use vnplan::text::token::is_letter_lookalike;
use vnplan::text::{
    canonical, fold, fold_lower, is_syllable, nfc, place_tone, strip_tone, tokenize, Case,
    Syllable, TokenKind, ToneStyle,
};

/// Strings biased towards Vietnamese letters, combining marks, digits and OCR junk.
fn text() -> impl Strategy<Value = String> {
    let pieces = prop_oneof![
        "[a-zA-Z0-9 ]{0,6}",
        "[àáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ]{0,4}",
        "[\u{300}\u{301}\u{303}\u{309}\u{323}\u{302}\u{306}\u{31b}]{0,3}",
        "[&¢'’“”.,;:/\\-()\n\r\t\u{a0}\u{feff}²]{0,3}",
        any::<String>(),
    ];
    prop::collection::vec(pieces, 0..8).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn spans_tile_any_input(s in text()) {
        let tokens = tokenize(&s);
        let mut at = 0;
        for t in &tokens {
            prop_assert_eq!(t.span.start, at);
            prop_assert!(t.span.end > t.span.start);
            at = t.span.end;
        }
        prop_assert_eq!(at, s.len());
        let joined: String = tokens.iter().map(|t| t.text(&s)).collect();
        prop_assert_eq!(joined, s.clone());
        for t in &tokens {
            let text = t.text(&s);
            match t.kind {
                TokenKind::Word => prop_assert!(text
                    .chars()
                    .any(|c| c.is_alphabetic() || is_letter_lookalike(c))),
                TokenKind::Number => prop_assert!(text.starts_with(|c: char| c.is_ascii_digit())),
                TokenKind::Space => prop_assert!(!text.contains('\n')),
                _ => {}
            }
        }
    }

    #[test]
    fn nothing_panics(s in text()) {
        let _ = is_syllable(&s);
        let _ = canonical(&s);
        let _ = place_tone(&s, ToneStyle::Modern);
        let _ = place_tone(&s, ToneStyle::Traditional);
        let _ = strip_tone(&s);
        let _ = Case::of(&s).apply(&s);
        let _ = nfc(&s);
        for t in tokenize(&s) {
            let w = t.text(&s);
            let _ = canonical(w);
            let _ = Syllable::parse(w);
        }
    }

    #[test]
    fn fold_is_idempotent(s in text()) {
        let once = fold(&s);
        prop_assert_eq!(fold(&once), once.clone());
        let lower = fold_lower(&s);
        prop_assert_eq!(fold_lower(&lower), lower.clone());
        prop_assert_eq!(strip_tone(&strip_tone(&s)), strip_tone(&s));
        prop_assert_eq!(nfc(&nfc(&s)), nfc(&s));
    }

    #[test]
    fn parse_compose_is_identity_on_syllables(i in 0usize..100_000, modern in any::<bool>(), upper in any::<bool>()) {
        let all = syllables();
        let s = &all[i % all.len()];
        let p = Syllable::parse(s).expect("generated syllables parse");
        let style = if modern { ToneStyle::Modern } else { ToneStyle::Traditional };
        let written = p.compose(style);
        let written = if upper { written.to_uppercase() } else { written };
        prop_assert_eq!(Syllable::parse(&written), Some(p));
        prop_assert_eq!(canonical(&written), s.clone());
        // A syllable folds to ASCII letters only.
        prop_assert!(fold(&written).chars().all(|c| c.is_ascii_alphabetic()));
    }

    #[test]
    fn place_tone_keeps_letters_and_case(s in text()) {
        for t in tokenize(&s) {
            let w = nfc(t.text(&s));
            let placed = place_tone(&w, ToneStyle::Modern);
            prop_assert_eq!(strip_tone(&placed), strip_tone(&w));
            prop_assert_eq!(Case::of(&placed), Case::of(&w));
        }
    }
}

fn syllables() -> &'static [String] {
    static ALL: std::sync::OnceLock<Vec<String>> = std::sync::OnceLock::new();
    ALL.get_or_init(generate)
}
