//! Restorer: turns OCR-garbled or accent-stripped Vietnamese back into Vietnamese.
//!
//! ```no_run
//! use vnplan::restore::Restorer;
//! let restorer = Restorer::load_default()?; // models compiled into the binary
//! let r = restorer.restore("Quyét dinh s6 749/QD-TTg ctia Thu tuéng");
//! assert_eq!(r.text, "Quyết định số 749/QĐ-TTg của Thủ tướng");
//! # Ok::<(), vnplan::Error>(())
//! ```
//!
//! # How a text flows through
//! 1. [`crate::text::tokenize`] splits the text into tokens with byte spans; only word tokens
//!    can change, everything else is copied byte for byte.
//! 2. Each word token is judged on its own ([`condition`]): a correctly marked syllable in
//!    text that is not OCR-garbled is kept; an unmarked one is offered its marked readings
//!    at −ln of the stripped share around it (nothing in stripped text, nearly prohibitive
//!    in clean text); OCR junk is read through the OCR channel; acronyms in running text,
//!    model numbers, e-mail addresses and URLs pass through; digits that are numbers never
//!    change. A document with much junk is read as *garbled* throughout (every token through
//!    the OCR channel); a clean one comes out byte-identical.
//! 3. [`lattice`]: words become slots; runs of numbers and punctuation become the LM classes
//!    `<num>`/`<p>`; `. ; : ? !` and blank lines end sentences, single line breaks do not
//!    (plans wrap lines in mid-sentence).
//! 4. [`candidates`]: for each distinct token form, a best-first search walks a letter trie
//!    of the vocabulary and the token together under the [`channel`] rules (`ư`→`ir`,
//!    `ố`→`6`, `ủ`→`ti`, stacked vowels dropped…), proposing only real words with the cost
//!    −ln P(token | word). Trailing digits give extra readings (`ngay07` = `ngày` + `07`).
//!    All-capitals parts of document symbols keep their letters, except the Đ-spelled
//!    symbols of `dictionaries/symbols.tsv` (`QD` → `QĐ`).
//! 5. [`decoder`]: beam search with the syllable 4-gram [`lm`] (Viterbi recombination on
//!    the LM state) picks the reading of every token.
//! 6. Garbled text is decoded twice: the first pass's (token, word) pairs re-estimate the
//!    channel for this document's OCR engine ([`adapt`]); the second pass uses it.
//! 7. The output keeps each token's case pattern (`UY BAN` → `ỦY BAN`), places tone marks in
//!    the chosen [`crate::text::ToneStyle`], and reports every change with a confidence and
//!    runner-up from rescoring in context.
//!
//! # Models and how to rebuild them
//! - `dictionaries/lm.bin` ([`lm`], format in its docs), built deterministically in about two
//!   minutes and 1 GB of memory by
//!   `vnplan build lm --corpus ../shared/lm-corpus --gazetteer ../shared/gazetteer --out dictionaries/lm.bin`
//!   (the corpus documents whose path hashes to a multiple of 50 are held back, about 3% of
//!   the text, so that `scripts/eval-restore` measures harm on text the model never saw)
//!   ([`builder`], [`corpus`], [`lm_build`]: modified Kneser–Ney, count cut-offs 1/2/3 for
//!   orders 2/3/4, 8-bit quantised probabilities, 32-bit fingerprints).
//! - `dictionaries/channel.tsv` ([`channel`]) by
//!   `vnplan build channel PAIRS.tsv… --out dictionaries/channel.tsv` ([`channel_build`]:
//!   hard EM over letter-cluster alignments of the pairs made by `scripts/align-ocr-pairs.py`).
//! - `dictionaries/symbols.tsv`: hand list of Đ-spelled symbol parts, with its source.
//!
//! [`Restorer::load`] reads rebuilt models from a directory; [`Restorer::load_default`] uses
//! the copies compiled in with `include_bytes!`, so an installed binary works anywhere. Both
//! check magic line, format version, length and check value and name the file when refusing.
//!
//! A [`Restorer`] is immutable and `Send + Sync`: one per process, shared by rayon threads;
//! each call keeps its scratch buffers (beam, LM queries, candidate search) to itself.

mod adapt;
pub mod builder;
pub mod candidates;
pub mod channel;
pub mod channel_build;
mod choices;
pub mod condition;
pub mod corpus;
pub mod decoder;
pub mod format;
mod fuzzy;
pub mod lattice;
mod letters;
pub mod lm;
pub mod lm_build;
mod output;
mod restorer;

pub use lm::{LanguageModel, LogProb, Probe, State, WordId};
pub use restorer::{Change, Condition, Restoration, Restorer, Tuning};
