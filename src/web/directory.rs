//! Speaker and forum pages, and the sortable indexes of both.

use std::collections::{BTreeMap, HashMap};

use askama::Template;
use axum::Json;
use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use serde::Serialize;

use super::AppState;
use super::error::AppError;
use super::urls;
use super::views::{
    ArticleCard, LinkCount, QuotedStatement, forum_links, inert, one_line, search_href,
    speaker_links, with_alternate,
};
use crate::archive::{Archive, ForumEntry, SpeakerEntry};
use crate::model::{Article, PubDate, Statement, StatementMode, slugify};
use crate::search::{Dim, Filters, SearchRequest, UNDATED, year_value};

/// Articles listed on a speaker or forum page; the rest are a search away.
const PAGE_ARTICLES: usize = 50;
/// Bars in a forum's timeline are this wide, in SVG units.
const BAR_WIDTH: usize = 36;
const CHART_HEIGHT: usize = 120;

/// `?sort=name` or `?sort=count` (the default) on the index pages.
fn sort_param(query: Option<&str>) -> Result<&'static str, AppError> {
    for (k, v) in form_urlencoded::parse(query.unwrap_or("").as_bytes()) {
        if k == "sort" {
            return match v.as_ref() {
                "" | "count" => Ok("count"),
                "name" => Ok("name"),
                other => Err(AppError::BadRequest(format!(
                    "“{other}” is not a sort order here. Use count or name."
                ))),
            };
        }
    }
    Ok("count")
}

fn sorted(mut rows: Vec<LinkCount>, by: &str) -> Vec<LinkCount> {
    if by == "name" {
        rows.sort_by_key(|r| r.label.to_lowercase());
    }
    rows
}

/// `/speakers` and `/forums`: a sortable index of one directory.
#[derive(Template)]
#[template(path = "index.html")]
pub struct IndexPage {
    pub canonical: String,
    pub q: String,
    pub sort: &'static str,
    /// "Speakers" or "Forums".
    pub title: &'static str,
    /// What the list holds, for the line under the heading.
    pub blurb: String,
    /// The page's own path, for the sort links.
    pub path: &'static str,
    /// Label of the count order; the count is of articles, not statements.
    pub by_count: &'static str,
    pub rows: Vec<LinkCount>,
}

impl IndexPage {
    fn new(
        state: &AppState,
        path: &'static str,
        sort: &'static str,
        rows: Vec<LinkCount>,
    ) -> IndexPage {
        let (title, by_count, noun) = if path == "/speakers" {
            (
                "Speakers",
                "in most articles",
                "people and delegations quoted in the archive",
            )
        } else {
            ("Forums", "in most articles", "forums named in the archive")
        };
        IndexPage {
            canonical: state.url(&if sort == "name" {
                format!("{path}?sort=name")
            } else {
                path.to_string()
            }),
            q: String::new(),
            sort,
            title,
            blurb: format!("{} {noun}.", rows.len()),
            path,
            by_count,
            rows: sorted(rows, sort),
        }
    }
}

pub async fn speakers(
    State(state): State<AppState>,
    RawQuery(query): RawQuery,
) -> Result<Html<String>, AppError> {
    let sort = sort_param(query.as_deref())?;
    let page = IndexPage::new(
        &state,
        "/speakers",
        sort,
        speaker_links(&state.archive(), usize::MAX),
    );
    Ok(Html(page.render()?))
}

#[derive(Template)]
#[template(path = "speaker.html")]
pub struct SpeakerPage {
    pub canonical: String,
    pub q: String,
    pub name: String,
    pub role: String,
    pub country: String,
    pub aliases: Vec<String>,
    pub statements: Vec<QuotedStatement>,
    pub articles: Vec<ArticleCard>,
    pub more_articles: usize,
    pub forums: Vec<LinkCount>,
    pub co_speakers: Vec<LinkCount>,
    pub search_href: String,
    pub statements_href: String,
    pub meta: super::meta::PageMeta,
}

/// What a speaker's page shows, gathered once for its HTML and JSON faces.
pub struct SpeakerData<'a> {
    pub entry: &'a SpeakerEntry,
    /// Oldest first: a speaker's position over time.
    pub statements: Vec<(&'a Article, &'a Statement)>,
    /// Newest first.
    pub articles: Vec<&'a Article>,
    /// Forums of their articles, with how many articles each.
    pub forums: Vec<Counted>,
    /// People quoted in the same articles, with how many articles each.
    pub co_speakers: Vec<Counted>,
}

/// A forum or speaker with a count of articles, most first.
#[derive(Debug, Clone, Serialize)]
pub struct Counted {
    pub slug: String,
    pub name: String,
    pub count: usize,
}

/// The data of `/speakers/{slug}`, or `None` for an unknown speaker.
pub fn speaker_data<'a>(a: &'a Archive, slug: &str) -> Option<SpeakerData<'a>> {
    let s = a.speaker(slug)?;
    let mut statements = Vec::new();
    for &i in s.articles.iter().rev() {
        let art = &a.articles[i];
        statements.extend(art.statements_by(&s.slug).map(|st| (art, st)));
    }
    let mut forums: HashMap<&str, usize> = HashMap::new();
    let mut co: HashMap<&str, (usize, &str)> = HashMap::new();
    for &i in &s.articles {
        for f in &a.articles[i].forums {
            *forums.entry(f).or_default() += 1;
        }
        for p in a.articles[i].speakers.iter().filter(|p| p.slug != s.slug) {
            co.entry(&p.slug).or_insert((0, &p.name)).0 += 1;
        }
    }
    Some(SpeakerData {
        entry: s,
        statements,
        articles: s.articles.iter().map(|&i| &a.articles[i]).collect(),
        forums: counted(
            forums
                .into_iter()
                .map(|(f, n)| (slugify(f), f.to_string(), n)),
        ),
        co_speakers: counted(
            co.into_iter()
                .map(|(slug, (n, name))| (slug.to_string(), name.to_string(), n)),
        ),
    })
}

fn counted(rows: impl Iterator<Item = (String, String, usize)>) -> Vec<Counted> {
    let mut out: Vec<Counted> = rows
        .map(|(slug, name, count)| Counted { slug, name, count })
        .collect();
    out.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.name.cmp(&b.name)));
    out
}

fn links(rows: &[Counted], base: &str) -> Vec<LinkCount> {
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
enum Face {
    Html,
    Json,
    Csv,
    Atom,
}

fn face<'s>(slug: &'s str, headers: &HeaderMap) -> (&'s str, Face) {
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
fn vary_accept(mut res: Response) -> Response {
    res.headers_mut()
        .insert(header::VARY, HeaderValue::from_static("Accept"));
    res
}

/// A CSV download of `rows` under `header`, cells made inert.
fn csv_download(file: &str, head: &[&str], rows: Vec<Vec<String>>) -> Result<Response, AppError> {
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
fn to_feed(filter: &SearchRequest) -> Response {
    let feed = super::feeds::feed_href(&search_href(filter));
    (
        axum::http::StatusCode::SEE_OTHER,
        [(header::LOCATION, feed)],
    )
        .into_response()
}

/// `/speakers/{slug}` and its faces: `.json` (the page's data), `.csv` (its
/// statements, oldest first), `.atom` (its newest articles).
pub async fn speaker(
    State(state): State<AppState>,
    origin: super::Origin,
    headers: HeaderMap,
    Path(slug): Path<String>,
) -> Result<Response, AppError> {
    let archive = state.archive();
    let a: &Archive = &archive;
    let (requested, face) = face(&slug, &headers);
    let data = speaker_data(a, requested)
        .ok_or_else(|| AppError::NotFound(format!("speaker “{requested}”")))?;
    let s = data.entry;
    // Another spelling of the name: the page lives at the speaker's slug.
    if s.slug != requested {
        let ending = &slug[requested.len()..];
        return Ok(Redirect::permanent(&urls::speaker_face(&s.slug, ending)).into_response());
    }
    let html_path = urls::speaker(&s.slug);
    let json_path = format!("{html_path}.json");
    match face {
        Face::Json => {
            return Ok(vary_accept(with_alternate(
                Json(speaker_json(&origin, &data)).into_response(),
                &html_path,
                "text/html",
            )));
        }
        Face::Csv => {
            let rows = speaker_json(&origin, &data)
                .statements
                .into_iter()
                .map(|st| {
                    vec![
                        st.article.id,
                        st.url,
                        st.article.title,
                        st.article.date.unwrap_or_default(),
                        st.n.to_string(),
                        st.mode.as_str().to_string(),
                        one_line(&st.text),
                    ]
                })
                .collect();
            return csv_download(
                &format!("demarche-{}", s.slug),
                &["id", "url", "title", "date", "n", "mode", "statement"],
                rows,
            );
        }
        Face::Atom => {
            return Ok(to_feed(&SearchRequest {
                filters: Filters::one(Dim::Speaker, &s.slug),
                ..SearchRequest::default()
            }));
        }
        Face::Html => {}
    }
    let filter = SearchRequest {
        filters: Filters::one(Dim::Speaker, &s.slug),
        page: 1,
        ..SearchRequest::default()
    };
    let mut meta = super::meta::speaker(&origin, a, s);
    meta.json_href.clone_from(&json_path);
    let page = SpeakerPage {
        canonical: state.url(&html_path),
        q: String::new(),
        name: s.name.clone(),
        role: s.role.clone().unwrap_or_default(),
        country: s.country.clone().unwrap_or_default(),
        aliases: s.aliases.clone(),
        statements: data
            .statements
            .iter()
            .map(|(art, st)| QuotedStatement {
                href: urls::statement(art, st.n),
                article_title: art.title.clone(),
                date_human: art.date.map(|d| d.human()).unwrap_or_default(),
                text: st.text.clone(),
                mode: st.mode.as_str(),
                quoted: st.mode.is_quotation(),
            })
            .collect(),
        articles: cards(a, &s.articles),
        more_articles: s.articles.len().saturating_sub(PAGE_ARTICLES),
        forums: links(&data.forums, "/forums"),
        co_speakers: links(&data.co_speakers, "/speakers"),
        search_href: search_href(&filter),
        statements_href: search_href(&SearchRequest {
            view: crate::search::View::Statements,
            ..filter
        }),
        meta,
    };
    let mut res = with_alternate(
        Html(page.render()?).into_response(),
        &json_path,
        "application/json",
    );
    res = with_alternate(res, &format!("{html_path}.csv"), "text/csv");
    res = with_alternate(res, &format!("{html_path}.atom"), "application/atom+xml");
    Ok(vary_accept(res))
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
    fn new(origin: &super::Origin, a: &Article) -> ArticleRef {
        ArticleRef {
            id: a.id.clone(),
            url: origin.url(&urls::article(a)),
            title: a.title.clone(),
            date: a.date.as_ref().map(PubDate::iso),
        }
    }
}

#[derive(Debug, Serialize)]
pub struct SpeakerStatementJson {
    pub n: usize,
    pub url: String,
    pub article: ArticleRef,
    /// `quote`, `reported`, `turn` or `authored`.
    pub mode: StatementMode,
    pub text: String,
}

/// `/speakers/{slug}.json`: the speaker page's data.
#[derive(Debug, Serialize)]
pub struct SpeakerJson {
    pub name: String,
    pub slug: String,
    pub url: String,
    pub role: Option<String>,
    pub country: Option<String>,
    pub aliases: Vec<String>,
    /// Oldest first, as on the page.
    pub statements: Vec<SpeakerStatementJson>,
    /// Newest first, as on the page (all of them, not only the first 50).
    pub articles: Vec<ArticleRef>,
    pub forums: Vec<Counted>,
    pub co_speakers: Vec<Counted>,
}

fn speaker_json(origin: &super::Origin, d: &SpeakerData) -> SpeakerJson {
    let s = d.entry;
    SpeakerJson {
        name: s.name.clone(),
        slug: s.slug.clone(),
        url: origin.url(&urls::speaker(&s.slug)),
        role: s.role.clone(),
        country: s.country.clone(),
        aliases: s.aliases.clone(),
        statements: d
            .statements
            .iter()
            .map(|(art, st)| SpeakerStatementJson {
                n: st.n,
                url: origin.url(&urls::statement(art, st.n)),
                article: ArticleRef::new(origin, art),
                mode: st.mode,
                text: st.text.clone(),
            })
            .collect(),
        articles: d
            .articles
            .iter()
            .map(|art| ArticleRef::new(origin, art))
            .collect(),
        forums: d.forums.clone(),
        co_speakers: d.co_speakers.clone(),
    }
}

fn cards(a: &Archive, articles: &[usize]) -> Vec<ArticleCard> {
    articles
        .iter()
        .take(PAGE_ARTICLES)
        .map(|&i| ArticleCard::new(&a.articles[i], String::new()))
        .collect()
}

pub async fn forums(
    State(state): State<AppState>,
    RawQuery(query): RawQuery,
) -> Result<Html<String>, AppError> {
    let sort = sort_param(query.as_deref())?;
    let page = IndexPage::new(
        &state,
        "/forums",
        sort,
        forum_links(&state.archive(), usize::MAX),
    );
    Ok(Html(page.render()?))
}

/// One bar of a forum's per-year timeline, laid out server-side.
#[derive(Debug, Clone)]
pub struct Bar {
    pub year: i32,
    pub count: usize,
    pub x: usize,
    pub y: usize,
    pub height: usize,
    pub href: String,
}

#[derive(Template)]
#[template(path = "forum.html")]
pub struct ForumPage {
    pub canonical: String,
    pub q: String,
    /// The full name when known ("Organization for Security and
    /// Co-operation in Europe"), else the name.
    pub name: String,
    pub acronyms: String,
    /// Other names it goes by.
    pub aliases: String,
    pub articles: Vec<ArticleCard>,
    pub more_articles: usize,
    pub speakers: Vec<LinkCount>,
    pub bars: Vec<Bar>,
    pub chart_width: usize,
    pub chart_height: usize,
    pub bar_width: usize,
    pub undated: usize,
    /// The search for this forum's undated articles (`year=undated`).
    pub undated_href: String,
    pub search_href: String,
    /// The same data as JSON.
    pub json_href: String,
}

/// What a forum's page shows, gathered once for its HTML and JSON faces.
pub struct ForumData<'a> {
    pub entry: &'a ForumEntry,
    /// Newest first.
    pub articles: Vec<&'a Article>,
    /// Speakers in its articles, with how many articles each.
    pub speakers: Vec<Counted>,
    /// Articles per year, and how many have no date.
    pub years: BTreeMap<i32, usize>,
    pub undated: usize,
}

/// The data of `/forums/{slug}`, or `None` for an unknown forum.
pub fn forum_data<'a>(a: &'a Archive, slug: &str) -> Option<ForumData<'a>> {
    let f = a.forum(slug)?;
    let mut speakers: HashMap<&str, (usize, &str)> = HashMap::new();
    let mut years: BTreeMap<i32, usize> = BTreeMap::new();
    let mut undated = 0;
    for &i in &f.articles {
        let art = &a.articles[i];
        for p in &art.speakers {
            speakers.entry(&p.slug).or_insert((0, &p.name)).0 += 1;
        }
        match art.date {
            Some(d) => *years.entry(d.year).or_default() += 1,
            None => undated += 1,
        }
    }
    Some(ForumData {
        entry: f,
        articles: f.articles.iter().map(|&i| &a.articles[i]).collect(),
        speakers: counted(
            speakers
                .into_iter()
                .map(|(slug, (n, name))| (slug.to_string(), name.to_string(), n)),
        ),
        years,
        undated,
    })
}

/// `/forums/{slug}.json`: the forum page's data.
#[derive(Debug, Serialize)]
pub struct ForumJson {
    pub name: String,
    /// The name spelt out, when `name` is an acronym.
    pub full_name: Option<String>,
    pub slug: String,
    pub url: String,
    pub acronyms: Vec<String>,
    pub aliases: Vec<String>,
    /// Newest first, as on the page (all of them).
    pub articles: Vec<ArticleRef>,
    pub speakers: Vec<Counted>,
    /// `[year, articles]`, oldest first.
    pub years: Vec<(i32, usize)>,
    pub undated: usize,
}

fn forum_json(origin: &super::Origin, d: &ForumData) -> ForumJson {
    let f = d.entry;
    ForumJson {
        name: f.name.clone(),
        full_name: f.full_name.clone(),
        slug: f.slug.clone(),
        url: origin.url(&urls::forum(&f.slug)),
        acronyms: f.acronyms.clone(),
        aliases: f.aliases.clone(),
        articles: d
            .articles
            .iter()
            .map(|a| ArticleRef::new(origin, a))
            .collect(),
        speakers: d.speakers.clone(),
        years: d.years.iter().map(|(y, n)| (*y, *n)).collect(),
        undated: d.undated,
    }
}

/// `/forums/{slug}` and its faces: `.json` (the page's data), `.csv` (its
/// articles, newest first), `.atom` (its newest articles).
pub async fn forum(
    State(state): State<AppState>,
    origin: super::Origin,
    headers: HeaderMap,
    Path(slug): Path<String>,
) -> Result<Response, AppError> {
    let archive = state.archive();
    let a: &Archive = &archive;
    let (slug, face) = face(&slug, &headers);
    let data = forum_data(a, slug).ok_or_else(|| AppError::NotFound(format!("forum “{slug}”")))?;
    let f = data.entry;
    let html_path = urls::forum(&f.slug);
    let json_path = format!("{html_path}.json");
    let filter = SearchRequest {
        filters: Filters::one(Dim::Forum, &f.slug),
        page: 1,
        ..SearchRequest::default()
    };
    match face {
        Face::Json => {
            return Ok(vary_accept(with_alternate(
                Json(forum_json(&origin, &data)).into_response(),
                &html_path,
                "text/html",
            )));
        }
        Face::Csv => {
            let rows = data
                .articles
                .iter()
                .map(|art| {
                    let r = ArticleRef::new(&origin, art);
                    let names: Vec<&str> = art.speakers.iter().map(|p| p.name.as_str()).collect();
                    vec![
                        r.id,
                        r.url,
                        r.title,
                        r.date.unwrap_or_default(),
                        art.source.clone().unwrap_or_default(),
                        art.kind.as_str().to_string(),
                        names.join("; "),
                    ]
                })
                .collect();
            return csv_download(
                &format!("demarche-{}", f.slug),
                &["id", "url", "title", "date", "source", "kind", "speakers"],
                rows,
            );
        }
        Face::Atom => return Ok(to_feed(&filter)),
        Face::Html => {}
    }
    let bars = timeline(&data.years, &filter);
    let page = ForumPage {
        canonical: state.url(&html_path),
        q: String::new(),
        name: f.title().to_string(),
        acronyms: f.other_acronyms().join(", "),
        aliases: f.aliases.join("; "),
        articles: cards(a, &f.articles),
        more_articles: f.articles.len().saturating_sub(PAGE_ARTICLES),
        speakers: links(&data.speakers, "/speakers"),
        chart_width: (bars.len() * BAR_WIDTH).max(BAR_WIDTH),
        chart_height: CHART_HEIGHT + 20,
        bar_width: BAR_WIDTH - 6,
        bars,
        undated: data.undated,
        undated_href: search_href(&SearchRequest {
            filters: filter.filters.with(Dim::Year, year_value(UNDATED)),
            ..filter.clone()
        }),
        search_href: search_href(&filter),
        json_href: json_path.clone(),
    };
    let mut res = with_alternate(
        Html(page.render()?).into_response(),
        &json_path,
        "application/json",
    );
    res = with_alternate(res, &format!("{html_path}.csv"), "text/csv");
    res = with_alternate(res, &format!("{html_path}.atom"), "application/atom+xml");
    Ok(vary_accept(res))
}

/// Every year from the first to the last, so gaps show as gaps.
fn timeline(years: &BTreeMap<i32, usize>, filter: &SearchRequest) -> Vec<Bar> {
    let (Some((&first, _)), Some((&last, _))) = (years.first_key_value(), years.last_key_value())
    else {
        return Vec::new();
    };
    let max = years.values().copied().max().unwrap_or(1).max(1);
    (first..=last)
        .enumerate()
        .map(|(i, year)| {
            let count = years.get(&year).copied().unwrap_or(0);
            let height = count * CHART_HEIGHT / max;
            Bar {
                year,
                count,
                x: i * BAR_WIDTH,
                y: CHART_HEIGHT - height,
                height,
                href: search_href(&SearchRequest {
                    filters: filter.filters.with(
                        Dim::Year,
                        year_value(u32::try_from(year).unwrap_or_default()),
                    ),
                    ..filter.clone()
                }),
            }
        })
        .collect()
}
