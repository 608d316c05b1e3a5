//! One document through the whole pipeline: bytes → text → restored text → plan record.
//!
//! [`Pipeline`] owns the immutable, thread-shareable stages (the [`Restorer`] with its
//! models, the [`Extractor`] with its dictionaries), so one value serves every rayon worker
//! of a batch. [`Pipeline::process`] never panics on any input: undecodable bytes are an
//! [`Error`], everything else yields a record (with nulls and low confidence where the
//! document does not read as a plan).

use crate::extract::Extractor;
use crate::input::{self, Encoding};
use crate::record::{PlanRecord, Source};
use crate::restore::Restorer;
use crate::Result;
use sha2::{Digest, Sha256};
use std::path::Path;

/// What processing one document produced.
#[derive(Debug, Clone)]
pub struct Processed {
    pub record: PlanRecord,
    /// The text the fields were read from: restored, or as decoded with `--no-restore`.
    pub text: String,
    /// Decoding and restoration notes worth a warning (`3 invalid UTF-8 bytes replaced`).
    pub warnings: Vec<String>,
    /// Word tokens in the document, for throughput reports.
    pub syllables: usize,
}

/// The stages that turn one document into a record.
pub struct Pipeline {
    restorer: Option<Restorer>,
    extractor: Extractor,
}

impl Pipeline {
    /// A pipeline with the given stages; `restorer: None` reads the text as it is.
    pub fn new(restorer: Option<Restorer>, extractor: Extractor) -> Pipeline {
        Pipeline {
            restorer,
            extractor,
        }
    }

    /// The pipeline with the models and dictionaries built into vnplan.
    pub fn with_defaults(restore: bool) -> Result<Pipeline> {
        let restorer = if restore {
            Some(Restorer::load_default()?)
        } else {
            None
        };
        Ok(Pipeline::new(restorer, Extractor::new()?))
    }

    /// The restorer, if this pipeline restores.
    pub fn restorer(&self) -> Option<&Restorer> {
        self.restorer.as_ref()
    }

    /// The extractor.
    pub fn extractor(&self) -> &Extractor {
        &self.extractor
    }

    /// Decodes `bytes` (named `source` in the record and in errors), restores the text and
    /// extracts its record.
    pub fn process(
        &self,
        source: &str,
        bytes: &[u8],
        encoding: Option<Encoding>,
    ) -> Result<Processed> {
        let decoded = input::decode(bytes, Some(Path::new(source)), encoding)?;
        let origin = Source {
            path: source.to_string(),
            sha256: sha256_hex(bytes),
            bytes: bytes.len() as u64,
            encoding: decoded.encoding.name().to_string(),
            ocr_noise: 0.0,
        };
        let mut processed = self.run(origin, &decoded.text);
        processed.warnings = decoded.warnings;
        Ok(processed)
    }

    /// Restores and extracts text that is already decoded (the JSON Lines input of `batch`);
    /// the record's source hashes the text's UTF-8 bytes.
    pub fn process_text(&self, source: &str, text: &str) -> Processed {
        let origin = Source {
            path: source.to_string(),
            sha256: sha256_hex(text.as_bytes()),
            bytes: text.len() as u64,
            encoding: "utf-8".to_string(),
            ocr_noise: 0.0,
        };
        self.run(origin, text)
    }

    fn run(&self, mut origin: Source, text: &str) -> Processed {
        let syllables = crate::text::tokenize(text)
            .iter()
            .filter(|t| t.kind == crate::text::TokenKind::Word)
            .count();
        let printed = text;
        let text = match &self.restorer {
            Some(r) => {
                let restored = r.restore(text);
                // Three decimals are plenty for a consumer filtering noisy scans.
                origin.ocr_noise = (restored.noise * 1000.0).round() / 1000.0;
                restored.text
            }
            None => text.to_string(),
        };
        let mut record = self.extractor.extract_restored(&text, Some(printed));
        record.source = Some(origin);
        Processed {
            record,
            text,
            warnings: Vec::new(),
            syllables,
        }
    }
}

/// The SHA-256 of `bytes` as lower-case hex, which records use to name their input and
/// `batch --resume` uses to recognise inputs already done.
pub fn sha256_hex(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    let mut out = String::with_capacity(64);
    for b in digest {
        out.push_str(&format!("{b:02x}"));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pipeline_is_shareable_across_threads() {
        fn is_send_sync<T: Send + Sync>() {}
        is_send_sync::<Pipeline>();
    }

    #[test]
    fn sha256_is_lower_hex() {
        assert_eq!(
            sha256_hex(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }

    #[test]
    fn undecodable_input_is_an_error_naming_the_source() {
        let pipeline = Pipeline::new(None, Extractor::new().unwrap());
        let junk: Vec<u8> = (0..4096u32)
            .map(|i| (i.wrapping_mul(2654435761) >> 24) as u8)
            .collect();
        match pipeline.process("archive/scan.bin", &junk, None) {
            Err(e) => assert!(e.to_string().starts_with("archive/scan.bin: "), "{e}"),
            Ok(p) => panic!("random bytes decoded as {:?}", p.record.source),
        }
    }

    #[test]
    fn clean_text_without_restoration_keeps_its_bytes() {
        let pipeline = Pipeline::new(None, Extractor::new().unwrap());
        let text = "KẾ HOẠCH\nTổ chức phong trào thi đua “Chuyển đổi số”\n";
        let p = pipeline.process("a.txt", text.as_bytes(), None).unwrap();
        assert_eq!(p.text, text);
        let src = p.record.source.unwrap();
        assert_eq!(
            (src.bytes, src.encoding.as_str()),
            (text.len() as u64, "utf-8")
        );
        assert_eq!(p.syllables, 11);
    }
}
