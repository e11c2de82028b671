//! `--index-dir` (issue #6): an index kept on disk is reused by a restart
//! on the same corpus, with the same articles and the same results, and a
//! changed corpus is detected and rebuilt. Real files in a temp folder.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use demarche::progress::Progress;
use demarche::search::SearchRequest;
use demarche::{Archive, ArchiveOptions};

use crate::support::{repo_path, seed_copy};

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
            serde_json::to_value(a).unwrap(),
            serde_json::to_value(b).unwrap(),
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
    assert_eq!(first.raw, second.raw);
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
    std::fs::write(
        index.path().join("current/articles.postcard.zst"),
        b"garbage",
    )
    .unwrap();
    let again = load(data.path(), index.path());
    assert!(!again.timings.reused);
    assert_eq!(again.articles.len(), 5);
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
