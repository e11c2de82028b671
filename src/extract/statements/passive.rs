//! Speakers of the passive voice of readouts: "remarks were given by NAME",
//! "briefings by Ms. A, …, Mr. B, …, and Dr. C".

use crate::extract::lexicon::{SPOKEN_NOUNS, is_honorific, is_role_word};
use crate::extract::people::Mention;
use crate::extract::text::with_lowercase;
use crate::extract::tokens::Tok;

/// How far before "by" the spoken noun may be ("remarks were given by").
const SPOKEN_NOUN_REACH: usize = 4;

/// The people named after a spoken noun and "by", with the ones the list
/// goes on to name: "briefings by Ms. A, …, Mr. B, …, and Dr. C".
pub(super) fn passive_speakers<'m>(toks: &[Tok], ms: &'m [Mention]) -> Vec<&'m Mention> {
    let words: Vec<(usize, &str)> = toks
        .iter()
        .enumerate()
        .filter(|(_, t)| t.word)
        .map(|(i, t)| (i, t.text))
        .collect();
    let mut out: Vec<&Mention> = Vec::new();
    for (k, &(by, w)) in words.iter().enumerate() {
        if w != "by" {
            continue;
        }
        let spoken = words[k.saturating_sub(SPOKEN_NOUN_REACH)..k]
            .iter()
            .any(|(_, w)| with_lowercase(w, |w| SPOKEN_NOUNS.contains(&w)));
        if !spoken {
            continue;
        }
        // The first name right after "by", then each name the list goes on
        // to give with an honorific after a comma or "and" ("…, Mr. B, …,
        // and Dr. C"); descriptions between them are appositions.
        let Some(first) = ms
            .iter()
            .find(|m| name_after(toks, by) == Some(m.start) && is_full_name(m))
        else {
            continue;
        };
        for m in ms
            .iter()
            .filter(|m| m.start >= first.start && is_full_name(m))
        {
            let listed = m.start == first.start || {
                // The two tokens before the name, stops aside (read from
                // the name backwards: a long sentence has many names).
                let mut before = toks[..m.start]
                    .iter()
                    .rev()
                    .filter(|t| t.text.trim() != ".");
                before.next().is_some_and(|h| is_honorific(h.text))
                    && before
                        .next()
                        .is_some_and(|j| matches!(j.text.trim(), "," | "and" | "by"))
            };
            if listed && !out.iter().any(|o| std::ptr::eq(*o, m)) {
                out.push(m);
            }
        }
    }
    out
}

/// Where a name after `by` starts, past honorifics ("by Ms. NAME").
fn name_after(toks: &[Tok], by: usize) -> Option<usize> {
    let mut next = by + 1;
    while toks
        .get(next)
        .is_some_and(|t| is_honorific(t.text) || t.text.trim() == "." || t.text.trim().is_empty())
    {
        next += 1;
    }
    (next < toks.len()).then_some(next)
}

/// A person's full name, not a role ("Senior Fellow").
fn is_full_name(m: &Mention) -> bool {
    m.name.contains(' ') && !m.name.split_whitespace().all(is_role_word)
}
