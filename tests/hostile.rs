//! Issue #7, "Unbreakable": hostile files, hostile queries, injection
//! attempts and shutdown under load. Each submodule proves one item of the
//! issue; the helpers here are shared by them.

mod connections;
mod corpus;
mod cost;
mod injection;
mod queries;
pub mod shutdown;
mod swapped;

use axum::Router;
use axum::body::Body;
use axum::http::{HeaderMap, Request, StatusCode};
use http_body_util::BodyExt;
use tower::ServiceExt;

/// A response with its body as bytes, for comparing files byte for byte.
pub struct RawReply {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Vec<u8>,
}

impl RawReply {
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    pub fn content_type(&self) -> &str {
        self.headers
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
    }
}

/// GET through the real router. `None` when `uri` is not even a valid
/// request target (no client could send it, so there is nothing to test).
pub async fn get_raw(app: &Router, uri: &str) -> Option<RawReply> {
    let request = Request::get(uri).body(Body::empty()).ok()?;
    let res = app.clone().oneshot(request).await.expect("router answers");
    let status = res.status();
    let headers = res.headers().clone();
    let body = res
        .into_body()
        .collect()
        .await
        .expect("body")
        .to_bytes()
        .to_vec();
    Some(RawReply {
        status,
        headers,
        body,
    })
}

/// Percent-encode a value for a query string or a path segment.
pub fn enc(s: &str) -> String {
    form_urlencoded::byte_serialize(s.as_bytes()).collect()
}
