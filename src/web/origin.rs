//! The origin (`scheme://host[:port]`) that absolute URLs are built on:
//! feeds, sitemaps, OpenSearch, citations and Open Graph all need them.

use std::convert::Infallible;

use axum::extract::FromRequestParts;
use axum::http::header;
use axum::http::request::Parts;

use super::AppState;

/// Host used when a request names none (HTTP/1.0, tests without `Host`).
pub const FALLBACK_HOST: &str = "localhost";

/// Longest `Host` header trusted as a host name.
const MAX_HOST_BYTES: usize = 255;

/// `http://localhost:3000` or the configured public URL, without a
/// trailing slash.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Origin(pub String);

impl Origin {
    /// The absolute form of a site path such as `/articles/x/y`.
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.0)
    }
}

impl FromRequestParts<AppState> for Origin {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Origin, Infallible> {
        if let Some(url) = state.public_url() {
            return Ok(Origin(url.to_string()));
        }
        let host = parts
            .headers
            .get(header::HOST)
            .and_then(|v| v.to_str().ok())
            .or_else(|| parts.uri.authority().map(|a| a.as_str()))
            .filter(|h| plausible_host(h))
            .unwrap_or(FALLBACK_HOST);
        Ok(Origin(format!("http://{}", host.to_ascii_lowercase())))
    }
}

/// A host name or address with an optional port, and nothing that could
/// smuggle markup or a path into the URLs built on it.
fn plausible_host(h: &str) -> bool {
    !h.is_empty()
        && h.len() <= MAX_HOST_BYTES
        && h.bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b':' | b'[' | b']'))
}

#[cfg(test)]
mod tests {
    use super::plausible_host;

    #[test]
    fn hosts_with_markup_or_paths_are_not_trusted() {
        assert!(plausible_host("archive.example.org:8080"));
        assert!(plausible_host("[::1]:3000"));
        assert!(!plausible_host("evil.example/<script>"));
        assert!(!plausible_host("a b"));
        assert!(!plausible_host(""));
    }
}
