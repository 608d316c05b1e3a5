//! PDFs with a text layer (born-digital, or scanned and already OCRed): the text of each page,
//! pages separated by a blank line. A scan without a text layer is reported as such, since
//! vnplan restores OCR output but does not do OCR itself.

use crate::{Error, Result};

/// Whether `bytes` look like a PDF.
pub fn is_pdf(bytes: &[u8]) -> bool {
    bytes.starts_with(b"%PDF-")
}

/// Extracts the text layer of every page.
pub fn extract(bytes: &[u8]) -> Result<String> {
    // lopdf is a large parser fed with untrusted files: a panic inside it must become an
    // error for this file, not end the run.
    let outcome = std::panic::catch_unwind(|| extract_pages(bytes));
    match outcome {
        Ok(result) => result,
        Err(_) => Err(Error::input(
            "PDF parser failed on this file (malformed PDF)",
        )),
    }
}

fn extract_pages(bytes: &[u8]) -> Result<String> {
    let doc = lopdf::Document::load_mem(bytes)
        .map_err(|e| Error::input(format!("not a readable PDF: {e}")))?;
    let pages: Vec<u32> = doc.get_pages().keys().copied().collect();
    if pages.is_empty() {
        return Err(Error::input("PDF has no pages"));
    }
    let mut text = String::new();
    let mut failed = 0usize;
    for &n in &pages {
        match doc.extract_text(&[n]) {
            Ok(page) => {
                if !text.is_empty() {
                    text.push('\n');
                }
                text.push_str(page.trim_end());
                text.push('\n');
            }
            Err(_) => failed += 1,
        }
    }
    if text.trim().is_empty() {
        return Err(Error::input(if failed > 0 {
            format!(
                "no readable text layer ({failed} of {} pages failed): run OCR first",
                pages.len()
            )
        } else {
            "no text layer: run OCR first".to_string()
        }));
    }
    Ok(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn garbage_is_an_error_not_a_panic() {
        for bytes in [
            &b"%PDF-1.4\n garbage"[..],
            b"%PDF-",
            b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF",
        ] {
            assert!(extract(bytes).is_err());
        }
    }
}
