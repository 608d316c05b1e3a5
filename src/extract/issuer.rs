//! Who issued the document: the agency column of the header, its lowest agency spelled as
//! running text (`BỘ TÀI CHÍNH / CỤC THUẾ` → `Cục Thuế`, `ỦY BAN NHÂN DÂN / TỈNH ĐỒNG THÁP`
//! → `Ủy ban nhân dân tỉnh Đồng Tháp`), with the level and locality of the unit the column
//! names.
//!
//! Where the column is missing, weaker sources stand in and the provenance says so: the
//! body a number's symbol names (`UBND`), the signature (`TM. ỦY BAN NHÂN DÂN`), and, for a
//! plan whose header was lost, the body (`Ủy ban nhân dân tỉnh ban hành Kế hoạch` + the
//! province the text keeps naming).

use super::dict::Dictionaries;
use super::fold::{fold, lower_first, upper_first, Folded};
use super::layout::{Block, Piece, Segments};
use super::places::{unit_mentions, unit_name_at, UnitMention};
use super::Fields;
use crate::record::Issuer;
use std::collections::HashMap;

/// Words that open an agency's name in the header column, folded with spaces removed so
/// that OCR's glued `UYBANNHANDAN` counts. A line that opens with none of them continues
/// the agency above it (`TỈNH ĐỒNG THÁP`, `VỀ DU LỊCH`, the `NỘI` of a wrapped `HÀ NỘI`).
const HEADS: [&str; 52] = [
    "uyban",
    "ubnd",
    "hoidong",
    "hdnd",
    "bo",
    "tongcuc",
    "chicuc",
    "cuc",
    "so",
    "ban",
    "vanphong",
    "trungtam",
    "thue",
    "kiemtoan",
    "chutich",
    "thutuong",
    "chinhphu",
    "quochoi",
    "tinhuy",
    "thanhuy",
    "huyenuy",
    "thiuy",
    "danguy",
    "dangbo",
    "dangdoan",
    "tinhdoan",
    "doan",
    "hoi",
    "liendoan",
    "tongliendoan",
    "mattran",
    "congan",
    "benhvien",
    "truong",
    "hocvien",
    "daihoc",
    "vien",
    "toaan",
    "nganhang",
    "khobac",
    "phong",
    "dai",
    "tapdoan",
    "tongcongty",
    "congty",
    "baohiem",
    "chinhanh",
    "thanhtra",
    "haiquan",
    "botulenh",
    "quankhu",
    "bancansu",
];

/// Reads `issuer` into `out`.
pub fn read(seg: &Segments, dict: &Dictionaries, out: &mut Fields) {
    let agencies = agencies(&seg.issuer_block);
    if let Some((line, last)) = agencies.last() {
        let column: String = agencies
            .iter()
            .map(|(_, a)| a.as_str())
            .collect::<Vec<_>>()
            .join(" ");
        let unit = unit_mentions(&dict.expand(&column), dict).pop();
        let (mut name, known) = spell_agency(last, dict);
        // A column that kept only its unit (`THÀNH PHỐ CHÍ LINH`, the line above lost): the
        // body the number's symbol or the signature names heads it.
        let headless = !HEADS.iter().any(|h| squash(last).starts_with(h));
        if headless && unit.is_some() {
            if let Some(b) =
                body_from_symbol(seg, dict, out).or_else(|| body_from_signature(seg, dict))
            {
                if b.kind == "local" {
                    name = format!("{} {}", b.name, lower_first(&name));
                }
            }
        }
        if !name.is_empty() {
            let central = unit.is_none();
            out.rec.issuer = Some(Issuer {
                name: Some(name),
                level: unit.as_ref().map(|u| u.level.clone()),
                locality: unit.map(|u| u.name),
            });
            let conf = match (known, central) {
                (true, _) => 0.92,
                (false, false) => 0.8,
                (false, true) => 0.75,
            };
            out.prov("issuer", Some(*line), conf, false);
            return;
        }
    }
    let body = body_from_symbol(seg, dict, out).or_else(|| body_from_signature(seg, dict));
    if let Some(b) = body.filter(|b| b.kind != "local" && b.kind != "party-local") {
        // A central body needs no locality.
        out.rec.issuer = Some(Issuer {
            name: Some(b.name.clone()),
            level: None,
            locality: None,
        });
        out.prov("issuer", b.line, 0.7, true);
        return;
    }
    infer_issuer(seg, dict, out);
}

/// The agencies of the header column, top to bottom, each with the line it starts on: a
/// parent above its child (`BỘ TÀI CHÍNH`, `CỤC THUẾ`), an agency's name wrapped over
/// lines joined.
pub fn agencies(block: &[Piece]) -> Vec<(usize, String)> {
    let mut out: Vec<(usize, String)> = Vec::new();
    for p in block {
        let text = p.text.trim_matches(|c: char| !c.is_alphanumeric());
        if text.is_empty() {
            continue;
        }
        let key = squash(text);
        let opens = HEADS.iter().any(|h| key.starts_with(h));
        match out.last_mut() {
            Some((_, a)) if !opens => {
                a.push(' ');
                a.push_str(text);
            }
            _ => out.push((p.line, text.to_string())),
        }
    }
    out
}

/// Folded letters and digits only: how an agency's words compare whatever OCR did to the
/// spaces between them.
fn squash(s: &str) -> String {
    fold(s).chars().filter(|c| c.is_alphanumeric()).collect()
}

/// An agency's name printed in capitals, spelled as running text: known bodies and offices
/// as the dictionaries spell them (their words glued by OCR or not), units with the
/// gazetteer's spelling, other words in lower case, the first letter a capital. Also
/// returns whether every word came from a dictionary.
pub fn spell_agency(text: &str, dict: &Dictionaries) -> (String, bool) {
    let expanded = dict.expand(text);
    let words: Vec<&str> = expanded
        .split_whitespace()
        .filter(|w| w.chars().any(char::is_alphanumeric))
        .collect();
    let phrases = dict.agency_phrases();
    let mut out: Vec<String> = Vec::new();
    let mut known = true;
    let mut i = 0;
    while i < words.len() {
        if let Some((spelling, used)) = phrase_at(&words[i..], phrases) {
            out.push(spelling.to_string());
            i += used;
            continue;
        }
        if let Some((unit, used)) = unit_at(&words[i..], dict) {
            out.push(unit);
            i += used;
            continue;
        }
        known = false;
        out.push(
            words[i]
                .trim_matches(|c: char| !c.is_alphanumeric())
                .to_lowercase(),
        );
        i += 1;
    }
    (upper_first(&out.join(" ")), known && !out.is_empty())
}

/// The longest known phrase at the start of `words`, compared squashed.
fn phrase_at<'a>(words: &[&str], phrases: &'a HashMap<String, String>) -> Option<(&'a str, usize)> {
    let mut key = String::new();
    let mut best = None;
    for (j, w) in words.iter().enumerate().take(10) {
        key.push_str(&squash(w));
        if let Some(s) = phrases.get(&key) {
            best = Some((s.as_str(), j + 1));
        }
    }
    best
}

/// A unit (`TỈNH ĐỒNG THÁP`) at the start of `words`: its spelling and the words used.
fn unit_at(words: &[&str], dict: &Dictionaries) -> Option<(String, usize)> {
    let text = words.join(" ");
    let folded = fold(&text);
    for kind in super::dict::UNIT_KINDS {
        let fk = fold(kind);
        if !(folded.starts_with(&fk) && folded[fk.len()..].starts_with(' ')) {
            continue;
        }
        let kind_words = kind.split(' ').count();
        let name_at = Folded::new(&text).to_orig(fk.len() + 1);
        let (name, _, used) = unit_name_at(&text[name_at..], kind, dict)?;
        let name_words = text[name_at..name_at + used].split_whitespace().count();
        return Some((format!("{kind} {name}"), kind_words + name_words));
    }
    None
}

/// A body (`Ủy ban nhân dân`) and where it was read.
struct BodyRead {
    name: String,
    kind: String,
    line: Option<usize>,
}

/// The lowest body named in a text (`UBND TỈNH X / SỞ NỘI VỤ` → Sở Nội vụ).
fn body_of(text: &str, dict: &Dictionaries) -> Option<(String, String)> {
    let expanded = dict.expand(text);
    dict.body_set.find_all(&expanded).last().map(|f| {
        let b = &dict.bodies[f.index];
        (b.name.clone(), b.kind.clone())
    })
}

fn body_from_symbol(seg: &Segments, dict: &Dictionaries, out: &Fields) -> Option<BodyRead> {
    let n = out.rec.number.as_deref()?;
    let last = n.rsplit(['/', '-']).next()?;
    let b = dict.body_by_symbol(last)?;
    Some(BodyRead {
        name: b.name.clone(),
        kind: b.kind.clone(),
        line: seg.number.as_ref().map(|p| p.line),
    })
}

fn body_from_signature(seg: &Segments, dict: &Dictionaries) -> Option<BodyRead> {
    seg.signature.iter().find_map(|p| {
        body_of(&p.text, dict).map(|(name, kind)| BodyRead {
            name,
            kind,
            line: Some(p.line),
        })
    })
}

/// The issuer of a plan whose header is missing, read from the body: the sentence that
/// says who issues the plan (`Ủy ban nhân dân tỉnh ban hành Kế hoạch`) gives the body and
/// the level; the unit of that level the text names most often gives the locality.
fn infer_issuer(seg: &Segments, dict: &Dictionaries, out: &mut Fields) {
    let re = regex!(
        r"(uy ban nhan dan|ubnd|hoi dong nhan dan|hdnd)(?:\s*\([^)]*\))?\s+(tinh|thanh pho|huyen|quan|thi xa|phuong|xa|thi tran|dac khu)\b([^.;:]{0,40}?)\s(?:ban hanh|xay dung)\s",
    );
    let blocks: Vec<&Block> = seg.preamble.iter().chain(seg.body.iter()).collect();
    for b in &blocks {
        let folded = Folded::new(&b.text);
        let Some(c) = re.captures(&folded.text) else {
            continue;
        };
        let (Some(body_m), Some(kind_m)) = (c.get(1), c.get(2)) else {
            continue;
        };
        let body_text = &b.text[folded.span(body_m.range())];
        let Some((body, _)) = body_of(body_text, dict) else {
            continue;
        };
        let kind_text = b.text[folded.span(kind_m.range())].to_lowercase();
        let named = c
            .get(3)
            .map(|m| &b.text[folded.span(m.range())])
            .and_then(|rest| unit_mentions(&format!("{kind_text}{rest}"), dict).pop());
        let mention = named.or_else(|| most_named_unit(&blocks, &kind_text, dict));
        let Some(u) = mention else {
            continue;
        };
        out.rec.issuer = Some(Issuer {
            name: Some(format!("{body} {} {}", u.kind, u.name)),
            level: Some(u.level),
            locality: Some(u.name),
        });
        out.prov("issuer", Some(b.line), 0.6, true);
        return;
    }
}

/// The unit of `kind` the text names most often (ties: the first named).
fn most_named_unit(blocks: &[&Block], kind: &str, dict: &Dictionaries) -> Option<UnitMention> {
    let mut counts: HashMap<String, (usize, usize, UnitMention)> = HashMap::new();
    let mut order = 0;
    for b in blocks {
        for m in unit_mentions(&b.text, dict) {
            if fold(&m.kind) != fold(kind) {
                continue;
            }
            order += 1;
            let e = counts.entry(m.name.clone()).or_insert((0, order, m));
            e.0 += 1;
        }
    }
    counts
        .into_values()
        .max_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)))
        .map(|(_, _, m)| m)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pieces(lines: &[&str]) -> Vec<Piece> {
        lines
            .iter()
            .enumerate()
            .map(|(i, t)| Piece {
                line: i + 1,
                text: t.to_string(),
            })
            .collect()
    }

    #[test]
    fn the_lowest_agency_issues() {
        let d = Dictionaries::load().unwrap();
        let cases: [(&[&str], &str); 8] = [
            (
                &["ỦY BAN NHÂN DÂN", "TỈNH ĐỒNG THÁP"],
                "Ủy ban nhân dân tỉnh Đồng Tháp",
            ),
            (&["BỘ TÀI CHÍNH", "CỤC THUẾ"], "Cục Thuế"),
            (
                &[
                    "UBND THÀNH PHỐ HÀ",
                    "NỘI",
                    "TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG",
                ],
                "Trung tâm Phục vụ hành chính công",
            ),
            (
                &["BAN CHỈ ĐẠO NHÀ NƯỚC", "VỀ DU LỊCH"],
                "Ban Chỉ đạo nhà nước về du lịch",
            ),
            (
                &["CHỦ TỊCH ỦY BAN NHÂN DÂN", "TỈNH GIA LAI"],
                "Chủ tịch Ủy ban nhân dân tỉnh Gia Lai",
            ),
            (
                &["UYBANNHANDAN —", "TỈNH THANH HÓA"],
                "Ủy ban nhân dân tỉnh Thanh Hóa",
            ),
            (&["THUẾ TỈNH TÂY NINH"], "Thuế tỉnh Tây Ninh"),
            (&["UBND TỈNH BẮC NINH", "SỞ Y TẾ"], "Sở Y tế"),
        ];
        for (block, want) in cases {
            let a = agencies(&pieces(block));
            let (name, _) = spell_agency(&a.last().unwrap().1, &d);
            assert_eq!(name, want, "{block:?}");
        }
    }
}
