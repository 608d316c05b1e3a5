//! A person's name read back from a damaged page.
//!
//! The language model that restores marks knows names least: `Tuấn`, `Diệu`, `Trương` are
//! rare in running text, so a stripped `Truong Canh Tuyen` comes back as `Trường Cạnh
//! Tuyến`, and OCR's `Tuén` or `Bức` stay as they came. A name has a grammar of its own: a
//! surname, middle syllables and a given name, each drawn from a list whose frequencies
//! are known (dictionaries/names.tsv). Each syllable of a name on a damaged page is re-read
//! as the most common name syllable of its position with the same letters (`tuan` →
//! `Tuấn`), or, when no name syllable has them, one letter away (`tuen` → `Tuấn`).
//!
//! Only damaged pages are re-read: on a page restoration left untouched, the name is what
//! was printed, however rare. And a syllable the page itself showed marked, and that is a
//! name syllable of its position, is kept (`Hưng` stays `Hưng` on a page with other damage).

use super::dict::{one_letter_apart, NameRole, NameSyllables};
use super::fold::fold;

/// How common, against the most common spelling of the same letters at the same position,
/// restoration's spelling of a name syllable must be to stand: `Thành` (198 middle names)
/// stands against `Thanh` (437), `Thạnh` (never seen as a middle name) does not.
const KEEP_RESTORED: f64 = 0.4;

/// The name `restored` (its words as restoration left them) re-read with the name model;
/// `printed` are the same words as the page showed them before restoration, when they
/// could be aligned.
pub fn reread_name(restored: &str, printed: Option<&[&str]>, names: &NameSyllables) -> String {
    let words: Vec<&str> = restored.split_whitespace().collect();
    let printed = printed.filter(|p| p.len() == words.len());
    let n = words.len();
    words
        .iter()
        .enumerate()
        .map(|(i, w)| {
            let role = NameRole::of(i, n);
            let seen = printed.map(|p| p[i]);
            match reread_syllable(w, seen, role, names) {
                Some(s) => with_case_of(&s, w),
                None => w.to_string(),
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// The words of the name `name` standing on line `line` (1-based) of `restored`, as the
/// same line of `printed` (the text before restoration) shows them: restoration keeps the
/// layout, so a line's words are the same in number and order unless it split or joined
/// some, and then there is nothing to align.
pub fn printed_words<'p>(
    restored: &str,
    printed: &'p str,
    line: usize,
    name: &str,
) -> Option<Vec<&'p str>> {
    let r: Vec<&str> = restored
        .lines()
        .nth(line.checked_sub(1)?)?
        .split_whitespace()
        .collect();
    let p: Vec<&str> = printed.lines().nth(line - 1)?.split_whitespace().collect();
    let n: Vec<&str> = name.split_whitespace().collect();
    if r.len() != p.len() || n.is_empty() {
        return None;
    }
    // The name's words may carry the column's punctuation on the page (`phường; Lê`).
    let at = (0..=r.len().checked_sub(n.len())?).rev().find(|&i| {
        r[i..i + n.len()]
            .iter()
            .zip(&n)
            .all(|(a, b)| a.ends_with(b))
    })?;
    Some(p[at..at + n.len()].to_vec())
}

/// The spelling (lower case) one syllable of a name should have, or `None` to keep it.
fn reread_syllable(
    restored: &str,
    printed: Option<&str>,
    role: NameRole,
    names: &NameSyllables,
) -> Option<String> {
    if !restored.chars().all(char::is_alphabetic) {
        return None;
    }
    // What the page showed marked and is a name of its position stands.
    if let Some(p) = printed {
        if !p.is_ascii() && names.count(role, p).is_some() {
            return (p != restored).then(|| p.to_lowercase());
        }
    }
    // Without the page's own letters, restoration's choice among a name's spellings stands.
    if printed.is_none() && names.count(role, restored).is_some() {
        return None;
    }
    // The letters the page showed: those before restoration when they are plain letters
    // (a stripped page), else restoration's.
    let source = printed
        .filter(|p| p.chars().all(char::is_alphabetic))
        .unwrap_or(restored);
    let folded = fold(source);
    if let Some((best, most)) = names.spellings(role, &folded).first() {
        // Restoration chose in context (`Thị Nguyên`): its choice stands when it is a
        // common enough spelling of the position, else the most common one is likelier.
        let kept = names
            .count(role, restored)
            .is_some_and(|n| n as f64 >= KEEP_RESTORED * f64::from(*most));
        return (!kept).then(|| best.clone());
    }
    if names.count(role, restored).is_some() {
        return None;
    }
    // A letter misread: one substitution away from a name syllable of the position. Short
    // syllables have too many neighbours to tell (`He` is one letter from Hồ and from Lê).
    // Both the page's letters and restoration's are tried (`Bite` → `Bức` → `Đức`).
    let tried: Vec<String> = [folded, fold(restored)]
        .into_iter()
        .filter(|f| f.chars().count() >= 3)
        .collect();
    let near = names
        .folded_at(role)
        .filter(|f| tried.iter().any(|t| one_letter_apart(f, t)))
        .filter_map(|f| names.spellings(role, f).first())
        .max_by(|a, b| a.1.cmp(&b.1).then_with(|| b.0.cmp(&a.0)))?;
    Some(near.0.clone())
}

/// `spelled` (lower case) in the case of `like`: all capitals or capitalised.
fn with_case_of(spelled: &str, like: &str) -> String {
    let all_caps = like.chars().count() > 1 && like.chars().all(|c| !c.is_lowercase());
    if all_caps {
        return spelled.to_uppercase();
    }
    let mut cs = spelled.chars();
    match cs.next() {
        Some(c) => c.to_uppercase().chain(cs).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::dict::Dictionaries;

    fn reread(restored: &str, printed: &str) -> String {
        let d = Dictionaries::load().unwrap();
        let p: Vec<&str> = printed.split_whitespace().collect();
        reread_name(restored, Some(&p), &d.names)
    }

    #[test]
    fn stripped_names_take_the_common_spelling_of_their_position() {
        // Restoration's guesses from running text, against the page's plain letters.
        assert_eq!(
            reread("Trường Cạnh Tuyến", "Truong Canh Tuyen"),
            "Trương Cảnh Tuyến"
        );
        assert_eq!(reread("Vô Tận Đức", "Vo Tan Duc"), "Võ Tấn Đức");
        assert_eq!(reread("Bùi Thạnh An", "Bui Thanh An"), "Bùi Thanh An");
        assert_eq!(
            reread("Nguyễn Thành Điều", "Nguyen Thanh Dieu"),
            "Nguyễn Thành Diệu"
        );
    }

    #[test]
    fn a_misread_letter_is_read_back() {
        assert_eq!(
            reread("Huỳnh Minh Tuén", "Huỳnh Minh Tuén"),
            "Huỳnh Minh Tuấn"
        );
        assert_eq!(
            reread("Trtong Cảnh Tuyến", "Trtong Cảnh Tuyến"),
            "Trương Cảnh Tuyến"
        );
        // Two letters are too few to tell which name was meant.
        assert_eq!(reread("Hệ Văn Hùng", "He Van Hung"), "Hệ Văn Hùng");
    }

    #[test]
    fn a_marked_name_syllable_the_page_showed_stands() {
        // `Hưng` is less common than `Hùng`, but the page printed it.
        assert_eq!(reread("Trần Văn Hưng", "Trần Văn Hưng"), "Trần Văn Hưng");
        assert_eq!(
            reread("HỒ Thị Nguyên Thảo", "HỒ Thị Nguyên Thảo"),
            "HỒ Thị Nguyên Thảo"
        );
    }
}
