//! Spelling a phrase as the document itself spells it elsewhere.
//!
//! A title printed in capitals, an agency's name or a movement's name is restored worse than
//! running text (capitals carry fewer cues, and a heading has little context), yet the
//! document usually repeats it in running text: `KẾ HOẠCH / THỰC HIỆN LỘ TRÌNH ĐỔI MỚI CÔNG
//! NGHỆ …` is followed by `Ủy ban nhân dân tỉnh ban hành Kế hoạch thực hiện lộ trình đổi
//! mới công nghệ …`. Where a run of at least [`MIN_RUN`] words of the phrase matches a run of
//! the text letter for letter (marks and case aside), the text's spellings vote for each
//! word; the phrase's own reading is one vote, so a single misread repetition cannot win.

use super::fold::fold;
use std::collections::HashMap;

/// Words a matching run must have: short runs (`của tỉnh`) match anywhere.
pub const MIN_RUN: usize = 3;

/// The words of a text, indexed for finding runs.
pub struct TextIndex<'t> {
    words: Vec<&'t str>,
    keys: Vec<String>,
    at: HashMap<String, Vec<usize>>,
}

/// A word without the punctuation around it.
fn core(w: &str) -> &str {
    w.trim_matches(|c: char| !c.is_alphanumeric())
}

impl<'t> TextIndex<'t> {
    pub fn new(text: &'t str) -> TextIndex<'t> {
        let words: Vec<&str> = text
            .split_whitespace()
            .map(core)
            .filter(|w| !w.is_empty())
            .collect();
        let keys: Vec<String> = words.iter().map(|w| fold(w)).collect();
        let mut at: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, k) in keys.iter().enumerate() {
            at.entry(k.clone()).or_default().push(i);
        }
        TextIndex { words, keys, at }
    }

    /// `phrase` with each word spelled as the text votes. With `running` the phrase is
    /// taken to be printed in capitals and the text's case is kept (`Chỉ thị`, `tỉnh`);
    /// otherwise each word keeps the phrase's case.
    pub fn respell(&self, phrase: &str, running: bool) -> String {
        let tokens: Vec<&str> = phrase.split(' ').collect();
        let keys: Vec<String> = tokens.iter().map(|t| fold(core(t))).collect();
        let mut votes: Vec<HashMap<&str, f32>> = vec![HashMap::new(); tokens.len()];
        let mut i = 0;
        while i < tokens.len() {
            let Some(starts) = self.at.get(&keys[i]).filter(|_| !keys[i].is_empty()) else {
                i += 1;
                continue;
            };
            for &j in starts {
                // Count each run once, from its start.
                if i > 0 && j > 0 && !keys[i - 1].is_empty() && keys[i - 1] == self.keys[j - 1] {
                    continue;
                }
                let run = (0..)
                    .take_while(|&k| {
                        i + k < keys.len()
                            && j + k < self.keys.len()
                            && !keys[i + k].is_empty()
                            && keys[i + k] == self.keys[j + k]
                    })
                    .count();
                if run >= MIN_RUN {
                    for k in 0..run {
                        *votes[i + k].entry(self.words[j + k]).or_insert(0.0) += 1.0;
                    }
                }
            }
            i += 1;
        }
        let mut out = Vec::with_capacity(tokens.len());
        for (t, v) in tokens.iter().zip(votes) {
            let own = core(t);
            if v.is_empty() || own.is_empty() {
                out.push(if running {
                    t.to_lowercase()
                } else {
                    t.to_string()
                });
                continue;
            }
            // Votes count spellings whatever their case (a heading in capitals votes like
            // running text); the running-text form is kept to show the case.
            let mut tally: HashMap<String, (f32, &str)> = HashMap::new();
            for (w, n) in v {
                let e = tally.entry(w.to_lowercase()).or_insert((0.0, w));
                e.0 += n;
                if is_all_caps(e.1) && !is_all_caps(w) {
                    e.1 = w;
                }
            }
            // The phrase's own reading votes once (less in capitals, restored worse); ties
            // go to it.
            let own_weight = if running { 0.5 } else { 1.0 };
            let own_lower = own.to_lowercase();
            if let Some(e) = tally.get_mut(&own_lower) {
                e.0 += own_weight;
            }
            let best = tally
                .iter()
                .max_by(|a, b| a.1 .0.total_cmp(&b.1 .0).then(b.0.cmp(a.0)));
            let Some((lower, (n, shown))) = best else {
                out.push(t.to_string());
                continue;
            };
            let chosen = if running {
                if is_all_caps(shown) {
                    lower.clone()
                } else {
                    shown.to_string()
                }
            } else if *n > own_weight && *lower != own_lower {
                with_case_of(lower, own)
            } else {
                own.to_string()
            };
            out.push(t.replacen(own, &chosen, 1));
        }
        out.join(" ")
    }
}

/// Whether every letter of `w` (two or more) is a capital.
fn is_all_caps(w: &str) -> bool {
    w.chars().filter(|c| c.is_alphabetic()).count() > 1
        && w.chars()
            .filter(|c| c.is_alphabetic())
            .all(char::is_uppercase)
}

/// `word` with the case pattern of `like`: all capitals, a first capital, or lower case.
fn with_case_of(word: &str, like: &str) -> String {
    if like
        .chars()
        .filter(|c| c.is_alphabetic())
        .all(char::is_uppercase)
        && like.chars().count() > 1
    {
        return word.to_uppercase();
    }
    let mut cs = word.chars();
    let first_upper = like.chars().next().is_some_and(char::is_uppercase);
    match cs.next() {
        Some(c) if first_upper => c.to_uppercase().chain(cs).collect(),
        Some(c) => c.to_lowercase().chain(cs).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn capitals_take_the_running_text_spelling() {
        let text = "Ủy ban nhân dân tỉnh ban hành Kế hoạch thực hiện lộ trình đổi mới công nghệ \
                    đến năm 2035 trên địa bàn tỉnh Đồng Tháp đối với các ngành kinh tế mũi nhọn.";
        let idx = TextIndex::new(text);
        assert_eq!(
            idx.respell(
                "THỰC HIỆN LỘ TRÌNH DOI MOI CÔNG NGHỆ ĐẾN NĂM 2035 TRÊN",
                true
            ),
            "thực hiện lộ trình đổi mới công nghệ đến năm 2035 trên"
        );
        assert_eq!(
            idx.respell("ĐỊA BÀN TỈNH ĐỒNG THÁP ĐÔI VỚI CÁC NGÀNH", true),
            "địa bàn tỉnh Đồng Tháp đối với các ngành"
        );
    }

    #[test]
    fn headings_in_capitals_vote_without_their_case() {
        let idx =
            TextIndex::new("III. TỔ CHỨC PHONG TRÀO THI ĐUA\nKế hoạch tổ chức phong trào thi đua");
        assert_eq!(
            idx.respell("Tổ chức phong trào thi đua", false),
            "Tổ chức phong trào thi đua"
        );
        assert_eq!(
            idx.respell("TỔ CHỨC PHONG TRÀO THI ĐUA", true),
            "tổ chức phong trào thi đua"
        );
    }

    #[test]
    fn a_single_other_reading_does_not_win() {
        let idx = TextIndex::new("phong trào thi đua chuyển đổi số");
        // Running text: one other reading ties with the phrase's own, which stays.
        assert_eq!(
            idx.respell("phong trào thi đưa chuyển đổi số", false),
            "phong trào thi đưa chuyển đổi số"
        );
        let idx = TextIndex::new("phong trào thi đua. Phong trào thi đua, phong trào thi đua");
        assert_eq!(
            idx.respell("Phong trào thi đưa", false),
            "Phong trào thi đua"
        );
        // Words with no run in the text are left alone.
        assert_eq!(idx.respell("Hai Ba Bốn", false), "Hai Ba Bốn");
    }
}
