//! The end of the document: who signed it (`TM. ỦY BAN NHÂN DÂN` / `KT. CHỦ TỊCH` /
//! `PHÓ CHỦ TỊCH` / name) and who receives it (`Nơi nhận`, one entry per dash line).
//!
//! The signature block is printed in capitals; the record spells it as running text, with
//! the dictionaries' casing (`TM. Ủy ban nhân dân`, `Phó Chủ tịch`). Recipients keep the
//! document's wording but lose their final `;`/`.` and purpose notes (`(để báo cáo)`); the
//! filing line (`Lưu: VT, …`) is not a recipient and was already left out by the segmenter.

use super::dict::Dictionaries;
use super::fold::{fold, upper_first};
use super::layout::Segments;
use super::Fields;
use crate::record::Signer;

/// Reads `signer` into `out`.
pub fn read_signer(seg: &Segments, dict: &Dictionaries, out: &mut Fields) {
    let mut authority = None;
    let mut position = None;
    let mut line = None;
    for p in &seg.signature {
        let f = fold(&p.text);
        let prefix = ["tm.", "kt.", "tl.", "tuq.", "q."]
            .into_iter()
            .find(|k| f.starts_with(k) || f.starts_with(&k.replace('.', " .")));
        match prefix {
            Some(k) => {
                let rest = p.text[k.len()..].trim_start_matches([' ', '.']).trim();
                let head = p.text[..k.len() - 1].trim().to_uppercase();
                let words = spell(rest, dict);
                if authority.is_none() {
                    authority = Some(format!("{head}. {words}"));
                    line.get_or_insert(p.line);
                }
            }
            None => {
                if let Some(i) = dict.position_set.exact(&p.text) {
                    position = Some(dict.positions[i].clone());
                    line.get_or_insert(p.line);
                }
            }
        }
    }
    let name = seg.signer_name.as_ref().map(|p| {
        line.get_or_insert(p.line);
        p.text.clone()
    });
    if authority.is_some() || position.is_some() || name.is_some() {
        out.rec.signer = Some(Signer {
            name,
            position,
            authority,
        });
        out.prov("signer", line, 0.8, false);
    }
}

/// A signature-block phrase in capitals spelled as running text.
fn spell(upper: &str, dict: &Dictionaries) -> String {
    if let Some(i) = dict.body_set.exact(upper) {
        return dict.bodies[i].name.clone();
    }
    if let Some(i) = dict.position_set.exact(upper) {
        return dict.positions[i].clone();
    }
    // Spacing and a mark or two may be off (`ỦY BAN N HÀN DÁN`): compare without spaces.
    let key: String = fold(upper).chars().filter(|c| !c.is_whitespace()).collect();
    let squash = |s: &str| -> String { fold(s).chars().filter(|c| !c.is_whitespace()).collect() };
    let names = dict
        .bodies
        .iter()
        .map(|b| b.name.as_str())
        .chain(dict.positions.iter().map(|p| p.as_str()));
    let best = names
        .map(|n| (strsim::levenshtein(&squash(n), &key), n))
        .filter(|(d, n)| *d * 6 <= squash(n).len())
        .min_by_key(|(d, _)| *d);
    match best {
        Some((_, n)) => n.to_string(),
        None => upper_first(&upper.to_lowercase()),
    }
}

/// Reads `recipients` into `out`.
pub fn read_recipients(seg: &Segments, dict: &Dictionaries, out: &mut Fields) {
    let mut list = Vec::new();
    for p in &seg.recipients {
        let t = dict.respell_abbreviations(&clean_recipient(&p.text));
        if !t.is_empty() {
            list.push(t);
        }
    }
    if let Some(p) = seg.recipients.first() {
        out.prov("recipients", Some(p.line), 0.85, false);
    }
    out.rec.recipients = list;
}

/// A recipient without final punctuation and without a purpose note.
pub fn clean_recipient(text: &str) -> String {
    let mut t = text.trim().to_string();
    loop {
        let before = t.clone();
        t = t
            .trim_end_matches([';', '.', ',', ' ', '}', ')'])
            .to_string();
        // Put back a closing parenthesis that belongs to the name.
        if before.trim_end_matches([';', '.', ',', ' ']).ends_with(')') {
            let open = before.rfind('(');
            if let Some(o) = open {
                let inner = fold(&before[o + 1..]);
                let inner = inner.trim_end_matches([';', '.', ',', ' ', ')']);
                if is_note(inner) {
                    t = before[..o].trim_end().to_string();
                } else {
                    t = before.trim_end_matches([';', '.', ',', ' ']).to_string();
                    break;
                }
            }
        }
        if t == before {
            break;
        }
    }
    t.trim_end_matches([';', '.', ',', ' ']).to_string()
}

/// A purpose note: `để báo cáo`, `b/c`, `thực hiện`, `biết` … (also with a word misread:
/// `48 báo cáo`, `A b/c`).
fn is_note(folded: &str) -> bool {
    let f = folded.trim();
    let short = f.chars().count() <= 16;
    (short && (f.contains("bao cao") || regex!(r"\bb\s?[/|]\s?[ce]\b|\bbic\b").is_match(f)))
        || f.starts_with("de ")
        || [
            "bao cao",
            "b/c",
            "thuc hien",
            "t/h",
            "biet",
            "phoi hop",
            "chi dao",
            "theo doi",
            "dang tai",
        ]
        .contains(&f)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signature_words_are_spelt_from_the_dictionaries() {
        let d = Dictionaries::load().unwrap();
        assert_eq!(spell("ỦY BAN NHÂN DÂN", &d), "Ủy ban nhân dân");
        assert_eq!(spell("ỦY BAN N HÀN DÁN", &d), "Ủy ban nhân dân");
        assert_eq!(spell("PHÓ CHỦ TỊCH", &d), "Phó Chủ tịch");
        assert_eq!(spell("BAN CHỈ ĐẠO", &d), "Ban Chỉ đạo");
    }

    #[test]
    fn recipients_lose_notes_not_names() {
        let cases = [
            ("Ban TĐKT TW (báo cáo);", "Ban TĐKT TW"),
            ("Thường trực Thành ủy; (Để báo cáo)", "Thường trực Thành ủy"),
            (
                "Sở Nội vụ (Ban Thi đua - Khen thưởng);",
                "Sở Nội vụ (Ban Thi đua - Khen thưởng)",
            ),
            ("UBND xã, phường;", "UBND xã, phường"),
            ("Trung tâm Thông tin tỉnh.", "Trung tâm Thông tin tỉnh"),
            ("Văn phòng Chính phủ (48 báo cáo)", "Văn phòng Chính phủ"),
            ("Cục Dân số (48 bic)", "Cục Dân số"),
        ];
        for (input, want) in cases {
            assert_eq!(clean_recipient(input), want, "{input}");
        }
    }
}
