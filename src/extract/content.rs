//! The plan's substance: subjects of emulation (`Đối tượng thi đua`), criteria grouped by
//! `Đối với …` with their percentage targets, the standing body (`… là cơ quan thường
//! trực`) and the priority sectors (`Lĩnh vực …:` items).
//!
//! All of them are read from the body's blocks: a heading block is found by its words, its
//! children are the blocks after it until one of the same or a higher rank.

use super::dict::Dictionaries;
use super::fold::{fold, lead_words, lower_first, near, Folded};
use super::layout::{Block, BlockKind};
use super::Fields;
use crate::record::{CriteriaGroup, Subject, SubjectKind, Target};

/// The blocks under `blocks[i]`.
pub fn children(blocks: &[Block], i: usize) -> &[Block] {
    let depth = blocks[i].kind.depth();
    let end = blocks[i + 1..]
        .iter()
        .position(|b| b.kind != BlockKind::Para && b.kind.depth() <= depth)
        .map_or(blocks.len(), |p| i + 1 + p);
    &blocks[i + 1..end]
}

/// The first heading-like block whose folded text starts with one of `starts`.
fn find_heading(blocks: &[Block], starts: &[&str], skip: &[&str]) -> Option<usize> {
    blocks.iter().position(|b| {
        let f = fold(&b.text);
        b.kind != BlockKind::Dash
            && starts.iter().any(|s| f.starts_with(s))
            && !skip.iter().any(|s| f.contains(s))
    })
}

/// Text after the first `:` (within the first 80 bytes), or `None`.
fn after_colon(t: &str) -> Option<(&str, &str)> {
    let i = t.find(':').filter(|&i| i <= 80)?;
    Some((t[..i].trim(), t[i + 1..].trim()))
}

/// Reads `subjects` from the `Đối tượng thi đua` item.
pub fn read_subjects(body: &[Block], out: &mut Fields) {
    let by_words = find_heading(
        body,
        &["doi tuong thi dua", "doi tuong tham gia"],
        &["khen thuong"],
    );
    // A heading whose words OCR garbled still shows by its items: `Tập thể: …`,
    // `Cá nhân: …` under a heading about `thi đua`.
    let Some(i) = by_words.or_else(|| {
        (0..body.len()).find(|&i| {
            let f = fold(&body[i].text);
            body[i].heading
                && body[i].kind != BlockKind::Section
                && f.contains("thi dua")
                && !f.contains("khen thuong")
                && children(body, i)
                    .iter()
                    .any(|c| subject_label(&c.text).is_some())
        })
    }) else {
        return;
    };
    let mut subjects = Vec::new();
    let head = &body[i];
    let own = after_colon(&head.text)
        .map(|(_, rest)| rest)
        .filter(|r| !r.is_empty());
    let items: Vec<&str> = match own {
        Some(rest) => vec![rest],
        None => children(body, i).iter().map(|b| b.text.as_str()).collect(),
    };
    for text in items {
        let (kind, text) = match subject_label(text) {
            Some((kind, rest)) => (kind, rest),
            None => (guess_kind(text), text),
        };
        subjects.push(Subject {
            kind,
            text: text.to_string(),
        });
    }
    if !subjects.is_empty() {
        out.rec.subjects = subjects;
        out.prov("subjects", Some(head.line), 0.8, false);
    }
}

/// `Tập thể: …` / `Cá nhân: …` (also `Đối với cá nhân:`, and with an OCR slip such as
/// `C4 nhân`): the kind and the text after the label.
fn subject_label(text: &str) -> Option<(SubjectKind, &str)> {
    let (label, rest) = after_colon(text)?;
    if rest.is_empty() {
        return None;
    }
    let f = fold(label);
    let f = f
        .trim_start_matches("doi voi ")
        .trim_start_matches("cac ")
        .trim();
    if near(f, "tap the", 1) {
        Some((SubjectKind::Collective, rest))
    } else if near(f, "ca nhan", 1) {
        Some((SubjectKind::Individual, rest))
    } else {
        None
    }
}

/// Individuals are people (`cán bộ, công chức …`); everything else is a collective.
fn guess_kind(text: &str) -> SubjectKind {
    let f = fold(text);
    let people = [
        "ca nhan",
        "can bo",
        "cong chuc",
        "vien chuc",
        "nguoi lao dong",
        "hoc sinh",
    ];
    // `Toàn thể cán bộ, công chức …`: people named among the first words.
    let lead: String = f.split_whitespace().take(4).collect::<Vec<_>>().join(" ");
    if people.iter().any(|p| lead.contains(p)) {
        SubjectKind::Individual
    } else {
        SubjectKind::Collective
    }
}

/// Reads `criteria` from the `Tiêu chuẩn thi đua` / `Tiêu chí thi đua` item.
pub fn read_criteria(body: &[Block], out: &mut Fields) {
    let starts = [
        "tieu chuan thi dua",
        "tieu chi thi dua",
        "tieu chuan",
        "tieu chi",
    ];
    let Some(mut i) = find_heading(body, &starts, &[]) else {
        return;
    };
    // `IV. TIÊU CHUẨN THI ĐUA VÀ HÌNH THỨC KHEN THƯỞNG` holds `1. Tiêu chuẩn thi đua`: go to
    // the most specific heading.
    while let Some(j) = find_heading(children(body, i), &starts, &[]) {
        i += 1 + j;
    }
    let under = children(body, i);
    // The groups are the items of the highest rank under the heading (`a) Đối với …:`).
    let Some(rank) = under
        .iter()
        .filter(|b| b.kind != BlockKind::Para)
        .map(|b| b.kind.depth())
        .min()
    else {
        return;
    };
    let mut groups = Vec::new();
    for (j, b) in under.iter().enumerate() {
        if b.kind == BlockKind::Para || b.kind.depth() != rank {
            continue;
        }
        let f = fold(&b.text);
        let (label, rest) = match after_colon(&b.text) {
            Some((label, rest)) => (label, rest),
            // A heading, or an item with its criteria below it, names its group whole.
            None if b.heading || !children(under, j).is_empty() => (b.text.as_str(), ""),
            None => continue,
        };
        // A group is addressed as `Đối với X` (or `Đề nghị X` when it is asked to act).
        let skip = ["doi voi ", "de nghi ", "voi "]
            .iter()
            .find(|p| f.starts_with(*p))
            .map_or(0, |p| p.chars().count());
        // `Bởi với …` is `Đối với …` with an OCR slip left in.
        let (two, two_end) = lead_words(label, 2);
        let skip = if skip == 0 && near(&two, "doi voi", 3) && label.len() > two_end {
            label[..two_end].chars().count()
        } else {
            skip
        };
        if skip == 0 && b.kind == BlockKind::Dash {
            continue;
        }
        let group: String = label.chars().skip(skip).collect();
        let group = group.trim().to_string();
        let mut items: Vec<String> = Vec::new();
        if !rest.is_empty() {
            items.extend(sentences(rest));
        }
        for c in children(under, j) {
            if c.kind == BlockKind::Dash || c.kind == BlockKind::Para {
                items.push(c.text.clone());
            }
        }
        let targets = items.iter().flat_map(|t| targets(t)).collect();
        groups.push(CriteriaGroup {
            group: Some(group),
            items,
            targets,
        });
    }
    if !groups.is_empty() {
        out.rec.criteria = groups;
        out.prov("criteria", Some(body[i].line), 0.75, false);
    }
}

/// Splits a run-on paragraph into sentences: at `. ` before a capital or a digit.
pub fn sentences(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut start = 0;
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    for k in 0..chars.len() {
        let (i, c) = chars[k];
        if c != '.' || k + 2 >= chars.len() || chars[k + 1].1 != ' ' {
            continue;
        }
        let next = chars[k + 2].1;
        let prev_dot = k > 0 && chars[k - 1].1 == '.';
        if (next.is_uppercase() || next.is_ascii_digit()) && !prev_dot {
            out.push(text[start..=i].trim().to_string());
            start = chars[k + 2].0;
        }
    }
    let last = text[start..].trim();
    if !last.is_empty() {
        out.push(last.to_string());
    }
    out
}

/// The percentage targets of a criterion: `90% hồ sơ … (trừ …), kết nối …` gives 90 and
/// the phrase up to the first break, parentheses left out.
pub fn targets(text: &str) -> Vec<Target> {
    let re = regex!(r"(\d{1,3}(?:[.,]\d+)?)\s*%");
    let paren = regex!(r"\s*\([^)]*\)");
    let mut out = Vec::new();
    for c in re.captures_iter(text) {
        let (Some(num), Some(all)) = (c.get(1), c.get(0)) else {
            continue;
        };
        let Ok(percent) = num.as_str().replace(',', ".").parse::<f64>() else {
            continue;
        };
        let rest = paren.replace_all(&text[all.end()..], "");
        let what = rest
            .split([',', '.', ';', ':'])
            .next()
            .unwrap_or("")
            .trim()
            .to_string();
        if !what.is_empty() && percent <= 100.0 {
            out.push(Target { percent, what });
        }
    }
    out
}

/// Reads `standing_body` from `… là cơ quan thường trực`, or else from a body followed by
/// `(cơ quan thường trực …)`.
pub fn read_standing_body(body: &[Block], out: &mut Fields) {
    let stated = regex!(r"\s(?:la|lam|1a|13|12|l3|ia)\s+co quan thuong truc");
    let noted = regex!(r"\s*\((?:la\s+)?co quan thuong truc");
    for re in [&stated, &noted] {
        for b in body {
            let folded = Folded::new(&b.text);
            let Some(m) = re.find(&folded.text) else {
                continue;
            };
            let before = &b.text[..folded.to_orig(m.start())];
            // The body is what was assigned: after the last `giao`/`phân công`, else the
            // whole clause from the start of the sentence.
            let lf = fold(before);
            let cut = ["giao cho ", "giao ", "phan cong ", "de nghi "]
                .iter()
                .filter_map(|k| lf.rfind(k).map(|p| (p, k.len())))
                .max_by_key(|(p, _)| *p)
                .map(|(p, len)| Folded::new(before).to_orig(p + len))
                .unwrap_or_else(|| before.rfind(['.', ';']).map_or(0, |p| p + 1));
            let name = before[cut..]
                .trim()
                .trim_matches([',', ':', ' '])
                .to_string();
            if !name.is_empty() && name.split_whitespace().count() <= 12 {
                out.rec.standing_body = Some(name);
                out.prov("standing_body", Some(b.line), 0.85, false);
                return;
            }
        }
    }
}

/// Reads `priority_sectors` from the `Lĩnh vực …:` items, in document order.
pub fn read_sectors(body: &[Block], dict: &Dictionaries, out: &mut Fields) {
    let mut sectors: Vec<String> = Vec::new();
    let mut line = None;
    for b in body {
        if !matches!(
            b.kind,
            BlockKind::Lettered | BlockKind::Dash | BlockKind::Numbered
        ) {
            continue;
        }
        let Some(label) = sector_label(&b.text) else {
            continue;
        };
        let name = dict.sector_near(&label).unwrap_or(label);
        if !sectors.contains(&name) {
            sectors.push(name);
            line.get_or_insert(b.line);
        }
    }
    if !sectors.is_empty() {
        out.rec.priority_sectors = sectors;
        out.prov("priority_sectors", line, 0.85, false);
    }
}

/// The sector an item opens with: `Lĩnh vực y tế: …` (also `Linh viee y tế: …`, or with
/// the colon lost: `Lĩnh vực y tế Phát triển …`), lower case.
fn sector_label(text: &str) -> Option<String> {
    let (two, end) = lead_words(text, 2);
    if !(two == "linh vuc" || (two.starts_with('l') && near(&two, "linh vuc", 3))) {
        return None;
    }
    let rest = text[end..].trim_start();
    let label = match rest.find(':').filter(|&i| i <= 80) {
        Some(i) => rest[..i].trim().to_string(),
        // No colon: the label runs to the first capitalised word (the sentence after it).
        None => rest
            .split_whitespace()
            .take_while(|w| !w.starts_with(|c: char| c.is_uppercase()))
            .take(8)
            .collect::<Vec<_>>()
            .join(" "),
    };
    let label = lower_first(label.trim()).to_lowercase();
    (!label.is_empty()).then_some(label)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets_cut_at_the_first_break() {
        let t = targets("100% chế độ báo cáo định kỳ và văn bản hành chính (trừ văn bản mật) được gửi nhận bằng văn bản điện tử.");
        assert_eq!(t[0].percent, 100.0);
        assert_eq!(
            t[0].what,
            "chế độ báo cáo định kỳ và văn bản hành chính được gửi nhận bằng văn bản điện tử"
        );
        let t = targets("Tối thiểu 70% có hệ thống cơ sở dữ liệu dùng chung, kết nối");
        assert_eq!(t[0].what, "có hệ thống cơ sở dữ liệu dùng chung");
    }

    #[test]
    fn sector_labels_survive_ocr_slips() {
        let cases = [
            ("Lĩnh vực y tế: Phát triển", Some("y tế")),
            ("Linh viee công nghiệp: Chuyển đổi", Some("công nghiệp")),
            ("Lĩnh vực y tế Phát triển nền tảng", Some("y tế")),
            ("Lãnh đạo các cấp: chỉ đạo", None),
        ];
        for (text, want) in cases {
            assert_eq!(sector_label(text).as_deref(), want, "{text}");
        }
        assert_eq!(
            subject_label("C4 nhân: Cán bộ").map(|(k, _)| k),
            Some(SubjectKind::Individual)
        );
    }

    #[test]
    fn sentences_split_before_capitals_and_digits() {
        let s = sentences("90% hồ sơ (trừ hồ sơ mật). 100% chế độ báo cáo. Tối thiểu 70% có.");
        assert_eq!(
            s,
            [
                "90% hồ sơ (trừ hồ sơ mật).",
                "100% chế độ báo cáo.",
                "Tối thiểu 70% có."
            ]
        );
        assert_eq!(
            sentences("người Việt Nam... có nhiều"),
            ["người Việt Nam... có nhiều"]
        );
    }
}
