//! Letter case of a word as a value: read it off one word, put it on another. The restorer
//! decides on lower-case syllables and gives each the case of the token it replaces.

/// The case pattern of a word, judged on its letters only.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Case {
    /// No upper-case letter (also: no letters at all).
    Lower,
    /// First letter upper case, the rest lower (also: a single upper-case letter).
    Title,
    /// Two or more letters, all upper case.
    Upper,
    /// Anything else (`TTg`, `iPhone`, OCR's `ThANH`).
    Other,
}

impl Case {
    /// The case pattern of `word`.
    pub fn of(word: &str) -> Case {
        let mut letters = 0usize;
        let mut uppers = 0usize;
        let mut first_upper = false;
        for c in word.chars() {
            if !super::letters::is_alphabetic(c) {
                continue;
            }
            let upper = c.is_uppercase();
            if letters == 0 {
                first_upper = upper;
            }
            letters += 1;
            uppers += usize::from(upper);
        }
        match (uppers, first_upper) {
            (0, _) => Case::Lower,
            (1, true) => Case::Title,
            (n, _) if n == letters => Case::Upper,
            _ => Case::Other,
        }
    }

    /// `word` in this case; `Other` leaves it as it is.
    pub fn apply(self, word: &str) -> String {
        match self {
            Case::Lower => word.to_lowercase(),
            Case::Upper => word.to_uppercase(),
            Case::Title => {
                let mut out = String::with_capacity(word.len());
                let mut seen_letter = false;
                for c in word.chars() {
                    if c.is_alphabetic() && !seen_letter {
                        seen_letter = true;
                        out.extend(c.to_uppercase());
                    } else {
                        out.extend(c.to_lowercase());
                    }
                }
                out
            }
            Case::Other => word.to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_case() {
        let cases = [
            ("người", Case::Lower),
            ("Người", Case::Title),
            ("NGƯỜI", Case::Upper),
            ("TTg", Case::Other),
            ("A", Case::Title),
            ("2021", Case::Lower),
            ("Đ", Case::Title),
            ("ĐẢNG", Case::Upper),
            ("S6105", Case::Title),
            ("QĐ-TTg", Case::Other),
        ];
        for (word, want) in cases {
            assert_eq!(Case::of(word), want, "{word}");
        }
    }

    #[test]
    fn applies_case() {
        assert_eq!(Case::Title.apply("đồng"), "Đồng");
        assert_eq!(Case::Upper.apply("quyết"), "QUYẾT");
        assert_eq!(Case::Lower.apply("ỦY"), "ủy");
        assert_eq!(Case::Other.apply("TTg"), "TTg");
        assert_eq!(Case::Title.apply("ỦY"), "Ủy");
    }
}
