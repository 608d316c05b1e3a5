//! `vnplan build`: compile dictionaries and models from source text. One subcommand per
//! artefact; each keeps its logic in the library and only wires files here.

use std::io::BufReader;
use std::path::{Path, PathBuf};

use vnplan::text::inventory::{self, Counter};
use vnplan::{write_atomically, Error};

/// Build a dictionary or model from source text.
///
/// vnplan's models are compiled into the binary; these commands rebuild them, deterministically,
/// from the project's source data (../shared beside the repository): the syllable inventory,
/// the syllable language model and the OCR channel model. A rebuilt model is used by pointing
/// --models at the directory holding it (restore, extract, batch, eval corpus); README
/// "Where the data came from" lists the command that built each shipped file.
#[derive(clap::Args)]
#[command(after_help = "Examples:
  xz -dc ../shared/lm-corpus/*.txt.xz | vnplan build syllables -o dictionaries/syllables.tsv
  vnplan build lm --corpus ../shared/lm-corpus --gazetteer ../shared/gazetteer -o my-models/lm.bin
  vnplan build channel pairs/*.pairs.tsv -o my-models/channel.tsv
  vnplan restore --models my-models/ scan.txt")]
pub struct Args {
    #[command(subcommand)]
    pub what: What,
}

/// What to build.
#[derive(clap::Subcommand)]
pub enum What {
    Syllables(SyllablesArgs),
    Lm(LmArgs),
    Channel(ChannelArgs),
}

/// Build the syllable inventory (dictionaries/syllables.tsv) from clean Vietnamese text.
///
/// Every word token of the input that is a well-formed syllable is counted under its
/// canonical form (lower case, traditional tone placement); every syllable the orthography's
/// rules generate (onset × rime × tone) is added with count 0. Output is sorted and
/// deterministic. The shipped file is built with:
///
///   xz -dc ../shared/lm-corpus/*.txt.xz | vnplan build syllables -o dictionaries/syllables.tsv
#[derive(clap::Args)]
#[command(after_help = "Examples:
  xz -dc ../shared/lm-corpus/*.txt.xz | vnplan build syllables -o dictionaries/syllables.tsv
  vnplan build syllables clean-a.txt clean-b.txt -o syllables.tsv --rejects rejects.tsv")]
pub struct SyllablesArgs {
    /// Clean UTF-8 text files; none or `-` reads standard input.
    #[arg(value_name = "FILE")]
    pub inputs: Vec<PathBuf>,
    /// Where to write the inventory (written whole, then renamed into place).
    #[arg(short, long, alias = "out", value_name = "FILE")]
    pub output: PathBuf,
    /// Also write the all-letter words that are not syllables, with counts (to inspect).
    #[arg(long, value_name = "FILE")]
    pub rejects: Option<PathBuf>,
}

pub fn run(args: Args, global: &super::Global) -> vnplan::Result<i32> {
    let report = |line: &str| {
        if !global.quiet {
            eprintln!("vnplan: {line}");
        }
    };
    match args.what {
        What::Syllables(a) => syllables(a, &report),
        What::Lm(a) => lm(a, &report),
        What::Channel(a) => channel(a, &report),
    }
}

const SYLLABLES_HEADER: &[&str] = &[
    "vnplan syllable inventory: every well-formed Vietnamese syllable (onset x rime x tone under the",
    "spelling rules of src/text/rime.rs) with its count in the LM corpus; count 0 = generated only.",
    "Canonical form: lower case, traditional tone placement (hòa, thủy).",
    "source: counts from ../shared/lm-corpus/*.txt.xz:",
    "  legal-vbpl (GitHub diepxuan/diepxuan.github.io, van-ban/; repo MIT; legal texts are not protected works, IP Law Art. 15),",
    "  laws-vlc (GitHub undertheseanlp/resources, CP_Vietnamese-VLC; as above),",
    "  digital-plans (GitHub thetrungdtt/VNMasterplan; counts only),",
    "  admin-misc (GitHub khanhng29/word_recommend, data/data_19_9_2023.txt; counts only),",
    "  wiki-vi (GitHub undertheseanlp/corpus.viwiki, Vietnamese Wikipedia, CC BY-SA; counts only, attributed in NOTICE)",
    "licence: this list MIT OR Apache-2.0 (as vnplan); it holds counts only, no corpus text",
    "build: xz -dc ../shared/lm-corpus/*.txt.xz | vnplan build syllables -o dictionaries/syllables.tsv",
];

fn syllables(args: SyllablesArgs, report: &dyn Fn(&str)) -> vnplan::Result<i32> {
    let mut counter = Counter::new();
    let stdin_only = args.inputs.is_empty() || args.inputs.iter().all(|p| p == Path::new("-"));
    if stdin_only {
        counter
            .add_reader(std::io::stdin().lock())
            .map_err(|e| Error::io("<stdin>", e))?;
    } else {
        for path in &args.inputs {
            if path == Path::new("-") {
                counter
                    .add_reader(std::io::stdin().lock())
                    .map_err(|e| Error::io("<stdin>", e))?;
                continue;
            }
            let file = vnplan::input::open_file(path)?;
            counter
                .add_reader(BufReader::new(file))
                .map_err(|e| Error::io(path, e))?;
        }
    }
    let (tokens, letter_words, rejected_words) = (
        counter.syllable_tokens(),
        counter.letter_words,
        counter.rejected_words,
    );
    if let Some(path) = &args.rejects {
        let mut text = String::new();
        for (word, count) in counter.rejected() {
            text.push_str(&format!("{word}\t{count}\n"));
        }
        write_atomically(path, text.as_bytes())?;
    }
    let inventory = inventory::build(counter);
    let attested = inventory.iter().filter(|(_, c)| *c > 0).count();
    let header: Vec<String> = SYLLABLES_HEADER.iter().map(|s| s.to_string()).collect();
    let mut out = Vec::new();
    inventory
        .write(&mut out, &header)
        .map_err(|e| Error::io(&args.output, e))?;
    write_atomically(&args.output, &out)?;
    report(&format!(
        "{}: {} syllables ({} attested in {} syllable tokens); {} of {} all-letter words \
         ({:.3}%) are not syllables",
        args.output.display(),
        inventory.len(),
        attested,
        tokens,
        rejected_words,
        letter_words,
        100.0 * rejected_words as f64 / letter_words.max(1) as f64
    ));
    Ok(0)
}

/// Build the restorer's syllable n-gram language model (dictionaries/lm.bin).
///
/// Reads every *.txt / *.txt.xz of the corpus directory (in name order; in-domain files
/// `digital-plans*` and `admin-misc*` several times), adds the gazetteer's unit names as short
/// sentences, counts n-grams, smooths with modified Kneser-Ney, drops rare n-grams and writes
/// a compact binary (8-bit quantised, hashed). Deterministic. The shipped model is built with:
///
///   vnplan build lm --corpus ../shared/lm-corpus --gazetteer ../shared/gazetteer -o dictionaries/lm.bin
#[derive(clap::Args)]
#[command(after_help = "Examples:
  vnplan build lm --corpus ../shared/lm-corpus --gazetteer ../shared/gazetteer -o dictionaries/lm.bin
  vnplan build lm --corpus my-texts/ --order 3 --cutoffs 1,2 -o my-models/lm.bin")]
pub struct LmArgs {
    /// Directory of clean Vietnamese text (*.txt, *.txt.xz).
    #[arg(long, value_name = "DIR")]
    pub corpus: PathBuf,
    /// Directory of gazetteer TSVs (columns province / district / ward are read).
    #[arg(long, value_name = "DIR")]
    pub gazetteer: Option<PathBuf>,
    /// Where to write the model (written whole, then renamed into place).
    #[arg(short, long, alias = "out", value_name = "FILE")]
    pub output: PathBuf,
    /// Model order (2-4).
    #[arg(long, default_value_t = 4)]
    pub order: usize,
    /// Minimum counts to keep an n-gram of order 2, 3 and 4.
    #[arg(long, value_delimiter = ',', default_value = "1,2,3")]
    pub cutoffs: Vec<u32>,
    /// Minimum corpus count for a syllable, and for any other word, to enter the vocabulary
    /// (rarer words are `<unk>`: mostly typos and foreign names).
    #[arg(long, value_delimiter = ',', default_value = "2,3")]
    pub min_count: Vec<u64>,
    /// Hold back every corpus document (`### path` section) whose path's FNV-1a hash is a
    /// multiple of N, so that harm can be measured on text the model never saw
    /// (`scripts/eval-restore` reads the same documents); 0 trains on everything.
    #[arg(long, value_name = "N", default_value_t = vnplan::restore::builder::HOLD_OUT)]
    pub hold_out: u64,
}

fn lm(args: LmArgs, report: &dyn Fn(&str)) -> vnplan::Result<i32> {
    use vnplan::restore::builder::{build_lm, LmSources};
    let mut src = LmSources::new(args.corpus, args.gazetteer);
    src.config.order = args.order.clamp(2, vnplan::restore::lm::MAX_ORDER);
    for (i, c) in args.cutoffs.iter().enumerate().take(3) {
        src.config.cutoffs[i + 2] = *c;
    }
    if let Some(&m) = args.min_count.first() {
        src.min_count = m;
    }
    if let Some(&m) = args.min_count.get(1) {
        src.min_count_other = m;
    }
    src.hold_out = args.hold_out;
    let started = std::time::Instant::now();
    let (model, lines) = build_lm(&src)?;
    for line in lines {
        report(&line);
    }
    let bytes = model.to_bytes();
    write_atomically(&args.output, &bytes)?;
    report(&format!(
        "{}: {:.1} MB in {:.0?}",
        args.output.display(),
        bytes.len() as f64 / 1e6,
        started.elapsed()
    ));
    Ok(0)
}

/// Build the restorer's OCR channel model (dictionaries/channel.tsv) from aligned pairs.
///
/// Starts from generic rules on letter marks and known look-alikes, then learns rewrite costs
/// from `count kind ocr clean` pair files (scripts/align-ocr-pairs.py) by hard EM over
/// letter-cluster alignments. The shipped table is built with:
///
///   scripts/make-ocr-pairs --out PAIRS && scripts/align-ocr-pairs.py all --out PAIRS
///   vnplan build channel PAIRS/*.pairs.tsv -o dictionaries/channel.tsv
///
/// where PAIRS is any folder for the pairs (see README, "Where the data came from").
#[derive(clap::Args)]
#[command(after_help = "Examples:
  vnplan build channel pairs/*.pairs.tsv -o dictionaries/channel.tsv
  vnplan build channel my-engine.pairs.tsv -o my-models/channel.tsv")]
pub struct ChannelArgs {
    /// Pair files (`count kind ocr clean`, `#` comments); `-` reads standard input.
    #[arg(required = true, value_name = "PAIRS")]
    pub pairs: Vec<PathBuf>,
    /// Where to write the table (written whole, then renamed into place).
    #[arg(short, long, alias = "out", value_name = "FILE")]
    pub output: PathBuf,
}

fn channel(args: ChannelArgs, report: &dyn Fn(&str)) -> vnplan::Result<i32> {
    use vnplan::restore::channel_build;
    let mut pairs = Vec::new();
    for p in &args.pairs {
        let bytes = vnplan::input::read_input(p)?;
        let text =
            String::from_utf8(bytes).map_err(|_| Error::input("pair file is not UTF-8").at(p))?;
        pairs.extend(channel_build::read_pairs(&text));
    }
    let names: Vec<String> = args.pairs.iter().map(|p| p.display().to_string()).collect();
    let (text, lines) = channel_build::build(&pairs, &names);
    for line in lines {
        report(&line);
    }
    write_atomically(&args.output, text.as_bytes())?;
    Ok(0)
}
