//! The origin (`scheme://host[:port]`) that absolute URLs are built on:
//! feeds, sitemaps, OpenSearch, citations and Open Graph all need them.
//!
//! It is never taken from the request: a forged `Host` would otherwise go
//! into feeds and sitemaps that a shared cache then serves to everyone
//! (issue #14 item 7). It is the configured public URL, else the address
//! the server was started on, else `http://localhost`.

use std::convert::Infallible;
use std::net::SocketAddr;

use axum::extract::FromRequestParts;
use axum::http::request::Parts;

use super::AppState;

/// Origin used when neither a public URL nor a listening address is known
/// (a router built by a test).
pub const FALLBACK_ORIGIN: &str = "http://localhost";

/// `http://127.0.0.1:3000` or the configured public URL, without a
/// trailing slash.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Origin(pub String);

impl Origin {
    /// The absolute form of a site path such as `/articles/x/y`.
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.0)
    }

    /// The origin of a server listening on `addr`. A wildcard address
    /// (`0.0.0.0`, `::`) names no host a client could use, so it becomes
    /// `localhost`; behind a proxy or on a network, `--public-url` says
    /// what clients see.
    pub fn of_listener(addr: SocketAddr) -> Origin {
        if addr.ip().is_unspecified() {
            Origin(format!("http://localhost:{}", addr.port()))
        } else {
            Origin(format!("http://{addr}"))
        }
    }
}

impl FromRequestParts<AppState> for Origin {
    type Rejection = Infallible;

    async fn from_request_parts(
        _parts: &mut Parts,
        state: &AppState,
    ) -> Result<Origin, Infallible> {
        Ok(Origin(state.origin().to_string()))
    }
}

#[cfg(test)]
mod tests {
    use super::Origin;

    #[test]
    fn listeners_give_usable_origins() {
        let o = |a: &str| Origin::of_listener(a.parse().unwrap()).0;
        assert_eq!(o("127.0.0.1:3000"), "http://127.0.0.1:3000");
        assert_eq!(o("[::1]:8080"), "http://[::1]:8080");
        assert_eq!(o("0.0.0.0:3000"), "http://localhost:3000");
    }
}
