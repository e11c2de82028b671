//! Item 6: clean shutdown. The real binary is started on a free port;
//! SIGTERM arrives while a large response is still being written, and the
//! response still arrives whole before the process exits 0. Ctrl-C (SIGINT)
//! on an idle server exits 0 too. Signals are sent with `kill`, so the test
//! needs no `unsafe` and no extra crate.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use super::corpus::one_long_line;
use crate::support::*;

/// How long a debug build may take to load the data and start listening.
const START_BOUND: Duration = Duration::from_secs(120);
/// How long it may take to finish in-flight work and exit after a signal.
const EXIT_BOUND: Duration = Duration::from_secs(30);

/// Kills the server if a test fails half-way, so no process outlives it.
pub struct Server {
    pub child: Child,
    pub addr: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Server {
    pub fn start(data: &Path) -> Server {
        Server::start_with(data, &[])
    }

    /// The server over `data`, with extra `serve` arguments.
    pub fn start_with(data: &Path, args: &[&str]) -> Server {
        let mut all = vec![std::ffi::OsStr::new("--data"), data.as_os_str()];
        all.extend(args.iter().map(std::ffi::OsStr::new));
        Server::start_args(&all)
    }

    /// The server with exactly these arguments (then `--addr`).
    pub fn start_args(args: &[&std::ffi::OsStr]) -> Server {
        // Bind port 0 to find a free port, then hand it to the server.
        let port = TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let addr = format!("127.0.0.1:{port}");
        let child = Command::new(env!("CARGO_BIN_EXE_demarche"))
            .args(args)
            .args(["--addr", &addr])
            .env("RUST_LOG", "warn")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start demarche");
        let mut server = Server { child, addr };
        let start = Instant::now();
        loop {
            if let Ok(reply) = server.fetch("/healthz")
                && reply.starts_with(b"HTTP/1.1 200")
            {
                return server;
            }
            assert!(
                server.child.try_wait().unwrap().is_none(),
                "demarche exited during start-up"
            );
            assert!(start.elapsed() < START_BOUND, "demarche did not start");
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    pub fn send(&self, path: &str) -> std::io::Result<TcpStream> {
        let mut s = TcpStream::connect(&self.addr)?;
        s.set_read_timeout(Some(EXIT_BOUND))?;
        write!(
            s,
            "GET {path} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n",
            self.addr
        )?;
        Ok(s)
    }

    pub fn fetch(&self, path: &str) -> std::io::Result<Vec<u8>> {
        let mut out = Vec::new();
        self.send(path)?.read_to_end(&mut out)?;
        Ok(out)
    }

    pub fn signal(&self, name: &str) {
        let ok = Command::new("kill")
            .args([&format!("-{name}"), &self.child.id().to_string()])
            .status()
            .unwrap();
        assert!(ok.success(), "kill -{name}");
    }

    pub fn wait_for_exit(&mut self) -> std::process::ExitStatus {
        let start = Instant::now();
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status;
            }
            assert!(start.elapsed() < EXIT_BOUND, "demarche did not exit");
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

fn header<'a>(head: &'a str, name: &str) -> Option<&'a str> {
    head.lines().find_map(|l| {
        let (k, v) = l.split_once(':')?;
        k.eq_ignore_ascii_case(name).then(|| v.trim())
    })
}

#[test]
fn sigterm_lets_an_in_flight_response_finish_and_exits_0() {
    let dir = tempfile::tempdir().unwrap();
    // The page for this article is over 10 MB: far more than the loopback
    // socket buffers hold, so it is still being written when SIGTERM comes.
    std::fs::write(dir.path().join("big.txt"), one_long_line()).unwrap();
    std::fs::copy(
        repo_path(&format!("data/articles/{TASS}.txt")),
        dir.path().join(format!("{TASS}.txt")),
    )
    .unwrap();
    let mut server = Server::start(dir.path());
    let moved = String::from_utf8(server.fetch("/articles/big").unwrap()).unwrap();
    let page = header(&moved, "location").expect("redirect").to_string();

    let mut stream = server.send(&page).unwrap();
    let mut first = vec![0u8; 64 * 1024];
    stream.read_exact(&mut first).unwrap();
    server.signal("TERM");
    std::thread::sleep(Duration::from_millis(500));
    assert!(
        server.child.try_wait().unwrap().is_none(),
        "exited with a response half-sent"
    );
    let mut rest = Vec::new();
    stream.read_to_end(&mut rest).unwrap();
    first.extend_from_slice(&rest);

    let split = first.windows(4).position(|w| w == b"\r\n\r\n").unwrap();
    let head = String::from_utf8_lossy(&first[..split]).into_owned();
    let body = &first[split + 4..];
    assert!(head.starts_with("HTTP/1.1 200"), "{head}");
    let length: usize = header(&head, "content-length")
        .expect("content-length")
        .parse()
        .unwrap();
    assert_eq!(body.len(), length, "the response was cut");
    assert!(length > 10_000_000);
    assert!(
        String::from_utf8_lossy(body)
            .trim_end()
            .ends_with("</html>")
    );

    let status = server.wait_for_exit();
    assert_eq!(status.code(), Some(0), "{status:?}");
}

/// Issue #14 item 3: a client holding a half-sent request does not keep
/// the server from exiting: after the grace period it exits 0 anyway.
#[test]
fn sigterm_with_a_half_sent_request_exits_0_after_the_grace_period() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        repo_path(&format!("data/articles/{TASS}.txt")),
        dir.path().join(format!("{TASS}.txt")),
    )
    .unwrap();
    // A header timeout far beyond the grace period: only the grace period
    // can end this connection.
    let mut server = Server::start_with(
        dir.path(),
        &["--shutdown-grace", "1", "--header-timeout", "600"],
    );
    let mut half = TcpStream::connect(&server.addr).unwrap();
    half.write_all(b"GET / HTTP/1.1\r\nHost: x\r\nX-A: ")
        .unwrap();
    std::thread::sleep(Duration::from_millis(200));
    let signalled = Instant::now();
    server.signal("TERM");
    let status = server.wait_for_exit();
    assert_eq!(status.code(), Some(0), "{status:?}");
    assert!(
        signalled.elapsed() >= Duration::from_millis(900),
        "exited before the grace period: {:?}",
        signalled.elapsed()
    );
    drop(half);
}

#[test]
fn ctrl_c_exits_0() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        repo_path(&format!("data/articles/{TASS}.txt")),
        dir.path().join(format!("{TASS}.txt")),
    )
    .unwrap();
    let mut server = Server::start(dir.path());
    server.signal("INT");
    let status = server.wait_for_exit();
    assert_eq!(status.code(), Some(0), "{status:?}");
}
