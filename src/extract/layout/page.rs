//! The page as lines of cells.
//!
//! A printed administrative document sets two columns side by side twice: the agency
//! beside the country name and motto (with `Số: …` beside `…, ngày …`), and `Nơi nhận`
//! beside the signature block. In a text layer that kept the page's spacing, a wide gap of
//! spaces separates the two; OCR usually keeps only one space, so the readers split such
//! lines by what each side holds as well (see `header.rs` and `closing.rs`). A [`Line`]
//! keeps both views: its text with spaces squeezed, and its [`Cell`]s with the column each
//! starts at.

/// A run of text between wide gaps, and the column (in chars) where it starts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cell {
    pub col: usize,
    pub text: String,
}

/// One line of the page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    /// 1-based line number in the document.
    pub no: usize,
    /// The text with runs of white space squeezed to one space and the ends trimmed.
    pub text: String,
    /// The pieces between gaps of [`GAP`] spaces or more; one cell for an ordinary line,
    /// none for a blank one.
    pub cells: Vec<Cell>,
}

/// Spaces that separate two columns. Running text has single spaces and OCR residue at
/// most two (`chi  dao`), so three or more is a gap of the page's layout.
pub const GAP: usize = 3;

impl Line {
    /// Reads one line of text; a tab counts as a gap.
    pub fn new(no: usize, raw: &str) -> Line {
        let mut cells = Vec::new();
        let mut current = String::new();
        let mut start = 0;
        let mut spaces = 0;
        let mut col = 0;
        let push = |cells: &mut Vec<Cell>, current: &mut String, start: usize| {
            let t = super::super::fold::squeeze(current);
            if !t.is_empty() {
                cells.push(Cell {
                    col: start,
                    text: t,
                });
            }
            current.clear();
        };
        for c in raw.chars() {
            if c == '\t' {
                spaces = GAP;
            } else if c.is_whitespace() {
                spaces += 1;
            } else {
                if spaces >= GAP && !current.trim().is_empty() {
                    push(&mut cells, &mut current, start);
                }
                if current.trim().is_empty() {
                    current.clear();
                    start = col;
                } else if spaces > 0 {
                    current.push(' ');
                }
                spaces = 0;
                current.push(c);
            }
            col += if c == '\t' { 8 - col % 8 } else { 1 };
        }
        push(&mut cells, &mut current, start);
        Line {
            no,
            text: super::super::fold::squeeze(raw),
            cells,
        }
    }

    /// Whether the line holds nothing but white space.
    pub fn is_blank(&self) -> bool {
        self.text.is_empty()
    }

    /// The text of the cells that start before column `col`, and of those at or after it,
    /// each joined with single spaces.
    pub fn split_at_col(&self, col: usize) -> (String, String) {
        let join = |cells: Vec<&Cell>| {
            cells
                .iter()
                .map(|c| c.text.as_str())
                .collect::<Vec<_>>()
                .join(" ")
        };
        let (left, right): (Vec<&Cell>, Vec<&Cell>) = self.cells.iter().partition(|c| c.col < col);
        (join(left), join(right))
    }
}

/// The lines of a text.
pub fn lines(text: &str) -> Vec<Line> {
    text.lines()
        .enumerate()
        .map(|(i, l)| Line::new(i + 1, l))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wide_gaps_make_cells() {
        let l = Line::new(
            3,
            "Số: 174/KH-UBND      Thành phố Hồ Chí Minh, ngày 18 tháng 11",
        );
        assert_eq!(
            l.text,
            "Số: 174/KH-UBND Thành phố Hồ Chí Minh, ngày 18 tháng 11"
        );
        assert_eq!(
            l.cells,
            [
                Cell {
                    col: 0,
                    text: "Số: 174/KH-UBND".into()
                },
                Cell {
                    col: 21,
                    text: "Thành phố Hồ Chí Minh, ngày 18 tháng 11".into()
                }
            ]
        );
        let l = Line::new(1, "   chi  dao   ");
        assert_eq!(l.cells.len(), 1);
        assert_eq!(l.cells[0].col, 3);
        assert_eq!(l.cells[0].text, "chi dao");
        assert!(Line::new(1, "  \t ").cells.is_empty());
        assert!(Line::new(1, "").is_blank());
    }

    #[test]
    fn columns_split_by_position() {
        let l = Line::new(1, "- Bộ Nội vụ;                  PHÓ CHỦ TỊCH");
        assert_eq!(
            l.split_at_col(20),
            ("- Bộ Nội vụ;".to_string(), "PHÓ CHỦ TỊCH".to_string())
        );
        let l = Line::new(1, "                                 Trần Văn An");
        assert_eq!(
            l.split_at_col(20),
            (String::new(), "Trần Văn An".to_string())
        );
    }
}
