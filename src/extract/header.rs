//! The header fields: document type, issuer, number, place, date, title and the movement
//! the title names.
//!
//! Each comes from its proper place in the layout ([`Segments`]). Where that place is
//! missing, a weaker source stands in and the provenance says so: the type from the number's
//! symbol (`KH` → Kế hoạch), the issuing body from the symbol (`UBND`) or the signature
//! (`TM. ỦY BAN NHÂN DÂN`), and, for a plan whose header was lost, the whole issuer from the
//! body (`Ủy ban nhân dân tỉnh ban hành Kế hoạch` + the province the text keeps naming).

use super::dict::Dictionaries;
use super::fold::{fold, is_upper_line, squeeze, Folded};
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
    settle_place(seg, dict, out);
}

/// A place the gazetteer does not know as spelt (`Van Xudn`, `DPong Thấp`: marks the
/// restorer could not place) is read as the nearest unit name: the issuer's locality or a
/// unit the text names first, then any unit, if it is within a fifth of its length.
fn settle_place(seg: &Segments, dict: &Dictionaries, out: &mut Fields) {
    let Some(place) = out.rec.place.clone() else {
        return;
    };
    if dict.units_named(&place).iter().any(|u| u.name == place) {
        return;
    }
    let f = fold(&place);
    let close = |name: &str| {
        let d = strsim::levenshtein(&fold(name), &f);
        (d * 5 <= f.chars().count().max(1)).then_some(d)
    };
    let mut local: Vec<String> = Vec::new();
    if let Some(l) = out.rec.issuer.as_ref().and_then(|i| i.locality.clone()) {
        local.push(l);
    }
    for b in seg.preamble.iter().chain(seg.body.iter()) {
        for m in unit_mentions(&b.text, dict) {
            if !local.contains(&m.name) {
                local.push(m.name);
            }
        }
    }
    let best = |names: &mut dyn Iterator<Item = String>| {
        names
            .filter_map(|n| close(&n).map(|d| (d, n)))
            .min_by_key(|(d, _)| *d)
            .map(|(_, n)| n)
    };
    let found = best(&mut local.into_iter())
        .or_else(|| best(&mut dict.units.iter().map(|u| u.name.clone())));
    if let Some(name) = found {
        out.rec.place = Some(name);
        if let Some(p) = out.rec.provenance.get_mut("place") {
            p.confidence = 0.7;
        }
    }
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
    let quoted = regex!(r#"[“"«]([^“”"«»]+)[”"»]"#);
    let mut name = quoted
        .captures(&title)
        .and_then(|c| c.get(1))
        .map(|m| m.as_str().trim().to_string());
    // The movement's name recurs in the text; where the restorer read it differently, the
    // reading that is all Vietnamese syllables and most often repeated wins.
    if let Some(n) = name.clone() {
        let texts: Vec<&str> = seg
            .preamble
            .iter()
            .chain(seg.body.iter())
            .map(|b| b.text.as_str())
            .collect();
        let best = consensus(&n, &texts, quoted);
        if best != n {
            title = title.replacen(&n, &best, 1);
            name = Some(best);
        }
    }
    let years = regex!(r"((?:19|20)\d\d)\s*[-–]\s*((?:19|20)\d\d)");
    let period = years
        .captures(&title)
        .or_else(|| name.as_deref().and_then(|n| years.captures(n)))
        .and_then(|c| {
            let from = c.get(1)?.as_str().parse().ok()?;
            let to = c.get(2)?.as_str().parse().ok()?;
            (from <= to).then_some(Period { from, to })
        })
        .or_else(|| {
            // A movement of one year: `… năm 2023` closing the title (not `đến năm 2030`).
            let single =
                regex!(r#"(?:^|[^\p{L}])(\p{L}+)[”'"]?\s+n\S{1,3}\s+((?:19|20)\d\d)\s*[.;]?\s*$"#);
            let c = single.captures(&title)?;
            let before = fold(c.get(1)?.as_str());
            if matches!(before.as_str(), "den" | "toi" | "tu" | "truoc" | "sau") {
                return None;
            }
            let year = c.get(2)?.as_str().parse().ok()?;
            Some(Period {
                from: year,
                to: year,
            })
        });
    if name.is_some() || period.is_some() {
        out.rec.movement = Some(Movement { name, period });
        out.prov("movement", Some(line), 0.85, false);
    }
    out.rec.title = Some(title);
    out.prov("title", Some(line), 0.85, false);
}

/// The reading of a quoted name that the text agrees on: among the quotations within a
/// fifth of `name` (folded), the one whose words are all syllables, then the most frequent,
/// then the first.
fn consensus(name: &str, texts: &[&str], quoted: &Regex) -> String {
    let target = fold(&squeeze(name));
    let mut readings: Vec<(String, usize)> = vec![(squeeze(name), 1)];
    for t in texts {
        for c in quoted.captures_iter(t) {
            let Some(m) = c.get(1) else { continue };
            let r = squeeze(m.as_str());
            if r.len() > 2 * name.len() + 8 {
                continue;
            }
            let d = strsim::levenshtein(&fold(&r), &target);
            if d * 5 > target.chars().count() {
                continue;
            }
            match readings.iter_mut().find(|(x, _)| *x == r) {
                Some((_, n)) => *n += 1,
                None => readings.push((r, 1)),
            }
        }
    }
    let valid = |r: &str| {
        let words: Vec<&str> = r
            .split(|c: char| c.is_whitespace() || "“”\"(),.;:-–".contains(c))
            .filter(|w| !w.is_empty())
            .collect();
        let ok = words
            .iter()
            .filter(|w| w.chars().all(|c| c.is_ascii_digit()) || crate::text::is_syllable(w))
            .count();
        ok == words.len()
    };
    let mut best = 0;
    for (i, (r, n)) in readings.iter().enumerate() {
        let (br, bn) = &readings[best];
        if (valid(r), *n) > (valid(br), *bn) {
            best = i;
        }
    }
    readings.swap_remove(best).0
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
