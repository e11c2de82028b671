//! The benchmark's load generator against servers already running
//! (`demarche serve`), so builds of different commits can be measured in
//! one run, alternating: each round measures every address in turn, and
//! the medians per address are printed with their ratio to the first.
//!
//! ```sh
//! cargo run --release --example http_load -- --addr 127.0.0.1:8101 \
//!   --addr 127.0.0.1:8102 --speaker SLUG --conns 8 --rounds 5
//! ```
//!
//! `--mix search` is `examples/bench`'s HTML query mix (the speaker filter
//! on `--speaker`, the slug of the speaker with most articles, as the
//! bench picks it); `--mix healthz` is the baseline; `--url` measures URLs
//! of one's own.

#[path = "bench/load.rs"]
#[allow(dead_code)]
mod load;

use std::net::SocketAddr;
use std::time::Duration;

use clap::Parser;

#[derive(Parser)]
struct Args {
    /// Servers to measure, in turn each round.
    #[arg(long, required = true)]
    addr: Vec<SocketAddr>,
    /// `search` (the bench's HTML mix), `api` (the same through
    /// /api/search) or `healthz`.
    #[arg(long, default_value = "search")]
    mix: String,
    /// Extra URLs, measured instead of the mix when given.
    #[arg(long)]
    url: Vec<String>,
    /// Slug of the speaker for the mix's speaker filter.
    #[arg(long, default_value = "x")]
    speaker: String,
    /// Concurrent connections (several: each is measured).
    #[arg(long, value_delimiter = ',', default_value = "8")]
    conns: Vec<usize>,
    #[arg(long, default_value_t = 2.0)]
    seconds: f64,
    #[arg(long, default_value_t = 5)]
    rounds: usize,
}

fn mix(name: &str, speaker: &str) -> Vec<String> {
    let html = vec![
        "/search?q=capacity+building".to_string(),
        "/search?q=%22critical+infrastructure%22".to_string(),
        format!("/search?speaker={speaker}"),
        "/search?q=security&forum=open-ended-working-group".to_string(),
        "/search?q=ransomware&sort=newest".to_string(),
        "/search?q=international+law&page=50".to_string(),
        "/statements?q=consensus".to_string(),
        "/search?q=Syromolatov".to_string(),
    ];
    match name {
        "healthz" => vec!["/healthz".to_string()],
        "api" => html
            .iter()
            .map(|u| match u.strip_prefix("/statements?") {
                Some(q) => format!("/api/search?view=statements&{q}"),
                None => u.replacen("/search?", "/api/search?", 1),
            })
            .collect(),
        _ => html,
    }
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v.get(v.len() / 2).copied().unwrap_or(0.0)
}

fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    let urls = if args.url.is_empty() {
        mix(&args.mix, &args.speaker)
    } else {
        args.url.clone()
    };
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    let duration = Duration::from_secs_f64(args.seconds);
    rt.block_on(async {
        for &c in &args.conns {
            // Per address: requests/s and p99 of each round.
            let mut rps = vec![Vec::new(); args.addr.len()];
            let mut p99 = vec![Vec::new(); args.addr.len()];
            for round in 0..args.rounds {
                for (i, addr) in args.addr.iter().enumerate() {
                    let cell = load::measure(*addr, "load", &urls, c, duration, 1).await?;
                    if cell.errors > 0 {
                        anyhow::bail!("{addr}: {} errors", cell.errors);
                    }
                    eprintln!(
                        "round {round} {addr} c={c}: {:.0} req/s p99 {:.2} ms",
                        cell.rps, cell.p99_ms
                    );
                    rps[i].push(cell.rps);
                    p99[i].push(cell.p99_ms);
                }
            }
            let base = median(rps[0].clone());
            for (i, addr) in args.addr.iter().enumerate() {
                let r = median(rps[i].clone());
                println!(
                    "{addr} c={c} median {r:.0} req/s p99 {:.2} ms ratio {:.2}",
                    median(p99[i].clone()),
                    r / base
                );
            }
        }
        anyhow::Ok(())
    })
}
