//! Issue #14 items 4 and 5: a data file swapped after the walk looked at
//! it — for a FIFO, or for a symlink out of the data folder — is refused
//! when it is read, at start-up and when its original is served; nothing
//! waits on the FIFO and nothing outside the folder is served.

use std::os::unix::fs::symlink;
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use axum::http::StatusCode;
use demarche::{Archive, ArchiveOptions};

use super::get_raw;
use crate::support::*;

/// Far longer than any read here takes, far shorter than the 10 s request
/// timeout a blocked read used to run into.
const HANG: Duration = Duration::from_secs(5);

fn mkfifo(path: &Path) {
    let made = std::process::Command::new("mkfifo")
        .arg(path)
        .status()
        .unwrap();
    assert!(made.success());
}

async fn raw_within(app: &axum::Router, uri: &str) -> super::RawReply {
    tokio::time::timeout(HANG, get_raw(app, uri))
        .await
        .unwrap_or_else(|_| panic!("{uri} waited on the file"))
        .unwrap()
}

#[tokio::test]
async fn originals_swapped_for_a_fifo_or_an_outside_link_are_not_served() {
    let dir = seed_copy();
    let app = app_for(dir.path());
    let file = dir.path().join(format!("articles/{TASS}.txt"));
    let txt = format!("/articles/{TASS}.txt");
    let api = format!("/api/articles/{TASS}");
    assert_eq!(raw_within(&app, &txt).await.status, StatusCode::OK);

    std::fs::remove_file(&file).unwrap();
    symlink("/etc/passwd", &file).unwrap();
    for uri in [&txt, &api] {
        let r = raw_within(&app, uri).await;
        assert_eq!(r.status, if uri == &txt { 410 } else { 200 }, "{uri}");
        assert!(!r.text().contains("root:"), "{uri}: {}", r.text());
    }

    std::fs::remove_file(&file).unwrap();
    mkfifo(&file);
    // Each of these used to hold a blocking thread until a writer came.
    for _ in 0..3 {
        assert_eq!(raw_within(&app, &txt).await.status, StatusCode::GONE);
        let r = raw_within(&app, &api).await;
        assert_eq!(r.status, StatusCode::OK);
        assert!(r.text().contains("\"raw\":null"), "{}", r.text());
    }
}

#[test]
fn a_file_turning_into_a_fifo_while_loading_never_blocks_start_up() {
    let dir = seed_copy();
    let file = dir.path().join(format!("articles/{TASS}.txt"));
    let text = std::fs::read(&file).unwrap();
    let stop = Arc::new(AtomicBool::new(false));
    // Swaps the file for a FIFO and back as fast as it can, so that some
    // loads see a regular file when walking and a FIFO when reading.
    // Staged outside the data folder, renamed into it (same file system).
    let staging = tempfile::tempdir().unwrap();
    let swapper = {
        let (stop, file) = (stop.clone(), file.clone());
        let fifo = staging.path().join("fifo");
        let plain = staging.path().join("plain");
        std::thread::spawn(move || {
            while !stop.load(Ordering::Relaxed) {
                mkfifo(&fifo);
                std::fs::rename(&fifo, &file).unwrap();
                std::fs::write(&plain, &text).unwrap();
                std::fs::rename(&plain, &file).unwrap();
            }
        })
    };
    for _ in 0..10 {
        let (tx, rx) = std::sync::mpsc::channel();
        let options = ArchiveOptions::new(dir.path());
        std::thread::spawn(move || tx.send(Archive::load(&options).map(|a| a.articles.len())));
        let loaded = rx
            .recv_timeout(Duration::from_secs(60))
            .expect("start-up waited on a FIFO")
            .unwrap();
        assert!((4..=5).contains(&loaded), "{loaded}");
    }
    stop.store(true, Ordering::Relaxed);
    swapper.join().unwrap();
}

#[test]
fn a_fifo_for_a_gazetteer_does_not_block_start_up() {
    let dir = seed_copy();
    mkfifo(&dir.path().join(demarche::corpus::GAZETTEER_FILE));
    let (tx, rx) = std::sync::mpsc::channel();
    let options = ArchiveOptions::new(dir.path());
    std::thread::spawn(move || tx.send(Archive::load(&options).map(|a| a.articles.len())));
    let loaded = rx
        .recv_timeout(Duration::from_secs(60))
        .expect("start-up waited on the gazetteer FIFO")
        .unwrap();
    assert_eq!(loaded, 5);
}
