//! Item 1: every file accounted for. A data folder full of what curators
//! really drop in (and worse) is counted independently on disk, and
//! `check`, the loader and the server all agree with that count; nothing in
//! it stops the server from starting.
//!
//! Tests run as root here, and root reads a `chmod 000` file anyway, so
//! "unreadable" is proven with entries no one can read as a file: a
//! dangling symlink, a symlink loop, a FIFO and a Unix socket. The
//! `chmod 000` file is still in the corpus and must be accounted for either
//! way (indexed as root, rejected otherwise).

use sha2::Digest;
use std::os::unix::ffi::OsStrExt;
use std::os::unix::fs::{PermissionsExt, symlink};
use std::path::Path;

use axum::http::StatusCode;
use demarche::corpus::{self, LoadOptions, RejectReason};
use demarche::web::{AppState, app};
use demarche::{Archive, ArchiveOptions};

use super::get_raw;
use crate::support::*;

/// Text that appears only in the UTF-16 files.
const UTF16_WORD: &str = "Quokkaland";

pub fn utf16(s: &str, big_endian: bool) -> Vec<u8> {
    let mut out = if big_endian {
        vec![0xfe, 0xff]
    } else {
        vec![0xff, 0xfe]
    };
    for unit in s.encode_utf16() {
        out.extend_from_slice(&if big_endian {
            unit.to_be_bytes()
        } else {
            unit.to_le_bytes()
        });
    }
    out
}

/// Five megabytes of words and not one newline.
pub fn one_long_line() -> Vec<u8> {
    let words = [
        "cyber",
        "norms",
        "delegation",
        "statement",
        "security",
        "the",
        "of",
        "said",
    ];
    let mut out = Vec::with_capacity(5_000_000);
    let mut i = 0usize;
    while out.len() < 5_000_000 - 16 {
        out.extend_from_slice(words[i % words.len()].as_bytes());
        out.push(b' ');
        i = i.wrapping_mul(31).wrapping_add(7) % 1_000_003;
    }
    out
}

fn write(dir: &Path, rel: &str, bytes: impl AsRef<[u8]>) {
    let path = dir.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, bytes).unwrap();
}

const ARTICLE: &str = "Delegates meet in Geneva on cyber norms\n\n\
    GENEVA, 3 March 2023 — Delegates at the Open-ended Working Group said on Friday \
    that the talks on responsible state behaviour in cyberspace would resume next month.\n";

/// Build the hostile corpus: the seed articles plus one of everything bad.
/// The 5 MB line costs seconds of extraction in a debug build, so only the
/// tests that need it ask for it (the server starting on it is proven by
/// the shutdown test, which serves its page).
pub fn hostile_corpus(long_line: bool) -> tempfile::TempDir {
    let dir = seed_copy();
    let d = dir.path();
    write(d, "hostile/empty.txt", "");
    write(d, "hostile/blank.txt", " \n\t \r\n  ");
    write(d, "hostile/blank-utf16.txt", utf16(" \r\n\t ", false));
    write(
        d,
        "hostile/binary.png",
        b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\x01",
    );
    write(
        d,
        "hostile/noise.dat",
        (1u8..=255).cycle().take(4096).collect::<Vec<_>>(),
    );
    write(
        d,
        "hostile/invalid-utf8.txt",
        b"Delegates met in Geneva \xC3\x28 on Friday. The chair \xFF closed the session.\n",
    );
    let mut damaged = "Заявление МИД России о международной информационной безопасности\n\n\
        Москва заявила, что переговоры в Рабочей группе открытого состава продолжатся.\n"
        .as_bytes()
        .to_vec();
    damaged.push(0xd0); // a download cut in the middle of a character
    write(d, "hostile/damaged-utf8.txt", damaged);
    write(
        d,
        "hostile/cp1252.txt",
        b"Minister\x92s remarks on \x93cyber norms\x94\n\nThe minister\x92s caf\xe9 \
          remarks \x96 on r\xe9sum\xe9s and na\xefve hopes \x96 were welcomed by delegates.\n"
            .as_slice(),
    );
    let utf16_text = format!(
        "{UTF16_WORD} delegation on cyber norms\r\n\r\nThe {UTF16_WORD} delegation \
         told the Open-ended Working Group that «capacity building» comes first.\r\n"
    );
    write(d, "hostile/utf16le.txt", utf16(&utf16_text, false));
    write(d, "hostile/utf16be.txt", utf16(&utf16_text, true));
    // Sparse: over the limit on disk without costing the test 6 MB of writes.
    std::fs::File::create(d.join("hostile/too-big.txt"))
        .unwrap()
        .set_len(6 * 1024 * 1024)
        .unwrap();
    if long_line {
        write(d, "hostile/one-line.txt", one_long_line());
    }
    let fifo = std::process::Command::new("mkfifo")
        .arg(d.join("hostile/fifo.txt"))
        .status()
        .unwrap();
    assert!(fifo.success());
    drop(std::os::unix::net::UnixListener::bind(d.join("hostile/socket.txt")).unwrap());
    symlink("does-not-exist.txt", d.join("hostile/dangling.txt")).unwrap();
    symlink("loop-b.txt", d.join("hostile/loop-a.txt")).unwrap();
    symlink("loop-a.txt", d.join("hostile/loop-b.txt")).unwrap();
    symlink("self.txt", d.join("hostile/self.txt")).unwrap();
    symlink("..", d.join("hostile/up")).unwrap();
    // Issue #14 item 5: a link out of the data folder is never followed.
    symlink("/etc/passwd", d.join("hostile/passwd_link.txt")).unwrap();
    write(
        d,
        "hostile/chmod000.txt",
        ARTICLE.replace("Geneva", "Vienna"),
    );
    std::fs::set_permissions(
        d.join("hostile/chmod000.txt"),
        std::fs::Permissions::from_mode(0o000),
    )
    .unwrap();
    let dup = ARTICLE.replace("Geneva", "Bishkek");
    write(d, "hostile/dup-a.txt", &dup);
    write(d, "hostile/z-copies/dup-b.txt", &dup);
    symlink(
        format!("../articles/{TASS}.txt"),
        d.join("hostile/link-to-seed.txt"),
    )
    .unwrap();
    write(d, "a/statement.txt", ARTICLE.replace("Geneva", "Minsk"));
    write(d, "b/statement.txt", ARTICLE.replace("Geneva", "Astana"));
    write(
        d,
        "hostile/bad-front.txt",
        format!("+++\ntitle = \n+++\n{ARTICLE}"),
    );
    write(
        d,
        "hostile/evil-id.txt",
        format!("+++\nid = \"../../etc/passwd\"\n+++\n{ARTICLE}").replace("Geneva", "Tashkent"),
    );
    write(d, "hostile/.hidden.txt", ARTICLE.replace("Geneva", "Oslo"));
    write(d, "hostile/no-extension", ARTICLE.replace("Geneva", "Riga"));
    let odd_name = std::ffi::OsStr::from_bytes(b"hostile/odd\xffname.txt");
    std::fs::write(d.join(odd_name), ARTICLE.replace("Geneva", "Lima")).unwrap();
    dir
}

/// Count what is on disk without the loader's help: every entry that is not
/// a directory (symlinks are not followed, whatever they point to), minus
/// the gazetteer, which is configuration.
pub fn count_files(root: &Path) -> usize {
    fn walk(dir: &Path) -> usize {
        std::fs::read_dir(dir)
            .unwrap()
            .map(|e| {
                let e = e.unwrap();
                let meta = std::fs::symlink_metadata(e.path()).unwrap();
                if meta.is_dir() { walk(&e.path()) } else { 1 }
            })
            .sum()
    }
    walk(root) - usize::from(root.join(corpus::GAZETTEER_FILE).exists())
}

#[test]
fn every_file_in_a_hostile_folder_is_indexed_or_rejected() {
    let dir = hostile_corpus(true);
    let on_disk = count_files(dir.path());
    let c = corpus::load(dir.path(), LoadOptions::default()).unwrap();
    assert_eq!(c.documents.len() + c.rejected.len(), on_disk);

    let reason = |file: &str| {
        c.rejected
            .iter()
            .find(|r| r.file == file)
            .map(|r| r.reason.clone())
            .unwrap_or_else(|| panic!("{file} not rejected: {:#?}", c.rejected))
    };
    for f in ["empty.txt", "blank.txt", "blank-utf16.txt"] {
        assert_eq!(reason(&format!("hostile/{f}")), RejectReason::Empty, "{f}");
    }
    for f in ["binary.png", "noise.dat"] {
        assert_eq!(reason(&format!("hostile/{f}")), RejectReason::Binary, "{f}");
    }
    assert!(matches!(
        reason("hostile/too-big.txt"),
        RejectReason::TooLarge { .. }
    ));
    for f in ["fifo.txt", "socket.txt", "up"] {
        assert_eq!(
            reason(&format!("hostile/{f}")),
            RejectReason::NotAFile,
            "{f}"
        );
    }
    for f in ["dangling.txt", "loop-a.txt", "loop-b.txt", "self.txt"] {
        assert!(
            matches!(
                reason(&format!("hostile/{f}")),
                RejectReason::Unreadable { .. }
            ),
            "{f}"
        );
    }
    assert_eq!(
        reason("hostile/passwd_link.txt"),
        RejectReason::OutsideDataFolder
    );
    assert!(c.documents.iter().all(|d| !d.text.contains("root:")));
    assert_eq!(
        reason("hostile/z-copies/dup-b.txt"),
        RejectReason::Duplicate {
            of: "hostile/dup-a.txt".into(),
            id: "dup-a".into()
        }
    );
    assert_eq!(
        reason("hostile/link-to-seed.txt"),
        RejectReason::Duplicate {
            of: format!("articles/{TASS}.txt"),
            id: TASS.into()
        }
    );

    let doc = |id: &str| {
        c.documents
            .iter()
            .find(|d| d.id == id)
            .unwrap_or_else(|| panic!("no document {id}"))
    };
    // Text in other encodings is decoded; the hash is of the bytes as they were.
    let cp = doc("cp1252");
    assert!(
        cp.text
            .contains("minister\u{2019}s café remarks \u{2013} on résumés and naïve")
    );
    assert_eq!(cp.encoding, "windows-1252");
    let bytes = std::fs::read(dir.path().join("hostile/cp1252.txt")).unwrap();
    assert_eq!(cp.sha256, corpus::hex(&sha2::Sha256::digest(&bytes)));
    for (id, enc) in [("utf16le", "UTF-16LE"), ("utf16be", "UTF-16BE")] {
        let d = doc(id);
        assert_eq!(d.encoding, enc);
        assert!(d.text.contains("«capacity building»"), "{}", d.text);
    }
    assert!(doc("damaged-utf8").text.contains("Рабочей группе"));
    assert!(doc("invalid-utf8").text.contains("The chair"));
    assert_eq!(doc("one-line").text.len(), one_long_line().len());
    // Duplicates: one document, both names on it.
    assert_eq!(
        doc("dup-a").duplicates,
        vec!["hostile/z-copies/dup-b.txt".to_string()]
    );
    // Malformed or unsafe front matter: reported, text still used.
    assert!(
        doc("bad-front")
            .front_error
            .as_deref()
            .unwrap()
            .contains("malformed TOML")
    );
    assert!(
        doc("evil-id")
            .front_error
            .as_deref()
            .unwrap()
            .contains("not URL-safe")
    );
    // Odd names still give URL-safe ids, and are read through their real path.
    assert!(doc("hidden").text.contains("Oslo"));
    assert!(doc("no-extension").text.contains("Riga"));
    assert!(c.documents.iter().any(|d| d.text.contains("Lima")));
    assert!(c.documents.iter().all(|d| corpus::is_url_safe_id(&d.id)));
    // Same stem in two folders: unique ids, the same on every load.
    assert_eq!(doc("statement").file, "a/statement.txt");
    let other = c
        .documents
        .iter()
        .find(|d| d.file == "b/statement.txt")
        .unwrap();
    assert!(other.id.starts_with("statement-"), "{}", other.id);
    let again = corpus::load(dir.path(), LoadOptions::default()).unwrap();
    let ids = |c: &corpus::Corpus| c.documents.iter().map(|d| d.id.clone()).collect::<Vec<_>>();
    assert_eq!(ids(&c), ids(&again));
    let mut unique = ids(&c);
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), c.documents.len());
}

#[tokio::test]
async fn check_and_the_server_agree_with_the_disk() {
    let dir = hostile_corpus(false);
    let on_disk = count_files(dir.path());

    let report = demarche::check::analyse(dir.path(), LoadOptions::default()).unwrap();
    let mut out = Vec::new();
    demarche::check::write_text(&report, &mut out).unwrap();
    let text = String::from_utf8(out).unwrap();
    let (indexed, rejected) = (report.extractions.len(), report.rejected.len());
    let summary = format!("{on_disk} files: {indexed} indexed, {rejected} rejected");
    assert_eq!(text.lines().last(), Some(summary.as_str()), "{text}");
    assert!(text.contains("hostile/z-copies/dup-b.txt  REJECTED: duplicate of hostile/dup-a.txt"));
    // The command itself says the same.
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_demarche"))
        .args(["check", "--data"])
        .arg(dir.path())
        .env("RUST_LOG", "off")
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(stdout.lines().last(), Some(summary.as_str()), "{stdout}");
    let mut json = Vec::new();
    demarche::check::write_json(&report, &mut json).unwrap();
    assert_eq!(String::from_utf8(json).unwrap().lines().count(), on_disk);

    // The server starts on it and answers.
    let archive = Archive::load(&ArchiveOptions::new(dir.path())).expect("hostile corpus loads");
    assert_eq!(archive.articles.len(), indexed);
    assert_eq!(archive.rejected.len(), rejected);
    let app = app(AppState::new(archive));
    let health = get_raw(&app, "/healthz").await.unwrap();
    assert_eq!(health.status, StatusCode::OK);
    assert_eq!(health.text(), format!("ok {indexed} articles\n"));
    for uri in [
        "/",
        "/speakers",
        "/forums",
        "/search?q=cyber",
        "/search?q=statement&page=2",
    ] {
        assert_eq!(
            get_raw(&app, uri).await.unwrap().status,
            StatusCode::OK,
            "{uri}"
        );
    }
    let found = get(&app, &format!("/search?q={UTF16_WORD}")).await;
    assert_eq!(
        found.attrs("ol.results h3 a", "href").len(),
        2,
        "{}",
        found.body
    );

    // Originals are served byte for byte, whatever their encoding.
    for (id, file) in [
        ("utf16le", "hostile/utf16le.txt"),
        ("utf16be", "hostile/utf16be.txt"),
        ("cp1252", "hostile/cp1252.txt"),
        ("damaged-utf8", "hostile/damaged-utf8.txt"),
    ] {
        let raw = get_raw(&app, &format!("/articles/{id}.txt")).await.unwrap();
        assert_eq!(raw.status, StatusCode::OK, "{id}");
        assert_eq!(
            raw.body,
            std::fs::read(dir.path().join(file)).unwrap(),
            "{id}"
        );
    }
    // Every article page renders; the duplicate's name is on its article.
    let mut pages = 0;
    for id in report.extractions.iter().map(|(a, _)| a.id.clone()) {
        let moved = get(&app, &format!("/articles/{id}")).await;
        assert_eq!(moved.status, StatusCode::MOVED_PERMANENTLY, "{id}");
        let page = get(&app, moved.location()).await;
        assert_eq!(page.status, StatusCode::OK, "{id}");
        if id == "dup-a" {
            assert!(
                page.body.contains("hostile/z-copies/dup-b.txt"),
                "{}",
                page.body
            );
        }
        pages += 1;
    }
    assert_eq!(pages, indexed);
    // The duplicate's own name leads to the article that holds its bytes.
    let alias = get(&app, "/articles/dup-b").await;
    assert_eq!(alias.status, StatusCode::MOVED_PERMANENTLY);
    assert!(
        alias.location().starts_with("/articles/dup-a/"),
        "{}",
        alias.location()
    );
    // The link out of the data folder is listed, and nothing of it served.
    assert!(
        text.contains(
            "hostile/passwd_link.txt  REJECTED: symlink to a file outside the data folder"
        )
    );
    for uri in ["/articles/passwd_link.txt", "/articles/passwd_link"] {
        let r = get_raw(&app, uri).await.unwrap();
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{uri}");
        assert!(!r.text().contains("root:"), "{uri}");
    }
    let raw = get_raw(&app, "/articles/dup-b.txt").await.unwrap();
    assert_eq!(
        raw.body,
        std::fs::read(dir.path().join("hostile/z-copies/dup-b.txt")).unwrap()
    );
}
