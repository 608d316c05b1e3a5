//! Folded views of text for matching, with a way back to the original bytes.
//!
//! Restored text can still carry a dropped mark or a `D` for `Đ`, so patterns and
//! dictionaries are matched on a *folded* copy (marks stripped, `đ` → `d`, lower case) and
//! every match is mapped back to a span of the original, whose spelling is what the record
//! reports. Folding is one char for one char (the same rule as `crate::text::fold_lower`,
//! applied per char so offsets can be kept).

use unicode_normalization::UnicodeNormalization;

/// One char folded: base letter without marks, lower case, `đ` → `d`.
pub fn fold_char(c: char) -> char {
    if c.is_ascii() {
        return c.to_ascii_lowercase();
    }
    match c {
        'đ' | 'Đ' | 'Ð' | 'ð' => return 'd',
        _ => {}
    }
    let base = std::iter::once(c).nfd().next().unwrap_or(c);
    base.to_lowercase().next().unwrap_or(base)
}

/// A string folded for matching.
pub fn fold(s: &str) -> String {
    s.chars().map(fold_char).collect()
}

/// A folded copy of a text with the original byte offset of every folded byte.
pub struct Folded {
    pub text: String,
    orig: Vec<usize>,
}

impl Folded {
    pub fn new(src: &str) -> Folded {
        let mut text = String::with_capacity(src.len());
        let mut orig = Vec::with_capacity(src.len() + 1);
        for (i, c) in src.char_indices() {
            let f = fold_char(c);
            for _ in 0..f.len_utf8() {
                orig.push(i);
            }
            text.push(f);
        }
        orig.push(src.len());
        Folded { text, orig }
    }

    /// The original byte offset of folded byte `i` (`i` may be the folded length).
    pub fn to_orig(&self, i: usize) -> usize {
        self.orig
            .get(i)
            .copied()
            .unwrap_or_else(|| self.orig.last().copied().unwrap_or(0))
    }

    /// The original byte range of a folded byte range.
    pub fn span(&self, r: std::ops::Range<usize>) -> std::ops::Range<usize> {
        self.to_orig(r.start)..self.to_orig(r.end)
    }
}

/// Whether `c` is part of a word (letters and digits of any script).
pub fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
}

/// Whether `s[start..end]` stands as whole words: no word char touches either end.
pub fn is_whole_word(s: &str, start: usize, end: usize) -> bool {
    let before = s[..start]
        .chars()
        .next_back()
        .is_none_or(|c| !is_word_char(c));
    let after = s[end..].chars().next().is_none_or(|c| !is_word_char(c));
    before && after
}

/// Whether two folded phrases differ by at most `max` edits: how restored text that
/// kept an OCR slip (`Bởi với` for `Đối với`, `Linh viee` for `Lĩnh vực`) is still read.
pub fn near(a: &str, b: &str, max: usize) -> bool {
    strsim::levenshtein(a, b) <= max
}

/// The first `n` words of `s`, folded and joined with single spaces, and the byte offset in
/// `s` where they end.
pub fn lead_words(s: &str, n: usize) -> (String, usize) {
    let mut words = Vec::new();
    let mut end = 0;
    let mut rest = s;
    let mut offset = 0;
    for _ in 0..n {
        let trimmed = rest.trim_start();
        offset += rest.len() - trimmed.len();
        let len = trimmed.find(char::is_whitespace).unwrap_or(trimmed.len());
        if len == 0 {
            break;
        }
        words.push(fold(&trimmed[..len]));
        offset += len;
        end = offset;
        rest = &trimmed[len..];
    }
    (words.join(" "), end)
}

/// Collapses runs of white space to one space and trims the ends.
pub fn squeeze(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// `s` with its first letter in lower case (a field value cut out of a sentence).
pub fn lower_first(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// `s` with its first letter in upper case.
pub fn upper_first(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Whether a line is written in capitals (the header and signature blocks): it has letters
/// and none of them is lower case.
pub fn is_upper_line(s: &str) -> bool {
    let mut letters = 0;
    for c in s.chars() {
        if c.is_lowercase() {
            return false;
        }
        if c.is_alphabetic() {
            letters += 1;
        }
    }
    letters > 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_marks_and_d() {
        let cases = [
            ("Đồng Tháp", "dong thap"),
            ("KẾ HOẠCH", "ke hoach"),
            ("Ủy ban", "uy ban"),
            ("“Số”", "“so”"),
        ];
        for (input, want) in cases {
            assert_eq!(fold(input), want, "{input}");
        }
    }

    #[test]
    fn folded_offsets_map_back() {
        let src = "Số: 75/KH-UBND Thái Nguyên";
        let f = Folded::new(src);
        let i = f.text.find("thai nguyen").unwrap();
        let r = f.span(i..i + "thai nguyen".len());
        assert_eq!(&src[r], "Thái Nguyên");
    }

    #[test]
    fn whole_words() {
        let s = "Bộ phận Bộ Y tế";
        assert!(!is_whole_word(s, 0, "Bộ p".len()));
        assert!(is_whole_word(s, 0, "Bộ".len()));
        assert!(is_upper_line("TM. ỦY BAN NHÂN DÂN"));
        assert!(!is_upper_line("Chí Linh"));
        assert_eq!(lower_first("Đối với"), "đối với");
        assert_eq!(
            lead_words("  Bởi vé6i x3, phường", 2),
            ("boi ve6i".to_string(), "  Bởi vé6i".len())
        );
        assert!(near("boi ve6i", "doi voi", 3));
    }
}
