//! Administrative units in running text: `tỉnh Hải Dương`, `THÀNH PHỐ CHÍ LINH`,
//! `phường Vạn Xuân`. A unit is a kind word followed by a name that the gazetteer
//! (dictionaries/units.tsv, before and after July 2025) knows for that kind; the gazetteer's
//! spelling is what vnplan reports, so a header in capitals yields `Chí Linh`.

use super::dict::{Dictionaries, UNIT_KINDS};
use super::fold::{fold, is_word_char, Folded};

/// A unit found in text.
#[derive(Debug, Clone, PartialEq)]
pub struct UnitMention {
    /// The kind as written, lower case (`tỉnh`, `thành phố`).
    pub kind: String,
    /// The gazetteer's spelling of the name.
    pub name: String,
    /// The level to report (`thành phố trực thuộc trung ương` for Hà Nội …).
    pub level: String,
    /// Original byte range of the whole mention.
    pub start: usize,
    pub end: usize,
}

/// The longest run of up to five words at the start of `text` that the gazetteer knows as
/// a unit of `kind`; returns its spelling, level and the bytes consumed.
pub fn unit_name_at(
    text: &str,
    kind: &str,
    dict: &Dictionaries,
) -> Option<(String, String, usize)> {
    let mut ends = Vec::new();
    let mut in_word = false;
    for (i, c) in text.char_indices() {
        let w = is_word_char(c);
        if in_word && !w {
            ends.push(i);
            if c != ' ' || ends.len() >= 5 {
                break;
            }
        }
        in_word = w;
    }
    if in_word && ends.len() < 5 {
        ends.push(text.len());
    }
    for &end in ends.iter().rev() {
        let cand = &text[..end];
        if cand.starts_with(|c: char| c.is_lowercase()) {
            // Unit names are capitalised (or all capitals in headers).
            return None;
        }
        if let Some(u) = dict.unit(kind, cand) {
            let level = if fold(kind) == "thanh pho" && fold(&u.kind).contains("trung uong") {
                u.kind.clone()
            } else {
                kind.to_string()
            };
            return Some((u.name.clone(), level, end));
        }
    }
    None
}

/// Every `kind Name` mention in `text` that the gazetteer confirms, left to right.
pub fn unit_mentions(text: &str, dict: &Dictionaries) -> Vec<UnitMention> {
    let folded = Folded::new(text);
    let mut out = Vec::new();
    let mut pos = 0;
    while pos < folded.text.len() {
        let rest = &folded.text[pos..];
        let at_word_start = folded.text[..pos]
            .chars()
            .next_back()
            .is_none_or(|c| !is_word_char(c));
        let mut advanced = false;
        if at_word_start {
            for kind in UNIT_KINDS {
                let fk = fold(kind);
                if rest.starts_with(&fk) && rest[fk.len()..].starts_with(' ') {
                    let name_from = folded.to_orig(pos + fk.len() + 1);
                    if let Some((name, level, used)) = unit_name_at(&text[name_from..], kind, dict)
                    {
                        let end = name_from + used;
                        out.push(UnitMention {
                            kind: kind.to_string(),
                            name,
                            level,
                            start: folded.to_orig(pos),
                            end,
                        });
                        // Continue after the mention.
                        while pos < folded.text.len() && folded.to_orig(pos) < end {
                            pos += 1;
                        }
                        advanced = true;
                        break;
                    }
                }
            }
        }
        if !advanced {
            pos += rest.chars().next().map_or(1, |c| c.len_utf8());
        }
    }
    out
}

/// Title case for a name printed in capitals when the gazetteer does not know it.
pub fn title_case(s: &str) -> String {
    s.split_whitespace()
        .map(|w| {
            let lower = w.to_lowercase();
            let mut cs = lower.chars();
            match cs.next() {
                Some(c) => c.to_uppercase().chain(cs).collect(),
                None => String::new(),
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_units_with_gazetteer_spelling() {
        let d = Dictionaries::load().unwrap();
        let m = unit_mentions(
            "Ban Chấp hành Đảng bộ tỉnh Hải Dương khóa XVII và THÀNH PHỐ CHÍ LINH",
            &d,
        );
        let got: Vec<(&str, &str)> = m
            .iter()
            .map(|u| (u.kind.as_str(), u.name.as_str()))
            .collect();
        assert_eq!(got, [("tỉnh", "Hải Dương"), ("thành phố", "Chí Linh")]);
        let m = unit_mentions("trên địa bàn thành phố Hà Nội.", &d);
        assert_eq!(m[0].level, "thành phố trực thuộc trung ương");
        assert!(unit_mentions("các xã, phường và thành phố mới", &d).is_empty());
        assert_eq!(title_case("VẠN XUÂN"), "Vạn Xuân");
    }
}
