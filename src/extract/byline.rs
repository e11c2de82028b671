//! Bylines: "Headline (by NAME, for OUTLET)" inside a headline, and a
//! byline line near it ("By NAME", "Text: NAME (role)", "NAME, ROLE" as
//! statements are signed), parsed into author, role and outlet.

use std::borrow::Cow;

use super::layout::Para;
use super::lexicon::is_role_word;
use super::text::word_count;

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

/// `Headline (by NAME, for OUTLET)` → headline and byline. (Most
/// paragraphs have no byline: their text is borrowed, not copied.)
pub fn split_byline(text: &str) -> (Cow<'_, str>, Option<Byline>) {
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
pub fn standalone_byline(paras: &[Para], title: usize) -> Option<Byline> {
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
            && role.split_whitespace().any(is_role_word)
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

/// `NAME (role) for OUTLET` or `NAME, OUTLET`: the byline's parts.
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::layout::paragraphs;

    #[test]
    fn a_byline_in_brackets_is_split_off_the_headline() {
        let (headline, b) = split_byline("Why norms matter (by Dr Jane Roe, for Example News)");
        assert_eq!(headline, "Why norms matter");
        let b = b.unwrap();
        assert_eq!(b.author, "Dr Jane Roe");
        assert_eq!(b.outlet.as_deref(), Some("Example News"));
        assert_eq!((b.role, b.para), (None, None));
        let (same, none) = split_byline("Talks (in Geneva) resume");
        assert!(matches!(same, Cow::Borrowed("Talks (in Geneva) resume")) && none.is_none());
    }

    #[test]
    fn byline_lines_near_the_headline() {
        let by = paragraphs(
            "Cyber talks resume in Geneva\n\nBy Anna Smith (Special Representative)\n\nThe talks resumed on Monday, diplomats said.",
        );
        let b = standalone_byline(&by, 0).unwrap();
        assert_eq!(b.author, "Anna Smith");
        assert_eq!(b.role.as_deref(), Some("Special Representative"));
        assert_eq!(b.para, Some(1));
        let signed = paragraphs(
            "On the open-ended working group\n\nAntony J. Blinken, Secretary of State\n\nThe group met.",
        );
        let b = standalone_byline(&signed, 0).unwrap();
        assert_eq!(b.author, "Antony J. Blinken");
        assert_eq!(b.role.as_deref(), Some("Secretary of State"));
        let none = paragraphs("Cyber talks resume in Geneva\n\nThe talks resumed, diplomats said.");
        assert_eq!(standalone_byline(&none, 0), None);
    }
}
