//! Where a page names its publisher in its own furniture rather than in a
//! credit: an imprint line ("Published by the Harbour Institute"), a site
//! banner with its slogan ("Harbour Review - Your Guide to …"), a masthead
//! over a "Posted" line, the symbol an office issues its releases under
//! ("HRIS/PR/41"), and the paper whose correspondent holds an interview.
//! Each is a vote for the source finder, which weighs them with the rest.

use std::sync::LazyLock;

use regex::Regex;

use super::gazetteer::Gazetteer;
use super::layout::Para;

/// How far from the top a masthead, banner or symbol may stand.
const TOP_PARAS: usize = 4;
/// Longest name taken from an imprint, a banner or a masthead.
const MAX_NAME_WORDS: usize = 5;

struct Patterns {
    published_by: Regex,
    slogan: Regex,
    symbol: Regex,
    correspondent: Regex,
}

static RE: LazyLock<Patterns> = LazyLock::new(|| {
    Patterns {
    // "Published by the Harbour Institute in partnership with …",
    // "Publié par …", "Publicado por …".
    published_by: Regex::new(
        r"^(?:Published by|Publié par|Publicado por)\s+(?:the\s+|The\s+|l[ae]\s+|el\s+)?(\p{Lu}[\p{L}\p{N}&'’.-]*(?:\s+(?:\p{Lu}[\p{L}\p{N}&'’.-]*|of|for|and|de|du|des))*)",
    )
    .expect("static pattern"),
    // "Harbour Review - Your Guide to Security Policy": a banner's name
    // before a slogan addressed to the reader.
    slogan: Regex::new(
        r"^(\p{Lu}[\p{L}\p{N}'’&.]*(?:\s+\p{Lu}[\p{L}\p{N}'’&.]*){0,4})\s+[-–—|:]\s+(?:Your|The Home of|Home of|Where)\s",
    )
    .expect("static pattern"),
    // "HRIS/PR/41", "ABC/CP/1183": an office's release symbol, alone on
    // its line.
    symbol: Regex::new(r"^([A-Z]{2,8})(?:/[A-Z0-9.]{1,10}){1,4}$").expect("static pattern"),
    // "корреспонденту «Ъ»", "told a correspondent of Harbour Review".
    correspondent: Regex::new(
        r"(?i)(?:корреспондент\w*|correspondent of|correspondant\w* de|corresponsal de)\s+[«“„\x22]?([\p{L}][\p{L}\p{N} .-]{0,30}?)[»”\x22]?(?:[\s,.;:]|$)",
    )
    .expect("static pattern"),
}
});

/// The publishers this page's furniture names, each with whether the
/// gazetteer knows it (a known one is canonical; an unknown one as written).
pub fn publishers(paras: &[Para], gaz: &Gazetteer) -> Vec<String> {
    let mut found = Vec::new();
    for (i, p) in paras.iter().enumerate() {
        let text = p.text.trim();
        if let Some(c) = RE.published_by.captures(text) {
            let name = c[1].trim_end_matches(['.', ',']);
            // "… Institute in partnership with …": the partner is not the
            // publisher.
            let cut = [" in cooperation", " in partnership", " with the support"]
                .iter()
                .filter_map(|w| name.to_lowercase().find(w))
                .min()
                .unwrap_or(name.len());
            let name = name[..cut].trim();
            if let Some(n) = known_or_short(name, gaz) {
                found.push(n);
            }
        }
        if i < TOP_PARAS {
            if let Some(c) = RE.slogan.captures(text)
                && let Some(n) = known_or_short(&c[1], gaz)
            {
                found.push(n);
            }
            // A release symbol names its office only when the gazetteer
            // knows the office: "SC/1234" alone says nothing.
            if let Some(c) = RE.symbol.captures(text)
                && let Some(o) = gaz.outlet(&c[1])
            {
                found.push(o.name.clone());
            }
            if i + 1 < paras.len() && is_masthead(p, &paras[i + 1]) {
                found.push(gaz.outlet_name(text).unwrap_or_else(|| text.to_string()));
            }
        }
        if (text.contains("орреспондент") || text.contains("orrespond"))
            && let Some(c) = RE.correspondent.captures(text)
            && let Some(o) = gaz.outlet(c[1].trim())
        {
            found.push(o.name.clone());
        }
    }
    found
}

/// A short name-shaped line above the line that says when the page was
/// posted ("Harbour Review" / "Posted Mon 3 May 2021").
fn is_masthead(line: &Para, next: &Para) -> bool {
    let text = line.text.trim();
    let next = next.text.trim_start().to_lowercase();
    (1..=MAX_NAME_WORDS).contains(&line.words)
        && ["posted ", "published ", "posted:", "published:"]
            .iter()
            .any(|m| next.starts_with(m))
        && !super::text::ends_sentence(text)
        && text.split_whitespace().all(|w| {
            w.chars()
                .next()
                .is_some_and(|c| c.is_uppercase() || !c.is_alphabetic())
        })
}

/// A name the gazetteer knows, canonical; else the name as written when it
/// is short enough to be one.
fn known_or_short(name: &str, gaz: &Gazetteer) -> Option<String> {
    if let Some(o) = gaz.outlet(name) {
        return Some(o.name.clone());
    }
    (1..=MAX_NAME_WORDS)
        .contains(&name.split_whitespace().count())
        .then(|| name.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::layout::paragraphs;

    fn found(text: &str) -> Vec<String> {
        let g = Gazetteer::embedded().unwrap();
        publishers(&paragraphs(text), &g)
    }

    #[test]
    fn imprints_banners_mastheads_and_symbols_name_the_publisher() {
        assert_eq!(
            found("Published by the Harbour Institute in Partnership With\n\nThe talks ended."),
            ["Harbour Institute"]
        );
        assert_eq!(
            found("Harbour Review - Your Guide to Security Policy\n\nThe talks ended."),
            ["Harbour Review"]
        );
        assert_eq!(
            found(
                "Norland Notes\n\nPosted Mon 3 May 2021\n\nTalks on the code\n\nThe talks ended."
            ),
            ["Norland Notes"]
        );
        // The gazetteer knows UNIS; it does not know "SC".
        assert_eq!(
            found("UNIS/CP/77\n\n2 May 2024\n\nI welcome the step."),
            ["UNIS"]
        );
        assert!(found("SC/1234\n\nThe Council met.").is_empty());
        assert_eq!(
            found("Об этом корреспонденту «Ъ» рассказал министр."),
            ["Kommersant"]
        );
        // A headline with a colon is not a banner, a sentence not a masthead.
        assert!(found("Norland talks: the next round\n\nPosted Mon 3 May 2021").is_empty());
    }
}
