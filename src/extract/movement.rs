//! The emulation movement a plan launches (phong trào thi đua, đợt thi đua): whether there
//! is one, its name and its period.
//!
//! Most Kế hoạch launch no movement; their records keep `movement`, `subjects`, `criteria`,
//! `awards` and `standing_body` empty, even when the body mentions `các phong trào thi đua`
//! in passing. A plan launches one when its title says so (`Phát động phong trào thi đua …`,
//! `Tổ chức Đợt thi đua …`), or when its body is laid out as one (`Chủ đề thi đua`, `Đối
//! tượng thi đua`, `Tiêu chí thi đua`, `Hình thức khen thưởng`).
//!
//! The name is the quotation the title gives it (`“Chuyển đổi số giai đoạn 2021-2025”`), the
//! body's `Chủ đề thi đua: …`/`Khẩu hiệu: …`, or the title's words after `phong trào thi
//! đua`. The period comes from the plan's own `Thời gian` part, else from the title or the
//! name, never from a term of office (`nhiệm kỳ 2026 - 2031`) or a horizon (`đến năm 2030`).

use super::fold::{fold, squeeze, Folded};
use super::layout::{Block, Segments};
use crate::record::{Movement, Period};
use regex::Regex;

/// Labels of the body that only a plan for a movement has.
const MOVEMENT_LABELS: [&str; 6] = [
    "chu de thi dua",
    "khau hieu thi dua",
    "doi tuong thi dua",
    "noi dung thi dua",
    "tieu chi thi dua",
    "tieu chuan thi dua",
];

/// Whether the plan launches a movement, from its title and its body's labels.
pub fn launches(title: Option<&str>, seg: &Segments) -> bool {
    if title.is_some_and(|t| fold(t).contains("thi dua")) {
        return true;
    }
    let labels = seg
        .body
        .iter()
        .filter(|b| {
            let f = fold(&b.text);
            let lead: String = f.chars().take(40).collect();
            MOVEMENT_LABELS.iter().any(|l| lead.contains(l))
                || (b.heading && lead.contains("hinh thuc khen thuong"))
        })
        .count();
    labels >= 2
}

/// The movement of a plan that launches one.
pub fn read(title: &str, seg: &Segments) -> Movement {
    let quoted = regex!(r#"[“"«]([^“”"«»]+)[”"»]"#);
    let name = quoted
        .captures(title)
        .and_then(|c| c.get(1))
        .map(|m| m.as_str().trim().to_string())
        .or_else(|| labelled_name(&seg.body))
        .or_else(|| unquoted_name(title));
    let period = span_period(title)
        .or_else(|| name.as_deref().and_then(span_period))
        .or_else(|| own_period(&seg.body))
        .or_else(|| single_year(title));
    Movement { name, period }
}

/// The movement's name as the text agrees on it: the name recurs in the text, and where the
/// restorer read it differently, the reading that is all Vietnamese syllables and most
/// often repeated wins.
pub fn settle_name(name: &str, seg: &Segments) -> String {
    let quoted = regex!(r#"[“"«]([^“”"«»]+)[”"»]"#);
    let texts: Vec<&str> = seg
        .preamble
        .iter()
        .chain(seg.body.iter())
        .map(|b| b.text.as_str())
        .collect();
    consensus(name, &texts, quoted)
}

/// The reading of a quoted name that the text agrees on: among the quotations within a
/// fifth of `name` (folded), the one whose words are all syllables, then the most frequent,
/// then the first.
fn consensus(name: &str, texts: &[&str], quoted: &Regex) -> String {
    let target = fold(&squeeze(name));
    let mut readings: Vec<(String, usize)> = vec![(squeeze(name), 1)];
    for t in texts {
        for c in quoted.captures_iter(t) {
            let Some(m) = c.get(1) else { continue };
            let r = squeeze(m.as_str());
            if r.len() > 2 * name.len() + 8 {
                continue;
            }
            let d = strsim::levenshtein(&fold(&r), &target);
            if d * 5 > target.chars().count() {
                continue;
            }
            match readings.iter_mut().find(|(x, _)| *x == r) {
                Some((_, n)) => *n += 1,
                None => readings.push((r, 1)),
            }
        }
    }
    let valid = |r: &str| {
        let words: Vec<&str> = r
            .split(|c: char| c.is_whitespace() || "“”\"(),.;:-–".contains(c))
            .filter(|w| !w.is_empty())
            .collect();
        let ok = words
            .iter()
            .filter(|w| w.chars().all(|c| c.is_ascii_digit()) || crate::text::is_syllable(w))
            .count();
        ok == words.len()
    };
    let mut best = 0;
    for (i, (r, n)) in readings.iter().enumerate() {
        let (br, bn) = &readings[best];
        if (valid(r), *n) > (valid(br), *bn) {
            best = i;
        }
    }
    readings.swap_remove(best).0
}

/// `Chủ đề thi đua: “…”` or `Khẩu hiệu: …` in the body.
fn labelled_name(body: &[Block]) -> Option<String> {
    let quoted = regex!(r#"[“"«]([^“”"«»]+)[”"»]"#);
    for b in body {
        let f = fold(&b.text);
        let Some(at) = ["chu de thi dua", "khau hieu thi dua", "chu de", "khau hieu"]
            .iter()
            .find_map(|l| f.starts_with(l).then_some(l.len()))
        else {
            continue;
        };
        let rest = &b.text[Folded::new(&b.text).to_orig(at)..];
        let rest = rest.trim_start_matches([':', ' ', '.', '-']);
        if let Some(c) = quoted.captures(rest) {
            return c.get(1).map(|m| m.as_str().trim().to_string());
        }
        let r = rest.trim().trim_end_matches(['.', ';']).trim();
        if !r.is_empty() && r.split_whitespace().count() <= 25 {
            return Some(r.to_string());
        }
    }
    None
}

/// The words of the title after `phong trào thi đua` / `đợt thi đua`, up to its period or
/// its place (`giai đoạn …`, `năm …`, `trên địa bàn …`).
fn unquoted_name(title: &str) -> Option<String> {
    let folded = Folded::new(title);
    let start = ["phong trao thi dua", "dot thi dua", "thi dua"]
        .iter()
        .find_map(|k| folded.text.find(k).map(|p| p + k.len()))?;
    let rest = &folded.text[start..];
    let end = [
        " giai doan ",
        " nam 20",
        " nam 19",
        " tren dia ban",
        " nhiem ky",
        ",",
    ]
    .iter()
    .filter_map(|k| rest.find(k))
    .min()
    .unwrap_or(rest.len());
    let name = title[folded.to_orig(start)..folded.to_orig(start + end)].trim();
    (name.split_whitespace().count() >= 2).then(|| name.to_string())
}

/// The period the plan's `Thời gian` part gives (`Thời gian thực hiện: từ năm 2021 đến năm
/// 2025`, `… từ ngày 01/6/2022 đến ngày 31/12/2025`).
fn own_period(body: &[Block]) -> Option<Period> {
    let years = regex!(r"(?:19|20)\d\d");
    for (i, b) in body.iter().enumerate() {
        let f = fold(&b.text);
        let labelled = [
            "thoi gian thuc hien",
            "thoi gian phat dong",
            "thoi gian thi dua",
            "thoi gian to chuc",
        ]
        .iter()
        .any(|l| f.starts_with(l));
        if !(labelled && (b.heading || f.contains(':'))) {
            continue;
        }
        // The heading's own text, or the item under it.
        let mut texts = vec![b.text.as_str()];
        if let Some(next) = body.get(i + 1) {
            texts.push(next.text.as_str());
        }
        for t in texts {
            if fold(t).contains("nhiem ky") {
                continue;
            }
            let ys: Vec<i32> = years
                .find_iter(t)
                .filter_map(|m| m.as_str().parse().ok())
                .collect();
            match ys.as_slice() {
                [] => continue,
                [y] => return Some(Period { from: *y, to: *y }),
                [a, .., z] if a <= z => return Some(Period { from: *a, to: *z }),
                _ => continue,
            }
        }
    }
    None
}

/// A span of years (`giai đoạn 2021 - 2025`, `2021-2025`) that is not a term of office.
fn span_period(text: &str) -> Option<Period> {
    let years = regex!(r"((?:19|20)\d\d)\s*[-–]\s*((?:19|20)\d\d)");
    for c in years.captures_iter(text) {
        let m = c.get(0)?;
        let before = fold(&text[..m.start()]);
        if before.trim_end().ends_with("nhiem ky") || before.trim_end().ends_with("khoa") {
            continue;
        }
        let from = c.get(1)?.as_str().parse().ok()?;
        let to = c.get(2)?.as_str().parse().ok()?;
        if from <= to {
            return Some(Period { from, to });
        }
    }
    None
}

/// A movement of one year: `… năm 2023` closing the title (not `đến năm 2030`).
fn single_year(title: &str) -> Option<Period> {
    let single = regex!(r#"(?:^|[^\p{L}])(\p{L}+)[”'"]?\s+n\S{1,3}\s+((?:19|20)\d\d)\s*[.;]?\s*$"#);
    let c = single.captures(title)?;
    let before = fold(c.get(1)?.as_str());
    if matches!(before.as_str(), "den" | "toi" | "tu" | "truoc" | "sau") {
        return None;
    }
    let year = c.get(2)?.as_str().parse().ok()?;
    Some(Period {
        from: year,
        to: year,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::layout::BlockKind;

    fn block(text: &str, heading: bool) -> Block {
        Block {
            kind: BlockKind::Numbered,
            label: "1".into(),
            line: 1,
            text: text.into(),
            heading,
        }
    }

    #[test]
    fn only_plans_that_launch_one_have_a_movement() {
        let mut seg = Segments::default();
        assert!(launches(
            Some("Tổ chức phong trào thi đua “Chuyển đổi số”"),
            &seg
        ));
        assert!(!launches(
            Some("Triển khai Tháng hành động vì bình đẳng giới năm 2025"),
            &seg
        ));
        seg.body = vec![block(
            "Tổ chức các phong trào thi đua, khen thưởng, tôn vinh các điển hình.",
            false,
        )];
        assert!(!launches(
            Some("Phát triển kinh tế số giai đoạn 2026 - 2030"),
            &seg
        ));
        seg.body = vec![
            block("Đối tượng thi đua", true),
            block("Hình thức khen thưởng", true),
        ];
        assert!(launches(Some("Kế hoạch năm 2025"), &seg));
    }

    #[test]
    fn names_and_periods() {
        let seg = Segments::default();
        let m = read(
            "Triển khai phong trào thi đua “Chuyển đổi số giai đoạn 2021-2025” trên địa bàn",
            &seg,
        );
        assert_eq!(m.name.as_deref(), Some("Chuyển đổi số giai đoạn 2021-2025"));
        assert_eq!(m.period.map(|p| (p.from, p.to)), Some((2021, 2025)));
        let m = read(
            "Phát động phong trào thi đua lập thành tích chào mừng Đại hội Đảng bộ tỉnh, nhiệm kỳ 2025 - 2030",
            &seg,
        );
        assert_eq!(
            m.name.as_deref(),
            Some("lập thành tích chào mừng Đại hội Đảng bộ tỉnh")
        );
        assert_eq!(m.period, None);
        let seg = Segments {
            body: vec![
                block("Thời gian thực hiện", true),
                block("Từ tháng 6 năm 2024 đến hết năm 2026.", false),
            ],
            ..Segments::default()
        };
        let m = read("Phát động đợt thi đua cao điểm", &seg);
        assert_eq!(m.period.map(|p| (p.from, p.to)), Some((2024, 2026)));
    }
}
