//! The header fields: document type, number, place, date and title (the issuer has its own
//! reader, [`super::issuer`]).
//!
//! Each comes from its proper place in the layout ([`Segments`]). Where that place is
//! missing, a weaker source stands in and the provenance says so: the type from the number's
//! symbol (`KH` → Kế hoạch), the issuing body from the symbol (`UBND`) or the signature
//! (`TM. ỦY BAN NHÂN DÂN`), and, for a plan whose header was lost, the whole issuer from the
//! body (`Ủy ban nhân dân tỉnh ban hành Kế hoạch` + the province the text keeps naming).

use super::dict::Dictionaries;
use super::fold::{fold, is_upper_line, upper_first};
use super::layout::{join_line, Segments};
use super::numbers::{canonical_number, parse_date, Initials};
use super::places::{title_case, unit_mentions};
use super::respell::TextIndex;
use super::Fields;
use crate::record::Provenance;

/// Reads the header fields into `out`.
pub fn read(
    seg: &Segments,
    dict: &Dictionaries,
    initials: &Initials,
    index: &TextIndex,
    out: &mut Fields,
) {
    if let Some(p) = &seg.number {
        if let Some(n) = canonical_number(&p.text, dict) {
            out.rec.number = Some(initials.respell(&n, dict));
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
    read_title(seg, index, out);
    super::issuer::read(seg, dict, out);
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
    let symbol_type = out.rec.number.as_deref().and_then(|n| symbol_type(n, dict));
    if let Some(p) = &seg.doc_type {
        let exact = dict
            .doc_type_set
            .exact(&p.text)
            .map(|i| dict.doc_types[i].name.clone());
        // A type line with an OCR slip (`QUYẾT BÌNH`): the type it is one edit from.
        let near = || {
            let f = fold(&p.text);
            dict.doc_types
                .iter()
                .filter(|t| fold(&t.name).len() >= 8)
                .find(|t| strsim::levenshtein(&fold(&t.name), &f) <= 1)
                .map(|t| t.name.clone())
        };
        if let Some((name, exact)) = exact
            .map(|n| (n, true))
            .or_else(|| near().map(|n| (n, false)))
        {
            // A consolidated text (VBHN) or a symbol of another type: the line is what the
            // page says, with less certainty.
            let agrees = symbol_type.as_deref().is_none_or(|t| t == name);
            let conf = match (exact, agrees) {
                (true, true) => 0.97,
                (true, false) => 0.6,
                (false, _) => 0.75,
            };
            out.rec.doc_type = Some(name);
            out.prov("doc_type", Some(p.line), conf, false);
            return;
        }
    }
    // A letter: no type line, its trích yếu (`V/v …`) under the number.
    if let Some(p) = &seg.subject {
        out.rec.doc_type = Some("Công văn".to_string());
        out.prov("doc_type", Some(p.line), 0.9, false);
        return;
    }
    // A letter whose trích yếu OCR garbled still has its addressee (`Kính gửi: …`); its
    // symbol names the issuer (`5348/CT-CS`, CT for Cục Thuế), not a type.
    if let Some(line) = seg.addressed {
        out.rec.doc_type = Some("Công văn".to_string());
        out.prov("doc_type", Some(line), 0.8, true);
        return;
    }
    // The symbol says the type too: `75/KH-UBND` is a Kế hoạch.
    if let Some(t) = symbol_type {
        out.rec.doc_type = Some(t);
        let line = seg.number.as_ref().map(|p| p.line);
        out.prov("doc_type", line, 0.6, true);
    }
}

/// The type a number's symbol names in its type slot (`75/KH-UBND`, `06-NQ/TU`).
fn symbol_type(number: &str, dict: &Dictionaries) -> Option<String> {
    let symbol = number
        .split(['/', '-'])
        .find(|p| p.chars().any(|c| c.is_alphabetic()))?;
    dict.doc_types
        .iter()
        .find(|d| !d.abbr.is_empty() && d.abbr == symbol)
        .map(|d| d.name.clone())
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

fn read_title(seg: &Segments, index: &TextIndex, out: &mut Fields) {
    let mut title = String::new();
    for p in &seg.title {
        join_line(&mut title, &p.text);
    }
    let line = match (seg.title.first(), &seg.subject) {
        (Some(p), _) => p.line,
        // A letter's title is its trích yếu.
        (None, Some(p)) => {
            title = p.text.clone();
            p.line
        }
        (None, None) => return,
    };
    // OCR's marks before the first word (`‘TRIỂN KHAI …`, `_ Kế hoạch`); an opening quote
    // stays.
    let title = title
        .trim_start_matches(|c: char| !c.is_alphanumeric() && !matches!(c, '“' | '"' | '«'))
        .trim();
    if title.is_empty() {
        return;
    }
    // A title in capitals is spelled as the body spells the same words.
    let caps = upper_share(title) > 0.8;
    let spelled = index.respell(title, caps);
    let title = if caps { upper_first(&spelled) } else { spelled };
    out.rec.title = Some(title);
    out.prov("title", Some(line), if caps { 0.8 } else { 0.85 }, false);
}

/// The share of the letters of `t` that are capitals.
fn upper_share(t: &str) -> f64 {
    let letters = t.chars().filter(|c| c.is_alphabetic()).count();
    if letters == 0 {
        return 0.0;
    }
    t.chars().filter(|c| c.is_uppercase()).count() as f64 / letters as f64
}

/// Provenance for a field read at `line`.
pub fn provenance(line: Option<usize>, confidence: f64, inferred: bool) -> Provenance {
    Provenance {
        line,
        confidence,
        inferred,
    }
}
