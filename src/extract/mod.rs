//! Extractor: reads a plan's fields into a [`PlanRecord`] from restored text.
//!
//! Data flows in three steps:
//!
//! 1. the [`Segmenter`](layout::Segmenter) finds the parts of the document (issuer block,
//!    motto, number, place and date, type and title, preamble, sections and items,
//!    recipients, signature), undoing OCR's habit of reading the two header columns across;
//! 2. one reader per field family fills the record: [`header`] (type, issuer, number,
//!    place, date, title, movement), [`references`] (basis and references), [`content`]
//!    (subjects, criteria, standing body, priority sectors), [`awards`], [`closing`] (signer,
//!    recipients);
//! 3. every field that was read gets a [`Provenance`]: its line, a confidence, and
//!    `inferred` where the value comes from the body rather than its proper place.
//!
//! The dictionaries ([`dict`]) are compiled into the binary and parsed once in
//! [`Extractor::new`]; an `Extractor` is immutable and can be shared across threads.
//!
//! Input that is not a plan (a news article, a table, nothing at all) gives a record whose
//! fields are `null` or empty and whose `provenance` is empty: the extractor never makes a
//! value up. [`Extractor::plan_confidence`] says how much of a plan's layout was found.
//!
//! ```
//! let ex = vnplan::extract::Extractor::new().unwrap();
//! let rec = ex.extract("Số: 75/KH-UBND Thái Nguyên, ngày 7 tháng 5 năm 2021\nKẾ HOẠCH\nTổ chức phong trào thi đua\n");
//! assert_eq!(rec.number.as_deref(), Some("75/KH-UBND"));
//! assert_eq!(rec.date.as_deref(), Some("2021-05-07"));
//! ```

/// A built-in pattern, compiled on first use and kept for the life of the program.
macro_rules! regex {
    ($pattern:expr $(,)?) => {{
        static RE: std::sync::OnceLock<regex::Regex> = std::sync::OnceLock::new();
        RE.get_or_init(|| regex::Regex::new($pattern).expect("built-in pattern"))
    }};
}

pub mod awards;
pub mod closing;
pub mod content;
pub mod dict;
pub mod fold;
pub mod header;
pub mod issuer;
pub mod layout;
pub mod movement;
pub mod numbers;
pub mod person;
pub mod places;
pub mod references;
pub mod respell;

use crate::record::{PlanRecord, Provenance};
use crate::Result;
use dict::Dictionaries;
use layout::Segmenter;
use references::ReferenceReader;
use unicode_normalization::UnicodeNormalization;

/// Reads plan records from restored text. Build once, share freely (`Send + Sync`).
pub struct Extractor {
    dict: Dictionaries,
    segmenter: Segmenter,
    references: ReferenceReader,
}

/// The record being filled, with the provenance helper every reader uses.
pub struct Fields {
    pub rec: PlanRecord,
}

impl Fields {
    /// Records where `field` was read.
    pub fn prov(&mut self, field: &str, line: Option<usize>, confidence: f64, inferred: bool) {
        self.rec.provenance.insert(
            field.to_string(),
            Provenance {
                line,
                confidence: confidence.clamp(0.0, 1.0),
                inferred,
            },
        );
    }
}

impl Extractor {
    /// Parses the built-in dictionaries. Fails only if a dictionary compiled into the
    /// binary is malformed.
    pub fn new() -> Result<Extractor> {
        Ok(Extractor {
            dict: Dictionaries::load()?,
            segmenter: Segmenter::new(),
            references: ReferenceReader::new(),
        })
    }

    /// The dictionaries this extractor matches with.
    pub fn dictionaries(&self) -> &Dictionaries {
        &self.dict
    }

    /// Reads the plan record of one restored document. Never fails: what cannot be read is
    /// `null` or empty. `source` is left for the caller to fill.
    pub fn extract(&self, text: &str) -> PlanRecord {
        self.extract_restored(text, None)
    }

    /// Reads the record of a document restoration produced `restored` from, `printed` being
    /// the text before it. Where restoration changed the text, the page was damaged, and
    /// people's names (which the language model knows least) are re-read with the name
    /// model from the letters the page showed.
    pub fn extract_restored(&self, restored: &str, printed: Option<&str>) -> PlanRecord {
        let text: String = restored.nfc().collect();
        let printed: Option<String> = printed
            .map(|p| p.nfc().collect::<String>())
            .filter(|p| *p != text);
        let seg = self.segmenter.segment(&text, &self.dict);
        let mut out = Fields {
            rec: PlanRecord::default(),
        };
        let initials = numbers::Initials::new(&text);
        let body_text: String = seg
            .preamble
            .iter()
            .chain(seg.body.iter())
            .map(|b| b.text.as_str())
            .collect::<Vec<_>>()
            .join(" ");
        let index = respell::TextIndex::new(&body_text);
        header::read(&seg, &self.dict, &initials, &index, &mut out);
        self.references
            .read(&seg.preamble, &seg.body, &self.dict, &mut out);
        // The emulation fields belong to a plan that launches a movement.
        if movement::launches(out.rec.title.as_deref(), &seg) {
            self.read_movement(&seg, &mut out);
        }
        content::read_sectors(&seg.body, &self.dict, &mut out);
        closing::read_signer(&seg, &self.dict, &mut out);
        if let (Some(printed), Some(piece)) = (&printed, &seg.signer_name) {
            self.reread_signer_name(&text, printed, piece, &mut out);
        }
        closing::read_recipients(&seg, &self.dict, &mut out);
        let layout = Extractor::layout_score(&seg);
        // A text with little of a plan's layout: nothing it yields is to be trusted much.
        if layout < 0.5 {
            for p in out.rec.provenance.values_mut() {
                p.confidence = (p.confidence * layout.max(0.2)).min(0.45);
            }
        }
        out.rec
    }

    /// The signer's name of a damaged page, re-read with the name model.
    fn reread_signer_name(
        &self,
        text: &str,
        printed: &str,
        piece: &layout::Piece,
        out: &mut Fields,
    ) {
        let Some(signer) = out.rec.signer.as_mut() else {
            return;
        };
        let Some(name) = signer.name.as_mut() else {
            return;
        };
        let seen = person::printed_words(text, printed, piece.line, name);
        let reread = person::reread_name(name, seen.as_deref(), &self.dict.names);
        *name = reread;
    }

    /// The movement, its subjects, criteria, awards and standing body.
    fn read_movement(&self, seg: &layout::Segments, out: &mut Fields) {
        let title = out.rec.title.clone().unwrap_or_default();
        let mut m = movement::read(&title, seg);
        if let Some(n) = m.name.clone() {
            let best = movement::settle_name(&n, seg);
            if best != n {
                out.rec.title = Some(title.replacen(&n, &best, 1));
                m.name = Some(best);
            }
        }
        let line = seg.title.first().map(|p| p.line);
        if m.name.is_some() || m.period.is_some() {
            out.rec.movement = Some(m);
            out.prov("movement", line, 0.85, false);
        }
        content::read_subjects(&seg.body, out);
        content::read_criteria(&seg.body, out);
        awards::read_awards(&seg.body, &self.dict, out);
        content::read_standing_body(&seg.body, out);
    }

    /// How much of a plan's layout a text shows, in [0, 1]: number, date, type line,
    /// sections, closing. A news article or a table scores near 0.
    pub fn plan_confidence(&self, text: &str) -> f64 {
        let text: String = text.nfc().collect();
        Extractor::layout_score(&self.segmenter.segment(&text, &self.dict))
    }

    fn layout_score(seg: &layout::Segments) -> f64 {
        let sections = seg
            .body
            .iter()
            .filter(|b| b.kind == layout::BlockKind::Section)
            .count();
        let parts = [
            seg.number.is_some(),
            seg.date.is_some(),
            seg.doc_type.is_some(),
            sections >= 2,
            !seg.recipients.is_empty() || !seg.signature.is_empty(),
        ];
        parts.iter().filter(|p| **p).count() as f64 / parts.len() as f64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn extractor_is_send_and_sync() {
        fn check<T: Send + Sync>() {}
        check::<Extractor>();
    }

    #[test]
    fn junk_yields_nulls() {
        let ex = Extractor::new().unwrap();
        for t in [
            "",
            "\u{0}\u{1}",
            "Hôm nay trời đẹp. Giá vàng tăng 2%.",
            "a\tb\tc\n1\t2\t3\n",
        ] {
            let r = ex.extract(t);
            assert!(
                r.number.is_none() && r.issuer.is_none() && r.date.is_none(),
                "{t:?}"
            );
            assert!(r.provenance.values().all(|p| p.confidence < 0.5), "{t:?}");
        }
    }
}
