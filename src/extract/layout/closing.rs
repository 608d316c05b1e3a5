//! The end of a document: `Nơi nhận` with its dash lines on the left, the signature block
//! (`TM. ỦY BAN NHÂN DÂN` / `KT. CHỦ TỊCH` / `PHÓ CHỦ TỊCH`, four blank lines, the name) on
//! the right, the two sharing lines.
//!
//! Where the page kept its spacing, the signature column starts where the cells that hold
//! offices and names start. Where OCR read the columns across, each line is split by what
//! its end holds: a run of capitals naming an office after the entry's `;`, or a person's
//! name (`- UBND các xã, phường; Lê Trường Sơn`). Neither side swallows the other.

use super::names::{name_shape, split_trailing_name, NameShape};
use super::page::Line;
use super::{join_line, piece, Piece, Segmenter, Segments};
use crate::extract::dict::Dictionaries;
use crate::extract::fold::{fold, is_upper_line, Folded};

/// Offices whose capitals make a line of the signature block.
const OFFICES: [&str; 8] = [
    "chu tich",
    "giam doc",
    "truong ban",
    "bi thu",
    "uy ban",
    "truong phong",
    "thu truong",
    "bo truong",
];

impl Segmenter {
    /// Reads `Nơi nhận` and the signature column beside it.
    pub(super) fn read_closing(&self, lines: &[Line], dict: &Dictionaries, seg: &mut Segments) {
        let sig_col = self.signature_column(lines, dict);
        let mut in_list = true;
        let mut last_open = false;
        // The filing line OCR read inside an entry (`…; - Lưu: VT`).
        let filing = regex!(r"[;,.]\s*[-+]?\s*luu\s*:");
        for (k, line) in lines.iter().enumerate() {
            let (mut left, right) = match sig_col {
                Some(col) => line.split_at_col(col.saturating_sub(2)),
                None => (line.text.clone(), String::new()),
            };
            if k == 0 {
                let f = fold(&left);
                if let Some(m) = self.closing.find(&f) {
                    let folded = Folded::new(&left);
                    left = left[folded.to_orig(m.end())..].trim().to_string();
                }
            }
            if !right.is_empty() && !self.signature_cell(&right, line, dict, seg) {
                // A note the page set far right (`(để báo cáo)`) belongs to its entry.
                left = format!("{left} {right}").trim().to_string();
            }
            let (left, sig) = self.split_signature(&left);
            if let Some(sig) = sig {
                seg.signature.push(piece(line, &sig));
            }
            let mut left = left.trim().to_string();
            if let Some((entry, name)) = split_trailing_name(&left, dict) {
                seg.signer_name = Some(piece(line, &name));
                left = entry;
            }
            // The filing line run into an entry (`…: + LĐVP, KGVXLinh; + Lưu: VT.`).
            let mut filed = false;
            if in_list {
                let f = Folded::new(&left);
                if let Some(m) = filing.find(&f.text) {
                    left = left[..f.to_orig(m.start() + 1)].trim().to_string();
                    filed = true;
                }
            }
            if left.is_empty() {
                in_list &= !filed;
                continue;
            }
            if in_list {
                let lf = fold(&left);
                if is_filing_line(&lf) {
                    in_list = false;
                    continue;
                }
                if let Some(c) = self.dash.captures(&left) {
                    let entry = c.get(1).map_or("", |m| m.as_str()).to_string();
                    last_open = !ends_entry(&entry);
                    seg.recipients.push(piece(line, &entry));
                    in_list = !filed;
                    continue;
                }
                let named = name_shape(&left, dict) == NameShape::Known;
                if last_open && !seg.recipients.is_empty() && !is_upper_line(&left) && !named {
                    if let Some(r) = seg.recipients.last_mut() {
                        join_line(&mut r.text, &left);
                        last_open = !ends_entry(&r.text);
                    }
                    in_list = !filed;
                    continue;
                }
                if seg.recipients.is_empty() && !named && !is_upper_line(&left) {
                    continue;
                }
                in_list = false;
            }
            self.signature_cell(&left, line, dict, seg);
        }
    }

    /// Where the signature column starts, if the page kept its spacing: the leftmost second
    /// cell that holds an office or a name.
    fn signature_column(&self, lines: &[Line], dict: &Dictionaries) -> Option<usize> {
        lines
            .iter()
            .filter(|l| l.cells.len() >= 2)
            .filter_map(|l| l.cells.last())
            .filter(|c| c.col >= 20 && self.is_signature_text(&c.text, dict))
            .map(|c| c.col)
            .min()
    }

    /// Whether a cell reads as part of the signature block.
    fn is_signature_text(&self, text: &str, dict: &Dictionaries) -> bool {
        let f = fold(text);
        (is_upper_line(text)
            && (self.authority.is_match(&f) || OFFICES.iter().any(|o| f.contains(o))))
            || dict.position_set.exact(text).is_some()
            || name_shape(text, dict) >= NameShape::Shaped
            || f.trim_matches(['(', ')', '.', ' ']) == "da ky"
    }

    /// Takes a cell of the signature column: an office line, a person's name, or the `(Đã
    /// ký)` mark. Returns whether it was one.
    fn signature_cell(
        &self,
        text: &str,
        line: &Line,
        dict: &Dictionaries,
        seg: &mut Segments,
    ) -> bool {
        let t = text
            .trim_start_matches(|c: char| !c.is_alphanumeric())
            .trim();
        if t.is_empty() {
            return false;
        }
        let f = fold(t);
        if f.trim_matches(['(', ')', '.', ' ']) == "da ky" {
            return true;
        }
        if is_upper_line(t) && name_shape(t, dict) < NameShape::Known {
            seg.signature.push(piece(line, t));
            return true;
        }
        if name_shape(t, dict) >= NameShape::Shaped {
            seg.signer_name = Some(piece(line, t));
            return true;
        }
        false
    }

    /// The signature block where there is no `Nơi nhận`: capital lines and a name at the
    /// very end of the text.
    pub(super) fn read_tail_signature(
        &self,
        lines: &[Line],
        dict: &Dictionaries,
        seg: &mut Segments,
    ) {
        let tail: Vec<&Line> = lines
            .iter()
            .rev()
            .filter(|l| !l.is_blank())
            .take(6)
            .collect();
        let mut sig: Vec<Piece> = Vec::new();
        for l in tail.iter().rev() {
            let f = fold(&l.text);
            let is_sig = is_upper_line(&l.text)
                && (self.authority.is_match(&f)
                    || f.starts_with("chu tich")
                    || f.starts_with("pho chu tich"));
            if is_sig {
                sig.push(piece(l, &l.text));
            } else if !sig.is_empty() && name_shape(&l.text, dict) >= NameShape::Shaped {
                seg.signer_name = Some(piece(l, &l.text));
            }
        }
        seg.signature = sig;
    }

    /// Cuts the signature column off a `Nơi nhận` line: a run of capital words after the
    /// entry's `;` or `:` that names an authority or an office.
    fn split_signature(&self, text: &str) -> (String, Option<String>) {
        let words: Vec<&str> = text.split_whitespace().collect();
        let mut start = words.len();
        // The run stops at the word that ends the entry (`…;`).
        while start > 0
            && is_upper_line(words[start - 1])
            && !words[start - 1].ends_with([';', ':'])
        {
            start -= 1;
        }
        // OCR's marks before the column (`~~ PHÓ CHỦ TỊCH`) are not part of the entry.
        while start < words.len() && !words[start].chars().any(char::is_alphanumeric) {
            start += 1;
        }
        // Capital abbreviations inside an entry (`Ban TĐKT TW`) are not a signature.
        if start == words.len() {
            return (text.to_string(), None);
        }
        let mut end_of_entry = start;
        while end_of_entry > 0 && !words[end_of_entry - 1].chars().any(char::is_alphanumeric) {
            end_of_entry -= 1;
        }
        let prev_ok = end_of_entry == 0
            || words[end_of_entry - 1].ends_with([';', ':', '.', ',', ')'])
            || words[..end_of_entry].iter().all(|w| w.starts_with('-'));
        let sig = words[start..].join(" ");
        let f = fold(&sig);
        // `TM.`, `KT.` open the signature block wherever they stand.
        let authority = self.authority.is_match(&f);
        let office = authority || OFFICES.iter().any(|k| f.contains(k));
        if (prev_ok || authority)
            && office
            && sig.chars().filter(|c| c.is_alphabetic()).count() >= 4
        {
            (words[..end_of_entry].join(" "), Some(sig))
        } else {
            (text.to_string(), None)
        }
    }
}

/// The filing line under `Nơi nhận` (`- Lưu: VT, NC.`), also with `Lưu` misread: a short
/// word, a colon and `VT` (văn thư).
fn is_filing_line(folded: &str) -> bool {
    let t = folded.trim_start_matches(|c: char| !c.is_alphanumeric());
    if t.starts_with("luu") {
        return true;
    }
    match t.split_once(':') {
        Some((head, tail)) => {
            head.trim().chars().count() <= 5 && tail.trim_start().starts_with("vt")
        }
        None => false,
    }
}

/// Whether a recipient entry is complete (ends with `;` or `.`).
fn ends_entry(t: &str) -> bool {
    let t = t.trim_end();
    t.ends_with([';', '.']) || t.ends_with(')')
}

#[cfg(test)]
mod tests {
    use super::super::tests::seg;
    use super::*;

    fn recipients(s: &Segments) -> Vec<&str> {
        s.recipients.iter().map(|p| p.text.as_str()).collect()
    }

    #[test]
    fn closing_splits_recipients_and_signature() {
        let s = seg("I. A\nx./.\nNơi nhận: TM. ỦY BAN NHÂN DÂN\n- Ban Thi đua - Khen thưởng Trung ương; CHỦ TỊCH\n\
             - Các đơn vị thành viên\ntrực thuộc tỉnh;\n- Ban TĐKT TW (báo cáo);\n- Lưu: VT, NC.\n\nPhạm Văn An\n ");
        assert_eq!(
            recipients(&s),
            [
                "Ban Thi đua - Khen thưởng Trung ương;",
                "Các đơn vị thành viên trực thuộc tỉnh;",
                "Ban TĐKT TW (báo cáo);"
            ]
        );
        let sig: Vec<&str> = s.signature.iter().map(|p| p.text.as_str()).collect();
        assert_eq!(sig, ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"]);
        assert_eq!(s.signer_name.unwrap().text, "Phạm Văn An");
    }

    #[test]
    fn closing_survives_a_misread_heading() {
        let s = seg(
            "I. A\nx./.\nNơi nhìn: TM. ỦY BAN NHÂN DÂN\n- Ban A; CHỦ TỊCH\n- Nơi B.\n\nLê Văn C\n",
        );
        assert_eq!(s.recipients.len(), 2);
        assert_eq!(s.signature.len(), 2);
        assert_eq!(s.signer_name.unwrap().text, "Lê Văn C");
    }

    #[test]
    fn a_name_sharing_a_recipient_line_is_the_signer() {
        // The page's spacing kept: the columns apart by position.
        let page = "I. A\nx./.\n\
            Nơi nhận:                                  KT. CHỦ TỊCH\n\
            - Văn phòng Chính phủ;                     PHÓ CHỦ TỊCH\n\
            - Bộ Công an;\n\
            - Chủ tịch, các PCT UBND tỉnh;\n\
            - Các Sở, ban, ngành;\n\
            - UBND các xã, phường;                     Lê Trường Sơn\n\
            - Lưu: VT.\n";
        // The same read across by OCR, with OCR's bullets.
        let ocr = "I. A\nx./.\nNơi nhận: KT. CHỦ TỊCH\n- Văn phòng Chính phủ; ~~ PHÓ CHỦ TỊCH\n\
            ~ Bộ Công an;\n= Chủ tịch, các PCT UBND tỉnh;\n» Các Sở, ban, ngành;\n\
            - UBND các xã, phường; Lê Trường Sơn\n- Lưu: VT.\n";
        for text in [page, ocr] {
            let s = seg(text);
            assert_eq!(
                recipients(&s),
                [
                    "Văn phòng Chính phủ;",
                    "Bộ Công an;",
                    "Chủ tịch, các PCT UBND tỉnh;",
                    "Các Sở, ban, ngành;",
                    "UBND các xã, phường;"
                ],
                "{text}"
            );
            let sig: Vec<&str> = s.signature.iter().map(|p| p.text.as_str()).collect();
            assert_eq!(sig, ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"], "{text}");
            assert_eq!(s.signer_name.unwrap().text, "Lê Trường Sơn");
        }
    }

    #[test]
    fn signature_words_after_a_note_or_without_a_semicolon() {
        let s = seg(
            "I. A\nx./.\nNơi nhận:\n- Văn phòng Chính phủ KT. CHỦ TỊCH\n\
             - Thường trực: Tỉnh ủy, HĐND tỉnh (để b/c) PHÓ CHỦ TỊCH\n\
             - VP UBND tỉnh: + LĐVP, KGVX; + Lưu: VT.\n\nHồ Thị Nguyên Thảo\n",
        );
        assert_eq!(
            recipients(&s),
            [
                "Văn phòng Chính phủ",
                "Thường trực: Tỉnh ủy, HĐND tỉnh (để b/c)",
                "VP UBND tỉnh: + LĐVP, KGVX;"
            ]
        );
        let sig: Vec<&str> = s.signature.iter().map(|p| p.text.as_str()).collect();
        assert_eq!(sig, ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]);
        assert_eq!(s.signer_name.unwrap().text, "Hồ Thị Nguyên Thảo");
    }

    #[test]
    fn notes_far_right_stay_with_their_entry() {
        let s = seg(
            "I. A\nx./.\nNơi nhận:\n- Ban TĐKT Trung ương;            (để báo cáo)\n\
             - Thường trực Tỉnh ủy;\n- Lưu: VT.\n\nCHỦ TỊCH\n\nTriệu Thế Hùng\n",
        );
        assert_eq!(
            recipients(&s),
            ["Ban TĐKT Trung ương; (để báo cáo)", "Thường trực Tỉnh ủy;"]
        );
        assert_eq!(s.signer_name.unwrap().text, "Triệu Thế Hùng");
    }
}
