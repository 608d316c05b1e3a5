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
use super::layout::Block;
use super::numbers::{canonical_number, iso_date};
use super::places::unit_name_at;
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
                r"^(?:\s*:)?(?:(?:\s+\p{Ll}+){0,3}\s*[sS][ốôoóồổỗộ6]\s*[:.]?)?\s*(\d{1,5}\s*(?:/\s*\d{4}\s*)?(?:[/-]\s*)?\p{Lu}[\p{L}\d&]*(?:\s*[-/]\s*[\p{L}\d&]+(?:\.[\p{L}\d]+)*)*)",
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
    ///
    /// Basis is what the preamble says the plan implements: the documents a `Căn cứ …` /
    /// `Thực hiện …` / `Triển khai …` sentence names at its own level. A document named
    /// inside another's description (`Quyết định số 178/QĐ-TTg … về ban hành Kế hoạch
    /// triển khai Thông báo kết luận số 196-TB/TW`) is what that document implements: a
    /// reference only, as are documents of other sentences (`Theo đề nghị của … tại Tờ
    /// trình số …`).
    pub fn read(&self, preamble: &[Block], body: &[Block], dict: &Dictionaries, out: &mut Fields) {
        let own = out.rec.number.clone();
        let locality = out
            .rec
            .issuer
            .as_ref()
            .and_then(|i| Some((i.level.clone()?, i.locality.clone()?)));
        let mut all: Vec<(DocRef, usize)> = Vec::new();
        let mut basis: Vec<DocRef> = Vec::new();
        for (in_preamble, blocks) in [(true, preamble), (false, body)] {
            for b in blocks {
                let cited = self.cited(&b.text, dict);
                let top = if in_preamble {
                    basis_levels(&b.text, &cited)
                } else {
                    vec![false; cited.len()]
                };
                for (c, is_basis) in cited.into_iter().zip(top) {
                    let mut r = c.doc;
                    if own.as_deref() == Some(r.number.as_str()) {
                        continue;
                    }
                    complete_issuer(&mut r, locality.as_ref());
                    if is_basis {
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
        self.cited(text, dict).into_iter().map(|c| c.doc).collect()
    }

    /// The next number of a list after a citation (`…, số 008/CĐ-UBND`, `… và số …`): its
    /// end within `text` and its raw text.
    fn next_item<'t>(&self, text: &'t str) -> Option<(usize, &'t str)> {
        let c = regex!(
            r"^(?:\s*ng[aà]y\s*\d{1,2}\s*(?:/|-|\.|th[aá]ng)\s*\d{1,2}\s*(?:/|-|\.|n[aă]m)\s*\d{4})?\s*(?:,|;|và)\s*(?:và\s+)?[sS][ốô]\s+(\d{1,5}\s*(?:/\s*\d{4}\s*)?[/-]\s*\p{Lu}[\p{L}\d&]*(?:\s*[-/]\s*[\p{L}\d&]+)*)"
        )
        .captures(text)?;
        let m = c.get(1)?;
        Some((m.end(), m.as_str()))
    }

    /// Every citation in one block of text with where it stands, in order.
    fn cited<'t>(&self, text: &'t str, dict: &Dictionaries) -> Vec<Cited> {
        let mut out = Vec::new();
        let types = dict.doc_type_set.find_all(text);
        for (k, f) in types.iter().enumerate() {
            // A law is cited by its name before its number: `Luật Thi đua, khen thưởng số
            // 06/2022/QH15`.
            let named = matches!(
                dict.doc_types[f.index].name.as_str(),
                "Luật" | "Bộ luật" | "Pháp lệnh" | "Hiến pháp"
            );
            // A number past the next type named belongs to that one: `Luật … và Nghị định số
            // 80/2025/NĐ-CP`, `Kế hoạch triển khai Thông báo số 196-TB/TW`.
            let own = |c: regex::Captures<'t>| {
                let number_at = f.end + c.get(1)?.start();
                let crossed = types.get(k + 1).is_some_and(|g| g.start < number_at);
                (!crossed).then_some(c)
            };
            let c = self
                .number
                .captures(&text[f.end..])
                .and_then(own)
                .or_else(|| {
                    named
                        .then(|| self.law_number.captures(&text[f.end..]))
                        .flatten()
                        .and_then(own)
                });
            let Some(c) = c else {
                continue;
            };
            let Some(m) = c.get(1) else { continue };
            let Some(number) = canonical_number(m.as_str(), dict) else {
                continue;
            };
            let type_name = dict.doc_types[f.index].name.clone();
            // `Các Công điện: số 007/CĐ-UBND ngày 17/11/2025, số 008/CĐ-UBND và số
            // 009/CĐ-UBND ngày 19/11/2025 của UBND tỉnh`: one type, several numbers, a date
            // shared by the numbers `và` joins, the issuer of the last for all.
            let mut items = vec![(number, f.end + m.end())];
            let limit = types.get(k + 1).map_or(text.len(), |g| g.start);
            loop {
                let at = items.last().map_or(0, |i| i.1);
                let Some(next) = text.get(at..limit).and_then(|t| self.next_item(t)) else {
                    break;
                };
                let Some(n) = canonical_number(next.1, dict) else {
                    break;
                };
                items.push((n, at + next.0));
                if items.len() > 12 {
                    break;
                }
            }
            let mut dates = Vec::with_capacity(items.len());
            let mut issuer = None;
            for (i, (_, end)) in items.iter().enumerate() {
                let rest = Folded::new(&text[*end..]);
                let mut date = None;
                let mut rest_f = 0;
                if let Some(d) = self.date.captures(&rest.text) {
                    date = iso_date(&d[1], &d[2], &d[3]);
                    rest_f = d.get(0).map_or(0, |m| m.end());
                }
                dates.push(date);
                if i + 1 == items.len() {
                    if let Some(o) = self.of.find(&rest.text[rest_f..]) {
                        let at = end + rest.to_orig(rest_f + o.end());
                        issuer = issuer_at(&text[at..], dict);
                    }
                }
            }
            // A number without its date takes the date of the next one it is joined to.
            for i in (0..dates.len().saturating_sub(1)).rev() {
                if dates[i].is_none() {
                    dates[i] = dates[i + 1].clone();
                }
            }
            for ((number, end), date) in items.into_iter().zip(dates) {
                let issuer = issuer.clone().or_else(|| issuer_from_symbol(&number, dict));
                out.push(Cited {
                    doc: DocRef {
                        doc_type: Some(type_name.clone()),
                        number,
                        date,
                        issuer,
                    },
                    start: f.start,
                    end,
                });
            }
        }
        out
    }
}

impl Default for ReferenceReader {
    fn default() -> Self {
        ReferenceReader::new()
    }
}

/// A citation and where it stands in its text (from its type to the end of its number).
struct Cited {
    doc: DocRef,
    start: usize,
    end: usize,
}

/// Which citations of a preamble block are basis: those at the top level of a sentence that
/// says what the plan implements.
fn basis_levels(text: &str, cited: &[Cited]) -> Vec<bool> {
    let mut out = Vec::with_capacity(cited.len());
    let mut level = 0usize;
    let mut sentence_start = 0;
    let mut prev_end: Option<usize> = None;
    // Sentences whose first document came early enough.
    let mut opened: Vec<usize> = Vec::new();
    // What joins a document to the one before at the same level: `và`, a comma; and `và
    // hướng dẫn của … tại`, a document of its own.
    let joined = regex!(r"(?:\bva|,)\s*$");
    let own_named = regex!(r"\bva\s+(?:\S+\s+){0,8}?tai\s*$");
    for c in cited {
        // A document named in parentheses (`(Nghị quyết số 50/NQ-CP)`) restates another.
        if paren_depth(&text[..c.start]) > 0 {
            out.push(false);
            continue;
        }
        let from = prev_end.unwrap_or(0).min(c.start);
        let between = &text[from..c.start];
        if let Some(p) = last_sentence_end(between) {
            // A new sentence starts afresh.
            sentence_start = from + p;
            level = 0;
        } else if prev_end.is_some() {
            let tail = fold(&without_parens(between));
            // `…; X`: the next item of the list. `… và hướng dẫn của Bộ Nội vụ tại X`: a
            // document of its own. `… của Chính phủ và X` right after a document: the same
            // level as that document; after its description (`… về …, và X`) the
            // description has ended and X stands a level up. A description running into X:
            // X is what the document above implements.
            let coordinated = joined.is_match(&tail);
            level = if tail.contains(';') || own_named.is_match(&tail) {
                0
            } else if coordinated && describes(&tail) {
                level.saturating_sub(1)
            } else if coordinated {
                level
            } else if describes(&tail) {
                level + 1
            } else {
                level
            };
        }
        prev_end = Some(c.end);
        // The sentence names its first document right after its opening words (`Căn cứ
        // Quy chế phối hợp số …`), not after a clause of its own (`Trên cơ sở các kết
        // quả đạt được …, theo Nghị quyết số …`).
        let lead = text[sentence_start..c.start.max(sentence_start)]
            .split_whitespace()
            .count();
        if level == 0 && lead > 8 && !opened.contains(&sentence_start) {
            out.push(false);
            continue;
        }
        opened.push(sentence_start);
        out.push(level == 0 && opens_basis(&text[sentence_start..]));
    }
    out
}

/// How many parentheses are open at the end of `text`.
fn paren_depth(text: &str) -> usize {
    text.chars().fold(0usize, |d, c| match c {
        '(' => d + 1,
        ')' => d.saturating_sub(1),
        _ => d,
    })
}

/// `text` without what its parentheses hold.
fn without_parens(text: &str) -> String {
    let mut depth = 0usize;
    text.chars()
        .filter(|&c| {
            match c {
                '(' => depth += 1,
                ')' => {
                    depth = depth.saturating_sub(1);
                    return false;
                }
                _ => {}
            }
            depth == 0
        })
        .collect()
}

/// Where the last sentence of `text` ends (`. ` before a capital), if it has an end.
fn last_sentence_end(text: &str) -> Option<usize> {
    let bytes: Vec<(usize, char)> = text.char_indices().collect();
    (0..bytes.len().saturating_sub(2))
        .rev()
        .find(|&i| bytes[i].1 == '.' && bytes[i + 1].1 == ' ' && bytes[i + 2].1.is_uppercase())
        .map(|i| bytes[i + 2].0)
}

/// Whether the text after a citation runs into its description (`… về …`, `… phê duyệt …`,
/// `… ban hành Kế hoạch triển khai …`): a document named there is the cited one's subject.
fn describes(tail: &str) -> bool {
    regex!(
        r"\b(ve|phe duyet|ban hanh|trien khai|thuc hien|thi hanh|sua doi|quy dinh|huong dan|v/v)\b"
    )
    .is_match(tail)
}

/// Whether a sentence says what the plan implements: `Căn cứ …`, `Thực hiện …`, `Triển khai
/// (thực hiện) …`, `Thi hành …`, `Trên cơ sở …`, `Để triển khai …`; not `Theo đề nghị …`.
fn opens_basis(sentence: &str) -> bool {
    let f = fold(sentence.trim_start_matches(|c: char| !c.is_alphanumeric()));
    let lead: String = f.split_whitespace().take(4).collect::<Vec<_>>().join(" ");
    (lead.starts_with("can cu")
        || lead.contains("thuc hien")
        || lead.contains("trien khai")
        || lead.contains("thi hanh")
        || lead.starts_with("tren co so")
        || lead.starts_with("can cu"))
        && !lead.starts_with("theo de nghi")
        && !lead.starts_with("xet de nghi")
}

/// `Ủy ban nhân dân tỉnh` cited without its province is the plan's own province's.
fn complete_issuer(r: &mut DocRef, locality: Option<&(String, String)>) {
    let (Some(issuer), Some((level, name))) = (r.issuer.as_mut(), locality) else {
        return;
    };
    let kind = if level.contains("trung ương") {
        "thành phố"
    } else {
        level.as_str()
    };
    if fold(issuer).ends_with(&format!(" {}", fold(kind))) {
        issuer.push(' ');
        issuer.push_str(name);
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
    fn basis_is_what_the_preamble_implements() {
        let d = Dictionaries::load().unwrap();
        let reader = ReferenceReader::new();
        let basis = |text: &str| -> Vec<String> {
            let cited = reader.cited(text, &d);
            basis_levels(text, &cited)
                .into_iter()
                .zip(cited)
                .filter(|(b, _)| *b)
                .map(|(_, c)| c.doc.number)
                .collect()
        };
        // Named in another document's description: not basis.
        assert_eq!(
            basis("Căn cứ Quyết định số 178/QĐ-TTg ngày 28 tháng 01 năm 2016 của Thủ tướng Chính phủ về ban hành Kế hoạch triển khai Thông báo kết luận số 196-TB/TW ngày 16 tháng 3 năm 2015 của Ban Bí thư;"),
            ["178/QĐ-TTg"]
        );
        // Items of one list, and a document joined by `và` at the same level.
        assert_eq!(
            basis("Căn cứ Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị về đột phá; Nghị quyết số 71/NQ-CP ngày 01/4/2025 của Chính phủ và Chương trình hành động số 10-CTr/TU ngày 13/8/2025 của Ban Thường vụ Tỉnh ủy về thực hiện Nghị quyết số 57-NQ/TW;"),
            ["57-NQ/TW", "71/NQ-CP", "10-CTr/TU"]
        );
        // `và hướng dẫn của … tại` names a document of its own.
        assert_eq!(
            basis("Thực hiện Thông tri số 02-TT/TU ngày 03 tháng 10 năm 2025 của Thành ủy về lãnh đạo thực hiện “Tháng hành động” và hướng dẫn của Bộ Nội vụ tại Công văn số 8935/BNV-CTTN&BĐG ngày 03 tháng 10 năm 2025;"),
            ["02-TT/TU", "8935/BNV-CTTN&BĐG"]
        );
        // A proposal is not basis; a coordinated document inside a description is not either.
        assert!(basis("Theo đề nghị của Sở Khoa học và Công nghệ tại Tờ trình số 133/TTr-SKHCN ngày 15/11/2025").is_empty());
        assert_eq!(
            basis("Căn cứ Kế hoạch số 92/KH-UBND ngày 15/9/2025 của UBND tỉnh triển khai thực hiện Nghị quyết số 71/NQ-CP ngày 01/4/2025 của Chính phủ và Kế hoạch hành động số 469-KH/TU ngày 16/5/2025 của Tỉnh ủy."),
            ["92/KH-UBND"]
        );
        // A restatement in parentheses, then the next documents of the list.
        assert_eq!(
            basis("Thực hiện Nghị quyết số 163/2024/QH15 ngày 27/11/2024 của Quốc hội phê duyệt chủ trương đầu tư (Nghị quyết số 163/2024/QH15), Nghị quyết số 50/NQ-CP ngày 13/3/2025 của Chính phủ về ban hành Kế hoạch triển khai Nghị quyết số 163/2024/QH15 ngày 27/11/2024 của Quốc hội phê duyệt chủ trương đầu tư (Nghị quyết số 50/NQ-CP) và Quyết định số 7619/QĐ-BCA ngày 08/9/2025 của Bộ trưởng Bộ Công an;"),
            ["163/2024/QH15", "50/NQ-CP", "7619/QĐ-BCA"]
        );
        // A document named after a clause of the sentence's own is context, not basis.
        assert!(basis("Trên cơ sở các kết quả đạt được và những khó khăn trong những năm qua, để đạt được các mục tiêu theo Nghị quyết số 21-NQ/TW và Chỉ thị số 27/CT-TTg.").is_empty());
        // A list of numbers under one type.
        let r = cite("Căn cứ Các Công điện: số 007/CĐ-UBND ngày 17/11/2025, số 008/CĐ-UBND và số 009/CĐ-UBND ngày 19/11/2025; số 010/CĐ-UBND ngày 20/11/2025 của UBND tỉnh về ứng phó lũ;");
        let got: Vec<(&str, Option<&str>)> = r
            .iter()
            .map(|d| (d.number.as_str(), d.date.as_deref()))
            .collect();
        assert_eq!(
            got,
            [
                ("007/CĐ-UBND", Some("2025-11-17")),
                ("008/CĐ-UBND", Some("2025-11-19")),
                ("009/CĐ-UBND", Some("2025-11-19")),
                ("010/CĐ-UBND", Some("2025-11-20"))
            ]
        );
        assert!(r.iter().all(|d| d.doc_type.as_deref() == Some("Công điện")));
        assert_eq!(r[0].issuer.as_deref(), Some("Ủy ban nhân dân tỉnh"));
        // One Nghị định after a law without a number.
        let r = cite("Căn cứ Luật Phòng thủ dân sự và Nghị định số 80/2025/NĐ-CP ngày 1/4/2025 của Chính phủ;");
        assert_eq!(r.len(), 1);
        assert_eq!(r[0].doc_type.as_deref(), Some("Nghị định"));
    }

    #[test]
    fn no_number_no_citation() {
        assert!(cite("xây dựng Kế hoạch này, Quyết định khen thưởng").is_empty());
    }
}
