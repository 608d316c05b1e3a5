//! `vnplan syllables`: a quick OCR-damage report. For each line, how many word tokens are
//! well-formed Vietnamese syllables and which are not; at the end, the shares of marked,
//! plain (no marks at all) and invalid words. Text OCR'd without a Vietnamese model shows
//! mostly plain and invalid words; clean text shows almost only marked and plain syllables.

use std::io::Write;
use std::path::{Path, PathBuf};

use super::{stdin_at_most_once, with_output, Global};
use serde::Serialize;
use vnplan::input;
use vnplan::text::{is_syllable, tokenize, TokenKind};
use vnplan::Error;

/// How much of a text is well-formed Vietnamese: per line and in total.
///
/// Words are the tokenizer's word tokens (runs with a letter, OCR junk like `s6`, `Quy&`
/// included); numbers and punctuation are not counted. A word is *marked* when it is a
/// syllable written with some mark (tone, ă â ê ô ơ ư or đ), *plain* when it is a syllable
/// without any, and *invalid* when it is not a syllable (OCR damage, but also abbreviations
/// like UBND, Roman numerals and foreign words).
///
/// Text output: one line per input line that has words, `LINE: VALID/WORDS [invalid: ...]`
/// (`FILE:LINE: …` when several files are given), then a summary line per file. With --json,
/// JSON Lines: one object per such line
/// `{"file":F,"line":N,"words":W,"marked":M,"plain":P,"invalid":["s6",...]}` and per file a
/// last line `{"file":F,"summary":{"words":W,"marked":M,"plain":P,"invalid":I,
/// "marked_share":..,"plain_share":..,"invalid_share":..}}`.
///
/// Files are read like every vnplan input: UTF-8/16, Windows-1258, TCVN3, VNI, VIQR, docx or
/// PDF text layer, detected; repairs and guesses are reported as warnings on stderr. A file
/// that cannot be read is reported on stderr and the others are still checked (exit status 1).
#[derive(clap::Args)]
#[command(after_help = "Examples:
  vnplan syllables corpus/003-chi-linh-2021.ocr.txt          per line, then the summary
  vnplan syllables -s corpus/*.txt                           one summary line per file
  vnplan syllables --json scan.txt | jq 'select(.summary)'   for programs
  pdftotext plan.pdf - | vnplan syllables -s -               from standard input")]
pub struct Args {
    /// Files to check (text in any supported encoding, docx, PDF); `-` reads standard input.
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,
    /// Write JSON Lines instead of text.
    #[arg(long)]
    pub json: bool,
    /// Print only the summary of each file.
    #[arg(long, short)]
    pub summary: bool,
    /// Read the files in this encoding instead of detecting it: utf-8, utf-16le,
    /// utf-16be, windows-1258, tcvn3, vni, viqr, tcvn3-unicode, vni-unicode, docx, pdf.
    #[arg(long, value_name = "ENC")]
    pub encoding: Option<vnplan::input::Encoding>,
    /// Write the report to FILE (whole, through a temporary file) instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

#[derive(Serialize)]
struct LineReport<'a> {
    file: &'a str,
    line: usize,
    words: usize,
    marked: usize,
    plain: usize,
    /// Counted even when the words themselves are not kept (`--summary`).
    #[serde(skip)]
    invalid_count: usize,
    invalid: Vec<&'a str>,
}

#[derive(Serialize, Default)]
struct Summary {
    words: usize,
    marked: usize,
    plain: usize,
    invalid: usize,
    marked_share: f64,
    plain_share: f64,
    invalid_share: f64,
}

pub fn run(args: Args, global: &Global) -> vnplan::Result<i32> {
    stdin_at_most_once(&args.files)?;
    let several = args.files.len() > 1;
    let mut failed = 0usize;
    with_output(args.output.as_deref(), |out| {
        for file in &args.files {
            let name = input::display_name(file);
            match read(file, &name, args.encoding, global) {
                Ok(text) => report(&name, &text, several, &args, out)?,
                // Alone, a file that cannot be read is the command's error.
                Err(e) if !several => return Err(e),
                Err(e) => {
                    eprintln!("vnplan: {e}");
                    failed += 1;
                }
            }
        }
        Ok(())
    })?;
    Ok(if failed > 0 { 1 } else { 0 })
}

/// Writes the report of one text named `name`.
fn report(
    name: &str,
    text: &str,
    several: bool,
    args: &Args,
    out: &mut dyn Write,
) -> vnplan::Result<()> {
    let io = |e| Error::io("<output>", e);
    let mut total = Summary::default();
    for (i, line) in text.lines().enumerate() {
        let report = check_line(name, i + 1, line, !args.summary);
        if report.words == 0 {
            continue;
        }
        total.words += report.words;
        total.marked += report.marked;
        total.plain += report.plain;
        total.invalid += report.invalid_count;
        if args.summary {
            continue;
        }
        if args.json {
            let j = serde_json::to_string(&report)
                .map_err(std::io::Error::from)
                .map_err(io)?;
            writeln!(out, "{j}").map_err(io)?;
            continue;
        }
        if several {
            write!(out, "{name}:").map_err(io)?;
        }
        let valid = report.marked + report.plain;
        if report.invalid_count == 0 {
            writeln!(out, "{}: {valid}/{}", report.line, report.words)
        } else {
            writeln!(
                out,
                "{}: {valid}/{} invalid: {}",
                report.line,
                report.words,
                report.invalid.join(" ")
            )
        }
        .map_err(io)?;
    }
    let share = |n: usize| n as f64 / total.words.max(1) as f64;
    total.marked_share = share(total.marked);
    total.plain_share = share(total.plain);
    total.invalid_share = share(total.invalid);
    if args.json {
        let j = serde_json::json!({ "file": name, "summary": total });
        writeln!(out, "{j}")
    } else {
        writeln!(
            out,
            "{name}: {} words: {} marked ({:.1}%), {} plain ({:.1}%), {} invalid ({:.1}%)",
            total.words,
            total.marked,
            100.0 * total.marked_share,
            total.plain,
            100.0 * total.plain_share,
            total.invalid,
            100.0 * total.invalid_share
        )
    }
    .and_then(|()| out.flush())
    .map_err(io)
}

/// Counts the words of one line. A very long line (a file with no line breaks) is tokenized
/// in pieces cut at spaces, so memory stays proportional to a piece, not to the line; the
/// invalid words are kept only when they will be listed.
fn check_line<'a>(
    file: &'a str,
    number: usize,
    line: &'a str,
    list_invalid: bool,
) -> LineReport<'a> {
    let mut report = LineReport {
        file,
        line: number,
        words: 0,
        marked: 0,
        plain: 0,
        invalid_count: 0,
        invalid: Vec::new(),
    };
    for piece in pieces_at_spaces(line, 1 << 16) {
        for token in tokenize(piece) {
            if token.kind != TokenKind::Word {
                continue;
            }
            let word = token.text(piece);
            report.words += 1;
            if !is_syllable(word) {
                report.invalid_count += 1;
                if list_invalid {
                    report.invalid.push(word);
                }
            } else if word.is_ascii() {
                report.plain += 1;
            } else {
                report.marked += 1;
            }
        }
    }
    report
}

/// `line` cut into pieces of about `limit` bytes, each ending after a space (a word never
/// spans a space), or at a character boundary if a piece has none.
fn pieces_at_spaces(line: &str, limit: usize) -> impl Iterator<Item = &str> {
    let mut rest = line;
    std::iter::from_fn(move || {
        if rest.is_empty() {
            return None;
        }
        let mut end = rest.len().min(limit);
        if end < rest.len() {
            end = match rest.as_bytes()[..end].iter().rposition(|&b| b == b' ') {
                Some(i) if i > 0 => i + 1,
                _ => {
                    while !rest.is_char_boundary(end) {
                        end += 1;
                    }
                    end
                }
            };
        }
        let (piece, tail) = rest.split_at(end);
        rest = tail;
        Some(piece)
    })
}

/// The file (or stdin) as NFC text, read the way every vnplan command reads input
/// ([`vnplan::input::decode`]: UTF-8/16, legacy encodings, docx, PDF); what the decoder had
/// to repair or guess is printed as a warning naming the file.
fn read(
    path: &Path,
    name: &str,
    forced: Option<input::Encoding>,
    global: &Global,
) -> vnplan::Result<String> {
    let bytes = input::read_input(path)?;
    let decoded = input::decode(&bytes, Some(Path::new(name)), forced)?;
    for warning in &decoded.warnings {
        global.warn(name, warning);
    }
    Ok(decoded.text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pieces_tile_the_line_and_end_after_spaces() {
        let line = "Quyét dinh s6 749/QD-TTg ngay 03/6/2020 ctia Thi tuéng ".repeat(50);
        let pieces: Vec<&str> = pieces_at_spaces(&line, 64).collect();
        assert_eq!(pieces.concat(), line);
        assert!(pieces.len() > 40);
        assert!(pieces.iter().all(|p| p.ends_with(' ')));
        // No space at all: cut at a character boundary, never inside a letter.
        let word = "ữ".repeat(100);
        let pieces: Vec<&str> = pieces_at_spaces(&word, 7).collect();
        assert_eq!(pieces.concat(), word);
    }

    #[test]
    fn a_long_line_counts_like_its_pieces() {
        let line = "Quyét dinh s6 749/QD-TTg ngay 03/6/2020 ctia Thủ tướng ".repeat(3000);
        let listed = check_line("x", 1, &line, true);
        let counted = check_line("x", 1, &line, false);
        assert_eq!(listed.words, 9 * 3000);
        assert_eq!(listed.invalid.len(), listed.invalid_count);
        assert_eq!(counted.invalid_count, listed.invalid_count);
        assert!(counted.invalid.is_empty());
        assert_eq!(
            (counted.marked, counted.plain),
            (listed.marked, listed.plain)
        );
    }
}
