//! Reading what archives hold into NFC text.
//!
//! Plans reach vnplan as UTF-8 or UTF-16 text, as Windows-1258, as the legacy font encodings
//! of the 1990s and 2000s (TCVN3 for `.VnTime`, VNI-Windows for `VNI-Times`), as VIQR
//! (`Vie^.t Nam`), as `.docx` and as PDFs with a text layer. [`decode`] takes the raw bytes
//! of one file and returns its text in NFC with the encoding it found:
//!
//! 1. containers first, by their magic bytes (or the file extension): docx → [`docx`],
//!    PDF → [`pdf`];
//! 2. otherwise the encoding, either forced by the caller (`--encoding`) or found by
//!    [`detect`]: BOMs, the NUL pattern of UTF-16, and for the rest a vote of Vietnamese
//!    syllables over the candidate readings;
//! 3. the chosen decoder runs over all the bytes, and the text goes through
//!    [`crate::text::nfc`] with line ends made `\n`.
//!
//! Each legacy encoding has a module with a decoder and the inverse encoder (which the tests
//! use to build sample files, and which can write legacy files when someone needs them).
//!
//! An input with no text (empty, or only NUL bytes and white space) is an error, the same
//! one for every command. [`read`] gets the bytes: regular files, or standard input for `-`.

pub mod cp1258;
pub mod detect;
pub mod docx;
pub mod marks;
pub mod pdf;
pub mod read;
pub mod tcvn3;
pub mod viqr;
pub mod vni;

pub use read::{display_name, is_stdin, open_file, read_file, read_input, STDIN_NAME};

use crate::{Error, Result};
use std::fmt;
use std::path::Path;
use std::str::FromStr;

/// The encodings (and containers) vnplan reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Encoding {
    Utf8,
    Utf16Le,
    Utf16Be,
    Windows1258,
    /// TCVN3 (ABC) bytes.
    Tcvn3,
    /// TCVN3 glyphs that were pasted into a Unicode document (`Ninh B×nh`).
    Tcvn3Glyphs,
    /// VNI-Windows bytes.
    Vni,
    /// VNI glyphs that were pasted into a Unicode document (`Vieät Nam`).
    VniGlyphs,
    Viqr,
    Docx,
    Pdf,
}

impl Encoding {
    /// Every encoding, in the order `--help` lists them.
    pub const ALL: [Encoding; 11] = [
        Encoding::Utf8,
        Encoding::Utf16Le,
        Encoding::Utf16Be,
        Encoding::Windows1258,
        Encoding::Tcvn3,
        Encoding::Tcvn3Glyphs,
        Encoding::Vni,
        Encoding::VniGlyphs,
        Encoding::Viqr,
        Encoding::Docx,
        Encoding::Pdf,
    ];

    /// The name used in records and on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Encoding::Utf8 => "utf-8",
            Encoding::Utf16Le => "utf-16le",
            Encoding::Utf16Be => "utf-16be",
            Encoding::Windows1258 => "windows-1258",
            Encoding::Tcvn3 => "tcvn3",
            Encoding::Tcvn3Glyphs => "tcvn3-unicode",
            Encoding::Vni => "vni",
            Encoding::VniGlyphs => "vni-unicode",
            Encoding::Viqr => "viqr",
            Encoding::Docx => "docx",
            Encoding::Pdf => "pdf",
        }
    }
}

impl fmt::Display for Encoding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Encoding {
    type Err = Error;

    fn from_str(s: &str) -> Result<Encoding> {
        let key = s.trim().to_ascii_lowercase().replace('_', "-");
        let found = match key.as_str() {
            "utf-8" | "utf8" => Encoding::Utf8,
            "utf-16" | "utf16" | "utf-16le" | "utf16le" => Encoding::Utf16Le,
            "utf-16be" | "utf16be" => Encoding::Utf16Be,
            "windows-1258" | "cp1258" | "1258" => Encoding::Windows1258,
            "tcvn3" | "tcvn" | "abc" | "vn3" => Encoding::Tcvn3,
            "tcvn3-unicode" => Encoding::Tcvn3Glyphs,
            "vni" | "vni-windows" => Encoding::Vni,
            "vni-unicode" => Encoding::VniGlyphs,
            "viqr" => Encoding::Viqr,
            "docx" => Encoding::Docx,
            "pdf" => Encoding::Pdf,
            _ => {
                let names: Vec<&str> = Encoding::ALL.iter().map(|e| e.name()).collect();
                return Err(Error::usage(format!(
                    "unknown encoding `{s}` (known: {})",
                    names.join(", ")
                )));
            }
        };
        Ok(found)
    }
}

/// The text of one input.
#[derive(Debug, Clone, PartialEq)]
pub struct Decoded {
    /// NFC, lines ended by `\n`.
    pub text: String,
    /// What the bytes were (for a docx or PDF, the container).
    pub encoding: Encoding,
    /// What was repaired or guessed on the way (`3 invalid UTF-8 bytes replaced`); empty
    /// when the input was clean.
    pub warnings: Vec<String>,
}

/// Decodes the bytes of one input into NFC text with `\n` line ends. `hint` is the file's
/// path (its extension helps when the magic bytes say nothing, and errors name it); `forced`
/// overrides detection.
pub fn decode(bytes: &[u8], hint: Option<&Path>, forced: Option<Encoding>) -> Result<Decoded> {
    named(decode_inner(bytes, hint, forced, Layout::Tidy), hint)
}

/// Decodes like [`decode`], but keeps the input's layout: UTF-8 comes back byte for byte
/// (without a BOM; invalid sequences replaced, with a warning), any other encoding is
/// converted to UTF-8 in NFC with its line ends kept. `restore` reads through this, so that
/// only the words of a UTF-8 text change.
pub fn decode_keeping_layout(
    bytes: &[u8],
    hint: Option<&Path>,
    forced: Option<Encoding>,
) -> Result<Decoded> {
    named(decode_inner(bytes, hint, forced, Layout::Keep), hint)
}

fn named(result: Result<Decoded>, hint: Option<&Path>) -> Result<Decoded> {
    match (result, hint) {
        (Err(e), Some(path)) => Err(e.at(path)),
        (other, _) => other,
    }
}

/// What decoding does to the text's layout.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Layout {
    /// NFC, no BOM, `\n` line ends.
    Tidy,
    /// UTF-8 as it is; other encodings in NFC, line ends kept.
    Keep,
}

fn extension_is(hint: Option<&Path>, ext: &str) -> bool {
    hint.and_then(Path::extension)
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case(ext))
}

fn decode_inner(
    bytes: &[u8],
    hint: Option<&Path>,
    forced: Option<Encoding>,
    layout: Layout,
) -> Result<Decoded> {
    if bytes.is_empty() {
        return Err(Error::input("empty file"));
    }
    if bytes.iter().all(|&b| b == 0 || b.is_ascii_whitespace()) {
        return Err(Error::input(format!(
            "no text ({} bytes, all NUL or white space)",
            bytes.len()
        )));
    }
    let container = match forced {
        Some(e @ (Encoding::Docx | Encoding::Pdf)) => Some(e),
        Some(_) => None,
        None if docx::is_zip(bytes) || extension_is(hint, "docx") => Some(Encoding::Docx),
        None if pdf::is_pdf(bytes) || extension_is(hint, "pdf") => Some(Encoding::Pdf),
        None => None,
    };
    let mut warnings = Vec::new();
    let (raw, encoding) = match container {
        Some(kind) => {
            let raw = if kind == Encoding::Docx {
                docx::extract(bytes)?
            } else {
                pdf::extract(bytes)?
            };
            // Old documents set in .VnTime or VNI-Times fonts carry legacy glyphs even inside
            // a docx or PDF: read them as such when that is far more Vietnamese.
            let (text, inner) = decode_glyph_text(raw);
            if let Some(inner) = inner {
                warnings.push(format!("{kind} text was in {inner} font code; converted"));
            }
            (text, kind)
        }
        None => {
            let encoding = match forced {
                Some(e) => e,
                None => match detect::detect(bytes) {
                    detect::Verdict::Encoding(e) => e,
                    detect::Verdict::DamagedUtf8(_) => Encoding::Utf8,
                    detect::Verdict::Binary(reason) => {
                        return Err(Error::input(format!(
                            "cannot determine the text encoding: {reason}; use --encoding"
                        )))
                    }
                    detect::Verdict::Unknown(tried) => {
                        let tried: Vec<String> = tried
                            .iter()
                            .map(|(e, s)| format!("{e} {:.0}%", s * 100.0))
                            .collect();
                        return Err(Error::input(format!(
                            "cannot determine the text encoding (tried {}); use --encoding",
                            tried.join(", ")
                        )));
                    }
                },
            };
            (decode_as(bytes, encoding, &mut warnings), encoding)
        }
    };
    let text = match layout {
        Layout::Tidy => tidy(&raw),
        Layout::Keep if encoding == Encoding::Utf8 => {
            raw.strip_prefix('\u{feff}').unwrap_or(&raw).to_string()
        }
        Layout::Keep => crate::text::nfc(raw.strip_prefix('\u{feff}').unwrap_or(&raw)),
    };
    if text.trim().is_empty() {
        return Err(Error::input(format!(
            "no text ({} bytes of {} hold only white space)",
            bytes.len(),
            encoding
        )));
    }
    Ok(Decoded {
        text,
        encoding,
        warnings,
    })
}

/// Text from a container, converted if it is legacy glyphs.
fn decode_glyph_text(raw: String) -> (String, Option<&'static str>) {
    if raw.is_ascii() {
        return (raw, None);
    }
    let sample_end = raw
        .char_indices()
        .map(|(i, _)| i)
        .find(|&i| i >= detect::SAMPLE_BYTES)
        .unwrap_or(raw.len());
    let sample = &raw[..sample_end];
    let (plain, _) = detect::score(sample);
    let vni = vni::decode_glyphs(sample).map(|t| detect::score(&t).0);
    let tcvn = detect::latin1_bytes(sample).map(|b| detect::score(&tcvn3::decode(&b)).0);
    match (vni, tcvn) {
        (Some(v), t) if v > plain + 0.15 && t.is_none_or(|t| v >= t) => {
            let text = vni::decode_glyphs(&raw).unwrap_or(raw);
            (text, Some("VNI"))
        }
        (_, Some(t)) if t > plain + 0.15 => match detect::latin1_bytes(&raw) {
            Some(b) => (tcvn3::decode(&b), Some("TCVN3")),
            None => (raw, None),
        },
        _ => (raw, None),
    }
}

/// Decodes all of `bytes` as `encoding` (never fails: bad sequences are replaced, with a
/// warning).
fn decode_as(bytes: &[u8], encoding: Encoding, warnings: &mut Vec<String>) -> String {
    let replaced = |text: &str, warnings: &mut Vec<String>| {
        let n = text
            .chars()
            .filter(|&c| c == char::REPLACEMENT_CHARACTER)
            .count();
        if n > 0 {
            warnings.push(format!("{n} invalid {encoding} sequences replaced"));
        }
    };
    match encoding {
        Encoding::Utf8 | Encoding::Viqr | Encoding::Tcvn3Glyphs | Encoding::VniGlyphs => {
            let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
            let text = String::from_utf8_lossy(body);
            replaced(&text, warnings);
            match encoding {
                Encoding::Viqr => viqr::decode(&text),
                Encoding::VniGlyphs => vni::decode_glyphs(&text).unwrap_or_else(|| {
                    warnings.push("text is not all VNI glyphs; kept as UTF-8".into());
                    text.into_owned()
                }),
                Encoding::Tcvn3Glyphs => match detect::latin1_bytes(&text) {
                    Some(b) => tcvn3::decode(&b),
                    None => {
                        warnings.push("text is not all TCVN3 glyphs; kept as UTF-8".into());
                        text.into_owned()
                    }
                },
                _ => text.into_owned(),
            }
        }
        Encoding::Utf16Le | Encoding::Utf16Be => {
            let codec = if encoding == Encoding::Utf16Le {
                encoding_rs::UTF_16LE
            } else {
                encoding_rs::UTF_16BE
            };
            let (text, _) = codec.decode_with_bom_removal(bytes);
            replaced(&text, warnings);
            text.into_owned()
        }
        Encoding::Windows1258 => cp1258::decode(bytes),
        Encoding::Tcvn3 => tcvn3::decode(bytes),
        Encoding::Vni => vni::decode(bytes),
        // Containers are handled before; reading their bytes as text is the best effort.
        Encoding::Docx | Encoding::Pdf => String::from_utf8_lossy(bytes).into_owned(),
    }
}

/// NFC, no BOM, `\n` line ends.
fn tidy(raw: &str) -> String {
    let raw = raw.strip_prefix('\u{feff}').unwrap_or(raw);
    let text = if raw.contains('\r') {
        raw.replace("\r\n", "\n").replace('\r', "\n")
    } else {
        raw.to_string()
    };
    crate::text::nfc(&text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_parse_back() {
        for e in Encoding::ALL {
            assert_eq!(e.name().parse::<Encoding>().unwrap(), e);
        }
        assert_eq!("ABC".parse::<Encoding>().unwrap(), Encoding::Tcvn3);
        assert!("latin-9".parse::<Encoding>().is_err());
    }

    #[test]
    fn empty_and_blank_are_errors() {
        let e = decode(b"", Some(Path::new("a.txt")), None).unwrap_err();
        assert_eq!(e.to_string(), "a.txt: empty file");
        for bytes in [&b" \n\r\n"[..], b"\0\0\0\0", b"\0 \0\n"] {
            for forced in [None, Some(Encoding::Utf8), Some(Encoding::Tcvn3)] {
                let e = decode(bytes, Some(Path::new("a.txt")), forced).unwrap_err();
                let want = format!(
                    "a.txt: no text ({} bytes, all NUL or white space)",
                    bytes.len()
                );
                assert_eq!(e.to_string(), want);
                let e = decode_keeping_layout(bytes, Some(Path::new("a.txt")), forced);
                assert_eq!(e.unwrap_err().to_string(), want);
            }
        }
    }

    #[test]
    fn keeping_layout_changes_only_the_encoding() {
        // UTF-8, even decomposed and with CRLF, comes back byte for byte (less the BOM).
        let text = "Ke\u{302}\u{301} hoa\u{323}ch\r\nso\u{302}\u{301} 5\r\n";
        let bom = format!("\u{feff}{text}");
        assert_eq!(
            decode_keeping_layout(bom.as_bytes(), None, None)
                .unwrap()
                .text,
            text
        );
        // A legacy encoding is converted (to NFC), its line ends kept.
        let bytes = tcvn3::encode("Kế hoạch thi đua\r\nsố 5");
        let d = decode_keeping_layout(&bytes, None, Some(Encoding::Tcvn3)).unwrap();
        assert_eq!(d.text, "Kế hoạch thi đua\r\nsố 5");
    }

    #[test]
    fn crlf_and_bom() {
        let d = decode("\u{feff}Kế hoạch\r\nsố 5\r".as_bytes(), None, None).unwrap();
        assert_eq!(d.text, "Kế hoạch\nsố 5\n");
        assert_eq!(d.encoding, Encoding::Utf8);
    }

    #[test]
    fn forced_encoding_wins() {
        let bytes = tcvn3::encode("Kế hoạch thi đua");
        let d = decode(&bytes, None, Some(Encoding::Vni)).unwrap();
        assert_eq!(d.encoding, Encoding::Vni);
        let d = decode(&bytes, None, Some(Encoding::Tcvn3)).unwrap();
        assert_eq!(d.text, "Kế hoạch thi đua");
    }

    #[test]
    fn damaged_utf8_is_read_with_a_warning() {
        let mut bytes = "Kế hoạch tổ chức phong trào thi đua trên địa bàn tỉnh "
            .repeat(20)
            .into_bytes();
        bytes.push(0xFF);
        let d = decode(&bytes, None, None).unwrap();
        assert_eq!(d.encoding, Encoding::Utf8);
        assert_eq!(d.warnings.len(), 1);
    }
}
