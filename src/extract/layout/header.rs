//! The header: the agency column beside the motto, the number beside the place and date,
//! a letter's `V/v …` under its number, then the document type line and the title.
//!
//! Each field is found by its shape and its place in the header, whatever its label became
//! under OCR: the number is digits and a symbol (`$6: 980/KH-UBND`, `6: 235/KH-UBND`,
//! `S6105 /KH-UBND`), the date is `ngày … tháng … năm …`, the place is what stands between
//! them (without the rule OCR glues to it: `—_Cần Thơ`).

use super::page::Line;
use super::{is_rule, piece, quotes_closed, Piece, Segmenter, Segments, HEADER_LINES};
use crate::extract::dict::Dictionaries;
use crate::extract::fold::{fold, is_upper_line, squeeze, Folded};

/// The document types a type line may be read as despite one OCR slip (`QUYẾT BÌNH`).
const FUZZY_TYPES: [&str; 17] = [
    "kế hoạch",
    "quyết định",
    "nghị quyết",
    "thông báo",
    "chỉ thị",
    "báo cáo",
    "hướng dẫn",
    "chương trình",
    "thông tư",
    "nghị định",
    "công điện",
    "tờ trình",
    "kết luận",
    "quy định",
    "quy chế",
    "phương án",
    "đề án",
];

/// The most lines a title takes.
const TITLE_LINES: usize = 6;

impl Segmenter {
    /// Reads the header lines; returns the index of the first line of the body.
    pub(super) fn read_header(
        &self,
        lines: &[Line],
        dict: &Dictionaries,
        seg: &mut Segments,
    ) -> usize {
        let limit = lines.len().min(HEADER_LINES);
        let right = right_column(&lines[..limit]);
        let mut subject_open = false;
        let mut i = 0;
        while i < limit {
            let line = &lines[i];
            if line.is_blank() {
                subject_open = false;
                i += 1;
                continue;
            }
            if is_rule(&line.text) {
                i += 1;
                continue;
            }
            let f = fold(&line.text);
            let seen_header =
                seg.number.is_some() || seg.date.is_some() || seg.motto_line.is_some();
            if let Some(head) = self.doc_type_line(&line.text, dict, seen_header || i < 3) {
                seg.doc_type = Some(piece(line, line.text[..head].trim()));
                let rest = line.text[head..].trim();
                let mut title = Vec::new();
                if !rest.is_empty() {
                    title.push(piece(line, rest));
                }
                let next = self.read_title(lines, i + 1, &mut title, seg);
                seg.title = title;
                return next;
            }
            if is_addressee(&f) {
                seg.addressed = Some(line.no);
                return i;
            }
            let body_like = (self.preamble_start.is_match(&f) && !is_upper_line(&line.text))
                || self.section.is_match(&line.text);
            if body_like && !subject_open && !is_subject(&f) {
                return i;
            }
            if subject_open {
                if let Some(s) = seg.subject.as_mut() {
                    super::join_line(&mut s.text, &line.text);
                }
                i += 1;
                continue;
            }
            let (left, right_text) = match right {
                Some(col) if line.cells.len() > 1 || line.cells[0].col + 2 >= col => {
                    line.split_at_col(col.saturating_sub(2))
                }
                _ => (line.text.clone(), String::new()),
            };
            subject_open = self.read_header_line(line, &left, &right_text, seg);
            i += 1;
        }
        // No document type line: the body starts after the header material read so far.
        if seg.number.is_some() || seg.motto_line.is_some() || seg.date.is_some() {
            limit
        } else {
            0
        }
    }

    /// One header line, its columns apart where the page kept them (`right` empty where it
    /// did not). Returns whether it opened a letter's `V/v …` trích yếu.
    fn read_header_line(&self, line: &Line, left: &str, right: &str, seg: &mut Segments) -> bool {
        let left = self.cut_motto(left, line, seg);
        let right = self.cut_motto(right, line, seg);
        // The date (and the place before it) sits in the right column, or at the end of a
        // line OCR read across.
        let mut rest = left;
        for (text, merged) in [(&right, false), (&rest.clone(), true)] {
            if seg.date.is_some() || text.is_empty() {
                continue;
            }
            let Some((before, date)) = self.find_date(text) else {
                continue;
            };
            seg.date = Some(piece(line, &date));
            if merged {
                // `Số: 40 /KH-UBND Vạn Xuân, ngày …`: the number, then the place.
                match self.find_number(&before) {
                    Some((_, number, after)) => {
                        seg.number.get_or_insert(piece(line, &number));
                        set_place(seg, line, &after);
                        rest = String::new();
                    }
                    None => {
                        let (agency, place) = split_place(&before);
                        set_place(seg, line, &place);
                        rest = agency;
                    }
                }
            } else {
                set_place(seg, line, &before);
            }
        }
        let rest = rest.trim();
        if rest.is_empty() {
            return false;
        }
        if seg.number.is_none() {
            if let Some((_, number, after)) = self.find_number(rest) {
                seg.number = Some(piece(line, &number));
                // What follows the number is the place if the date is on another line.
                if seg.date.is_none() {
                    set_place(seg, line, &after);
                }
                return false;
            }
            // The agency column is in capitals; OCR may read a capital small (`Uy BAN`).
            if upper_share(rest) >= 0.7 {
                seg.issuer_block.push(piece(line, rest));
            }
            return false;
        }
        // Under the number of a letter: `V/v …`, the trích yếu.
        if is_subject(&fold(rest)) {
            seg.subject = Some(piece(line, rest));
            return true;
        }
        false
    }

    /// `text` without the motto phrases (`CỘNG HÒA XÃ HỘI …`, `Độc lập - Tự do - Hạnh phúc`,
    /// `ĐẢNG CỘNG SẢN VIỆT NAM`); records the motto line.
    fn cut_motto(&self, text: &str, line: &Line, seg: &mut Segments) -> String {
        let mut text = text.to_string();
        for re in [&self.motto_republic, &self.motto_slogan] {
            let folded = Folded::new(&text);
            if let Some(m) = re.find(&folded.text) {
                let r = folded.span(m.start()..m.end());
                text = format!("{} {}", &text[..r.start], &text[r.end..]);
                seg.motto_line.get_or_insert(line.no);
            }
        }
        squeeze(&text)
    }

    /// The header date in `text`: the text before it and the date phrase.
    fn find_date(&self, text: &str) -> Option<(String, String)> {
        let folded = Folded::new(text);
        let m = self
            .date_words
            .find(&folded.text)
            .or_else(|| self.date_numeric.find(&folded.text))?;
        let r = folded.span(m.start()..m.end());
        let before = text[..r.start].trim_end().trim_end_matches(',').trim_end();
        Some((before.to_string(), text[r].to_string()))
    }

    /// A number by its shape in `text`, a garbled `Số` label before it or not: the text
    /// before it, the number, and the text after it.
    pub(super) fn find_number(&self, text: &str) -> Option<(String, String, String)> {
        let caps = self
            .labelled_number
            .captures(text)
            .or_else(|| self.number.captures_iter(text).find(|c| symbol_ok(&c[1])))?;
        let m = caps.get(1)?;
        let number = m.as_str().trim_end_matches(['.', ',']);
        // The header's number opens its cell, after its label at most (`Số:`, `$6:`, `Sé`);
        // one cited in a sentence (`Theo Quyết định số 749/QĐ-TTg, …`) is not the document's.
        if !symbol_ok(number) || text[..m.start()].split_whitespace().count() > 3 {
            return None;
        }
        let end = m.start() + number.len();
        Some((
            text[..m.start()].trim().to_string(),
            number.to_string(),
            text[end..].trim().to_string(),
        ))
    }

    /// If the line opens with a document type in capitals (`KẾ HOẠCH`, `QUYẾT ĐỊNH`), the
    /// byte length of the type.
    fn doc_type_line(&self, text: &str, dict: &Dictionaries, may_fuzzy: bool) -> Option<usize> {
        let folded = Folded::new(text);
        let mut best: Option<usize> = None;
        for t in &dict.doc_types {
            let ft = fold(&t.name);
            if folded.text.starts_with(&ft) && ft.len() > best.map_or(0, |b| fold(&text[..b]).len())
            {
                let end = folded.to_orig(ft.len());
                let boundary = text[end..]
                    .chars()
                    .next()
                    .is_none_or(|c| !c.is_alphanumeric());
                if boundary && is_upper_line(&text[..end]) {
                    best = Some(end);
                }
            }
        }
        if best.is_some() || !may_fuzzy || !is_upper_line(text) {
            return best;
        }
        // A type alone on its line with one slip left by OCR and restoration.
        let words = folded.text.split_whitespace().count();
        FUZZY_TYPES.iter().find_map(|t| {
            let ft = fold(t);
            let ok = ft.len() >= 8
                && words == ft.split(' ').count()
                && strsim::levenshtein(folded.text.trim_end_matches(['.', ':']).trim(), &ft) <= 1;
            ok.then_some(text.trim_end().len())
        })
    }

    /// Title lines after the document type line; returns the index of the first line of the
    /// body. A title is one run of lines; printed in capitals, it is every capital line of
    /// that run (`THỰC HIỆN …` included); else it ends where the preamble starts.
    fn read_title(
        &self,
        lines: &[Line],
        from: usize,
        title: &mut Vec<Piece>,
        seg: &mut Segments,
    ) -> usize {
        let mut i = from;
        // Blank lines between the type line and the title.
        if title.is_empty() {
            while i < lines.len() && i < from + 3 && lines[i].is_blank() {
                i += 1;
            }
        }
        let caps = title
            .first()
            .map(|p| p.text.as_str())
            .or_else(|| lines.get(i).map(|l| l.text.as_str()))
            .is_some_and(|t| {
                is_upper_line(t)
                    || is_upper_line(
                        t.trim_start_matches(|c: char| !c.is_alphabetic())
                            .get(..1)
                            .unwrap_or(""),
                    ) && upper_share(t) > 0.8
            });
        while i < lines.len() {
            let line = &lines[i];
            if line.is_blank() {
                // A quotation left open continues after a blank line.
                let joined: String = title.iter().map(|p| p.text.as_str()).collect();
                if !title.is_empty() && quotes_closed(&joined) {
                    break;
                }
                i += 1;
                if title.is_empty() || i >= from + TITLE_LINES + 2 {
                    break;
                }
                continue;
            }
            let f = fold(&line.text);
            if is_rule(&line.text) {
                i += 1;
                break;
            }
            if is_addressee(&f) {
                seg.addressed = Some(line.no);
                break;
            }
            let upper = is_upper_line(&line.text);
            let body_like = (self.section.is_match(&line.text) && !super::is_vv(&line.text))
                || (!upper && self.preamble_start.is_match(&f) && !title.is_empty())
                || (caps && !title.is_empty() && !upper && upper_share(&line.text) < 0.5);
            if body_like || title.len() >= TITLE_LINES {
                break;
            }
            title.push(piece(line, &line.text));
            i += 1;
        }
        i
    }
}

/// Whether a folded line under the number opens a letter's trích yếu (`V/v …`, `V/v: …`,
/// `Về việc …`, `Về …`; also as restoration may leave it, `Về/về`).
///
/// Under OCR the slash is often read as a letter (`Viv`, `Vlv`) or the second `v` as `y`.
fn is_subject(folded: &str) -> bool {
    regex!(r"^(?:v[e]?\s?/\s?v[e]?[\s:.]|ve\s|v[il1|/]?[vy][\s:.])").is_match(folded)
}

/// Whether a folded line opens a letter's addressee (`Kính gửi: …`), as OCR may read it
/// (`Kinh güri`, `Kinh giti`, `Kính giri`).
fn is_addressee(folded: &str) -> bool {
    regex!(r"^k[il1]nh\s*g[a-z]{0,2}[il1]\b").is_match(folded)
}

/// Where the right column of the header starts: the first column of the second cell of the
/// lines that have one, if the page kept its spacing.
fn right_column(lines: &[Line]) -> Option<usize> {
    lines
        .iter()
        .filter(|l| l.cells.len() >= 2)
        .map(|l| l.cells[1].col)
        .filter(|&c| c >= 12)
        .min()
}

/// The share of the letters of `t` that are capitals.
fn upper_share(t: &str) -> f64 {
    let letters = t.chars().filter(|c| c.is_alphabetic()).count();
    if letters == 0 {
        return 0.0;
    }
    t.chars().filter(|c| c.is_uppercase()).count() as f64 / letters as f64
}

/// Whether a number's symbol is one: it has a capital letter (a date has none, a running
/// word is not all lower case).
fn symbol_ok(number: &str) -> bool {
    let symbol = number.trim_start_matches(|c: char| c.is_ascii_digit() || c.is_whitespace());
    let spaced = number
        .chars()
        .find(|c| !c.is_ascii_digit())
        .is_some_and(|c| c.is_whitespace());
    let after_space = number
        .trim_start_matches(|c: char| c.is_ascii_digit())
        .trim_start();
    // `52 NQ/TW`: a symbol after a plain space must carry a `/`.
    if spaced && !after_space.starts_with(['/', '-']) && !symbol.contains('/') {
        return false;
    }
    symbol.chars().any(|c| c.is_uppercase())
}

/// Records the place read from `raw` unless one is known, cleaned of OCR junk.
fn set_place(seg: &mut Segments, line: &Line, raw: &str) {
    if seg.place.is_some() {
        return;
    }
    let p = clean_place(raw);
    if !p.is_empty() {
        seg.place = Some(piece(line, &p));
    }
}

/// A place as printed, without what OCR puts around it: rules and stray marks before it
/// (`—_Cần Thơ`, `_ Đắk Lắk`, `‘Hà Nội`), words without letters, a trailing comma.
pub fn clean_place(raw: &str) -> String {
    let words: Vec<&str> = raw.split_whitespace().collect();
    // The place is the run of words after the last token that cannot belong to a name.
    let start = words
        .iter()
        .rposition(|w| {
            let core = w.trim_start_matches(|c: char| !c.is_alphabetic());
            core.is_empty()
                || w.contains(['/', '%', '$', '|'])
                || w.chars().any(|c| c.is_ascii_digit())
        })
        .map_or(0, |p| p + 1);
    let kept: Vec<String> = words[start..]
        .iter()
        .enumerate()
        .map(|(k, w)| {
            let w = if k == 0 {
                w.trim_start_matches(|c: char| !c.is_alphabetic())
            } else {
                w
            };
            w.to_string()
        })
        .collect();
    kept.join(" ")
        .trim_end_matches([',', '.', ';', ':', ' '])
        .to_string()
}

/// Splits the words before `, ngày` on a line without a number into the agency column and
/// the place: the place is the capitalised words at the end (`TỈNH X Thái Nguyên` →
/// `Thái Nguyên`).
fn split_place(left: &str) -> (String, String) {
    let words: Vec<&str> = left.split_whitespace().collect();
    let last_lower = words
        .iter()
        .rposition(|w| w.chars().any(|c| c.is_lowercase()) || w.ends_with('.'));
    match last_lower {
        Some(last) => {
            // Walk back over the capitalised words of the place name.
            let mut s = last;
            while s > 0 && !is_upper_line(words[s - 1]) {
                s -= 1;
            }
            (words[..s].join(" "), words[s..].join(" "))
        }
        None if !left.is_empty() && !is_upper_line(left) => (String::new(), left.to_string()),
        None => (left.to_string(), String::new()),
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::seg;
    use super::*;

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
            crate::extract::numbers::parse_date(&s.date.unwrap().text).as_deref(),
            Some("2021-09-15")
        );
        assert_eq!(s.body[0].label, "III");
        assert_eq!(s.body[1].kind, super::super::BlockKind::Numbered);
    }

    #[test]
    fn number_found_by_shape_whatever_its_label() {
        let cases = [
            (
                "$6: 980/KH-UBND —_Nghệ An, ngày 18 tháng 11 năm 2025",
                "980/KH-UBND",
                "Nghệ An",
            ),
            (
                "6: 235/KH-UBND Thanh Hóa, ngày 18 tháng 11 năm 2025",
                "235/KH-UBND",
                "Thanh Hóa",
            ),
            (
                "S6:0130/KH-UBND _ Đắk Lắk, ngày 21 tháng 11 năm 2025",
                "0130/KH-UBND",
                "Đắk Lắk",
            ),
            (
                "Sé: 12/QĐ-UBND ‘Hà Nội, ngày 2 tháng 1 năm 2025",
                "12/QĐ-UBND",
                "Hà Nội",
            ),
            (
                "Số 383-QĐ/TW Hà Nội, ngày 19 tháng 11 năm 2025",
                "383-QĐ/TW",
                "Hà Nội",
            ),
            (
                "Số: 11554/VPCP-V.I Hà Nội, ngày 25 tháng 11 năm 2025",
                "11554/VPCP-V.I",
                "Hà Nội",
            ),
            (
                "Số: 174/KH-UBND Thành phố Hồ Chí Minh, ngày 18 tháng 11 năm 2025",
                "174/KH-UBND",
                "Thành phố Hồ Chí Minh",
            ),
        ];
        for (line, number, place) in cases {
            let s = seg(&format!("ỦY BAN NHÂN DÂN\n{line}\nKẾ HOẠCH\nA\n"));
            assert_eq!(s.number.map(|p| p.text).as_deref(), Some(number), "{line}");
            assert_eq!(s.place.map(|p| p.text).as_deref(), Some(place), "{line}");
        }
    }

    #[test]
    fn page_columns_keep_places_whole() {
        let s = seg(
            "UBND THÀNH PHỐ HÀ          CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n\
             NỘI                           Độc lập - Tự do - Hạnh phúc\n\
             TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG\n\
             \n\
             Số: 1594/QĐ-TTPVHCC          Hà Nội, ngày 20 tháng 11 năm 2025\n\
             V/v hướng dẫn một việc\n\
             và việc khác\n\
             \n\
             Kính gửi: Sở Nội vụ.\n\
             \n\
             Nội dung.\n",
        );
        let block: Vec<&str> = s.issuer_block.iter().map(|p| p.text.as_str()).collect();
        assert_eq!(
            block,
            [
                "UBND THÀNH PHỐ HÀ",
                "NỘI",
                "TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG"
            ]
        );
        assert_eq!(s.place.unwrap().text, "Hà Nội");
        assert_eq!(
            s.subject.unwrap().text,
            "V/v hướng dẫn một việc và việc khác"
        );
        assert!(s.addressed.is_some());
        assert!(s.doc_type.is_none());
    }

    #[test]
    fn titles_in_capitals_run_to_their_end() {
        let s = seg("Số: 1/KH-UBND Huế, ngày 1 tháng 1 năm 2025\n\nKẾ HOẠCH\n\
             THỰC HIỆN CHỈ THỊ SỐ 27/CT-TTG NGÀY 15 THÁNG 8 NĂM 2024\n\
             VỀ CÔNG TÁC DÂN SỐ\n\nThực hiện Chỉ thị số 27/CT-TTg;\n");
        let t: Vec<&str> = s.title.iter().map(|p| p.text.as_str()).collect();
        assert_eq!(
            t,
            [
                "THỰC HIỆN CHỈ THỊ SỐ 27/CT-TTG NGÀY 15 THÁNG 8 NĂM 2024",
                "VỀ CÔNG TÁC DÂN SỐ"
            ]
        );
        let s = seg("KẾ HOẠCH\nTÀI CHÍNH 03 NĂM\nKính gửi: Hội đồng nhân dân tỉnh.\n\nCăn cứ a;\n");
        assert_eq!(s.title.len(), 1);
        assert!(s.addressed.is_some());
        let s = seg("QUYẾT BÌNH\nVỀ VIỆC A\n\nCăn cứ a;\n");
        assert_eq!(s.doc_type.unwrap().text, "QUYẾT BÌNH");
    }

    #[test]
    fn clean_place_drops_ocr_junk() {
        assert_eq!(clean_place("—_Cần Thơ"), "Cần Thơ");
        assert_eq!(clean_place("_ Đắk Lắk,"), "Đắk Lắk");
        assert_eq!(clean_place("%/KH-UBND Đồng Tháp"), "Đồng Tháp");
        assert_eq!(
            clean_place("Thành phố Hồ Chí Minh"),
            "Thành phố Hồ Chí Minh"
        );
    }

    #[test]
    fn letters_are_told_by_their_trich_yeu_and_addressee_under_ocr() {
        for subject in [
            "V/v hướng dẫn",
            "V/V: triển khai",
            "Viv thanh lap",
            "Vlv: tổ chức",
            "V/y gia hạn",
        ] {
            assert!(is_subject(&fold(subject)), "{subject}");
        }
        for not in ["Văn phòng", "Việt Nam", "Vĩnh Long"] {
            assert!(!is_subject(&fold(not)), "{not}");
        }
        for a in [
            "Kính gửi: Sở Y tế",
            "Kinh güri: Thué tinh",
            "Kinh giti: Bộ",
            "Kính giri:",
        ] {
            assert!(is_addressee(&fold(a)), "{a}");
        }
        assert!(!is_addressee(&fold("Kinh giao dục")));
        assert!(!is_addressee(&fold("Kinh tế")));
    }
}
