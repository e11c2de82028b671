//! Shared helpers: archives built from real folders, requests through the
//! real router, HTML parsed with a real parser.

use std::path::{Path, PathBuf};
use std::sync::LazyLock;

use axum::Router;
use axum::body::Body;
use axum::http::{HeaderMap, Request, StatusCode};
use demarche::web::{AppState, app};
use demarche::{Archive, ArchiveOptions};
use http_body_util::BodyExt;
use tower::ServiceExt;

pub fn repo_path(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(rel)
}

/// The archive over the embedded `data/` folder, built once per test run.
pub static SEEDS: LazyLock<AppState> = LazyLock::new(|| {
    AppState::new(
        Archive::load(&ArchiveOptions::new(repo_path("data"))).expect("seed archive loads"),
    )
});

pub fn seed_app() -> Router {
    app(SEEDS.clone())
}

pub fn app_for(dir: &Path) -> Router {
    app(AppState::new(
        Archive::load(&ArchiveOptions::new(dir)).expect("archive loads"),
    ))
}

/// The app over `dir`, keeping its index in `index`.
pub fn app_with_index(dir: &Path, index: &Path) -> Router {
    let mut options = ArchiveOptions::new(dir);
    options.index_dir = Some(index.to_path_buf());
    app(AppState::new(
        Archive::load(&options).expect("archive loads"),
    ))
}

pub struct Reply {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: String,
}

impl Reply {
    pub fn html(&self) -> scraper::Html {
        scraper::Html::parse_document(&self.body)
    }

    pub fn location(&self) -> &str {
        self.headers
            .get("location")
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
    }

    /// Text of every element matching a CSS selector.
    pub fn texts(&self, selector: &str) -> Vec<String> {
        let sel = scraper::Selector::parse(selector).expect("valid selector");
        self.html()
            .select(&sel)
            .map(|e| e.text().collect::<String>().trim().to_string())
            .collect()
    }

    /// An attribute of every element matching a CSS selector.
    pub fn attrs(&self, selector: &str, attr: &str) -> Vec<String> {
        let sel = scraper::Selector::parse(selector).expect("valid selector");
        self.html()
            .select(&sel)
            .filter_map(|e| e.value().attr(attr).map(str::to_string))
            .collect()
    }
}

pub async fn get(app: &Router, uri: &str) -> Reply {
    let res = app
        .clone()
        .oneshot(Request::get(uri).body(Body::empty()).expect("request"))
        .await
        .expect("router answers");
    let status = res.status();
    let headers = res.headers().clone();
    let bytes = res.into_body().collect().await.expect("body").to_bytes();
    Reply {
        status,
        headers,
        body: String::from_utf8_lossy(&bytes).into_owned(),
    }
}

/// The path of every article page the sitemap lists.
pub async fn sitemap_articles(app: &Router) -> Vec<String> {
    let sitemap = get(app, "/sitemap.xml").await.body;
    sitemap
        .split("<loc>")
        .skip(1)
        .filter_map(|loc| {
            let url = loc.split("</loc>").next().unwrap_or("");
            url.find("/articles/").map(|i| url[i..].to_string())
        })
        .collect()
}

/// A temporary data folder holding copies of the seed articles.
pub fn seed_copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    let articles = dir.path().join("articles");
    std::fs::create_dir_all(&articles).expect("mkdir");
    for entry in std::fs::read_dir(repo_path("data/articles")).expect("seeds") {
        let entry = entry.expect("entry");
        std::fs::copy(entry.path(), articles.join(entry.file_name())).expect("copy");
    }
    dir
}

pub const TASS: &str = "004_3812e584f880eeef";
