//! Throughput of the text core on the restorer's hot path: tokenizing a page of OCR output,
//! and parsing every word token as a syllable.

use criterion::{black_box, criterion_group, criterion_main, Criterion, Throughput};
use vnplan::text::{canonical, is_syllable, nfc, tokenize, TokenKind};

const OCR: &str = include_str!("../corpus/003-chi-linh-2021.ocr.txt");
const CLEAN: &str = include_str!("../corpus/004-hai-duong-2021.clean.txt");

fn text(c: &mut Criterion) {
    let mut g = c.benchmark_group("text");
    g.throughput(Throughput::Bytes(OCR.len() as u64));
    g.bench_function("tokenize/ocr", |b| b.iter(|| tokenize(black_box(OCR))));
    let words_of = |src: &'static str| {
        tokenize(src)
            .into_iter()
            .filter(|t| t.kind == TokenKind::Word)
            .map(move |t| t.text(src))
    };
    let words: Vec<&str> = words_of(OCR).chain(words_of(CLEAN)).collect();
    g.throughput(Throughput::Elements(words.len() as u64));
    g.bench_function("is_syllable/words", |b| {
        b.iter(|| words.iter().filter(|w| is_syllable(black_box(w))).count())
    });
    g.bench_function("canonical/words", |b| {
        b.iter(|| {
            words
                .iter()
                .map(|w| canonical(black_box(w)).len())
                .sum::<usize>()
        })
    });
    g.throughput(Throughput::Bytes(CLEAN.len() as u64));
    g.bench_function("nfc/clean", |b| b.iter(|| nfc(black_box(CLEAN))));
    g.finish();
}

criterion_group!(benches, text);
criterion_main!(benches);
