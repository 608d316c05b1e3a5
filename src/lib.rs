//! vnplan: restore OCR-garbled Vietnamese government plans and read their fields.
//!
//! The crate mirrors its pipeline:
//!
//! 1. [`input`] decodes what archives hold (UTF-8/16, Windows-1258, TCVN3, VNI, VIQR, `.docx`,
//!    PDF text layers) into NFC text;
//! 2. [`text`] is the Vietnamese text core every later stage stands on: syllable structure,
//!    tone-mark placement, folding, tokenization with byte spans;
//! 3. [`restore`] turns garbled or accent-stripped text back into Vietnamese with a
//!    noisy-channel model and a syllable n-gram language model;
//! 4. [`extract`] reads the plan's fields into a [`record::PlanRecord`];
//! 5. [`pipeline`] ties these together for one document, [`batch`] runs it over whole
//!    archives, [`compare`] sets plans side by side, [`export`] turns records into a SQLite
//!    database or CSV tables, and [`eval`] measures accuracy against gold files;
//!    [`progress`] is the progress line long runs draw on stderr.
//!
//! ```
//! use vnplan::{Extractor, Restorer};
//!
//! let restorer = Restorer::load_default()?;
//! let restored = restorer.restore("Thue hién Quyét dinh s6 749/QD-TTg ngay 03/6/2020 ctia Thi tuéng Chinh phu\n");
//! assert_eq!(
//!     restored.text,
//!     "Thực hiện Quyết định số 749/QĐ-TTg ngày 03/6/2020 của Thủ tướng Chính phủ\n"
//! );
//!
//! let record = Extractor::new()?.extract(&restored.text);
//! assert_eq!(record.references[0].number, "749/QĐ-TTg");
//! assert_eq!(record.references[0].date.as_deref(), Some("2020-06-03"));
//! # Ok::<(), vnplan::Error>(())
//! ```

pub mod atomic;
pub mod batch;
pub mod compare;
pub mod error;
pub mod eval;
pub mod export;
pub mod extract;
pub mod input;
pub mod pipeline;
pub mod progress;
pub mod record;
pub mod restore;
pub mod text;

pub use atomic::write_atomically;
pub use error::{Error, ErrorKind, Result};
pub use extract::Extractor;
pub use pipeline::Pipeline;
pub use record::PlanRecord;
pub use restore::Restorer;
