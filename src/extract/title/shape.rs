//! What a headline looks like before the story scores it: headline-shaped
//! and prose-shaped paragraphs, label lines and site furniture, and the
//! outlet suffix split off a headline ("Headline | Site").

use crate::extract::layout::Para;
use crate::extract::text::{with_lowercase, word_count, words};

pub(super) const MIN_WORDS: usize = 3;
pub(super) const MAX_WORDS: usize = 26;
/// The first line of a page may run long ("(2nd meeting) Resumed
/// session of the committee to continue the negotiations on …").
pub(super) const MAX_TOP_WORDS: usize = 40;

/// `n` is the text's word count; `top`: the page's first line.
pub(super) fn is_headline_shaped(text: &str, n: usize, top: bool) -> bool {
    let Some(first) = text.chars().next() else {
        return false;
    };
    // Letters are counted only for texts that pass the cheaper tests.
    let letters = || text.chars().filter(|c| c.is_alphabetic()).count();
    let starts_well = first.is_uppercase()
        || first.is_numeric()
        || matches!(first, '‘' | '\'' | '“' | '"' | '«')
        || first == '(' && opens_with_aside(text);
    let max = if top && !crate::extract::text::ends_sentence(text) {
        MAX_TOP_WORDS
    } else {
        MAX_WORDS
    };
    starts_well
        && (MIN_WORDS..=max).contains(&n)
        && !text.ends_with([',', ';'])
        && !text.contains("{{")
        && letters() * 10 >= text.chars().count() * 6
        && !text.ends_with(':')
        && !is_label_line(text)
        // (The word count first: looking for dates is the costly part.)
        && !(n < 9 && crate::extract::date::has_full_date(text))
        && !(crate::extract::text::ends_sentence(text) && n > 25)
}

/// "(2nd meeting) Resumed session …": a short parenthesis, then a space;
/// not a section number ("(一)", "(2)").
fn opens_with_aside(text: &str) -> bool {
    let Some(close) = text.find(')') else {
        return false;
    };
    let inner = &text[1..close];
    inner.chars().count() <= 20
        && inner.chars().filter(|c| c.is_alphabetic()).count() >= 3
        && text[close + 1..].starts_with(' ')
}

/// A tag in brackets before a headline: a mailing list's name ("[CyberWatch]"),
/// a format ("[VIDEO]"). `None` when there is none.
pub(super) fn strip_tag(text: &str) -> &str {
    let t = text.trim_start();
    if let Some(rest) = t.strip_prefix('[')
        && let Some(close) = rest.find(']')
        && close <= 20
        && !rest[..close].contains(' ')
        && rest[close + 1..].starts_with(' ')
        && word_count(&rest[close + 1..]) >= MIN_WORDS
    {
        return rest[close + 1..].trim_start();
    }
    text
}

/// Back links a page prints before its headline ("Retour", "Zurück"),
/// glued to it when the page is saved as text.
const BACK_LINKS: &[&str] = &[
    "Back",
    "Retour",
    "Zurück",
    "Volver",
    "Regresar",
    "Назад",
    "返回",
    "←",
];

/// The headline without a back link glued before it: "Retour Treaty
/// negotiations continue" → "Treaty negotiations continue". A
/// headline that starts "Back to …" keeps its first word.
pub(super) fn strip_back_link(text: &str) -> &str {
    let t = text.trim_start();
    for b in BACK_LINKS {
        if let Some(rest) = t.strip_prefix(b)
            && rest.starts_with(char::is_whitespace)
        {
            let rest = rest.trim_start();
            let next_is_name = rest
                .chars()
                .next()
                .is_some_and(|c| c.is_uppercase() || !c.is_alphabetic() || c.is_numeric());
            if next_is_name && word_count(rest) >= MIN_WORDS {
                return rest;
            }
        }
    }
    text
}

/// Words of site chrome rather than of stories.
pub(super) fn has_furniture_words(text: &str) -> bool {
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
        || crate::extract::text::opens_with_turn_label(text)
        || text.contains('|') && text.matches(" | ").count() >= 2
        || text.contains('>') && text.matches(" > ").count() >= 2
}

/// Story paragraphs: what a headline must share words with (menus share
/// words with each other, not with the story).
pub(super) fn is_prose_para(p: &Para) -> bool {
    prose_shaped(&p.text, p.words)
}

/// Prose: `n` (the text's word count) words that make sentences.
pub(super) fn prose_shaped(text: &str, n: usize) -> bool {
    n >= 8 && (crate::extract::text::ends_sentence(text) || n >= 15)
}

/// `Headline | Outlet`, `Headline • Outlet` or `Headline - Outlet`: a short
/// trailing segment that names the site, split off.
pub(super) fn split_outlet_suffix(title: &str) -> (String, Option<String>) {
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

pub(super) fn truncate_words(text: &str, n: usize) -> String {
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
