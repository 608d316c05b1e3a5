//! Every encoding and format vnplan reads, each sample built here from one Vietnamese text
//! with vnplan's own encoders (or the zip / lopdf writers), decoded back with detection.

use std::io::Write;
use std::path::Path;
use vnplan::input::{self, cp1258, tcvn3, viqr, vni, Encoding};

const PLAN: &str = "Ủy ban nhân dân tỉnh ban hành Kế hoạch tổ chức phong trào thi đua \
“Chuyển đổi số” giai đoạn 2021 - 2025 trên địa bàn tỉnh như sau.\n\
I. MỤC ĐÍCH, YÊU CẦU\n\
1. Phát huy sức mạnh của cả hệ thống chính trị trong việc tuyên truyền, nâng cao nhận thức \
về chuyển đổi số; khen thưởng kịp thời những tập thể, cá nhân có thành tích xuất sắc.\n";

fn decode(bytes: &[u8], name: &str) -> input::Decoded {
    input::decode(bytes, Some(Path::new(name)), None).unwrap_or_else(|e| panic!("{name}: {e}"))
}

#[test]
fn unicode_encodings_round_trip() {
    let mut bom = b"\xEF\xBB\xBF".to_vec();
    bom.extend_from_slice(PLAN.as_bytes());
    let le: Vec<u8> = PLAN.encode_utf16().flat_map(u16::to_le_bytes).collect();
    let be: Vec<u8> = PLAN.encode_utf16().flat_map(u16::to_be_bytes).collect();
    let mut le_bom = vec![0xFF, 0xFE];
    le_bom.extend_from_slice(&le);
    let mut be_bom = vec![0xFE, 0xFF];
    be_bom.extend_from_slice(&be);
    let cases = [
        ("utf8.txt", PLAN.as_bytes().to_vec(), Encoding::Utf8),
        ("utf8-bom.txt", bom, Encoding::Utf8),
        ("utf16le.txt", le, Encoding::Utf16Le),
        ("utf16be.txt", be, Encoding::Utf16Be),
        ("utf16le-bom.txt", le_bom, Encoding::Utf16Le),
        ("utf16be-bom.txt", be_bom, Encoding::Utf16Be),
    ];
    for (name, bytes, want) in cases {
        let d = decode(&bytes, name);
        assert_eq!(d.encoding, want, "{name}");
        assert_eq!(d.text, PLAN, "{name}");
    }
}

#[test]
fn decomposed_utf8_comes_out_nfc() {
    use unicode_normalization::UnicodeNormalization;
    let nfd: String = PLAN.nfd().collect();
    assert_eq!(decode(nfd.as_bytes(), "nfd.txt").text, PLAN);
}

#[test]
fn windows_1258_round_trip() {
    let d = decode(&cp1258::encode(PLAN), "cp1258.txt");
    assert_eq!(d.encoding, Encoding::Windows1258);
    assert_eq!(d.text, PLAN);
}

#[test]
fn vni_round_trip() {
    let d = decode(&vni::encode(PLAN), "vni.txt");
    assert_eq!(d.encoding, Encoding::Vni);
    // VNI's upper half is all letters and marks: typographic quotes become `?`.
    assert_eq!(d.text, PLAN.replace(['“', '”'], "?"));
}

#[test]
fn tcvn3_round_trip() {
    let d = decode(&tcvn3::encode(PLAN), "tcvn3.txt");
    assert_eq!(d.encoding, Encoding::Tcvn3);
    // Capitals with a tone share the lower-case code (they were set in .VnTimeH).
    let lower_toned: String = PLAN
        .chars()
        .map(|c| {
            let toned = input::marks::split(c).is_some_and(|l| l.tone.is_some());
            if c.is_uppercase() && toned {
                c.to_lowercase().next().unwrap()
            } else {
                c
            }
        })
        .collect();
    assert_eq!(d.text, lower_toned.replace(['“', '”'], "?"));
}

#[test]
fn viqr_round_trip() {
    let encoded = viqr::encode(PLAN);
    assert!(
        encoded.contains("Vie^.c") || encoded.contains("vie^.c"),
        "{encoded}"
    );
    let d = decode(encoded.as_bytes(), "viqr.txt");
    assert_eq!(d.encoding, Encoding::Viqr);
    assert_eq!(d.text, PLAN);
}

#[test]
fn legacy_glyphs_pasted_into_unicode() {
    let vni_glyphs: String = vni::encode(PLAN).iter().map(|&b| char::from(b)).collect();
    let d = decode(vni_glyphs.as_bytes(), "vni-in-word.txt");
    assert_eq!(d.encoding, Encoding::VniGlyphs);
    assert!(
        d.text.starts_with("Ủy ban nhân dân tỉnh ban hành Kế hoạch"),
        "{}",
        d.text
    );
}

#[test]
fn forced_encoding_overrides_detection() {
    let bytes = vni::encode(PLAN);
    let d = input::decode(&bytes, None, Some(Encoding::Windows1258)).unwrap();
    assert_eq!(d.encoding, Encoding::Windows1258);
    assert_ne!(d.text, PLAN);
}

fn docx_bytes(document_xml: &str) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default();
    zip.start_file("[Content_Types].xml", opts).unwrap();
    zip.write_all(b"<?xml version=\"1.0\"?><Types/>").unwrap();
    zip.start_file("word/document.xml", opts).unwrap();
    zip.write_all(document_xml.as_bytes()).unwrap();
    zip.finish().unwrap().into_inner()
}

fn paragraphs_xml(lines: &[&str]) -> String {
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\
         <w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body>",
    );
    for line in lines {
        let escaped = line
            .replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;");
        xml.push_str(&format!(
            "<w:p><w:pPr><w:jc w:val=\"both\"/></w:pPr><w:r><w:rPr><w:b/></w:rPr><w:t xml:space=\"preserve\">{escaped}</w:t></w:r></w:p>"
        ));
    }
    xml.push_str("<w:sectPr/></w:body></w:document>");
    xml
}

#[test]
fn docx_body_text() {
    let lines: Vec<&str> = PLAN.lines().collect();
    let bytes = docx_bytes(&paragraphs_xml(&lines));
    let d = decode(&bytes, "plan.docx");
    assert_eq!(d.encoding, Encoding::Docx);
    assert_eq!(d.text, PLAN);
    // Detected by its magic bytes even without the extension.
    assert_eq!(decode(&bytes, "plan.bin").encoding, Encoding::Docx);
}

#[test]
fn docx_in_legacy_font_is_converted() {
    // A .VnTime document saved as docx keeps the TCVN3 codes as Latin-1 characters.
    let glyphs: String = tcvn3::encode(PLAN.lines().nth(2).unwrap())
        .iter()
        .map(|&b| char::from(b))
        .collect();
    let bytes = docx_bytes(&paragraphs_xml(&[&glyphs]));
    let d = decode(&bytes, "old.docx");
    assert!(d.text.starts_with("1. Phát huy sức mạnh"), "{}", d.text);
    assert_eq!(d.warnings.len(), 1, "{:?}", d.warnings);
}

#[test]
fn broken_docx_is_a_clear_error() {
    let zip_without_document = {
        let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        zip.start_file("x.txt", zip::write::SimpleFileOptions::default())
            .unwrap();
        zip.write_all(b"x").unwrap();
        zip.finish().unwrap().into_inner()
    };
    let e = input::decode(&zip_without_document, Some(Path::new("a.docx")), None).unwrap_err();
    assert!(e.to_string().contains("word/document.xml"), "{e}");
    let e = input::decode(b"PK\x03\x04 truncated", Some(Path::new("b.docx")), None).unwrap_err();
    assert!(e.to_string().starts_with("b.docx: "), "{e}");
}

/// A one-font PDF whose pages show `pages` (one string per page, WinAnsi bytes).
fn pdf_bytes(pages: &[&[u8]]) -> Vec<u8> {
    use lopdf::content::{Content, Operation};
    use lopdf::{dictionary, Document, Object, Stream};
    let mut doc = Document::with_version("1.5");
    let pages_id = doc.new_object_id();
    let font_id = doc.add_object(dictionary! {
        "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Times-Roman",
        "Encoding" => "WinAnsiEncoding",
    });
    let resources_id = doc.add_object(dictionary! { "Font" => dictionary! { "F1" => font_id } });
    let mut kids = Vec::new();
    for text in pages {
        let mut operations = Vec::new();
        if !text.is_empty() {
            operations.push(Operation::new("BT", vec![]));
            operations.push(Operation::new("Tf", vec!["F1".into(), 12.into()]));
            operations.push(Operation::new("Td", vec![72.into(), 720.into()]));
            operations.push(Operation::new(
                "Tj",
                vec![Object::String(text.to_vec(), lopdf::StringFormat::Literal)],
            ));
            operations.push(Operation::new("ET", vec![]));
        }
        let content = Content { operations };
        let content_id = doc.add_object(Stream::new(dictionary! {}, content.encode().unwrap()));
        let page_id = doc.add_object(dictionary! {
            "Type" => "Page", "Parent" => pages_id, "Contents" => content_id,
        });
        kids.push(page_id.into());
    }
    let count = kids.len() as i64;
    doc.objects.insert(
        pages_id,
        Object::Dictionary(dictionary! {
            "Type" => "Pages", "Kids" => kids, "Count" => count,
            "Resources" => resources_id,
            "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
        }),
    );
    let catalog_id = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
    doc.trailer.set("Root", catalog_id);
    let mut out = Vec::new();
    doc.save_to(&mut out).unwrap();
    out
}

#[test]
fn pdf_text_layer_per_page() {
    let bytes = pdf_bytes(&[b"KE HOACH so 105/KH-UBND", b"To chuc phong trao thi dua"]);
    let d = decode(&bytes, "scan.pdf");
    assert_eq!(d.encoding, Encoding::Pdf);
    let lines: Vec<&str> = d.text.lines().filter(|l| !l.trim().is_empty()).collect();
    assert_eq!(
        lines,
        ["KE HOACH so 105/KH-UBND", "To chuc phong trao thi dua"]
    );
}

#[test]
fn pdf_in_vni_font_is_converted() {
    let line = PLAN.lines().nth(2).unwrap();
    let bytes = pdf_bytes(&[&vni::encode(line)]);
    let d = decode(&bytes, "vni.pdf");
    assert_eq!(d.text.trim(), line.replace(['“', '”'], "?"));
}

#[test]
fn pdf_without_text_layer_says_run_ocr() {
    let bytes = pdf_bytes(&[b"", b""]);
    let e = input::decode(&bytes, Some(Path::new("image-only.pdf")), None).unwrap_err();
    assert_eq!(
        e.to_string(),
        "image-only.pdf: no text layer: run OCR first"
    );
}

#[test]
fn bad_input_is_an_error_or_best_effort_never_a_panic() {
    let mut rng = 0x2545F4914F6CDD1Du64;
    let mut next = move || {
        rng ^= rng << 13;
        rng ^= rng >> 7;
        rng ^= rng << 17;
        rng
    };
    for len in [0usize, 1, 2, 3, 7, 64, 1000, 5000] {
        for _ in 0..20 {
            let bytes: Vec<u8> = (0..len).map(|_| next() as u8).collect();
            let _ = input::decode(&bytes, None, None);
            for e in Encoding::ALL {
                let _ = input::decode(&bytes, None, Some(e));
            }
        }
    }
    for prefix in [
        &b"PK\x03\x04"[..],
        b"%PDF-1.4\n",
        b"\xFF\xFE",
        b"\xFE\xFF",
        b"\xEF\xBB\xBF",
    ] {
        let mut bytes = prefix.to_vec();
        bytes.extend((0..300).map(|_| next() as u8));
        let _ = input::decode(&bytes, None, None);
    }
}

#[test]
fn undeterminable_encoding_says_what_was_tried() {
    let noise: Vec<u8> = (0..3000u32)
        .map(|i| (0x80 + (i * 7919) % 0x80) as u8)
        .collect();
    let e = input::decode(&noise, Some(Path::new("x.txt")), None).unwrap_err();
    let msg = e.to_string();
    assert!(
        msg.starts_with("x.txt: cannot determine the text encoding (tried "),
        "{msg}"
    );
    assert!(msg.ends_with("; use --encoding"), "{msg}");
}

#[test]
fn hundred_megabyte_line_is_linear() {
    let line = "thi đua khen thưởng ".repeat(5_000_000);
    let start = std::time::Instant::now();
    let d = input::decode(line.as_bytes(), None, None).unwrap();
    assert_eq!(d.text.len(), line.len());
    assert!(start.elapsed().as_secs() < 20, "{:?}", start.elapsed());
}
