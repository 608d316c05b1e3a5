//! Restorer benchmarks: model load (start-up) apart from the hot path, and restore throughput
//! on OCR-garbled, accent-stripped and clean text, counted in syllables (word tokens) per
//! second on one core. Run: `cargo bench --bench restore`.

use criterion::{black_box, criterion_group, criterion_main, Criterion, Throughput};
use std::path::Path;
use vnplan::restore::Restorer;
use vnplan::text::{fold, tokenize, TokenKind};

fn read(rel: &str) -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(rel)).expect("corpus file")
}

fn words(text: &str) -> u64 {
    tokenize(text)
        .iter()
        .filter(|t| t.kind == TokenKind::Word)
        .count() as u64
}

fn load(c: &mut Criterion) {
    let mut g = c.benchmark_group("restore/load");
    g.sample_size(20);
    g.bench_function("load_default", |b| {
        b.iter(|| black_box(Restorer::load_default().expect("models load")))
    });
    g.finish();
}

fn throughput(c: &mut Criterion) {
    let restorer = Restorer::load_default().expect("models load");
    let clean = read("corpus/004-hai-duong-2021.clean.txt");
    let inputs = [
        ("ocr_003", read("corpus/003-chi-linh-2021.ocr.txt")),
        ("ocr_000", read("corpus/000-thai-nguyen-2021.ocr.txt")),
        ("stripped_004", fold(&clean)),
        ("clean_004", clean),
    ];
    let mut g = c.benchmark_group("restore/throughput");
    g.sample_size(10);
    for (name, text) in &inputs {
        g.throughput(Throughput::Elements(words(text)));
        g.bench_function(*name, |b| {
            b.iter(|| black_box(restorer.restore(black_box(text))))
        });
    }
    g.finish();
}

criterion_group!(benches, load, throughput);
criterion_main!(benches);
