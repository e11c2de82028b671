//! Static assets, embedded in the binary so a moved or installed binary
//! still serves them. Each is served under a fingerprinted name so it can be
//! cached for a year; the plain name stays valid for hand-typed URLs.

use std::sync::LazyLock;

use axum::extract::Path;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use sha2::{Digest, Sha256};

use super::error::AppError;

struct Asset {
    name: &'static str,
    mime: &'static str,
    body: &'static [u8],
}

const ASSETS: &[Asset] = &[
    Asset {
        name: "style.css",
        mime: "text/css; charset=utf-8",
        body: include_bytes!("../../static/style.css"),
    },
    Asset {
        name: "app.js",
        mime: "text/javascript; charset=utf-8",
        body: include_bytes!("../../static/app.js"),
    },
    Asset {
        name: "favicon.svg",
        mime: "image/svg+xml",
        body: include_bytes!("../../static/favicon.svg"),
    },
];

/// Cache lifetime for fingerprinted assets.
const IMMUTABLE: &str = "public, max-age=31536000, immutable";
/// Unfingerprinted names must be revalidated.
const REVALIDATE: &str = "public, max-age=0, must-revalidate";

/// Content hash per asset, computed once.
static HASHES: LazyLock<Vec<String>> = LazyLock::new(|| {
    ASSETS
        .iter()
        .map(|a| {
            let digest = Sha256::digest(a.body);
            digest.iter().take(6).map(|b| format!("{b:02x}")).collect()
        })
        .collect()
});

/// The fingerprinted URL of an asset, for templates.
pub fn url(name: &str) -> String {
    match ASSETS.iter().position(|a| a.name == name) {
        Some(i) => {
            let (stem, ext) = name.rsplit_once('.').unwrap_or((name, ""));
            super::urls::static_file(&format!("{stem}.{}.{ext}", HASHES[i]))
        }
        None => super::urls::static_file(name),
    }
}

pub async fn serve(Path(file): Path<String>, headers: HeaderMap) -> Result<Response, AppError> {
    let (index, fingerprinted) =
        lookup(&file).ok_or_else(|| AppError::NotFound(format!("file “{file}”")))?;
    let asset = &ASSETS[index];
    let etag = format!("\"{}\"", HASHES[index]);
    let cache = if fingerprinted { IMMUTABLE } else { REVALIDATE };
    let mut response = if headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.split(',').any(|t| t.trim() == etag))
    {
        StatusCode::NOT_MODIFIED.into_response()
    } else {
        ([(header::CONTENT_TYPE, asset.mime)], asset.body).into_response()
    };
    let h = response.headers_mut();
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
    if let Ok(v) = HeaderValue::from_str(&etag) {
        h.insert(header::ETAG, v);
    }
    Ok(response)
}

/// `style.css` or `style.<hash>.css`.
fn lookup(file: &str) -> Option<(usize, bool)> {
    if let Some(i) = ASSETS.iter().position(|a| a.name == file) {
        return Some((i, false));
    }
    let (stem, ext) = file.rsplit_once('.')?;
    let (name, hash) = stem.rsplit_once('.')?;
    let i = ASSETS
        .iter()
        .position(|a| a.name == format!("{name}.{ext}"))?;
    (HASHES[i] == hash).then_some((i, true))
}
