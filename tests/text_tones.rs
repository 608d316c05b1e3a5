//! Tone placement on every rime of the orthography, every tone, both conventions, three
//! letter cases. The table is the specification: each rime written with sắc where the
//! traditional and the modern convention put it; the other tones move the same letter.

use vnplan::text::letters::with_tone;
use vnplan::text::{
    canonical, is_syllable, place_tone, strip_tone, Case, Syllable, Tone, ToneStyle,
};

/// (rime, traditional with sắc, modern with sắc)
const RIMES: &[(&str, &str, &str)] = &[
    ("a", "á", "á"),
    ("ac", "ác", "ác"),
    ("ach", "ách", "ách"),
    ("ai", "ái", "ái"),
    ("am", "ám", "ám"),
    ("an", "án", "án"),
    ("ang", "áng", "áng"),
    ("anh", "ánh", "ánh"),
    ("ao", "áo", "áo"),
    ("ap", "áp", "áp"),
    ("at", "át", "át"),
    ("au", "áu", "áu"),
    ("ay", "áy", "áy"),
    ("ăc", "ắc", "ắc"),
    ("ăm", "ắm", "ắm"),
    ("ăn", "ắn", "ắn"),
    ("ăng", "ắng", "ắng"),
    ("ăp", "ắp", "ắp"),
    ("ăt", "ắt", "ắt"),
    ("âc", "ấc", "ấc"),
    ("âm", "ấm", "ấm"),
    ("ân", "ấn", "ấn"),
    ("âng", "ấng", "ấng"),
    ("âp", "ấp", "ấp"),
    ("ât", "ất", "ất"),
    ("âu", "ấu", "ấu"),
    ("ây", "ấy", "ấy"),
    ("e", "é", "é"),
    ("ec", "éc", "éc"),
    ("em", "ém", "ém"),
    ("en", "én", "én"),
    ("eng", "éng", "éng"),
    ("eo", "éo", "éo"),
    ("ep", "ép", "ép"),
    ("et", "ét", "ét"),
    ("ê", "ế", "ế"),
    ("êch", "ếch", "ếch"),
    ("êm", "ếm", "ếm"),
    ("ên", "ến", "ến"),
    ("ênh", "ếnh", "ếnh"),
    ("êp", "ếp", "ếp"),
    ("êt", "ết", "ết"),
    ("êu", "ếu", "ếu"),
    ("i", "í", "í"),
    ("ich", "ích", "ích"),
    ("im", "ím", "ím"),
    ("in", "ín", "ín"),
    ("inh", "ính", "ính"),
    ("ip", "íp", "íp"),
    ("it", "ít", "ít"),
    ("iu", "íu", "íu"),
    ("ia", "ía", "ía"),
    ("iêc", "iếc", "iếc"),
    ("iêm", "iếm", "iếm"),
    ("iên", "iến", "iến"),
    ("iêng", "iếng", "iếng"),
    ("iêp", "iếp", "iếp"),
    ("iêt", "iết", "iết"),
    ("iêu", "iếu", "iếu"),
    ("y", "ý", "ý"),
    ("yêm", "yếm", "yếm"),
    ("yên", "yến", "yến"),
    ("yêng", "yếng", "yếng"),
    ("yêt", "yết", "yết"),
    ("yêu", "yếu", "yếu"),
    ("o", "ó", "ó"),
    ("oc", "óc", "óc"),
    ("oi", "ói", "ói"),
    ("om", "óm", "óm"),
    ("on", "ón", "ón"),
    ("ong", "óng", "óng"),
    ("op", "óp", "óp"),
    ("ot", "ót", "ót"),
    ("ooc", "oóc", "oóc"),
    ("oong", "oóng", "oóng"),
    ("ô", "ố", "ố"),
    ("ôc", "ốc", "ốc"),
    ("ôi", "ối", "ối"),
    ("ôm", "ốm", "ốm"),
    ("ôn", "ốn", "ốn"),
    ("ông", "ống", "ống"),
    ("ôp", "ốp", "ốp"),
    ("ôt", "ốt", "ốt"),
    ("ơ", "ớ", "ớ"),
    ("ơi", "ới", "ới"),
    ("ơm", "ớm", "ớm"),
    ("ơn", "ớn", "ớn"),
    ("ơp", "ớp", "ớp"),
    ("ơt", "ớt", "ớt"),
    ("u", "ú", "ú"),
    ("uc", "úc", "úc"),
    ("ui", "úi", "úi"),
    ("um", "úm", "úm"),
    ("un", "ún", "ún"),
    ("ung", "úng", "úng"),
    ("up", "úp", "úp"),
    ("ut", "út", "út"),
    ("ua", "úa", "úa"),
    ("uôc", "uốc", "uốc"),
    ("uôi", "uối", "uối"),
    ("uôm", "uốm", "uốm"),
    ("uôn", "uốn", "uốn"),
    ("uông", "uống", "uống"),
    ("uôt", "uốt", "uốt"),
    ("ư", "ứ", "ứ"),
    ("ưc", "ức", "ức"),
    ("ưi", "ứi", "ứi"),
    ("ưng", "ứng", "ứng"),
    ("ưt", "ứt", "ứt"),
    ("ưu", "ứu", "ứu"),
    ("ưa", "ứa", "ứa"),
    ("ươc", "ước", "ước"),
    ("ươi", "ưới", "ưới"),
    ("ươm", "ướm", "ướm"),
    ("ươn", "ướn", "ướn"),
    ("ương", "ướng", "ướng"),
    ("ươp", "ướp", "ướp"),
    ("ươt", "ướt", "ướt"),
    ("ươu", "ướu", "ướu"),
    // medial o
    ("oa", "óa", "oá"),
    ("oac", "oác", "oác"),
    ("oach", "oách", "oách"),
    ("oai", "oái", "oái"),
    ("oam", "oám", "oám"),
    ("oan", "oán", "oán"),
    ("oang", "oáng", "oáng"),
    ("oanh", "oánh", "oánh"),
    ("oao", "oáo", "oáo"),
    ("oap", "oáp", "oáp"),
    ("oat", "oát", "oát"),
    ("oay", "oáy", "oáy"),
    ("oăc", "oắc", "oắc"),
    ("oăm", "oắm", "oắm"),
    ("oăn", "oắn", "oắn"),
    ("oăng", "oắng", "oắng"),
    ("oăt", "oắt", "oắt"),
    ("oe", "óe", "oé"),
    ("oen", "oén", "oén"),
    ("oeo", "oéo", "oéo"),
    ("oet", "oét", "oét"),
    // medial u
    ("uy", "úy", "uý"),
    ("uya", "uýa", "uýa"),
    ("uych", "uých", "uých"),
    ("uyên", "uyến", "uyến"),
    ("uyêt", "uyết", "uyết"),
    ("uynh", "uýnh", "uýnh"),
    ("uyp", "uýp", "uýp"),
    ("uyt", "uýt", "uýt"),
    ("uyu", "uýu", "uýu"),
    ("uân", "uấn", "uấn"),
    ("uât", "uất", "uất"),
    ("uâng", "uấng", "uấng"),
    ("uây", "uấy", "uấy"),
    ("uê", "uế", "uế"),
    ("uêch", "uếch", "uếch"),
    ("uênh", "uếnh", "uếnh"),
    ("uơ", "uớ", "uớ"),
];

/// Put `tone` where the acute sits in `acute`.
fn retone(acute: &str, tone: Tone) -> String {
    acute
        .chars()
        .map(|c| {
            if strip_tone(&c.to_string()) != c.to_string() {
                with_tone(c, tone)
            } else {
                c
            }
        })
        .collect()
}

fn onset_for(rime: &str) -> &'static str {
    if rime.starts_with('y') {
        ""
    } else {
        "h"
    }
}

fn stop(rime: &str) -> bool {
    rime.ends_with('p') || rime.ends_with('t') || rime.ends_with('c') || rime.ends_with("ch")
}

#[test]
fn every_tone_on_every_rime_in_both_conventions() {
    let mut checked = 0;
    for &(rime, trad, modern) in RIMES {
        let onset = onset_for(rime);
        for tone in Tone::ALL {
            let t = format!("{onset}{}", retone(trad, tone));
            let m = format!("{onset}{}", retone(modern, tone));
            if stop(rime) && !matches!(tone, Tone::Acute | Tone::Dot) {
                assert!(!is_syllable(&t), "{t} has a stop coda and {tone:?}");
                continue;
            }
            let s = Syllable::parse(&t).unwrap_or_else(|| panic!("{t} should parse"));
            assert_eq!(s.tone, tone, "{t}");
            assert_eq!(s.compose(ToneStyle::Traditional), t, "{t}");
            assert_eq!(s.compose(ToneStyle::Modern), m, "{t}");
            assert_eq!(Syllable::parse(&m), Some(s), "{m}");
            assert_eq!(canonical(&m), t);
            // Upper and title case parse to the same syllable and keep their case.
            let upper = m.to_uppercase();
            assert_eq!(Syllable::parse(&upper), Some(s), "{upper}");
            assert_eq!(place_tone(&upper, ToneStyle::Traditional), t.to_uppercase());
            let title = Case::Title.apply(&m);
            assert_eq!(
                place_tone(&title, ToneStyle::Traditional),
                Case::Title.apply(&t)
            );
            assert_eq!(canonical(&title), t);
            checked += 1;
        }
    }
    assert!(checked > 500, "{checked}");
}

#[test]
fn a_mark_in_neither_place_is_not_a_syllable() {
    for &(rime, trad, modern) in RIMES {
        let onset = onset_for(rime);
        let chars: Vec<char> = strip_tone(trad).chars().collect();
        for (i, &c) in chars.iter().enumerate() {
            if vnplan::text::letters::vowel(c).is_none() {
                continue;
            }
            let word: String = chars
                .iter()
                .enumerate()
                .map(|(j, &c)| if j == i { with_tone(c, Tone::Acute) } else { c })
                .collect();
            let word = format!("{onset}{word}");
            let ok = word == format!("{onset}{trad}") || word == format!("{onset}{modern}");
            assert_eq!(is_syllable(&word), ok, "{word}");
        }
    }
}
