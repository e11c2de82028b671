//! Issue 13 item 4: one writer (`demarche index`) builds the index and
//! exits; replicas (`serve --read-only`) serve it without writing a byte,
//! with originals from `--data` when given and a clear 404 when not. The
//! real binary, on real folders.

use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::SystemTime;

use crate::hostile::shutdown::Server;
use crate::support::{TASS, seed_copy};

/// Every entry below `dir` (folders included, whose mtime changes when a
/// file is created or removed in them), with its length and mtime.
fn snapshot(dir: &Path) -> Vec<(PathBuf, bool, u64, SystemTime)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let meta = std::fs::metadata(&d).unwrap();
        out.push((d.clone(), true, 0, meta.modified().unwrap()));
        for entry in std::fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            let meta = std::fs::symlink_metadata(&path).unwrap();
            if meta.is_dir() {
                stack.push(path);
            } else {
                out.push((path, false, meta.len(), meta.modified().unwrap()));
            }
        }
    }
    out.sort();
    out
}

fn index(data: &Path, index: &Path) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_demarche"))
        .arg("index")
        .arg("--data")
        .arg(data)
        .arg("--index-dir")
        .arg(index)
        .env("RUST_LOG", "info")
        .output()
        .expect("run demarche index")
}

/// Status code and body of a raw HTTP/1.1 reply.
fn reply(raw: &[u8]) -> (u16, String) {
    let text = String::from_utf8_lossy(raw);
    let status = text
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let body = text.split_once("\r\n\r\n").map_or("", |(_, b)| b);
    (status, body.to_string())
}

#[test]
fn the_writer_indexes_and_exits_and_read_only_replicas_write_nothing() {
    let data = seed_copy();
    let dir = tempfile::tempdir().expect("temp dir");
    let out = index(data.path(), dir.path());
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(dir.path().join("current/fingerprint").is_file());
    let built = std::fs::metadata(dir.path().join("current/fingerprint"))
        .unwrap()
        .modified()
        .unwrap();
    // Run again on the same corpus: up to date, reused, not rebuilt.
    let out = index(data.path(), dir.path());
    assert!(out.status.success());
    let again = std::fs::metadata(dir.path().join("current/fingerprint"))
        .unwrap()
        .modified()
        .unwrap();
    assert_eq!(built, again, "an up-to-date index is not rebuilt");

    // tantivy's lock files stay behind after a build; a copy made for
    // replicas (an image layer) may lack them, and a reader would create
    // one (opened for writing: refused on a read-only mount).
    for (path, is_dir, _, _) in snapshot(dir.path()) {
        if !is_dir && path.extension().is_some_and(|e| e == "lock") {
            std::fs::remove_file(path).unwrap();
        }
    }
    let before = snapshot(dir.path());
    let path = |p: &Path| p.as_os_str().to_owned();
    let (i, d) = (path(dir.path()), path(data.path()));
    {
        // No data folder: pages and search work, originals are not here.
        let bare = Server::start_args(&[
            OsStr::new("serve"),
            OsStr::new("--index-dir"),
            &i,
            OsStr::new("--read-only"),
        ]);
        let (status, body) = reply(&bare.fetch("/search?q=cyber").unwrap());
        assert_eq!(status, 200);
        assert!(body.contains("results"), "{body}");
        let (status, _) = reply(&bare.fetch(&format!("/articles/{TASS}")).unwrap());
        assert_eq!(status, 301);
        let (status, body) = reply(&bare.fetch(&format!("/articles/{TASS}.txt")).unwrap());
        assert_eq!(status, 404, "{body}");
        assert!(body.contains("not on this replica"), "{body}");
        let (status, body) = reply(&bare.fetch(&format!("/api/articles/{TASS}")).unwrap());
        assert_eq!(status, 200);
        assert!(body.contains("not on this replica"), "{body}");
        let (status, _) = reply(&bare.fetch("/speakers").unwrap());
        assert_eq!(status, 200);

        // With the data folder mounted: originals served as archived.
        let full = Server::start_args(&[
            OsStr::new("serve"),
            OsStr::new("--index-dir"),
            &i,
            OsStr::new("--read-only"),
            OsStr::new("--data"),
            &d,
        ]);
        let (status, body) = reply(&full.fetch(&format!("/articles/{TASS}.txt")).unwrap());
        assert_eq!(status, 200, "{body}");
        let original =
            std::fs::read_to_string(data.path().join(format!("articles/{TASS}.txt"))).unwrap();
        let first_line = original.lines().next().unwrap();
        assert!(body.contains(first_line), "{body}");
    }
    assert_eq!(
        snapshot(dir.path()),
        before,
        "a replica changed the index folder"
    );

    // A replica needs a built index.
    let empty = tempfile::tempdir().unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_demarche"))
        .args([
            "serve",
            "--addr",
            "127.0.0.1:0",
            "--read-only",
            "--index-dir",
        ])
        .arg(empty.path())
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("holds no complete index"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
