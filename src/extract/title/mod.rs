//! The headline: the first headline-shaped paragraph near the top whose
//! words the story itself uses, with bylines and outlet suffixes removed.
//!
//! [`shape`] says what looks like a headline, [`story`] scores candidates
//! against the story's prose, [`crate::extract::byline`] splits bylines off.

mod shape;
mod story;

use super::byline::{Byline, split_byline, standalone_byline};
use super::gazetteer::Gazetteer;
use super::layout::Para;
use super::lexicon::record_cover_at;
use super::text::word_count;
use rustc_hash::FxHashMap;
use shape::{
    has_furniture_words, is_headline_shaped, is_prose_para, prose_shaped, split_outlet_suffix,
    strip_back_link, strip_tag, truncate_words,
};
use story::{Story, for_each_content_word, for_each_para_content_word, own_words_key, story_score};

/// How far down the page a headline may sit (menus come first on many sites).
const SEARCH_PARAS: usize = 60;
/// Candidates scoring this share of the best one count as equally good.
const NEAR_BEST: f32 = 0.6;

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

pub fn find(paras: &[Para], gaz: &Gazetteer) -> Title {
    if let Some((i, text)) = hearing_title(paras) {
        return Title {
            text,
            para: Some(i),
            byline: None,
            site: None,
        };
    }
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
        let (headline, byline) = split_byline(strip_tag(strip_back_link(&p.text)));
        // The paragraph's own word count when the headline is all of it.
        let n = if byline.is_none() && *headline == *p.text {
            p.words
        } else {
            word_count(&headline)
        };
        // A line that is exactly an outlet's name is the site's masthead.
        if p.gappy
            || !is_headline_shaped(&headline, n, i == 0)
            || gaz.outlet(headline.trim()).is_some()
        {
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
        let long = n > shape::MAX_WORDS;
        let Some(score) = story_score(key, &own_words, &story, i, long) else {
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

/// How far down a hearing record's cover may sit.
pub(super) const COVER_PARAS: usize = 4;

/// A hearing record's cover names the hearing in capitals just before
/// "HEARING BEFORE THE …" on its cover, among print codes and imprints.
fn hearing_title(paras: &[Para]) -> Option<(usize, String)> {
    paras
        .iter()
        .enumerate()
        .take(COVER_PARAS)
        .find_map(|(i, p)| {
            let at = record_cover_at(&p.text)?;
            // The run of capitalised words back from the cover line.
            let words: Vec<&str> = p.text[..at]
                .split_whitespace()
                .rev()
                .take_while(|w| {
                    w.chars().any(char::is_alphabetic)
                        && !w.chars().any(|c| c.is_lowercase() || c.is_numeric())
                })
                .collect();
            (words.len() >= 3).then(|| {
                let run: Vec<&str> = words.into_iter().rev().collect();
                (i, run.join(" "))
            })
        })
}

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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::layout::paragraphs;

    #[test]
    fn skips_menus_and_finds_the_headline() {
        let text = "World\nBusiness & Economy\nYou can filter your feed,\nby choosing only interesting\n\nCyber talks resume in Geneva after long pause\n\nDiplomats said the cyber talks resume in Geneva next week after a long pause in the process.";
        let t = find(
            &paragraphs(text),
            &crate::extract::gazetteer::Gazetteer::embedded().unwrap(),
        );
        assert_eq!(t.text, "Cyber talks resume in Geneva after long pause");
    }

    #[test]
    fn byline_is_split_from_the_headline() {
        let text = "Why norms matter (by Dr Jane Roe, for Example News)\n\nNorms matter because states agreed on them and norms shape what states do.";
        let t = find(
            &paragraphs(text),
            &crate::extract::gazetteer::Gazetteer::embedded().unwrap(),
        );
        assert_eq!(t.text, "Why norms matter");
        let b = t.byline.unwrap();
        assert_eq!(b.author, "Dr Jane Roe");
        assert_eq!(b.outlet.as_deref(), Some("Example News"));
    }
}
