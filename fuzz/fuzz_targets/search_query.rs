//! Any query string, as a browser would send it after `/search?`, through
//! the same parameter parser and search call as the HTML and JSON pages:
//! it may be refused (400) but must never panic.

#![no_main]

use std::sync::LazyLock;

use demarche::web::parse_request;
use demarche::{Archive, ArchiveOptions};
use libfuzzer_sys::fuzz_target;

static ARCHIVE: LazyLock<Archive> = LazyLock::new(|| {
    let data = concat!(env!("CARGO_MANIFEST_DIR"), "/../data");
    Archive::load(&ArchiveOptions::new(data)).expect("seed archive loads")
});

fuzz_target!(|data: &[u8]| {
    let Ok(query) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(request) = parse_request(Some(query)) {
        let _ = ARCHIVE.index.search(&request, &ARCHIVE.articles);
    }
});
