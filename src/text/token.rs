//! Tokenization into words, numbers, punctuation, spaces and line breaks, with byte spans.
//!
//! The tokenizer's job is to hand the restorer every *word-like* stretch of OCR output whole,
//! however damaged: `s6` (số), `1y` (lý), `x4` (xã), `Quy&` (Quyết), `thu&ng` (thường),
//! `chiio'ng` (chương), `d¢t` (đất), `ngay07` (ngày 07). So a run of letters, digits, OCR
//! junk symbols (`& ¢ @ £ € © ® § ¥ $`, superscripts) and inner apostrophes is one token, a
//! [`TokenKind::Word`] as soon as it holds a letter or a letter look-alike symbol (`$6` số,
//! a lone `¢` ở), else digits make [`TokenKind::Number`]s (`1.000.000` and `2,5` are one
//! number) and other symbols punctuation. Dates, references and
//! ranges split at their separators: `03/6/2020`, `749/QD-TTg`, `2021-2025`.
//!
//! Spans tile the input: the tokens' texts concatenated give the input back, byte for byte.

use std::ops::Range;

/// What a token is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum TokenKind {
    /// Holds a letter or a letter look-alike symbol (possibly with OCR digits inside).
    Word,
    /// ASCII digits, possibly grouped with `.` or `,` between digits.
    Number,
    /// One punctuation or symbol character.
    Punct,
    /// A run of horizontal white space (and zero-width format characters).
    Space,
    /// One line break: `\n`, `\r\n`, `\r`, form feed (page break), U+2028/2029, U+0085.
    LineBreak,
}

/// A token: its kind and byte range in the tokenized text.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Token {
    /// What the token is.
    pub kind: TokenKind,
    /// Byte range in the source text.
    pub span: Range<usize>,
}

impl Token {
    /// The token's text in `src` (the string it was tokenized from).
    pub fn text<'a>(&self, src: &'a str) -> &'a str {
        src.get(self.span.clone()).unwrap_or("")
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Class {
    Letter,
    Digit,
    /// Symbols OCR puts in place of letters; part of a word when a letter is in the run.
    Junk,
    /// Part of a word only between word characters.
    Apostrophe,
    Punct,
    Space,
    LineBreak,
}

fn class(c: char) -> Class {
    if c.is_ascii() {
        return match c {
            'a'..='z' | 'A'..='Z' => Class::Letter,
            '0'..='9' => Class::Digit,
            '\n' | '\r' | '\u{b}' | '\u{c}' => Class::LineBreak,
            ' ' | '\t' => Class::Space,
            '&' | '@' | '$' => Class::Junk,
            '\'' | '`' => Class::Apostrophe,
            c if c.is_ascii_whitespace() => Class::Space,
            _ => Class::Punct,
        };
    }
    match c {
        '\u{85}' | '\u{2028}' | '\u{2029}' => Class::LineBreak,
        '\u{200b}' | '\u{200c}' | '\u{200d}' | '\u{2060}' | '\u{feff}' => Class::Space,
        '’' | '‘' | 'ʼ' | '´' => Class::Apostrophe,
        '¢' | '£' | '€' | '©' | '®' | '§' | '¥' => Class::Junk,
        c if c.is_whitespace() => Class::Space,
        c if super::letters::is_alphabetic(c)
            || unicode_normalization::char::is_combining_mark(c) =>
        {
            Class::Letter
        }
        c if c.is_numeric() => Class::Junk,
        _ => Class::Punct,
    }
}

/// Symbols that OCR reads where a letter stood (`¢` c/ơ/ở, `&` ở/ế/ư, `$6` số, `@)` a),
/// `€` ê, `§` ỹ): even without a letter beside them they are more likely a damaged word
/// than punctuation in a plan, so a run holding one is a word for the restorer to judge.
pub fn is_letter_lookalike(c: char) -> bool {
    matches!(c, '&' | '@' | '$' | '¢' | '£' | '€' | '©' | '§' | '¥')
}

fn is_wordish(c: Class) -> bool {
    matches!(
        c,
        Class::Letter | Class::Digit | Class::Junk | Class::Apostrophe
    )
}

/// Split `text` into tokens whose spans tile it.
pub fn tokenize(text: &str) -> Vec<Token> {
    let mut tokens = Vec::with_capacity(text.len() / 4 + 1);
    let mut iter = text.char_indices().peekable();
    while let Some((start, c)) = iter.next() {
        let cls = class(c);
        let mut end = start + c.len_utf8();
        match cls {
            Class::LineBreak => {
                if c == '\r' {
                    if let Some(&(i, '\n')) = iter.peek() {
                        end = i + 1;
                        iter.next();
                    }
                }
                tokens.push(Token {
                    kind: TokenKind::LineBreak,
                    span: start..end,
                });
            }
            Class::Space => {
                while let Some(&(i, d)) = iter.peek() {
                    if class(d) != Class::Space {
                        break;
                    }
                    end = i + d.len_utf8();
                    iter.next();
                }
                tokens.push(Token {
                    kind: TokenKind::Space,
                    span: start..end,
                });
            }
            Class::Punct => tokens.push(Token {
                kind: TokenKind::Punct,
                span: start..end,
            }),
            _ => {
                while let Some(&(i, d)) = iter.peek() {
                    if !is_wordish(class(d)) {
                        break;
                    }
                    end = i + d.len_utf8();
                    iter.next();
                }
                push_run(text, start..end, &mut tokens);
            }
        }
    }
    merge_numbers(text, &mut tokens);
    tokens
}

/// Emit tokens for a maximal run of word characters.
fn push_run(text: &str, run: Range<usize>, out: &mut Vec<Token>) {
    let s = &text[run.clone()];
    let is_apos = |c: char| class(c) == Class::Apostrophe;
    // Apostrophes at either end are quotes, not part of the word.
    let core_start = run.start + (s.len() - s.trim_start_matches(is_apos).len());
    let core_end = run.start + s.trim_end_matches(is_apos).len();
    for (i, c) in text[run.start..core_start].char_indices() {
        out.push(punct(run.start + i, c));
    }
    if core_start < core_end {
        let core = &text[core_start..core_end];
        if core
            .chars()
            .any(|c| c.is_alphabetic() || is_letter_lookalike(c))
        {
            out.push(Token {
                kind: TokenKind::Word,
                span: core_start..core_end,
            });
        } else {
            // No letter: digits are numbers, everything else punctuation.
            let mut digits: Option<usize> = None;
            for (i, c) in core.char_indices() {
                let at = core_start + i;
                if c.is_ascii_digit() {
                    digits.get_or_insert(at);
                    continue;
                }
                if let Some(d) = digits.take() {
                    out.push(Token {
                        kind: TokenKind::Number,
                        span: d..at,
                    });
                }
                out.push(punct(at, c));
            }
            if let Some(d) = digits {
                out.push(Token {
                    kind: TokenKind::Number,
                    span: d..core_end,
                });
            }
        }
    }
    let trailing_start = core_end.max(core_start);
    for (i, c) in text[trailing_start..run.end].char_indices() {
        out.push(punct(trailing_start + i, c));
    }
}

fn punct(at: usize, c: char) -> Token {
    Token {
        kind: TokenKind::Punct,
        span: at..at + c.len_utf8(),
    }
}

/// Join `Number` `.`/`,` `Number` into one number (`1.000.000`, `2,5`).
fn merge_numbers(text: &str, tokens: &mut Vec<Token>) {
    if tokens.len() < 3 {
        return;
    }
    let mut out: Vec<Token> = Vec::with_capacity(tokens.len());
    for tok in tokens.drain(..) {
        let n = out.len();
        if tok.kind == TokenKind::Number
            && n >= 2
            && out[n - 2].kind == TokenKind::Number
            && out[n - 1].kind == TokenKind::Punct
            && matches!(&text[out[n - 1].span.clone()], "." | ",")
        {
            out.pop();
            if let Some(number) = out.last_mut() {
                number.span.end = tok.span.end;
            }
            continue;
        }
        out.push(tok);
    }
    *tokens = out;
}

#[cfg(test)]
mod tests {
    use super::*;

    fn show(text: &str) -> Vec<(TokenKind, &str)> {
        tokenize(text)
            .iter()
            .map(|t| (t.kind, t.text(text)))
            .collect()
    }

    use TokenKind::{LineBreak as L, Number as N, Punct as P, Space as S, Word as W};

    #[test]
    fn ocr_junk_stays_one_word() {
        for word in [
            "s6",
            "Quy&",
            "thu&ng",
            "1y",
            "P6i",
            "ngay07",
            "S6105",
            "ngayl5",
            "chiio'ng",
            "d¢t",
            "nim",
            "x4",
            "c6",
            "Dc",
            "m²",
            "K&",
            "chiio’ng",
        ] {
            assert_eq!(show(word), vec![(W, word)], "{word}");
        }
    }

    #[test]
    fn splits_numbers_dates_and_references() {
        let cases: Vec<(&str, Vec<(TokenKind, &str)>)> = vec![
            ("2021", vec![(N, "2021")]),
            (
                "03/6/2020",
                vec![(N, "03"), (P, "/"), (N, "6"), (P, "/"), (N, "2020")],
            ),
            (
                "749/QD-TTg",
                vec![(N, "749"), (P, "/"), (W, "QD"), (P, "-"), (W, "TTg")],
            ),
            ("2021-2025", vec![(N, "2021"), (P, "-"), (N, "2025")]),
            ("1.000.000", vec![(N, "1.000.000")]),
            ("2,5.", vec![(N, "2,5"), (P, ".")]),
            ("1, 2", vec![(N, "1"), (P, ","), (S, " "), (N, "2")]),
            (
                "“Chuyển đổi số”",
                vec![
                    (P, "“"),
                    (W, "Chuyển"),
                    (S, " "),
                    (W, "đổi"),
                    (S, " "),
                    (W, "số"),
                    (P, "”"),
                ],
            ),
            ("'ab'", vec![(P, "'"), (W, "ab"), (P, "'")]),
            ("12&", vec![(W, "12&")]),
            ("$6", vec![(W, "$6")]),
            ("& x", vec![(W, "&"), (S, " "), (W, "x")]),
            ("¢) a", vec![(W, "¢"), (P, ")"), (S, " "), (W, "a")]),
            ("10²", vec![(N, "10"), (P, "²")]),
            ("m²", vec![(W, "m²")]),
            ("a\r\n\nb", vec![(W, "a"), (L, "\r\n"), (L, "\n"), (W, "b")]),
            ("a \t b", vec![(W, "a"), (S, " \t "), (W, "b")]),
            ("I.", vec![(W, "I"), (P, ".")]),
            ("a)", vec![(W, "a"), (P, ")")]),
        ];
        for (text, want) in cases {
            assert_eq!(show(text), want, "{text:?}");
        }
    }

    #[test]
    fn decomposed_marks_stay_in_the_word() {
        let text = "Quye\u{301}\u{302}t đi";
        assert_eq!(show(text)[0], (W, "Quye\u{301}\u{302}t"));
    }

    #[test]
    fn spans_tile_the_input() {
        for text in [
            "",
            " ",
            "a",
            "s6105 /KH-UBND ngayl5\r\n",
            "’’x’’",
            "1.2.3.",
            "\u{feff}x",
        ] {
            let joined: String = tokenize(text).iter().map(|t| t.text(text)).collect();
            assert_eq!(joined, text);
        }
    }
}
