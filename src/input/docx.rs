//! `.docx` files: the text of the document body (`word/document.xml`), one paragraph a line.
//!
//! A docx is a zip archive of XML parts. The body's text sits in `<w:t>` elements inside runs
//! (`<w:r>`); tabs and breaks are empty elements of their own (`<w:tab/>`, `<w:br/>`), and a
//! paragraph ends with `</w:p>`. Everything else (properties, deleted text, field codes) is
//! skipped. A small hand-written scanner is enough for this and keeps a dependency out.

use crate::{Error, Result};
use std::io::Read;

/// The most uncompressed XML we read: far above any plan, and a stop for zip bombs.
const MAX_XML_BYTES: u64 = 256 * 1024 * 1024;

/// Whether `bytes` look like a zip archive (docx, xlsx, odt, …).
pub fn is_zip(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04")
}

/// Extracts the body text of a docx.
pub fn extract(bytes: &[u8]) -> Result<String> {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes))
        .map_err(|e| Error::input(format!("not a readable docx (zip) file: {e}")))?;
    let mut part = archive
        .by_name("word/document.xml")
        .map_err(|_| Error::input("zip archive without word/document.xml: not a docx file"))?;
    let mut xml = Vec::new();
    (&mut part)
        .take(MAX_XML_BYTES + 1)
        .read_to_end(&mut xml)
        .map_err(|e| Error::input(format!("docx: cannot inflate word/document.xml: {e}")))?;
    if xml.len() as u64 > MAX_XML_BYTES {
        return Err(Error::input(format!(
            "docx: word/document.xml is over {} MiB",
            MAX_XML_BYTES >> 20
        )));
    }
    let xml = String::from_utf8_lossy(&xml);
    Ok(body_text(&xml))
}

/// The local name of a tag (`w:t` → `t`) and whether it closes (`</w:p>`) or is empty
/// (`<w:br/>`).
fn tag_name(tag: &str) -> (&str, bool, bool) {
    let closing = tag.starts_with('/');
    let empty = tag.ends_with('/');
    let name = tag
        .trim_start_matches('/')
        .split(|c: char| c.is_whitespace() || c == '/')
        .next()
        .unwrap_or("");
    let local = name.rsplit(':').next().unwrap_or(name);
    (local, closing, empty)
}

/// The text of the `<w:body>` of document.xml.
pub fn body_text(xml: &str) -> String {
    let mut out = String::with_capacity(xml.len() / 4);
    let mut in_body = false;
    let mut in_run = 0usize;
    let mut in_text = false;
    let mut rest = xml;
    while let Some(lt) = rest.find('<') {
        if in_text && in_body {
            unescape_into(&rest[..lt], &mut out);
        }
        let after = &rest[lt + 1..];
        // Comments, processing instructions and declarations: skip to their end.
        let end = if let Some(comment) = after.strip_prefix("!--") {
            comment.find("-->").map(|i| 3 + i + 2)
        } else {
            tag_end(after)
        };
        let Some(end) = end else { break };
        let tag = &after[..end];
        rest = &after[end + 1..];
        if tag.starts_with('!') || tag.starts_with('?') {
            continue;
        }
        let (name, closing, empty) = tag_name(tag);
        match (name, closing) {
            ("body", false) => in_body = true,
            ("body", true) => in_body = false,
            ("r", false) if !empty => in_run += 1,
            ("r", true) => in_run = in_run.saturating_sub(1),
            ("t", false) => in_text = !empty,
            ("t", true) => in_text = false,
            ("tab", false) if in_run > 0 && in_body => out.push('\t'),
            ("br" | "cr", false) if in_run > 0 && in_body => out.push('\n'),
            ("noBreakHyphen", false) if in_body => out.push('-'),
            ("p", true) if in_body => out.push('\n'),
            _ => {}
        }
    }
    out
}

/// The index of the `>` that ends the tag starting `s`, skipping quoted attribute values.
fn tag_end(s: &str) -> Option<usize> {
    let mut quote: Option<char> = None;
    for (i, c) in s.char_indices() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'') => quote = Some(c),
            (None, '>') => return Some(i),
            _ => {}
        }
    }
    None
}

/// Appends `s` with XML entities replaced; an unknown entity is kept as written.
pub fn unescape_into(s: &str, out: &mut String) {
    let mut rest = s;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let after = &rest[amp + 1..];
        let semi = after.find(';').filter(|&i| i <= 10);
        let decoded = semi.and_then(|i| {
            let name = &after[..i];
            let c = match name {
                "lt" => '<',
                "gt" => '>',
                "amp" => '&',
                "quot" => '"',
                "apos" => '\'',
                _ => {
                    let code =
                        if let Some(hex) = name.strip_prefix("#x").or(name.strip_prefix("#X")) {
                            u32::from_str_radix(hex, 16).ok()
                        } else {
                            name.strip_prefix('#').and_then(|d| d.parse().ok())
                        };
                    char::from_u32(code?)?
                }
            };
            Some((c, i))
        });
        match decoded {
            Some((c, i)) => {
                out.push(c);
                rest = &after[i + 1..];
            }
            None => {
                out.push('&');
                rest = after;
            }
        }
    }
    out.push_str(rest);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn body_text_table() {
        let cases = [
            (
                r#"<w:document><w:body><w:p><w:r><w:t>Kế hoạch</w:t></w:r></w:p><w:p><w:r><w:t xml:space="preserve">số </w:t><w:tab/><w:t>105</w:t></w:r></w:p></w:body></w:document>"#,
                "Kế hoạch\nsố \t105\n",
            ),
            (
                r#"<w:body><w:p><w:pPr><w:tabs><w:tab w:val="left" w:pos="720"/></w:tabs></w:pPr><w:r><w:t>a &amp; b &lt;c&gt; &#7871;&#x1EBF;</w:t><w:br/><w:t>d</w:t></w:r></w:p></w:body>"#,
                "a & b <c> ếế\nd\n",
            ),
            (
                r#"<w:body><!-- <w:t>no</w:t> --><w:p><w:r><w:delText>gone</w:delText><w:t a=">">kept</w:t></w:r></w:p></w:body>"#,
                "kept\n",
            ),
            ("<w:body><w:p><w:r><w:t>unterminated", ""),
            ("&bogus; <<<", ""),
        ];
        for (xml, want) in cases {
            assert_eq!(body_text(xml), want, "{xml}");
        }
    }

    #[test]
    fn not_a_zip() {
        let err = extract(b"PK\x03\x04garbage").unwrap_err();
        assert!(err.to_string().contains("docx"), "{err}");
    }
}
