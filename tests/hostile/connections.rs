//! Issue #14 item 2: connection limits. With the real binary on a free
//! port and small settings: idle and half-sent connections do not stop a
//! normal request, not even when they fill every connection slot, and
//! they are closed after their timeout; a request body over the limit is
//! refused.

use std::io::{ErrorKind, Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

use axum::body::Body;
use axum::http::{Request, StatusCode};
use demarche::web::{Limits, app_with};
use tower::ServiceExt;

use super::shutdown::Server;
use crate::support::*;

const MAX_CONNECTIONS: usize = 8;

/// Whether the server has closed `s`: a read ends (EOF or reset) rather
/// than waiting for the full `wait`.
fn closed_within(s: &mut TcpStream, wait: Duration) -> bool {
    s.set_read_timeout(Some(wait)).unwrap();
    let mut buf = [0u8; 256];
    loop {
        match s.read(&mut buf) {
            Ok(0) => return true,
            Ok(_) => continue, // a response to what was sent; read on
            Err(e) if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) => {
                return false;
            }
            Err(_) => return true, // reset
        }
    }
}

fn get_ok(server: &Server) -> bool {
    server
        .fetch("/healthz")
        .is_ok_and(|r| r.starts_with(b"HTTP/1.1 200"))
}

#[test]
fn idle_connections_do_not_stop_a_request_and_are_closed_after_the_timeout() {
    let dir = seed_copy();
    let server = Server::start_with(
        dir.path(),
        &[
            "--max-connections",
            &MAX_CONNECTIONS.to_string(),
            "--header-timeout",
            "1",
            "--keep-alive-timeout",
            "1.5",
        ],
    );
    let connect = || TcpStream::connect(&server.addr).unwrap();
    // Silent, half-sent, and kept alive after one request.
    let mut idle: Vec<TcpStream> = (0..3).map(|_| connect()).collect();
    for _ in 0..2 {
        let mut s = connect();
        s.write_all(b"GET / HTTP/1.1\r\nHost: x\r\nX-A: ").unwrap();
        idle.push(s);
    }
    let mut kept = connect();
    kept.write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
        .unwrap();
    let mut head = [0u8; 12];
    kept.read_exact(&mut head).unwrap();
    assert_eq!(&head, b"HTTP/1.1 200");
    idle.push(kept);
    assert!(idle.len() < MAX_CONNECTIONS);
    assert!(get_ok(&server), "a request beside idle connections");
    for (i, s) in idle.iter_mut().enumerate() {
        assert!(
            closed_within(s, Duration::from_secs(10)),
            "connection {i} still open"
        );
    }

    // Every slot taken by a silent client: a request waits for the header
    // timeout to free one, and is then answered.
    let _full: Vec<TcpStream> = (0..MAX_CONNECTIONS).map(|_| connect()).collect();
    std::thread::sleep(Duration::from_millis(200));
    let start = Instant::now();
    assert!(get_ok(&server), "a request with every slot idle");
    assert!(
        start.elapsed() < Duration::from_secs(10),
        "{:?}",
        start.elapsed()
    );
}

#[tokio::test]
async fn a_request_body_over_the_limit_is_refused() {
    let app = app_with(
        SEEDS.clone(),
        Limits {
            max_body_bytes: 64,
            ..Limits::default()
        },
    );
    let req = Request::post("/")
        .header("content-length", "1000")
        .body(Body::from(vec![b'x'; 1000]))
        .unwrap();
    let res = app.clone().oneshot(req).await.unwrap();
    assert_eq!(res.status(), StatusCode::PAYLOAD_TOO_LARGE);
    let small = Request::get("/healthz").body(Body::from("x")).unwrap();
    assert_eq!(app.oneshot(small).await.unwrap().status(), StatusCode::OK);
}

/// Everything the server answers on `raw`, read until it closes.
fn exchange(server: &Server, raw: &[u8]) -> String {
    let mut s = TcpStream::connect(&server.addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    s.write_all(raw).unwrap();
    let mut out = Vec::new();
    let _ = s.read_to_end(&mut out);
    String::from_utf8_lossy(&out).into_owned()
}

/// Issue #14 ("Also"): the 400 and 431 hyper writes before the app sees a
/// request carry the app's security headers, a `Cache-Control` and a
/// sentence, like every other answer; the app's own 431 keeps its text.
#[test]
fn answers_hyper_writes_itself_carry_the_security_headers() {
    let dir = seed_copy();
    let server = Server::start(dir.path());
    let many: String = (0..200).map(|i| format!("X-{i}: y\r\n")).collect();
    let huge = format!(
        "GET / HTTP/1.1\r\nHost: x\r\nX-Big: {}\r\n\r\n",
        "a".repeat(40_000)
    );
    let cases = [
        ("400", "GARBAGE\r\n\r\n".to_string(), "could not be read"),
        (
            "431",
            format!("GET / HTTP/1.1\r\nHost: x\r\n{many}\r\n"),
            "too many header fields",
        ),
        // The app's own answer, left as it is.
        ("431", huge, "the archive accepts up to"),
        // After a good answer on the same connection.
        (
            "400",
            "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\nGARBAGE\r\n\r\n".to_string(),
            "could not be read",
        ),
    ];
    for (status, raw, sentence) in cases {
        let reply = exchange(&server, raw.as_bytes());
        let last = reply.rfind("HTTP/1.1 ").map_or("", |at| &reply[at..]);
        assert!(last.starts_with(&format!("HTTP/1.1 {status}")), "{reply}");
        let (head, body) = last.split_once("\r\n\r\n").unwrap_or((last, ""));
        let head = head.to_ascii_lowercase();
        for name in [
            "content-security-policy:",
            "x-content-type-options: nosniff",
            "referrer-policy:",
            "permissions-policy:",
            "cross-origin-opener-policy:",
            "cache-control:",
            "content-type: text/plain",
        ] {
            assert!(head.contains(name), "{name} missing in {head}");
        }
        assert!(body.contains(sentence), "{body:?}");
        let length: usize = head
            .lines()
            .find_map(|l| l.strip_prefix("content-length: "))
            .and_then(|n| n.trim().parse().ok())
            .unwrap();
        assert_eq!(length, body.len(), "{last}");
    }
    assert!(get_ok(&server), "answering after the bad requests");
}
