//! The signer's name of a damaged page is re-read with the name model, and a name on an
//! undamaged page is never touched.

use vnplan::extract::Extractor;

fn text() -> String {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(root.join("corpus/gold/dev/000.restored.txt")).expect("sample 000")
}

fn signer(ex: &Extractor, restored: &str, printed: Option<&str>) -> Option<String> {
    ex.extract_restored(restored, printed)
        .signer
        .and_then(|s| s.name)
}

#[test]
fn a_stripped_signer_is_read_as_a_name() {
    let ex = Extractor::new().expect("extractor");
    let clean = text();
    assert!(clean.contains("Lê Quang Tiến"));
    // The page as a stripping engine left it, and the restorer's running-text guess.
    let printed = clean.replace("Lê Quang Tiến", "Le Quang Tien");
    let restored = clean.replace("Lê Quang Tiến", "Lệ Quảng Tiền");
    assert_eq!(
        signer(&ex, &restored, Some(&printed)).as_deref(),
        Some("Lê Quang Tiến")
    );
}

#[test]
fn an_undamaged_page_keeps_its_rare_name() {
    let ex = Extractor::new().expect("extractor");
    // A name no list holds, on a page restoration left as it was.
    let clean = text().replace("Lê Quang Tiến", "Lệ Quảng Tiền");
    assert_eq!(
        signer(&ex, &clean, Some(&clean)).as_deref(),
        Some("Lệ Quảng Tiền")
    );
    assert_eq!(signer(&ex, &clean, None).as_deref(), Some("Lệ Quảng Tiền"));
}
