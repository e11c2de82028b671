//! `/speakers` and `/forums`: the sortable indexes of both directories.

use askama::Template;
use axum::extract::State;
use axum::response::Html;

use crate::web::AppState;
use crate::web::error::AppError;
use crate::web::params::ListSort;
use crate::web::views::*;

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
    ListSort(sort): ListSort,
) -> Result<Html<String>, AppError> {
    let page = IndexPage::new(
        &state,
        "/speakers",
        sort,
        speaker_links(&state.archive(), usize::MAX),
    );
    Ok(Html(page.render()?))
}

pub async fn forums(
    State(state): State<AppState>,
    ListSort(sort): ListSort,
) -> Result<Html<String>, AppError> {
    let page = IndexPage::new(
        &state,
        "/forums",
        sort,
        forum_links(&state.archive(), usize::MAX),
    );
    Ok(Html(page.render()?))
}
