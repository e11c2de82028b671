//! The overload soak of issue #7: the real `demarche` binary on loopback,
//! 128 keep-alive connections sending a mixed query set for 60 seconds
//! after a warm-up, counting unexpected answers and sampling the server's
//! resident memory. Results are appended to `BENCHMARKS.md`.
//!
//! ```sh
//! cargo build --release && cargo run --release --example soak -- --data /tmp/demarche-bench/10000
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
}

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
    let started = Instant::now();
    let server = Server(
        Command::new(&exe)
            .args(["--addr", &addr.to_string(), "--data"])
            .arg(&args.data)
            .env("RUST_LOG", "warn")
            .stdout(Stdio::null())
            .stderr(Stdio::inherit())
            .spawn()
            .context("starting the server")?,
    );
    let pid = server.0.id();
    let urls = mixed_urls(&args.data);
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
        report(&args, &urls, base, &samples, &cells)
    })
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
    let mut md = String::new();
    md.push_str(&format!(
        "\n## Soak under load (issue #7): {}\n\n`cargo build --release && cargo run --release --example soak -- --data {} --seconds {} --connections {}` on {} ({} URLs in the mix).\n\n",
        chrono::Utc::now().format("%Y-%m-%d %H:%M UTC"),
        args.data.display(),
        args.seconds,
        args.connections,
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
