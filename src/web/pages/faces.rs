//! What the speaker and forum pages share: which face a request asks for,
//! the CSV and Atom faces, and the rows both list.

use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;

use crate::archive::Archive;
use crate::model::{Article, PubDate};
use crate::search::SearchRequest;
use crate::web::error::AppError;
use crate::web::urls;
use crate::web::views::*;

/// Articles listed on a speaker or forum page; the rest are a search away.
pub(super) const PAGE_ARTICLES: usize = 50;

/// A forum or speaker with a count of articles, most first.
#[derive(Debug, Clone, Serialize)]
pub struct Counted {
    pub slug: String,
    pub name: String,
    pub count: usize,
}

pub(super) fn counted(rows: impl Iterator<Item = (String, String, usize)>) -> Vec<Counted> {
    let mut out: Vec<Counted> = rows
        .map(|(slug, name, count)| Counted { slug, name, count })
        .collect();
    out.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.name.cmp(&b.name)));
    out
}

pub(super) fn links(rows: &[Counted], base: &str) -> Vec<LinkCount> {
    rows.iter()
        .map(|c| LinkCount {
            href: format!("{base}/{}", c.slug),
            label: c.name.clone(),
            count: c.count,
            note: String::new(),
        })
        .collect()
}

/// Which face of a speaker or forum page a request asks for: by the
/// path's ending, else (for the bare path) by `Accept: application/json`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Face {
    Html,
    Json,
    Csv,
    Atom,
}

pub(super) fn face<'s>(slug: &'s str, headers: &HeaderMap) -> (&'s str, Face) {
    for (ending, face) in [
        (".json", Face::Json),
        (".csv", Face::Csv),
        (".atom", Face::Atom),
    ] {
        if let Some(stem) = slug.strip_suffix(ending) {
            return (stem, face);
        }
    }
    let accept = headers
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    // Only a client that asks for JSON and not HTML: browsers send both.
    if accept.contains("application/json") && !accept.contains("text/html") {
        (slug, Face::Json)
    } else {
        (slug, Face::Html)
    }
}

/// The bare path answers HTML or JSON by `Accept`: caches must know.
pub(super) fn vary_accept(mut res: Response) -> Response {
    res.headers_mut()
        .insert(header::VARY, HeaderValue::from_static("Accept"));
    res
}

/// A CSV download of `rows` under `header`, cells made inert.
pub(super) fn csv_download(
    file: &str,
    head: &[&str],
    rows: Vec<Vec<String>>,
) -> Result<Response, AppError> {
    let mut out = csv::Writer::from_writer(Vec::new());
    let err = |e: csv::Error| AppError::internal("writing csv", e);
    out.write_record(head).map_err(err)?;
    for row in rows {
        out.write_record(row.iter().map(|c| inert(c)))
            .map_err(err)?;
    }
    let body = out
        .into_inner()
        .map_err(|e| AppError::internal("writing csv", e.into_error()))?;
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{file}.csv\""),
            ),
        ],
        body,
    )
        .into_response())
}

/// The newest of a page's articles as a feed: the Atom feed of the search
/// that filters on it, one address for both.
pub(super) fn to_feed(filter: &SearchRequest) -> Response {
    let feed = urls::feed_href(&search_href(filter));
    (
        axum::http::StatusCode::SEE_OTHER,
        [(header::LOCATION, feed)],
    )
        .into_response()
}

/// An article in a JSON face: where it is and when.
#[derive(Debug, Serialize)]
pub struct ArticleRef {
    pub id: String,
    pub url: String,
    pub title: String,
    pub date: Option<String>,
}

impl ArticleRef {
    pub fn new(origin: &crate::web::Origin, a: &Article) -> ArticleRef {
        ArticleRef {
            id: a.id.clone(),
            url: origin.url(&urls::article(a)),
            title: a.title.clone(),
            date: a.date.as_ref().map(PubDate::iso),
        }
    }
}

pub(super) fn cards(a: &Archive, articles: &[usize]) -> Vec<ArticleCard> {
    articles
        .iter()
        .take(PAGE_ARTICLES)
        .map(|&i| ArticleCard::new(&a.articles[i], String::new()))
        .collect()
}
