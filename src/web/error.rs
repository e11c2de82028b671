//! Errors a visitor can see. Each variant is a situation with its own status
//! and words, given once by [`AppError::info`]; the HTML page
//! ([`AppError`]'s own response) and the JSON body ([`ApiError`]) both
//! render that. Internal details are logged with their source, never shown.

use askama::Template;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Json, Response};

/// The cause of an internal error, kept for the log.
pub type BoxError = Box<dyn std::error::Error + Send + Sync>;

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
    /// Something that should not fail did: `context` says what was being
    /// done; `source` is logged, never shown.
    #[error("internal error: {context}")]
    Internal {
        context: &'static str,
        #[source]
        source: BoxError,
    },
}

impl AppError {
    /// An internal error while doing `context`, keeping its cause.
    pub fn internal(context: &'static str, source: impl Into<BoxError>) -> AppError {
        AppError::Internal {
            context,
            source: source.into(),
        }
    }
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
        AppError::internal("template", e)
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
            other => AppError::internal("search", other),
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

/// What a response says about an error, whatever its format.
pub struct ErrorInfo {
    pub status: StatusCode,
    /// The HTML page's heading.
    pub heading: &'static str,
    /// The HTML page's paragraph.
    pub message: String,
    /// The JSON body's `error`.
    pub api_message: String,
}

impl AppError {
    /// The one table of statuses and words, for HTML and JSON alike.
    pub fn info(&self) -> ErrorInfo {
        let (status, heading, message, api_message) = match self {
            AppError::NotFound(what) => (
                StatusCode::NOT_FOUND,
                "Not found",
                format!("There is no {what} here. It may have been mistyped, or never archived."),
                format!("no {what}"),
            ),
            AppError::Gone(title) => (
                StatusCode::GONE,
                "This article was removed",
                format!("“{title}” was in the archive and has been removed from it. Its permalink no longer leads to it; a search may find related articles."),
                format!("“{title}” was removed from the archive"),
            ),
            AppError::OriginalUnavailable(why) => (
                StatusCode::GONE,
                "The original file is not as archived",
                format!("Unavailable: {why}. The article itself is still in the archive."),
                why.clone(),
            ),
            AppError::NotOnReplica(why) => (
                StatusCode::NOT_FOUND,
                "Original not on this replica",
                format!("Unavailable here: {why}. The article itself is in the archive."),
                why.clone(),
            ),
            AppError::BadRequest(msg) => (
                StatusCode::BAD_REQUEST,
                "That request could not be understood",
                msg.clone(),
                msg.clone(),
            ),
            AppError::Busy => (
                StatusCode::SERVICE_UNAVAILABLE,
                "The archive is busy",
                BUSY_MESSAGE.to_string(),
                BUSY_MESSAGE.to_string(),
            ),
            AppError::Internal { .. } => (
                StatusCode::INTERNAL_SERVER_ERROR,
                "Something went wrong",
                "The archive could not answer this request. Please try again; the problem has been logged.".to_string(),
                "the archive could not answer this request".to_string(),
            ),
        };
        ErrorInfo {
            status,
            heading,
            message,
            api_message,
        }
    }

    /// Log an internal error with its cause; other errors are the
    /// visitor's and are not logged here.
    fn log(&self) {
        if let AppError::Internal { context, source } = self {
            tracing::error!(context, error = %source, "internal error");
        }
    }

    /// The headers every format of this error carries.
    fn finish(&self, mut response: Response) -> Response {
        if matches!(self, AppError::Busy) {
            response.headers_mut().extend(busy_headers());
        }
        response
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        self.log();
        let ErrorInfo {
            status,
            heading,
            message,
            ..
        } = self.info();
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
        let response = match page.render() {
            Ok(html) => (status, Html(html)).into_response(),
            // The error page itself failed: fall back to plain text.
            Err(_) => (status, format!("{heading}\n\n{message}\n")).into_response(),
        };
        self.finish(response)
    }
}

/// An [`AppError`] answered as JSON (`{"error": …, "status": …}`): the API's
/// error face, from the same [`AppError::info`].
#[derive(Debug)]
pub struct ApiError(pub AppError);

impl From<AppError> for ApiError {
    fn from(e: AppError) -> ApiError {
        ApiError(e)
    }
}

impl From<crate::search::SearchError> for ApiError {
    fn from(e: crate::search::SearchError) -> ApiError {
        ApiError(e.into())
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        self.0.log();
        let info = self.0.info();
        let body = serde_json::json!({ "error": info.api_message, "status": info.status.as_u16() });
        self.0.finish((info.status, Json(body)).into_response())
    }
}

/// An unknown article id: 410 if it was removed while serving, else 404.
pub fn missing(state: &super::AppState, id: &str) -> AppError {
    match state.gone(id) {
        Some(title) => AppError::Gone(title),
        None => AppError::NotFound(format!("article “{id}”")),
    }
}
