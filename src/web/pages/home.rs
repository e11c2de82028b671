//! `/`: the home page.

use askama::Template;
use axum::extract::State;
use axum::response::Html;

use crate::archive::Archive;
use crate::web::AppState;
use crate::web::error::AppError;
use crate::web::views::*;

/// Entries shown on the home page per list.
const HOME_LIST: usize = 12;

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

pub async fn home(State(state): State<AppState>) -> Result<Html<String>, AppError> {
    let archive = state.archive();
    let a: &Archive = &archive;
    let latest = a
        .newest(HOME_LIST)
        .into_iter()
        .map(|i| ArticleCard::new(&a.articles[i], String::new()))
        .collect();
    let page = HomePage {
        canonical: state.url("/"),
        q: String::new(),
        articles: a.articles.len(),
        speaker_count: a.speakers.len(),
        forum_count: a.forums.len(),
        rejected: a.rejected.len(),
        speakers: speaker_links(a, HOME_LIST),
        forums: forum_links(a, HOME_LIST),
        latest,
    };
    Ok(Html(page.render()?))
}
