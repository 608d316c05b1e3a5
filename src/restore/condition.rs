//! How each word token reads, judged on its own and on its neighbours: the restorer's
//! per-token condition.
//!
//! A document is rarely one thing. A Vietnamese OCR engine drops the marks of some syllables
//! and not others, a half-typed text has both, an otherwise clean plan holds acronyms, model
//! numbers, e-mail addresses and foreign words. So every word token gets a [`View`]:
//! - [`View::Keep`]: left exactly as it is: a correctly marked syllable in text that is not
//!   OCR-garbled, and tokens that are not Vietnamese words by nature (acronyms in running
//!   text, mixed-case names like `IoT`, words with `f j w z`, e-mail addresses and URLs);
//! - [`View::Bare`]: a plain ASCII form of some syllable (`tinh`): its marked readings are
//!   proposed at the cost −ln s, where s is the share of stripped syllables around it, so an
//!   unmarked word among marked ones is restored only when the context asks for it, and a
//!   fully stripped text pays nothing. s is estimated twice over the neighbours and the
//!   smaller taken: from their marked share (clean text has 86% marked syllables) and from
//!   their share of *odd bare* forms (`nhan`, `thuc`, `cua`: plain spellings that clean
//!   text writes at least 30 times less often than a marked word they strip from; 0.13% of
//!   the tokens of clean plans, 78% of stripped syllables). With no odd bare form among the
//!   neighbours of a mostly marked stretch, an unmarked syllable is taken as written:
//!   correct text, even with its typos, stays byte-identical;
//! - [`View::Ocr`]: OCR junk, read through the OCR channel; in a text that is otherwise clean
//!   each rewrite pays extra, −ln of the share of junk tokens.
//!
//! Digits are never changed unless they sit inside a word the way OCR engines put them for
//! letters ([`digits_may_be_letters`]: `s6` số, `d6i` đối, `1a` là); `A-6E`, `5G`, `ngay07`,
//! `S6105` keep every digit.

use crate::text::{self, Case, Token, TokenKind};
use std::ops::Range;

/// How the restorer treats one word token.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum View {
    /// Leave it exactly as it is.
    Keep,
    /// A plain-letter form: marked readings at `cost` each (−ln of the stripped share).
    Bare { cost: f32 },
    /// OCR-garbled: channel readings at `extra` on top of their cost; keeping the token costs
    /// `keep` (`None`: the tuning's keep cost); digits may be letters when `digits` is set.
    Ocr {
        extra: f32,
        keep: Option<f32>,
        digits: bool,
    },
}

impl View {
    /// A small key for sharing candidate lists between tokens with the same view.
    pub fn key(self) -> (u8, u32, u32, bool) {
        match self {
            View::Keep => (0, 0, 0, false),
            View::Bare { cost } => (1, cost.to_bits(), 0, false),
            View::Ocr {
                extra,
                keep,
                digits,
            } => (
                2,
                extra.to_bits(),
                keep.map_or(u32::MAX, f32::to_bits),
                digits,
            ),
        }
    }
}

/// Share of syllables that carry a mark (tone or modified vowel, `đ`) in clean Vietnamese
/// administrative text: 0.86 on the development plans. The stripped share around a token is
/// estimated as 1 − (marked share) / this.
const MARKED_SHARE: f32 = 0.86;
/// Share of stripped syllables that read as an odd bare form, measured on the development
/// plans.
const ODD_SHARE: f32 = 0.78;
/// A plain spelling is odd when a marked word that strips to it is this many times more
/// common (natural log).
pub const ODD_RATIO: f32 = 3.4;
/// Word tokens on each side that the stripped share is estimated over.
const WINDOW: usize = 30;
/// The stripped share is never taken below this.
const MIN_STRIPPED: f32 = 0.0005;
/// From this stripped share (by marks) a stretch reads as stripped text whatever else.
const MOSTLY_STRIPPED: f32 = 0.5;
/// Costs are rounded to this step, so that tokens of one form share a candidate list.
const COST_STEP: f32 = 0.25;

/// Junk share (tokens that are neither words nor bare forms of words, among the document's
/// words) from which a document is read as OCR-garbled throughout: clean plans have 1-2%,
/// OCR'd ones 40%. Below it, junk tokens are still repaired one by one.
pub const GARBLED_SHARE: f32 = 0.15;
/// A document needs at least this many junk tokens to be read as garbled.
const GARBLED_MIN: usize = 2;

/// The facts about one word token that its view is decided on.
#[derive(Clone, Copy, Debug, Default)]
pub struct Facts {
    /// Not a Vietnamese word by nature: keep it (an acronym in running text, part of an
    /// e-mail address or URL, a model number like `6E` or `5G`).
    pub foreign: bool,
    /// Part of an e-mail address or URL.
    pub address: bool,
    /// All capitals among words that are not (`MU`, `CIA` in running text).
    pub acronym: bool,
    /// Holds a letter that is not plain ASCII.
    pub marked: bool,
    /// Its canonical form is a word of the vocabulary.
    pub known: bool,
    /// ASCII letters only, and the bare form of some vocabulary word.
    pub bare: bool,
    /// A bare form much rarer as written than a marked word it strips from (`cua`, `nhan`).
    pub odd: bool,
    /// Holds an ASCII digit.
    pub digits: bool,
    /// Written in mixed case with a capital after a lower-case letter (`IoT`, `hOi`).
    pub mixed_case: bool,
    /// Mixed case with two capitals or more, as names of things are written (`IoT`, `TTg`),
    /// which OCR junk rarely is: no evidence of garbling.
    pub camel: bool,
    /// Has a letter outside the Vietnamese alphabet (`f j w z`, `ü`, `ç`, `ǜ`).
    pub non_vietnamese: bool,
}

/// Byte ranges of e-mail addresses and URLs in `src`.
///
/// No address holds white space and every one holds `.`, `@` or `:`, so the pattern runs
/// only on the white-space-delimited chunks with one of those: the same matches (a chunk
/// edge is a word boundary, as white space is), without running the pattern's Unicode
/// word boundaries, which the regex engine can only check slowly, over all the text.
pub fn address_spans(src: &str) -> Vec<Range<usize>> {
    let re = address_pattern();
    let mut spans = Vec::new();
    let mut start = 0;
    for (end, c) in src
        .char_indices()
        .filter(|&(_, c)| c.is_whitespace())
        .chain(std::iter::once((src.len(), ' ')))
    {
        let chunk = &src[start..end];
        if chunk.bytes().any(|b| matches!(b, b'.' | b'@' | b':')) {
            spans.extend(
                re.find_iter(chunk)
                    .map(|m| m.start() + start..m.end() + start),
            );
        }
        start = end + c.len_utf8();
    }
    spans
}

fn address_pattern() -> &'static regex::Regex {
    static RE: std::sync::OnceLock<regex::Regex> = std::sync::OnceLock::new();
    RE.get_or_init(|| {
        regex::Regex::new(
            r"(?i)\b(?:https?://|ftp://|www\.)[^\s<>()]+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+|\b[\w-]+(?:\.[\w-]+)*\.(?:vn|com|net|org|gov|edu|info)(?:/[^\s<>()]*)?\b",
        )
        .expect("address pattern")
    })
}

/// Whether the digits of word token `w` may stand for letters, as OCR engines without
/// Vietnamese read them (`s6` số, `d6i` đối, `T6` Tổ, `th6ng` thống, `1a` là, `¢6` cố):
/// letters (or the junk symbols OCR puts for letters) and at most two digits, no capital
/// right after a digit (`6E`, `5G`, `A6E` are model numbers), not a number with a letter
/// after it (`10a`, `12b`: numbered items) nor a word with a number after it (`ngay07`).
pub fn digits_may_be_letters(w: &str) -> bool {
    let chars: Vec<char> = w.chars().collect();
    let letter = |c: char| text::letters::is_alphabetic(c) || text::token::is_letter_lookalike(c);
    let digits = chars.iter().filter(|c| c.is_ascii_digit()).count();
    if digits == 0 || digits > 2 || !chars.iter().any(|&c| letter(c)) {
        return false;
    }
    if chars.iter().any(|&c| !c.is_ascii_digit() && !letter(c)) {
        return false;
    }
    let capital_after_digit = chars
        .windows(2)
        .any(|p| p[0].is_ascii_digit() && p[1].is_uppercase());
    let item = chars.len() >= 3
        && chars[..chars.len() - 1].iter().all(char::is_ascii_digit)
        && text::letters::is_alphabetic(chars[chars.len() - 1]);
    // Two digits at the end are a number glued to a word (`ngay07`: ngày 07), and so is one
    // digit after a word of two letters or more (`ương2`: a footnote mark); a digit after a
    // lone letter is one (`s6` số, `T6` Tổ).
    let n = chars.len();
    let glued_number = n >= 2
        && chars[n - 1].is_ascii_digit()
        && (chars[n - 2].is_ascii_digit()
            || (n >= 3 && letter(chars[n - 2]) && letter(chars[n - 3])));
    !capital_after_digit && !item && !glued_number
}

/// The facts of every word token (in token order; `None` for other tokens).
/// `known(canonical)` says whether a form is a vocabulary word; `bare(lower-case ASCII form)`
/// whether it is the bare form of some vocabulary word and, if so, whether it is an odd one.
pub fn facts(
    src: &str,
    tokens: &[Token],
    known: impl Fn(&str) -> bool,
    bare: impl Fn(&str) -> Option<bool>,
) -> Vec<Option<Facts>> {
    let addresses = address_spans(src);
    let mut out: Vec<Option<Facts>> = vec![None; tokens.len()];
    // Line by line: an all-capitals token among words that are not is an acronym.
    let mut start = 0;
    while start < tokens.len() {
        let mut end = start;
        while end < tokens.len() && tokens[end].kind != TokenKind::LineBreak {
            end += 1;
        }
        let words: Vec<usize> = (start..end)
            .filter(|&i| tokens[i].kind == TokenKind::Word)
            .collect();
        let caps = words
            .iter()
            .filter(|&&i| is_shout(tokens[i].text(src)))
            .count();
        for &i in &words {
            let t = &tokens[i];
            let w = t.text(src);
            // Addresses are in text order and never overlap: the first that ends after the
            // token's start is the only one it can overlap.
            let first = addresses.partition_point(|a| a.end <= t.span.start);
            let in_address = addresses.get(first).is_some_and(|a| a.start < t.span.end);
            let shout = is_shout(w);
            // Others on the line are mostly not in capitals: running text, not a heading.
            let others = words.len() - 1;
            let acronym = shout && others > 0 && (caps - 1) * 2 < others;
            let canon = text::canonical(w);
            let letters_only = w.chars().all(text::letters::is_alphabetic);
            let ascii = w.is_ascii();
            let bare = if letters_only && ascii {
                bare(&w.to_lowercase())
            } else {
                None
            };
            out[i] = Some(Facts {
                // Symbols alone (`&`, `$`) are evidence of nothing but OCR in garbled text.
                foreign: in_address
                    || acronym
                    || !w.chars().any(text::letters::is_alphabetic)
                    || (w.bytes().any(|b| b.is_ascii_digit()) && !digits_may_be_letters(w)),
                address: in_address,
                acronym,
                marked: !ascii,
                known: letters_only && known(&canon),
                bare: bare.is_some(),
                odd: bare == Some(true),
                digits: w.chars().any(|c| c.is_ascii_digit()),
                mixed_case: is_mixed_case(w),
                camel: is_mixed_case(w) && w.chars().filter(|c| c.is_uppercase()).count() >= 2,
                non_vietnamese: w.chars().any(|c| {
                    text::letters::is_alphabetic(c)
                        && text::letters::lower_letter(c)
                            .is_none_or(|l| matches!(l, 'f' | 'j' | 'w' | 'z'))
                }),
            });
        }
        start = end + 1;
    }
    out
}

/// All capitals, at least two letters (`UBND`, `MU`, `TP`).
fn is_shout(w: &str) -> bool {
    w.chars()
        .filter(|&c| text::letters::is_alphabetic(c))
        .count()
        >= 2
        && Case::of(w) == Case::Upper
}

/// A capital after a lower-case letter: `IoT`, `TTg`, `hOi`.
fn is_mixed_case(w: &str) -> bool {
    let mut seen_lower = false;
    for c in w.chars() {
        if c.is_lowercase() {
            seen_lower = true;
        } else if c.is_uppercase() && seen_lower {
            return true;
        }
    }
    false
}

/// Whether the word tokens read as OCR-garbled throughout: the share of junk (no known word,
/// no bare form of one, not foreign by nature) among them.
pub fn garbled(facts: &[Option<Facts>]) -> bool {
    let (mut words, mut junk) = (0usize, 0usize);
    for f in facts.iter().flatten() {
        if f.foreign {
            continue;
        }
        words += 1;
        junk += usize::from(!f.known && !f.bare && !f.camel);
    }
    junk >= GARBLED_MIN && junk as f32 > words as f32 * GARBLED_SHARE
}

/// The view of every word token of a text that is not OCR-garbled throughout (in the order
/// of `facts`' word tokens). `junk_share` is the document's share of junk tokens.
pub fn mixed_views(facts: &[Option<Facts>]) -> Vec<View> {
    let words: Vec<Facts> = facts.iter().flatten().copied().collect();
    let counted: Vec<usize> = (0..words.len()).filter(|&k| !words[k].foreign).collect();
    let junk = counted
        .iter()
        .filter(|&&k| !words[k].known && !words[k].bare)
        .count();
    let junk_share = (junk as f32 / counted.len().max(1) as f32).max(0.002);
    // Prefix sums of marked syllables and odd bare forms over the counted tokens.
    let mut marked_before = vec![0usize; counted.len() + 1];
    let mut odd_before = vec![0usize; counted.len() + 1];
    for (n, &k) in counted.iter().enumerate() {
        let f = &words[k];
        marked_before[n + 1] = marked_before[n] + usize::from(f.marked);
        odd_before[n + 1] = odd_before[n] + usize::from(f.odd);
    }
    let mut rank = vec![0usize; words.len()];
    {
        let mut n = 0;
        for (k, r) in rank.iter_mut().enumerate() {
            *r = n;
            if !words[k].foreign {
                n += 1;
            }
        }
    }
    let round = |c: f32| (c / COST_STEP).round() * COST_STEP;
    words
        .iter()
        .enumerate()
        .map(|(k, f)| {
            if f.foreign || f.mixed_case || f.non_vietnamese {
                return View::Keep;
            }
            if f.marked && f.known {
                return View::Keep;
            }
            if f.bare {
                let at = rank[k];
                let lo = at.saturating_sub(WINDOW);
                let hi = (at + WINDOW + 1).min(counted.len());
                // The token itself is unmarked: leave it out of its own estimate.
                let others = (hi - lo).saturating_sub(1).max(1) as f32;
                let marked = (marked_before[hi] - marked_before[lo]) as f32 / others;
                let odd = (odd_before[hi] - odd_before[lo] - usize::from(f.odd)) as f32 / others;
                let by_marks = 1.0 - marked / MARKED_SHARE;
                let stripped = if by_marks >= MOSTLY_STRIPPED {
                    by_marks
                } else if odd == 0.0 {
                    // Not even one other odd form near: a lone unmarked word in clean text
                    // (`oxy`, or a typo the text has) is taken as written.
                    return View::Keep;
                } else {
                    by_marks.min(odd / ODD_SHARE)
                };
                return View::Bare {
                    cost: round(-stripped.clamp(MIN_STRIPPED, 1.0).ln()),
                };
            }
            // Junk in otherwise clean text may be the text's own typo (`triểt`): keeping it
            // is free, a rewrite pays for the junk being rare here.
            View::Ocr {
                extra: round(-junk_share.ln()),
                keep: Some(0.0),
                // Digits that are numbers made the token foreign: these may be letters.
                digits: f.digits,
            }
        })
        .collect()
}

/// The view of every word token of an OCR-garbled text.
pub fn garbled_views(facts: &[Option<Facts>], src: &str, tokens: &[Token]) -> Vec<View> {
    facts
        .iter()
        .zip(tokens)
        .filter_map(|(f, t)| f.map(|f| (f, t)))
        .map(|(f, t)| {
            // In OCR output an all-capitals word among lower-case ones may be a heading word
            // of the other column: only a form that is no bare word is kept as an acronym.
            if f.address || (f.acronym && !f.bare) {
                return View::Keep;
            }
            let w = t.text(src);
            View::Ocr {
                extra: 0.0,
                keep: None,
                digits: f.digits && digits_may_be_letters(w),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digits_that_may_be_letters() {
        for w in [
            "s6", "d6i", "T6", "th6ng", "1a", "1é", "x4", "B6", "¢6", "$6",
        ] {
            assert!(digits_may_be_letters(w), "{w}");
        }
        for w in [
            "6E", "5G", "A6E", "ngay07", "S6105", "10a", "46i", "2020", "ngay", "s6-", "H2O",
            "ương2",
        ] {
            assert!(!digits_may_be_letters(w), "{w}");
        }
    }

    #[test]
    fn addresses() {
        let src = "Gửi về vanthu@haiduong.gov.vn hoặc https://dichvucong.gov.vn/p/home nhé";
        let spans: Vec<&str> = address_spans(src).iter().map(|r| &src[r.clone()]).collect();
        assert_eq!(
            spans,
            ["vanthu@haiduong.gov.vn", "https://dichvucong.gov.vn/p/home"]
        );
    }

    #[test]
    fn addresses_by_chunk_are_those_of_the_whole_text() {
        let src = "Cổng (www.thainguyen.gov.vn), thư:vanthu@tn.gov.vn;\tHTTP://Localhost:8080/x \
                   ftp://a\u{a0}b.com.vn. Mục 1.2: đồng.ý a.b@c Sở.GD.edu\nE-mail:x_y@z-w.org.\n\
                   ĐT: 0208.3855.123 — www.đăng-ký.vn/tra-cứu?a=1&b=(2) cuối.vn";
        let whole: Vec<Range<usize>> = address_pattern()
            .find_iter(src)
            .map(|m| m.range())
            .collect();
        assert!(whole.len() >= 6, "{whole:?}");
        assert_eq!(address_spans(src), whole);
    }

    fn facts_of(src: &str) -> Vec<(String, Facts)> {
        let tokens = text::tokenize(src);
        facts(
            src,
            &tokens,
            |w| !w.is_ascii() || w == "cho",
            |_| Some(true),
        )
        .into_iter()
        .zip(&tokens)
        .filter_map(|(f, t)| f.map(|f| (t.text(src).to_string(), f)))
        .collect()
    }

    #[test]
    fn acronyms_in_running_text_are_foreign_headings_are_not() {
        let f = facts_of("Chiếc A-6E của MU và CIA điều tra\nKE HOACH THUC HIEN");
        let acronyms: Vec<&str> = f
            .iter()
            .filter(|(_, f)| f.acronym)
            .map(|(w, _)| w.as_str())
            .collect();
        assert_eq!(acronyms, ["MU", "CIA"]);
        // A model number is foreign too: its digits are no letters.
        assert!(f.iter().any(|(w, f)| w == "6E" && f.foreign));
    }

    #[test]
    fn an_unmarked_word_among_marked_ones_is_cheap_to_restore_in_stripped_text_dear() {
        let views = |src: &str| {
            let tokens = text::tokenize(src);
            // Every form is a word; the stripped spellings of marked words are odd.
            let odd = |w: &str| Some(!matches!(w, "ban" | "cac" | "so" | "tot" | "nay"));
            mixed_views(&facts(src, &tokens, |_| true, odd))
        };
        let clean = views("Ủy ban nhân dân tỉnh đề nghị các sở ngành thực hiện tốt việc này");
        assert!(clean.iter().all(|v| *v == View::Keep));
        // One stripped word alone among marked ones is taken as written (a typo, or `oxy`).
        let one = views("Ủy ban nhân dân tinh đề nghị các sở ngành thực hiện tốt việc này");
        assert_eq!(one[4], View::Keep);
        // Two are evidence of stripping: each is read in context, at a price.
        let two = views("Ủy ban nhân dân tinh đề nghi các sở ngành thực hiện tốt việc này");
        let View::Bare { cost: dear } = two[4] else {
            panic!("{two:?}")
        };
        let stripped = views("Uy ban nhan dan tinh de nghi cac so nganh thuc hien tot viec nay");
        let View::Bare { cost: free } = stripped[4] else {
            panic!("{stripped:?}")
        };
        assert!(dear > 3.0 && free == 0.0, "{dear} {free}");
    }
}
