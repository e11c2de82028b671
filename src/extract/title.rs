//! The headline: the first headline-shaped paragraph near the top whose
//! words the story itself uses, with bylines and outlet suffixes removed.

use std::borrow::Cow;

use super::layout::Para;
use super::text::{fold_words, is_stopword, push_lowercase, with_lowercase, word_count, words};
use rustc_hash::FxHashMap;

/// How far down the page a headline may sit (menus come first on many sites).
const SEARCH_PARAS: usize = 60;
const MIN_WORDS: usize = 3;
const MAX_WORDS: usize = 26;
/// More shared words than this add nothing: long ledes share many.
const MAX_SHARED: f32 = 5.0;
/// Candidates scoring this share of the best one count as equally good.
const NEAR_BEST: f32 = 0.6;
/// Share of a candidate's content words that must recur in the story.
const MIN_OVERLAP: f32 = 0.3;

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Title {
    pub text: String,
    /// Index of the paragraph it came from.
    pub para: Option<usize>,
    /// "by NAME, for OUTLET" found in or under the headline.
    pub byline: Option<Byline>,
    /// The site's name after the headline ("Headline | Site"), if any.
    pub site: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Byline {
    /// The author as written, honorific included ("Ambassador Yakovenko").
    pub author: String,
    /// The author's role, when the byline gives one.
    pub role: Option<String>,
    /// The outlet the author wrote for, if stated.
    pub outlet: Option<String>,
    /// Paragraph holding a stand-alone byline line.
    pub para: Option<usize>,
}

pub fn find(paras: &[Para], gaz: &super::Gazetteer) -> Title {
    let first_prose = paras.iter().position(is_prose_para);
    // Candidates first, so that the story's words are read only for the
    // words some candidate has (most words of a page are in none).
    let mut candidates: Vec<Candidate> = Vec::new();
    let mut first_candidate = None;
    // The candidates' content words, numbered.
    let mut ids: FxHashMap<String, u32> =
        FxHashMap::with_capacity_and_hasher(128, Default::default());
    let mut number = |w: &str| match ids.get(w) {
        Some(&id) => id,
        None => {
            let id = ids.len() as u32;
            ids.insert(w.to_string(), id);
            id
        }
    };
    for (i, p) in paras.iter().enumerate().take(SEARCH_PARAS) {
        let (headline, byline) = split_byline(&p.text);
        // The paragraph's own word count when the headline is all of it.
        let n = if byline.is_none() && *headline == *p.text {
            p.words
        } else {
            word_count(&headline)
        };
        // A line that is exactly an outlet's name is the site's masthead.
        if p.gappy || !is_headline_shaped(&headline, n) || gaz.outlet(headline.trim()).is_some() {
            continue;
        }
        // The paragraph's own key and words when the headline is all of it.
        let whole = byline.is_none() && *headline == *p.text;
        let headline = headline.into_owned();
        if first_candidate.is_none() {
            first_candidate = Some((i, headline.clone(), byline.clone()));
        }
        let mut own_words: Vec<u32> = Vec::new();
        let key = if whole {
            for_each_para_content_word(p, &mut |w| own_words.push(number(w)));
            None
        } else {
            for_each_content_word(&headline, &mut String::new(), |w| {
                own_words.push(number(w));
            });
            Some(own_words_key(&headline))
        };
        own_words.sort_unstable();
        own_words.dedup();
        candidates.push(Candidate {
            i,
            headline,
            key,
            byline,
            n,
            own_words,
        });
    }
    let story = Story::new(paras, ids);
    let mut scored: Vec<(f32, usize, String, Option<Byline>)> = Vec::new();
    for Candidate {
        i,
        headline,
        key,
        byline,
        n,
        own_words,
    } in candidates
    {
        let key = key.as_deref().unwrap_or(&paras[i].key);
        let Some(score) = story_score(key, &own_words, &story, i) else {
            continue;
        };
        // Headlines sit above the story: one far below its start is a
        // related-story link or a subheading.
        let below = first_prose.is_some_and(|f| i > f + 1);
        let mut score = if below { score * 0.3 } else { score };
        // A full sentence with a period is more often a lede or a banner;
        // a run of capitalised words without function words is a tag list.
        if prose_shaped(&headline, n) && headline.trim_end().ends_with('.') {
            score *= 0.4;
        }
        // Four words or fewer: more often a section or topic label.
        if n <= 4 {
            score *= 0.75;
        }
        if n >= 6 && super::text::stopword_density(&headline) == 0.0 {
            score *= 0.6;
        }
        if has_furniture_words(&headline) {
            score *= 0.3;
        }
        scored.push((score, i, headline, byline));
    }
    // The earliest candidate nearly as good as the best: headlines come
    // before their subtitles.
    let top = scored.iter().map(|c| c.0).fold(0.0f32, f32::max);
    if let Some((_, i, text, byline)) = scored
        .into_iter()
        .find(|c| c.0 >= top * NEAR_BEST && top > 0.0)
    {
        let byline = byline.or_else(|| standalone_byline(paras, i));
        let (text, site) = split_outlet_suffix(&text);
        return Title {
            text,
            para: Some(i),
            byline,
            site,
        };
    }
    match first_candidate {
        Some((i, text, byline)) => {
            let (text, site) = split_outlet_suffix(&text);
            Title {
                text,
                para: Some(i),
                byline,
                site,
            }
        }
        None => Title {
            text: paras
                .first()
                .map(|p| truncate_words(&p.text, 12))
                .unwrap_or_else(|| "Untitled".to_string()),
            para: None,
            byline: None,
            site: None,
        },
    }
}

/// `n` is the text's word count.
/// A headline-shaped paragraph, before the story scores it.
struct Candidate {
    /// Its paragraph.
    i: usize,
    headline: String,
    /// The headline's [`own_words_key`], when it is not its paragraph's key.
    key: Option<String>,
    byline: Option<Byline>,
    /// The headline's word count.
    n: usize,
    /// The numbers of the headline's content words (sorted, each once).
    own_words: Vec<u32>,
}

fn is_headline_shaped(text: &str, n: usize) -> bool {
    let Some(first) = text.chars().next() else {
        return false;
    };
    // Letters are counted only for texts that pass the cheaper tests.
    let letters = || text.chars().filter(|c| c.is_alphabetic()).count();
    let starts_well =
        first.is_uppercase() || first.is_numeric() || matches!(first, '‘' | '\'' | '“' | '"' | '«');
    starts_well
        && (MIN_WORDS..=MAX_WORDS).contains(&n)
        && !text.ends_with([',', ';'])
        && !text.contains("{{")
        && letters() * 10 >= text.chars().count() * 6
        && !text.ends_with(':')
        && !is_label_line(text)
        // (The word count first: looking for dates is the costly part.)
        && !(n < 9 && super::date::has_full_date(text))
        && !(super::text::ends_sentence(text) && n > 25)
}

/// The story's prose paragraphs, their words computed once per page (a
/// page has dozens of headline candidates to score against them). Only the
/// candidates' content words matter; they are numbered, so a paragraph's
/// words are a sorted list of numbers rather than a set of strings.
struct Story<'a> {
    /// Prose paragraphs: position, word key (for spotting repeats), the
    /// numbers of the candidates' content words it uses (sorted, each once).
    paras: Vec<(usize, &'a str, Vec<u32>)>,
    /// Word number → number of prose paragraphs using it.
    uses: Vec<usize>,
}

impl<'a> Story<'a> {
    /// `ids`: the content words of every headline candidate, numbered.
    fn new(paras: &'a [Para], ids: FxHashMap<String, u32>) -> Story<'a> {
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
fn story_score(key: &str, own_words: &[u32], story: &Story, own: usize) -> Option<f32> {
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
    (shared >= 2 && share >= MIN_OVERLAP).then(|| (shared as f32).min(MAX_SHARED) * share)
}

/// Words of site chrome rather than of stories.
fn has_furniture_words(text: &str) -> bool {
    const FURNITURE: &[&str] = &[
        "cookie",
        "cookies",
        "photo",
        "newsletter",
        "subscribe",
        "advertisement",
        "login",
        "menu",
    ];
    words(text).any(|w| with_lowercase(w, |w| FURNITURE.contains(&w)))
}

/// "By Jane Doe", "Text: …", "Photo: …": a byline or a labelled field.
fn is_label_line(text: &str) -> bool {
    let first = text.split_whitespace().next().unwrap_or("");
    if first.eq_ignore_ascii_case("by") && word_count(text) <= 6 {
        return true;
    }
    // Field labels, not "Zakharova: …" headlines.
    const LABELS: &[&str] = &[
        "text:",
        "photo:",
        "source:",
        "author:",
        "tags:",
        "topics:",
        "date:",
        "updated:",
        "published:",
        "category:",
        "section:",
        "editor:",
        "credit:",
        "image:",
        "video:",
        "read:",
        "posted:",
        "filed:",
        "from:",
    ];
    // "Federal issue | Week | Regions": a menu.
    with_lowercase(first, |w| LABELS.contains(&w))
        || super::text::opens_with_turn_label(text)
        || text.contains('|') && text.matches(" | ").count() >= 2
        || text.contains('>') && text.matches(" > ").count() >= 2
}

/// Story paragraphs: what a headline must share words with (menus share
/// words with each other, not with the story).
fn is_prose_para(p: &Para) -> bool {
    prose_shaped(&p.text, p.words)
}

/// Prose: `n` (the text's word count) words that make sentences.
fn prose_shaped(text: &str, n: usize) -> bool {
    n >= 8 && (super::text::ends_sentence(text) || n >= 15)
}

fn own_words_key(text: &str) -> String {
    fold_words(text)
}

/// [`for_each_content_word`] of a paragraph's text, read from its key
/// (its words already lower-cased) rather than from the text. The key's
/// words answer the same tests: stop words and their lengths are ASCII, and
/// lower-casing keeps a word's number of characters except for U+0130 (İ),
/// whose paragraphs are read from the text.
fn for_each_para_content_word(p: &Para, f: &mut impl FnMut(&str)) {
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
fn for_each_content_word(text: &str, buf: &mut String, mut f: impl FnMut(&str)) {
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

/// `Headline (by NAME, for OUTLET)` → headline and byline. (Most
/// paragraphs have no byline: their text is borrowed, not copied.)
fn split_byline(text: &str) -> (Cow<'_, str>, Option<Byline>) {
    // Lower-casing never makes a '(' : without one there is no "(by ".
    if !text.contains('(') {
        return (Cow::Borrowed(text), None);
    }
    let lower = text.to_lowercase();
    if let Some(open) = lower.rfind("(by ")
        && let Some(close) = text[open..].find(')')
    {
        let inner = &text[open + 4..open + close];
        let headline = format!("{}{}", &text[..open], &text[open + close + 1..]);
        return (
            Cow::Owned(headline.trim().to_string()),
            parse_byline(inner, None),
        );
    }
    (Cow::Borrowed(text), None)
}

/// A byline line near the headline: "By NAME", "Text: NAME (role)",
/// "Author: NAME", or "NAME, ROLE" as statements are signed.
fn standalone_byline(paras: &[Para], title: usize) -> Option<Byline> {
    let from = title.saturating_sub(3);
    for (i, p) in paras.iter().enumerate().skip(from).take(10) {
        if i == title {
            continue;
        }
        let t = p.text.trim();
        let rest = [
            "By ",
            "by ",
            "BY ",
            "Text: ",
            "Text by ",
            "Author: ",
            "Written by ",
            "Words: ",
        ]
        .iter()
        .find_map(|prefix| t.strip_prefix(prefix));
        if let Some(rest) = rest
            && word_count(rest) <= 24
        {
            return parse_byline(rest, Some(i));
        }
        // "Antony J. Blinken, Secretary of State" right under the headline.
        if i > title
            && i <= title + 3
            && let Some((name, role)) = t.split_once(", ")
            && (2..=4).contains(&word_count(name))
            && word_count(role) <= 8
            && name
                .split_whitespace()
                .all(|w| w.chars().next().is_some_and(char::is_uppercase))
            && role.split_whitespace().any(super::lexicon::is_role_word)
        {
            return Some(Byline {
                author: name.to_string(),
                role: Some(role.trim_end_matches('.').to_string()),
                outlet: None,
                para: Some(i),
            });
        }
    }
    None
}

fn parse_byline(inner: &str, para: Option<usize>) -> Option<Byline> {
    let mut inner = inner.trim().trim_end_matches('.').to_string();
    // "NAME (Special Representative of …)": the role in brackets.
    let mut role = None;
    if let Some(open) = inner.find('(')
        && let Some(close) = inner[open..].find(')')
    {
        role = Some(inner[open + 1..open + close].trim().to_string());
        inner = format!("{}{}", &inner[..open], &inner[open + close + 1..]);
    }
    let inner = inner.trim();
    let (author, outlet) = match inner.rsplit_once(" for ") {
        Some((a, o)) => (a, Some(o.trim().to_string())),
        None => match inner.split_once(',') {
            Some((a, o)) if word_count(o) <= 4 => (a, Some(o.trim().to_string())),
            _ => (inner, None),
        },
    };
    let author = author.trim().trim_end_matches(',').trim();
    (!author.is_empty() && word_count(author) <= 10).then(|| Byline {
        author: author.to_string(),
        role,
        outlet,
        para,
    })
}

/// `Headline | Outlet`, `Headline • Outlet` or `Headline - Outlet`: a short
/// trailing segment that names the site, split off.
fn split_outlet_suffix(title: &str) -> (String, Option<String>) {
    for sep in [" | ", " • ", " · ", " — ", " – ", " - "] {
        if let Some((head, tail)) = title.rsplit_once(sep)
            && word_count(tail) <= 3
            && word_count(head) >= MIN_WORDS
            && tail.chars().next().is_some_and(char::is_uppercase)
            && (matches!(sep, " | " | " • " | " · ") || is_outlet_like(tail))
        {
            return (head.trim().to_string(), Some(tail.trim().to_string()));
        }
    }
    (title.trim().to_string(), None)
}

#[cfg(test)]
fn strip_outlet_suffix(title: &str) -> String {
    split_outlet_suffix(title).0
}

fn is_outlet_like(tail: &str) -> bool {
    let t = tail.trim();
    t.contains('.') || t.chars().filter(|c| c.is_uppercase()).count() >= 2
}

fn truncate_words(text: &str, n: usize) -> String {
    let w: Vec<&str> = text.split_whitespace().take(n).collect();
    let mut out = w.join(" ");
    if word_count(text) > n {
        out.push('…');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::layout::paragraphs;

    #[test]
    fn skips_menus_and_finds_the_headline() {
        let text = "World\nBusiness & Economy\nYou can filter your feed,\nby choosing only interesting\n\nCyber talks resume in Geneva after long pause\n\nDiplomats said the cyber talks resume in Geneva next week after a long pause in the process.";
        let t = find(
            &paragraphs(text),
            &crate::extract::Gazetteer::embedded().unwrap(),
        );
        assert_eq!(t.text, "Cyber talks resume in Geneva after long pause");
    }

    #[test]
    fn byline_is_split_from_the_headline() {
        let text = "Why norms matter (by Dr Jane Roe, for Example News)\n\nNorms matter because states agreed on them and norms shape what states do.";
        let t = find(
            &paragraphs(text),
            &crate::extract::Gazetteer::embedded().unwrap(),
        );
        assert_eq!(t.text, "Why norms matter");
        let b = t.byline.unwrap();
        assert_eq!(b.author, "Dr Jane Roe");
        assert_eq!(b.outlet.as_deref(), Some("Example News"));
    }

    #[test]
    fn outlet_suffix_is_removed() {
        assert_eq!(
            strip_outlet_suffix("UN adopts cyber resolution | Example Times"),
            "UN adopts cyber resolution"
        );
        assert_eq!(
            strip_outlet_suffix("Russia and US agree on a text - Reuters.com"),
            "Russia and US agree on a text"
        );
        assert_eq!(
            strip_outlet_suffix("Talks on cybercrime treaty - a long road"),
            "Talks on cybercrime treaty - a long road"
        );
    }
}
