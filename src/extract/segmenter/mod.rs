//! The segmenter: finds the parts every Vietnamese administrative document has (the layout
//! of Nghị định 30/2020/NĐ-CP, Phụ lục I) in restored text.
//!
//! ```text
//! ỦY BAN NHÂN DÂN            CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM     issuer block | motto
//! TỈNH …                     Độc lập - Tự do - Hạnh phúc
//! Số: 75/KH-UBND             …, ngày 7 tháng 5 năm 2021             number | place and date
//!                 KẾ HOẠCH                                          document type
//!                 Tổ chức phong trào thi đua …                      title (to the preamble)
//! Thực hiện … / Căn cứ …                                            preamble
//! I. MỤC ĐÍCH, YÊU CẦU / 1. … / a) … / - …                          sections and items
//! Nơi nhận: - …;                    TM. ỦY BAN NHÂN DÂN / CHỦ TỊCH  recipients | signature
//!                                   (name)
//! ```
//!
//! OCR reads the two header columns across, so one line may hold both (`ỦY BAN NHÂN DÂN
//! CỘNG HÒA XÃ HỘI …`, `Số: 40 /KH-UBND Vạn Xuân, ngày …`); the motto phrases and the
//! `…, ngày` pattern split them. The signature column likewise lands at the end of `Nơi nhận`
//! lines (`- Ban …; CHỦ TỊCH`) and is cut off there. The body becomes a list of [`Block`]s:
//! one per labelled item or paragraph, its lines joined.

use super::fold::{fold, is_upper_line, squeeze, Folded};

mod blocks;
mod closing;
use regex::Regex;

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
    /// `- …`
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
    /// Left header column pieces (`ỦY BAN NHÂN DÂN`, `TỈNH THÁI NGUYÊN`).
    pub issuer_block: Vec<Piece>,
    pub motto_line: Option<usize>,
    /// The number as printed after `Số:` (`105 /KH-UBND`).
    pub number: Option<Piece>,
    /// The place as printed before `, ngày`.
    pub place: Option<Piece>,
    /// `ngày 15 tháng 9 năm 2021` (or a numeric date) of the header.
    pub date: Option<Piece>,
    /// The document type line (`KẾ HOẠCH`).
    pub doc_type: Option<Piece>,
    pub title: Vec<Piece>,
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
    number_line: Regex,
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

impl Segmenter {
    pub fn new() -> Segmenter {
        let re = |p: &str| Regex::new(p).expect("built-in pattern");
        Segmenter {
            // The motto is matched loosely: a header line keeps OCR residue the restorer
            // may leave (`CQNG HOA XA HQI`, `Péc lap - Tu do`).
            motto_republic: re(
                r"c\S{0,3}ng\s*h\S{0,2}a?\s*x\S{0,2}\s*h\S{0,3}\s*ch\S{0,2}\s*ngh\S{0,3}\s*vi\S{0,3}\s*nam",
            ),
            motto_slogan: re(
                r"(?:\S+\s+\S+\s*)?[-–]\s*t\S{0,3}\s*d\S{0,2}\s*[-–]\s*h\S{1,5}\s*ph\S{1,5}",
            ),
            // `Số:`, or its OCR forms `S6:`/`Sé:` (6 and é are what OCR makes of ố).
            number_line: re(r"^s(?:6|[^\d\s]{0,2})\s*[:;.]?\s*(\d)"),
            number: re(
                r"^\d+\s*(?:/\s*\d{4}\s*)?[/-]?\s*[\p{L}\d]+(?:[.&]?[\p{L}\d]+)*(?:\s*[-/]\s*[\p{L}\d]+)*",
            ),
            date_words: re(r"ngay\s*([\dl|]{1,2})\s*th\S{0,4}\s*(\d{1,2})\s*n\S{0,3}\s*(\d{4})"),
            date_numeric: re(r"ngay\s*(\d{1,2})\s*/\s*(\d{1,2})\s*/\s*(\d{4})"),
            section: re(r"^([IVXl1|]{1,5})\s*[.:/]\s*(\S.*)$"),
            numbered: re(r"^(\d{1,2})\s*[.)]\s*(\S.*)$"),
            // OCR turns some item letters into signs (`¢)` for c, `@)` for g).
            lettered: re(r"^([a-zđ]|[^\p{L}\p{N}\s(\[\-–—•+*\.,;:])\s*\)\s*(\S.*)$"),
            dash: re(r"^[-–—•+*]\s*(\S.*)$"),
            preamble_start: re(
                r"^(can cu|thuc hien|de |nham |theo |tren co so|qua |xet |trien khai thuc hien)",
            ),
            // `Nơi nhận`, also as the restorer may leave it (`Nơi nhìn:`) when a colon follows.
            closing: re(r"^(?:noi\s*nhan\s*[:;.]?|n\S{1,2}i\s*nh\S{1,3}\s*[:;.])"),
            authority: re(r"^(tm|kt|tl|tuq|q|ktm)\s*\.\s*\S"),
        }
    }

    /// Splits `text` into its parts.
    pub fn segment(&self, text: &str) -> Segments {
        let lines: Vec<Piece> = text
            .lines()
            .enumerate()
            .map(|(i, l)| Piece {
                line: i + 1,
                text: squeeze(l),
            })
            .collect();
        let mut seg = Segments::default();
        let closing_at = lines
            .iter()
            .rposition(|l| self.closing.is_match(&fold(&l.text)))
            .unwrap_or(lines.len());
        let body_start = self.read_header(&lines[..closing_at], &mut seg);
        let blocks = self.blocks(&lines[body_start..closing_at]);
        let first_section = blocks
            .iter()
            .position(|b| b.kind == BlockKind::Section)
            .unwrap_or(blocks.len());
        let (pre, body) = blocks.split_at(first_section);
        seg.preamble = pre.to_vec();
        seg.body = body.to_vec();
        self.read_closing(&lines[closing_at..], &mut seg);
        if seg.signature.is_empty() && seg.signer_name.is_none() {
            // No `Nơi nhận`: the signature may close the body.
            self.read_tail_signature(&lines[..closing_at], &mut seg);
        }
        seg
    }

    /// Reads the header lines; returns the index of the first line after the title.
    fn read_header(&self, lines: &[Piece], seg: &mut Segments) -> usize {
        let limit = lines.len().min(HEADER_LINES);
        let mut i = 0;
        while i < limit {
            let line = &lines[i];
            let f = fold(&line.text);
            if line.text.is_empty() || is_rule(&line.text) {
                i += 1;
                continue;
            }
            if self.preamble_start.is_match(&f) || self.section.is_match(&line.text) {
                return i;
            }
            if let Some(rest) = self.doc_type_line(&line.text) {
                seg.doc_type = Some(Piece {
                    line: line.line,
                    text: line.text[..line.text.len() - rest.len()].trim().to_string(),
                });
                let mut title = Vec::new();
                if !rest.trim().is_empty() {
                    title.push(Piece {
                        line: line.line,
                        text: rest.trim().to_string(),
                    });
                }
                let next = self.read_title(lines, i + 1, &mut title);
                seg.title = title;
                return next;
            }
            self.read_header_line(line, seg);
            i += 1;
        }
        // No document type line: the body starts after the header material read so far.
        if seg.number.is_some() || seg.motto_line.is_some() || seg.date.is_some() {
            limit
        } else {
            0
        }
    }

    /// One header line: motto phrases cut out, `Số:` and `…, ngày …` read, the rest is the
    /// issuer column.
    fn read_header_line(&self, line: &Piece, seg: &mut Segments) {
        let mut text = line.text.clone();
        for re in [&self.motto_republic, &self.motto_slogan] {
            let folded = Folded::new(&text);
            if let Some(m) = re.find(&folded.text) {
                let r = folded.span(m.start()..m.end());
                text = format!("{} {}", &text[..r.start], &text[r.end..]);
                seg.motto_line.get_or_insert(line.line);
            }
        }
        let mut text = squeeze(&text);
        let folded = Folded::new(&text);
        // The date (and the place before it) sits at the right of the line.
        let date = self
            .date_words
            .find(&folded.text)
            .or_else(|| self.date_numeric.find(&folded.text));
        if let Some(m) = date {
            let r = folded.span(m.start()..m.end());
            let date_start = r.start;
            seg.date.get_or_insert(Piece {
                line: line.line,
                text: text[r].to_string(),
            });
            let left = text[..date_start]
                .trim_end()
                .trim_end_matches(',')
                .trim_end();
            let (left, place) = self.split_place(left);
            if let Some(p) = place {
                seg.place.get_or_insert(Piece {
                    line: line.line,
                    text: p,
                });
            }
            text = left;
        }
        let folded = Folded::new(&text);
        if let Some(c) = self.number_line.captures(&folded.text) {
            let start = folded.to_orig(c.get(1).map_or(0, |m| m.start()));
            let rest = &text[start..];
            if let Some(m) = self.number.find(rest) {
                seg.number.get_or_insert(Piece {
                    line: line.line,
                    text: m.as_str().trim().to_string(),
                });
                // What follows the number is the place if the date was on another line.
                let tail = rest[m.end()..].trim().trim_end_matches(',').trim();
                if !tail.is_empty() && seg.place.is_none() && seg.date.is_none() {
                    seg.place = Some(Piece {
                        line: line.line,
                        text: tail.to_string(),
                    });
                }
            }
            return;
        }
        let text = text.trim();
        if !text.is_empty() && is_upper_line(text) && seg.number.is_none() {
            seg.issuer_block.push(Piece {
                line: line.line,
                text: text.to_string(),
            });
        }
    }

    /// Splits `Số: 40 /KH-UBND Vạn Xuân` into the part before the place and the place.
    fn split_place(&self, left: &str) -> (String, Option<String>) {
        let folded = Folded::new(left);
        if let Some(c) = self.number_line.captures(&folded.text) {
            let start = folded.to_orig(c.get(1).map_or(0, |m| m.start()));
            if let Some(m) = self.number.find(&left[start..]) {
                let end = start + m.end();
                let place = left[end..].trim();
                let place = (!place.is_empty()).then(|| place.to_string());
                return (left[..end].to_string(), place);
            }
        }
        // No number on this line: the place is the words that are not the issuer column.
        let words: Vec<&str> = left.split_whitespace().collect();
        let split = words
            .iter()
            .rposition(|w| w.chars().any(|c| c.is_lowercase()) || w.ends_with('.'))
            .map(|last_lower| {
                // Walk back over the capitalised words of the place name.
                let mut s = last_lower;
                while s > 0 && !is_upper_line(words[s - 1]) {
                    s -= 1;
                }
                s
            });
        match split {
            Some(s) => (words[..s].join(" "), Some(words[s..].join(" "))),
            None if !left.is_empty() && !is_upper_line(left) => {
                (String::new(), Some(left.to_string()))
            }
            None => (left.to_string(), None),
        }
    }

    /// If the line opens with a document type in capitals (`KẾ HOẠCH`), the rest of it.
    fn doc_type_line<'a>(&self, text: &'a str) -> Option<&'a str> {
        const TYPES: [&str; 12] = [
            "ke hoach",
            "quyet dinh",
            "chi thi",
            "nghi quyet",
            "chuong trinh",
            "huong dan",
            "thong bao",
            "bao cao",
            "to trinh",
            "phuong an",
            "de an",
            "cong van",
        ];
        let folded = Folded::new(text);
        for t in TYPES {
            if folded.text.starts_with(t) {
                let end = folded.to_orig(t.len());
                let head = &text[..end];
                let rest = &text[end..];
                let boundary = rest.chars().next().is_none_or(|c| !c.is_alphanumeric());
                if boundary && is_upper_line(head) {
                    return Some(rest);
                }
            }
        }
        None
    }

    /// Title lines after the document type line; returns the first line of the preamble.
    fn read_title(&self, lines: &[Piece], from: usize, title: &mut Vec<Piece>) -> usize {
        let mut i = from;
        while i < lines.len() {
            let line = &lines[i];
            let f = fold(&line.text);
            if line.text.is_empty() {
                i += 1;
                continue;
            }
            // A long line after a blank, once the title's quotes are closed, is the
            // preamble even when its first words are garbled.
            let after_blank = i > from && lines[i - 1].text.is_empty();
            let body_like = after_blank
                && !title.is_empty()
                && quotes_closed(title)
                && line.text.chars().count() >= 60;
            if is_rule(&line.text)
                || self.preamble_start.is_match(&f)
                || self.section.is_match(&line.text)
                || title.len() >= 4
                || body_like
            {
                if is_rule(&line.text) {
                    i += 1;
                }
                break;
            }
            title.push(line.clone());
            i += 1;
        }
        i
    }
}

impl Default for Segmenter {
    fn default() -> Self {
        Segmenter::new()
    }
}

/// Whether the quotes opened in the title lines are closed.
fn quotes_closed(title: &[Piece]) -> bool {
    let text: String = title.iter().map(|p| p.text.as_str()).collect();
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

/// A decorative rule under the header or title.
fn is_rule(t: &str) -> bool {
    t.chars().count() >= 3
        && t.chars()
            .all(|c| matches!(c, '-' | '_' | '–' | '—' | '=' | '.' | ' '))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seg(text: &str) -> Segments {
        Segmenter::new().segment(text)
    }

    #[test]
    fn splits_shuffled_header_columns() {
        let s = seg("ỦY BAN NHÂN DÂN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n\
             PHƯỜNG VẠN XUÂN Độc lập - Tự do - Hạnh phúc\n\
             Số: 40 /KH-UBND Vạn Xuân, ngày 08 tháng 8 năm 2025\n\
             KẾ HOẠCH\n\
             Tổ chức phong trào thi đua\n\
             \n\
             Thực hiện Quyết định số 1/QĐ-UBND;\n\
             I. MỤC ĐÍCH\n");
        let block: Vec<&str> = s.issuer_block.iter().map(|p| p.text.as_str()).collect();
        assert_eq!(block, ["ỦY BAN NHÂN DÂN", "PHƯỜNG VẠN XUÂN"]);
        assert_eq!(s.number.unwrap().text, "40 /KH-UBND");
        assert_eq!(s.place.unwrap().text, "Vạn Xuân");
        assert_eq!(s.date.unwrap().text, "ngày 08 tháng 8 năm 2025");
        assert_eq!(s.doc_type.unwrap().text, "KẾ HOẠCH");
        assert_eq!(s.title[0].text, "Tổ chức phong trào thi đua");
        assert_eq!(s.preamble[0].line, 7);
        assert_eq!(s.body[0].label, "I");
    }

    #[test]
    fn reads_headers_with_ocr_residue() {
        let s = seg("UY BAN NHAN DAN CQNG HOA XA HQI CHU NGHIA VIET NAM\n\
             THANH PHO CHI LINH Péc lap - Tu do - Hanh phiic\n\
             S6105 /KH-UBND Chi Linh, ngayl5 thing 9 ndam 2021\n\
             KE HOACH\nX\n\nThực hiện a;\nI11. NỘI DUNG\n1. MỘT\n");
        let block: Vec<&str> = s.issuer_block.iter().map(|p| p.text.as_str()).collect();
        assert_eq!(block, ["UY BAN NHAN DAN", "THANH PHO CHI LINH"]);
        assert_eq!(s.number.unwrap().text, "105 /KH-UBND");
        assert_eq!(s.place.unwrap().text, "Chi Linh");
        assert_eq!(
            super::super::numbers::parse_date(&s.date.unwrap().text).as_deref(),
            Some("2021-09-15")
        );
        assert_eq!(s.body[0].label, "III");
        assert_eq!(s.body[1].kind, BlockKind::Numbered);
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
