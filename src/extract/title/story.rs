//! How strongly the story bears out a headline candidate: the story's
//! prose paragraphs, their content words numbered once per page, and the
//! score of a candidate's words that the prose repeats.

use super::shape::is_prose_para;
use crate::extract::layout::Para;
use crate::extract::text::{fold_words, is_stopword, push_lowercase, words};
use rustc_hash::FxHashMap;

/// More shared words than this add nothing: long ledes share many.
const MAX_SHARED: f32 = 5.0;
/// Share of a candidate's content words that must recur in the story.
const MIN_OVERLAP: f32 = 0.3;
/// The same for a long first line.
const MIN_OVERLAP_LONG: f32 = 0.2;

/// The story's prose paragraphs, their words computed once per page (a
/// page has dozens of headline candidates to score against them). Only the
/// candidates' content words matter; they are numbered, so a paragraph's
/// words are a sorted list of numbers rather than a set of strings.
pub(super) struct Story<'a> {
    /// Prose paragraphs: position, word key (for spotting repeats), the
    /// numbers of the candidates' content words it uses (sorted, each once).
    paras: Vec<(usize, &'a str, Vec<u32>)>,
    /// Word number → number of prose paragraphs using it.
    uses: Vec<usize>,
}

impl<'a> Story<'a> {
    /// `ids`: the content words of every headline candidate, numbered.
    pub(super) fn new(paras: &'a [Para], ids: FxHashMap<String, u32>) -> Story<'a> {
        let paras: Vec<(usize, &str, Vec<u32>)> = paras
            .iter()
            .enumerate()
            .filter(|(_, p)| is_prose_para(p))
            .map(|(i, p)| {
                let mut words: Vec<u32> = Vec::new();
                // No candidate has two content words: no score is computed.
                if !ids.is_empty() {
                    for_each_para_content_word(p, &mut |w| {
                        if let Some(&id) = ids.get(w) {
                            words.push(id);
                        }
                    });
                }
                words.sort_unstable();
                words.dedup();
                (i, p.key.as_str(), words)
            })
            .collect();
        let mut uses = vec![0; ids.len()];
        for (_, _, words) in &paras {
            for &w in words {
                uses[w as usize] += 1;
            }
        }
        Story { paras, uses }
    }
}

/// How strongly the story bears out a candidate: its content words that the
/// story's prose repeats, weighted by the share they make of the candidate.
/// `None` when too few are shared to be a headline at all.
/// `key` is the headline's [`own_words_key`], `own_words` the numbers of
/// its content words.
/// `long`: a first line longer than a headline may be elsewhere (a
/// meeting's formal name), most of whose words the story never repeats.
pub(super) fn story_score(
    key: &str,
    own_words: &[u32],
    story: &Story,
    own: usize,
    long: bool,
) -> Option<f32> {
    if own_words.len() < 2 {
        return None;
    }
    // Words of the story, not counting the headline itself or its repeats
    // (a section label repeated in a menu proves nothing).
    let excluded: Vec<&[u32]> = story
        .paras
        .iter()
        .filter(|(i, k, _)| *i == own || *k == key)
        .map(|(_, _, words)| words.as_slice())
        .collect();
    let shared = own_words
        .iter()
        .filter(|&&id| {
            let uses = story.uses[id as usize];
            uses > excluded
                .iter()
                .filter(|words| words.binary_search(&id).is_ok())
                .count()
        })
        .count();
    let share = shared as f32 / own_words.len() as f32;
    let min = if long { MIN_OVERLAP_LONG } else { MIN_OVERLAP };
    (shared >= 2 && share >= min).then(|| (shared as f32).min(MAX_SHARED) * share)
}

pub(super) fn own_words_key(text: &str) -> String {
    fold_words(text)
}

/// [`for_each_content_word`] of a paragraph's text, read from its key
/// (its words already lower-cased) rather than from the text. The key's
/// words answer the same tests: stop words and their lengths are ASCII, and
/// lower-casing keeps a word's number of characters except for U+0130 (İ),
/// whose paragraphs are read from the text.
pub(super) fn for_each_para_content_word(p: &Para, f: &mut impl FnMut(&str)) {
    if p.text.contains('\u{130}') {
        for_each_content_word(&p.text, &mut String::new(), f);
        return;
    }
    // `p.key.split(' ')`, by a plain byte loop (the words are short).
    let mut rest = p.key.as_str();
    loop {
        let (w, next) = match rest.bytes().position(|b| b == b' ') {
            Some(at) => (&rest[..at], Some(&rest[at + 1..])),
            None => (rest, None),
        };
        if !(w.len() < 3 || !w.is_ascii() && w.chars().count() < 3 || is_stopword(w)) {
            f(stem(w));
        }
        match next {
            Some(next) => rest = next,
            None => break,
        }
    }
}

/// Call `f` with `stem(&w.to_lowercase())` of every word of three or more
/// characters that is not a stop word; `buf` holds the lowered word, so
/// nothing is allocated per word.
pub(super) fn for_each_content_word(text: &str, buf: &mut String, mut f: impl FnMut(&str)) {
    for w in words(text) {
        if w.len() < 3 || !w.is_ascii() && w.chars().count() < 3 || is_stopword(w) {
            continue;
        }
        buf.clear();
        push_lowercase(buf, w);
        f(stem(buf));
    }
}

/// A crude plural/possessive fold so "mechanisms" meets "mechanism".
fn stem(w: &str) -> &str {
    // `trim_end_matches("'s")` then `("’s")`, without building searchers.
    let mut w = w;
    while let Some(rest) = w.strip_suffix("'s") {
        w = rest;
    }
    while let Some(rest) = w.strip_suffix("’s") {
        w = rest;
    }
    w.strip_suffix('s').unwrap_or(w)
}
