//! `.docx` files: the text of the document body (`word/document.xml`), one paragraph a line.
//!
//! A docx is a zip archive of XML parts. The body's text sits in `<w:t>` elements inside runs
//! (`<w:r>`); tabs and breaks are empty elements of their own (`<w:tab/>`, `<w:br/>`), and a
//! paragraph ends with `</w:p>` (or is an empty `<w:p/>`). Everything else (properties,
//! deleted text, field codes, comments) is skipped. quick-xml reads the XML: CDATA sections,
//! character and entity references, comments and quoted `>` in attributes are its business,
//! not a scanner of our own.

use crate::{Error, Result};
use quick_xml::escape::resolve_predefined_entity;
use quick_xml::events::{BytesRef, Event};
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

/// The text of the `<w:body>` of document.xml. XML that is not well formed is read as far as
/// it goes.
pub fn body_text(xml: &str) -> String {
    let mut out = String::with_capacity(xml.len() / 4);
    let mut reader = quick_xml::Reader::from_str(xml);
    // Mismatched end tags are read past, not an error: the text is what matters.
    reader.config_mut().check_end_names = false;
    let mut in_body = false;
    let mut in_run = 0usize;
    let mut in_text = false;
    loop {
        let event = match reader.read_event() {
            Ok(Event::Eof) | Err(_) => break,
            Ok(event) => event,
        };
        let taking = in_text && in_body;
        let empty = matches!(event, Event::Empty(_));
        match event {
            Event::Start(e) | Event::Empty(e) => {
                match e.local_name().into_inner() {
                    "body" if !empty => in_body = true,
                    "r" if !empty => in_run += 1,
                    "t" => in_text = !empty,
                    "tab" if in_run > 0 && in_body => out.push('\t'),
                    "br" | "cr" if in_run > 0 && in_body => out.push('\n'),
                    "noBreakHyphen" if in_body => out.push('-'),
                    // An empty paragraph is a blank line.
                    "p" if empty && in_body => out.push('\n'),
                    _ => {}
                }
            }
            Event::End(e) => match e.local_name().into_inner() {
                "body" => in_body = false,
                "r" => in_run = in_run.saturating_sub(1),
                "t" => in_text = false,
                "p" if in_body => out.push('\n'),
                _ => {}
            },
            Event::Text(t) if taking => out.push_str(&t),
            Event::CData(t) if taking => out.push_str(&t),
            Event::GeneralRef(r) if taking => push_reference(&r, &mut out),
            _ => {}
        }
    }
    out
}

/// Appends what `&name;` stands for: a character reference or one of XML's five entities;
/// another entity (there is no DTD to define it) is kept as written.
fn push_reference(reference: &BytesRef, out: &mut String) {
    if let Ok(Some(c)) = reference.resolve_char_ref() {
        out.push(c);
        return;
    }
    let name: &str = reference;
    match resolve_predefined_entity(name) {
        Some(text) => out.push_str(text),
        None => {
            out.push('&');
            out.push_str(name);
            out.push(';');
        }
    }
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
            ("<w:body><w:p><w:r><w:t>unterminated", "unterminated"),
            ("&bogus; <<<", ""),
            (
                r#"<w:body><w:p><w:r><w:t>&nbsp;&#xZZ;</w:t></w:r></w:p></w:body>"#,
                "&nbsp;&#xZZ;\n",
            ),
            // Empty paragraphs are blank lines; CDATA is text.
            (
                r#"<w:body><w:p><w:r><w:t>Điều 1</w:t></w:r></w:p><w:p/><w:p w:rsidR="00A1"/><w:p><w:r><w:t><![CDATA[a < b & c]]></w:t></w:r></w:p></w:body>"#,
                "Điều 1\n\n\na < b & c\n",
            ),
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
