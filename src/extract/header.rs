//! The header fields: document type, issuer, number, place, date, title and the movement
//! the title names.
//!
//! Each comes from its proper place in the layout ([`Segments`]). Where that place is
//! missing, a weaker source stands in and the provenance says so: the type from the number's
//! symbol (`KH` → Kế hoạch), the issuing body from the symbol (`UBND`) or the signature
//! (`TM. ỦY BAN NHÂN DÂN`), and, for a plan whose header was lost, the whole issuer from the
//! body (`Ủy ban nhân dân tỉnh ban hành Kế hoạch` + the province the text keeps naming).

use super::dict::Dictionaries;
use super::fold::{fold, is_upper_line, Folded};
use super::numbers::{canonical_number, parse_date};
use super::places::{title_case, unit_mentions};
use super::segmenter::{join_line, Block, Segments};
use super::Fields;
use crate::record::{Issuer, Movement, Period, Provenance};
use regex::Regex;
use std::collections::HashMap;

/// Reads the header fields into `out`.
pub fn read(seg: &Segments, dict: &Dictionaries, out: &mut Fields) {
    if let Some(p) = &seg.number {
        if let Some(n) = canonical_number(&p.text, dict) {
            out.rec.number = Some(n);
            out.prov("number", Some(p.line), 0.9, false);
        }
    }
    read_doc_type(seg, dict, out);
    if let Some(p) = &seg.place {
        let place = clean_place(&p.text, dict);
        if !place.is_empty() {
            out.rec.place = Some(place);
            out.prov("place", Some(p.line), 0.85, false);
        }
    }
    if let Some(p) = &seg.date {
        if let Some(d) = parse_date(&p.text) {
            out.rec.date = Some(d);
            out.prov("date", Some(p.line), 0.95, false);
        }
    }
    read_title(seg, out);
    read_issuer(seg, dict, out);
}

fn read_doc_type(seg: &Segments, dict: &Dictionaries, out: &mut Fields) {
    if let Some(p) = &seg.doc_type {
        if let Some(i) = dict.doc_type_set.exact(&p.text) {
            out.rec.doc_type = Some(dict.doc_types[i].name.clone());
            out.prov("doc_type", Some(p.line), 0.95, false);
            return;
        }
    }
    // The symbol says the type too: `75/KH-UBND` is a Kế hoạch.
    let number = out.rec.number.clone();
    if let Some(n) = number {
        let symbol = n
            .split(['/', '-'])
            .find(|p| p.chars().any(|c| c.is_alphabetic()));
        if let Some(t) = symbol.and_then(|s| dict.doc_type_by_abbr(s)) {
            out.rec.doc_type = Some(t.name.clone());
            let line = seg.number.as_ref().map(|p| p.line);
            out.prov("doc_type", line, 0.7, true);
        }
    }
}

/// The place as the record reports it: the gazetteer's spelling where it knows the name.
fn clean_place(text: &str, dict: &Dictionaries) -> String {
    let t = text.trim().trim_matches([',', '.', ';', ':', ' ']);
    let units = dict.units_named(t);
    if units.iter().any(|u| u.name == t) {
        return t.to_string();
    }
    // A name in capitals or with marks lost (`Thai Nguyen`) takes the gazetteer's spelling
    // when every unit of that folded name is spelt the same.
    if let Some(first) = units.first() {
        if units.iter().all(|u| u.name == first.name) {
            return first.name.clone();
        }
    }
    if is_upper_line(t) {
        return title_case(t);
    }
    t.to_string()
}

fn read_title(seg: &Segments, out: &mut Fields) {
    if seg.title.is_empty() {
        return;
    }
    let mut title = String::new();
    for p in &seg.title {
        join_line(&mut title, &p.text);
    }
    let line = seg.title[0].line;
    let quoted = Regex::new(r#"[“"«]([^“”"«»]+)[”"»]"#).expect("built-in pattern");
    let name = quoted
        .captures(&title)
        .and_then(|c| c.get(1))
        .map(|m| m.as_str().trim().to_string());
    let years = Regex::new(r"((?:19|20)\d\d)\s*[-–]\s*((?:19|20)\d\d)").expect("built-in pattern");
    let period = years
        .captures(&title)
        .or_else(|| name.as_deref().and_then(|n| years.captures(n)))
        .and_then(|c| {
            let from = c.get(1)?.as_str().parse().ok()?;
            let to = c.get(2)?.as_str().parse().ok()?;
            (from <= to).then_some(Period { from, to })
        });
    if name.is_some() || period.is_some() {
        out.rec.movement = Some(Movement { name, period });
        out.prov("movement", Some(line), 0.85, false);
    }
    out.rec.title = Some(title);
    out.prov("title", Some(line), 0.85, false);
}

/// A body (`Ủy ban nhân dân`) and where it was read.
struct BodyRead {
    name: String,
    kind: String,
    line: Option<usize>,
    inferred: bool,
}

fn read_issuer(seg: &Segments, dict: &Dictionaries, out: &mut Fields) {
    let block: String = seg
        .issuer_block
        .iter()
        .map(|p| p.text.as_str())
        .collect::<Vec<_>>()
        .join(" ");
    let block_line = seg.issuer_block.first().map(|p| p.line);
    let body = body_of(&block, dict)
        .map(|(name, kind)| BodyRead {
            name,
            kind,
            line: block_line,
            inferred: false,
        })
        .or_else(|| body_from_symbol(seg, dict, out))
        .or_else(|| body_from_signature(seg, dict));
    let unit = unit_mentions(&block, dict).pop();
    if let Some(u) = unit {
        let Some(b) = body else {
            // A unit with no body at all: report the place, leave the name open.
            out.rec.issuer = Some(Issuer {
                name: None,
                level: Some(u.level),
                locality: Some(u.name),
            });
            out.prov("issuer", block_line, 0.5, false);
            return;
        };
        let name = format!("{} {} {}", b.name, u.kind, u.name);
        out.rec.issuer = Some(Issuer {
            name: Some(name),
            level: Some(u.level),
            locality: Some(u.name),
        });
        let conf = if b.line == block_line { 0.9 } else { 0.8 };
        out.prov("issuer", block_line, conf, false);
        return;
    }
    if let Some(b) = body
        .as_ref()
        .filter(|b| b.kind != "local" && b.kind != "party-local")
    {
        // A central body needs no locality.
        out.rec.issuer = Some(Issuer {
            name: Some(b.name.clone()),
            level: None,
            locality: None,
        });
        out.prov("issuer", b.line, 0.8, b.inferred);
        return;
    }
    infer_issuer(seg, dict, out);
}

/// The lowest body named in a header block (`UBND TỈNH X / SỞ NỘI VỤ` → Sở Nội vụ).
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
        inferred: false,
    })
}

fn body_from_signature(seg: &Segments, dict: &Dictionaries) -> Option<BodyRead> {
    seg.signature.iter().find_map(|p| {
        body_of(&p.text, dict).map(|(name, kind)| BodyRead {
            name,
            kind,
            line: Some(p.line),
            inferred: true,
        })
    })
}

/// The issuer of a plan whose header is missing, read from the body: the sentence that
/// says who issues the plan (`Ủy ban nhân dân tỉnh ban hành Kế hoạch`) gives the body and
/// the level; the unit of that level the text names most often gives the locality.
fn infer_issuer(seg: &Segments, dict: &Dictionaries, out: &mut Fields) {
    let re = Regex::new(
        r"(uy ban nhan dan|ubnd|hoi dong nhan dan|hdnd)(?:\s*\([^)]*\))?\s+(tinh|thanh pho|huyen|quan|thi xa|phuong|xa|thi tran|dac khu)\b([^.;:]{0,40}?)\s(?:ban hanh|xay dung)\s",
    )
    .expect("built-in pattern");
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
fn most_named_unit(
    blocks: &[&Block],
    kind: &str,
    dict: &Dictionaries,
) -> Option<super::places::UnitMention> {
    let mut counts: HashMap<String, (usize, usize, super::places::UnitMention)> = HashMap::new();
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

/// Provenance for a field read at `line`.
pub fn provenance(line: Option<usize>, confidence: f64, inferred: bool) -> Provenance {
    Provenance {
        line,
        confidence,
        inferred,
    }
}
