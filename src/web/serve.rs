//! Serving the router on a socket, with limits per connection (issue #14
//! items 2 and 3): at most `max_connections` at once (beyond that the
//! listener stops accepting and the kernel queues), a connection that does
//! not finish sending a request's headers within `header_timeout` of
//! starting it (or of opening) is closed, an idle keep-alive connection is
//! closed after `keep_alive_timeout`, and after a shutdown signal requests
//! in flight get `shutdown_grace`, then whatever is left is dropped.
//!
//! `axum::serve` has none of these settings, so this is its loop written
//! out with hyper's HTTP/1 connection, plus a watchdog per connection that
//! knows, from the socket and the service, whether it is idle, receiving
//! headers or busy with a request (a busy one whose client stops reading
//! is closed after [`STALL_TIMEOUT`] without progress).

use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::{AtomicU8, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

use axum::Router;
use axum::body::Body;
use axum::extract::Request;
use hyper_util::rt::TokioIo;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{Semaphore, watch};
use tokio::task::JoinSet;
use tower::Service;

use super::middleware::GuardedBody;

/// Connection limits; [`ServeOptions::default`] is what `demarche serve`
/// uses unless told otherwise.
#[derive(Debug, Clone, Copy)]
pub struct ServeOptions {
    pub max_connections: usize,
    pub header_timeout: Duration,
    pub keep_alive_timeout: Duration,
    pub shutdown_grace: Duration,
}

/// Below the usual 1,024 open files per process, leaving room for the
/// index and the data folder.
pub const MAX_CONNECTIONS: usize = 512;
/// Browsers send a request's headers in one packet; 10 s is for bad links.
pub const HEADER_TIMEOUT: Duration = Duration::from_secs(10);
/// Long enough for a reader clicking through results on one connection.
pub const KEEP_ALIVE_TIMEOUT: Duration = Duration::from_secs(15);
/// What requests in flight get after SIGTERM; above the request timeout,
/// so that any request that can finish does.
pub const SHUTDOWN_GRACE: Duration = Duration::from_secs(12);
/// A response that makes no progress (nothing written) for this long is
/// abandoned: its client stopped reading. Above the request timeout, which
/// bounds the silence before a response starts.
pub const STALL_TIMEOUT: Duration = Duration::from_secs(30);

impl Default for ServeOptions {
    fn default() -> ServeOptions {
        ServeOptions {
            max_connections: MAX_CONNECTIONS,
            header_timeout: HEADER_TIMEOUT,
            keep_alive_timeout: KEEP_ALIVE_TIMEOUT,
            shutdown_grace: SHUTDOWN_GRACE,
        }
    }
}

/// How serving ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ended {
    /// Every connection finished within the grace period.
    Drained,
    /// This many connections were still open at the deadline and dropped.
    Deadline(usize),
}

/// Serve `app` on `listener` until `shutdown` resolves, then give open
/// connections `options.shutdown_grace` to finish.
pub async fn serve(
    listener: TcpListener,
    app: Router,
    options: ServeOptions,
    shutdown: impl Future<Output = ()>,
) -> Ended {
    let slots = Arc::new(Semaphore::new(options.max_connections.max(1)));
    let (stop_tx, stop_rx) = watch::channel(false);
    let mut connections = JoinSet::new();
    tokio::pin!(shutdown);
    loop {
        while connections.try_join_next().is_some() {}
        // `biased`: the signal is looked at first, every time, rather than
        // left unpolled while connections keep coming.
        let permit = tokio::select! {
            biased;
            () = &mut shutdown => break,
            permit = slots.clone().acquire_owned() => permit.expect("never closed"),
        };
        let stream = tokio::select! {
            biased;
            () = &mut shutdown => break,
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => stream,
                Err(e) => {
                    // Out of file descriptors, most often: do not spin.
                    tracing::warn!(error = %e, "accepting a connection");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
        };
        let (app, stop) = (app.clone(), stop_rx.clone());
        connections.spawn(async move {
            serve_connection(stream, app, options, stop).await;
            drop(permit);
        });
    }
    drop(listener);
    let _ = stop_tx.send(true);
    let drained = tokio::time::timeout(options.shutdown_grace, async {
        while connections.join_next().await.is_some() {}
    })
    .await;
    match drained {
        Ok(()) => Ended::Drained,
        Err(_) => {
            let open = connections.len();
            connections.abort_all();
            Ended::Deadline(open)
        }
    }
}

/// What a connection is doing, for its watchdog.
const HEADERS: u8 = 0;
const BUSY: u8 = 1;
const IDLE: u8 = 2;

#[derive(Debug)]
struct Watch {
    phase: AtomicU8,
    /// Requests whose response body is not done yet.
    in_flight: AtomicUsize,
    /// When the current phase began.
    since: Mutex<Instant>,
}

impl Watch {
    fn set(&self, phase: u8) {
        self.phase.store(phase, Ordering::Release);
        if let Ok(mut since) = self.since.lock() {
            *since = Instant::now();
        }
    }

    /// Bytes arrived: an idle connection is now sending a request.
    fn read_some(&self) {
        if self
            .phase
            .compare_exchange(IDLE, HEADERS, Ordering::AcqRel, Ordering::Acquire)
            .is_ok()
            && let Ok(mut since) = self.since.lock()
        {
            *since = Instant::now();
        }
    }

    fn begin(&self) {
        self.in_flight.fetch_add(1, Ordering::AcqRel);
        self.set(BUSY);
    }

    fn end(&self) {
        if self.in_flight.fetch_sub(1, Ordering::AcqRel) == 1 {
            self.set(IDLE);
        }
    }

    /// When the connection must be closed if nothing changes; `None` when
    /// the clock cannot be read.
    fn deadline(&self, options: &ServeOptions) -> Option<Instant> {
        let since = *self.since.lock().ok()?;
        match self.phase.load(Ordering::Acquire) {
            HEADERS => Some(since + options.header_timeout),
            IDLE => Some(since + options.keep_alive_timeout),
            _ => Some(since + STALL_TIMEOUT),
        }
    }

    /// Bytes were written: a busy connection is making progress.
    fn wrote_some(&self) {
        if self.phase.load(Ordering::Acquire) == BUSY
            && let Ok(mut since) = self.since.lock()
        {
            *since = Instant::now();
        }
    }
}

/// Resolves when the connection has overstayed its phase. It sleeps until
/// the deadline and looks again, since the phase may have moved it.
async fn watchdog(watch: &Watch, options: &ServeOptions) {
    const RETRY: Duration = Duration::from_millis(250);
    loop {
        match watch.deadline(options) {
            Some(at) if Instant::now() >= at => return,
            Some(at) => tokio::time::sleep_until(at.into()).await,
            None => tokio::time::sleep(RETRY).await,
        }
    }
}

async fn serve_connection(
    stream: TcpStream,
    app: Router,
    options: ServeOptions,
    mut stop: watch::Receiver<bool>,
) {
    let watch = Arc::new(Watch {
        phase: AtomicU8::new(HEADERS),
        in_flight: AtomicUsize::new(0),
        since: Mutex::new(Instant::now()),
    });
    let io = TokioIo::new(Watched {
        inner: stream,
        watch: watch.clone(),
        replacement: None,
    });
    let service = {
        let watch = watch.clone();
        hyper::service::service_fn(move |req: Request<hyper::body::Incoming>| {
            watch.begin();
            let guard = EndGuard(Some(watch.clone()));
            let mut app = app.clone();
            async move {
                let response = app.call(req.map(Body::new)).await?;
                Ok::<_, std::convert::Infallible>(response.map(|body| {
                    Body::new(GuardedBody {
                        inner: body,
                        _guard: guard,
                    })
                }))
            }
        })
    };
    let mut builder = hyper::server::conn::http1::Builder::new();
    // The watchdog times headers (hyper's own timer would also close idle
    // keep-alive connections at the header timeout).
    builder.header_read_timeout(None);
    let conn = builder.serve_connection(io, service);
    tokio::pin!(conn);
    let mut stopping = *stop.borrow();
    if stopping {
        conn.as_mut().graceful_shutdown();
    }
    loop {
        tokio::select! {
            result = conn.as_mut() => {
                if let Err(e) = result {
                    tracing::debug!(error = %e, "connection ended with an error");
                }
                return;
            }
            () = watchdog(&watch, &options) => {
                tracing::debug!("connection timed out: closed");
                return;
            }
            changed = stop.changed(), if !stopping => {
                if changed.is_err() || *stop.borrow() {
                    stopping = true;
                    conn.as_mut().graceful_shutdown();
                }
            }
        }
    }
}

/// Ends its request's "busy" phase when the response body is done or
/// dropped (also when the handler future itself is dropped).
struct EndGuard(Option<Arc<Watch>>);

impl Drop for EndGuard {
    fn drop(&mut self) {
        if let Some(w) = self.0.take() {
            w.end();
        }
    }
}

/// The socket, telling the watchdog when bytes arrive, and dressing the
/// few answers hyper writes itself (a request it cannot parse, too many
/// header fields) as the app's own: with the security headers, a
/// `Cache-Control` and a sentence saying what was wrong.
struct Watched {
    inner: TcpStream,
    watch: Arc<Watch>,
    /// The dressed answer while it is being written; once set, whatever
    /// else hyper writes for that answer is swallowed (it closes next).
    replacement: Option<Replacement>,
}

struct Replacement {
    bytes: Vec<u8>,
    written: usize,
}

/// hyper's own error answer: a bare head with `content-length: 0` and
/// `connection: close`, written while no request is in the app. The app's
/// own error answers always have a body and a content type.
fn hyper_error_status(watch: &Watch, buf: &[u8]) -> Option<u16> {
    if watch.in_flight.load(Ordering::Acquire) != 0 || !buf.ends_with(b"\r\n\r\n") {
        return None;
    }
    let head = std::str::from_utf8(buf).ok()?.to_ascii_lowercase();
    let status = head
        .strip_prefix("http/1.1 ")?
        .get(..3)?
        .parse::<u16>()
        .ok()?;
    let bare = head.contains("\r\ncontent-length: 0\r\n")
        && head.contains("\r\nconnection: close\r\n")
        && !head.contains("\r\ncontent-type:");
    ((400..500).contains(&status) && bare).then_some(status)
}

/// The answer written in place of hyper's own for `status`.
fn dressed(status: u16, hyper_head: &[u8]) -> Vec<u8> {
    let reason = std::str::from_utf8(hyper_head)
        .ok()
        .and_then(|h| h.lines().next())
        .and_then(|line| line.get(13..))
        .unwrap_or("Error");
    let date = std::str::from_utf8(hyper_head).ok().and_then(|h| {
        h.lines()
            .find(|l| l.to_ascii_lowercase().starts_with("date:"))
    });
    let body = match status {
        431 => "The request has too many header fields for the archive to read.\n",
        _ => "The request could not be read as HTTP/1.1.\n",
    };
    let mut out = format!(
        "HTTP/1.1 {status} {reason}\r\nconnection: close\r\n\
         content-type: text/plain; charset=utf-8\r\ncache-control: no-store\r\n"
    );
    for (name, value) in super::SECURITY_HEADERS {
        out.push_str(&format!("{name}: {value}\r\n"));
    }
    if let Some(date) = date {
        out.push_str(date);
        out.push_str("\r\n");
    }
    out.push_str(&format!("content-length: {}\r\n\r\n{body}", body.len()));
    out.into_bytes()
}

impl Watched {
    /// Writes what is left of the replacement; `Ready(Ok(()))` when done
    /// (or when there is none).
    fn drain(&mut self, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        let Some(r) = self.replacement.as_mut() else {
            return Poll::Ready(Ok(()));
        };
        while r.written < r.bytes.len() {
            match Pin::new(&mut self.inner).poll_write(cx, &r.bytes[r.written..]) {
                Poll::Ready(Ok(0)) => {
                    return Poll::Ready(Err(std::io::ErrorKind::WriteZero.into()));
                }
                Poll::Ready(Ok(n)) => r.written += n,
                Poll::Ready(Err(e)) => return Poll::Ready(Err(e)),
                Poll::Pending => return Poll::Pending,
            }
        }
        Poll::Ready(Ok(()))
    }

    /// Takes `buf` as written if it is (or follows) hyper's own answer.
    fn intercept(
        &mut self,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Option<Poll<std::io::Result<usize>>> {
        if self.replacement.is_none() {
            let status = hyper_error_status(&self.watch, buf)?;
            self.replacement = Some(Replacement {
                bytes: dressed(status, buf),
                written: 0,
            });
        }
        Some(match self.drain(cx) {
            Poll::Ready(Err(e)) => Poll::Ready(Err(e)),
            // Accepted: the rest goes out on the next write or flush.
            _ => Poll::Ready(Ok(buf.len())),
        })
    }
}

impl AsyncRead for Watched {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<std::io::Result<()>> {
        let before = buf.filled().len();
        let polled = Pin::new(&mut self.inner).poll_read(cx, buf);
        if buf.filled().len() > before {
            self.watch.read_some();
        }
        polled
    }
}

impl AsyncWrite for Watched {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<std::io::Result<usize>> {
        if let Some(polled) = self.intercept(cx, buf) {
            return polled;
        }
        let polled = Pin::new(&mut self.inner).poll_write(cx, buf);
        if matches!(polled, Poll::Ready(Ok(n)) if n > 0) {
            self.watch.wrote_some();
        }
        polled
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        std::task::ready!(self.drain(cx))?;
        Pin::new(&mut self.inner).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        std::task::ready!(self.drain(cx))?;
        Pin::new(&mut self.inner).poll_shutdown(cx)
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[std::io::IoSlice<'_>],
    ) -> Poll<std::io::Result<usize>> {
        // hyper's own answer is one bare head, so one slice.
        if let [only] = bufs
            && let Some(polled) = self.intercept(cx, only)
        {
            return polled;
        }
        if self.replacement.is_some() {
            return Poll::Ready(Ok(bufs.iter().map(|b| b.len()).sum()));
        }
        let polled = Pin::new(&mut self.inner).poll_write_vectored(cx, bufs);
        if matches!(polled, Poll::Ready(Ok(n)) if n > 0) {
            self.watch.wrote_some();
        }
        polled
    }

    fn is_write_vectored(&self) -> bool {
        self.inner.is_write_vectored()
    }
}
