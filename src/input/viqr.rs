//! VIQR (RFC 1456), Vietnamese in plain ASCII: the marks follow the vowel as punctuation
//! (`Vie^.t Nam`, `Quye^'t ddi.nh`). Shapes: `(` breve, `^` circumflex, `+` horn, `dd` đ.
//! Tones: `'` sắc, `` ` `` huyền, `?` hỏi, `~` ngã, `.` nặng. A backslash makes the next
//! mark a literal character.
//!
//! `.` and `?` are also sentence punctuation. RFC 1456 leaves that to the writer's escapes,
//! which real files rarely carry, so the decoder reads a `.`/`?` after a toneless vowel at the
//! end of a word as punctuation when the sentence plainly ends there (end of line or text, or
//! a capital letter follows), and as a tone otherwise.

use super::marks::{self, Shape, ToneMark};

fn shape_of(c: char) -> Option<Shape> {
    Some(match c {
        '(' => Shape::Breve,
        '^' => Shape::Circumflex,
        '+' => Shape::Horn,
        _ => return None,
    })
}

fn tone_of(c: char) -> Option<ToneMark> {
    Some(match c {
        '\'' => ToneMark::Acute,
        '`' => ToneMark::Grave,
        '?' => ToneMark::Hook,
        '~' => ToneMark::Tilde,
        '.' => ToneMark::Dot,
        _ => return None,
    })
}

fn is_mark(c: char) -> bool {
    shape_of(c).is_some() || tone_of(c).is_some()
}

/// Whether the word at the end of `out` is written in capitals (a heading, where a capital
/// after `.` is the next word of the heading, not a new sentence).
fn word_is_capitals(out: &str) -> bool {
    let word: Vec<char> = out
        .chars()
        .rev()
        .take_while(|c| c.is_alphabetic())
        .collect();
    word.len() >= 2 && word.iter().all(|c| c.is_uppercase())
}

/// Whether the `.` or `?` just read (the rest of the text is `rest`) ends a sentence.
fn ends_sentence(rest: &std::str::Chars<'_>, in_capitals: bool) -> bool {
    let mut ahead = rest.clone();
    match ahead.next() {
        None | Some('\n' | '\r') => true,
        Some(c) if c.is_whitespace() => {
            for c in ahead {
                if c == '\n' || c == '\r' {
                    return true;
                }
                if !c.is_whitespace() {
                    return (c.is_uppercase() && !in_capitals) || !c.is_alphanumeric();
                }
            }
            true
        }
        Some(_) => false,
    }
}

/// How many VIQR-looking marks the text holds (a vowel followed by a shape mark, or by a
/// tone mark and then a letter): the evidence detection weighs before trying VIQR.
pub fn mark_count(text: &str) -> usize {
    let mut count = 0;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if !marks::is_vowel(c) {
            continue;
        }
        let Some(&m) = chars.peek() else { break };
        if shape_of(m).is_some() {
            count += 1;
        } else if tone_of(m).is_some() {
            chars.next();
            if chars.peek().is_some_and(|n| n.is_alphabetic()) {
                count += 1;
            }
        }
    }
    count
}

/// Decodes VIQR text. Never fails.
pub fn decode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    // Whether the last character pushed is a letter that marks may still modify.
    let mut composable = false;
    let mut prev_letter = false;
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            let mut ahead = chars.clone();
            match ahead.next() {
                Some(n) if is_mark(n) || matches!(n, '\\' | 'd' | 'D') => {
                    out.push(n);
                    chars = ahead;
                    composable = false;
                    prev_letter = n.is_alphabetic();
                }
                _ => {
                    out.push(c);
                    composable = false;
                    prev_letter = false;
                }
            }
            continue;
        }
        if (c == 'd' || c == 'D') && !prev_letter {
            let mut ahead = chars.clone();
            if let Some('d' | 'D') = ahead.next() {
                out.push(if c == 'D' { 'Đ' } else { 'đ' });
                chars = ahead;
                composable = false;
                prev_letter = true;
                continue;
            }
        }
        let last = out.chars().next_back();
        if composable {
            if let (Some(prev), Some(shape)) = (last, shape_of(c)) {
                if marks::takes_shape(prev, shape) {
                    out.pop();
                    out.push(marks::compose(prev, Some(shape), None));
                    continue;
                }
            }
            if let (Some(prev), Some(tone)) = (last, tone_of(c)) {
                let punctuation =
                    matches!(c, '.' | '?') && ends_sentence(&chars, word_is_capitals(&out));
                if marks::takes_tone(prev) && !punctuation {
                    out.pop();
                    out.push(marks::compose(prev, None, Some(tone)));
                    continue;
                }
            }
        }
        out.push(c);
        composable = c.is_alphabetic();
        prev_letter = c.is_alphabetic();
    }
    out
}

/// Encodes NFC text as VIQR, escaping literal marks after a vowel and a literal `dd` so that
/// [`decode`] gives the text back.
pub fn encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 3);
    let mut prev: Option<char> = None;
    let mut prev_prev_letter = false;
    for c in text.chars() {
        let after_vowel = prev.is_some_and(marks::is_vowel);
        if c == '\\' {
            out.push_str("\\\\");
        } else if (is_mark(c) && after_vowel)
            || (matches!(c, 'd' | 'D') && matches!(prev, Some('d' | 'D')) && !prev_prev_letter)
        {
            // A literal mark after a vowel, or a literal `dd`: escaped.
            out.push('\\');
            out.push(c);
        } else if c == 'đ' {
            out.push_str("dd");
        } else if c == 'Đ' {
            out.push_str("DD");
        } else if let Some(letter) = marks::split(c).filter(|_| !c.is_ascii()) {
            out.push(letter.base);
            match letter.shape {
                Some(Shape::Breve) => out.push('('),
                Some(Shape::Circumflex) => out.push('^'),
                Some(Shape::Horn) => out.push('+'),
                Some(Shape::Bar) | None => {}
            }
            if let Some(t) = letter.tone {
                out.push(match t {
                    ToneMark::Acute => '\'',
                    ToneMark::Grave => '`',
                    ToneMark::Hook => '?',
                    ToneMark::Tilde => '~',
                    ToneMark::Dot => '.',
                });
            }
        } else {
            out.push(c);
        }
        prev_prev_letter = prev.is_some_and(char::is_alphabetic);
        prev = Some(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc_examples() {
        let cases = [
            ("Vie^.t Nam", "Việt Nam"),
            ("Quye^'t ddi.nh", "Quyết định"),
            ("DDa`i Loan", "Đài Loan"),
            ("nu+o+'c", "nước"),
            ("thu+o+?ng", "thưởng"),
            ("ta(ng", "tăng"),
            ("Co' ai o+? ddo' kho^ng?", "Có ai ở đó không?"),
            ("Anh ddi ho.c. Chi. o+? nha`.", "Anh đi học. Chị ở nhà."),
            ("bi., la`m", "bị, làm"),
            ("ca\\.", "ca."),
        ];
        for (viqr, text) in cases {
            assert_eq!(decode(viqr), text, "{viqr}");
        }
    }

    #[test]
    fn round_trip() {
        let texts = [
            "Ủy ban nhân dân tỉnh ban hành Kế hoạch thi đua (giai đoạn 2021-2025).",
            "Ai đó? Có. Add oddly: a+b, e^x, \\ backslash, 'quoted' a.",
            "ĐẠI HỘI ĐẢNG BỘ LẦN THỨ XVIII",
        ];
        for text in texts {
            assert_eq!(decode(&encode(text)), text, "{}", encode(text));
        }
    }

    #[test]
    fn mark_count_sees_viqr_not_prose() {
        assert!(mark_count("Vie^.t Nam, Quye^'t ddi.nh, tho^ng ba'o") >= 3);
        assert_eq!(mark_count("Uy ban nhan dan. Thanh pho? Co 'quotes'."), 0);
    }
}
