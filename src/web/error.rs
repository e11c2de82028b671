//! Errors a visitor can see. Each variant is a situation with its own status
//! and page; internal details are logged, never shown.

use askama::Template;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("not found: {0}")]
    NotFound(String),
    #[error("bad request: {0}")]
    BadRequest(String),
    /// An article that was in the archive and has been removed; the value
    /// is its title, offered as a search.
    #[error("gone: {0}")]
    Gone(String),
    /// An article's original file is no longer the one archived (changed
    /// or removed from the data folder); the value says which and how.
    #[error("original unavailable: {0}")]
    OriginalUnavailable(String),
    /// A read-only replica without the data folder: the original exists,
    /// just not here (404, not 410).
    #[error("original not on this replica: {0}")]
    NotOnReplica(String),
    /// Too busy to answer now (every search slot taken, or the search ran
    /// out of time): 503 with `Retry-After`.
    #[error("busy")]
    Busy,
    #[error("internal error: {0}")]
    Internal(String),
}

impl From<crate::archive::OriginalError> for AppError {
    fn from(e: crate::archive::OriginalError) -> Self {
        if let crate::archive::OriginalError::Missing { file, error, .. } = &e {
            tracing::warn!(%file, %error, "an original could not be read");
        }
        match e {
            crate::archive::OriginalError::NotOnReplica { .. } => {
                AppError::NotOnReplica(e.to_string())
            }
            _ => AppError::OriginalUnavailable(e.to_string()),
        }
    }
}

impl From<askama::Error> for AppError {
    fn from(e: askama::Error) -> Self {
        AppError::Internal(format!("template: {e}"))
    }
}

impl From<crate::search::SearchError> for AppError {
    fn from(e: crate::search::SearchError) -> Self {
        use crate::search::SearchError;
        match e {
            SearchError::TooCostly(why) => AppError::BadRequest(format!(
                "This search is too costly to run: {why}. Simplify it and try again."
            )),
            SearchError::OverTime(_) => AppError::Busy,
            other => AppError::Internal(other.to_string()),
        }
    }
}

/// Headers of a 503 that asks to retry: not to be cached by anyone.
pub fn busy_headers() -> [(axum::http::HeaderName, axum::http::HeaderValue); 2] {
    use axum::http::{HeaderValue, header};
    [
        (
            header::RETRY_AFTER,
            HeaderValue::from(super::RETRY_AFTER_SECS),
        ),
        (header::CACHE_CONTROL, HeaderValue::from_static("no-store")),
    ]
}

/// What a visitor is told when the archive is too busy.
pub const BUSY_MESSAGE: &str =
    "The archive is too busy to answer this search right now. Please try again in a moment.";

#[derive(Template)]
#[template(path = "error.html")]
pub struct ErrorPage {
    pub status: u16,
    pub heading: String,
    pub message: String,
    pub canonical: String,
    pub q: String,
    /// Pre-filled search box: for a removed article, its title.
    pub search: String,
}

impl AppError {
    fn parts(&self) -> (StatusCode, &'static str, String) {
        match self {
            AppError::NotFound(what) => (
                StatusCode::NOT_FOUND,
                "Not found",
                format!("There is no {what} here. It may have been mistyped, or never archived."),
            ),
            AppError::Gone(title) => (
                StatusCode::GONE,
                "This article was removed",
                format!("“{title}” was in the archive and has been removed from it. Its permalink no longer leads to it; a search may find related articles."),
            ),
            AppError::OriginalUnavailable(why) => (
                StatusCode::GONE,
                "The original file is not as archived",
                format!("Unavailable: {why}. The article itself is still in the archive."),
            ),
            AppError::NotOnReplica(why) => (
                StatusCode::NOT_FOUND,
                "Original not on this replica",
                format!("Unavailable here: {why}. The article itself is in the archive."),
            ),
            AppError::BadRequest(msg) => (StatusCode::BAD_REQUEST, "That request could not be understood", msg.clone()),
            AppError::Busy => (StatusCode::SERVICE_UNAVAILABLE, "The archive is busy", BUSY_MESSAGE.to_string()),
            AppError::Internal(_) => (
                StatusCode::INTERNAL_SERVER_ERROR,
                "Something went wrong",
                "The archive could not answer this request. Please try again; the problem has been logged.".to_string(),
            ),
        }
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        if let AppError::Internal(detail) = &self {
            tracing::error!(%detail, "internal error");
        }
        let (status, heading, message) = self.parts();
        let page = ErrorPage {
            status: status.as_u16(),
            heading: heading.to_string(),
            message: message.clone(),
            canonical: String::new(),
            q: String::new(),
            search: match &self {
                AppError::Gone(title) => title.clone(),
                _ => String::new(),
            },
        };
        let mut response = match page.render() {
            Ok(html) => (status, Html(html)).into_response(),
            // The error page itself failed: fall back to plain text.
            Err(_) => (status, format!("{heading}\n\n{message}\n")).into_response(),
        };
        if matches!(self, AppError::Busy) {
            response.headers_mut().extend(busy_headers());
        }
        response
    }
}
