//! Measuring vnplan against gold files.
//!
//! Two measures, each defined exactly as the official scoring tools define it, so that a
//! number vnplan reports is the number anyone else would get:
//!
//! - [`syllable_accuracy`]: restoration, matched gold syllables / gold syllables;
//! - [`field_scores`]: extraction, per-field scores of a plan record and their mean.
//!
//! [`corpus`] runs the whole pipeline over an annotated corpus and reports every measure;
//! [`dev`] over the development documents (plans in four variants, the header set, OCR'd
//! headers), with [`headers`] comparing header fields exactly and [`calibration`] checking
//! that confidences mean something; [`sequence`] holds the alignment all rest on (difflib's
//! algorithm).

pub mod calibration;
pub mod corpus;
pub mod dev;
mod fields;
pub mod headers;
pub mod sequence;
mod syllables;

pub use fields::{field_scores, FieldScore, SCALARS};
pub use syllables::{syllable_accuracy, syllables, SyllableScore};
