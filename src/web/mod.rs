//! The HTTP interface: one router, shared read-only state, and the
//! middleware that every response passes through.
//!
//! Pages are HTML (`pages`, one file per page, reading the search from
//! the query string with `params`); the same data is offered to scripts as JSON
//! and CSV ([`api`]), to feed readers, browsers and crawlers as Atom,
//! OpenSearch, sitemaps and robots.txt (`feeds`), to reference managers
//! as BibTeX, RIS and CSL-JSON (`cite`), and to link previews and search
//! engines as JSON-LD and Open Graph (`meta`). The middleware in
//! `middleware` bounds what one request may cost and adds the headers
//! every response carries; searches and other CPU work run in `pool`,
//! off the async workers; [`serve`] puts the router on a socket with
//! connection limits and a shutdown deadline.

pub mod api;
pub mod assets;
mod cite;
mod error;
mod feeds;
mod meta;
mod middleware;
mod origin;
mod pages;
mod params;
mod pool;
pub mod serve;
pub mod urls;
mod views;

use std::collections::HashMap;
use std::sync::{Arc, RwLock};
use std::time::Duration;

use arc_swap::ArcSwap;
use axum::Router;
use axum::extract::{Path, State};
use axum::http::{HeaderName, HeaderValue, StatusCode, header};
use axum::routing::get;
use chrono::NaiveDate;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::compression::CompressionLayer;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::TraceLayer;

use crate::archive::Archive;
pub use origin::Origin;
pub use params::parse_request;

/// Longest a request may take before the client gets a 503.
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(10);

/// Requests handled at once; one more is turned away with a 503 and
/// `Retry-After` rather than queued. Each request is CPU-bound and short on
/// an in-RAM index, so this bounds memory (a page may embed a 5 MiB
/// original) more than it paces the CPU; it sits above the 128 connections
/// of the load test so that only real overload is refused.
pub const MAX_CONCURRENT_REQUESTS: usize = 256;

/// Longest request target (path and query) accepted, in bytes; longer gets
/// 414. Room for a 1,000-character query percent-encoded plus filters, as
/// common proxies allow (8 KiB).
pub const MAX_URI_BYTES: usize = 8 * 1024;

/// Most bytes of request headers (names, values and separators) accepted;
/// more gets 431. Browsers send 1–2 KiB; cookies are not used here.
pub const MAX_HEADER_BYTES: usize = 16 * 1024;

/// Largest request body accepted (413 beyond): no route reads one, so
/// this is only room for clients that send an empty form or the like.
pub const MAX_BODY_BYTES: usize = 16 * 1024;

/// Seconds a client turned away for overload is asked to wait.
pub const RETRY_AFTER_SECS: u64 = 1;

/// Longest a request waits for a free search slot before a 503.
pub const QUEUE_WAIT: Duration = Duration::from_secs(2);

/// No inline script or style, nothing from elsewhere, no framing.
/// `<script type="application/ld+json">` is data, not executed, so the
/// JSON-LD on article pages is fine under `script-src 'self'`.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; script-src 'self'; \
     style-src 'self'; img-src 'self' data:; frame-ancestors 'none'; \
     base-uri 'none'; form-action 'self'";

/// Browser features no page here uses, turned off for every page (and for
/// anything that might one day be injected into one).
pub const PERMISSIONS_POLICY: &str = "accelerometer=(), camera=(), geolocation=(), \
     gyroscope=(), magnetometer=(), microphone=(), payment=(), usb=()";

/// Cache-Control for answers that are not content: an error may be gone
/// after the next rebuild, and a redirect to a canonical URL changes when
/// a title (its slug) does, so neither is kept by a shared cache as is.
fn error_cache_control<B>(res: &axum::http::Response<B>) -> Option<HeaderValue> {
    let status = res.status();
    if status.is_redirection() && status != StatusCode::NOT_MODIFIED {
        Some(HeaderValue::from_static("no-cache"))
    } else if status.is_client_error() || status.is_server_error() {
        Some(HeaderValue::from_static("no-store"))
    } else {
        None
    }
}

/// What requests may cost; [`Limits::default`] is what `demarche serve`
/// uses, and tests build a router with tiny limits to see them enforced.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    pub max_concurrent: usize,
    pub max_uri_bytes: usize,
    pub max_header_bytes: usize,
    pub max_body_bytes: usize,
    pub timeout: Duration,
    /// Searches, exports and feeds run at once on blocking threads.
    pub cpu_slots: usize,
    /// How long a request waits for one of them.
    pub queue_wait: Duration,
    /// How long one search may run (see [`crate::search::Budget`]).
    pub search_time: Duration,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            max_concurrent: MAX_CONCURRENT_REQUESTS,
            max_uri_bytes: MAX_URI_BYTES,
            max_header_bytes: MAX_HEADER_BYTES,
            max_body_bytes: MAX_BODY_BYTES,
            timeout: REQUEST_TIMEOUT,
            cpu_slots: std::thread::available_parallelism().map_or(2, |n| n.get()),
            queue_wait: QUEUE_WAIT,
            search_time: crate::search::SEARCH_TIME,
        }
    }
}

/// Shared state: the loaded archive and how it is addressed.
#[derive(Clone)]
pub struct AppState {
    /// Swapped whole when `serve --watch` rebuilds (see `crate::watch`).
    archive: Arc<ArcSwap<Archive>>,
    /// Ids of articles removed since start-up, with their titles, so their
    /// permalinks answer 410 Gone.
    gone: Arc<RwLock<HashMap<String, String>>>,
    /// Archives swapped in since start-up (see [`AppState::updates`]).
    updates: Arc<std::sync::atomic::AtomicU64>,
    /// `https://archive.example.org`, when the archive is served behind a
    /// proxy; otherwise absolute URLs use `local_origin`.
    public_url: Option<Arc<str>>,
    /// The address the server listens on, as an origin (see [`Origin`]);
    /// never the request's `Host`.
    local_origin: Arc<str>,
    /// The day this archive was built (start-up), in UTC: the "archived"
    /// date in citations. File modification times are not used: a checkout
    /// or a copy resets them, and the loader does not keep them.
    archived: NaiveDate,
    /// Where searches and other CPU-heavy work run; sized by [`Limits`]
    /// when the router is built.
    cpu: pool::CpuPool,
}

impl AppState {
    pub fn new(archive: Archive) -> AppState {
        AppState {
            archive: Arc::new(ArcSwap::from_pointee(archive)),
            gone: Arc::default(),
            updates: Arc::default(),
            public_url: None,
            local_origin: Arc::from(origin::FALLBACK_ORIGIN),
            archived: chrono::Utc::now().date_naive(),
            cpu: pool_for(&Limits::default()),
        }
    }

    /// Serve absolute URLs (feeds, sitemaps, citations) under this origin,
    /// e.g. `https://archive.example.org`, whatever `Host` a request names.
    #[must_use]
    pub fn with_public_url(mut self, url: &str) -> AppState {
        let url = url.trim().trim_end_matches('/');
        self.public_url = (!url.is_empty()).then(|| Arc::from(url));
        self
    }

    /// Without a public URL, build absolute URLs on the address the server
    /// listens on (see [`Origin::of_listener`]).
    #[must_use]
    pub fn with_listener(mut self, addr: std::net::SocketAddr) -> AppState {
        self.local_origin = Arc::from(Origin::of_listener(addr).0);
        self
    }

    /// The archive as it is now; a request keeps the one it started with.
    pub fn archive(&self) -> Arc<Archive> {
        self.archive.load_full()
    }

    /// Swap in a rebuilt archive. Returns how many articles were added and
    /// removed; removed ones are remembered as gone.
    pub fn replace(&self, next: Archive) -> (usize, usize) {
        let old = self.archive.load_full();
        let removed: Vec<(String, String)> = old
            .articles
            .iter()
            .filter(|a| next.position(&a.id).is_none())
            .map(|a| (a.id.clone(), a.title.clone()))
            .collect();
        let added = next
            .articles
            .iter()
            .filter(|a| old.position(&a.id).is_none())
            .count();
        if let Ok(mut gone) = self.gone.write() {
            // The few gone ids, not every article, are looked up.
            gone.retain(|id, _| next.position(id).is_none());
            gone.extend(removed.iter().cloned());
        }
        self.archive.store(Arc::new(next));
        self.updates
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        (added, removed.len())
    }

    /// How many times an archive was swapped in since start-up: one per
    /// update `serve --watch` made, however many files it covered.
    pub fn updates(&self) -> u64 {
        self.updates.load(std::sync::atomic::Ordering::Relaxed)
    }

    /// The title of an article that was removed from the archive.
    pub fn gone(&self, id: &str) -> Option<String> {
        self.gone.read().ok()?.get(id).cloned()
    }

    pub fn public_url(&self) -> Option<&str> {
        self.public_url.as_deref()
    }

    /// The origin absolute URLs are built on: the public URL, else the
    /// listening address.
    pub fn origin(&self) -> &str {
        self.public_url().unwrap_or(&self.local_origin)
    }

    /// The absolute form of a site path, on [`AppState::origin`]: canonical
    /// links must be absolute for search engines to trust them.
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.origin())
    }

    /// Where CPU-heavy handler work runs.
    pub fn cpu(&self) -> &pool::CpuPool {
        &self.cpu
    }

    /// The date the archive was built, cited as the archived date.
    pub fn archived(&self) -> NaiveDate {
        self.archived
    }
}

/// The application router with the default [`Limits`]; tests build the
/// very same one.
pub fn app(state: AppState) -> Router {
    app_with(state, Limits::default())
}

fn pool_for(limits: &Limits) -> pool::CpuPool {
    pool::CpuPool::new(limits.cpu_slots, limits.queue_wait, limits.search_time)
}

/// The application router with the given limits.
pub fn app_with(mut state: AppState, limits: Limits) -> Router {
    state.cpu = pool_for(&limits);
    let in_flight = middleware::InFlight::new(limits.max_concurrent);
    // Public, read-only data: scripts on any site may read it.
    let data = Router::new()
        .route("/search.csv", get(api::search_csv))
        // The search's faces by ending, beside /api/search and /feed.atom.
        .route("/search.json", get(api::search))
        .route("/search.atom", get(feeds::atom))
        .route("/api/search", get(api::search))
        .route("/api/articles/{id}", get(api::article))
        .route("/feed.atom", get(feeds::atom))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::ACCESS_CONTROL_ALLOW_ORIGIN,
            HeaderValue::from_static("*"),
        ));
    Router::new()
        .merge(data)
        .route("/", get(pages::home))
        .route("/search", get(pages::search))
        .route("/statements", get(pages::statements))
        .route("/opensearch.xml", get(feeds::opensearch))
        .route("/sitemap.xml", get(feeds::sitemap))
        .route("/sitemaps/{file}", get(feeds::sitemap_part))
        .route("/robots.txt", get(feeds::robots))
        .route("/articles/{id}", get(article_faces))
        .route("/articles/{id}/cite.bib", get(cite::bibtex))
        .route("/articles/{id}/cite.ris", get(cite::ris))
        .route("/articles/{id}/cite.json", get(cite::csl_json))
        .route("/articles/{id}/{slug}", get(pages::article))
        .route("/articles/{id}/", get(pages::article_slash))
        .route("/articles/{id}/{slug}/", get(pages::article_slash))
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
        // Innermost first: the ETag is computed on the uncompressed body.
        .layer(axum::middleware::from_fn(middleware::etag))
        .layer(CompressionLayer::new())
        .layer(TimeoutLayer::with_status_code(
            StatusCode::SERVICE_UNAVAILABLE,
            limits.timeout,
        ))
        .layer(axum::middleware::from_fn(move |req, next| {
            middleware::limit_concurrency(in_flight.clone(), req, next)
        }))
        // Oversized requests are refused before they take a slot.
        .layer(axum::middleware::from_fn(move |req, next| {
            middleware::limit_size(limits, req, next)
        }))
        .layer(RequestBodyLimitLayer::new(limits.max_body_bytes))
        .layer(CatchPanicLayer::new())
        // Outside everything else, so refusals and panics carry them too.
        .layer(SetResponseHeaderLayer::if_not_present(
            header::CACHE_CONTROL,
            error_cache_control,
        ))
        .layer(axum::middleware::map_response(security_headers))
        .layer(TraceLayer::new_for_http())
}

/// `/articles/{id}` and the article's other faces, told by their ending:
/// `.txt` (the original), `.json` (as `/api/articles/{id}`), `.bib`,
/// `.ris` and `.csl.json` (as `/articles/{id}/cite.*`). The bare id leads to
/// the canonical page. An ending counts only when what precedes it is an
/// article id, so an id that happens to end in `.json` is still found.
async fn article_faces(
    State(state): State<AppState>,
    origin: Origin,
    Path(id): Path<String>,
) -> axum::response::Response {
    use axum::response::IntoResponse;
    let archive = state.archive();
    let face = [".csl.json", ".json", ".bib", ".ris"]
        .into_iter()
        .find_map(|ending| {
            let stem = id.strip_suffix(ending)?;
            archive
                .position(stem)
                .is_some()
                .then(|| (ending, stem.to_string()))
        });
    drop(archive);
    match face {
        Some((".csl.json", stem)) => cite::csl_json(State(state), origin, Path(stem))
            .await
            .into_response(),
        Some((".json", stem)) => api::article(State(state), origin, Path(stem))
            .await
            .into_response(),
        Some((".bib", stem)) => cite::bibtex(State(state), origin, Path(stem))
            .await
            .into_response(),
        Some((_, stem)) => cite::ris(State(state), origin, Path(stem))
            .await
            .into_response(),
        None => pages::article_short(State(state), Path(id))
            .await
            .into_response(),
    }
}

/// The headers every answer carries, the app's own and the few that hyper
/// writes before the app sees a request (`serve` adds them to those).
pub const SECURITY_HEADERS: [(&str, &str); 5] = [
    ("referrer-policy", "strict-origin-when-cross-origin"),
    ("x-content-type-options", "nosniff"),
    ("content-security-policy", CONTENT_SECURITY_POLICY),
    ("cross-origin-opener-policy", "same-origin"),
    ("permissions-policy", PERMISSIONS_POLICY),
];

/// Sets [`SECURITY_HEADERS`], overriding whatever a handler set.
async fn security_headers<B>(mut res: axum::http::Response<B>) -> axum::http::Response<B> {
    let headers = res.headers_mut();
    for (name, value) in SECURITY_HEADERS {
        headers.insert(
            HeaderName::from_static(name),
            HeaderValue::from_static(value),
        );
    }
    res
}
