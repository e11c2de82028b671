//! Middleware that bounds what one request may cost (size, concurrency)
//! and makes pages cheap to revalidate (ETag, 304).

use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::task::{Context, Poll};

use axum::body::{Body, Bytes};
use axum::extract::Request;
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use http_body::{Body as _, Frame, SizeHint};
use sha2::{Digest, Sha256};

use super::{Limits, RETRY_AFTER_SECS};

/// Largest response body hashed for an ETag; larger ones go without.
/// An article page embeds its original (up to 5 MiB) twice at most.
pub const ETAG_MAX_BODY_BYTES: usize = 16 * 1024 * 1024;

/// Bodies up to this size are hashed on the async worker (microseconds);
/// larger ones on a blocking thread.
const ETAG_INLINE_BYTES: usize = 256 * 1024;

/// Pages change when the archive is rebuilt, so they are revalidated on
/// every use; the ETag makes that a cheap 304.
pub const PAGE_CACHE_CONTROL: &str = "no-cache";

/// Requests in flight, shared by every clone of the router.
#[derive(Debug, Clone)]
pub struct InFlight {
    count: Arc<AtomicUsize>,
    max: usize,
}

impl InFlight {
    pub fn new(max: usize) -> InFlight {
        InFlight {
            count: Arc::new(AtomicUsize::new(0)),
            max,
        }
    }

    /// A slot, or `None` when all are taken: never waits.
    fn try_acquire(&self) -> Option<Permit> {
        let taken = self
            .count
            .fetch_update(Ordering::AcqRel, Ordering::Acquire, |n| {
                (n < self.max).then_some(n + 1)
            });
        taken.ok().map(|_| Permit(self.count.clone()))
    }
}

/// Gives its slot back when dropped.
#[derive(Debug)]
struct Permit(Arc<AtomicUsize>);

impl Drop for Permit {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::AcqRel);
    }
}

/// Turn a request away with 503 and `Retry-After` when too many are in
/// flight, instead of queueing it. The slot is held until the response body
/// has been sent, so slow readers of large pages count too.
pub async fn limit_concurrency(in_flight: InFlight, req: Request, next: Next) -> Response {
    let Some(permit) = in_flight.try_acquire() else {
        tracing::warn!(max = in_flight.max, "overloaded: request refused");
        return (
            StatusCode::SERVICE_UNAVAILABLE,
            [
                (header::RETRY_AFTER, RETRY_AFTER_SECS.to_string()),
                (
                    header::CONTENT_TYPE,
                    "text/plain; charset=utf-8".to_string(),
                ),
                (header::CACHE_CONTROL, "no-store".to_string()),
            ],
            "The archive is busy. Please try again in a moment.\n",
        )
            .into_response();
    };
    let response = next.run(req).await;
    let (parts, body) = response.into_parts();
    Response::from_parts(
        parts,
        Body::new(GuardedBody {
            inner: body,
            _guard: permit,
        }),
    )
}

/// A body that holds a guard until it is done or dropped: a concurrency
/// slot here, a connection's in-flight count in `serve`.
pub(crate) struct GuardedBody<G> {
    pub(crate) inner: Body,
    pub(crate) _guard: G,
}

impl<G: Send + Unpin> http_body::Body for GuardedBody<G> {
    type Data = Bytes;
    type Error = axum::Error;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, axum::Error>>> {
        Pin::new(&mut self.inner).poll_frame(cx)
    }

    fn is_end_stream(&self) -> bool {
        self.inner.is_end_stream()
    }

    fn size_hint(&self) -> SizeHint {
        self.inner.size_hint()
    }
}

/// 414 for an overlong URL, 431 for oversized headers: both are refused
/// before any work is done.
pub async fn limit_size(limits: Limits, req: Request, next: Next) -> Response {
    let uri_bytes = req.uri().path_and_query().map_or(0, |pq| pq.as_str().len());
    if uri_bytes > limits.max_uri_bytes {
        return refuse(
            StatusCode::URI_TOO_LONG,
            &format!(
                "This address is {uri_bytes} bytes long; the archive accepts up to {}. \
                 Shorten the search.\n",
                limits.max_uri_bytes
            ),
        );
    }
    let header_bytes: usize = req
        .headers()
        .iter()
        .map(|(k, v)| k.as_str().len() + v.len() + 4)
        .sum();
    if header_bytes > limits.max_header_bytes {
        return refuse(
            StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE,
            &format!(
                "The request headers are {header_bytes} bytes; the archive accepts up to {}.\n",
                limits.max_header_bytes
            ),
        );
    }
    next.run(req).await
}

fn refuse(status: StatusCode, message: &str) -> Response {
    (
        status,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        message.to_string(),
    )
        .into_response()
}

/// Give successful GET responses without their own validator a weak ETag
/// computed from the body, and `Cache-Control: no-cache`; answer 304 when
/// the client already holds that body. Weak, because the compression layer
/// outside this one may send the same content in several encodings.
pub async fn etag(req: Request, next: Next) -> Response {
    if !matches!(*req.method(), Method::GET | Method::HEAD) {
        return next.run(req).await;
    }
    let if_none_match = req.headers().get(header::IF_NONE_MATCH).cloned();
    let response = next.run(req).await;
    if response.status() != StatusCode::OK || response.headers().contains_key(header::ETAG) {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let small = body
        .size_hint()
        .exact()
        .and_then(|n| usize::try_from(n).ok())
        .is_some_and(|n| n <= ETAG_MAX_BODY_BYTES);
    if !small {
        return Response::from_parts(parts, body);
    }
    let bytes = match axum::body::to_bytes(body, ETAG_MAX_BODY_BYTES).await {
        Ok(b) => b,
        Err(e) => {
            tracing::error!(error = %e, "reading a response body for its ETag");
            return StatusCode::INTERNAL_SERVER_ERROR.into_response();
        }
    };
    // Hashing an article page of megabytes takes milliseconds: not on an
    // async worker.
    let (tag, bytes) = if bytes.len() <= ETAG_INLINE_BYTES {
        (weak_etag(&bytes), bytes)
    } else {
        match tokio::task::spawn_blocking(move || (weak_etag(&bytes), bytes)).await {
            Ok(done) => done,
            Err(e) => {
                tracing::error!(error = %e, "hashing a response body for its ETag");
                return StatusCode::INTERNAL_SERVER_ERROR.into_response();
            }
        }
    };
    let Ok(tag_value) = HeaderValue::from_str(&tag) else {
        return Response::from_parts(parts, Body::from(bytes));
    };
    parts
        .headers
        .entry(header::CACHE_CONTROL)
        .or_insert(HeaderValue::from_static(PAGE_CACHE_CONTROL));
    parts.headers.insert(header::ETAG, tag_value);
    if if_none_match
        .as_ref()
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| matches_etag(v, &tag))
    {
        let mut not_modified = StatusCode::NOT_MODIFIED.into_response();
        for name in [header::ETAG, header::CACHE_CONTROL, header::VARY] {
            if let Some(v) = parts.headers.get(&name) {
                not_modified.headers_mut().insert(name, v.clone());
            }
        }
        return not_modified;
    }
    Response::from_parts(parts, Body::from(bytes))
}

/// `W/"<first 16 hex digits of the body's SHA-256>"`.
fn weak_etag(body: &[u8]) -> String {
    let digest = Sha256::digest(body);
    let hex: String = digest.iter().take(8).map(|b| format!("{b:02x}")).collect();
    format!("W/\"{hex}\"")
}

/// Weak comparison (RFC 9110 §13.1.2): `W/` is ignored on both sides.
fn matches_etag(if_none_match: &str, tag: &str) -> bool {
    let bare = |t: &str| t.trim().trim_start_matches("W/").to_string();
    let tag = bare(tag);
    if_none_match
        .split(',')
        .any(|t| t.trim() == "*" || bare(t) == tag)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn etags_compare_weakly() {
        let tag = weak_etag(b"hello");
        assert!(tag.starts_with("W/\"") && tag.ends_with('"'));
        assert!(matches_etag(&tag, &tag));
        assert!(matches_etag(tag.trim_start_matches("W/"), &tag));
        assert!(matches_etag(&format!("\"other\", {tag}"), &tag));
        assert!(matches_etag("*", &tag));
        assert!(!matches_etag("\"other\"", &tag));
        assert_ne!(weak_etag(b"hello"), weak_etag(b"hello!"));
    }

    #[test]
    fn slots_are_given_back() {
        let f = InFlight::new(1);
        let p = f.try_acquire();
        assert!(p.is_some());
        assert!(f.try_acquire().is_none());
        drop(p);
        assert!(f.try_acquire().is_some());
    }
}
