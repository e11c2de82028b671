//! Any bytes as a file in the data folder: decoding, front matter and the
//! whole extractor must either reject it with a reason or produce an
//! article, never panic.

#![no_main]

use std::sync::LazyLock;

use demarche::corpus::{self, LoadOptions};
use demarche::extract::{self, Gazetteer};
use libfuzzer_sys::fuzz_target;

static GAZETTEER: LazyLock<Gazetteer> =
    LazyLock::new(|| Gazetteer::embedded().expect("embedded gazetteer parses"));

fuzz_target!(|data: &[u8]| {
    if let Ok(doc) = corpus::parse("fuzz/input.txt", data.to_vec(), LoadOptions::default()) {
        let _ = extract::extract(&doc, &GAZETTEER);
    }
});
