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
///
/// The printed form is kept: a Party document's `06-NQ/TU` stays Party-style, a State
/// document's `749/QĐ-TTg` State-style; only a form OCR blurred (`52 NQ/TW`, a glued
/// `04/NQTU`) is decided by the issuer's symbol. `Đ` is put back only where the symbol part
/// is spelled with it: in the type slot after the number as the type's abbreviation says
/// (`QD` → `QĐ`, but `HD`, Hướng dẫn, stays), elsewhere as a known body or office symbol
/// says (`HDND` → `HĐND`, `HD` of Hội đồng → `HĐ`).
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
    let first_sep = rest.chars().next().filter(|c| matches!(c, '/' | '-'));
    let rest = rest.trim_start_matches(['/', '-', '.']);
    let rest = rest.trim_end_matches(['/', '-', '.', ',', ';', ':', ')']);
    let raw_parts: Vec<&str> = rest.split(['/', '-']).filter(|p| !p.is_empty()).collect();
    if raw_parts.is_empty() || !raw_parts[0].chars().any(|c| c.is_alphabetic()) {
        return None;
    }
    let mut parts: Vec<String> = raw_parts
        .iter()
        .enumerate()
        .map(|(i, p)| {
            if i == 0 {
                fix_type_part(p, dict)
            } else {
                fix_body_part(p, dict)
            }
        })
        .collect();
    let mut glued = false;
    if parts.len() == 1 {
        if let Some((a, b)) = split_glued(&parts[0], dict) {
            parts = vec![a, b];
            glued = true;
        }
    }
    // A symbol is abbreviations: some part is a known one, or every part is in capitals.
    let known = parts.iter().any(|p| dict.canonical_symbol(p).is_some());
    let capitals = parts.iter().all(|p| {
        p.chars()
            .all(|c| c.is_uppercase() || c.is_ascii_digit() || c == '&' || c == '.')
    });
    if !known && !capitals {
        return None;
    }
    let party_symbol = parts.len() >= 2
        && parts
            .last()
            .and_then(|p| dict.body_by_symbol(p))
            .is_some_and(|b| b.kind.starts_with("party"));
    let printed_party = first_sep == Some('-') && rest.contains('/') && year.is_none();
    let printed_state = first_sep == Some('/') && !glued;
    let party =
        parts.len() >= 2 && year.is_none() && (printed_party || (!printed_state && party_symbol));
    Some(if party {
        format!("{digits}-{}", parts.join("/"))
    } else {
        match year {
            Some(y) => format!("{digits}/{y}/{}", parts.join("-")),
            None => format!("{digits}/{}", parts.join("-")),
        }
    })
}

/// The part right after the number: a document type's abbreviation (`KH`, `QĐ`, `HD`), or
/// for a letter the issuer's own symbol.
fn fix_type_part(part: &str, dict: &Dictionaries) -> String {
    if dict.doc_types.iter().any(|d| d.abbr == part) {
        return part.to_string();
    }
    if let Some(t) = dict.doc_type_by_abbr(part) {
        return t.abbr.clone();
    }
    for (bad, good) in OCR_D {
        if part.contains(bad) {
            let cand = part.replacen(bad, good, 1);
            if let Some(t) = dict.doc_types.iter().find(|d| d.abbr == cand) {
                return t.abbr.clone();
            }
        }
    }
    fix_body_part(part, dict)
}

/// What OCR makes of `Đ` in a symbol, and what to put back.
const OCR_D: [(&str, &str); 5] = [("Pb", "Đ"), ("P", "Đ"), ("B", "Đ"), ("b", "Đ"), ("Ð", "Đ")];

/// A part naming the issuer or its office: a known symbol's spelling, or the `Đ` a known
/// Đ-spelled symbol gives back (`HDND` → `HĐND`, `BCDNNDL` stays for want of one).
fn fix_body_part(part: &str, dict: &Dictionaries) -> String {
    if let Some(k) = dict.canonical_body_symbol(part) {
        return k;
    }
    // The Quốc hội's term after its symbol (`QH15`), its digits read as letters (`QHI5`).
    if let Some(term) = part.strip_prefix("QH") {
        let digits: String = term
            .chars()
            .map(|c| match c {
                'I' | 'l' | '|' => '1',
                'O' | 'o' => '0',
                c => c,
            })
            .collect();
        if (1..=2).contains(&digits.len()) && digits.chars().all(|c| c.is_ascii_digit()) {
            return format!("QH{digits}");
        }
    }
    for (bad, good) in OCR_D {
        if part.contains(bad) {
            let cand = part.replacen(bad, good, 1);
            if let Some(k) = dict.canonical_body_symbol(&cand) {
                return k;
            }
        }
    }
    // An unknown part keeps its letters; `D` inside a `…DKT` run is the `Đ` of `Thi đua`.
    part.replace("TDKT", "TĐKT")
}

/// The initials of a document's words, for reading the `Đ` of its own abbreviations.
pub struct Initials {
    /// Each word's first letter folded (`đ` → `d`), and whether it was `Đ`; function words
    /// that abbreviations skip (`và`, `về`, `của`) are left out.
    letters: Vec<(char, bool)>,
}

impl Initials {
    pub fn new(text: &str) -> Initials {
        let mut letters = Vec::new();
        for w in text.split(|c: char| !c.is_alphanumeric()) {
            let Some(first) = w.chars().next() else {
                continue;
            };
            if !first.is_alphabetic() || matches!(fold(w).as_str(), "va" | "ve" | "cua") {
                continue;
            }
            let d = matches!(first, 'đ' | 'Đ');
            letters.push((super::fold::fold_char(first), d));
        }
        Initials { letters }
    }

    /// A symbol's parts with the `Đ`s the document's own words give them: an unknown part
    /// of three letters or more whose letters are the initials of a phrase of the text
    /// (`CQDP` and `chính quyền địa phương` → `CQĐP`).
    pub fn respell(&self, number: &str, dict: &Dictionaries) -> String {
        let mut out = String::with_capacity(number.len());
        for piece in number.split_inclusive(['/', '-']) {
            let core = piece.trim_end_matches(['/', '-']);
            let sep = &piece[core.len()..];
            let known = dict.canonical_body_symbol(core).is_some()
                || dict.doc_types.iter().any(|d| d.abbr == core);
            match (known, self.spell(core)) {
                (false, Some(s)) => out.push_str(&s),
                _ => out.push_str(core),
            }
            out.push_str(sep);
        }
        out
    }

    fn spell(&self, part: &str) -> Option<String> {
        let chars: Vec<char> = part.chars().collect();
        if chars.len() < 3 || !chars.iter().all(|c| c.is_ascii_uppercase()) || !chars.contains(&'D')
        {
            return None;
        }
        let want: Vec<char> = chars.iter().map(|c| c.to_ascii_lowercase()).collect();
        // Every phrase with these initials votes, letter by letter: one misrestored `đu
        // lịch` does not outvote the others.
        let mut votes = vec![0i32; chars.len()];
        let mut hits = 0;
        for w in self.letters.windows(want.len()) {
            if w.iter().zip(&want).all(|((l, _), c)| l == c) {
                hits += 1;
                for (v, (_, d)) in votes.iter_mut().zip(w) {
                    *v += if *d { 1 } else { -1 };
                }
            }
        }
        (hits > 0).then(|| {
            chars
                .iter()
                .zip(&votes)
                .map(|(&c, &v)| if c == 'D' && v > 0 { 'Đ' } else { c })
                .collect()
        })
    }
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
            // Party-style numbers keep their form; `HD` of Hướng dẫn keeps its D.
            ("07-KL/VPTW", "07-KL/VPTW"),
            ("45-HD/BTCTW", "45-HD/BTCTW"),
            ("01-KH/BCD", "01-KH/BCĐ"),
            ("12/QD-HD", "12/QĐ-HĐ"),
            ("8935/BNV-CTTN&BĐG", "8935/BNV-CTTN&BĐG"),
            ("11554/VPCP-V.I", "11554/VPCP-V.I"),
            ("10- CTr/TU", "10-CTr/TU"),
            ("12/HDND-VP", "12/HĐND-VP"),
            ("163/2024/QHI5", "163/2024/QH15"),
        ];
        for (raw, want) in cases {
            assert_eq!(canonical_number(raw, &d).as_deref(), Some(want), "{raw}");
        }
        for raw in ["", "abc", "2021", "12/2021", "10 Bằng"] {
            assert_eq!(canonical_number(raw, &d), None, "{raw}");
        }
    }

    #[test]
    fn abbreviations_take_their_d_from_the_text() {
        let d = Dictionaries::load().unwrap();
        let i = Initials::new(
            "Bộ Nội vụ hướng dẫn sắp xếp chính quyền địa phương. Ban Chỉ đạo nhà nước về du lịch.",
        );
        assert_eq!(i.respell("10988/BNV-CQDP", &d), "10988/BNV-CQĐP");
        assert_eq!(i.respell("170/QĐ-BCDNNDL", &d), "170/QĐ-BCĐNNDL");
        // Known parts and parts the text does not spell out stay as they are.
        assert_eq!(i.respell("12/KH-UBND", &d), "12/KH-UBND");
        assert_eq!(i.respell("4085/UBND-DT", &d), "4085/UBND-DT");
        assert_eq!(i.respell("5/HD-BTC", &d), "5/HD-BTC");
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
