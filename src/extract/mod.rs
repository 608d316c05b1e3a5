//! Extractor: reads a plan's fields into a [`PlanRecord`](crate::record::PlanRecord).
pub mod dict;
pub mod fold;
pub mod segmenter;
