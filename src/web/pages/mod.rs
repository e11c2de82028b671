//! The pages, one file each: a page's handler, its view struct, and the
//! plain function that gathers its data, which every face of the page
//! (HTML, JSON, CSV, Atom) renders. The search page's JSON, CSV and Atom
//! faces are `web::api` and `web::feeds`, over the same
//! [`crate::search::SearchIndex::search`].

mod article;
mod directory;
mod faces;
mod forum;
mod home;
mod search;
mod speaker;

use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::IntoResponse;

pub use article::{article, article_short, article_slash, read_original};
pub use directory::{forums, speakers};
pub use forum::forum;
pub use home::home;
pub use search::{search, statements};
pub use speaker::speaker;

use crate::archive::Archive;
use crate::web::AppState;
use crate::web::error::AppError;

/// The whole article, read back from the index folder when the list holds
/// it slimmed; a store that cannot give it back is an internal error.
pub fn full(
    a: &crate::model::Article,
) -> Result<std::borrow::Cow<'_, crate::model::Article>, AppError> {
    a.full()
        .map_err(|e| AppError::internal("reading a stored article", e))
}

pub async fn healthz(State(state): State<AppState>) -> impl IntoResponse {
    let archive = state.archive();
    let a: &Archive = &archive;
    (
        StatusCode::OK,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        format!("ok {} articles\n", a.articles.len()),
    )
}

pub async fn not_found() -> AppError {
    AppError::NotFound("page at this address".into())
}
