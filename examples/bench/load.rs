//! The HTTP load test: the real router served on 127.0.0.1 by its own
//! runtime (as `demarche serve` runs it), and a load generator on one
//! thread of its own: N keep-alive HTTP/1.1 connections, each sending its
//! next request as soon as the last response is read, for a fixed time and
//! at most a fixed number of requests.

use std::net::SocketAddr;
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use demarche::Archive;
use demarche::web::{self, AppState};
use serde::{Deserialize, Serialize};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// Concurrent connections measured.
pub const CONCURRENCY: [usize; 3] = [1, 8, 64];

/// Most requests one measurement sends, whatever its duration.
const MAX_REQUESTS: usize = 500_000;

/// One endpoint (or query mix) at one concurrency: medians over rounds.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Cell {
    pub name: String,
    pub concurrency: usize,
    pub rps: f64,
    pub p50_ms: f64,
    pub p99_ms: f64,
    pub errors: usize,
}

/// The fixed query mix of issue #6, for the HTML search page.
fn query_mix(archive: &Archive) -> Vec<(&'static str, String)> {
    let speaker = archive
        .speakers
        .iter()
        .max_by_key(|s| s.articles.len())
        .map_or_else(|| "x".to_string(), |s| s.slug.clone());
    vec![
        ("words", "/search?q=capacity+building".to_string()),
        (
            "phrase",
            "/search?q=%22critical+infrastructure%22".to_string(),
        ),
        ("speaker", format!("/search?speaker={speaker}")),
        (
            "forum+facets",
            "/search?q=security&forum=open-ended-working-group".to_string(),
        ),
        ("by date", "/search?q=ransomware&sort=newest".to_string()),
        ("page 50", "/search?q=international+law&page=50".to_string()),
        ("statements", "/statements?q=consensus".to_string()),
        ("misspelt", "/search?q=Syromolatov".to_string()),
    ]
}

/// The same queries through `/api/search`.
fn api_mix(mix: &[(&'static str, String)]) -> Vec<String> {
    mix.iter()
        .map(|(_, u)| {
            if let Some(q) = u.strip_prefix("/statements?") {
                format!("/api/search?view=statements&{q}")
            } else {
                u.replacen("/search?", "/api/search?", 1)
            }
        })
        .collect()
}

pub fn run(archive: Archive, duration: Duration, rounds: usize) -> anyhow::Result<Vec<Cell>> {
    let mix = query_mix(&archive);
    let api = api_mix(&mix);
    let static_url = web::assets::url("style.css");
    let server = tokio::runtime::Runtime::new()?;
    let listener = server.block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))?;
    let addr = listener.local_addr()?;
    if !addr.ip().is_loopback() {
        bail!("the load test only targets loopback");
    }
    let app = web::app(AppState::new(archive));
    server.spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    let client = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    let html: Vec<String> = mix.iter().map(|(_, u)| u.clone()).collect();
    let mut endpoints: Vec<(String, Vec<String>)> = vec![
        ("/healthz".to_string(), vec!["/healthz".to_string()]),
        ("static file".to_string(), vec![static_url]),
        ("/search mix".to_string(), html),
        ("/api/search mix".to_string(), api),
    ];
    let mut cells = Vec::new();
    client.block_on(async {
        // Warm up: every URL once, checked for a 200.
        for (_, urls) in &endpoints {
            for u in urls {
                let mut c = Conn::open(addr).await?;
                let status = c.get(u).await?;
                if status != 200 {
                    bail!("{u} answered {status}");
                }
            }
        }
        for (name, urls) in &endpoints {
            for c in CONCURRENCY {
                cells.push(measure(addr, name, urls, c, duration, rounds).await?);
                eprintln!("   {}", line(cells.last().context("a cell")?));
            }
        }
        // Each query of the mix alone, at 8 connections.
        for (label, url) in mix.iter() {
            let name = format!("/search {label}");
            cells.push(measure(addr, &name, std::slice::from_ref(url), 8, duration, rounds).await?);
            eprintln!("   {}", line(cells.last().context("a cell")?));
        }
        anyhow::Ok(())
    })?;
    endpoints.clear();
    server.shutdown_timeout(Duration::from_secs(1));
    Ok(cells)
}

fn line(c: &Cell) -> String {
    format!(
        "{:<28} c={:<3} {:>8.0} req/s  p50 {:>7.2} ms  p99 {:>7.2} ms  errors {}",
        c.name, c.concurrency, c.rps, c.p50_ms, c.p99_ms, c.errors
    )
}

pub async fn measure(
    addr: SocketAddr,
    name: &str,
    urls: &[String],
    concurrency: usize,
    duration: Duration,
    rounds: usize,
) -> anyhow::Result<Cell> {
    let mut rps = Vec::new();
    let mut p50 = Vec::new();
    let mut p99 = Vec::new();
    let mut errors = 0;
    for _ in 0..rounds.max(1) {
        let deadline = Instant::now() + duration;
        let per_conn = MAX_REQUESTS / concurrency;
        let start = Instant::now();
        let mut tasks = Vec::new();
        for k in 0..concurrency {
            let urls = urls.to_vec();
            tasks.push(tokio::spawn(async move {
                let mut conn = Conn::open(addr).await?;
                let mut lat = Vec::new();
                let mut errors = 0usize;
                let mut i = k;
                while Instant::now() < deadline && lat.len() < per_conn {
                    let t = Instant::now();
                    let status = conn.get(&urls[i % urls.len()]).await?;
                    lat.push(t.elapsed().as_micros() as u32);
                    if status != 200 {
                        errors += 1;
                    }
                    i += 1;
                }
                anyhow::Ok((lat, errors))
            }));
        }
        let mut all = Vec::new();
        for t in tasks {
            let (lat, e) = t.await??;
            all.extend(lat);
            errors += e;
        }
        let secs = start.elapsed().as_secs_f64();
        all.sort_unstable();
        rps.push(all.len() as f64 / secs);
        p50.push(percentile(&all, 0.50));
        p99.push(percentile(&all, 0.99));
    }
    Ok(Cell {
        name: name.to_string(),
        concurrency,
        rps: median(&mut rps),
        p50_ms: median(&mut p50),
        p99_ms: median(&mut p99),
        errors,
    })
}

fn percentile(sorted_us: &[u32], p: f64) -> f64 {
    if sorted_us.is_empty() {
        return 0.0;
    }
    let i = ((sorted_us.len() as f64 - 1.0) * p).round() as usize;
    f64::from(sorted_us[i]) / 1000.0
}

fn median(v: &mut [f64]) -> f64 {
    v.sort_by(f64::total_cmp);
    v.get(v.len() / 2).copied().unwrap_or(0.0)
}

/// One keep-alive HTTP/1.1 connection.
struct Conn {
    stream: TcpStream,
    buf: Vec<u8>,
}

impl Conn {
    async fn open(addr: SocketAddr) -> anyhow::Result<Conn> {
        let stream = TcpStream::connect(addr).await?;
        stream.set_nodelay(true)?;
        Ok(Conn {
            stream,
            buf: Vec::with_capacity(64 * 1024),
        })
    }

    /// Send a GET and read the whole response; returns the status.
    async fn get(&mut self, path: &str) -> anyhow::Result<u16> {
        let req = format!("GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
        self.stream.write_all(req.as_bytes()).await?;
        loop {
            if let Some((status, used)) = parse_response(&self.buf)? {
                self.buf.drain(..used);
                return Ok(status);
            }
            let mut chunk = [0u8; 64 * 1024];
            let n = self.stream.read(&mut chunk).await?;
            if n == 0 {
                bail!("connection closed mid-response");
            }
            self.buf.extend_from_slice(&chunk[..n]);
        }
    }
}

/// A complete response at the start of `buf`: its status and length.
fn parse_response(buf: &[u8]) -> anyhow::Result<Option<(u16, usize)>> {
    let Some(head_end) = buf.windows(4).position(|w| w == b"\r\n\r\n") else {
        return Ok(None);
    };
    let head = std::str::from_utf8(&buf[..head_end])?;
    let mut lines = head.split("\r\n");
    let status: u16 = lines
        .next()
        .and_then(|l| l.split(' ').nth(1))
        .and_then(|s| s.parse().ok())
        .context("bad status line")?;
    let mut length = None;
    let mut chunked = false;
    for l in lines {
        let Some((k, v)) = l.split_once(':') else {
            continue;
        };
        if k.eq_ignore_ascii_case("content-length") {
            length = v.trim().parse::<usize>().ok();
        } else if k.eq_ignore_ascii_case("transfer-encoding") && v.contains("chunked") {
            chunked = true;
        }
    }
    let body = head_end + 4;
    if chunked {
        let mut at = body;
        loop {
            let Some(eol) = buf[at..].windows(2).position(|w| w == b"\r\n") else {
                return Ok(None);
            };
            let size_text = std::str::from_utf8(&buf[at..at + eol])?;
            let size = usize::from_str_radix(size_text.split(';').next().unwrap_or("").trim(), 16)?;
            at += eol + 2;
            if buf.len() < at + size + 2 {
                return Ok(None);
            }
            at += size + 2;
            if size == 0 {
                return Ok(Some((status, at)));
            }
        }
    }
    let len = length.unwrap_or(0);
    Ok((buf.len() >= body + len).then_some((status, body + len)))
}
