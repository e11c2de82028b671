//! The `demarche` command: `serve` (the default), `index` and `check`.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use std::io::Write;

use anyhow::Context;
use clap::{Parser, Subcommand};
use demarche::corpus::LoadOptions;
use demarche::{Archive, ArchiveOptions, check, web};
use tracing_subscriber::EnvFilter;

/// See Cargo.toml: memory freed by a rebuild goes back to the system.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(
    version,
    about = "A searchable web archive of cyber-diplomacy statements"
)]
#[command(args_conflicts_with_subcommands = true)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
    /// A bare `demarche` serves, with these options.
    #[command(flatten)]
    serve: ServeArgs,
}

#[derive(Subcommand)]
enum Command {
    /// Build the index from the data folder and serve the archive.
    Serve(ServeArgs),
    /// Build (or bring up to date) the index in --index-dir, then exit: the
    /// writer of a deployment whose replicas run `serve --read-only`.
    Index(IndexArgs),
    /// Report what the archive makes of every file in a data folder.
    Check(CheckArgs),
}

#[derive(clap::Args)]
struct IndexArgs {
    /// Folder of documents to archive.
    #[arg(long, default_value = "data")]
    data: PathBuf,
    /// Folder to keep the index and extracted articles in.
    #[arg(long, value_name = "DIR")]
    index_dir: PathBuf,
    /// Largest file accepted, in bytes.
    #[arg(long, default_value_t = demarche::corpus::DEFAULT_MAX_FILE_BYTES)]
    max_file_bytes: u64,
    /// Time one HTML, PDF or Word file may take to read, in milliseconds;
    /// a file over it is rejected.
    #[arg(long, value_name = "MS", default_value_t = demarche::corpus::DEFAULT_TIME_BUDGET.as_millis() as u64)]
    time_budget_ms: u64,
}

#[derive(clap::Args)]
struct ServeArgs {
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1:3000")]
    addr: SocketAddr,
    /// Folder of documents to archive [default: data]. With --read-only,
    /// only where originals are read from; without it they answer 404.
    #[arg(long, value_name = "DIR")]
    data: Option<PathBuf>,
    /// Largest file accepted, in bytes.
    #[arg(long, default_value_t = demarche::corpus::DEFAULT_MAX_FILE_BYTES)]
    max_file_bytes: u64,
    /// Time one HTML, PDF or Word file may take to read, in milliseconds;
    /// a file over it is rejected.
    #[arg(long, value_name = "MS", default_value_t = demarche::corpus::DEFAULT_TIME_BUDGET.as_millis() as u64)]
    time_budget_ms: u64,
    /// Origin for absolute URLs in feeds, sitemaps and citations, e.g.
    /// `https://archive.example.org` behind a proxy; default: the address
    /// listened on (the request's Host is never trusted).
    #[arg(long, value_name = "URL")]
    public_url: Option<String>,
    /// Keep the index and extracted articles in this folder, and reuse them
    /// on the next start if the corpus is unchanged (otherwise rebuild).
    #[arg(long, value_name = "DIR")]
    index_dir: Option<PathBuf>,
    /// Serve the index in --index-dir as `demarche index` left it, writing
    /// nothing anywhere: a replica; the data folder is not scanned.
    #[arg(long, requires = "index_dir", conflicts_with = "watch")]
    read_only: bool,
    /// Rebuild and swap the archive when files in the data folder are
    /// added, changed or removed (heard from the OS, a burst debounced into
    /// one update; polled every 2 s where events are unavailable).
    #[arg(long)]
    watch: bool,
    /// Most connections open at once; beyond it new ones wait to be
    /// accepted.
    #[arg(long, value_name = "N", default_value_t = web::serve::MAX_CONNECTIONS)]
    max_connections: usize,
    /// Seconds a client has to send a request's headers, from opening the
    /// connection or starting the request.
    // The defaults in seconds are those of `web::serve` (HEADER_TIMEOUT,
    // KEEP_ALIVE_TIMEOUT, SHUTDOWN_GRACE); `serve_defaults_match` checks.
    #[arg(long, value_name = "SECS", value_parser = seconds, default_value = "10")]
    header_timeout: Duration,
    /// Seconds an idle keep-alive connection is kept open.
    #[arg(long, value_name = "SECS", value_parser = seconds, default_value = "15")]
    keep_alive_timeout: Duration,
    /// Largest request body accepted, in bytes (413 beyond).
    #[arg(long, value_name = "BYTES", default_value_t = web::MAX_BODY_BYTES)]
    max_body_bytes: usize,
    /// Seconds requests in flight get to finish after SIGTERM or Ctrl-C;
    /// then the server exits anyway.
    #[arg(long, value_name = "SECS", value_parser = seconds, default_value = "12")]
    shutdown_grace: Duration,
}

/// A duration in seconds, fractions allowed (`0.5`).
fn seconds(s: &str) -> Result<Duration, String> {
    let secs: f64 = s
        .parse()
        .map_err(|_| format!("“{s}” is not a number of seconds"))?;
    Duration::try_from_secs_f64(secs).map_err(|e| format!("“{s}”: {e}"))
}

#[derive(Clone, Copy, PartialEq, clap::ValueEnum)]
enum Split {
    All,
    Dev,
    Heldout,
}

#[derive(clap::Args)]
struct CheckArgs {
    /// Folder of documents to check.
    #[arg(long, default_value = "data")]
    data: PathBuf,
    /// One JSON object per file instead of a report.
    #[arg(long)]
    json: bool,
    /// Show every paragraph of one document and why it was kept or dropped.
    #[arg(long, value_name = "ID")]
    explain: Option<String>,
    /// Score the extraction against gold labels (a folder of `<id>.json`
    /// files or one JSON-lines file) and print precision, recall and F1.
    #[arg(long, value_name = "PATH")]
    gold: Option<PathBuf>,
    /// With --gold: also list every difference.
    #[arg(long)]
    verbose: bool,
    /// With --gold: score only the development labels, only the held-out
    /// ones (labels marked `"split": "heldout"`), or all.
    #[arg(long, value_enum, default_value_t = Split::All)]
    split: Split,
    /// Largest file accepted, in bytes.
    #[arg(long, default_value_t = demarche::corpus::DEFAULT_MAX_FILE_BYTES)]
    max_file_bytes: u64,
    /// Time one HTML, PDF or Word file may take to read, in milliseconds;
    /// a file over it is rejected.
    #[arg(long, value_name = "MS", default_value_t = demarche::corpus::DEFAULT_TIME_BUDGET.as_millis() as u64)]
    time_budget_ms: u64,
}

fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| EnvFilter::new("info,tower_http=info")),
        )
        .with_writer(std::io::stderr)
        .init();
    let cli = Cli::parse();
    let result = match cli.command {
        Some(Command::Check(args)) => run_check(&args),
        Some(Command::Index(args)) => run_index(&args),
        Some(Command::Serve(args)) => run_serve(args),
        None => run_serve(cli.serve),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn run_check(args: &CheckArgs) -> anyhow::Result<ExitCode> {
    let report = check::analyse(
        &args.data,
        LoadOptions {
            max_file_bytes: args.max_file_bytes,
            time_budget: std::time::Duration::from_millis(args.time_budget_ms),
        },
    )?;
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    if let Some(gold) = &args.gold {
        let mut labels = demarche::gold::load(gold)?;
        labels.retain(|g| match args.split {
            Split::All => true,
            Split::Dev => !g.held_out(),
            Split::Heldout => g.held_out(),
        });
        let articles: Vec<_> = report.extractions.iter().map(|(a, _)| a.clone()).collect();
        // Forums are compared as the folder's gazetteer names them.
        let gaz = demarche::extract::gazetteer::Gazetteer::for_data_dir(&args.data).ok();
        let scores = demarche::gold::score_with(&articles, &labels, gaz.as_ref());
        if args.verbose {
            for e in &scores.errors {
                writeln!(out, "  {e}")?;
            }
        }
        write!(out, "{}", demarche::gold::report(&scores))?;
        // Per language, where the labels say which.
        let mut languages: Vec<&str> = labels
            .iter()
            .filter_map(|g| g.language.as_deref())
            .collect();
        languages.sort_unstable();
        languages.dedup();
        if languages.len() > 1 {
            for lang in languages {
                let part: Vec<_> = labels
                    .iter()
                    .filter(|g| g.language.as_deref() == Some(lang))
                    .cloned()
                    .collect();
                let s = demarche::gold::score_with(&articles, &part, gaz.as_ref());
                write!(out, "\n[{lang}] {}", demarche::gold::report(&s))?;
            }
        }
    } else if let Some(id) = &args.explain {
        check::write_explain(&report, id, &mut out)?;
    } else if args.json {
        check::write_json(&report, &mut out)?;
    } else {
        check::write_text(&report, &mut out)?;
    }
    Ok(ExitCode::SUCCESS)
}

fn run_index(args: &IndexArgs) -> anyhow::Result<ExitCode> {
    let mut options = ArchiveOptions::new(&args.data);
    options.load.max_file_bytes = args.max_file_bytes;
    options.load.time_budget = std::time::Duration::from_millis(args.time_budget_ms);
    options.index_dir = Some(args.index_dir.clone());
    options.progress = true;
    let archive =
        Archive::load(&options).with_context(|| format!("indexing {}", args.data.display()))?;
    log_ready(&archive);
    Ok(ExitCode::SUCCESS)
}

fn log_ready(archive: &Archive) {
    tracing::info!(
        articles = archive.articles.len(),
        rejected = archive.rejected.len(),
        read_ms = archive.timings.read.as_millis() as u64,
        extract_ms = archive.timings.extract.as_millis() as u64,
        index_ms = archive.timings.index.as_millis() as u64,
        persist_ms = archive.timings.persist.as_millis() as u64,
        reused_index = archive.timings.reused,
        extracted = archive.timings.extracted,
        "archive ready"
    );
    for r in &archive.rejected {
        tracing::warn!(file = %r.file, reason = %r.reason, "file not indexed");
    }
}

fn run_serve(args: ServeArgs) -> anyhow::Result<ExitCode> {
    let (addr, public_url, watch) = (args.addr, args.public_url, args.watch);
    let data = args.data.clone().unwrap_or_else(|| PathBuf::from("data"));
    let serve_options = web::serve::ServeOptions {
        max_connections: args.max_connections,
        header_timeout: args.header_timeout,
        keep_alive_timeout: args.keep_alive_timeout,
        shutdown_grace: args.shutdown_grace,
    };
    let limits = web::Limits {
        max_body_bytes: args.max_body_bytes,
        ..web::Limits::default()
    };
    let mut options = ArchiveOptions::new(&data);
    options.load.max_file_bytes = args.max_file_bytes;
    options.load.time_budget = std::time::Duration::from_millis(args.time_budget_ms);
    options.index_dir = args.index_dir;
    options.progress = true;
    // Taken before reading, so the watcher sees anything written since.
    let baseline = if watch {
        demarche::watch::fingerprint(&options.data_dir)
    } else {
        None
    };
    let archive = match (&options.index_dir, args.read_only) {
        (Some(index_dir), true) => {
            Archive::open_read_only(index_dir, args.data.as_deref(), args.max_file_bytes)
                .with_context(|| format!("opening {} read-only", index_dir.display()))?
        }
        _ => Archive::load(&options).with_context(|| format!("loading {}", data.display()))?,
    };
    log_ready(&archive);
    let runtime = tokio::runtime::Runtime::new().context("starting the async runtime")?;
    let code = runtime.block_on(async move {
        // Before listening, so that no signal can come too early.
        let shutdown = shutdown_signal();
        let listener = tokio::net::TcpListener::bind(addr)
            .await
            .with_context(|| format!("binding {addr}"))?;
        let bound = listener.local_addr().unwrap_or(addr);
        tracing::info!("serving on http://{bound}");
        let mut state = web::AppState::new(archive).with_listener(bound);
        if let Some(url) = &public_url {
            state = state.with_public_url(url);
        }
        if watch {
            tokio::spawn(demarche::watch::run_with(
                state.clone(),
                // Rebuilds report to the log, not a terminal bar.
                ArchiveOptions {
                    progress: false,
                    ..options.clone()
                },
                demarche::watch::WatchTiming::default(),
                baseline,
            ));
        }
        let app = web::app_with(state, limits);
        match web::serve::serve(listener, app, serve_options, shutdown).await {
            web::serve::Ended::Drained => tracing::info!("shut down cleanly"),
            web::serve::Ended::Deadline(open) => tracing::warn!(
                open,
                grace_s = serve_options.shutdown_grace.as_secs_f64(),
                "shutdown deadline passed; remaining connections dropped"
            ),
        }
        Ok::<_, anyhow::Error>(ExitCode::SUCCESS)
    });
    // Searches still running on blocking threads are bounded by their
    // budget; do not wait on them beyond it.
    runtime.shutdown_timeout(Duration::from_secs(1));
    code
}

/// Resolves on Ctrl-C (SIGINT) or SIGTERM, so in-flight requests can
/// finish. The handlers are installed by this call, not when the future is
/// first polled: a signal that comes as soon as the server listens must
/// not meet the default action, which kills the process with a failure.
fn shutdown_signal() -> impl std::future::Future<Output = ()> {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        let handlers = (
            signal(SignalKind::terminate()),
            signal(SignalKind::interrupt()),
        );
        async move {
            match handlers {
                (Ok(mut term), Ok(mut int)) => {
                    tokio::select! {
                        _ = term.recv() => {},
                        _ = int.recv() => {},
                    }
                }
                _ => {
                    let _ = tokio::signal::ctrl_c().await;
                }
            }
        }
    }
    #[cfg(not(unix))]
    async {
        let _ = tokio::signal::ctrl_c().await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serve_defaults_match() {
        let cli = Cli::parse_from(["demarche"]);
        let d = web::serve::ServeOptions::default();
        assert_eq!(cli.serve.header_timeout, d.header_timeout);
        assert_eq!(cli.serve.keep_alive_timeout, d.keep_alive_timeout);
        assert_eq!(cli.serve.shutdown_grace, d.shutdown_grace);
        assert_eq!(cli.serve.max_connections, d.max_connections);
    }
}
