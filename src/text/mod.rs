//! The Vietnamese text core every later stage stands on.
//!
//! - [`letters`]: the vowel letters as base × tone × case, with constant-time lookups;
//! - [`normalize`]: [`nfc`] (with legacy repairs for decomposed Windows-1258 text),
//!   [`fold`]/[`fold_lower`] (all marks off) and [`strip_tone`] (tone off only);
//! - [`rime`]: the orthography's onsets and rimes and the spelling rules joining them;
//! - [`syllable`]: [`Syllable::parse`]/[`Syllable::compose`], [`is_syllable`],
//!   [`canonical`] and [`place_tone`] in both conventions ([`ToneStyle`]);
//! - [`case`]: [`Case`], read off one word and applied to another;
//! - [`token`]: [`tokenize`] into [`Token`]s with byte spans that tile the input;
//! - [`inventory`]: the syllable inventory (`dictionaries/syllables.tsv`): build, load.
//!
//! Data flows one way: raw text → [`nfc`] → [`tokenize`] → per word [`Syllable::parse`] →
//! the restorer works on [`canonical`] lower-case Traditional syllables and gives results back
//! the case of the source token with [`Case`].
//!
//! ```
//! use vnplan::text::{canonical, is_syllable, place_tone, Syllable, Tone, ToneStyle};
//! assert!(is_syllable("Quyết") && !is_syllable("Quy&"));
//! assert_eq!(canonical("HOÀ"), "hòa");
//! assert_eq!(place_tone("Thủy", ToneStyle::Modern), "Thuỷ");
//! let s = Syllable::parse("người").unwrap();
//! assert_eq!((s.onset, s.nucleus, s.coda, s.tone), ("ng", "ươ", "i", Tone::Grave));
//! ```

pub mod case;
pub mod inventory;
pub mod letters;
pub mod normalize;
pub mod rime;
pub mod syllable;
pub mod token;

pub use case::Case;
pub use inventory::Inventory;
pub use letters::Tone;
pub use normalize::{fold, fold_lower, nfc, strip_tone};
pub use syllable::{canonical, is_syllable, place_tone, Syllable, ToneStyle};
pub use token::{tokenize, Token, TokenKind};
