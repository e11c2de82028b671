//! All integration tests in one binary (one link step on two cores).
//! Every test goes through real parts: files on disk, the real extractor,
//! a real tantivy index and the real router.

mod support;

mod corpus;
mod documents;
mod extraction;
mod formats;
mod gold_scores;
mod hostile;
mod http;
mod index_dir;
mod languages;
mod realdev;
mod replicas;
mod researcher;
mod search;
mod urls;
mod watch;
mod web_api;
mod web_modules;

mod browser;
