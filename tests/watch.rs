//! Live updates (issue #7 item 5): `serve --watch` notices added, changed
//! and removed files, swaps the archive without failing a request, keeps
//! unchanged permalinks, and answers 410 for removed articles.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use axum::http::StatusCode;
use demarche::web::{AppState, app};
use demarche::{Archive, ArchiveOptions};

use crate::support::*;

/// Poll often in tests; the server default is two seconds.
const INTERVAL: Duration = Duration::from_millis(50);
const PATIENCE: Duration = Duration::from_secs(30);

async fn wait_for(app: &axum::Router, uri: &str, status: StatusCode) -> Reply {
    let start = Instant::now();
    loop {
        let r = get(app, uri).await;
        if r.status == status {
            return r;
        }
        assert!(
            start.elapsed() < PATIENCE,
            "{uri} never answered {status} (last {})",
            r.status
        );
        tokio::time::sleep(INTERVAL).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn added_changed_and_removed_files_are_swapped_in_without_a_failed_request() {
    let dir = seed_copy();
    let options = ArchiveOptions::new(dir.path());
    let baseline = demarche::watch::fingerprint(dir.path());
    let state = AppState::new(Archive::load(&options).unwrap());
    let router = app(state.clone());
    let watcher = tokio::spawn(demarche::watch::run(
        state.clone(),
        options,
        INTERVAL,
        baseline,
    ));
    let before = get(&router, &format!("/articles/{TASS}"))
        .await
        .location()
        .to_string();

    // Keep querying throughout; every answer must be a success.
    let stop = Arc::new(AtomicBool::new(false));
    let failures = Arc::new(AtomicUsize::new(0));
    let served = Arc::new(AtomicUsize::new(0));
    let load = {
        let (router, stop, failures, served) = (
            router.clone(),
            stop.clone(),
            failures.clone(),
            served.clone(),
        );
        tokio::spawn(async move {
            while !stop.load(Ordering::Relaxed) {
                for uri in [
                    "/search?q=cyber",
                    "/search?forum=osce",
                    "/speakers",
                    &format!("/articles/{TASS}"),
                ] {
                    let r = get(&router, uri).await;
                    if !(r.status.is_success() || r.status == StatusCode::MOVED_PERMANENTLY) {
                        failures.fetch_add(1, Ordering::Relaxed);
                    }
                    served.fetch_add(1, Ordering::Relaxed);
                    // oneshot can complete without awaiting any I/O; yield so
                    // the watcher's timer and the swaps get their turn.
                    tokio::task::yield_now().await;
                }
                tokio::time::sleep(Duration::from_millis(5)).await;
            }
        })
    };

    // Added.
    std::fs::write(
        dir.path().join("articles/zz_added.txt"),
        "Delegates resume OEWG talks in New York\n\nDelegates at the Open-ended Working Group resumed their talks on Monday, the chair said.\n",
    )
    .unwrap();
    wait_for(&router, "/articles/zz_added", StatusCode::MOVED_PERMANENTLY).await;

    // Changed: the new text is searchable.
    std::fs::write(
        dir.path().join("articles/zz_added.txt"),
        "Delegates resume OEWG talks in New York\n\nDelegates discussed quokkas at the Open-ended Working Group on Monday, the chair said.\n",
    )
    .unwrap();
    let start = Instant::now();
    while get(&router, "/search?q=quokkas")
        .await
        .attrs("ol.results h3 a", "href")
        .is_empty()
    {
        assert!(
            start.elapsed() < PATIENCE,
            "changed text never became searchable"
        );
        tokio::time::sleep(INTERVAL).await;
    }

    // Removed: 410 with its title offered as a search.
    let removed = "002_e0fd88e9bb503967";
    std::fs::remove_file(dir.path().join(format!("articles/{removed}.txt"))).unwrap();
    let gone = wait_for(&router, &format!("/articles/{removed}"), StatusCode::GONE).await;
    assert!(
        gone.body
            .contains("Threats to cyber security can only be deterred together")
    );
    assert_eq!(
        get(
            &router,
            &format!("/articles/{removed}/threats-to-cyber-security-can-only-be-deterred-together")
        )
        .await
        .status,
        StatusCode::GONE
    );
    // Its original too (issue 13): 410 like the page, not 404.
    let txt = get(&router, &format!("/articles/{removed}.txt")).await;
    assert_eq!(txt.status, StatusCode::GONE, "{}", txt.body);
    assert!(
        txt.body
            .contains("Threats to cyber security can only be deterred together")
    );
    assert_eq!(
        get(&router, "/articles/never-existed.txt").await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        get(&router, "/articles/never-existed").await.status,
        StatusCode::NOT_FOUND
    );

    stop.store(true, Ordering::Relaxed);
    load.await.unwrap();
    watcher.abort();
    assert!(
        served.load(Ordering::Relaxed) > 20,
        "the load loop barely ran"
    );
    assert_eq!(
        failures.load(Ordering::Relaxed),
        0,
        "requests failed during swaps"
    );
    // Unchanged permalinks keep working.
    assert_eq!(
        get(&router, &format!("/articles/{TASS}")).await.location(),
        before
    );
}

#[test]
fn the_fingerprint_sees_every_kind_of_change() {
    let dir = seed_copy();
    let f0 = demarche::watch::fingerprint(dir.path()).unwrap();
    assert_eq!(demarche::watch::fingerprint(dir.path()).unwrap(), f0);
    let extra = dir.path().join("articles/extra.txt");
    std::fs::write(&extra, "one").unwrap();
    let f1 = demarche::watch::fingerprint(dir.path()).unwrap();
    assert_ne!(f1, f0);
    std::fs::write(&extra, "one two").unwrap();
    let f2 = demarche::watch::fingerprint(dir.path()).unwrap();
    assert_ne!(f2, f1);
    std::fs::remove_file(&extra).unwrap();
    assert_eq!(demarche::watch::fingerprint(dir.path()).unwrap(), f0);
}

/// Issue 13: changes are heard as file-system events, not found by
/// polling (the polling and recheck intervals here are an hour), and a
/// burst of writes to many files becomes one update.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_burst_of_writes_is_heard_as_events_and_becomes_one_update() {
    let dir = seed_copy();
    let options = ArchiveOptions::new(dir.path());
    let baseline = demarche::watch::fingerprint(dir.path());
    let state = AppState::new(Archive::load(&options).unwrap());
    let router = app(state.clone());
    let hour = Duration::from_secs(3600);
    let timing = demarche::watch::WatchTiming {
        debounce: Duration::from_millis(300),
        poll: hour,
        recheck: hour,
    };
    let watcher = tokio::spawn(demarche::watch::run_with(
        state.clone(),
        options,
        timing,
        baseline,
    ));
    // Let the watcher subscribe (its first look finds nothing new).
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(state.updates(), 0);

    // Ten files, a few milliseconds apart: a copy of a folder.
    for n in 0..10 {
        put_whole(
            dir.path().join(format!("articles/burst_{n}.txt")),
            format!("Burst statement {n} on the OEWG\n\nDelegates at the Open-ended Working Group discussed wombats{n} on Monday, the chair said.\n"),
        )
        .unwrap();
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    for n in 0..10 {
        wait_for(
            &router,
            &format!("/articles/burst_{n}"),
            StatusCode::MOVED_PERMANENTLY,
        )
        .await;
    }
    // Nothing more arrives later: the burst was one update.
    tokio::time::sleep(Duration::from_secs(1)).await;
    assert_eq!(state.updates(), 1, "a burst of ten writes made one update");
    assert_eq!(
        state.archive().timings.extracted,
        10,
        "only the ten new files were extracted"
    );

    // One more file, one more update.
    std::fs::remove_file(dir.path().join("articles/burst_0.txt")).unwrap();
    wait_for(&router, "/articles/burst_0", StatusCode::GONE).await;
    tokio::time::sleep(Duration::from_millis(800)).await;
    assert_eq!(state.updates(), 2);
    assert_eq!(
        state.archive().timings.extracted,
        0,
        "a removal extracts nothing"
    );
    watcher.abort();
}

/// Writes a file whole: into a folder of its own, then renamed into
/// place, so the watcher never reads it half-written (a plain write is a
/// create and a write, which a loaded machine may hear as two bursts and
/// update twice for).
fn put_whole(path: impl AsRef<std::path::Path>, text: impl AsRef<[u8]>) -> std::io::Result<()> {
    let path = path.as_ref();
    let staging = tempfile::tempdir_in(std::env::temp_dir())?;
    let staged = staging.path().join("staged");
    std::fs::write(&staged, text)?;
    std::fs::rename(&staged, path)
}

/// The total and forum facet of an API search.
async fn api_total(app: &axum::Router, q: &str) -> (u64, Vec<String>) {
    let r = get(app, &format!("/api/search?q={q}")).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let json: serde_json::Value = serde_json::from_str(&r.body).unwrap();
    let forums = json["facets"]["forum"]
        .as_array()
        .map(|vs| {
            vs.iter()
                .map(|v| format!("{}={}", v["value"].as_str().unwrap_or(""), v["count"]))
                .collect()
        })
        .unwrap_or_default();
    (json["total"].as_u64().unwrap(), forums)
}

async fn wait_total(app: &axum::Router, q: &str, want: u64) -> Vec<String> {
    let start = Instant::now();
    loop {
        let (total, forums) = api_total(app, q).await;
        if total == want {
            return forums;
        }
        assert!(start.elapsed() < PATIENCE, "{q} never had {want} hits");
        tokio::time::sleep(INTERVAL).await;
    }
}

/// The tantivy segment files of an index folder's current index.
fn segment_files(index: &std::path::Path) -> Vec<String> {
    let mut files: Vec<String> = std::fs::read_dir(index.join("current/tantivy"))
        .unwrap()
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter(|n| n.ends_with(".idx") || n.ends_with(".store"))
        .collect();
    files.sort();
    files
}

/// Issue 13 §1: under `--watch` an added, an edited and a removed file
/// reach search, pages, facets and the forum directory through an update
/// of the index in place: one document extracted and indexed (none for
/// the removal), the segments of the first build untouched (with an index
/// folder), and the archive afterwards what a fresh load of the folder is.
async fn updates_in_place(index_dir: Option<&std::path::Path>) -> tempfile::TempDir {
    let dir = seed_copy();
    let mut options = ArchiveOptions::new(dir.path());
    options.index_dir = index_dir.map(std::path::Path::to_path_buf);
    let baseline = demarche::watch::fingerprint(dir.path());
    let state = AppState::new(Archive::load(&options).unwrap());
    let router = app(state.clone());
    let n = state.archive().articles.len();
    assert_eq!(
        state.archive().timings.indexed,
        n,
        "a first build indexes all"
    );
    let segments = index_dir.map(segment_files);
    let timing = demarche::watch::WatchTiming {
        debounce: Duration::from_millis(100),
        poll: INTERVAL,
        recheck: PATIENCE,
    };
    let watcher = tokio::spawn(demarche::watch::run_with(
        state.clone(),
        options,
        timing,
        baseline,
    ));
    let file = dir.path().join("articles/zz_pangolins.txt");
    let oewg = "/forums/open-ended-working-group";
    let before = wait_total(&router, "cyber", api_total(&router, "cyber").await.0).await;

    // Added.
    put_whole(
        &file,
        "Delegates discuss pangolins at the OEWG\n\nDelegates at the Open-ended Working Group discussed pangolins on Monday, the chair said.\n",
    )
    .unwrap();
    let forums = wait_total(&router, "pangolins", 1).await;
    assert_eq!(forums, ["open-ended-working-group=1"], "its facet");
    let a = state.archive();
    assert_eq!(a.articles.len(), n + 1);
    assert_eq!(
        (a.timings.extracted, a.timings.indexed),
        (1, 1),
        "one file extracted, one article indexed: not a rebuild"
    );
    if let (Some(index), Some(before)) = (index_dir, &segments) {
        let now = segment_files(index);
        assert!(
            before.iter().all(|f| now.contains(f)),
            "the first build's segments are kept: {before:?} → {now:?}"
        );
        assert!(now.len() > before.len(), "one more segment: {now:?}");
    }
    assert_eq!(
        get(&router, "/articles/zz_pangolins").await.status,
        StatusCode::MOVED_PERMANENTLY
    );
    assert!(
        get(&router, oewg)
            .await
            .body
            .contains("Delegates discuss pangolins"),
        "the forum's directory lists it"
    );
    assert_eq!(
        api_total(&router, "cyber").await.1,
        before,
        "others unchanged"
    );

    // Edited: the new words are found, the old ones not.
    put_whole(
        &file,
        "Delegates discuss axolotls at the OEWG\n\nDelegates at the Open-ended Working Group discussed axolotls on Monday, the chair said.\n",
    )
    .unwrap();
    wait_total(&router, "axolotls", 1).await;
    assert_eq!(api_total(&router, "pangolins").await.0, 0);
    let a = state.archive();
    assert_eq!(a.articles.len(), n + 1);
    assert_eq!((a.timings.extracted, a.timings.indexed), (1, 1));
    assert!(
        get(&router, oewg)
            .await
            .body
            .contains("Delegates discuss axolotls")
    );

    // Removed: its page and its .txt answer 410 as soon as it is gone.
    std::fs::remove_file(&file).unwrap();
    wait_total(&router, "axolotls", 0).await;
    assert_eq!(
        get(&router, "/articles/zz_pangolins").await.status,
        StatusCode::GONE
    );
    assert_eq!(
        get(&router, "/articles/zz_pangolins.txt").await.status,
        StatusCode::GONE
    );
    let a = state.archive();
    assert_eq!(a.articles.len(), n);
    assert_eq!((a.timings.extracted, a.timings.indexed), (0, 0));
    assert!(!get(&router, oewg).await.body.contains("Delegates discuss"));
    assert_eq!(state.updates(), 3, "one update per change");
    watcher.abort();

    // What the updates left is what a fresh load of the folder gives.
    let fresh = Archive::load(&ArchiveOptions::new(dir.path())).unwrap();
    assert_eq!(
        crate::index_dir::visible(&a),
        crate::index_dir::visible(&fresh)
    );
    dir
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn added_edited_and_removed_files_update_the_index_in_place_in_ram() {
    updates_in_place(None).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn added_edited_and_removed_files_update_the_index_folder_in_place() {
    let index = tempfile::tempdir().unwrap();
    let data = updates_in_place(Some(index.path())).await;
    // And the folder is left valid: a restart reuses it as it is.
    let mut options = ArchiveOptions::new(data.path());
    options.index_dir = Some(index.path().to_path_buf());
    let restarted = Archive::load(&options).unwrap();
    assert!(restarted.timings.reused, "the updated folder is reused");
    assert_eq!(
        crate::index_dir::visible(&restarted),
        crate::index_dir::visible(&Archive::load(&ArchiveOptions::new(data.path())).unwrap())
    );
}

/// A file with front matter naming its speakers and forum, dated.
fn statement(title: &str, date: &str, speakers: &[&str], forum: &str, words: &str) -> String {
    let names: Vec<String> = speakers
        .iter()
        .map(|s| format!("{{ name = \"{s}\" }}"))
        .collect();
    format!(
        "+++\ntitle = \"{title}\"\ndate = \"{date}\"\nspeakers = [{}]\nforums = [\"{forum}\"]\n+++\n\
         {title}\n\nThe delegates discussed {words} at length on Monday, and the chair said the {words} \
         would be on the agenda again.\n",
        names.join(", ")
    )
}

/// Every page and answer that the directories, facet tables, labels, alias
/// maps and sitemap feed, through the real router.
async fn what_readers_see(router: &axum::Router) -> Vec<(String, String)> {
    let mut uris: Vec<String> = [
        "/",
        "/speakers",
        "/speakers?sort=name",
        "/forums",
        "/forums?sort=name",
        "/sitemap.xml",
        "/search?q=",
        "/search?q=cyber",
        "/search?q=wombats",
        "/search?q=numbats",
        "/api/search?q=",
        "/api/search?q=cyber",
        "/api/search?q=wombats",
        "/api/search?q=numbats&forum=open-ended-working-group",
        "/api/search?q=&speaker=ada-quill",
        "/api/search?q=&speaker=bo-marsh",
        "/api/search?q=&speaker=cy-fenn",
        "/api/search?q=Ada%20Quil",
        "/speakers/ada-quill",
        "/speakers/bo-marsh",
        "/speakers/cy-fenn",
        "/forums/open-ended-working-group",
        "/forums/wombat-council",
        "/feed.atom",
    ]
    .into_iter()
    .map(str::to_string)
    .collect();
    uris.extend(crate::support::sitemap_articles(router).await);
    let mut out = Vec::new();
    for uri in uris {
        let r = get(router, &uri).await;
        out.push((uri, format!("{} {}", r.status, r.body)));
    }
    out
}

/// Issue 13 §1: the directories, facet tables, labels, name respelling,
/// related articles and sitemap that updates carry over from the changed
/// articles only are what a fresh build of the same folder serves — with
/// files added in the middle of the path order (every later position
/// moves), a new speaker and forum, an edit that renames a speaker and
/// removals, including of a speaker's and a forum's last article — and
/// each update extracted only the changed files.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn updates_carried_over_serve_what_a_fresh_build_serves() {
    let dir = seed_copy();
    let articles = dir.path().join("articles");
    put_whole(
        articles.join("002a_first.txt"),
        statement(
            "Ada Quill on wombats",
            "2021-03-04",
            &["Ada Quill"],
            "OEWG",
            "wombats",
        ),
    )
    .unwrap();
    let options = ArchiveOptions::new(dir.path());
    let baseline = demarche::watch::fingerprint(dir.path());
    let state = AppState::new(Archive::load(&options).unwrap());
    let router = app(state.clone());
    let timing = demarche::watch::WatchTiming {
        debounce: Duration::from_millis(100),
        poll: INTERVAL,
        recheck: PATIENCE,
    };
    let watcher = tokio::spawn(demarche::watch::run_with(
        state.clone(),
        options,
        timing,
        baseline,
    ));
    let fresh_router = || {
        app(AppState::new(
            Archive::load(&ArchiveOptions::new(dir.path())).unwrap(),
        ))
    };

    // Added before the others in path order, a new speaker and a new forum.
    put_whole(
        articles.join("000a_new.txt"),
        statement(
            "Bo Marsh on numbats",
            "2022-05-06",
            &["Bo Marsh", "Ada Quill"],
            "Wombat Council",
            "numbats",
        ),
    )
    .unwrap();
    wait_total(&router, "numbats", 1).await;
    assert_eq!(state.updates(), 1);
    assert_eq!(state.archive().timings.extracted, 1, "one file extracted");
    assert_eq!(
        what_readers_see(&router).await,
        what_readers_see(&fresh_router()).await
    );

    // Edited: another speaker, older; and one more added in the middle.
    put_whole(
        articles.join("002a_first.txt"),
        statement(
            "Cy Fenn on wombats",
            "2019-01-02",
            &["Cy Fenn"],
            "OEWG",
            "wombats",
        ),
    )
    .unwrap();
    put_whole(
        articles.join("001a_more.txt"),
        statement(
            "Ada Quill on numbats",
            "2020-07-08",
            &["Ada Quill"],
            "OEWG",
            "numbats",
        ),
    )
    .unwrap();
    wait_total(&router, "numbats", 2).await;
    let start = Instant::now();
    while state
        .archive()
        .articles
        .iter()
        .all(|a| a.title != "Cy Fenn on wombats")
    {
        assert!(start.elapsed() < PATIENCE, "the edit never landed");
        tokio::time::sleep(INTERVAL).await;
    }
    let a = state.archive();
    assert!(
        (1..=2).contains(&a.timings.extracted),
        "only the changed files extracted: {}",
        a.timings.extracted
    );
    drop(a);
    assert_eq!(
        what_readers_see(&router).await,
        what_readers_see(&fresh_router()).await
    );

    // Removed: the only article of Bo Marsh and of the Wombat Council.
    std::fs::remove_file(articles.join("000a_new.txt")).unwrap();
    wait_total(&router, "numbats", 1).await;
    assert_eq!(
        state.archive().timings.extracted,
        0,
        "a removal extracts nothing"
    );
    assert_eq!(
        what_readers_see(&router).await,
        what_readers_see(&fresh_router()).await
    );

    // Removed: one whose speaker and forum others still have.
    std::fs::remove_file(articles.join("001a_more.txt")).unwrap();
    wait_total(&router, "numbats", 0).await;
    assert_eq!(state.archive().timings.extracted, 0);
    assert_eq!(
        what_readers_see(&router).await,
        what_readers_see(&fresh_router()).await
    );
    watcher.abort();
}
