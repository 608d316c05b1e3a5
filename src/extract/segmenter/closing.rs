//! The end of a document: `Nơi nhận` with its dash lines, and the signature column that
//! OCR mixes into them (`- Ban …; CHỦ TỊCH`) or that closes the text on its own.

use super::{Piece, Segmenter, Segments};
use crate::extract::fold::{fold, is_upper_line, Folded};
use crate::extract::segmenter::join_line;

impl Segmenter {
    /// Reads `Nơi nhận` and the signature column that OCR mixes into it.
    pub(super) fn read_closing(&self, lines: &[Piece], seg: &mut Segments) {
        let mut in_list = true;
        let mut last_open = false;
        for line in lines {
            let mut text = line.text.clone();
            let f = fold(&text);
            if let Some(m) = self.closing.find(&f) {
                let folded = Folded::new(&text);
                text = text[folded.to_orig(m.end())..].trim().to_string();
            }
            let (left, sig) = self.split_signature(&text);
            if let Some(sig) = sig {
                seg.signature.push(Piece {
                    line: line.line,
                    text: sig,
                });
            }
            let left = left.trim();
            if left.is_empty() {
                continue;
            }
            let lf = fold(left);
            if in_list {
                if is_filing_line(&lf) {
                    in_list = false;
                    continue;
                }
                if let Some(c) = self.dash.captures(left) {
                    let entry = c.get(1).map_or("", |m| m.as_str()).to_string();
                    last_open = !ends_entry(&entry);
                    seg.recipients.push(Piece {
                        line: line.line,
                        text: entry,
                    });
                    continue;
                }
                if last_open && !seg.recipients.is_empty() && !is_upper_line(left) {
                    if let Some(r) = seg.recipients.last_mut() {
                        join_line(&mut r.text, left);
                        last_open = !ends_entry(&r.text);
                    }
                    continue;
                }
                if seg.recipients.is_empty() {
                    continue;
                }
                in_list = false;
            }
            if is_upper_line(left) {
                seg.signature.push(Piece {
                    line: line.line,
                    text: left.to_string(),
                });
            } else if looks_like_name(left) {
                seg.signer_name = Some(Piece {
                    line: line.line,
                    text: left.to_string(),
                });
            }
        }
    }

    /// The signature block where there is no `Nơi nhận`: capital lines and a name at the
    /// very end of the text.
    pub(super) fn read_tail_signature(&self, lines: &[Piece], seg: &mut Segments) {
        let tail: Vec<&Piece> = lines
            .iter()
            .rev()
            .filter(|l| !l.text.is_empty())
            .take(6)
            .collect();
        let mut sig = Vec::new();
        for l in tail.iter().rev() {
            let f = fold(&l.text);
            let is_sig = is_upper_line(&l.text)
                && (self.authority.is_match(&f)
                    || f.starts_with("chu tich")
                    || f.starts_with("pho chu tich"));
            if is_sig {
                sig.push((*l).clone());
            } else if !sig.is_empty() && looks_like_name(&l.text) {
                seg.signer_name = Some((*l).clone());
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
        // Capital abbreviations inside an entry (`Ban TĐKT TW`) are not a signature.
        if start == words.len() {
            return (text.to_string(), None);
        }
        let prev_ok = start == 0
            || words[start - 1].ends_with([';', ':', '.', ','])
            || words[..start].iter().all(|w| w.starts_with('-'));
        let sig = words[start..].join(" ");
        let f = fold(&sig);
        let office = self.authority.is_match(&f)
            || [
                "chu tich",
                "giam doc",
                "truong ban",
                "bi thu",
                "uy ban",
                "truong phong",
            ]
            .iter()
            .any(|k| f.contains(k));
        if prev_ok && office && sig.chars().filter(|c| c.is_alphabetic()).count() >= 4 {
            (words[..start].join(" "), Some(sig))
        } else {
            (text.to_string(), None)
        }
    }
}

/// The filing line under `Nơi nhận` (`- Lưu: VT, NC.`), also with `Lưu` misread: a short
/// word, a colon and `VT` (văn thư).
fn is_filing_line(folded: &str) -> bool {
    let t = folded.trim_start_matches(['-', ' ']);
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

/// A person's name: two to six capitalised words, no digits or list punctuation.
pub fn looks_like_name(t: &str) -> bool {
    let words: Vec<&str> = t.split_whitespace().collect();
    (2..=6).contains(&words.len())
        && words.iter().all(|w| {
            let mut cs = w.chars();
            cs.next().is_some_and(|c| c.is_uppercase())
                && cs.all(|c| c.is_alphabetic() && c.is_lowercase())
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seg(text: &str) -> Segments {
        Segmenter::new().segment(text)
    }

    #[test]
    fn closing_splits_recipients_and_signature() {
        let s = seg("I. A\nx./.\nNơi nhận: TM. ỦY BAN NHÂN DÂN\n- Ban Thi đua - Khen thưởng Trung ương; CHỦ TỊCH\n\
             - Các đơn vị thành viên\ntrực thuộc tỉnh;\n- Ban TĐKT TW (báo cáo);\n- Lưu: VT, NC.\n\nPhạm Văn An\n ");
        let r: Vec<&str> = s.recipients.iter().map(|p| p.text.as_str()).collect();
        assert_eq!(
            r,
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
}
