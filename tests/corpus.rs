//! Reading data folders: ids, rejects, front matter (issue #2).

use demarche::corpus::{self, LoadOptions, RejectReason};
use sha2::Digest;

use crate::support::*;

#[test]
fn every_file_is_indexed_or_rejected_with_a_reason() {
    let dir = seed_copy();
    let a = dir.path().join("articles");
    std::fs::write(a.join("empty.txt"), "  \n").unwrap();
    std::fs::write(a.join("binary.bin"), [0u8, 1, 2, 3, 0]).unwrap();
    std::fs::write(a.join("latin1.txt"), b"Caf\xe9 diplomacy").unwrap();
    std::fs::write(a.join("big.txt"), vec![b'a'; 6000]).unwrap();
    let c = corpus::load(dir.path(), LoadOptions::with_max_file_bytes(5000)).unwrap();
    // Latin-1 is decoded (issue #7), no longer rejected.
    assert_eq!(c.documents.len(), 6);
    let reasons: Vec<(&str, &RejectReason)> = c
        .rejected
        .iter()
        .map(|r| (r.file.as_str(), &r.reason))
        .collect();
    assert_eq!(reasons.len(), 3, "{reasons:?}");
    assert!(reasons.contains(&("articles/empty.txt", &RejectReason::Empty)));
    assert!(reasons.contains(&("articles/binary.bin", &RejectReason::Binary)));
    let latin1 = c.documents.iter().find(|d| d.id == "latin1").unwrap();
    assert_eq!(latin1.text, "Café diplomacy");
    assert!(
        reasons
            .iter()
            .any(|(f, r)| *f == "articles/big.txt" && matches!(r, RejectReason::TooLarge { .. }))
    );
}

#[test]
fn hashes_are_of_the_bytes_on_disk() {
    let c = corpus::load(&repo_path("data"), LoadOptions::default()).unwrap();
    let doc = c.documents.iter().find(|d| d.id == TASS).unwrap();
    let on_disk = std::fs::read(repo_path(&format!("data/articles/{TASS}.txt"))).unwrap();
    assert_eq!(doc.sha256, corpus::hex(&sha2::Sha256::digest(&on_disk)));
}

#[test]
fn front_matter_overrides_and_broken_front_matter_is_reported() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("a.txt"),
        "+++\nid = \"curated-1\"\ntitle = \"A curated title\"\ndate = \"2020-05\"\nforums = [\"OEWG\"]\n+++\nSome text about the talks that went on for a long time in New York.\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("b.txt"),
        "+++\ntitle = \n+++\nCyber talks resume in Geneva after pause\n\nDiplomats said the cyber talks resume in Geneva next week after a long pause.\n",
    )
    .unwrap();
    let report = demarche::check::analyse(dir.path(), LoadOptions::default()).unwrap();
    let a = &report
        .extractions
        .iter()
        .find(|(a, _)| a.id == "curated-1")
        .unwrap()
        .0;
    assert_eq!(a.title, "A curated title");
    assert_eq!(a.date.unwrap().iso(), "2020-05");
    assert_eq!(a.forums, vec!["Open-ended Working Group".to_string()]);
    let b = &report
        .extractions
        .iter()
        .find(|(a, _)| a.id == "b")
        .unwrap()
        .0;
    assert_eq!(b.title, "Cyber talks resume in Geneva after pause");
    assert!(
        b.warnings
            .iter()
            .any(|w| w.contains("malformed TOML front matter")),
        "{:?}",
        b.warnings
    );
}
