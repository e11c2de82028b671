//! `/speakers/{slug}`: a speaker's page, its data ([`speaker_data`]) and
//! its HTML, JSON, CSV and Atom faces.

use std::collections::HashMap;

use askama::Template;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::{Html, IntoResponse, Redirect, Response};
use serde::Serialize;

use super::faces::*;
use crate::archive::{Archive, SpeakerEntry};
use crate::model::{Article, Forum, Statement, StatementMode};
use crate::search::{Dim, Filters, SearchRequest};
use crate::web::error::AppError;
use crate::web::views::*;
use crate::web::{AppState, urls};

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
    pub meta: crate::web::meta::PageMeta,
}

/// What a speaker's page shows, gathered once for its HTML and JSON faces.
pub struct SpeakerData<'a> {
    pub entry: &'a SpeakerEntry,
    /// Oldest first: a speaker's position over time.
    pub statements: Vec<(&'a Article, Statement)>,
    /// Newest first.
    pub articles: Vec<&'a Article>,
    /// Forums of their articles, with how many articles each.
    pub forums: Vec<Counted>,
    /// People quoted in the same articles, with how many articles each.
    pub co_speakers: Vec<Counted>,
}

/// The data of `/speakers/{slug}`, or `None` for an unknown speaker.
pub fn speaker_data<'a>(a: &'a Archive, slug: &str) -> Option<SpeakerData<'a>> {
    let s = a.speaker(slug)?;
    let mut statements = Vec::new();
    for &i in s.articles.iter().rev() {
        let art = &a.articles[i];
        // Their words are read back when the list holds the article
        // slimmed (`--index-dir`).
        let text = art.text();
        let theirs = art.statements.iter().enumerate();
        statements.extend(
            theirs
                .filter(|(_, st)| st.speaker_slug == s.slug)
                .map(|(k, st)| {
                    let said = Statement {
                        text: text.said(k).to_string(),
                        ..st.clone()
                    };
                    (art, said)
                }),
        );
    }
    let mut forums: HashMap<Forum, usize> = HashMap::new();
    let mut co: HashMap<&str, (usize, &str)> = HashMap::new();
    for &i in &s.articles {
        for f in a.articles[i].forums() {
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
        forums: counted(forums.into_iter().map(|(f, n)| (f.slug, f.name, n))),
        co_speakers: counted(
            co.into_iter()
                .map(|(slug, (n, name))| (slug.to_string(), name.to_string(), n)),
        ),
    })
}

/// `/speakers/{slug}` and its faces: `.json` (the page's data), `.csv` (its
/// statements, oldest first), `.atom` (its newest articles).
pub async fn speaker(
    State(state): State<AppState>,
    origin: crate::web::Origin,
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
    let mut meta = crate::web::meta::speaker(&origin, a, s);
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

fn speaker_json(origin: &crate::web::Origin, d: &SpeakerData) -> SpeakerJson {
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
