//! `vnplan restore`: write a garbled or accent-stripped text back as Vietnamese.

use std::path::{Path, PathBuf};

use super::{in_order, load_restorer, output_name, stdin_at_most_once, with_output, Global};
use vnplan::input;
use vnplan::restore::{Condition, Restoration, Restorer};
use vnplan::text::ToneStyle;
use vnplan::Error;

/// Restore OCR-garbled or accent-stripped Vietnamese text.
///
/// Reads texts (files, or standard input for `-` or no argument; any encoding vnplan reads,
/// detected or given with --encoding) and writes them back in UTF-8 with every damaged word
/// restored: `Quyét dinh s6 749/QD-TTg ... ctia Thu tuéng` becomes
/// `Quyết định số 749/QĐ-TTg ... của Thủ tướng`. Only word tokens change: spaces, line
/// breaks, punctuation and numbers come out byte for byte (a text in another encoding is
/// first converted to UTF-8). Text that is already clean Vietnamese comes out unchanged.
/// Several files come out one after the other, as `cat` would print them; one that cannot be
/// read is reported on stderr and the others are still restored (exit status 1).
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
  vnplan restore --encoding tcvn3 old-font.txt                    legacy encoding, forced
  vnplan restore scan.txt --models my-models/                     rebuilt lm.bin / channel.tsv")]
pub struct Args {
    /// The texts to restore; `-` or nothing reads standard input.
    #[arg(value_name = "FILE")]
    pub inputs: Vec<PathBuf>,
    /// Read the inputs in this encoding instead of detecting it: utf-8, utf-16le,
    /// utf-16be, windows-1258, tcvn3, vni, viqr, tcvn3-unicode, vni-unicode, docx, pdf.
    #[arg(long, value_name = "ENC")]
    pub encoding: Option<input::Encoding>,
    /// Write to FILE (whole, through a temporary file) instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Write JSON Lines, one object per input: its name (file), the restored text, the
    /// document's condition, and per changed token its byte span in the (UTF-8) input, input
    /// form, output, confidence (0-1) and runner-up.
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

/// One input restored.
struct Restored {
    name: String,
    warnings: Vec<String>,
    condition: Condition,
    restoration: Restoration,
}

pub fn run(args: Args, global: &Global) -> vnplan::Result<i32> {
    let inputs = if args.inputs.is_empty() {
        vec![PathBuf::from("-")]
    } else {
        args.inputs.clone()
    };
    stdin_at_most_once(&inputs)?;
    let style = match args.tone_style {
        Style::Traditional => ToneStyle::Traditional,
        Style::Modern => ToneStyle::Modern,
    };
    let restorer = load_restorer(args.models.as_deref())?.with_tone_style(style);
    let several = inputs.len() > 1;
    let target = output_name(args.output.as_deref());
    let mut failed = 0usize;
    with_output(args.output.as_deref(), |out| {
        let restore = |arg: &PathBuf| restore_one(arg, &restorer, args.encoding);
        in_order(&inputs, restore, |_, restored| {
            let restored = match restored {
                Ok(r) => r,
                // Alone, an input that cannot be read is the command's error.
                Err(e) if !several => return Err(e),
                Err(e) => {
                    eprintln!("vnplan: {e}");
                    failed += 1;
                    return Ok(());
                }
            };
            for w in &restored.warnings {
                global.warn(&restored.name, w);
            }
            let written = if args.json {
                writeln!(out, "{}", json(&restored))
            } else {
                out.write_all(restored.restoration.text.as_bytes())
            };
            written
                .and_then(|()| out.flush())
                .map_err(|e| Error::io(&target, e))
        })
    })?;
    Ok(if failed > 0 { 1 } else { 0 })
}

/// Reads, decodes (keeping the layout) and restores one input.
fn restore_one(
    arg: &Path,
    restorer: &Restorer,
    encoding: Option<input::Encoding>,
) -> vnplan::Result<Restored> {
    let name = input::display_name(arg);
    let bytes = input::read_input(arg)?;
    let decoded = input::decode_keeping_layout(&bytes, Some(Path::new(&name)), encoding)?;
    let condition = restorer.judge(&decoded.text);
    let restoration = restorer.restore(&decoded.text);
    Ok(Restored {
        name,
        warnings: decoded.warnings,
        condition,
        restoration,
    })
}

fn json(r: &Restored) -> String {
    let value = serde_json::json!({
        "file": r.name,
        "condition": r.condition,
        "noise": r.restoration.noise,
        "changes": r.restoration.changes,
        "text": r.restoration.text,
    });
    value.to_string()
}
