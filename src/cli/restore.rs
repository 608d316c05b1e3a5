//! `vnplan restore`: write a garbled or accent-stripped text back as Vietnamese.

use std::io::Write;
use std::path::{Path, PathBuf};

use vnplan::input;
use vnplan::restore::{Restoration, Restorer};
use vnplan::text::ToneStyle;
use vnplan::Error;

/// Restore OCR-garbled or accent-stripped Vietnamese text.
///
/// Reads a text (a file, or standard input for `-` or no argument; any encoding vnplan reads,
/// detected or given with --encoding) and writes it back in UTF-8 with every damaged word
/// restored: `Quyét dinh s6 749/QD-TTg ... ctia Thu tuéng` becomes
/// `Quyết định số 749/QĐ-TTg ... của Thủ tướng`. Only word tokens change: spaces, line
/// breaks, punctuation and numbers come out byte for byte (a text in another encoding is
/// first converted to UTF-8). Text that is already clean Vietnamese comes out unchanged.
///
/// How it decides: each word token gets candidate syllables from an OCR channel model (what
/// engines without Vietnamese do to each letter: `ư` read as `ir` or `w`, `ố` as `6`, stacked
/// vowels dropped) or, for plain ASCII text, from accent stripping; a syllable 4-gram
/// language model trained on Vietnamese legal and administrative text picks the sequence
/// that reads best, across line breaks.
#[derive(clap::Args)]
#[command(after_help = "Examples:
  vnplan restore corpus/003-chi-linh-2021.ocr.txt                 restored text on stdout
  vnplan restore scan.txt -o scan.restored.txt                    written atomically
  vnplan restore scan.txt --json | jq '.changes[] | select(.confidence < 0.6)'
  echo 'Uy ban nhan dan tinh' | vnplan restore --tone-style modern
  vnplan restore scan.txt --models my-models/                     rebuilt lm.bin / channel.tsv")]
pub struct Args {
    /// The text to restore; `-` or nothing reads standard input.
    pub input: Option<PathBuf>,
    /// Read the input in this encoding instead of detecting it: utf-8, utf-16le,
    /// utf-16be, windows-1258, tcvn3, vni, viqr, tcvn3-unicode, vni-unicode, docx, pdf.
    #[arg(long, value_name = "ENC")]
    pub encoding: Option<input::Encoding>,
    /// Write here instead of standard output (via a temporary file and a rename).
    #[arg(long, short)]
    pub output: Option<PathBuf>,
    /// Write JSON: the restored text, the document's condition, and per changed token its
    /// byte span in the input, input form, output, confidence (0-1) and runner-up.
    #[arg(long)]
    pub json: bool,
    /// Where restored syllables carry their tone mark: traditional (hóa, thủy, Ủy) or modern
    /// (hoá, thuỷ, Uỷ).
    #[arg(long, value_enum, default_value_t = Style::Traditional)]
    pub tone_style: Style,
    /// Directory with rebuilt models (lm.bin, channel.tsv, symbols.tsv, from `vnplan build`);
    /// files missing there come from the models compiled into vnplan.
    #[arg(long, value_name = "DIR")]
    pub models: Option<PathBuf>,
}

/// Tone mark placement.
#[derive(Clone, Copy, clap::ValueEnum)]
pub enum Style {
    Traditional,
    Modern,
}

pub fn run(args: Args) -> vnplan::Result<i32> {
    let arg = args.input.clone().unwrap_or_else(|| PathBuf::from("-"));
    let name = input::display_name(&arg);
    let bytes = input::read_input(&arg)?;
    let decoded = input::decode_keeping_layout(&bytes, Some(Path::new(&name)), args.encoding)?;
    for w in &decoded.warnings {
        eprintln!("vnplan: warning: {name}: {w}");
    }
    let text = decoded.text;
    let restorer = match &args.models {
        // A mistyped directory must not silently fall back to the built-in models.
        Some(dir) if !dir.is_dir() => {
            return Err(
                vnplan::Error::usage("--models wants a directory of rebuilt models").at(dir),
            )
        }
        Some(dir) => Restorer::load(dir)?,
        None => Restorer::load_default()?,
    };
    let style = match args.tone_style {
        Style::Traditional => ToneStyle::Traditional,
        Style::Modern => ToneStyle::Modern,
    };
    let restorer = restorer.with_tone_style(style);
    let condition = restorer.judge(&text);
    let restored = restorer.restore(&text);
    let out = if args.json {
        json(&restored, condition)
    } else {
        restored.text
    };
    match &args.output {
        Some(path) => vnplan::write_atomically(path, out.as_bytes())?,
        None => {
            let mut stdout = std::io::stdout().lock();
            stdout
                .write_all(out.as_bytes())
                .and_then(|_| stdout.flush())
                .map_err(|e| Error::io("<stdout>", e))?;
        }
    }
    Ok(0)
}

fn json(r: &Restoration, condition: vnplan::restore::Condition) -> String {
    let value = serde_json::json!({
        "condition": condition,
        "noise": r.noise,
        "changes": r.changes,
        "text": r.text,
    });
    let mut s = serde_json::to_string_pretty(&value).unwrap_or_default();
    s.push('\n');
    s
}
