//! The overload soak of issue #7: the real `demarche` binary on loopback,
//! 128 keep-alive connections sending a mixed query set (searches, the API,
//! feeds, CSV exports, articles) for 60 seconds after a warm-up, counting
//! unexpected answers and sampling the server's resident memory. Results
//! are appended to `BENCHMARKS.md`.
//!
//! ```sh
//! cargo build --release && cargo run --release --example soak -- --data /tmp/demarche-bench/10000
//! ```
//!
//! Issue #14's soak adds slow clients (`--slow`: connections that send
//! their request a byte at a time and read the answer in small sips) and
//! file churn under `--watch` (`--churn`: the server archives a copy of the
//! data folder, in which a file is added, changed and removed every few
//! seconds):
//!
//! ```sh
//! cargo run --release --example soak -- --data /tmp/demarche-bench/10000 \
//!     --seconds 600 --connections 64 --slow 8 --churn
//! ```
//!
//! The data folder defaults to `data/`; a generated corpus (see the `bench`
//! example) gives a heavier and more realistic mix. Traffic goes only to
//! 127.0.0.1, bounded in time and in requests.

#[allow(dead_code)]
#[path = "bench/load.rs"]
mod load;

use std::io::Write;
use std::net::{SocketAddr, TcpListener};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use clap::Parser;

#[derive(Parser)]
struct Args {
    /// Folder of documents the server archives.
    #[arg(long, default_value = "data")]
    data: PathBuf,
    /// Seconds of load after the warm-up.
    #[arg(long, default_value_t = 60)]
    seconds: u64,
    /// Seconds of warm-up load before memory is measured.
    #[arg(long, default_value_t = 15)]
    warmup: u64,
    /// Concurrent keep-alive connections.
    #[arg(long, default_value_t = 128)]
    connections: usize,
    /// Markdown report to append to.
    #[arg(long, default_value = "BENCHMARKS.md")]
    out: PathBuf,
    /// Slow clients beside the connections above: each sends its request
    /// a byte at a time and reads the answer in small sips.
    #[arg(long, default_value_t = 0)]
    slow: usize,
    /// Serve a copy of the data folder with `--watch`, and add, change and
    /// remove a file in it every few seconds.
    #[arg(long)]
    churn: bool,
}

/// Between two bytes a slow client sends: its request (about 50 bytes)
/// takes about 5 s, inside the server's 10 s header timeout.
const SLOW_BYTE: Duration = Duration::from_millis(100);
/// Between two reads of at most [`SLOW_SIP`] bytes by a slow client.
const SLOW_READ: Duration = Duration::from_millis(20);
const SLOW_SIP: usize = 1024;
/// How often the churn adds, changes or removes a file.
const CHURN_EVERY: Duration = Duration::from_secs(3);

/// Memory samples during the soak, one per slice of this length.
const SLICE: Duration = Duration::from_secs(10);
/// Allowed growth of resident memory after the warm-up.
const MAX_GROWTH: f64 = 0.10;

/// The server process; killed when dropped so a failed run leaves nothing.
struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    let exe = std::env::current_exe()?
        .parent()
        .and_then(|examples| examples.parent())
        .map(|dir| dir.join("demarche"))
        .context("locating target/release/demarche")?;
    if !exe.is_file() {
        bail!(
            "{} is missing: run `cargo build --release` first",
            exe.display()
        );
    }
    let port = TcpListener::bind("127.0.0.1:0")?.local_addr()?.port();
    let addr: SocketAddr = ([127, 0, 0, 1], port).into();
    // Churn never touches the folder given: it works on a copy.
    let copy = if args.churn {
        let dir = tempfile::tempdir()?;
        copy_dir(&args.data, dir.path())?;
        Some(dir)
    } else {
        None
    };
    let data = copy
        .as_ref()
        .map_or(args.data.clone(), |d| d.path().to_path_buf());
    let started = Instant::now();
    let mut command = Command::new(&exe);
    command
        .args(["--addr", &addr.to_string(), "--data"])
        .arg(&data)
        .env("RUST_LOG", "warn")
        .stdout(Stdio::null())
        .stderr(Stdio::inherit());
    if args.churn {
        command.arg("--watch");
    }
    let server = Server(command.spawn().context("starting the server")?);
    let pid = server.0.id();
    let urls = mixed_urls(&data);
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()?;
    rt.block_on(async {
        wait_ready(addr).await?;
        eprintln!(
            "server ready in {:.1} s; warming up {} s",
            started.elapsed().as_secs_f64(),
            args.warmup
        );
        load::measure(
            addr,
            "warm-up",
            &urls,
            args.connections,
            Duration::from_secs(args.warmup),
            1,
        )
        .await?;
        let base = rss_kib(pid)?;
        let mut samples = vec![base];
        let mut cells = Vec::new();
        let slices = args.seconds.div_ceil(SLICE.as_secs()).max(1);
        let stop = Arc::new(AtomicBool::new(false));
        let slow: Vec<_> = (0..args.slow)
            .map(|k| tokio::spawn(slow_client(addr, urls.clone(), k, stop.clone())))
            .collect();
        let churn = args.churn.then(|| {
            std::thread::spawn({
                let (data, stop) = (data.clone(), stop.clone());
                move || churn(&data, &stop)
            })
        });
        for i in 0..slices {
            let cell = load::measure(addr, "soak", &urls, args.connections, SLICE, 1).await?;
            let rss = rss_kib(pid)?;
            eprintln!(
                "  slice {}: {:.0} req/s, p50 {:.1} ms, p99 {:.1} ms, {} unexpected, RSS {} MiB",
                i + 1,
                cell.rps,
                cell.p50_ms,
                cell.p99_ms,
                cell.errors,
                rss / 1024
            );
            samples.push(rss);
            cells.push(cell);
        }
        stop.store(true, Ordering::Relaxed);
        let mut slow_done = SlowCount::default();
        for task in slow {
            let c = task.await?;
            slow_done.answered += c.answered;
            slow_done.cut += c.cut;
        }
        let churned = match churn {
            Some(t) => t
                .join()
                .map_err(|_| anyhow::anyhow!("churn thread panicked"))??,
            None => 0,
        };
        report(&args, &urls, base, &samples, &cells, slow_done, churned)
    })
}

/// What the slow clients saw.
#[derive(Debug, Default, Clone, Copy)]
struct SlowCount {
    /// Whole responses read.
    answered: usize,
    /// Connections the server closed before a whole response (its
    /// timeouts at work; not counted as errors).
    cut: usize,
}

/// One slow client: a fresh connection per request, the request sent a
/// byte at a time, the answer read in sips, until `stop`.
async fn slow_client(
    addr: SocketAddr,
    urls: Vec<String>,
    k: usize,
    stop: Arc<AtomicBool>,
) -> SlowCount {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut count = SlowCount::default();
    let mut i = k;
    while !stop.load(Ordering::Relaxed) {
        let url = &urls[i % urls.len()];
        i += 1;
        let Ok(mut s) = tokio::net::TcpStream::connect(addr).await else {
            count.cut += 1;
            continue;
        };
        let req = format!("GET {url} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
        let mut sent = true;
        for b in req.as_bytes() {
            if s.write_all(std::slice::from_ref(b)).await.is_err() {
                sent = false;
                break;
            }
            tokio::time::sleep(SLOW_BYTE).await;
        }
        let mut got = Vec::new();
        let mut buf = vec![0u8; SLOW_SIP];
        if sent {
            loop {
                match s.read(&mut buf).await {
                    Ok(0) | Err(_) => break,
                    Ok(n) => got.extend_from_slice(&buf[..n]),
                }
                tokio::time::sleep(SLOW_READ).await;
            }
        }
        if sent && got.starts_with(b"HTTP/1.1 ") && complete(&got) {
            count.answered += 1;
        } else {
            count.cut += 1;
        }
    }
    count
}

/// Whether a `Connection: close` response is whole: its body as long as
/// its `content-length` says (or chunked and terminated).
fn complete(response: &[u8]) -> bool {
    let Some(end) = response.windows(4).position(|w| w == b"\r\n\r\n") else {
        return false;
    };
    let head = String::from_utf8_lossy(&response[..end]).to_ascii_lowercase();
    let body = response.len() - end - 4;
    match head
        .lines()
        .find_map(|l| l.strip_prefix("content-length:"))
        .and_then(|v| v.trim().parse::<usize>().ok())
    {
        Some(len) => body == len,
        None => response.ends_with(b"0\r\n\r\n"),
    }
}

/// Add, change and remove files in `data` until `stop`; returns how many
/// changes were made. Every file it makes is its own, under `soak-churn/`.
fn churn(data: &std::path::Path, stop: &AtomicBool) -> anyhow::Result<usize> {
    let dir = data.join("soak-churn");
    std::fs::create_dir_all(&dir)?;
    let mut n = 0usize;
    while !stop.load(Ordering::Relaxed) {
        let text = |v: usize| {
            format!(
                "Churn statement {v}\n\nGENEVA, 3 March 2023 — Delegates at the Open-ended \
                 Working Group said on Friday that talks on cyber norms (round {v}) would resume.\n"
            )
        };
        match n % 3 {
            0 => std::fs::write(dir.join(format!("added-{n}.txt")), text(n))?,
            1 => std::fs::write(dir.join("changed.txt"), text(n))?,
            _ => {
                if let Some(old) = n.checked_sub(5) {
                    let _ = std::fs::remove_file(dir.join(format!("added-{old}.txt")));
                }
            }
        }
        n += 1;
        std::thread::sleep(CHURN_EVERY);
    }
    Ok(n)
}

/// A plain recursive copy (files and folders; anything else is skipped).
fn copy_dir(from: &std::path::Path, to: &std::path::Path) -> anyhow::Result<()> {
    std::fs::create_dir_all(to)?;
    for entry in std::fs::read_dir(from)? {
        let entry = entry?;
        let kind = entry.file_type()?;
        let target = to.join(entry.file_name());
        if kind.is_dir() {
            copy_dir(&entry.path(), &target)?;
        } else if kind.is_file() {
            std::fs::copy(entry.path(), target)?;
        }
    }
    Ok(())
}

/// Search pages (words, phrase, filters, facets, sort, deep page, statement
/// view, misspelling), the API, a feed, an article page, the health check
/// and a static file.
fn mixed_urls(data: &std::path::Path) -> Vec<String> {
    let mut urls: Vec<String> = [
        "/search?q=security",
        "/search?q=%22international+law%22",
        "/search?q=cyber&forum=open-ended-working-group",
        "/search?q=resolution&sort=newest",
        "/search?q=cyber&page=3",
        "/statements?q=consensus",
        "/search?q=Syromolatov",
        "/api/search?q=security",
        "/feed.atom?q=cyber",
        "/search.csv?q=ransomware",
        "/speakers",
        "/healthz",
        &demarche::web::assets::url("style.css"),
    ]
    .iter()
    .map(|s| (*s).to_string())
    .collect();
    // A few article pages, through their short permalinks' targets.
    if let Ok(corpus) = demarche::corpus::load(data, demarche::corpus::LoadOptions::default()) {
        urls.extend(
            corpus
                .documents
                .iter()
                .take(5)
                .map(|d| format!("/api/articles/{}", d.id)),
        );
    }
    urls
}

async fn wait_ready(addr: SocketAddr) -> anyhow::Result<()> {
    let deadline = Instant::now() + Duration::from_secs(600);
    while Instant::now() < deadline {
        if tokio::net::TcpStream::connect(addr).await.is_ok() {
            return Ok(());
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    bail!("the server did not start listening")
}

/// Resident memory of a process, from /proc.
fn rss_kib(pid: u32) -> anyhow::Result<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status"))?;
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.split_whitespace().next())
        .and_then(|v| v.parse().ok())
        .context("no VmRSS")
}

fn report(
    args: &Args,
    urls: &[String],
    base: u64,
    samples: &[u64],
    cells: &[load::Cell],
    slow: SlowCount,
    churned: usize,
) -> anyhow::Result<()> {
    let peak = samples.iter().copied().max().unwrap_or(base);
    let last = samples.last().copied().unwrap_or(base);
    let growth = (last as f64 - base as f64) / base as f64;
    let errors: usize = cells.iter().map(|c| c.errors).sum();
    let mut rps: Vec<f64> = cells.iter().map(|c| c.rps).collect();
    let mut p99: Vec<f64> = cells.iter().map(|c| c.p99_ms).collect();
    rps.sort_by(f64::total_cmp);
    p99.sort_by(f64::total_cmp);
    let verdict = if errors == 0 && growth <= MAX_GROWTH {
        "pass"
    } else {
        "FAIL"
    };
    let mut extra_flags = String::new();
    if args.slow > 0 {
        extra_flags.push_str(&format!(" --slow {}", args.slow));
    }
    if args.churn {
        extra_flags.push_str(" --churn");
    }
    let mut md = String::new();
    md.push_str(&format!(
        "\n## Soak under load (issues #7, #14): {}\n\n`cargo build --release && cargo run --release --example soak -- --data {} --seconds {} --connections {}{}` on {} ({} URLs in the mix).\n\n",
        chrono::Utc::now().format("%Y-%m-%d %H:%M UTC"),
        args.data.display(),
        args.seconds,
        args.connections,
        extra_flags,
        std::fs::read_to_string("/proc/cpuinfo")
            .ok()
            .and_then(|c| c.lines().find_map(|l| l.strip_prefix("model name")).map(|m| m.trim_start_matches([' ', '\t', ':']).to_string()))
            .unwrap_or_else(|| "this machine".into()),
        urls.len(),
    ));
    md.push_str("| measure | value |\n|---|---|\n");
    md.push_str(&format!(
        "| requests/s (median of {} × 10 s slices) | {:.0} |\n",
        cells.len(),
        rps[rps.len() / 2]
    ));
    md.push_str(&format!(
        "| p99 latency, median slice | {:.1} ms |\n",
        p99[p99.len() / 2]
    ));
    md.push_str(&format!("| unexpected answers (not 200) | {errors} |\n"));
    if args.slow > 0 {
        md.push_str(&format!(
            "| slow clients ({}): whole answers / closed by the server's timeouts | {} / {} |\n",
            args.slow, slow.answered, slow.cut
        ));
    }
    if args.churn {
        md.push_str(&format!(
            "| files added, changed or removed under `--watch` | {churned} |\n"
        ));
    }
    md.push_str(&format!(
        "| server RSS after warm-up | {} MiB |\n",
        base / 1024
    ));
    md.push_str(&format!(
        "| server RSS at end / peak | {} / {} MiB |\n",
        last / 1024,
        peak / 1024
    ));
    md.push_str(&format!(
        "| growth after warm-up (limit {:.0} %) | {:+.1} % — {verdict} |\n",
        MAX_GROWTH * 100.0,
        growth * 100.0
    ));
    print!("{md}");
    let mut f = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(&args.out)?;
    f.write_all(md.as_bytes())?;
    if verdict != "pass" {
        bail!(
            "soak failed: {errors} unexpected answers, memory growth {:+.1} %",
            growth * 100.0
        );
    }
    Ok(())
}
