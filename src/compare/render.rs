//! Writing a [`Comparison`] as Markdown (for reading and pasting into reports), CSV (one
//! row per plan, for spreadsheets) or a self-contained HTML page (a table sorted by
//! clicking its headers, an SVG bar chart of the national documents plans share, and the
//! copies; no external files or scripts).

use super::{Comparison, Row};
use crate::{Error, Result};
use std::fmt::Write as _;
use std::str::FromStr;

/// The report formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Markdown,
    Csv,
    Html,
}

impl FromStr for Format {
    type Err = Error;

    fn from_str(s: &str) -> Result<Format> {
        match s.to_ascii_lowercase().as_str() {
            "md" | "markdown" => Ok(Format::Markdown),
            "csv" => Ok(Format::Csv),
            "html" | "htm" => Ok(Format::Html),
            _ => Err(Error::usage(format!(
                "unknown format `{s}` (known: md, csv, html)"
            ))),
        }
    }
}

/// The report in `format`.
pub fn render(c: &Comparison, format: Format) -> String {
    match format {
        Format::Markdown => markdown(c),
        Format::Csv => csv(c),
        Format::Html => html(c),
    }
}

const HEADERS: [&str; 11] = [
    "Plan",
    "Issuer",
    "Date",
    "Number",
    "Movement",
    "Period",
    "Standing body",
    "Awards (quotas)",
    "Priority sectors",
    "National documents cited",
    "Copies",
];

fn cells(r: &Row) -> [String; 11] {
    [
        r.label.clone(),
        r.issuer.clone(),
        r.date.clone(),
        r.number.clone(),
        r.movement.clone(),
        r.period.clone(),
        r.standing_body.clone(),
        r.awards.join("; "),
        r.sectors.join(", "),
        r.national.join(", "),
        r.copies.join(", "),
    ]
}

fn md_cell(s: &str) -> String {
    s.replace('\\', "\\\\")
        .replace('|', "\\|")
        .replace(['\n', '\r'], " ")
}

fn markdown(c: &Comparison) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# Plans side by side\n");
    let _ = writeln!(out, "| {} |", HEADERS.join(" | "));
    let _ = writeln!(out, "|{}", "---|".repeat(HEADERS.len()));
    for r in &c.rows {
        let row: Vec<String> = cells(r).iter().map(|s| md_cell(s)).collect();
        let _ = writeln!(out, "| {} |", row.join(" | "));
    }
    let _ = writeln!(out, "\n## National documents cited\n");
    if c.national.is_empty() {
        let _ = writeln!(out, "None found.");
    } else {
        let _ = writeln!(
            out,
            "| Document | Type | Issuer | Plans | Cited by |\n|---|---|---|---|---|"
        );
        for s in &c.national {
            let by: Vec<&str> = s
                .cited_by
                .iter()
                .map(|&i| c.rows[i].label.as_str())
                .collect();
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} | {} |",
                md_cell(&s.number),
                md_cell(&s.doc_type),
                md_cell(&s.issuer),
                s.cited_by.len(),
                md_cell(&by.join(", "))
            );
        }
    }
    let _ = writeln!(out, "\n## Copies and shared text (word 5-grams)\n");
    if c.copies.is_empty() {
        let _ = writeln!(out, "No plan shares much text with another.");
    } else {
        let _ = writeln!(
            out,
            "| Plan | Relation | Other plan | Share of its text | Share of the other |\n|---|---|---|---|---|"
        );
        for k in &c.copies {
            let _ = writeln!(
                out,
                "| {} | {} | {} | {:.0}% | {:.0}% |",
                md_cell(&c.rows[k.copier].label),
                k.relation(),
                md_cell(&c.rows[k.original].label),
                k.containment * 100.0,
                k.reverse * 100.0
            );
        }
    }
    notes(c, &mut out, "\n");
    out
}

fn notes(c: &Comparison, out: &mut String, lead: &str) {
    if c.without_text > 0 {
        let _ = writeln!(
            out,
            "{lead}{} plans had no text to compare (run `batch --restored`, or pass --text DIR).",
            c.without_text
        );
    }
    if !c.skipped.is_empty() {
        let _ = writeln!(out, "{lead}{} inputs had no record:", c.skipped.len());
        for s in &c.skipped {
            let _ = writeln!(out, "- {}", md_cell(s));
        }
    }
}

fn csv_cell(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

fn csv(c: &Comparison) -> String {
    let mut out = String::new();
    let mut header: Vec<&str> = HEADERS.to_vec();
    header.insert(1, "Source");
    let _ = writeln!(out, "{}", header.join(","));
    for r in &c.rows {
        let mut row: Vec<String> = cells(r).iter().map(|s| csv_cell(s)).collect();
        row.insert(1, csv_cell(&r.source));
        let _ = writeln!(out, "{}", row.join(","));
    }
    out
}

fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for ch in s.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

const STYLE: &str = "body{font-family:system-ui,sans-serif;margin:2em;color:#222}\
table{border-collapse:collapse;font-size:13px;margin-bottom:2em}\
th,td{border:1px solid #ccc;padding:4px 6px;vertical-align:top;text-align:left}\
th{background:#eef;cursor:pointer;position:sticky;top:0}th:hover{background:#dde}\
tr:nth-child(even) td{background:#fafafa}caption{text-align:left;font-weight:bold;margin:.5em 0}";

/// Sorts a table by the clicked column; numbers and ISO dates sort as such, a second click
/// reverses.
const SCRIPT: &str = "document.querySelectorAll('table.sortable th').forEach(function(th,col){\
th.addEventListener('click',function(){var t=th.closest('table'),b=t.tBodies[0];\
var rows=Array.from(b.rows),dir=th.dataset.dir==='asc'?-1:1;th.dataset.dir=dir===1?'asc':'desc';\
rows.sort(function(x,y){var a=x.cells[col].innerText.trim(),c=y.cells[col].innerText.trim();\
var na=parseFloat(a),nc=parseFloat(c);if(!isNaN(na)&&!isNaN(nc)&&/^[\\d.]+%?$/.test(a)&&/^[\\d.]+%?$/.test(c))return dir*(na-nc);\
return dir*a.localeCompare(c,'vi');});rows.forEach(function(r){b.appendChild(r);});});});";

fn html_table(out: &mut String, caption: &str, headers: &[&str], rows: &[Vec<String>]) {
    let _ = write!(
        out,
        "<table class=\"sortable\"><caption>{}</caption><thead><tr>",
        esc(caption)
    );
    for h in headers {
        let _ = write!(out, "<th title=\"click to sort\">{}</th>", esc(h));
    }
    out.push_str("</tr></thead><tbody>\n");
    for row in rows {
        out.push_str("<tr>");
        for cell in row {
            // Awards are listed one per line; split before escaping (entities hold `;`).
            let parts: Vec<String> = cell.split("; ").map(esc).collect();
            let _ = write!(out, "<td>{}</td>", parts.join(";<br>"));
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody></table>\n");
}

/// A horizontal bar chart: one bar per national document cited by more than one plan (or
/// the most cited ones when none is shared), its length the number of plans citing it.
fn svg_chart(c: &Comparison) -> String {
    let shared: Vec<_> = c
        .national
        .iter()
        .filter(|s| s.cited_by.len() > 1)
        .take(25)
        .collect();
    let bars: Vec<_> = if shared.is_empty() {
        c.national.iter().take(10).collect()
    } else {
        shared
    };
    if bars.is_empty() {
        return String::new();
    }
    let max = bars
        .iter()
        .map(|s| s.cited_by.len())
        .max()
        .unwrap_or(1)
        .max(1);
    let (label_w, bar_w, row_h) = (190.0, 420.0, 22.0);
    let height = row_h * bars.len() as f64 + 30.0;
    let mut svg = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{}\" height=\"{height}\" role=\"img\" \
         aria-label=\"National documents shared by the plans\" font-size=\"12\">",
        label_w + bar_w + 60.0
    );
    for (i, s) in bars.iter().enumerate() {
        let y = 10.0 + i as f64 * row_h;
        let w = bar_w * s.cited_by.len() as f64 / max as f64;
        let by: Vec<&str> = s
            .cited_by
            .iter()
            .map(|&k| c.rows[k].label.as_str())
            .collect();
        let _ = write!(
            svg,
            "<g><title>{} {} ({}) — {}</title>\
             <text x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text>\
             <rect x=\"{label_w}\" y=\"{y}\" width=\"{w:.1}\" height=\"{}\" fill=\"#4a7bd0\"/>\
             <text x=\"{:.1}\" y=\"{}\">{}</text></g>",
            esc(&s.doc_type),
            esc(&s.number),
            esc(&s.issuer),
            esc(&by.join(", ")),
            label_w - 6.0,
            y + 14.0,
            esc(&s.number),
            row_h - 6.0,
            label_w + w + 4.0,
            y + 14.0,
            s.cited_by.len()
        );
    }
    svg.push_str("</svg>");
    svg
}

fn html(c: &Comparison) -> String {
    let mut out = String::new();
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"vi\"><head><meta charset=\"utf-8\">\
         <title>Plans side by side</title><style>{STYLE}</style></head><body>\n\
         <h1>Plans side by side</h1><p>{} plans. Click a column header to sort.</p>\n",
        c.rows.len()
    );
    let rows: Vec<Vec<String>> = c.rows.iter().map(|r| cells(r).to_vec()).collect();
    html_table(&mut out, "Plans", &HEADERS, &rows);

    out.push_str("<h2>National documents the plans cite</h2>\n");
    let chart = svg_chart(c);
    if chart.is_empty() {
        out.push_str("<p>None found.</p>\n");
    } else {
        out.push_str(&chart);
        let rows: Vec<Vec<String>> = c
            .national
            .iter()
            .map(|s| {
                let by: Vec<&str> = s
                    .cited_by
                    .iter()
                    .map(|&i| c.rows[i].label.as_str())
                    .collect();
                vec![
                    s.number.clone(),
                    s.doc_type.clone(),
                    s.issuer.clone(),
                    s.cited_by.len().to_string(),
                    by.join(", "),
                ]
            })
            .collect();
        html_table(
            &mut out,
            "National documents",
            &["Document", "Type", "Issuer", "Plans", "Cited by"],
            &rows,
        );
    }

    out.push_str("<h2>Copies and shared text</h2>\n");
    if c.copies.is_empty() {
        out.push_str("<p>No plan shares much text with another.</p>\n");
    } else {
        let rows: Vec<Vec<String>> = c
            .copies
            .iter()
            .map(|k| {
                vec![
                    c.rows[k.copier].label.clone(),
                    k.relation().to_string(),
                    c.rows[k.original].label.clone(),
                    format!("{:.0}%", k.containment * 100.0),
                    format!("{:.0}%", k.reverse * 100.0),
                ]
            })
            .collect();
        html_table(
            &mut out,
            "Plans whose text is found in another (shared word 5-grams)",
            &[
                "Plan",
                "Relation",
                "Other plan",
                "Share of its text",
                "Share of the other",
            ],
            &rows,
        );
    }
    let mut note = String::new();
    notes(c, &mut note, "");
    if !note.is_empty() {
        let _ = writeln!(out, "<pre>{}</pre>", esc(&note));
    }
    let _ = write!(out, "<script>{SCRIPT}</script>\n</body></html>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::super::{Copy, SharedRef};
    use super::*;

    fn sample() -> Comparison {
        let row = |label: &str, issuer: &str| Row {
            label: label.into(),
            source: format!("corpus/{label}.txt"),
            issuer: issuer.into(),
            level: "tỉnh".into(),
            date: "2021-08-25".into(),
            number: "3125/KH-UBND".into(),
            movement: "Chuyển đổi số".into(),
            period: "2021–2025".into(),
            standing_body: "Sở Nội vụ".into(),
            awards: vec![
                "Bằng khen (Chủ tịch UBND tỉnh): ≤ 20 tập thể".into(),
                "Giấy khen".into(),
            ],
            sectors: vec!["y tế".into(), "giáo dục".into()],
            national: vec!["749/QĐ-TTg".into()],
            copies: vec![],
        };
        Comparison {
            rows: vec![
                row("004", "Ủy ban nhân dân tỉnh A"),
                row("003", "UBND \"B\" | <C>, D"),
            ],
            national: vec![SharedRef {
                number: "749/QĐ-TTg".into(),
                doc_type: "Quyết định".into(),
                issuer: "Thủ tướng Chính phủ".into(),
                cited_by: vec![0, 1],
            }],
            copies: vec![Copy {
                copier: 1,
                original: 0,
                containment: 0.87,
                reverse: 0.6,
            }],
            without_text: 0,
            skipped: vec![],
        }
    }

    #[test]
    fn markdown_escapes_pipes() {
        let md = render(&sample(), Format::Markdown);
        assert!(md.contains("UBND \"B\" \\| <C>, D"));
        assert!(md.contains("| 003 | copies | 004 | 87% | 60% |"));
        assert!(md.contains("| 749/QĐ-TTg | Quyết định | Thủ tướng Chính phủ | 2 | 004, 003 |"));
    }

    #[test]
    fn csv_quotes() {
        let csv = render(&sample(), Format::Csv);
        let lines: Vec<&str> = csv.lines().collect();
        assert_eq!(lines.len(), 3);
        assert!(lines[0].starts_with("Plan,Source,Issuer,Date"));
        assert!(
            lines[2].contains("\"UBND \"\"B\"\" | <C>, D\""),
            "{}",
            lines[2]
        );
    }

    #[test]
    fn html_is_self_contained_and_escaped() {
        let html = render(&sample(), Format::Html);
        assert!(html.contains("<svg") && html.contains("<script>"));
        assert!(!html.contains("src=") && !html.contains("href="));
        assert!(html.contains("UBND &quot;B&quot; | &lt;C&gt;, D"));
        assert!(!html.contains("<C>"));
    }

    #[test]
    fn formats_parse() {
        assert_eq!("MD".parse::<Format>().unwrap(), Format::Markdown);
        assert!("pdf".parse::<Format>().is_err());
    }
}
