//! Speaker and forum pages, and the sortable indexes of both.

use std::collections::{BTreeMap, HashMap};

use askama::Template;
use axum::extract::{Path, RawQuery, State};
use axum::response::Html;

use super::AppState;
use super::error::AppError;
use super::views::{
    ArticleCard, LinkCount, QuotedStatement, forum_links, search_href, speaker_links,
};
use crate::archive::Archive;
use crate::model::slugify;
use crate::search::SearchRequest;

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

pub async fn speaker(
    State(state): State<AppState>,
    origin: super::Origin,
    Path(slug): Path<String>,
) -> Result<Html<String>, AppError> {
    let archive = state.archive();
    let a: &Archive = &archive;
    let s = a
        .speaker(&slug)
        .ok_or_else(|| AppError::NotFound(format!("speaker “{slug}”")))?;
    let mut statements = Vec::new();
    // Oldest first: a speaker's position over time.
    for &i in s.articles.iter().rev() {
        let art = &a.articles[i];
        for st in art.statements_by(&s.slug) {
            statements.push(QuotedStatement {
                href: format!("{}#s{}", art.url(), st.n),
                article_title: art.title.clone(),
                date_human: art.date.map(|d| d.human()).unwrap_or_default(),
                text: st.text.clone(),
                mode: st.mode.as_str(),
                quoted: st.mode.is_quotation(),
            });
        }
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
    let forums = ranked(
        forums
            .into_iter()
            .map(|(f, n)| (format!("/forums/{}", slugify(f)), f.to_string(), n)),
    );
    let co_speakers = ranked(
        co.into_iter()
            .map(|(slug, (n, name))| (format!("/speakers/{slug}"), name.to_string(), n)),
    );
    let filter = SearchRequest {
        speakers: vec![s.slug.clone()],
        page: 1,
        ..SearchRequest::default()
    };
    let page = SpeakerPage {
        canonical: state.url(&format!("/speakers/{}", s.slug)),
        q: String::new(),
        name: s.name.clone(),
        role: s.role.clone().unwrap_or_default(),
        country: s.country.clone().unwrap_or_default(),
        aliases: s.aliases.clone(),
        statements,
        articles: cards(a, &s.articles),
        more_articles: s.articles.len().saturating_sub(PAGE_ARTICLES),
        forums,
        co_speakers,
        search_href: search_href(&filter),
        statements_href: search_href(&SearchRequest {
            view: crate::search::View::Statements,
            ..filter
        }),
        meta: super::meta::speaker(&origin, a, s),
    };
    Ok(Html(page.render()?))
}

fn ranked(rows: impl Iterator<Item = (String, String, usize)>) -> Vec<LinkCount> {
    let mut out: Vec<LinkCount> = rows
        .map(|(href, label, count)| LinkCount {
            href,
            label,
            count,
            note: String::new(),
        })
        .collect();
    out.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.label.cmp(&b.label)));
    out
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
}

pub async fn forum(
    State(state): State<AppState>,
    Path(slug): Path<String>,
) -> Result<Html<String>, AppError> {
    let archive = state.archive();
    let a: &Archive = &archive;
    let f = a
        .forum(&slug)
        .ok_or_else(|| AppError::NotFound(format!("forum “{slug}”")))?;
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
    let filter = SearchRequest {
        forums: vec![f.slug.clone()],
        page: 1,
        ..SearchRequest::default()
    };
    let bars = timeline(&years, &filter);
    let page = ForumPage {
        canonical: state.url(&format!("/forums/{}", f.slug)),
        q: String::new(),
        name: f.title().to_string(),
        acronyms: f.other_acronyms().join(", "),
        aliases: f.aliases.join("; "),
        articles: cards(a, &f.articles),
        more_articles: f.articles.len().saturating_sub(PAGE_ARTICLES),
        speakers: ranked(
            speakers
                .into_iter()
                .map(|(slug, (n, name))| (format!("/speakers/{slug}"), name.to_string(), n)),
        ),
        chart_width: (bars.len() * BAR_WIDTH).max(BAR_WIDTH),
        chart_height: CHART_HEIGHT + 20,
        bar_width: BAR_WIDTH - 6,
        bars,
        undated,
        undated_href: search_href(&SearchRequest {
            years: vec![crate::search::UNDATED],
            ..filter.clone()
        }),
        search_href: search_href(&filter),
    };
    Ok(Html(page.render()?))
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
                    years: vec![u32::try_from(year).unwrap_or_default()],
                    ..filter.clone()
                }),
            }
        })
        .collect()
}
