//! `--index-dir` (issue #6): an index kept on disk is reused by a restart
//! on the same corpus, with the same articles and the same results, and a
//! changed corpus is detected and rebuilt. Real files in a temp folder.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use demarche::corpus::{self, KnownFiles, LoadOptions};
use demarche::progress::Progress;
use demarche::search::SearchRequest;
use demarche::{Archive, ArchiveOptions};

use crate::support::{app_with_index, get, repo_path, seed_copy};

/// The fixture corpus (35 articles) copied into a temp folder.
fn fixture_copy() -> tempfile::TempDir {
    let dir = seed_copy();
    let articles = dir.path().join("articles");
    for entry in std::fs::read_dir(repo_path("tests/fixtures/articles")).expect("fixtures") {
        let entry = entry.expect("entry");
        std::fs::copy(entry.path(), articles.join(entry.file_name())).expect("copy");
    }
    dir
}

fn load(data: &std::path::Path, index: &std::path::Path) -> Archive {
    let mut options = ArchiveOptions::new(data);
    options.index_dir = Some(index.to_path_buf());
    Archive::load(&options).expect("archive loads")
}

/// What a search shows, comparable across archives.
fn results(a: &Archive, q: &str) -> (usize, Vec<String>, Vec<String>) {
    let req = SearchRequest {
        q: q.to_string(),
        page: 1,
        ..SearchRequest::default()
    };
    let r = a.index.search(&req, &a.articles).expect("search");
    let ids = r
        .hits
        .iter()
        .map(|h| a.articles[h.ord].id.clone())
        .collect();
    let facets = r
        .facets
        .iter()
        .flat_map(|(d, vs)| {
            vs.iter()
                .map(move |v| format!("{d:?}:{}={}", v.value, v.count))
        })
        .collect();
    (r.total, ids, facets)
}

#[test]
fn a_restart_reuses_the_index_with_the_same_articles_and_results() {
    let data = fixture_copy();
    let index = tempfile::tempdir().expect("temp dir");
    let first = load(data.path(), index.path());
    assert!(!first.timings.reused, "nothing to reuse yet");
    assert!(index.path().join("current/fingerprint").is_file());

    let second = load(data.path(), index.path());
    assert!(
        second.timings.reused,
        "an unchanged corpus reuses the index"
    );
    let ids = |a: &Archive| a.articles.iter().map(|x| x.id.clone()).collect::<Vec<_>>();
    assert_eq!(ids(&first), ids(&second));
    assert!(first.articles.len() > 30);
    for (a, b) in first.articles.iter().zip(&second.articles) {
        assert_eq!(
            serde_json::to_value(a.full().unwrap()).unwrap(),
            serde_json::to_value(b.full().unwrap()).unwrap(),
            "article {} comes back the same",
            a.id
        );
    }
    for q in [
        "cybercrime convention",
        "\"information security\"",
        "Syromolotov",
        "",
    ] {
        assert_eq!(results(&first, q), results(&second, q), "query {q:?}");
    }
    assert_eq!(first.speakers.len(), second.speakers.len());
    for i in 0..first.articles.len() {
        let bytes = second.original(i).read().expect("original readable");
        assert_eq!(bytes, first.original(i).read().unwrap());
        assert_eq!(
            bytes,
            std::fs::read(data.path().join(&first.articles[i].file)).unwrap()
        );
    }
}

#[test]
fn a_changed_corpus_is_rebuilt() {
    let data = fixture_copy();
    let index = tempfile::tempdir().expect("temp dir");
    let first = load(data.path(), index.path());
    let total = results(&first, "Wuzhen").0;
    assert!(total >= 1);

    // Edit one file: its hash changes, so the stored index is stale.
    let file = data.path().join("articles/02_xinhua_wic_wuzhen_letter.txt");
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(&file, text.replace("Wuzhen", "Hangzhou")).unwrap();
    let second = load(data.path(), index.path());
    assert!(!second.timings.reused, "an edited file forces a rebuild");
    assert!(results(&second, "Wuzhen").0 < total);
    assert!(results(&second, "Hangzhou").0 >= 1);

    // Remove a file: rebuilt again, one article fewer.
    std::fs::remove_file(data.path().join("articles/10_kyodo_g7_hiroshima.txt")).unwrap();
    let third = load(data.path(), index.path());
    assert!(!third.timings.reused);
    assert_eq!(third.articles.len(), second.articles.len() - 1);

    // And the rebuilt one is reused in turn.
    assert!(load(data.path(), index.path()).timings.reused);
}

#[test]
fn a_damaged_index_folder_is_rebuilt_not_fatal() {
    let data = seed_copy();
    let index = tempfile::tempdir().expect("temp dir");
    load(data.path(), index.path());
    std::fs::write(index.path().join("current/articles.chunks"), b"garbage").unwrap();
    let again = load(data.path(), index.path());
    assert!(!again.timings.reused);
    assert_eq!(again.articles.len(), 5);
    assert!(load(data.path(), index.path()).timings.reused);
}

/// Something done to a file of the index folder.
type Damage = fn(&std::path::Path);

/// Issue #14 item 6: a flipped byte in a tantivy file, or a truncated
/// vocabulary, is noticed at start-up and the index is rebuilt, with the
/// right answers (those of a fresh build) and spelling correction intact.
#[test]
fn a_flipped_byte_or_a_truncated_file_in_the_index_folder_is_rebuilt() {
    let data = fixture_copy();
    let fresh = Archive::load(&ArchiveOptions::new(data.path())).expect("fresh archive");
    let queries = [
        "cyber",
        "security council",
        "norms",
        "Khramov",
        "ransomware",
    ];
    let answers = |a: &Archive| queries.map(|q| results(a, q));
    let index = tempfile::tempdir().expect("temp dir");
    load(data.path(), index.path());
    // Segment names change with every build: looked up each time.
    let find = |suffix: &str| {
        let files = walk(&index.path().join("current"));
        files
            .iter()
            .find(|p| p.to_string_lossy().ends_with(suffix))
            .unwrap_or_else(|| panic!("no {suffix} in {files:?}"))
            .clone()
    };
    let damages: [(&str, Damage); 3] = [
        (".fast", |p| {
            let mut bytes = std::fs::read(p).unwrap();
            let mid = bytes.len() / 2;
            bytes[mid] ^= 0x40;
            std::fs::write(p, bytes).unwrap();
        }),
        ("vocabulary.txt", |p| {
            let len = std::fs::metadata(p).unwrap().len();
            std::fs::OpenOptions::new()
                .write(true)
                .open(p)
                .unwrap()
                .set_len(len / 3)
                .unwrap();
        }),
        ("articles.chunks", |p| {
            let mut bytes = std::fs::read(p).unwrap();
            let last = bytes.len() - 1;
            bytes[last] ^= 0x01;
            std::fs::write(p, bytes).unwrap();
        }),
    ];
    for (suffix, damage) in &damages {
        assert!(load(data.path(), index.path()).timings.reused, "{suffix}");
        damage(&find(suffix));
        let again = load(data.path(), index.path());
        assert!(!again.timings.reused, "{suffix}: damaged index reused");
        assert_eq!(answers(&again), answers(&fresh), "{suffix}");
        assert_eq!(
            again.index.respell("Khramof"),
            fresh.index.respell("Khramof"),
            "{suffix}"
        );
    }
    // Rebuilt whole: reused again on the next start.
    assert!(load(data.path(), index.path()).timings.reused);
}

#[test]
fn loading_reports_progress_and_a_summary() {
    let data = seed_copy();
    let lines = Arc::new(Mutex::new(Vec::<String>::new()));
    let sink = Arc::clone(&lines);
    let mut progress = Progress::lines(Duration::ZERO, 1, move |l| {
        sink.lock().unwrap().push(l.to_string());
    });
    let a = Archive::load_with(&ArchiveOptions::new(data.path()), &mut progress).unwrap();
    let lines = lines.lock().unwrap();
    assert_eq!(lines.len(), a.articles.len() + 1, "{lines:?}");
    assert!(
        lines[0].starts_with("indexing: 1/5 documents (20%), "),
        "{lines:?}"
    );
    let summary = lines.last().unwrap();
    assert!(
        summary.starts_with("indexed 5 documents, 0 rejected, in "),
        "{summary}"
    );
}

/// Set every file below `dir` to have been modified an hour ago, so the
/// table of known files trusts their stat (a file modified within the last
/// seconds is always read again).
fn age_files(dir: &std::path::Path) {
    let then = std::time::SystemTime::now() - Duration::from_secs(3600);
    for entry in walk(dir) {
        let f = std::fs::File::options().write(true).open(&entry).unwrap();
        f.set_modified(then).unwrap();
    }
}

fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(walk(&path));
        } else {
            out.push(path);
        }
    }
    out
}

#[test]
fn unchanged_files_are_not_read_again_and_name_the_same_documents() {
    let data = fixture_copy();
    let d = data.path();
    // Duplicates, clashing stems, a front matter id and a rejected file:
    // everything that naming depends on.
    std::fs::create_dir_all(d.join("other")).unwrap();
    std::fs::copy(
        d.join("articles/10_kyodo_g7_hiroshima.txt"),
        d.join("articles/zz_copy.txt"),
    )
    .unwrap();
    std::fs::copy(
        d.join("articles/02_xinhua_wic_wuzhen_letter.txt"),
        d.join("other/02_xinhua_wic_wuzhen_letter.txt"),
    )
    .unwrap();
    std::fs::write(
        d.join("other/02_xinhua_wic_wuzhen_letter.txt"),
        "Another letter, same name, other bytes, about the OEWG talks in New York.\n",
    )
    .unwrap();
    std::fs::write(
        d.join("other/curated.txt"),
        "+++\nid = \"curated-id\"\n+++\nThe curated text about the OEWG.\n",
    )
    .unwrap();
    std::fs::write(d.join("other/empty.txt"), " \n").unwrap();
    age_files(d);
    let options = LoadOptions::default();
    let none = KnownFiles::default();
    let full = corpus::load(d, options).unwrap().listing();
    let first = corpus::scan(d, options, &none).unwrap();
    assert_eq!(first.files_known(), 0);
    let known = first.known_files();
    assert_eq!(known.len(), first.files_read(), "every aged file recorded");

    let again = corpus::scan(d, options, &known).unwrap();
    assert_eq!(again.files_read(), 0, "nothing read when nothing changed");
    let listing = again.listing();
    assert_eq!(listing.documents, full.documents);
    let reasons = |l: &corpus::Listing| {
        l.rejected
            .iter()
            .map(|r| format!("{} {}", r.file, r.reason))
            .collect::<Vec<_>>()
    };
    assert_eq!(reasons(&listing), reasons(&full));
    assert!(reasons(&listing).iter().any(|r| r.contains("duplicate of")));
    assert!(listing.documents.iter().any(|x| x.id == "curated-id"));
    assert!(
        listing
            .documents
            .iter()
            .any(|x| x.id.starts_with("02_xinhua_wic_wuzhen_letter-"))
    );

    // A same-size edit with the old mtime put back still changes the
    // change time: read again.
    let file = d.join("articles/10_kyodo_g7_hiroshima.txt");
    let mut bytes = std::fs::read(&file).unwrap();
    let at = bytes.iter().position(|b| b.is_ascii_lowercase()).unwrap();
    bytes[at] = bytes[at].to_ascii_uppercase();
    let mtime = std::fs::metadata(&file).unwrap().modified().unwrap();
    std::fs::write(&file, &bytes).unwrap();
    std::fs::File::options()
        .write(true)
        .open(&file)
        .unwrap()
        .set_modified(mtime)
        .unwrap();
    let edited = corpus::scan(d, options, &known).unwrap();
    assert_eq!(edited.files_read(), 1);
    let listing = edited.listing();
    assert_eq!(
        listing.documents,
        corpus::load(d, options).unwrap().listing().documents
    );
    // The copy is no longer a duplicate of the edited file.
    assert!(!reasons(&listing).iter().any(|r| r.contains("duplicate of")));
    assert!(listing.documents.iter().any(|x| x.id == "zz_copy"));
}

#[test]
fn touching_a_file_still_reuses_and_an_edit_rebuilds() {
    let data = fixture_copy();
    let index = tempfile::tempdir().expect("temp dir");
    age_files(data.path());
    let first = load(data.path(), index.path());
    assert!(!first.timings.reused);
    assert!(index.path().join("files.postcard").is_file());
    assert!(load(data.path(), index.path()).timings.reused);

    // A new mtime, the same bytes: read again, same fingerprint, reused.
    let file = data.path().join("articles/02_xinhua_wic_wuzhen_letter.txt");
    std::fs::File::options()
        .write(true)
        .open(&file)
        .unwrap()
        .set_modified(std::time::SystemTime::now() - Duration::from_secs(60))
        .unwrap();
    let touched = load(data.path(), index.path());
    assert!(touched.timings.reused, "a touched file keeps the index");
    assert!(load(data.path(), index.path()).timings.reused);

    // Same size, different bytes: rebuilt.
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(&file, text.replace("Wuzhen", "WUZHEN")).unwrap();
    let edited = load(data.path(), index.path());
    assert!(!edited.timings.reused, "an edited file forces a rebuild");
    assert!(load(data.path(), index.path()).timings.reused);
}

#[tokio::test]
async fn an_original_changed_after_archiving_is_refused_clearly() {
    let data = fixture_copy();
    let index = tempfile::tempdir().expect("temp dir");
    let id = "02_xinhua_wic_wuzhen_letter";
    let file = data.path().join(format!("articles/{id}.txt"));
    let app = app_with_index(data.path(), index.path());
    let before = get(&app, &format!("/articles/{id}.txt")).await;
    assert_eq!(before.status, 200);
    assert_eq!(before.body, std::fs::read_to_string(&file).unwrap());

    std::fs::write(&file, "Rewritten after archiving.\n").unwrap();
    let after = get(&app, &format!("/articles/{id}.txt")).await;
    assert_eq!(after.status, 410, "{}", after.body);
    assert!(
        after
            .body
            .contains("has changed on disk since it was archived")
    );
    assert!(!after.body.contains("Rewritten after archiving"));
    // The article itself still shows, with a note instead of the original.
    let page = get(&app, &format!("/articles/{id}")).await;
    let page = get(&app, page.location()).await;
    assert_eq!(page.status, 200);
    assert!(
        page.body
            .contains("has changed on disk since it was archived")
    );
    assert!(!page.body.contains("Rewritten after archiving"));
    let api = get(&app, &format!("/api/articles/{id}")).await;
    assert_eq!(api.status, 200);
    let json: serde_json::Value = serde_json::from_str(&api.body).unwrap();
    assert!(json["raw"].is_null());
    assert!(json["raw_error"].as_str().unwrap().contains("changed"));

    std::fs::remove_file(&file).unwrap();
    let gone = get(&app, &format!("/articles/{id}.txt")).await;
    assert_eq!(gone.status, 410);
    assert!(gone.body.contains("no longer readable in the data folder"));
    // The OS's own words stay in the log (issue #14, "also").
    assert!(!gone.body.contains("os error"), "{}", gone.body);
    assert!(!gone.body.contains("No such file"), "{}", gone.body);
}

/// Issue 13: a build killed half-way leaves a `building-<pid>` folder (and
/// perhaps a `files.postcard.<pid>`); the next start of the real binary
/// removes them, but not those of a process still running.
#[test]
fn a_killed_builds_leftovers_are_removed_at_the_next_start() {
    use crate::hostile::shutdown::Server;
    let data = seed_copy();
    let index = tempfile::tempdir().expect("temp dir");
    // Above Linux's largest pid (2^22): no such process.
    let dead = index.path().join("building-4999999");
    std::fs::create_dir_all(dead.join("tantivy")).unwrap();
    std::fs::write(dead.join("tantivy/meta.json"), b"{half written").unwrap();
    let dead_aside = index.path().join("files.postcard.4999999");
    std::fs::write(&dead_aside, b"half").unwrap();
    // A process that is running: its build may be in progress.
    let mut live = std::process::Command::new("sleep")
        .arg("60")
        .spawn()
        .unwrap();
    let live_dir = index.path().join(format!("building-{}", live.id()));
    std::fs::create_dir_all(&live_dir).unwrap();

    let server = Server::start_with(
        data.path(),
        &["--index-dir", index.path().to_str().unwrap()],
    );
    assert!(!dead.exists(), "a dead build's folder is removed");
    assert!(!dead_aside.exists(), "a dead build's table is removed");
    assert!(live_dir.exists(), "a running process's build is kept");
    assert!(index.path().join("current/fingerprint").is_file());
    drop(server);
    let _ = live.kill();
    let _ = live.wait();
}

/// Articles as JSON, answers to a few searches, the directories (whose
/// lists of articles are also what related articles and a forum's
/// neighbours are found from) and a few respellings (the vocabulary).
pub type Visible = (
    Vec<serde_json::Value>,
    Vec<(usize, Vec<String>, Vec<String>)>,
    Vec<(String, Vec<String>)>,
    Vec<Option<String>>,
);

/// What a search finds, comparable between an index updated in place and
/// one built afresh: the total, the facets, and every hit as a set. Not the
/// relevance order: the documents an update deleted still count in BM25's
/// term statistics until their segment is merged (as in any Lucene-style
/// engine), so near-equal scores may swap; which articles match, and how
/// many of each facet value, may not differ.
fn found(a: &Archive, q: &str) -> (usize, Vec<String>, Vec<String>) {
    let (total, _, facets) = results(a, q);
    let req = SearchRequest {
        q: q.to_string(),
        ..SearchRequest::default()
    };
    let hits = a
        .index
        .export(
            &req,
            &a.articles,
            10_000,
            demarche::search::Budget::default(),
        )
        .expect("export");
    let mut ids: Vec<String> = hits.iter().map(|h| a.articles[h.ord].id.clone()).collect();
    ids.sort();
    assert_eq!(ids.len(), total, "{q}: every hit exported");
    (total, ids, facets)
}

/// The whole of an archive that a visitor can see, comparable.
pub fn visible(a: &Archive) -> Visible {
    let articles = a
        .articles
        .iter()
        .map(|x| serde_json::to_value(x.full().unwrap()).unwrap())
        .collect();
    let queries = ["cyber", "Wuzhen", "Hangzhou", "quokkas", "norms", ""];
    let answers = queries.iter().map(|q| found(a, q)).collect();
    let ids = |list: &[usize]| list.iter().map(|&i| a.articles[i].id.clone()).collect();
    let mut directories: Vec<(String, Vec<String>)> = Vec::new();
    for s in &a.speakers {
        directories.push((format!("speaker {}", s.slug), ids(&s.articles)));
    }
    for f in &a.forums {
        directories.push((format!("forum {}", f.slug), ids(&f.articles)));
    }
    for s in &a.sources {
        directories.push((format!("source {} {}", s.slug, s.articles), Vec::new()));
    }
    for (i, art) in a.articles.iter().enumerate() {
        directories.push((format!("related {}", art.id), ids(&a.related(i, 5))));
    }
    let respelt = ["Wuzhan", "Hangzou", "Syromolatov", "Quokas"]
        .iter()
        .map(|w| a.index.respell(w))
        .collect();
    (articles, answers, directories, respelt)
}

/// Issue 13: a restart with --index-dir after files were edited, added and
/// removed extracts only the edited and added ones (the stored articles of
/// the others are reused), and so does an update of the archive in memory
/// (`serve --watch`); either way the archive is the one a fresh build
/// makes, and unchanged permalinks stay.
#[test]
fn only_added_and_edited_files_are_extracted_and_the_archive_is_a_fresh_builds() {
    let data = fixture_copy();
    let index = tempfile::tempdir().expect("temp dir");
    let first = load(data.path(), index.path());
    assert_eq!(first.timings.extracted, first.articles.len());
    let fresh = || Archive::load(&ArchiveOptions::new(data.path())).unwrap();

    let file = data.path().join("articles/02_xinhua_wic_wuzhen_letter.txt");
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(&file, text.replace("Wuzhen", "Hangzhou")).unwrap();
    std::fs::write(
        data.path().join("articles/zz_added.txt"),
        "Delegates discuss quokkas at the OEWG\n\nDelegates at the Open-ended Working Group discussed quokkas on Monday, the chair said.\n",
    )
    .unwrap();
    std::fs::remove_file(data.path().join("articles/10_kyodo_g7_hiroshima.txt")).unwrap();
    let second = load(data.path(), index.path());
    assert!(!second.timings.reused);
    assert_eq!(second.timings.extracted, 2, "the edited and the added file");
    assert_eq!(
        second.timings.indexed, 2,
        "only they go to the index, in place, not the whole archive again"
    );
    assert_eq!(second.articles.len(), first.articles.len());
    assert_eq!(visible(&second), visible(&fresh()));
    for a in &second.articles {
        if let Some(before) = first.article(&a.id)
            && before.sha256 == a.sha256
        {
            assert_eq!(
                demarche::web::urls::article(before),
                demarche::web::urls::article(a),
                "an unchanged permalink moved"
            );
        }
    }
    // The rebuilt store is reused as usual.
    assert!(load(data.path(), index.path()).timings.reused);

    // In memory (`serve --watch`): one file edited, one extracted.
    let mut options = ArchiveOptions::new(data.path());
    options.index_dir = Some(index.path().to_path_buf());
    let file = data.path().join("articles/zz_added.txt");
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(&file, text.replace("Monday", "Tuesday")).unwrap();
    let third = second.update(&options).unwrap();
    assert_eq!(third.timings.extracted, 1);
    assert_eq!(third.timings.indexed, 1);
    assert_eq!(visible(&third), visible(&fresh()));
    // Without an index folder too, and a removal extracts nothing.
    std::fs::remove_file(&file).unwrap();
    let fourth = third.update(&ArchiveOptions::new(data.path())).unwrap();
    assert_eq!(fourth.timings.extracted, 0);
    assert_eq!(visible(&fourth), visible(&fresh()));
    // In RAM from the start: updated in place, one article indexed.
    std::fs::write(&file, text.replace("Monday", "Friday")).unwrap();
    let fifth = fourth.update(&ArchiveOptions::new(data.path())).unwrap();
    assert_eq!((fifth.timings.extracted, fifth.timings.indexed), (1, 1));
    assert_eq!(visible(&fifth), visible(&fresh()));
    std::fs::remove_file(&file).unwrap();
    let sixth = fifth.update(&ArchiveOptions::new(data.path())).unwrap();
    assert_eq!((sixth.timings.extracted, sixth.timings.indexed), (0, 0));
    assert_eq!(visible(&sixth), visible(&fresh()));
}

/// Issue 13: an update in place that is killed half-way (the fingerprint
/// is taken away before tantivy's commit and put back last; the articles
/// are written aside first) leaves a folder that the next start rebuilds
/// whole, never one whose index and articles disagree.
#[test]
fn an_update_killed_half_way_is_rebuilt_at_the_next_start() {
    let data = fixture_copy();
    let index = tempfile::tempdir().expect("temp dir");
    let first = load(data.path(), index.path());
    let n = first.articles.len();
    drop(first);
    // What a kill between the commit and the fingerprint leaves.
    let current = index.path().join("current");
    std::fs::remove_file(current.join("fingerprint")).unwrap();
    std::fs::write(current.join("articles.chunks.4999999"), b"half").unwrap();
    std::fs::write(
        data.path().join("articles/zz_added.txt"),
        "Delegates discuss quokkas at the OEWG\n\nDelegates at the Open-ended Working Group discussed quokkas on Monday, the chair said.\n",
    )
    .unwrap();
    let second = load(data.path(), index.path());
    assert!(!second.timings.reused);
    assert_eq!(second.timings.indexed, n + 1, "everything indexed again");
    assert!(!current.join("articles.chunks.4999999").exists());
    assert_eq!(
        visible(&second),
        visible(&Archive::load(&ArchiveOptions::new(data.path())).unwrap())
    );
    // And the rebuilt folder is whole again: reused as it is.
    assert!(load(data.path(), index.path()).timings.reused);
}

/// Every page, face and search a reader of this archive may ask for: the
/// pages and faces of each article in the sitemap, each speaker's and
/// forum's page, and searches whose snippets come from bodies, set-aside
/// lines and statements.
async fn every_face(router: &axum::Router) -> Vec<(String, String)> {
    let mut uris: Vec<String> = [
        "/",
        "/speakers",
        "/forums",
        "/feed.atom",
        "/search?q=",
        "/search?q=cyber",
        "/search?q=security+council",
        "/search?q=%22information+security%22",
        "/search?q=said&sort=date",
        "/statements?q=cyber",
        "/statements?q=",
        "/api/search?q=norms",
        "/api/search?q=convention&view=statements",
        "/search.csv?q=cyber",
        "/search.csv?q=state&view=statements",
    ]
    .into_iter()
    .map(str::to_string)
    .collect();
    let links = |body: &str, prefix: &str| -> Vec<String> {
        body.split("href=\"")
            .skip(1)
            .filter_map(|s| s.split('"').next())
            .filter(|h| h.starts_with(prefix) && h.len() > prefix.len())
            .map(str::to_string)
            .collect()
    };
    let speakers = get(router, "/speakers").await.body;
    uris.extend(links(&speakers, "/speakers/"));
    let forums = get(router, "/forums").await.body;
    uris.extend(links(&forums, "/forums/"));
    for path in crate::support::sitemap_articles(router).await {
        let id = path["/articles/".len()..].split('/').next().unwrap_or("");
        for face in [".txt", ".json", ".bib", ".ris", ".csl.json"] {
            uris.push(format!("/articles/{id}{face}"));
        }
        uris.push(format!("/api/articles/{id}"));
        uris.push(path);
    }
    uris.sort();
    uris.dedup();
    let mut out = Vec::new();
    for uri in uris {
        let r = get(router, &uri).await;
        out.push((uri, format!("{} {}", r.status, r.body)));
    }
    out
}

/// The first answer that differs, by its URI.
fn same(got: &[(String, String)], want: &[(String, String)], when: &str) {
    assert_eq!(
        got.iter().map(|(u, _)| u).collect::<Vec<_>>(),
        want.iter().map(|(u, _)| u).collect::<Vec<_>>(),
        "{when}: the same URIs"
    );
    if let Some(((uri, g), (_, w))) = got.iter().zip(want).find(|(g, w)| g != w) {
        panic!("{when}: {uri} differs\n--- from the index folder:\n{g}\n--- in memory:\n{w}");
    }
}

/// Issue 13 §5: with `--index-dir` the list in memory holds each article
/// without its body, set-aside lines and the like, which pages, snippets
/// and exports read back from the store. Every face of the archive is the
/// same as an archive built in memory: right after the build that wrote
/// the store, after a restart that read it back, and after an update in
/// place that rewrote part of it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_index_folder_serves_every_page_as_an_archive_in_memory_does() {
    let dir = fixture_copy();
    let index = tempfile::tempdir().unwrap();
    let in_ram = every_face(&crate::support::app_for(dir.path())).await;
    assert!(in_ram.len() > 250, "{} answers compared", in_ram.len());
    let bodies = in_ram
        .iter()
        .filter(|(u, r)| u.starts_with("/articles/") && r.contains("id=\"p1\""))
        .count();
    assert!(bodies > 0, "article pages show their bodies");

    let built = load(dir.path(), index.path());
    assert!(
        built.articles.iter().all(|a| a.body.is_empty()),
        "the list is slimmed after the build"
    );
    let built = demarche::web::app(demarche::web::AppState::new(built));
    same(&every_face(&built).await, &in_ram, "after the build");
    drop(built);

    let reopened = load(dir.path(), index.path());
    assert!(reopened.timings.reused);
    let reopened = demarche::web::app(demarche::web::AppState::new(reopened));
    same(&every_face(&reopened).await, &in_ram, "after a restart");
    drop(reopened);

    // An edit: its chunk is written again from the articles read back.
    let file = dir.path().join("articles").join(
        std::fs::read_dir(dir.path().join("articles"))
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .max()
            .unwrap(),
    );
    let mut text = std::fs::read_to_string(&file).unwrap();
    text.push_str("\n\nA closing paragraph added on wombats.\n");
    std::fs::write(&file, text).unwrap();
    let in_ram = every_face(&crate::support::app_for(dir.path())).await;
    let updated = load(dir.path(), index.path());
    assert_eq!(updated.timings.extracted, 1, "an update in place");
    let updated = demarche::web::app(demarche::web::AppState::new(updated));
    same(
        &every_face(&updated).await,
        &in_ram,
        "after an update in place",
    );
}
