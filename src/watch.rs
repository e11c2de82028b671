//! `serve --watch`: notice added, changed and removed files in the data
//! folder, update the archive off the request path, and swap it in
//! atomically. Requests in flight keep the archive they started with;
//! permalinks of unchanged articles keep working; removed ones answer 410.
//!
//! Changes are heard from the operating system (inotify and the like,
//! through `notify`), debounced: a burst of writes — a `cp -r`, an rsync —
//! becomes one update once the folder has been quiet for the debounce
//! time. The paths the events name are all the update walks and stats
//! (the cost of the change, not of the folder); an event that names none,
//! or says events were lost, makes it scan the whole folder. Without
//! events, a cheap fingerprint of the folder (names, sizes, modification
//! times) decides whether anything changed. Where events cannot be had (no inotify, its watch limit
//! reached), the folder is polled instead, as before; and since a network
//! mount may deliver no events for writes made elsewhere, even with events
//! the fingerprint is taken again now and then ([`WatchTiming::recheck`]).

use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::time::{Duration, UNIX_EPOCH};

use notify::event::{AccessKind, AccessMode};
use notify::{Event, EventKind, RecommendedWatcher, RecursiveMode, Watcher};
use tokio::sync::mpsc;

use crate::archive::ArchiveOptions;
use crate::corpus::walk::walk;
use crate::web::AppState;

/// How often the folder is polled when events are not available.
pub const DEFAULT_INTERVAL: Duration = Duration::from_secs(2);

/// How long the folder must be quiet before a burst of changes is taken in.
/// Short, now that an update costs what changed (a `cp` of a hundred files
/// is over in milliseconds): a new file is searchable within a second.
pub const DEFAULT_DEBOUNCE: Duration = Duration::from_millis(200);

/// How often the folder is walked even though events arrive: one walk of
/// 100k files a minute is a fraction of a percent of a core.
pub const DEFAULT_RECHECK: Duration = Duration::from_secs(60);

/// Longest a burst is waited out, in debounce times, before updating.
const MAX_BURST: u32 = 50;

#[derive(Debug, Clone, Copy)]
pub struct WatchTiming {
    /// Quiet time that ends a burst of events.
    pub debounce: Duration,
    /// Polling interval when there are no events.
    pub poll: Duration,
    /// Walk interval when there are events (for mounts that miss some).
    pub recheck: Duration,
}

impl WatchTiming {
    /// Debounce and poll every `interval`; recheck thirty times slower.
    pub fn every(interval: Duration) -> WatchTiming {
        WatchTiming {
            debounce: interval,
            poll: interval,
            recheck: interval.saturating_mul(30),
        }
    }
}

impl Default for WatchTiming {
    fn default() -> WatchTiming {
        WatchTiming {
            debounce: DEFAULT_DEBOUNCE,
            poll: DEFAULT_INTERVAL,
            recheck: DEFAULT_RECHECK,
        }
    }
}

/// A summary of the data folder that changes whenever a file is added,
/// removed, resized or rewritten. `None` when the folder cannot be read.
pub fn fingerprint(dir: &Path) -> Option<u64> {
    let (files, odd) = walk(dir).ok()?;
    let mut h = DefaultHasher::new();
    for f in &files {
        f.rel.hash(&mut h);
        if let Ok(meta) = std::fs::metadata(&f.path) {
            meta.len().hash(&mut h);
            let mtime = meta
                .modified()
                .ok()
                .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
                .map_or(0, |d| d.as_nanos());
            mtime.hash(&mut h);
        }
    }
    for r in &odd {
        r.file.hash(&mut h);
    }
    Some(h.finish())
}

/// [`run_with`] debouncing and polling every `interval`.
pub async fn run(
    state: AppState,
    options: ArchiveOptions,
    interval: Duration,
    baseline: Option<u64>,
) {
    run_with(state, options, WatchTiming::every(interval), baseline).await;
}

/// Why file-system events are not used.
#[derive(Debug, thiserror::Error)]
#[error("file-system events unavailable: {0}")]
pub struct NoEvents(#[from] notify::Error);

/// Whether an event may mean a changed folder. Opening or reading a file
/// is no change: inotify reports every open, the watcher's own walk and a
/// page reading an original among them, and waking on those made an idle
/// `--watch` walk the folder every few seconds. A file closed after
/// writing is a change.
pub fn is_change(event: &Event) -> bool {
    match event.kind {
        EventKind::Access(AccessKind::Close(AccessMode::Write)) => true,
        EventKind::Access(_) => false,
        _ => true,
    }
}

/// What one event says changed: these paths, or (an error, events lost
/// by the kernel, an event naming no path) anything at all.
#[derive(Debug)]
enum Heard {
    Paths(Vec<PathBuf>),
    Anything,
}

impl Heard {
    fn of(result: notify::Result<Event>) -> Option<Heard> {
        let event = match result {
            Ok(e) if !is_change(&e) => return None,
            Ok(e) => e,
            Err(_) => return Some(Heard::Anything),
        };
        if event.need_rescan() || event.paths.is_empty() {
            Some(Heard::Anything)
        } else {
            Some(Heard::Paths(event.paths))
        }
    }
}

/// The paths a burst of events named, or `None` once one of them could
/// have been anything (then the whole folder is scanned).
#[derive(Debug)]
struct Burst {
    paths: Option<Vec<PathBuf>>,
}

impl Burst {
    fn new() -> Burst {
        Burst {
            paths: Some(Vec::new()),
        }
    }

    fn add(&mut self, heard: Heard) {
        match (heard, &mut self.paths) {
            (Heard::Paths(p), Some(paths)) => paths.extend(p),
            _ => self.paths = None,
        }
    }
}

/// Subscribe to events below `dir`; each event that may be a change (or
/// error, which may mean lost events) sends what it names; the loop in
/// [`run_with`] waits out the burst.
fn subscribe(dir: &Path) -> Result<(RecommendedWatcher, mpsc::UnboundedReceiver<Heard>), NoEvents> {
    let (tx, rx) = mpsc::unbounded_channel();
    let mut watcher = notify::recommended_watcher(move |result: notify::Result<Event>| {
        if let Some(heard) = Heard::of(result) {
            let _ = tx.send(heard);
        }
    })?;
    watcher.watch(dir, RecursiveMode::Recursive)?;
    Ok((watcher, rx))
}

/// Watch `options.data_dir` until the task is dropped, swapping a rebuilt
/// archive into `state` after each change. A rebuild that fails keeps the
/// archive being served, and is logged. `baseline` is the folder's
/// [`fingerprint`] taken *before* the served archive was read: a file
/// written between that read and the watcher's first look is still a
/// change (taking the first fingerprint here would miss it).
pub async fn run_with(
    state: AppState,
    options: ArchiveOptions,
    timing: WatchTiming,
    baseline: Option<u64>,
) {
    let dir = options.data_dir.clone();
    // Subscribed before the first look, so nothing falls between them.
    let mut events = match subscribe(&dir) {
        Ok(subscribed) => {
            tracing::info!(folder = %dir.display(), "watching for changes (file-system events)");
            Some(subscribed)
        }
        Err(e) => {
            tracing::warn!(
                folder = %dir.display(),
                poll_s = timing.poll.as_secs_f64(),
                "{e}; polling the folder instead"
            );
            None
        }
    };
    let mut seen = baseline;
    let mut first = true;
    loop {
        // Events say which burst to take in; the update's own scan then
        // decides whether anything changed. Without events (or at a
        // recheck, for writes a mount did not report) the fingerprint
        // decides first, so an idle folder costs a walk, not a scan.
        let mut heard = None;
        if !first {
            match &mut events {
                Some((_, rx)) => {
                    match tokio::time::timeout(timing.recheck, rx.recv()).await {
                        // The watcher's thread ended: fall back to polling.
                        Ok(None) => events = None,
                        Ok(Some(first)) => {
                            let mut burst = Burst::new();
                            burst.add(first);
                            // Wait out the burst: until the folder is quiet
                            // for a whole debounce, but not for ever under a
                            // file written non-stop.
                            let end = tokio::time::Instant::now() + timing.debounce * MAX_BURST;
                            while tokio::time::Instant::now() < end
                                && let Ok(Some(next)) =
                                    tokio::time::timeout(timing.debounce, rx.recv()).await
                            {
                                burst.add(next);
                            }
                            heard = Some(burst);
                        }
                        Err(_) => {} // time for the recheck
                    }
                }
                None => tokio::time::sleep(timing.poll).await,
            }
        }
        first = false;
        if heard.is_some() {
            // Taken again at the next recheck, which then finds no change.
            seen = None;
        } else {
            // A walk of the whole folder (62 ms at 20,000 files): not on an
            // async worker, where it would stall requests.
            let walked = dir.clone();
            let Ok(now) = tokio::task::spawn_blocking(move || fingerprint(&walked)).await else {
                continue;
            };
            if now == seen || now.is_none() {
                continue;
            }
            seen = now;
        }
        let opts = options.clone();
        // Only what changed is read, extracted and indexed (see
        // `Archive::update`); after events, only the paths they named are
        // walked (the recheck above walks everything now and then, for
        // mounts that miss events).
        let prior = state.archive();
        let paths = heard.and_then(|b| b.paths);
        let update = move || prior.update_paths_if_changed(&opts, paths.as_deref());
        match tokio::task::spawn_blocking(update).await {
            Ok(Ok(Some(archive))) => {
                let (extracted, indexed) = (archive.timings.extracted, archive.timings.indexed);
                let (added, removed) = state.replace(archive);
                tracing::info!(
                    added,
                    removed,
                    extracted,
                    indexed,
                    "data folder changed; archive updated and swapped in"
                );
            }
            Ok(Ok(None)) => tracing::debug!("data folder events, but the same documents"),
            Ok(Err(e)) => {
                tracing::error!(error = %e, "data folder changed but could not be reloaded; still serving the previous archive")
            }
            Err(e) => tracing::error!(error = %e, "archive rebuild task failed"),
        }
    }
}

#[cfg(test)]
mod tests {
    use std::sync::mpsc;
    use std::time::Duration;

    use notify::{Event, RecursiveMode, Watcher};

    use super::is_change;

    /// Events a real watcher reports below `dir` while `act` runs.
    fn events_of(dir: &std::path::Path, act: impl FnOnce()) -> Vec<Event> {
        let (tx, rx) = mpsc::channel();
        let mut watcher = notify::recommended_watcher(move |e: notify::Result<Event>| {
            if let Ok(e) = e {
                let _ = tx.send(e);
            }
        })
        .unwrap();
        watcher.watch(dir, RecursiveMode::Recursive).unwrap();
        act();
        let mut out = Vec::new();
        while let Ok(e) = rx.recv_timeout(Duration::from_millis(500)) {
            out.push(e);
        }
        out
    }

    /// Issue 13 (the watcher idle): reading the folder, as the watcher's own
    /// walk and the article pages do, wakes nobody; writing, adding and
    /// removing files do.
    #[test]
    fn reading_is_no_change_and_writing_is() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("a.txt");
        std::fs::write(&file, "text").unwrap();
        std::thread::sleep(Duration::from_millis(100));
        let read = events_of(dir.path(), || {
            for _ in 0..3 {
                std::fs::read(&file).unwrap();
                crate::corpus::walk::walk(dir.path()).unwrap();
            }
        });
        if cfg!(target_os = "linux") {
            assert!(!read.is_empty(), "inotify reports opens");
        }
        assert!(read.iter().all(|e| !is_change(e)), "{read:?}");
        for act in [
            Box::new(|| std::fs::write(&file, "changed").unwrap()) as Box<dyn FnOnce()>,
            Box::new(|| std::fs::write(dir.path().join("b.txt"), "new").unwrap()),
            Box::new(|| std::fs::remove_file(&file).unwrap()),
        ] {
            let events = events_of(dir.path(), act);
            assert!(events.iter().any(is_change), "{events:?}");
        }
    }
}
