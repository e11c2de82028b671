//! The benchmark of issue #6: start-up and HTTP search at several corpus
//! sizes, written to `BENCHMARKS.md`.
//!
//! ```sh
//! cargo run --release --example bench -- --sizes 1000,10000,100000
//! ```
//!
//! For each size it generates a corpus (once, under `--corpus-root`), then
//! runs a child process per start-up so each peak RSS is its own:
//! a cold start in RAM (which then serves the HTTP load test), a cold
//! start with `--index-dir` (build and persist) and a restart reusing it.
//! The load generator is in-process Rust over keep-alive connections to
//! 127.0.0.1 only, bounded in time and requests.

#[path = "../support/corpus_gen.rs"]
mod corpus_gen;
mod load;
mod report;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use clap::Parser;
use demarche::extract::Gazetteer;
use demarche::{Archive, ArchiveOptions};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Parser)]
struct Args {
    /// Corpus sizes, in documents.
    #[arg(long, value_delimiter = ',', default_value = "1000,10000,100000")]
    sizes: Vec<usize>,
    /// Where generated corpora are kept between runs (reused if complete).
    #[arg(long, default_value = "/tmp/demarche-bench")]
    corpus_root: PathBuf,
    /// Corpus seed.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Seconds per HTTP measurement (one endpoint at one concurrency).
    #[arg(long, default_value_t = 2.0)]
    seconds: f64,
    /// Rounds of each HTTP measurement; medians are reported.
    #[arg(long, default_value_t = 3)]
    rounds: usize,
    /// Markdown report to write.
    #[arg(long, default_value = "BENCHMARKS.md")]
    out: PathBuf,
    /// Internal: run one start-up in this process and print its figures.
    #[arg(long, hide = true)]
    child: Option<ChildMode>,
    #[arg(long, hide = true)]
    data: Option<PathBuf>,
    #[arg(long, hide = true)]
    index_dir: Option<PathBuf>,
}

#[derive(Clone, Copy, Debug, clap::ValueEnum, Serialize, Deserialize, PartialEq)]
enum ChildMode {
    /// Start in RAM, then run the HTTP load test.
    Serve,
    /// Start with --index-dir (build or reuse) and stop.
    Start,
}

/// One start-up, as a child reports it.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Startup {
    pub documents: usize,
    pub rejected: usize,
    pub bytes: u64,
    pub read_s: f64,
    pub extract_s: f64,
    pub index_s: f64,
    pub persist_s: f64,
    pub total_s: f64,
    pub reused: bool,
    /// Peak resident memory when ready, MiB.
    pub rss_ready_mib: f64,
    /// Peak resident memory after the load test, MiB.
    pub rss_peak_mib: f64,
    pub http: Vec<load::Cell>,
}

fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    if let Some(mode) = args.child {
        let data = args
            .data
            .clone()
            .context("--data is required with --child")?;
        let result = child(mode, &data, args.index_dir.as_deref(), &args)?;
        println!("RESULT {}", serde_json::to_string(&result)?);
        return Ok(());
    }
    let started = chrono::Utc::now();
    let mut rows = Vec::new();
    for &n in &args.sizes {
        let dir = ensure_corpus(&args.corpus_root, n, args.seed)?;
        eprintln!("== {n} documents: cold start in RAM + HTTP");
        let serve = run_child(ChildMode::Serve, &dir, None, &args)?;
        let index_dir = args.corpus_root.join(format!("index-{n}"));
        if index_dir.exists() {
            std::fs::remove_dir_all(&index_dir)?;
        }
        eprintln!("== {n} documents: cold start with --index-dir");
        let cold = run_child(ChildMode::Start, &dir, Some(&index_dir), &args)?;
        eprintln!("== {n} documents: restart reusing --index-dir");
        let warm = run_child(ChildMode::Start, &dir, Some(&index_dir), &args)?;
        if !warm.reused {
            bail!(
                "the restart did not reuse the index in {}",
                index_dir.display()
            );
        }
        rows.push(report::Row {
            n,
            serve,
            cold,
            warm,
        });
    }
    let mut md = report::markdown(&rows, &args_line(&args), started);
    // Hand-written analysis below the marker survives a new run.
    let previous = std::fs::read_to_string(&args.out).unwrap_or_default();
    if let Some(i) = previous.find(report::NOTES_MARKER) {
        md.push('\n');
        md.push_str(&previous[i..]);
    }
    std::fs::write(&args.out, &md)?;
    println!("{md}");
    eprintln!("wrote {}", args.out.display());
    Ok(())
}

fn args_line(args: &Args) -> String {
    let sizes: Vec<String> = args.sizes.iter().map(ToString::to_string).collect();
    format!(
        "cargo run --release --example bench -- --sizes {} --seconds {} --rounds {}",
        sizes.join(","),
        args.seconds,
        args.rounds
    )
}

/// The corpus of `n` documents, generated unless already complete.
fn ensure_corpus(root: &Path, n: usize, seed: u64) -> anyhow::Result<PathBuf> {
    let dir = root.join(format!("corpus-{n}-seed{seed}"));
    // Beside the folder: every file inside it would be a document.
    let marker = root.join(format!("corpus-{n}-seed{seed}.complete"));
    if marker.exists() {
        return Ok(dir);
    }
    eprintln!("generating {n} documents in {}", dir.display());
    if dir.exists() {
        std::fs::remove_dir_all(&dir)?;
    }
    let toml =
        std::fs::read_to_string("data/gazetteer.toml").context("reading data/gazetteer.toml")?;
    let gaz = Gazetteer::parse(&toml, "data/gazetteer.toml")?;
    let generator = corpus_gen::Generator::new(&gaz, &toml, seed);
    std::fs::create_dir_all(&dir)?;
    std::fs::write(dir.join("gazetteer.toml"), &toml)?;
    (0..n)
        .into_par_iter()
        .try_for_each(|i| -> anyhow::Result<()> {
            let (name, text) = generator.document(i);
            let path = dir.join(name);
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent)?;
            }
            std::fs::write(path, text)?;
            Ok(())
        })?;
    std::fs::write(&marker, b"")?;
    Ok(dir)
}

fn run_child(
    mode: ChildMode,
    data: &Path,
    index_dir: Option<&Path>,
    args: &Args,
) -> anyhow::Result<Startup> {
    let exe = std::env::current_exe()?;
    let mut cmd = Command::new(exe);
    cmd.arg("--child")
        .arg(match mode {
            ChildMode::Serve => "serve",
            ChildMode::Start => "start",
        })
        .arg("--data")
        .arg(data)
        .arg("--seconds")
        .arg(args.seconds.to_string())
        .arg("--rounds")
        .arg(args.rounds.to_string());
    if let Some(d) = index_dir {
        cmd.arg("--index-dir").arg(d);
    }
    let out = cmd.output()?;
    let stdout = String::from_utf8_lossy(&out.stdout);
    if !out.status.success() {
        bail!(
            "child failed: {}\n{}",
            out.status,
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let line = stdout
        .lines()
        .find_map(|l| l.strip_prefix("RESULT "))
        .context("child printed no RESULT line")?;
    let s: Startup = serde_json::from_str(line)?;
    eprintln!(
        "   {} docs: total {:.2} s (read {:.2}, extract {:.2}, index {:.2}, persist {:.2}), RSS {:.0} MiB{}",
        s.documents,
        s.total_s,
        s.read_s,
        s.extract_s,
        s.index_s,
        s.persist_s,
        s.rss_ready_mib,
        if s.reused { ", reused" } else { "" }
    );
    Ok(s)
}

fn child(
    mode: ChildMode,
    data: &Path,
    index_dir: Option<&Path>,
    args: &Args,
) -> anyhow::Result<Startup> {
    let bytes = corpus_bytes(data);
    let mut options = ArchiveOptions::new(data);
    options.index_dir = index_dir.map(Path::to_path_buf);
    let t0 = Instant::now();
    let archive = Archive::load(&options)?;
    let total = t0.elapsed();
    let rss_ready = peak_rss_mib();
    let t = archive.timings;
    let mut startup = Startup {
        documents: archive.articles.len(),
        rejected: archive.rejected.len(),
        bytes,
        read_s: t.read.as_secs_f64(),
        extract_s: t.extract.as_secs_f64(),
        index_s: t.index.as_secs_f64(),
        persist_s: t.persist.as_secs_f64(),
        total_s: total.as_secs_f64(),
        reused: t.reused,
        rss_ready_mib: rss_ready,
        rss_peak_mib: rss_ready,
        http: Vec::new(),
    };
    if mode == ChildMode::Serve {
        startup.http = load::run(archive, Duration::from_secs_f64(args.seconds), args.rounds)?;
        startup.rss_peak_mib = peak_rss_mib();
    }
    Ok(startup)
}

/// Bytes of the corpus files (not the gazetteer).
fn corpus_bytes(dir: &Path) -> u64 {
    fn walk(p: &Path, sum: &mut u64) {
        if let Ok(rd) = std::fs::read_dir(p) {
            for e in rd.flatten() {
                let path = e.path();
                match e.file_type() {
                    Ok(t) if t.is_dir() => walk(&path, sum),
                    Ok(t) if t.is_file() && e.file_name() != "gazetteer.toml" => {
                        *sum += e.metadata().map(|m| m.len()).unwrap_or(0);
                    }
                    _ => {}
                }
            }
        }
    }
    let mut sum = 0;
    walk(dir, &mut sum);
    sum
}

/// Peak resident set size of this process (VmHWM), MiB.
fn peak_rss_mib() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find_map(|l| l.strip_prefix("VmHWM:"))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
        })
        .map_or(0.0, |kb| kb / 1024.0)
}
