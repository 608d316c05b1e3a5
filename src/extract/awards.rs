//! Award forms the plan foresees (`Hình thức khen thưởng`): the form (Law on Emulation and
//! Commendation 2022), who grants it, on which occasion, and the quota.
//!
//! Only the award part of the plan is read: the blocks under a heading that speaks of
//! `khen thưởng`. In each, a form from dictionaries/awards.tsv is found; the grantor is the
//! office before it (`được Chủ tịch Ủy ban nhân dân thành phố tặng Giấy khen`) or after it
//! (`Bằng khen của Chủ tịch UBND tỉnh`); the occasion comes from the item or its heading
//! (`Khen thưởng sơ kết và tổng kết` gives one entry for each); `không quá 10 tập thể, 20 cá
//! nhân` gives the quota.

use super::content::children;
use super::dict::Dictionaries;
use super::fold::{fold, Folded};
use super::layout::{Block, BlockKind};
use super::Fields;
use crate::record::{Award, Quota};

/// Reads `awards` into `out`.
pub fn read_awards(body: &[Block], dict: &Dictionaries, out: &mut Fields) {
    let mut awards: Vec<Award> = Vec::new();
    let mut line = None;
    for (i, b) in body.iter().enumerate() {
        if !(b.heading || b.kind == BlockKind::Section) {
            continue;
        }
        let f = fold(&b.text);
        let award_part = f.contains("hinh thuc khen thuong")
            || (f.contains("khen thuong") && !f.contains("doi tuong"));
        if !award_part || f.contains("tieu chuan") && !f.contains("hinh thuc") {
            continue;
        }
        let under = children(body, i);
        // The occasion of an item is its own, else that of the nearest item above it that
        // names one (`a) Khen thưởng hằng năm …:` over its `+ Bằng khen …` lines).
        let mut stack: Vec<(u8, Vec<&'static str>)> = vec![(b.kind.depth(), occasions(&f))];
        for c in under {
            let depth = c.kind.depth();
            if c.kind != BlockKind::Para {
                while stack.last().is_some_and(|(d, _)| *d >= depth) {
                    stack.pop();
                }
            }
            let context: Vec<&'static str> = stack
                .iter()
                .rev()
                .find(|(_, o)| !o.is_empty())
                .map(|(_, o)| o.clone())
                .unwrap_or_default();
            for a in awards_in(&c.text, &context, dict) {
                line.get_or_insert(c.line);
                if !awards.contains(&a) {
                    awards.push(a);
                }
            }
            if c.kind != BlockKind::Para {
                let label = c.text.split(':').next().unwrap_or("");
                stack.push((depth, occasions(&fold(label))));
            }
        }
        if !awards.is_empty() {
            break;
        }
    }
    if !awards.is_empty() {
        out.rec.awards = drop_subsumed(awards);
        out.prov("awards", line, 0.7, false);
    }
}

/// Drops the entries a more specific one covers: a form listed without an occasion when
/// the plan also gives it with one, and one without a quota when the same form, grantor
/// and occasion come with a quota.
fn drop_subsumed(awards: Vec<Award>) -> Vec<Award> {
    let same = |a: &Award, b: &Award| a.form == b.form && a.grantor == b.grantor;
    awards
        .iter()
        .filter(|a| {
            !awards.iter().any(|b| {
                same(a, b)
                    && ((a.occasion.is_none() && b.occasion.is_some())
                        || (a.occasion == b.occasion && a.quota.is_none() && b.quota.is_some()))
            })
        })
        .cloned()
        .collect()
}

/// The occasions a text names: `hằng năm`, `sơ kết`, `tổng kết`, `đột xuất`.
fn occasions(folded: &str) -> Vec<&'static str> {
    let mut out = Vec::new();
    if folded.contains("hang nam") {
        out.push("hằng năm");
    }
    if folded.contains("so ket") {
        out.push("sơ kết");
    }
    if folded.contains("tong ket") {
        out.push("tổng kết");
    }
    if folded.contains("dot xuat") {
        out.push("đột xuất");
    }
    out
}

/// The awards one item names.
fn awards_in(text: &str, heading_occasion: &[&'static str], dict: &Dictionaries) -> Vec<Award> {
    let mut out = Vec::new();
    for f in dict.award_set.find_all(text) {
        let entry = &dict.awards[f.index];
        let phrase = &text[f.start..f.end];
        let sentence_start = text[..f.start].rfind(['.', ';']).map_or(0, |p| p + 1);
        let before = &text[sentence_start..f.start];
        let grantor = grantor_in_phrase(phrase, dict)
            .or_else(|| grantor_after(&text[f.end..], dict))
            .or_else(|| grantor_before(before, dict));
        // The occasion of the item itself (its label part), else of its heading.
        let own = occasions(&fold(before));
        let occ: Vec<Option<&str>> = if !own.is_empty() {
            own.into_iter().map(Some).collect()
        } else if !heading_occasion.is_empty() {
            heading_occasion.iter().map(|o| Some(*o)).collect()
        } else {
            vec![None]
        };
        let quota = quota(&text[f.end..]);
        for o in occ {
            out.push(Award {
                form: entry.form.clone(),
                grantor: grantor.clone(),
                occasion: o.map(str::to_string),
                quota,
            });
        }
    }
    out
}

/// `Bằng khen của Thủ tướng Chính phủ` carries its grantor.
fn grantor_in_phrase(phrase: &str, dict: &Dictionaries) -> Option<String> {
    let f = fold(phrase);
    let i = f.find(" cua ")?;
    let at = Folded::new(phrase).to_orig(i + 5);
    Some(dict.expand(phrase[at..].trim()))
}

/// `… của Chủ tịch UBND tỉnh` right after the form.
fn grantor_after(rest: &str, dict: &Dictionaries) -> Option<String> {
    let folded = Folded::new(rest);
    let re = regex!(r"^\s*cua\s+([^.;:()]*)");
    let c = re.captures(&folded.text)?;
    let m = c.get(1)?;
    let g = rest[folded.span(m.range())].trim();
    // A grantor is an office or a body, written with a capital.
    if !g.starts_with(|c: char| c.is_uppercase()) {
        return None;
    }
    // The office runs to the end of its clause. Commas may list units inside it (`Thủ
    // trưởng cơ quan, đơn vị, địa phương`); a comma before a clause word or another award
    // ends it, as do the words that start what follows the grantor.
    let gf = Folded::new(g);
    let stops = [
        " cho ",
        " doi voi ",
        " voi ",
        " khong qua",
        " ve ",
        " trong ",
        " theo ",
        " hoac ",
        ", duoc ",
        ", xet ",
        ", tuy ",
        ", can cu",
        ", neu ",
        ", khi ",
        ", gom ",
        ", moi ",
    ];
    let mut stop = stops
        .iter()
        .filter_map(|s| gf.text.find(s))
        .min()
        .unwrap_or(gf.text.len());
    for f in dict.award_set.find_all(g) {
        let at = g[..f.start].trim_end().trim_end_matches(',').len();
        let at_f = gf.text.len() - fold(&g[at..]).len();
        stop = stop.min(at_f);
    }
    let g = cut_tail(&g[..gf.to_orig(stop)]);
    let g = g.trim_end_matches([',', ' ']);
    let words = g.split_whitespace().count();
    (!g.is_empty() && words <= 16).then(|| respell_office(&dict.expand(g), dict))
}

/// The office a grantor opens with, spelt as the dictionary has it when a slip of the
/// restorer is left in it (`Chui tịch Ủy ban nhân dân tỉnh`).
fn respell_office(g: &str, dict: &Dictionaries) -> String {
    for n in [3, 2] {
        let (lead, end) = super::fold::lead_words(g, n);
        if end >= g.len() || dict.positions.iter().any(|p| fold(p) == lead) {
            continue;
        }
        for p in &dict.positions {
            let pf = fold(p);
            if pf.split(' ').count() == n && pf != lead && strsim::levenshtein(&pf, &lead) == 1 {
                return format!("{p}{}", &g[end..]);
            }
        }
    }
    g.to_string()
}

/// `được Chủ tịch Ủy ban nhân dân thành phố tặng` just before the form.
fn grantor_before(before: &str, dict: &Dictionaries) -> Option<String> {
    let folded = Folded::new(before);
    let re = regex!(
        r"(?:^|\s)(chu tich|thu tuong|bo truong|giam doc|truong ban|thu truong|ubnd|uy ban nhan dan)\s"
    );
    let m = re.captures_iter(&folded.text).last()?.get(1)?;
    let g = before[folded.to_orig(m.start())..].trim();
    let g = cut_tail(g);
    (!g.is_empty()).then(|| dict.expand(&g))
}

/// A grantor without the verb that hands the award over (`… tặng`, `… khen thưởng`).
fn cut_tail(g: &str) -> String {
    let mut words: Vec<&str> = g.split_whitespace().collect();
    let verbs = [
        "tặng",
        "trao",
        "xét",
        "thưởng",
        "khen",
        "tặng thưởng",
        "hoặc",
        "cho",
    ];
    while let Some(w) = words.last() {
        let wf = fold(w);
        if verbs.iter().any(|v| fold(v) == wf) {
            words.pop();
        } else {
            break;
        }
    }
    words.join(" ")
}

/// `không quá 10 tập thể, 20 cá nhân` (also `tối đa …`, `cho 3 tập thể và 5 cá nhân`;
/// either order, either part).
fn quota(rest: &str) -> Option<Quota> {
    let f = fold(rest);
    let sentence = f.split(['.', ';']).next().unwrap_or("");
    let re = regex!(
        r"(?:khong qua|toi da|cho)\s*(\d+)\s*(tap the|ca nhan)(?:\s*(?:,|va|;)?\s*(\d+)\s*(tap the|ca nhan))?",
    );
    let c = re.captures(sentence)?;
    let mut q = Quota {
        collective: None,
        individual: None,
    };
    for (n, k) in [(1, 2), (3, 4)] {
        if let (Some(n), Some(k)) = (c.get(n), c.get(k)) {
            let v = n.as_str().parse().ok();
            if k.as_str() == "tap the" {
                q.collective = v;
            } else {
                q.individual = v;
            }
        }
    }
    Some(q)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_form_grantor_occasion_quota() {
        let d = Dictionaries::load().unwrap();
        let a = awards_in(
            "Khen thưởng sơ kết và tổng kết giai đoạn 2020-2025: Các cơ quan có thành tích xuất sắc được Chủ tịch Ủy ban nhân dân thành phố tặng Giấy khen hoặc được đề nghị cấp trên khen thưởng.",
            &[],
            &d,
        );
        assert_eq!(a.len(), 2);
        assert_eq!(a[0].form, "Giấy khen");
        assert_eq!(
            a[0].grantor.as_deref(),
            Some("Chủ tịch Ủy ban nhân dân thành phố")
        );
        assert_eq!(a[0].occasion.as_deref(), Some("sơ kết"));
        assert_eq!(a[1].occasion.as_deref(), Some("tổng kết"));

        let a = awards_in(
            "Tặng Bằng khen của Chủ tịch UBND tỉnh cho không quá 10 tập thể, 20 cá nhân.",
            &["tổng kết"],
            &d,
        );
        assert_eq!(
            a[0].grantor.as_deref(),
            Some("Chủ tịch Ủy ban nhân dân tỉnh")
        );
        assert_eq!(a[0].occasion.as_deref(), Some("tổng kết"));
        assert_eq!(
            a[0].quota,
            Some(Quota {
                collective: Some(10),
                individual: Some(20)
            })
        );

        let a = awards_in(
            "c) Giấy khen của Thủ trưởng thành viên các Khối, Cụm thi đua Tỉnh: Tùy theo điều kiện",
            &[],
            &d,
        );
        assert_eq!(
            a[0].grantor.as_deref(),
            Some("Thủ trưởng thành viên các Khối, Cụm thi đua Tỉnh")
        );
        let a = awards_in(
            "Bằng khen của Chủ tịch UBND tỉnh, Giấy khen của Giám đốc Sở",
            &[],
            &d,
        );
        assert_eq!(
            a[0].grantor.as_deref(),
            Some("Chủ tịch Ủy ban nhân dân tỉnh")
        );
        assert_eq!(a[1].grantor.as_deref(), Some("Giám đốc Sở"));

        let a = awards_in("Bằng khen của Chui tịch UBND tỉnh;", &[], &d);
        assert_eq!(
            a[0].grantor.as_deref(),
            Some("Chủ tịch Ủy ban nhân dân tỉnh")
        );
        let a = awards_in("Bằng khen của các cấp", &[], &d);
        assert_eq!(a[0].grantor, None);

        let a = awards_in("Bằng khen của Thủ tướng Chính phủ", &[], &d);
        assert_eq!(a[0].form, "Bằng khen");
        assert_eq!(a[0].grantor.as_deref(), Some("Thủ tướng Chính phủ"));
    }
}
