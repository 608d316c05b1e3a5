//! Extractor benchmarks: building the extractor (parsing the dictionaries compiled into the
//! binary, 14k administrative units among them) apart from the hot path, and extraction
//! throughput on restored plans, in bytes per second on one core.
//! Run: `cargo bench --bench extract`.

use criterion::{black_box, criterion_group, criterion_main, Criterion, Throughput};
use std::path::Path;
use vnplan::extract::Extractor;

fn read(rel: &str) -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(rel)).expect("corpus file")
}

fn load(c: &mut Criterion) {
    let mut g = c.benchmark_group("extract/load");
    g.sample_size(20);
    g.bench_function("new", |b| {
        b.iter(|| black_box(Extractor::new().expect("dictionaries parse")))
    });
    g.finish();
}

fn throughput(c: &mut Criterion) {
    let ex = Extractor::new().expect("dictionaries parse");
    let inputs = [
        ("restored_000", read("corpus/gold/dev/000.restored.txt")),
        ("restored_003", read("corpus/gold/dev/003.restored.txt")),
        ("clean_004", read("corpus/004-hai-duong-2021.clean.txt")),
    ];
    let mut g = c.benchmark_group("extract/throughput");
    g.sample_size(20);
    for (name, text) in &inputs {
        g.throughput(Throughput::Bytes(text.len() as u64));
        g.bench_function(*name, |b| b.iter(|| black_box(ex.extract(black_box(text)))));
    }
    g.finish();
}

criterion_group!(benches, load, throughput);
criterion_main!(benches);
