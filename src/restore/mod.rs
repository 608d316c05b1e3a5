//! Restorer: turns OCR-garbled or accent-stripped Vietnamese back into Vietnamese.
//! (module docs being written)

mod adapt;
pub mod builder;
pub mod candidates;
pub mod channel;
pub mod channel_build;
pub mod corpus;
pub mod decoder;
pub mod format;
mod fxhash;
pub mod lattice;
mod letters;
pub mod lm;
pub mod lm_build;
mod output;
mod restorer;

pub use lm::{LanguageModel, LogProb, State, WordId};
pub use restorer::{Change, Condition, Restoration, Restorer, Tuning};
