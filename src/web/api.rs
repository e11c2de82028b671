//! Data for scripts: any search as JSON (`/api/search`) or CSV
//! (`/search.csv`), and any article as JSON (`/api/articles/{id}`). The
//! parameters and results are those of the HTML search, by construction:
//! the same parser and the same index call.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use serde::Serialize;

use super::error::{ApiError, AppError};
use super::params::SearchParams;
use super::urls;
use super::views::{inert, one_line, plain_text, search_href};
use super::{AppState, Origin};
use crate::archive::Archive;
use crate::model::{Article, PubDate, StatementMode};
use crate::search::{Hit, MAX_PAGE, PAGE_SIZE, SearchRequest, View};

/// Most rows in one CSV export; narrow the search for the rest. Every page
/// the HTML search can reach, and no more.
pub const CSV_MAX_ROWS: usize = PAGE_SIZE * MAX_PAGE;

/// A name with the slug that filters by it.
#[derive(Debug, Serialize)]
pub struct Named {
    pub name: String,
    pub slug: String,
}

/// One search result.
#[derive(Debug, Serialize)]
pub struct ApiHit {
    pub id: String,
    pub url: String,
    pub title: String,
    /// ISO 8601 at the date's own precision: `2022-12-10`, `2022-12`, `2022`.
    pub date: Option<String>,
    pub source: Option<String>,
    pub kind: &'static str,
    /// ISO 639-1 code of the text's language.
    pub lang: String,
    pub speakers: Vec<Named>,
    pub forums: Vec<Named>,
    /// Plain text around the match.
    pub snippet: String,
    /// The same, escaped HTML with matches in `<b>`.
    pub snippet_html: String,
    /// The statement the query matched, if any (its anchor is `#s{n}`).
    pub statement: Option<ApiStatementHit>,
}

#[derive(Debug, Serialize)]
pub struct ApiStatementHit {
    pub n: usize,
    pub url: String,
    pub speaker: String,
    pub speaker_slug: String,
    /// How the words were found: `quote`, `reported`, `turn` or `authored`;
    /// only `quote` and `turn` are the speaker's own words.
    pub mode: StatementMode,
    pub text: String,
    pub snippet_html: String,
}

/// One facet value: the URL value that filters on it, its label, its count.
#[derive(Debug, Serialize)]
pub struct ApiFacetValue {
    pub value: String,
    pub label: String,
    pub count: usize,
}

impl ApiHit {
    pub fn new(origin: &Origin, a: &Article, hit: &Hit) -> ApiHit {
        ApiHit {
            id: a.id.clone(),
            url: origin.url(&urls::article(a)),
            title: a.title.clone(),
            date: a.date.as_ref().map(PubDate::iso),
            source: a.source.clone(),
            kind: a.kind.as_str(),
            lang: a.lang.clone(),
            speakers: a
                .speakers
                .iter()
                .map(|p| Named {
                    name: p.name.clone(),
                    slug: p.slug.clone(),
                })
                .collect(),
            forums: a
                .forums()
                .map(|f| Named {
                    name: f.name,
                    slug: f.slug,
                })
                .collect(),
            snippet: plain_text(&hit.snippet_html),
            snippet_html: hit.snippet_html.clone(),
            statement: hit.statement.as_ref().and_then(|(n, html)| {
                let k = a.statements.iter().position(|s| s.n == *n)?;
                let s = &a.statements[k];
                Some(ApiStatementHit {
                    n: *n,
                    url: origin.url(&urls::statement(a, *n)),
                    speaker: s.speaker.clone(),
                    speaker_slug: s.speaker_slug.clone(),
                    mode: s.mode,
                    text: a.text().said(k).to_string(),
                    snippet_html: html.clone(),
                })
            }),
        }
    }
}

/// Where the same search lives in other forms.
#[derive(Debug, Serialize)]
pub struct SearchLinks {
    pub html: String,
    pub csv: String,
    pub atom: String,
    pub next: Option<String>,
    pub prev: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct ApiSearch {
    /// Matches; an estimate when `total_estimated` (a broad query's total
    /// is estimated from its first `search::EXACT_MATCHES` matches).
    pub total: usize,
    pub total_estimated: bool,
    /// The facet counts are estimates from the first matches.
    pub facets_estimated: bool,
    pub page: usize,
    pub pages: usize,
    pub page_size: usize,
    pub results: Vec<ApiHit>,
    /// What the query parser could not use.
    pub notes: Vec<String>,
    /// Field filters read from `q` (`speaker:`, `forum:`, `year:` …).
    pub understood: Vec<String>,
    /// The respelt query actually run when the typed one matched nothing.
    pub corrected: Option<String>,
    /// Counts per facet (`speaker`, `forum`, `source`, `year`, `kind`,
    /// `language`) for this search, each counted without its own filter.
    pub facets: std::collections::BTreeMap<&'static str, Vec<ApiFacetValue>>,
    pub links: SearchLinks,
}

/// `/api/search?<search params>`.
pub async fn search(
    State(state): State<AppState>,
    origin: Origin,
    // A malformed parameter is answered as JSON too.
    params: Result<SearchParams, AppError>,
) -> Result<Json<ApiSearch>, ApiError> {
    let SearchParams(req) = params?;
    let s = state.clone();
    let found = state
        .cpu()
        .run(move |budget| search_json(&s, &origin, &req, budget))
        .await?;
    Ok(Json(found))
}

fn search_json(
    state: &AppState,
    origin: &Origin,
    req: &SearchRequest,
    budget: crate::search::Budget,
) -> Result<ApiSearch, AppError> {
    let req = req.clone();
    let archive = state.archive();
    let a: &Archive = &archive;
    let results = a.index.search_within(&req, &a.articles, budget)?;
    let pages = results.total.div_ceil(PAGE_SIZE).max(1);
    let api_href = |page: usize| {
        let html = search_href(&SearchRequest {
            page,
            ..req.clone()
        });
        origin.url(&html.replacen("/search", "/api/search", 1))
    };
    let html = search_href(&req);
    let unpaged = search_href(&SearchRequest {
        page: 1,
        ..req.clone()
    });
    Ok(ApiSearch {
        total: results.total,
        total_estimated: results.total_estimated,
        facets_estimated: results.facets_estimated,
        page: req.page,
        pages,
        page_size: PAGE_SIZE,
        results: results
            .hits
            .iter()
            .filter_map(|h| a.articles.get(h.ord).map(|art| ApiHit::new(origin, art, h)))
            .collect(),
        notes: results.notes,
        understood: results.understood,
        corrected: results.corrected,
        facets: results
            .facets
            .into_iter()
            .map(|(dim, values)| {
                let values = values
                    .into_iter()
                    .map(|v| ApiFacetValue {
                        value: v.value,
                        label: v.label,
                        count: v.count,
                    })
                    .collect();
                (dim.param(), values)
            })
            .collect(),
        links: SearchLinks {
            html: origin.url(&html),
            csv: origin.url(&unpaged.replacen("/search", "/search.csv", 1)),
            atom: origin.url(&urls::feed_href(&html)),
            next: (req.page < pages).then(|| api_href(req.page + 1)),
            prev: (req.page > 1).then(|| api_href(req.page - 1)),
        },
    })
}

/// An article with its original text and where it lives.
#[derive(Debug, Serialize)]
pub struct ApiArticle<'a> {
    #[serde(flatten)]
    pub article: &'a Article,
    pub url: String,
    /// ISO 8601 at the date's own precision.
    pub date_iso: Option<String>,
    pub raw_url: String,
    /// The archived file as text (invalid UTF-8 replaced); `null` when the
    /// file changed or went from the data folder since it was archived.
    pub raw: Option<String>,
    /// Why `raw` is `null`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub raw_error: Option<String>,
}

/// `/api/articles/{id}`: the whole [`Article`] model.
pub async fn article(
    State(state): State<AppState>,
    origin: Origin,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let archive = state.archive();
    let a: &Archive = &archive;
    let i = a
        .position(&id)
        .ok_or_else(|| super::error::missing(&state, &id))?;
    let art = &*crate::web::pages::full(&a.articles[i])?;
    let binary = matches!(
        art.provenance.format,
        crate::model::Format::Pdf | crate::model::Format::Docx
    );
    let (raw, raw_error) = match super::pages::read_original(a, i).await {
        // A PDF or Word file is no text: it is downloaded from `raw_url`.
        Ok(_) if binary => (
            None,
            Some(format!(
                "a {} file, not text: download it from raw_url",
                art.provenance.format.as_str()
            )),
        ),
        Ok(bytes) => (Some(String::from_utf8_lossy(&bytes).into_owned()), None),
        Err(AppError::OriginalUnavailable(why) | AppError::NotOnReplica(why)) => (None, Some(why)),
        Err(e) => return Err(e.into()),
    };
    Ok(Json(ApiArticle {
        article: art,
        url: origin.url(&urls::article(art)),
        date_iso: art.date.as_ref().map(PubDate::iso),
        raw_url: origin.url(&urls::original(&art.id)),
        raw,
        raw_error,
    })
    .into_response())
}

/// `/search.csv?<search params>`: every result (up to [`CSV_MAX_ROWS`]) in
/// the search's order, from one pass over the index; `page` is ignored.
pub async fn search_csv(
    State(state): State<AppState>,
    origin: Origin,
    // A malformed parameter is answered as JSON too.
    params: Result<SearchParams, AppError>,
) -> Result<Response, ApiError> {
    let SearchParams(req) = params?;
    let s = state.clone();
    let body = state
        .cpu()
        .run(move |budget| csv_rows(&s, &origin, &req, budget))
        .await?;
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"demarche-search.csv\"",
            ),
        ],
        body,
    )
        .into_response())
}

/// The CSV columns. The `statement_*` and `mode` cells hold the statement
/// the search matched; in the statement view each row is one statement, and
/// `url`, `speakers` and `snippet` are its own.
pub const CSV_HEADER: [&str; 14] = [
    "id",
    "url",
    "title",
    "date",
    "source",
    "kind",
    "speakers",
    "forums",
    "snippet",
    "statement_n",
    "statement_url",
    "statement_speaker",
    "mode",
    "statement",
];

fn csv_rows(
    state: &AppState,
    origin: &Origin,
    req: &SearchRequest,
    budget: crate::search::Budget,
) -> Result<Vec<u8>, AppError> {
    let archive = state.archive();
    let a: &Archive = &archive;
    let hits = a.index.export(req, &a.articles, CSV_MAX_ROWS, budget)?;
    let mut out = csv::Writer::from_writer(Vec::new());
    let csv_err = |e: csv::Error| AppError::internal("writing csv", e);
    out.write_record(CSV_HEADER).map_err(csv_err)?;
    for h in &hits {
        let Some(art) = a.articles.get(h.ord) else {
            continue;
        };
        let row = ApiHit::new(origin, art, h);
        let names = |v: &[Named]| {
            v.iter()
                .map(|n| n.name.as_str())
                .collect::<Vec<_>>()
                .join("; ")
        };
        let st = row.statement.as_ref();
        // A row of the statement view is the statement: its anchor, its
        // speaker and its words, not the article's.
        let (url, speakers, snippet) = match st {
            Some(s) if req.view == View::Statements => (
                s.url.clone(),
                s.speaker.clone(),
                plain_text(&s.snippet_html),
            ),
            _ => (row.url.clone(), names(&row.speakers), row.snippet.clone()),
        };
        out.write_record([
            row.id.as_str(),
            url.as_str(),
            &inert(&row.title),
            row.date.as_deref().unwrap_or(""),
            &inert(row.source.as_deref().unwrap_or("")),
            row.kind,
            &inert(&speakers),
            &inert(&names(&row.forums)),
            &inert(&snippet),
            &st.map(|s| s.n.to_string()).unwrap_or_default(),
            st.map_or("", |s| s.url.as_str()),
            &inert(st.map_or("", |s| s.speaker.as_str())),
            st.map_or("", |s| s.mode.as_str()),
            &inert(&one_line(st.map_or("", |s| s.text.as_str()))),
        ])
        .map_err(csv_err)?;
    }
    out.into_inner()
        .map_err(|e| AppError::internal("writing csv", e.into_error()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snippets_become_plain_text() {
        assert_eq!(
            plain_text("the <b>OSCE</b> &amp; &lt;others&gt;"),
            "the OSCE & <others>"
        );
    }

    #[test]
    fn formulas_stay_text() {
        assert_eq!(inert("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(inert("Russia"), "Russia");
    }
}
