//! `/articles/{id}/{slug}`: an article's page with its original, and the
//! short and slashed forms of its address that lead there.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::{Html, IntoResponse, Response};

use crate::archive::Archive;
use crate::corpus::decode;
use crate::model::Format;
use crate::web::error::{AppError, missing};
use crate::web::views::*;
use crate::web::{AppState, urls};

/// Related articles shown under an article.
const RELATED: usize = 5;

/// One statement as shown on an article page.
#[derive(Debug, Clone)]
pub struct StatementView {
    pub n: usize,
    pub text: String,
    /// `StatementMode::as_str`, the item's class.
    pub mode: &'static str,
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
    pub meta: crate::web::meta::PageMeta,
    /// The "cite as" line and citation downloads (see `web::cite`).
    pub cite: crate::web::cite::CiteBlock,
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

/// `/articles/{id}`: redirect to the canonical URL, or serve `{id}.txt` raw.
pub async fn article_short(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    let archive = state.archive();
    let a: &Archive = &archive;
    if let Some(stem) = id.strip_suffix(".txt")
        && let Some(i) = a.position(stem)
    {
        // The bytes as archived (read from the data folder and checked
        // against their SHA-256), labelled with the encoding they are in so
        // a Windows-1252 or UTF-16 original reads right in a browser.
        let bytes = read_original(a, i).await?;
        return Ok(original_response(&a.articles[i], bytes));
    }
    // A removed article's `.txt` is gone like its page, not unknown.
    let lookup = match id.strip_suffix(".txt") {
        Some(stem) if a.position(&id).is_none() && state.gone(stem).is_some() => stem,
        _ => id.as_str(),
    };
    let article = a.article(lookup).ok_or_else(|| missing(&state, lookup))?;
    Ok(moved(&urls::article(article)))
}

/// An original, byte for byte, never rendered from the archive's origin:
/// text and saved web pages go out as `text/plain` in the encoding they
/// are in (so an archived page's scripts cannot run here), PDF and Word
/// files as downloads; `nosniff` stops a browser guessing otherwise.
fn original_response(art: &crate::model::Article, bytes: Vec<u8>) -> Response {
    let (content_type, disposition) = match art.provenance.format {
        Format::Text | Format::Html => {
            let charset = decode(&bytes).map_or("utf-8", |d| d.encoding);
            (
                format!("text/plain; charset={charset}"),
                "inline".to_string(),
            )
        }
        Format::Pdf | Format::Docx => {
            let name: String = art
                .file
                .rsplit('/')
                .next()
                .unwrap_or_default()
                .chars()
                .map(|c| {
                    if c.is_ascii_alphanumeric() || ".-_".contains(c) {
                        c
                    } else {
                        '_'
                    }
                })
                .collect();
            (
                "application/octet-stream".to_string(),
                format!("attachment; filename=\"{name}\""),
            )
        }
    };
    (
        [
            (header::CONTENT_TYPE, content_type),
            (header::CONTENT_DISPOSITION, disposition),
            (header::X_CONTENT_TYPE_OPTIONS, "nosniff".to_string()),
        ],
        bytes,
    )
        .into_response()
}

/// `/articles/{id}/` and `/articles/{id}/{slug}/`: a trailing slash (a
/// hand-edited or mangled link) leads to the canonical URL, not a 404.
pub async fn article_slash(
    State(state): State<AppState>,
    Path(params): Path<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let id = params
        .iter()
        .find(|(k, _)| k == "id")
        .map(|(_, v)| v.as_str())
        .unwrap_or_default();
    let archive = state.archive();
    let article = archive.article(id).ok_or_else(|| missing(&state, id))?;
    Ok(moved(&urls::article(article)))
}

/// An article page embeds its original (up to 5 MiB, decoded) and may be
/// 10 MB of HTML: read, decoded and rendered in the blocking pool.
pub async fn article(
    State(state): State<AppState>,
    origin: crate::web::Origin,
    Path((id, slug)): Path<(String, String)>,
) -> Result<Response, AppError> {
    let s = state.clone();
    state
        .cpu()
        .run(move |_| article_page(&s, &origin, &id, &slug))
        .await
}

fn article_page(
    state: &AppState,
    origin: &crate::web::Origin,
    id: &str,
    slug: &str,
) -> Result<Response, AppError> {
    let archive = state.archive();
    let a: &Archive = &archive;
    let i = a.position(id).ok_or_else(|| missing(state, id))?;
    if slug != a.articles[i].slug {
        return Ok(moved(&urls::article(&a.articles[i])));
    }
    let art = &*super::full(&a.articles[i])?;
    let speakers = art
        .speakers
        .iter()
        .map(|p| SpeakerBlock {
            href: urls::speaker(&p.slug),
            name: p.name.clone(),
            role: p.role.clone().unwrap_or_default(),
            country: p.country.clone().unwrap_or_default(),
            statements: art
                .statements_by(&p.slug)
                .map(|s| StatementView {
                    n: s.n,
                    text: s.text.clone(),
                    mode: s.mode.as_str(),
                    quoted: s.mode.is_quotation(),
                })
                .collect(),
        })
        .collect();
    let (raw_text, raw_error) = match a.original(i).read().map_err(AppError::from) {
        // A PDF or Word file shows the text read from it, not its bytes.
        Ok(_) if matches!(art.provenance.format, Format::Pdf | Format::Docx) => {
            (art.body.join("\n\n"), String::new())
        }
        Ok(bytes) => (
            decode(&bytes)
                .map_or_else(|_| String::from_utf8_lossy(&bytes).into_owned(), |d| d.text),
            String::new(),
        ),
        Err(AppError::OriginalUnavailable(why) | AppError::NotOnReplica(why)) => {
            (String::new(), why)
        }
        Err(e) => return Err(e),
    };
    let page = ArticlePage {
        canonical: state.url(&urls::article(art)),
        q: String::new(),
        title: art.title.clone(),
        date_iso: art.date.map(|d| d.iso()).unwrap_or_default(),
        date_human: art.date.map(|d| d.human()).unwrap_or_default(),
        date_note: art.date.map(date_note).unwrap_or_default(),
        source: art.source.clone().unwrap_or_default(),
        kind: art.kind.label().to_string(),
        lang: art.lang.clone(),
        language: crate::extract::language::name(&art.lang).to_string(),
        language_href: urls::search_language(&art.lang),
        language_note: match art.lang_method {
            crate::model::LangMethod::Detected => String::new(),
            crate::model::LangMethod::Curated => "stated by the curator".to_string(),
            crate::model::LangMethod::Assumed => "assumed: too little text to tell".to_string(),
        },
        file: art.file.clone(),
        sha256: art.sha256.clone(),
        forums: art.forums().map(|f| forum_link(&f)).collect(),
        speakers,
        mentioned: art.mentioned.clone(),
        body: art.body.clone(),
        raw_text,
        raw_error,
        raw_href: urls::original(&art.id),
        source_url: art.provenance.url.clone().unwrap_or_default(),
        wayback_href: art
            .provenance
            .url
            .as_deref()
            .map(|u| crate::web::cite::wayback(u, art.date.as_ref()))
            .unwrap_or_default(),
        warnings: art.warnings.clone(),
        meta: crate::web::meta::article(origin, art),
        cite: crate::web::cite::CiteBlock::new(origin, state, art),
        related: a
            .related(i, RELATED)
            .into_iter()
            .map(|j| ArticleCard::new(&a.articles[j], String::new()))
            .collect(),
        neighbours: art
            .forums()
            .filter_map(|f| {
                let link = |j: usize| Link {
                    href: urls::article(&a.articles[j]),
                    label: a.articles[j].title.clone(),
                };
                match a.neighbours(i, &f.slug) {
                    (None, None) => None,
                    (older, newer) => Some(ForumNeighbours {
                        forum: forum_link(&f),
                        older: older.map(link),
                        newer: newer.map(link),
                    }),
                }
            })
            .collect(),
    };
    let mut res = Html(page.render()?).into_response();
    res = with_alternate(res, &page.meta.json_href, "application/json");
    res = with_alternate(res, &page.raw_href, "text/plain");
    for d in &page.cite.downloads {
        res = with_alternate(res, &d.href, d.mime);
    }
    Ok(res)
}

/// How far to trust a date: how it was found, and what it leaves open (a
/// month-precision "December 2022" is not the 1st of December).
fn date_note(d: crate::model::PubDate) -> String {
    use crate::model::{DateMethod, Precision};
    let method = match d.method {
        DateMethod::YearFromWeekday => "year inferred from the weekday and years in the text",
        DateMethod::YearFromContext => "year inferred from the years in the text",
        DateMethod::Curated => "set by a curator",
        DateMethod::Stated => "",
    };
    let precision = match d.precision() {
        Precision::Day => "",
        Precision::Month => "day not stated",
        Precision::Year => "month and day not stated",
    };
    [method, precision]
        .into_iter()
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join("; ")
}

/// A 301 to the canonical URL: bookmarks and search engines keep one address.
fn moved(to: &str) -> Response {
    (
        StatusCode::MOVED_PERMANENTLY,
        [(header::LOCATION, to.to_string())],
    )
        .into_response()
}

/// Article `i`'s original bytes, read from the data folder off the async
/// workers; [`AppError::OriginalUnavailable`] when the file is gone or no
/// longer has the bytes archived.
pub async fn read_original(a: &Archive, i: usize) -> Result<Vec<u8>, AppError> {
    let original = a.original(i);
    match tokio::task::spawn_blocking(move || original.read()).await {
        Ok(read) => Ok(read?),
        Err(e) => Err(AppError::internal("reading an original", e)),
    }
}
