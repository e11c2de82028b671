//! `/forums/{slug}`: a forum's page, its data ([`forum_data`]) and its
//! HTML, JSON, CSV and Atom faces.

use std::collections::{BTreeMap, HashMap};

use askama::Template;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::{Html, IntoResponse, Response};
use serde::Serialize;

use super::faces::*;
use crate::archive::{Archive, ForumEntry};
use crate::model::Article;
use crate::search::{Dim, Filters, SearchRequest, UNDATED, year_value};
use crate::web::error::AppError;
use crate::web::views::*;
use crate::web::{AppState, urls};

/// Bars in a forum's timeline are this wide, in SVG units.
const BAR_WIDTH: usize = 36;
const CHART_HEIGHT: usize = 120;

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

fn forum_json(origin: &crate::web::Origin, d: &ForumData) -> ForumJson {
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
    origin: crate::web::Origin,
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
