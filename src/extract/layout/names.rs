//! People's names: the signer's name closes the signature block, often on the same line as
//! a recipient of the `Nơi nhận` column when OCR read the two columns across
//! (`- UBND các xã, phường; Lê Trường Sơn`). A name is told by its shape (two to five
//! capitalised syllables) and by what it is made of: a known surname first, then middle and
//! given name syllables (dictionaries/names.tsv, compared folded, since restoration may
//! leave a mark wrong in a rare name).

use crate::extract::dict::Dictionaries;

/// How sure a run of words is a person's name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum NameShape {
    /// Not a name.
    No,
    /// Capitalised words that could be a name.
    Shaped,
    /// A known surname followed by known name syllables.
    Known,
}

/// Judges `text` as a person's name.
pub fn name_shape(text: &str, dict: &Dictionaries) -> NameShape {
    let words: Vec<&str> = text.split_whitespace().collect();
    if !(2..=5).contains(&words.len()) {
        return NameShape::No;
    }
    let all_caps = words.iter().all(|w| w.chars().all(|c| !c.is_lowercase()));
    // Each word capitalised, or all in capitals (OCR reads a capital surname: `HỒ Thị`).
    let shaped = words.iter().all(|w| {
        let mut cs = w.chars();
        cs.next().is_some_and(|c| c.is_uppercase())
            && w.chars().all(char::is_alphabetic)
            && (cs.clone().all(|c| c.is_lowercase()) || cs.all(|c| c.is_uppercase()))
    });
    // An office in capitals (`PHÓ CHỦ TỊCH`) is made of syllables that are names too.
    if !shaped || dict.position_set.exact(text).is_some() {
        return NameShape::No;
    }
    let names = &dict.names;
    let rest_known = words[1..]
        .iter()
        .filter(|w| names.is_name_syllable(w) || names.is_surname(w))
        .count();
    // One syllable the lists lack (a rare given name, a mark left wrong) is allowed in a
    // longer name written in running case.
    let enough = rest_known + 1 >= words.len()
        || (!all_caps && words.len() >= 3 && rest_known + 2 >= words.len());
    // A surname with one letter misread (`Bài` for Bùi) still opens a name whose other
    // syllables are all names.
    let near = !all_caps
        && words.len() >= 3
        && rest_known + 1 == words.len()
        && names.near_surname(words[0]);
    if (names.is_surname(words[0]) && enough) || near {
        NameShape::Known
    } else if all_caps && words.len() < 3 {
        // `CHỦ TỊCH`, `UBND TỈNH`: capitals need the name syllables to be a name.
        NameShape::No
    } else {
        NameShape::Shaped
    }
}

/// Splits a person's name off the end of a line (`… phường; Lê Trường Sơn`): the line
/// without it and the name. The name must follow the end of an entry (`;`, `:`, `.`, `,`)
/// and be a known surname with known name syllables.
pub fn split_trailing_name(text: &str, dict: &Dictionaries) -> Option<(String, String)> {
    let cut = text.rfind([';', ':'])?;
    // OCR's marks between the columns (`; ‘Trương …`, `;__ Nguyễn …`).
    let tail = text[cut + 1..]
        .trim_start_matches(|c: char| !c.is_alphanumeric())
        .trim();
    (name_shape(tail, dict) == NameShape::Known)
        .then(|| (text[..=cut].trim_end().to_string(), tail.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_by_shape_and_syllables() {
        let d = Dictionaries::load().unwrap();
        assert_eq!(name_shape("Trần Thị Diệu Thúy", &d), NameShape::Known);
        assert_eq!(name_shape("Lê Trường Sơn", &d), NameShape::Known);
        // A mark left wrong by restoration does not hide a name.
        assert_eq!(name_shape("Vô Tận Bức", &d), NameShape::Known);
        assert_eq!(name_shape("Các Sở", &d), NameShape::Shaped);
        assert_eq!(name_shape("CHỦ TỊCH", &d), NameShape::No);
        assert_eq!(name_shape("Sở Nội vụ", &d), NameShape::No);
        assert_eq!(name_shape("Phòng: TH, VX", &d), NameShape::No);
        assert_eq!(name_shape("Nguyễn", &d), NameShape::No);
        assert_eq!(name_shape("HỒ Thị Nguyên Thảo", &d), NameShape::Known);
        assert_eq!(name_shape("Bài Thanh An", &d), NameShape::Known);
    }

    #[test]
    fn trailing_names_split_off() {
        let d = Dictionaries::load().unwrap();
        assert_eq!(
            split_trailing_name("- TTUB: CT, các PCT; Trần Thị Diệu Thúy", &d),
            Some((
                "- TTUB: CT, các PCT;".to_string(),
                "Trần Thị Diệu Thúy".to_string()
            ))
        );
        assert_eq!(split_trailing_name("- Sở Tài chính; Sở Nội vụ", &d), None);
        assert_eq!(split_trailing_name("- Văn phòng Chính phủ;", &d), None);
    }
}
