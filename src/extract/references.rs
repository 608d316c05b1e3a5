//! Legal documents the plan cites: type, number in official form, date and issuer.
//!
//! A citation is a document type (`Quyết định`, `Nghị quyết`, `Công văn` …) followed by
//! `số` and a number, then usually `ngày …` and `của <issuer>`:
//! `Quyết định số 749/QĐ-TTg ngày 03/6/2020 của Thủ tướng Chính phủ`. The issuer is the
//! dictionary body after `của` plus the unit that follows it (`Ban Chấp hành Đảng bộ tỉnh
//! Hải Dương`), abbreviations written out (`UBND` → `Ủy ban nhân dân`); without `của`, the
//! symbol decides (`TTg`). `basis` holds the citations of the preamble, `references` every
//! distinct number in order of first appearance.

use super::dict::Dictionaries;
use super::fold::{fold, Folded};
use super::numbers::{canonical_number, iso_date};
use super::places::unit_name_at;
use super::layout::Block;
use super::Fields;
use crate::record::DocRef;
use regex::Regex;

/// Finds citations; holds its compiled patterns.
pub struct ReferenceReader {
    number: Regex,
    law_number: Regex,
    date: Regex,
    of: Regex,
}

impl ReferenceReader {
    pub fn new() -> ReferenceReader {
        let re = |p: &str| Regex::new(p).expect("built-in pattern");
        ReferenceReader {
            number: re(
                r"^(?:(?:\s+\p{Ll}+){0,3}\s*[sS][ốôoóồổỗộ6]\s*[:.]?)?\s*(\d{1,5}\s*(?:/\s*\d{4}\s*)?(?:[/-]\s*)?\p{Lu}[\p{L}\d]*(?:\s*[-/]\s*[\p{L}\d]+)*)",
            ),
            law_number: re(
                r"^(?:\s+[\p{L},]+){1,8}?\s+[sS][ốôoóồổỗộ6]\s*[:.]?\s*(\d{1,5}\s*/\s*\d{4}\s*/\s*\p{Lu}[\p{L}\d]*)",
            ),
            date: re(
                r"^[\s,]*(?:ban hanh\s*)?(?:ngay\s*)(\d{1,2})\s*(?:/|-|\.|thang)\s*(\d{1,2})\s*(?:/|-|\.|nam)\s*(\d{4})",
            ),
            of: re(r"^[\s,]*(?:cua\s+)+"),
        }
    }

    /// Reads `basis` (preamble) and `references` (everything) into `out`.
    pub fn read(&self, preamble: &[Block], body: &[Block], dict: &Dictionaries, out: &mut Fields) {
        let own = out.rec.number.clone();
        let mut all: Vec<(DocRef, usize)> = Vec::new();
        let mut basis: Vec<DocRef> = Vec::new();
        for (in_preamble, blocks) in [(true, preamble), (false, body)] {
            for b in blocks {
                for r in self.citations(&b.text, dict) {
                    if own.as_deref() == Some(r.number.as_str()) {
                        continue;
                    }
                    if in_preamble {
                        merge(&mut basis, r.clone());
                    }
                    match all.iter_mut().find(|(x, _)| x.number == r.number) {
                        Some((x, _)) => fill(x, r),
                        None => all.push((r, b.line)),
                    }
                }
            }
        }
        // The basis takes what later mentions add (a date, the issuer's locality).
        for b in &mut basis {
            if let Some((r, _)) = all.iter().find(|(r, _)| r.number == b.number) {
                fill(b, r.clone());
            }
        }
        if let Some(b) = preamble.first().filter(|_| !basis.is_empty()) {
            out.prov("basis", Some(b.line), 0.85, false);
        }
        if let Some((_, line)) = all.first() {
            out.prov("references", Some(*line), 0.85, false);
        }
        out.rec.basis = basis;
        out.rec.references = all.into_iter().map(|(r, _)| r).collect();
    }

    /// Every citation in one block of text, in order.
    pub fn citations(&self, text: &str, dict: &Dictionaries) -> Vec<DocRef> {
        let mut out = Vec::new();
        for f in dict.doc_type_set.find_all(text) {
            // A law is cited by its name before its number: `Luật Thi đua, khen thưởng số
            // 06/2022/QH15`.
            let named = matches!(
                dict.doc_types[f.index].name.as_str(),
                "Luật" | "Bộ luật" | "Pháp lệnh" | "Hiến pháp"
            );
            let c = self.number.captures(&text[f.end..]).or_else(|| {
                named
                    .then(|| self.law_number.captures(&text[f.end..]))
                    .flatten()
            });
            let Some(c) = c else {
                continue;
            };
            let Some(m) = c.get(1) else { continue };
            let Some(number) = canonical_number(m.as_str(), dict) else {
                continue;
            };
            let mut rest_at = f.end + m.end();
            let rest = Folded::new(&text[rest_at..]);
            let mut date = None;
            let mut rest_f = 0;
            if let Some(d) = self.date.captures(&rest.text) {
                date = iso_date(&d[1], &d[2], &d[3]);
                rest_f = d.get(0).map_or(0, |m| m.end());
            }
            let mut issuer = None;
            if let Some(o) = self.of.find(&rest.text[rest_f..]) {
                rest_at += rest.to_orig(rest_f + o.end());
                issuer = issuer_at(&text[rest_at..], dict);
            }
            let type_name = dict.doc_types[f.index].name.clone();
            let issuer = issuer.or_else(|| issuer_from_symbol(&number, dict));
            out.push(DocRef {
                doc_type: Some(type_name),
                number,
                date,
                issuer,
            });
        }
        out
    }
}

impl Default for ReferenceReader {
    fn default() -> Self {
        ReferenceReader::new()
    }
}

/// Adds `r` to `list` unless its number is there already.
fn merge(list: &mut Vec<DocRef>, r: DocRef) {
    match list.iter_mut().find(|x| x.number == r.number) {
        Some(x) => fill(x, r),
        None => list.push(r),
    }
}

/// Fills what `x` lacks from another mention of the same document; a longer issuer that
/// extends the known one (`… tỉnh` → `… tỉnh Hải Dương`) wins.
fn fill(x: &mut DocRef, r: DocRef) {
    if x.date.is_none() {
        x.date = r.date;
    }
    match (&x.issuer, r.issuer) {
        (None, Some(i)) => x.issuer = Some(i),
        (Some(a), Some(b)) if b.len() > a.len() && b.starts_with(a.as_str()) => x.issuer = Some(b),
        _ => {}
    }
    if x.doc_type.is_none() {
        x.doc_type = r.doc_type;
    }
}

/// The issuer named at the start of `text` (just after `của`).
pub fn issuer_at(text: &str, dict: &Dictionaries) -> Option<String> {
    // Work on a short window with abbreviations written out.
    let window: String = text.chars().take(120).collect();
    let window = dict.expand(&window.split_whitespace().collect::<Vec<_>>().join(" "));
    let found = dict.body_set.find_all(&window);
    let f = found.first().filter(|f| f.start == 0)?;
    let body = &dict.bodies[f.index];
    let mut name = body.name.clone();
    if body.kind == "local" || body.kind == "party-local" {
        if let Some(unit) = unit_after(&window[f.end..], dict) {
            name.push(' ');
            name.push_str(&unit);
        }
    }
    Some(name)
}

/// `tỉnh Hải Dương` (or a bare province name after `Tỉnh ủy`) right after a body's name.
fn unit_after(text: &str, dict: &Dictionaries) -> Option<String> {
    let t = text.trim_start();
    let folded = fold(t);
    for kind in super::dict::UNIT_KINDS {
        let fk = fold(kind);
        if folded.starts_with(&fk) && folded[fk.len()..].starts_with(' ') {
            let name_at = Folded::new(t).to_orig(fk.len() + 1);
            let kind_text = t[..name_at].trim().to_lowercase();
            return match unit_name_at(&t[name_at..], kind, dict) {
                Some((name, _, _)) => Some(format!("{kind_text} {name}")),
                None => Some(kind_text),
            };
        }
    }
    unit_name_at(t, "tỉnh", dict).map(|(name, _, _)| name)
}

/// The issuer a number's symbol names (`749/QĐ-TTg` → Thủ tướng Chính phủ), for central
/// bodies only: a local symbol (`UBND`) does not say which locality.
fn issuer_from_symbol(number: &str, dict: &Dictionaries) -> Option<String> {
    let last = number.rsplit(['/', '-']).next()?;
    // `QH15` is the 15th Quốc hội.
    let b = dict
        .body_by_symbol(last)
        .or_else(|| dict.body_by_symbol(last.trim_end_matches(|c: char| c.is_ascii_digit())))?;
    matches!(b.kind.as_str(), "central" | "ministry" | "party").then(|| b.name.clone())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cite(text: &str) -> Vec<DocRef> {
        let d = Dictionaries::load().unwrap();
        ReferenceReader::new().citations(text, &d)
    }

    #[test]
    fn reads_citations() {
        let r = cite("Thực hiện Quyết định số 749/QĐ-TTg ngày 03/6/2020 của Thủ tướng Chính phủ về phê duyệt");
        assert_eq!(r[0].number, "749/QĐ-TTg");
        assert_eq!(r[0].date.as_deref(), Some("2020-06-03"));
        assert_eq!(r[0].issuer.as_deref(), Some("Thủ tướng Chính phủ"));
        assert_eq!(r[0].doc_type.as_deref(), Some("Quyết định"));

        let r =
            cite("Kế hoạch số 3125/KH-UBND ngày 25/8/2021 của UBND tỉnh Hải Dương về triển khai");
        assert_eq!(
            r[0].issuer.as_deref(),
            Some("Ủy ban nhân dân tỉnh Hải Dương")
        );

        let r = cite("Nghị quyết số 04- NQ/TU ngày 31/12/2021 của Ban Chấp hành Đảng bộ tỉnh Đồng Tháp khóa XI về");
        assert_eq!(r[0].number, "04-NQ/TU");
        assert_eq!(
            r[0].issuer.as_deref(),
            Some("Ban Chấp hành Đảng bộ tỉnh Đồng Tháp")
        );

        let r = cite("Nghị quyết số 52 NQ/TW ngày 27 tháng 9 năm 2019 của của Bộ Chính trị");
        assert_eq!(r[0].number, "52-NQ/TW");
        assert_eq!(r[0].date.as_deref(), Some("2019-09-27"));
        assert_eq!(r[0].issuer.as_deref(), Some("Bộ Chính trị"));

        let r = cite("Thực hiện Công văn 619/SNV-BTĐKT ngày 28/7/2025 của Sở Nội vụ tỉnh Thái Nguyên về việc");
        assert_eq!(r[0].number, "619/SNV-BTĐKT");
        assert_eq!(r[0].issuer.as_deref(), Some("Sở Nội vụ tỉnh Thái Nguyên"));

        let r = cite("Điều 5 Nghị định số 91/2017/NĐ-CP ngày 31/7/2017 của Chính phủ và Luật Thi đua, Khen thưởng");
        assert_eq!(r.len(), 1);
        assert_eq!(r[0].number, "91/2017/NĐ-CP");
    }

    #[test]
    fn words_between_type_and_number() {
        let r = cite("Chương trình hành động số 60-CTr/TU ngày 23/01/2025 của Tỉnh ủy");
        assert_eq!(r[0].number, "60-CTr/TU");
        assert_eq!(r[0].doc_type.as_deref(), Some("Chương trình"));
        assert!(cite("Quyết định khen thưởng 10 Bằng khen").is_empty());
    }

    #[test]
    fn laws_are_cited_by_name() {
        let r = cite("Căn cứ Luật Thi đua, khen thưởng số 06/2022/QH15 ngày 15 tháng 6 năm 2022;");
        assert_eq!(r[0].number, "06/2022/QH15");
        assert_eq!(r[0].doc_type.as_deref(), Some("Luật"));
        assert_eq!(r[0].date.as_deref(), Some("2022-06-15"));
        assert_eq!(r[0].issuer.as_deref(), Some("Quốc hội"));
        assert!(cite("theo quy định của Luật Thi đua, Khen thưởng; Điều 5").is_empty());
    }

    #[test]
    fn no_number_no_citation() {
        assert!(cite("xây dựng Kế hoạch này, Quyết định khen thưởng").is_empty());
    }
}
