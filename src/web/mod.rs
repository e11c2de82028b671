//! The HTTP interface: one router, shared read-only state, and the
//! middleware that every response passes through.

pub mod assets;
pub mod error;
pub mod pages;
pub mod views;

use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::http::StatusCode;
use axum::routing::get;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::compression::CompressionLayer;
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::TraceLayer;

use crate::archive::Archive;

/// Longest a request may take before the client gets a 503.
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(10);

/// Shared state: the loaded archive.
#[derive(Clone)]
pub struct AppState {
    archive: Arc<Archive>,
}

impl AppState {
    pub fn new(archive: Archive) -> AppState {
        AppState {
            archive: Arc::new(archive),
        }
    }

    pub fn archive(&self) -> &Archive {
        &self.archive
    }
}

/// The application router; tests build the very same one.
pub fn app(state: AppState) -> Router {
    Router::new()
        .route("/", get(pages::home))
        .route("/search", get(pages::search))
        .route("/articles/{id}", get(pages::article_short))
        .route("/articles/{id}/{slug}", get(pages::article))
        .route("/speakers", get(pages::speakers))
        .route("/speakers/{slug}", get(pages::speaker))
        .route("/forums", get(pages::forums))
        .route("/forums/{slug}", get(pages::forum))
        .route("/healthz", get(pages::healthz))
        .route("/static/{file}", get(assets::serve))
        .route(
            "/favicon.ico",
            get(|| async { axum::response::Redirect::permanent(&assets::url("favicon.svg")) }),
        )
        .fallback(pages::not_found)
        .with_state(state)
        .layer(CompressionLayer::new())
        .layer(TimeoutLayer::with_status_code(
            StatusCode::SERVICE_UNAVAILABLE,
            REQUEST_TIMEOUT,
        ))
        .layer(CatchPanicLayer::new())
        .layer(TraceLayer::new_for_http())
}
