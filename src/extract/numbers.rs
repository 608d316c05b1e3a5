//! Document numbers and dates in their official form.
//!
//! A number and symbol (số, ký hiệu) is `749/QĐ-TTg` for a state document, `91/2017/NĐ-CP`
//! for a legal one with its year, and `06-NQ/TU` for a Party document (Quy định 66-QĐ/TW).
//! OCR and imperfect restoration leave `749/QPb- TTg`, `04/NQTU`, `1683QĐ-UBND`, `52 NQ/TW`;
//! [`canonical_number`] rebuilds the official form, checking each symbol part against the
//! dictionaries (`QD` → `QĐ`, a glued `NQTU` → `NQ` + `TU`).

use super::dict::Dictionaries;
use super::fold::fold;

/// The official form of a raw number, or `None` if it has no digits or no symbol.
pub fn canonical_number(raw: &str, dict: &Dictionaries) -> Option<String> {
    let s: String = raw.chars().filter(|c| !c.is_whitespace()).collect();
    let digits: String = s.chars().take_while(|c| c.is_ascii_digit()).collect();
    if digits.is_empty() || digits.len() > 6 {
        return None;
    }
    let mut rest = &s[digits.len()..];
    let mut year = None;
    if let Some(r) = rest.strip_prefix('/') {
        let y: String = r.chars().take_while(|c| c.is_ascii_digit()).collect();
        if y.len() == 4 {
            year = Some(y.clone());
            rest = &r[4..];
        }
    }
    let rest = rest.trim_start_matches(['/', '-', '.']);
    let rest = rest.trim_end_matches(['/', '-', '.', ',', ';', ':', ')']);
    let mut parts: Vec<String> = rest
        .split(['/', '-'])
        .filter(|p| !p.is_empty())
        .map(|p| fix_part(p, dict))
        .collect();
    if parts.is_empty() || !parts[0].chars().any(|c| c.is_alphabetic()) {
        return None;
    }
    if parts.len() == 1 {
        if let Some((a, b)) = split_glued(&parts[0], dict) {
            parts = vec![a, b];
        }
    }
    // A symbol is abbreviations: some part is a known one, or every part is in capitals.
    let known = parts.iter().any(|p| dict.canonical_symbol(p).is_some());
    let capitals = parts.iter().all(|p| {
        p.chars()
            .all(|c| c.is_uppercase() || c.is_ascii_digit() || c == '&')
    });
    if !known && !capitals {
        return None;
    }
    let party = parts.len() >= 2
        && parts
            .last()
            .and_then(|p| dict.body_by_symbol(p))
            .is_some_and(|b| {
                b.kind.starts_with("party")
                    && dict
                        .canonical_symbol(parts.last().map_or("", |s| s))
                        .is_some()
            })
        && year.is_none();
    Some(if party {
        format!("{digits}-{}", parts.join("/"))
    } else {
        match year {
            Some(y) => format!("{digits}/{y}/{}", parts.join("-")),
            None => format!("{digits}/{}", parts.join("-")),
        }
    })
}

/// One symbol part in its official spelling: as a known symbol, or after undoing the OCR
/// readings of `Đ` (`D`, `P`, `Pb`, `B`) when that yields a known symbol.
fn fix_part(part: &str, dict: &Dictionaries) -> String {
    if let Some(k) = dict.canonical_symbol(part) {
        return k;
    }
    for bad in ["Pb", "P", "B", "b", "Ð"] {
        if part.contains(bad) {
            let cand = part.replacen(bad, "Đ", 1);
            if let Some(k) = dict.canonical_symbol(&cand) {
                return k;
            }
        }
    }
    // An unknown part keeps its letters; `D` inside a `…DKT` run is the `Đ` of `Thi đua`.
    part.replace("TDKT", "TĐKT")
}

/// Splits a symbol whose separator OCR lost (`NQTU`) into a type and an issuer.
fn split_glued(part: &str, dict: &Dictionaries) -> Option<(String, String)> {
    let chars: Vec<char> = part.chars().collect();
    for cut in (1..chars.len()).rev() {
        let a: String = chars[..cut].iter().collect();
        let b: String = chars[cut..].iter().collect();
        if dict.doc_type_by_abbr(&a).is_some() {
            if let Some(bs) = dict.canonical_symbol(&b) {
                if dict.body_by_symbol(&bs).is_some() {
                    let a = dict.canonical_symbol(&a).unwrap_or(a);
                    return Some((a, bs));
                }
            }
        }
    }
    None
}

/// An ISO date from day, month and year strings, if they make a real date.
pub fn iso_date(day: &str, month: &str, year: &str) -> Option<String> {
    let d: u32 = day.parse().ok()?;
    let m: u32 = month.parse().ok()?;
    let y: i32 = year.parse().ok()?;
    let days = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        2 => 28,
        _ => return None,
    };
    if !(1945..=2100).contains(&y) || d == 0 || d > days {
        return None;
    }
    Some(format!("{y:04}-{m:02}-{d:02}"))
}

/// The date of a `ngày 15 tháng 9 năm 2021` or `ngày 03/6/2020` phrase.
pub fn parse_date(text: &str) -> Option<String> {
    // OCR reads 1 as l or | next to digits (`ngayl5`).
    let chars: Vec<char> = fold(text).chars().collect();
    let f: String = chars
        .iter()
        .enumerate()
        .map(|(i, &c)| {
            let digit_near = chars.get(i + 1).is_some_and(|n| n.is_ascii_digit())
                || (i > 0 && chars[i - 1].is_ascii_digit());
            if matches!(c, 'l' | '|') && digit_near {
                '1'
            } else {
                c
            }
        })
        .collect();
    let nums: Vec<&str> = f
        .split(|c: char| !c.is_ascii_digit())
        .filter(|s| !s.is_empty())
        .collect();
    if nums.len() < 3 {
        return None;
    }
    iso_date(nums[0], nums[1], nums[2])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn official_forms() {
        let d = Dictionaries::load().unwrap();
        let cases = [
            ("749/QĐ-TTg", "749/QĐ-TTg"),
            ("749/QPb- TTg", "749/QĐ-TTg"),
            ("749/QD-TTg", "749/QĐ-TTg"),
            ("04/NQTU", "04-NQ/TU"),
            ("04- NQ/TU", "04-NQ/TU"),
            ("1683QĐ-UBND", "1683/QĐ-UBND"),
            ("52 NQ/TW", "52-NQ/TW"),
            ("52-NQ/TW", "52-NQ/TW"),
            ("91/2017/NĐ-CP", "91/2017/NĐ-CP"),
            ("91/2017/ND-CP", "91/2017/NĐ-CP"),
            ("619/SNV-BTDKT", "619/SNV-BTĐKT"),
            ("105 /KH-UBND", "105/KH-UBND"),
            ("50/NQ-CP", "50/NQ-CP"),
            ("1726/QĐ-BTTTT", "1726/QĐ-BTTTT"),
        ];
        for (raw, want) in cases {
            assert_eq!(canonical_number(raw, &d).as_deref(), Some(want), "{raw}");
        }
        for raw in ["", "abc", "2021", "12/2021", "10 Bằng"] {
            assert_eq!(canonical_number(raw, &d), None, "{raw}");
        }
    }

    #[test]
    fn dates() {
        let cases = [
            ("ngày 15 tháng 9 năm 2021", Some("2021-09-15")),
            ("ngày 03/6/2020", Some("2020-06-03")),
            ("ngay07 thang 6 nam 2022", Some("2022-06-07")),
            ("ngayl5 thing 9 ndam 2021", Some("2021-09-15")),
            ("ngày 31 tháng 2 năm 2021", None),
            ("ngày tháng năm 2021", None),
        ];
        for (text, want) in cases {
            assert_eq!(parse_date(text).as_deref(), want, "{text}");
        }
    }
}
