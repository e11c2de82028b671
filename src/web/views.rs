//! The small view models several pages show (links, article cards) and the
//! text helpers their faces share. Each page's own struct is in its file
//! under `pages/`; everything a template needs is computed before it, so
//! templates stay declarative.

use super::urls;
use crate::archive::Archive;
use crate::model::{Article, Forum, day_key_iso};
use crate::search::SearchRequest;

/// A link with a label and a count, for lists of speakers, forums, facets.
#[derive(Debug, Clone)]
pub struct LinkCount {
    pub href: String,
    pub label: String,
    pub count: usize,
    pub note: String,
}

#[derive(Debug, Clone)]
pub struct Link {
    pub href: String,
    pub label: String,
}

/// The link to a forum's page.
pub fn forum_link(f: &Forum) -> Link {
    Link {
        href: urls::forum(&f.slug),
        label: f.name.clone(),
    }
}

/// An article in a list.
#[derive(Debug, Clone)]
pub struct ArticleCard {
    pub href: String,
    pub title: String,
    pub date_iso: String,
    pub date_human: String,
    pub source: String,
    pub kind: String,
    pub speakers: Vec<Link>,
    pub forums: Vec<Link>,
    /// Escaped HTML with `<b>` highlights.
    pub snippet_html: String,
}

impl ArticleCard {
    pub fn new(a: &Article, snippet_html: String) -> ArticleCard {
        ArticleCard {
            href: urls::article(a),
            title: a.title.clone(),
            date_iso: a.date.map(|d| d.iso()).unwrap_or_default(),
            date_human: a.date.map(|d| d.human()).unwrap_or_default(),
            source: a.source.clone().unwrap_or_default(),
            kind: a.kind.label().to_string(),
            speakers: a
                .speakers
                .iter()
                .map(|p| Link {
                    href: urls::speaker(&p.slug),
                    label: p.name.clone(),
                })
                .collect(),
            forums: a.forums().map(|f| forum_link(&f)).collect(),
            snippet_html,
        }
    }
}

/// A statement on a speaker's page, with where it was said.
#[derive(Debug, Clone)]
pub struct QuotedStatement {
    pub href: String,
    pub article_title: String,
    pub date_human: String,
    pub text: String,
    /// `StatementMode::as_str`; only quotations go in a `<blockquote>`.
    pub mode: &'static str,
    pub quoted: bool,
}

/// Speakers as link-count rows, most articles first.
pub fn speaker_links(archive: &Archive, limit: usize) -> Vec<LinkCount> {
    let mut rows: Vec<LinkCount> = archive
        .speakers
        .iter()
        .map(|s| LinkCount {
            href: urls::speaker(&s.slug),
            label: s.name.clone(),
            count: s.articles.len(),
            note: [s.role.as_deref(), s.country.as_deref()]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join(", "),
        })
        .collect();
    rows.sort_by(|a, b| b.count.cmp(&a.count).then(a.label.cmp(&b.label)));
    rows.truncate(limit);
    rows
}

pub fn forum_links(archive: &Archive, limit: usize) -> Vec<LinkCount> {
    let mut rows: Vec<LinkCount> = archive
        .forums
        .iter()
        .map(|f| LinkCount {
            href: urls::forum(&f.slug),
            label: f.name.clone(),
            count: f.articles.len(),
            // "OSCE: Organization for Security…", never "OSCE / OSCE".
            note: std::iter::once(f.title())
                .filter(|t| *t != f.name)
                .chain(
                    f.acronyms
                        .iter()
                        .map(String::as_str)
                        .filter(|a| *a != f.name),
                )
                .collect::<Vec<_>>()
                .join(", "),
        })
        .collect();
    rows.sort_by(|a, b| b.count.cmp(&a.count).then(a.label.cmp(&b.label)));
    rows.truncate(limit);
    rows
}

/// The URL of a search, with parameters in a fixed order so equal searches
/// have equal URLs.
pub fn search_href(req: &SearchRequest) -> String {
    let mut pairs: Vec<(&str, String)> = Vec::new();
    if !req.q.is_empty() {
        pairs.push(("q", req.q.clone()));
    }
    for (dim, v) in req.filters.iter() {
        pairs.push((dim.param(), v.to_string()));
    }
    if let Some(k) = req.from {
        pairs.push(("from", day_key_iso(k)));
    }
    if let Some(k) = req.to {
        pairs.push(("to", day_key_iso(k)));
    }
    if !req.sort.as_str().is_empty() {
        pairs.push(("sort", req.sort.as_str().to_string()));
    }
    if !req.view.as_str().is_empty() {
        pairs.push(("view", req.view.as_str().to_string()));
    }
    if req.page > 1 {
        pairs.push(("page", req.page.to_string()));
    }
    let mut ser = form_urlencoded::Serializer::new(String::new());
    for (k, v) in &pairs {
        ser.append_pair(k, v);
    }
    urls::search(&ser.finish())
}

/// Advertise another face of the same page in an HTTP `Link` header, as
/// the page's `<link rel="alternate">` does for browsers.
pub fn with_alternate(
    mut res: axum::response::Response,
    href: &str,
    mime: &str,
) -> axum::response::Response {
    if let Ok(v) =
        axum::http::HeaderValue::from_str(&format!("<{href}>; rel=\"alternate\"; type=\"{mime}\""))
    {
        res.headers_mut().append(axum::http::header::LINK, v);
    }
    res
}

/// An authored statement is the whole text, paragraphs and all: joined
/// with spaces, so that each row is one line and line-based tools (`wc -l`,
/// `grep`, naive readers) count rows right.
pub fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A spreadsheet would run a cell that starts with `=`, `+`, `-` or `@` as
/// a formula; text from documents is prefixed with `'` so it stays text.
pub fn inert(cell: &str) -> String {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{cell}")
    } else {
        cell.to_string()
    }
}

/// The text of the engine's snippet HTML: `<b>` tags dropped, entities
/// decoded.
pub fn plain_text(snippet_html: &str) -> String {
    let tagless = snippet_html.replace("<b>", "").replace("</b>", "");
    html_escape::decode_html_entities(&tagless).into_owned()
}
