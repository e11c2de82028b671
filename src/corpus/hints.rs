//! What a file says about itself, beside its text: an HTML page's JSON-LD
//! and meta tags, a PDF's Info dictionary, a Word file's core properties, a
//! `NAME.url` sidecar. Each value keeps where it was found. A page's own
//! statement ([`Strength::Stated`]) wins over the text rules; a file's
//! metadata ([`Strength::Hint`]) only fills what the text does not give.
//! Front matter wins over both.

use crate::model::{Article, DateMethod, FieldSource, PubDate, slugify};

/// How far a found value is trusted against the text rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Strength {
    /// The page states it of itself (JSON-LD, meta tags): used over the
    /// text rules.
    Stated,
    /// Metadata a tool filled in (PDF Info, Word core properties): used
    /// only when the text rules find nothing.
    Hint,
}

/// One value found outside the text, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    pub value: String,
    /// "json-ld headline", "meta og:title", "pdf Info /Title", ...
    pub from: String,
    pub strength: Strength,
}

impl Found {
    pub fn new(value: &str, from: impl Into<String>, strength: Strength) -> Option<Found> {
        let value = value.split_whitespace().collect::<Vec<_>>().join(" ");
        (!value.is_empty()).then(|| Found {
            value,
            from: from.into(),
            strength,
        })
    }
}

/// Everything found outside the text; the first value found for a field
/// is kept ([`Hints::offer`]), so readers offer the best sources first.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Hints {
    pub title: Option<Found>,
    pub date: Option<Found>,
    pub author: Option<Found>,
    pub publisher: Option<Found>,
    pub url: Option<Found>,
}

impl Hints {
    /// Keep `found` in `slot` unless a value is there already.
    pub fn offer(slot: &mut Option<Found>, found: Option<Found>) {
        if slot.is_none() {
            *slot = found;
        }
    }
}

/// `value` if it is an absolute http(s) URL; anything else (`javascript:`,
/// `data:`, a relative path) is refused, since it becomes a link.
pub fn web_url(value: &str) -> Option<String> {
    let v = value.trim();
    let lower = v.to_ascii_lowercase();
    let rest = lower
        .strip_prefix("https://")
        .or_else(|| lower.strip_prefix("http://"))?;
    let host_ok = rest
        .split(['/', '?', '#'])
        .next()
        .is_some_and(|h| !h.is_empty());
    let clean = !v.chars().any(|c| c.is_whitespace() || c.is_control());
    (host_ok && clean).then(|| v.to_string())
}

/// A date as files write it (`2024-03-14T09:30:00Z`, `2023/09/01`,
/// `D:20230901120000Z`, `20230901`) at the precision it has.
pub fn parse_date(value: &str) -> Option<PubDate> {
    let v = value.trim();
    let v = v.strip_prefix("D:").unwrap_or(v);
    let head: String = v.chars().take(10).collect();
    let iso = if head.len() >= 8 && head[..8].bytes().all(|b| b.is_ascii_digit()) {
        format!("{}-{}-{}", &head[..4], &head[4..6], &head[6..8])
    } else {
        head.replace('/', "-")
            .split(|c: char| !(c.is_ascii_digit() || c == '-'))
            .next()
            .unwrap_or_default()
            .trim_end_matches('-')
            .to_string()
    };
    let date: PubDate = iso.parse().ok()?;
    (1900..=2200).contains(&date.year).then_some(PubDate {
        method: DateMethod::Stated,
        ..date
    })
}

/// Fill `article` from the hints, front matter first, and record where
/// every field came from. `outlet`: the gazetteer's name for a publisher
/// (asked of the caller, so that documents need not know the extractor).
pub fn apply(
    article: &mut Article,
    hints: &Hints,
    front: &super::FrontMatter,
    outlet: &dyn Fn(&str) -> Option<String>,
) {
    let mut fields = Vec::new();
    let mut record = |field: &str, value: &str, from: &str| {
        fields.push(FieldSource {
            field: field.to_string(),
            value: value.to_string(),
            from: from.to_string(),
        });
    };

    // Title.
    if front.title.as_deref().is_some_and(|t| !t.trim().is_empty()) {
        record("title", &article.title, "front matter");
    } else if let Some(h) = &hints.title
        && (h.strength == Strength::Stated || article.title.trim().is_empty())
    {
        article.title.clone_from(&h.value);
        article.slug = slugify(&article.title);
        record("title", &h.value, &h.from);
    } else if !article.title.is_empty() {
        record("title", &article.title, "text");
    }

    // Date: a stated one over the text's, a hint only where it has none.
    let parsed = hints
        .date
        .as_ref()
        .and_then(|h| parse_date(&h.value).map(|d| (h, d)));
    let curated = front
        .date
        .as_deref()
        .and_then(|d| d.parse::<PubDate>().ok());
    if let Some(d) = curated {
        record("date", &d.iso(), "front matter");
    } else if let Some((h, d)) = parsed
        && (h.strength == Strength::Stated || article.date.is_none())
    {
        article.date = Some(d);
        record("date", &d.iso(), &h.from);
    } else if let Some(d) = article.date {
        record("date", &d.iso(), "text");
    }
    if let Some(h) = &hints.date
        && parsed.is_none()
    {
        article
            .warnings
            .push(format!("{} {:?} is not a date; ignored", h.from, h.value));
    }

    // Source: the publisher the page names, by its gazetteer name.
    if front.source.is_some() {
        if let Some(s) = &article.source {
            record("source", s, "front matter");
        }
    } else if let Some(h) = &hints.publisher
        && (h.strength == Strength::Stated || article.source.is_none())
    {
        let name = outlet(&h.value).unwrap_or_else(|| h.value.clone());
        record("source", &name, &h.from);
        article.source = Some(name);
    } else if let Some(s) = &article.source {
        record("source", s, "text");
    }

    // Author: shown, not a field of its own (speakers come from the text).
    if let Some(h) = &hints.author {
        record("author", &h.value, &h.from);
    }

    // Where the page was published.
    let mut url = None;
    let candidates = [
        front.url.as_deref().map(|u| (u, "front matter url")),
        hints
            .url
            .as_ref()
            .map(|h| (h.value.as_str(), h.from.as_str())),
    ];
    for (value, from) in candidates.into_iter().flatten() {
        match web_url(value) {
            Some(u) if url.is_none() => {
                record("url", &u, from);
                url = Some(u);
            }
            Some(_) => {}
            None => article.warnings.push(format!(
                "{from} {:?} is not an http(s) URL; dropped",
                truncate(value, 80)
            )),
        }
    }
    article.provenance.url = url;
    article.provenance.fields = fields;
}

fn truncate(s: &str, n: usize) -> String {
    s.chars().take(n).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_web_urls_are_kept() {
        assert_eq!(
            web_url(" https://example.org/a?b#c ").as_deref(),
            Some("https://example.org/a?b#c")
        );
        assert!(web_url("HTTP://example.org").is_some());
        for bad in [
            "javascript:alert(1)",
            "data:text/html,x",
            "/relative",
            "https://",
            "https://a b",
            "ftp://x",
        ] {
            assert_eq!(web_url(bad), None, "{bad}");
        }
    }

    #[test]
    fn dates_as_files_write_them() {
        let iso = |s: &str| parse_date(s).map(|d| d.iso());
        assert_eq!(iso("2024-03-14T09:30:00Z").as_deref(), Some("2024-03-14"));
        assert_eq!(iso("2023/09/01").as_deref(), Some("2023-09-01"));
        assert_eq!(iso("D:20230901120000Z").as_deref(), Some("2023-09-01"));
        assert_eq!(iso("2023-09").as_deref(), Some("2023-09"));
        assert_eq!(iso("yesterday"), None);
        assert_eq!(iso("2023-13-01"), None);
    }
}
