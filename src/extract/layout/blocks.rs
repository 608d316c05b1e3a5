//! The body as blocks: one per labelled item (`I.`, `1.`, `a)`, `-`) or paragraph, its
//! lines joined. A block's rank (its [`BlockKind`]) gives the document's outline.

use super::page::Line;
use super::{is_rule, join_line, Block, BlockKind, Segmenter};
use crate::extract::fold::is_upper_line;

impl Segmenter {
    /// Joins body lines into blocks.
    pub(super) fn blocks(&self, lines: &[Line]) -> Vec<Block> {
        let mut out: Vec<Block> = Vec::new();
        let mut open = false; // whether the last block may take continuation lines
        for (i, line) in lines.iter().enumerate() {
            let t = line.text.as_str();
            if t.is_empty() || is_page_number(t) || is_rule(t) {
                continue;
            }
            let next_upper = lines[i + 1..]
                .iter()
                .find(|l| !l.text.is_empty() && !is_page_number(&l.text))
                .is_some_and(|l| {
                    // The next line opens a sentence or an item (`a) …` is lower case).
                    l.text
                        .starts_with(|c: char| c.is_uppercase() || is_bullet(c))
                        || self.label(&l.text).is_some()
                });
            // `- xã hội …` after an unfinished line is the rest of a compound
            // (`chính trị - xã hội`), not an item: items start with a capital.
            let compound = open
                && t.starts_with('-')
                && t[1..].trim_start().starts_with(|c: char| c.is_lowercase())
                && out.last().is_some_and(|b| !ends_sentence(&b.text));
            if let Some((kind, label, rest)) = self.label(t).filter(|_| !compound) {
                // A Roman heading wrapped onto the next line continues in capitals.
                let heading = kind == BlockKind::Section
                    || (rest.chars().count() < 60 && !ends_sentence(rest) && next_upper);
                out.push(Block {
                    kind,
                    label,
                    line: line.no,
                    text: rest.to_string(),
                    heading,
                });
                open = !heading || kind == BlockKind::Section;
                continue;
            }
            // After a blank line, `Căn cứ …`, `Thực hiện …` open a paragraph of their own
            // even where the one above did not end its sentence (`Kính gửi: …`).
            let after_blank = i > 0 && lines[i - 1].is_blank();
            let opens = after_blank && self.preamble_start.is_match(&crate::extract::fold::fold(t));
            let continues = match out.last() {
                Some(b) if b.kind == BlockKind::Section => is_upper_line(t),
                Some(b) => open && !ends_sentence(&b.text) && !opens,
                None => false,
            };
            if continues {
                if let Some(b) = out.last_mut() {
                    join_line(&mut b.text, t);
                }
            } else {
                out.push(Block {
                    kind: BlockKind::Para,
                    label: String::new(),
                    line: line.no,
                    text: t.to_string(),
                    heading: false,
                });
                open = true;
            }
        }
        out
    }

    /// The label of a line, if it starts an item.
    pub(super) fn label<'a>(&self, t: &'a str) -> Option<(BlockKind, String, &'a str)> {
        if let Some(c) = self.section.captures(t).filter(|_| !super::is_vv(t)) {
            let rest = c.get(2).map_or("", |m| m.as_str());
            if rest.chars().next().is_some_and(|ch| ch.is_uppercase()) && is_upper_line(rest) {
                let label = c.get(1).map_or("", |m| m.as_str());
                // OCR reads I as 1, l or | (`I11.` is III): a Roman label needs one real
                // Roman letter, or to be a lone `|`.
                if label == "|" || label.contains(['I', 'V', 'X']) {
                    let label = label.replace(['1', 'l', '|'], "I");
                    return Some((BlockKind::Section, label, rest));
                }
            }
        }
        for (re, kind) in [
            (&self.numbered, BlockKind::Numbered),
            (&self.lettered, BlockKind::Lettered),
        ] {
            if let Some(c) = re.captures(t) {
                let label = c.get(1).map_or("", |m| m.as_str()).to_string();
                let rest = c.get(2).map_or("", |m| m.as_str());
                return Some((kind, label, rest));
            }
        }
        self.dash.captures(t).map(|c| {
            (
                BlockKind::Dash,
                "-".to_string(),
                c.get(1).map_or("", |m| m.as_str()),
            )
        })
    }
}

/// A character that starts a dash item: a dash, or what OCR reads one as.
pub(super) fn is_bullet(c: char) -> bool {
    matches!(
        c,
        '-' | '–' | '—' | '•' | '+' | '*' | '~' | '=' | '»' | '·' | '◦' | '▪' | '●'
    )
}

/// Whether a block's text ends a sentence (so the next unlabelled line is a new paragraph).
fn ends_sentence(t: &str) -> bool {
    let t = t.trim_end_matches(['"', '”', '’', ')', ' ']);
    t.ends_with(['.', ':', ';', '!', '?'])
}

/// A page number alone on its line.
fn is_page_number(t: &str) -> bool {
    let t = t.trim_matches(['-', ' ']);
    !t.is_empty() && t.len() <= 3 && t.chars().all(|c| c.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::super::tests::seg;
    use super::*;

    #[test]
    fn blocks_join_lines_and_find_headings() {
        let s = seg(
            "KẾ HOẠCH\nX\nCăn cứ a;\nI. NỘI DUNG\n1. Mục đích\n- Một hai\nba bốn.\n\
             a) Tập thể: Cơ quan, đơn vị\n\ntrên địa bàn.\nĐoạn mới.\n",
        );
        let kinds: Vec<(BlockKind, bool, &str)> = s
            .body
            .iter()
            .map(|b| (b.kind, b.heading, b.text.as_str()))
            .collect();
        assert_eq!(
            kinds,
            [
                (BlockKind::Section, true, "NỘI DUNG"),
                (BlockKind::Numbered, true, "Mục đích"),
                (BlockKind::Dash, false, "Một hai ba bốn."),
                (
                    BlockKind::Lettered,
                    false,
                    "Tập thể: Cơ quan, đơn vị trên địa bàn."
                ),
                (BlockKind::Para, false, "Đoạn mới."),
            ]
        );
    }
}
