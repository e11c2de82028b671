//! Page furniture removal in the spirit of jusText: each paragraph is judged
//! by its shape (length, sentence punctuation, share of function words,
//! repetition, position next to the title and date) and, where its own
//! features are not decisive, by its neighbours. No site-specific strings.

use serde::Serialize;

use super::layout::Para;
use super::text::{cjk_chars, contains_lowercase, ends_sentence, word_count, words};
use rustc_hash::FxHashMap;

/// Fewer words than this is never prose on its own.
const MIN_PROSE_WORDS: usize = 6;
/// Unpunctuated lines this long with enough function words are prose (ledes).
const MIN_UNPUNCTUATED_PROSE_WORDS: usize = 15;
const MIN_UNPUNCTUATED_DENSITY: f32 = 0.3;
/// Prose has function words; headline lists and menus have few.
const MIN_PROSE_DENSITY: f32 = 0.12;
/// A metadata line (byline, date) is shorter than this.
const MAX_META_WORDS: usize = 15;

/// The reason given for a paragraph that only repeats the headline.
pub const REPEATS_TITLE: &str = "repeats the title";

/// What the cleaner decided about one paragraph.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Block {
    pub line: usize,
    pub text: String,
    pub verdict: Verdict,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
#[serde(tag = "verdict", content = "why", rename_all = "snake_case")]
pub enum Verdict {
    Title,
    Keep,
    /// A short label that opens a speaker's turn in a transcript.
    Heading,
    Drop(String),
}

/// Judge every paragraph. `title` and `meta` are paragraphs already used as
/// the headline and as metadata (date or byline lines).
pub fn classify(paras: &[Para], title: Option<usize>, meta: &[usize]) -> Vec<Block> {
    let title_key = title.map(|t| paras[t].key.as_str());
    let counts = repetition(paras);
    let mut verdicts: Vec<Verdict> = paras
        .iter()
        .enumerate()
        .map(|(i, p)| {
            if Some(i) == title {
                return Verdict::Title;
            }
            let key = p.key.as_str();
            if title_key.is_some_and(|t| !t.is_empty() && key == t) {
                return Verdict::Drop(REPEATS_TITLE.into());
            }
            if meta.contains(&i) && p.words < MAX_META_WORDS {
                return Verdict::Drop("metadata line (date or byline)".into());
            }
            if counts.get(key).copied().unwrap_or(0) > 1 && p.words < MIN_UNPUNCTUATED_PROSE_WORDS {
                return Verdict::Drop("repeated on the page".into());
            }
            if p.gappy && !ends_sentence(&p.text) {
                return Verdict::Drop("menu (items separated by wide gaps)".into());
            }
            let prev = i.checked_sub(1).map(|j| &paras[j]);
            judge(p, prev)
        })
        .collect();
    mark_headings(paras, &mut verdicts);
    paras
        .iter()
        .zip(verdicts)
        .map(|(p, verdict)| Block {
            line: p.line,
            text: p.text.clone(),
            verdict,
        })
        .collect()
}

/// The verdict a paragraph earns on its own features.
fn judge(para: &Para, prev: Option<&Para>) -> Verdict {
    let text = para.text.as_str();
    let n = para.words;
    let density = para.stopword_density();
    if text.contains("{{") || text.contains("{%") {
        return Verdict::Drop("template placeholder".into());
    }
    if text.starts_with('©') || contains_lowercase(text, "all rights reserved") {
        return Verdict::Drop("copyright or photo credit".into());
    }
    if let Some(verdict) = judge_cjk(text) {
        return verdict;
    }
    if let Some(prev) = prev
        && prev.words <= 8
        && text.starts_with(prev.text.as_str())
        && text.len() > prev.text.len()
    {
        return Verdict::Drop("photo caption (repeats the line above)".into());
    }
    if teaser_prefix(text, n) {
        return Verdict::Drop("link to another story".into());
    }
    // (Lower-cased only for the lines short enough to be one.)
    if n < 30 && is_call_to_action(&text.to_lowercase(), n) {
        return Verdict::Drop("call to action".into());
    }
    if n < MIN_PROSE_WORDS {
        return Verdict::Drop(format!("too short to be prose ({n} words)"));
    }
    if ends_sentence(text) && !text.trim_end().ends_with(':') {
        if density < MIN_PROSE_DENSITY {
            return Verdict::Drop(format!(
                "few function words ({:.0}%): a list or label",
                density * 100.0
            ));
        }
        return Verdict::Keep;
    }
    if text.trim_end().ends_with(':') && density >= MIN_PROSE_DENSITY && n >= MIN_PROSE_WORDS {
        // "He said:" introducing a quote on the next line.
        return Verdict::Keep;
    }
    if n >= MIN_UNPUNCTUATED_PROSE_WORDS && density >= MIN_UNPUNCTUATED_DENSITY {
        return Verdict::Keep;
    }
    Verdict::Drop("no sentence ending: a headline, menu or caption".into())
}

/// Chinese and Japanese are written without spaces and without the
/// function words the density test counts: a paragraph mostly in their
/// characters is prose when it is long enough (about two characters a word)
/// and ends a sentence (。！？). `None` for any other text.
fn judge_cjk(text: &str) -> Option<Verdict> {
    let cjk = cjk_chars(text);
    if cjk == 0 || cjk * 2 <= text.chars().filter(|c| c.is_alphabetic()).count() {
        return None;
    }
    let ends = text
        .trim_end_matches(|c: char| c.is_whitespace() || matches!(c, '”' | '」' | '』' | '）'))
        .ends_with(['。', '！', '？', '.', '!', '?']);
    Some(if ends && cjk / 2 >= MIN_PROSE_WORDS {
        Verdict::Keep
    } else {
        Verdict::Drop(format!("too short to be prose ({} characters)", cjk))
    })
}

/// Transcript turns open with a short label ("China:", "UNITED KINGDOM",
/// "Mr. Lee (Singapore), Chair:") followed by the speaker's prose.
fn mark_headings(paras: &[Para], verdicts: &mut [Verdict]) {
    for i in 0..paras.len() {
        // A label like "ANDREI PAVLOV (Russian Federation, MFA):" reads as a
        // short sentence ending in a colon; it is still a label.
        let labelish_keep = verdicts[i] == Verdict::Keep && paras[i].text.trim_end().ends_with(':');
        if !matches!(verdicts[i], Verdict::Drop(_)) && !labelish_keep {
            continue;
        }
        let next_is_prose = verdicts.get(i + 1).is_some_and(|v| *v == Verdict::Keep);
        if next_is_prose && is_heading_label(&paras[i].text) {
            verdicts[i] = Verdict::Heading;
        }
    }
}

pub fn is_heading_label(text: &str) -> bool {
    let t = text.trim();
    let n = word_count(t);
    if n == 0 || n > 10 {
        return false;
    }
    let first_upper = t.chars().next().is_some_and(char::is_uppercase);
    let colon = t.ends_with(':');
    let letters: Vec<char> = t.chars().filter(|c| c.is_alphabetic()).collect();
    let all_caps = letters.len() >= 3 && letters.iter().all(|c| c.is_uppercase());
    let capitalised = words(t)
        .filter(|w| w.chars().next().is_some_and(char::is_alphabetic))
        .all(|w| {
            w.chars().next().is_some_and(char::is_uppercase)
                || matches!(w, "of" | "the" | "and" | "on" | "for" | "de")
        });
    first_upper && (colon || all_caps || is_name_label(t)) && capitalised
}

/// A line holding only a speaker's name after an honorific ("Ambassador
/// Ferreira", "Ms. Lindqvist"), as transcripts head each turn.
pub fn is_name_label(text: &str) -> bool {
    let t = text.trim().trim_end_matches(':');
    let mut ws = t.split_whitespace();
    let Some(first) = ws.next() else {
        return false;
    };
    let rest: Vec<&str> = ws.collect();
    // Forms of address only: "President Biden" or "Secretary General" as a
    // line is as often a subheading as a turn.
    const ADDRESS: &[&str] = &[
        "mr",
        "mrs",
        "ms",
        "dr",
        "amb",
        "ambassador",
        "h.e",
        "madam",
        "sir",
        "dame",
        "prof",
        "professor",
    ];
    let address = first.trim_end_matches('.').to_lowercase();
    ADDRESS.contains(&address.as_str())
        && (1..=4).contains(&rest.len())
        && rest.iter().all(|w| {
            w.chars().next().is_some_and(char::is_uppercase)
                && w.chars()
                    .all(|c| c.is_alphabetic() || matches!(c, '-' | '.' | '\''))
        })
}

/// A heading label that is a place is a dateline ("BRUSSELS"), not a turn.
pub fn is_dateline_label(text: &str, gaz: &super::gazetteer::Gazetteer) -> bool {
    let t = text.trim().trim_end_matches([':', '.', ',']);
    let title: String = t
        .split_whitespace()
        .map(|w| {
            let lower = w.to_lowercase();
            let mut c = lower.chars();
            c.next()
                .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
                .unwrap_or_default()
        })
        .collect::<Vec<_>>()
        .join(" ");
    gaz.is_place(&title) || gaz.is_place(t)
}

/// "READ MORE:", "ALSO ON SITE.COM…", "SEE ALSO": an all-caps lead-in.
/// `n` is the text's word count.
fn teaser_prefix(text: &str, n: usize) -> bool {
    let caps_words = text
        .split_whitespace()
        .take_while(|w| {
            let letters: Vec<char> = w.chars().filter(|c| c.is_alphabetic()).collect();
            letters.len() >= 2 && letters.iter().all(|c| c.is_uppercase())
        })
        .count();
    let lead = text.split_whitespace().next().unwrap_or("");
    caps_words >= 2 && n > caps_words && !ends_sentence(text) && lead.len() <= 8
}

/// Second-person requests to share, follow or subscribe: `lower` is the
/// lower-cased text, `n` its word count.
fn is_call_to_action(lower: &str, n: usize) -> bool {
    // The cheap tests first; reading every word is the costly one.
    let second_person = || words(lower).any(|w| matches!(w, "you" | "your"));
    let action = || {
        [
            "share",
            "subscribe",
            "follow us",
            "like us",
            "sign up",
            "click",
            "newsletter",
            "download our",
        ]
        .iter()
        .any(|a| lower.contains(a))
    };
    n < 30 && action() && second_person()
}

/// How often each paragraph key occurs on the page.
fn repetition(paras: &[Para]) -> FxHashMap<&str, usize> {
    let mut counts = FxHashMap::default();
    for p in paras {
        *counts.entry(p.key.as_str()).or_default() += 1;
    }
    counts
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::layout::paragraphs;

    fn kept(text: &str) -> Vec<String> {
        let paras = paragraphs(text);
        classify(&paras, Some(0), &[])
            .into_iter()
            .filter(|b| b.verdict == Verdict::Keep)
            .map(|b| b.text)
            .collect()
    }

    #[test]
    fn furniture_goes_and_prose_stays() {
        let text = "Diplomats agree new cyber rules\n\nShare\n\nADVERTISEMENT\n\nThe delegates agreed on a new set of rules for state behaviour in cyberspace.\n\nREAD MORE: Other story about something else entirely\n\nIf you like this story, share it with a friend!\n\n{{item.date}}\n\nMost read\n\n1\n\nPresident visits the annual summit of leaders in the capital city\n\nThe talks will continue next year, the chair said.";
        assert_eq!(
            kept(text),
            vec![
                "The delegates agreed on a new set of rules for state behaviour in cyberspace.",
                "The talks will continue next year, the chair said."
            ]
        );
    }

    #[test]
    fn long_unpunctuated_lede_is_kept() {
        let text = "Title of the story here\n\nAccording to the deputy secretary of the council, the current mechanisms failed to help reduce the conflicts related to the use of technology\n\nMore text follows here in a proper sentence.";
        assert_eq!(kept(text).len(), 2);
    }

    #[test]
    fn transcript_labels_are_headings() {
        let text = "Session transcript of the meeting\n\nCHINA\n\nWe support the work of the group and call for a binding instrument on this matter.\n\nMr. Smith (United Kingdom):\n\nThe framework of responsible behaviour already exists and should be implemented.";
        let paras = paragraphs(text);
        let blocks = classify(&paras, Some(0), &[]);
        let headings: Vec<&str> = blocks
            .iter()
            .filter(|b| b.verdict == Verdict::Heading)
            .map(|b| b.text.as_str())
            .collect();
        assert_eq!(headings, vec!["CHINA", "Mr. Smith (United Kingdom):"]);
    }
}
