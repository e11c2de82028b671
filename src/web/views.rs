//! Askama page structs and the small view models they show. Everything a
//! template needs is computed here, so templates stay declarative.

use askama::Template;

use super::urls;
use crate::archive::Archive;
use crate::model::Article;
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
pub fn forum_link(name: &str) -> Link {
    Link {
        href: urls::forum_named(name),
        label: name.to_string(),
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
            forums: a.forums.iter().map(|f| forum_link(f)).collect(),
            snippet_html,
        }
    }
}

#[derive(Template)]
#[template(path = "home.html")]
pub struct HomePage {
    pub canonical: String,
    pub q: String,
    pub articles: usize,
    pub speaker_count: usize,
    pub forum_count: usize,
    pub rejected: usize,
    pub speakers: Vec<LinkCount>,
    pub forums: Vec<LinkCount>,
    pub latest: Vec<ArticleCard>,
}

/// An active filter with the URL that removes it.
#[derive(Debug, Clone)]
pub struct ActiveFilter {
    pub label: String,
    pub remove_href: String,
}

#[derive(Debug, Clone)]
pub struct SortOption {
    pub value: &'static str,
    pub label: &'static str,
    pub selected: bool,
}

/// One statement as shown on an article page.
#[derive(Debug, Clone)]
pub struct StatementView {
    pub n: usize,
    pub text: String,
    /// `StatementMode::as_str`, the item's class.
    pub mode: &'static str,
    pub mode_label: &'static str,
    /// Shown in a `<blockquote>` only when true: reported speech is never
    /// dressed as the speaker's words.
    pub quoted: bool,
}

#[derive(Debug, Clone)]
pub struct SpeakerBlock {
    pub href: String,
    pub name: String,
    pub role: String,
    pub country: String,
    pub statements: Vec<StatementView>,
}

#[derive(Template)]
#[template(path = "article.html")]
pub struct ArticlePage {
    pub canonical: String,
    pub q: String,
    pub id: String,
    pub title: String,
    pub date_iso: String,
    pub date_human: String,
    pub date_note: String,
    pub source: String,
    pub kind: String,
    /// ISO 639-1 code of the text's language, its English name, the search
    /// of every article in it, and how it was found when not detected.
    pub lang: String,
    pub language: String,
    pub language_href: String,
    pub language_note: String,
    pub file: String,
    pub sha256: String,
    pub forums: Vec<Link>,
    pub speakers: Vec<SpeakerBlock>,
    pub mentioned: Vec<String>,
    pub body: Vec<String>,
    pub raw_text: String,
    pub raw_href: String,
    /// Where the document was published (http or https), or empty.
    pub source_url: String,
    /// Its copy on the Wayback Machine for the article's date.
    pub wayback_href: String,
    /// Why the original cannot be shown (it changed or went from the data
    /// folder since it was archived); empty when `raw_text` is it.
    pub raw_error: String,
    pub warnings: Vec<String>,
    /// JSON-LD and Open Graph (see `web::meta`).
    pub meta: super::meta::PageMeta,
    /// The "cite as" line and citation downloads (see `web::cite`).
    pub cite: super::cite::CiteBlock,
    pub related: Vec<ArticleCard>,
    /// Older and newer articles in each of the article's forums.
    pub neighbours: Vec<ForumNeighbours>,
}

#[derive(Debug, Clone)]
pub struct ForumNeighbours {
    pub forum: Link,
    pub older: Option<Link>,
    pub newer: Option<Link>,
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

/// A day key (`PubDate::sort_key`) back to `YYYY-MM-DD`.
pub fn day_key_iso(key: i64) -> String {
    let (year, rest) = (key.div_euclid(372), key.rem_euclid(372));
    format!("{year:04}-{:02}-{:02}", rest / 31 + 1, rest % 31 + 1)
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
