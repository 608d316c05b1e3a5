//! The layout stage: finds the parts every Vietnamese administrative document has (the
//! layout of Nghị định 30/2020/NĐ-CP, Phụ lục I) in restored text, between the text core and
//! the field readers.
//!
//! ```text
//! ỦY BAN NHÂN DÂN            CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM     agency column | motto
//! TỈNH …                     Độc lập - Tự do - Hạnh phúc
//! Số: 75/KH-UBND             …, ngày 7 tháng 5 năm 2021             number | place and date
//! (V/v … for a Công văn)
//!                 KẾ HOẠCH                                          document type
//!                 Tổ chức phong trào thi đua …                      title
//! Thực hiện … / Căn cứ …                                            preamble
//! I. MỤC ĐÍCH, YÊU CẦU / 1. … / a) … / - …                          sections and items
//! Nơi nhận: - …;                    TM. ỦY BAN NHÂN DÂN / CHỦ TỊCH  recipients | signature
//!                                   (name)
//! ```
//!
//! A page is read as [`page::Line`]s of cells: where the text layer kept the page's spacing,
//! a wide gap separates the two columns of the header and of the closing block. OCR keeps
//! one space at most, so one line may hold both columns (`ỦY BAN NHÂN DÂN CỘNG HÒA XÃ HỘI
//! …`, `Số: 40 /KH-UBND Vạn Xuân, ngày …`, `- Bộ Nội vụ; PHÓ CHỦ TỊCH`); each column is then
//! told by what it holds: the motto phrases, the `…, ngày` pattern, a number's shape, the
//! signature's offices, a person's name. The body becomes a list of [`Block`]s: one per
//! labelled item or paragraph, its lines joined.

use super::dict::Dictionaries;
use super::fold::fold;
use regex::Regex;

mod blocks;
mod closing;
mod header;
pub mod names;
pub mod page;

use page::Line;

/// A piece of text and the 1-based line it starts on.
#[derive(Debug, Clone, PartialEq)]
pub struct Piece {
    pub line: usize,
    pub text: String,
}

/// What starts a block.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BlockKind {
    /// `I.`, `II.` … (Roman).
    Section,
    /// `1.`, `2.` …
    Numbered,
    /// `a)`, `b)`, `đ)` …
    Lettered,
    /// `- …`, and the other bullets OCR makes of a dash (`~`, `=`, `»`, `•`, `*`, `+`).
    Dash,
    /// A paragraph without a label.
    Para,
}

impl BlockKind {
    /// Nesting depth: a block's children are the blocks after it until one of the same or a
    /// lower depth. Paragraphs never close anything.
    pub fn depth(self) -> u8 {
        match self {
            BlockKind::Section => 0,
            BlockKind::Numbered => 1,
            BlockKind::Lettered => 2,
            BlockKind::Dash => 3,
            BlockKind::Para => 4,
        }
    }
}

/// One item or paragraph of the body, its lines joined with single spaces.
#[derive(Debug, Clone, PartialEq)]
pub struct Block {
    pub kind: BlockKind,
    /// `II`, `3`, `a`, `-` or empty.
    pub label: String,
    pub line: usize,
    /// The text after the label.
    pub text: String,
    /// A heading (`1. Mục đích`): a short labelled line without final punctuation.
    pub heading: bool,
}

/// The parts of one document. Everything is optional: a text that is not a plan yields
/// empty segments.
#[derive(Debug, Clone, Default)]
pub struct Segments {
    /// The agency column above the number, one piece a line (`ỦY BAN NHÂN DÂN`, `TỈNH
    /// THÁI NGUYÊN`).
    pub issuer_block: Vec<Piece>,
    pub motto_line: Option<usize>,
    /// The number as printed, its label left out (`105 /KH-UBND`).
    pub number: Option<Piece>,
    /// The place as printed before `, ngày`, the junk OCR puts before it left out.
    pub place: Option<Piece>,
    /// `ngày 15 tháng 9 năm 2021` (or a numeric date) of the header.
    pub date: Option<Piece>,
    /// The trích yếu under the number of a letter (`V/v hướng dẫn …`), lines joined.
    pub subject: Option<Piece>,
    /// The document type line (`KẾ HOẠCH`).
    pub doc_type: Option<Piece>,
    pub title: Vec<Piece>,
    /// `Kính gửi: …` under the title or the trích yếu: a document addressed to someone.
    pub addressed: Option<usize>,
    pub preamble: Vec<Block>,
    pub body: Vec<Block>,
    /// One entry per dash line of `Nơi nhận`, continuation lines joined.
    pub recipients: Vec<Piece>,
    /// Capital lines of the signature block (`TM. ỦY BAN NHÂN DÂN`, `CHỦ TỊCH`).
    pub signature: Vec<Piece>,
    pub signer_name: Option<Piece>,
}

/// Splits restored text into [`Segments`]. Holds its compiled patterns; share one.
pub struct Segmenter {
    motto_republic: Regex,
    motto_slogan: Regex,
    labelled_number: Regex,
    number: Regex,
    date_words: Regex,
    date_numeric: Regex,
    section: Regex,
    numbered: Regex,
    lettered: Regex,
    dash: Regex,
    preamble_start: Regex,
    closing: Regex,
    authority: Regex,
}

/// Lines the header may take before the document type must have appeared.
const HEADER_LINES: usize = 30;

/// A number and symbol (số, ký hiệu) by its shape: digits, an optional year, then symbol
/// parts joined by `/` or `-` (spaces around them tolerated: `223/KH- UBND`, `71/NQ -CP`),
/// or after a plain space when a `/` follows (`52 NQ/TW`).
const NUMBER: &str = r"\d{1,6}(?:\s?/\s?\d{4})?(?:\s?[/-]\s?|\s)\p{L}[\p{L}\d&.]*(?:\s?[/-]\s?[\p{L}\d][\p{L}\d&.]*)*";

impl Segmenter {
    pub fn new() -> Segmenter {
        let re = |p: &str| Regex::new(p).expect("built-in pattern");
        Segmenter {
            // The motto is matched loosely: a header line keeps OCR residue the restorer
            // may leave (`CQNG HOA XA HQI`, `Péc lap - Tu do`).
            motto_republic: re(
                r"c\S{0,3}ng\s*h\S{0,2}a?\s*x\S{0,2}\s*h\S{0,3}\s*ch\S{0,2}\s*ngh\S{0,3}\s*vi\S{0,3}\s*nam\.?|d\S{0,2}ng\s*c\S{0,2}ng\s*s\S{0,2}n\s*vi\S{0,3}\s*nam\.?",
            ),
            motto_slogan: re(
                r"(?:\S+\s+\S+\s*)?[-–]\s*t\S{0,3}\s*d\S{0,2}\s*[-–]\s*h\S{1,5}\s*ph\S{1,5}",
            ),
            // `Số:` glued to the number or garbled (`S6105`, `Só105`, `$6:`): the label is
            // skipped, the number starts at the first digit after it.
            labelled_number: re(&format!(
                r"^(?:[sS$5][6oóòôốồöõ]|[sS$][^\s\d]{{0,2}})\s*[:;.]?\s*({NUMBER})"
            )),
            number: re(&format!(r"(?:^|[\s:;.,(])({NUMBER})")),
            date_words: re(r"ngay\s*([\dl|]{1,2})\s*th\S{0,4}\s*(\d{1,2})\s*n\S{0,3}\s*(\d{4})"),
            date_numeric: re(r"ngay\s*(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})"),
            section: re(r"^([IVXl1|]{1,5})\s*[.:/]\s*(\S.*)$"),
            numbered: re(r"^(\d{1,2})\s*[.)]\s*(\S.*)$"),
            // OCR turns some item letters into signs (`¢)` for c, `@)` for g).
            lettered: re(r"^([a-zđ]|[^\p{L}\p{N}\s(\[\-–—•+*\.,;:~=»·])\s*\)\s*(\S.*)$"),
            // A dash, or what OCR reads a dash or a bullet as.
            dash: re(r"^(?:[-–—•+*~=»·◦▪●]|-\s*-)\s*(\S.*)$"),
            preamble_start: re(
                r"^(can cu|thuc hien|de |nham |theo |tren co so|qua |xet |trien khai thuc hien)",
            ),
            // `Nơi nhận`, also as the restorer may leave it (`Nơi nhìn:`) when a colon follows.
            closing: re(r"^(?:noi\s*nhan\s*[:;.]?|n\S{1,2}i\s*nh\S{1,3}\s*[:;.])"),
            authority: re(r"^(tm|kt|tl|tuq|q|ktm)\s*\.\s*\S"),
        }
    }

    /// Splits `text` into its parts.
    pub fn segment(&self, text: &str, dict: &Dictionaries) -> Segments {
        let lines = page::lines(text);
        let mut seg = Segments::default();
        let closing_at = lines
            .iter()
            .rposition(|l| self.closing.is_match(&fold(&l.text)))
            .unwrap_or(lines.len());
        let body_start = self.read_header(&lines[..closing_at], dict, &mut seg);
        let blocks = self.blocks(&lines[body_start..closing_at]);
        let first_section = blocks
            .iter()
            .position(|b| b.kind == BlockKind::Section)
            .unwrap_or(blocks.len());
        let (pre, body) = blocks.split_at(first_section);
        seg.preamble = pre.to_vec();
        seg.body = body.to_vec();
        self.read_closing(&lines[closing_at..], dict, &mut seg);
        if seg.signature.is_empty() && seg.signer_name.is_none() {
            // No `Nơi nhận`: the signature may close the body.
            self.read_tail_signature(&lines[..closing_at], dict, &mut seg);
        }
        seg
    }
}

impl Default for Segmenter {
    fn default() -> Self {
        Segmenter::new()
    }
}

/// Whether the quotes opened in a text are closed.
fn quotes_closed(text: &str) -> bool {
    let open = text.matches('“').count();
    let close = text.matches('”').count();
    let straight = text.matches('"').count();
    // Curly and straight quotes mix in OCR output (`“…"`): count them together.
    (open + close + straight).is_multiple_of(2)
}

/// Appends a continuation line, closing a number split at a hyphen (`2021-` + `2025`).
pub fn join_line(acc: &mut String, next: &str) {
    let glue = acc.ends_with('-')
        && acc[..acc.len() - 1].ends_with(|c: char| c.is_ascii_digit())
        && next.starts_with(|c: char| c.is_ascii_digit());
    if !glue && !acc.is_empty() {
        acc.push(' ');
    }
    acc.push_str(next);
}

/// Whether a line opens with `V/v` (về việc), which a Roman `V/` section label would take.
fn is_vv(t: &str) -> bool {
    let mut cs = t.chars().filter(|c| !c.is_whitespace());
    matches!(
        (cs.next(), cs.next(), cs.next()),
        (Some('V' | 'v'), Some('/'), Some('V' | 'v'))
    )
}

/// A decorative rule under the header or title (`-----`, `___`, OCR's `—_`).
fn is_rule(t: &str) -> bool {
    t.chars().count() >= 2
        && t.chars()
            .all(|c| matches!(c, '-' | '_' | '–' | '—' | '=' | '.' | ' ' | '~'))
}

/// The lines of `lines` as [`Piece`]s of squeezed text.
fn piece(line: &Line, text: &str) -> Piece {
    Piece {
        line: line.no,
        text: text.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    pub(super) fn seg(text: &str) -> Segments {
        let d = Dictionaries::load().unwrap();
        Segmenter::new().segment(text, &d)
    }

    #[test]
    fn junk_gives_empty_segments() {
        for t in [
            "",
            "\n\n",
            "xin chào",
            "1. 2. 3.",
            "Nơi nhận",
            "Số:",
            "KẾ HOẠCH",
        ] {
            let s = seg(t);
            assert!(s.number.is_none(), "{t:?}");
        }
    }
}

#[cfg(test)]
mod debug {
    /// Prints the segments of the file named by `LAYOUT_FILE`: for looking at what the
    /// layout stage made of a page.
    #[test]
    #[ignore]
    fn print_segments() {
        let Ok(path) = std::env::var("LAYOUT_FILE") else {
            return;
        };
        let text = std::fs::read_to_string(path).unwrap();
        println!("{:#?}", super::tests::seg(&text));
    }
}
