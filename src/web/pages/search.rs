//! The search page (`/search`, and `/statements` for the statement view):
//! facets, active filters, and what to try when nothing matched. Every
//! state of the page is its URL.

use askama::Template;
use axum::extract::State;
use axum::response::{Html, IntoResponse, Response};

use crate::archive::Archive;
use crate::search::{
    Dim, FacetValue, Hit, PAGE_SIZE, Results, SearchRequest, Sort, UNDATED, View, parse_year,
};
use crate::web::AppState;
use crate::web::error::AppError;
use crate::web::params::SearchParams;
use crate::web::urls;
use crate::web::views::*;

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

/// A facet value as a link that adds (or, when active, removes) it.
#[derive(Debug, Clone)]
pub struct FacetLink {
    pub href: String,
    pub label: String,
    pub count: usize,
    pub active: bool,
}

#[derive(Debug, Clone)]
pub struct FacetGroup {
    pub id: &'static str,
    pub label: &'static str,
    pub values: Vec<FacetLink>,
}

/// A statement in the statement view, or the statement an article hit
/// matched.
#[derive(Debug, Clone)]
pub struct StatementHit {
    pub href: String,
    pub speaker: String,
    pub speaker_href: String,
    /// Escaped HTML with `<b>` highlights.
    pub html: String,
    pub article_title: String,
    pub date_human: String,
    pub date_iso: String,
    pub forums: Vec<Link>,
    /// `StatementMode::as_str`; only quotations get quotation marks.
    pub mode: &'static str,
    pub quoted: bool,
}

/// An article result and the statement inside it that matched, if any.
#[derive(Debug, Clone)]
pub struct ResultItem {
    pub card: ArticleCard,
    pub statement: Option<StatementHit>,
}

#[derive(Template)]
#[template(path = "search.html")]
pub struct SearchPage {
    pub canonical: String,
    pub q: String,
    pub statements_view: bool,
    pub articles_href: String,
    pub statements_href: String,
    pub total: usize,
    /// The total is an estimate (a broad query): the page says "about".
    pub total_estimated: bool,
    /// The facet counts are estimates from the first matches.
    pub facets_estimated: bool,
    /// How many matches are counted exactly, as the page writes it.
    pub exact_matches: usize,
    pub page: usize,
    pub pages: usize,
    pub results: Vec<ResultItem>,
    pub statements: Vec<StatementHit>,
    pub facets: Vec<FacetGroup>,
    /// The facets are the article view's (in the statement view): their
    /// counts are of articles, and the page says so.
    pub facets_count_articles: bool,
    pub filters: Vec<ActiveFilter>,
    pub notes: Vec<String>,
    pub understood: String,
    pub corrected: String,
    pub suggestions: Vec<Link>,
    pub prev_href: String,
    pub next_href: String,
    pub sorts: Vec<SortOption>,
    /// A page number past the last page: nothing listed, though the search
    /// has results; the page says so and links to the last page.
    pub past_end: bool,
    pub last_href: String,
    /// This search in other formats, linked on the page.
    pub csv_href: String,
    pub atom_href: String,
    pub json_href: String,
    /// Hidden inputs that carry the filters through a new text search.
    pub hidden: Vec<(String, String)>,
}

pub async fn search(
    State(state): State<AppState>,
    SearchParams(req): SearchParams,
) -> Result<Response, AppError> {
    render_off_worker(state, req).await
}

/// `/statements?…`: the statement view of the same search.
pub async fn statements(
    State(state): State<AppState>,
    SearchParams(mut req): SearchParams,
) -> Result<Response, AppError> {
    req.view = View::Statements;
    render_off_worker(state, req).await
}

/// Searching and rendering are CPU work: done in the blocking pool.
async fn render_off_worker(state: AppState, req: SearchRequest) -> Result<Response, AppError> {
    let s = state.clone();
    state.cpu().run(move |budget| render(&s, req, budget)).await
}

fn render(
    state: &AppState,
    req: SearchRequest,
    budget: crate::search::Budget,
) -> Result<Response, AppError> {
    let archive = state.archive();
    let a: &Archive = &archive;
    let results = a.index.search_within(&req, &a.articles, budget)?;
    let pages = results.total.div_ceil(PAGE_SIZE).max(1);
    let page_href = |p: usize| {
        search_href(&SearchRequest {
            page: p,
            ..req.clone()
        })
    };
    let statements_view = req.view == View::Statements;
    let (results_list, statements) = if statements_view {
        (
            Vec::new(),
            results
                .hits
                .iter()
                .filter_map(|h| statement_hit(a, h))
                .collect(),
        )
    } else {
        (
            results
                .hits
                .iter()
                .map(|h| ResultItem {
                    card: ArticleCard::new(&a.articles[h.ord], h.snippet_html.clone()),
                    statement: statement_hit(a, h),
                })
                .collect(),
            Vec::new(),
        )
    };
    // The statement view counts no facets of its own; it shows the article
    // view's for the same search (the page says the counts are articles),
    // and its links keep the statement view.
    let facet_source = if statements_view {
        let articles = SearchRequest {
            view: View::Articles,
            page: 1,
            ..req.clone()
        };
        Some(a.index.search_within(&articles, &a.articles, budget)?)
    } else {
        None
    };
    let view_href = |view| {
        search_href(&SearchRequest {
            view,
            page: 1,
            ..req.clone()
        })
    };
    let page = SearchPage {
        canonical: state.url(&search_href(&req)),
        q: req.q.clone(),
        statements_view,
        articles_href: view_href(View::Articles),
        statements_href: view_href(View::Statements),
        total: results.total,
        total_estimated: results.total_estimated,
        facets_estimated: facet_source.as_ref().unwrap_or(&results).facets_estimated,
        exact_matches: a.index.exact_matches(),
        page: req.page,
        pages,
        results: results_list,
        statements,
        facets: facet_groups(&req, facet_source.as_ref().unwrap_or(&results)),
        facets_count_articles: statements_view,
        filters: active_filters(a, &req),
        notes: results.notes.clone(),
        understood: results.understood.join(", "),
        corrected: results.corrected.clone().unwrap_or_default(),
        suggestions: if results.total == 0 {
            suggestions(a, &req)
        } else {
            Vec::new()
        },
        prev_href: if req.page > 1 {
            page_href(req.page - 1)
        } else {
            String::new()
        },
        next_href: if req.page < pages {
            page_href(req.page + 1)
        } else {
            String::new()
        },
        sorts: sort_options(&req),
        past_end: results.hits.is_empty() && results.total > 0,
        last_href: page_href(pages),
        csv_href: urls::csv_href(&search_href(&req)),
        atom_href: urls::feed_href(&search_href(&req)),
        json_href: urls::api_href(&search_href(&req)),
        hidden: hidden_filters(&req),
    };
    let mut res = Html(page.render()?).into_response();
    // The same search in the formats a script wants, as the <head> says.
    for (href, mime) in [
        (&page.json_href, "application/json"),
        (&page.csv_href, "text/csv"),
        (&page.atom_href, "application/atom+xml"),
    ] {
        res = with_alternate(res, href, mime);
    }
    Ok(res)
}

/// The sort box says what the order is: with no words to match there is
/// no "best match", and the default order is newest first.
fn sort_options(req: &SearchRequest) -> Vec<SortOption> {
    let options: &[(&'static str, &'static str)] = if req.q.trim().is_empty() {
        &[("", "Newest first"), ("oldest", "Oldest first")]
    } else {
        &[
            ("", "Best match"),
            ("newest", "Newest first"),
            ("oldest", "Oldest first"),
        ]
    };
    let current = match (req.q.trim().is_empty(), req.sort) {
        (true, Sort::Oldest) => "oldest",
        (true, _) => "",
        (false, s) => s.as_str(),
    };
    options
        .iter()
        .map(|&(value, label)| SortOption {
            value,
            label,
            selected: value == current,
        })
        .collect()
}

fn statement_hit(a: &Archive, h: &Hit) -> Option<StatementHit> {
    let (n, html) = h.statement.as_ref()?;
    let art = a.articles.get(h.ord)?;
    let s = art.statements.iter().find(|s| s.n == *n)?;
    Some(StatementHit {
        href: urls::statement(art, s.n),
        speaker: s.speaker.clone(),
        speaker_href: urls::speaker(&s.speaker_slug),
        html: html.clone(),
        article_title: art.title.clone(),
        date_human: art.date.map(|d| d.human()).unwrap_or_default(),
        date_iso: art.date.map(|d| d.iso()).unwrap_or_default(),
        forums: art.forums().map(|f| forum_link(&f)).collect(),
        mode: s.mode.as_str(),
        quoted: s.mode.is_quotation(),
    })
}

/// Facet values as links: a click adds the value; an active value's link
/// removes it. Values of one facet combine with OR.
fn facet_groups(req: &SearchRequest, results: &Results) -> Vec<FacetGroup> {
    results
        .facets
        .iter()
        .filter(|(_, values)| !values.is_empty())
        .map(|(dim, values)| FacetGroup {
            id: dim.param(),
            label: dim.label(),
            values: values.iter().map(|v| facet_link(req, *dim, v)).collect(),
        })
        .collect()
}

fn facet_link(req: &SearchRequest, dim: Dim, v: &FacetValue) -> FacetLink {
    let mut next = SearchRequest {
        page: 1,
        ..req.clone()
    };
    let active = next.filters.toggle(dim, &v.value);
    FacetLink {
        href: search_href(&next),
        label: v.label.clone(),
        count: v.count,
        active,
    }
}

fn hidden_filters(req: &SearchRequest) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for (dim, v) in req.filters.iter() {
        out.push((dim.param().to_string(), v.to_string()));
    }
    for (k, v) in [("from", req.from), ("to", req.to)] {
        if let Some(key) = v {
            out.push((k.to_string(), crate::model::day_key_iso(key)));
        }
    }
    if req.view == View::Statements {
        out.push(("view".to_string(), "statements".to_string()));
    }
    out
}

pub fn active_filters(a: &Archive, req: &SearchRequest) -> Vec<ActiveFilter> {
    let mut out = Vec::new();
    let base = SearchRequest {
        page: 1,
        ..req.clone()
    };
    let mut push = |label: String, without: SearchRequest| {
        out.push(ActiveFilter {
            label,
            remove_href: search_href(&without),
        });
    };
    let label =
        |dim: Dim, value: &str| a.index.facet_label(dim, value).unwrap_or(value).to_string();
    for (dim, v) in req.filters.iter() {
        let r = SearchRequest {
            filters: base.filters.without(dim, v),
            ..base.clone()
        };
        push(
            match dim {
                Dim::Year if parse_year(v) == Some(UNDATED) => "Date unknown".to_string(),
                Dim::Year => format!("Year: {v}"),
                Dim::Language => {
                    format!("Language: {}", crate::extract::language::name(v))
                }
                _ => format!("{}: {}", dim.label(), label(dim, v)),
            },
            r,
        );
    }
    if let Some(k) = req.from {
        push(
            format!("From: {}", crate::model::day_key_iso(k)),
            SearchRequest {
                from: None,
                ..base.clone()
            },
        );
    }
    if let Some(k) = req.to {
        push(
            format!("To: {}", crate::model::day_key_iso(k)),
            SearchRequest {
                to: None,
                ..base.clone()
            },
        );
    }
    out
}

/// What to try when nothing matched: drop a filter, a respelling, or fewer
/// words.
fn suggestions(a: &Archive, req: &SearchRequest) -> Vec<Link> {
    let mut out: Vec<Link> = active_filters(a, req)
        .into_iter()
        .map(|f| Link {
            href: f.remove_href,
            label: format!("Remove “{}”", f.label),
        })
        .collect();
    if let Some(better) = a.index.respell(&req.q) {
        out.push(Link {
            label: format!("Did you mean “{better}”?"),
            href: search_href(&SearchRequest {
                q: better,
                page: 1,
                ..req.clone()
            }),
        });
    }
    if !req.q.is_empty() && out.is_empty() {
        for word in req
            .q
            .split_whitespace()
            .filter(|w| w.chars().count() > 2)
            .take(3)
        {
            let r = SearchRequest {
                q: word
                    .trim_matches(|c: char| !c.is_alphanumeric())
                    .to_string(),
                page: 1,
                ..SearchRequest::default()
            };
            if !r.q.is_empty() && r.q != req.q {
                out.push(Link {
                    label: format!("Search for “{}” alone", r.q),
                    href: search_href(&r),
                });
            }
        }
    }
    out.push(Link {
        href: "/speakers".into(),
        label: "Browse all speakers".into(),
    });
    out.push(Link {
        href: "/forums".into(),
        label: "Browse all forums".into(),
    });
    out
}
