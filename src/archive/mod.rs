//! The `Archive` type (articles, index, directories) and its look-ups.

mod directories;
mod load;
mod original;
mod pipeline;
mod related;
mod store;

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use crate::corpus::{self, KnownFiles, LoadOptions, Rejected};
use crate::extract::{Gazetteer, gazetteer::GazetteerError};
use crate::model::{Article, Articles};
use crate::search::{SearchError, SearchIndex};
pub use directories::{ForumEntry, SourceEntry, SpeakerEntry};
pub use original::{OriginalError, OriginalFile};
pub use store::StoreError;

#[derive(Debug, Clone)]
pub struct ArchiveOptions {
    pub data_dir: PathBuf,
    pub load: LoadOptions,
    /// Keep the index and the extracted articles here, and reuse them when
    /// the corpus has not changed (`--index-dir`); `None` builds in RAM.
    pub index_dir: Option<PathBuf>,
    /// Show progress (a bar or log lines) and a closing summary.
    pub progress: bool,
}

impl ArchiveOptions {
    pub fn new(data_dir: impl Into<PathBuf>) -> ArchiveOptions {
        ArchiveOptions {
            data_dir: data_dir.into(),
            load: LoadOptions::default(),
            index_dir: None,
            progress: false,
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ArchiveError {
    #[error(transparent)]
    Corpus(#[from] corpus::CorpusError),
    #[error(transparent)]
    Gazetteer(#[from] GazetteerError),
    #[error(transparent)]
    Search(#[from] SearchError),
    #[error(transparent)]
    Store(#[from] StoreError),
    /// An update found no index to bring up to date (none in memory, and
    /// the index folder's is incomplete); everything is indexed instead.
    #[error("no complete index to update")]
    NoIndexToUpdate,
    /// [`Archive::update_if_changed`] found the same documents.
    #[error("the data folder holds the same documents")]
    Unchanged,
}

/// Where start-up time went. Extraction and indexing overlap: `extract`
/// runs until the last article is extracted (indexing alongside), `index`
/// is what indexing needed after that (the commit). When the index was
/// reused, `read` is the scan of the data folder (stats, and reading only
/// the files that changed), `index` the time after it to load the stored
/// articles (decoded while scanning) and open the index; `extract` is zero.
#[derive(Debug, Clone, Copy, Default)]
pub struct Timings {
    pub read: Duration,
    pub extract: Duration,
    pub index: Duration,
    /// Writing the articles to `--index-dir`.
    pub persist: Duration,
    /// The `--index-dir` index was reused.
    pub reused: bool,
    /// Documents extracted (read in full and run through the extractor):
    /// all of them on a cold start, only the added and edited ones when an
    /// earlier archive's articles could be reused, none when the index was.
    pub extracted: usize,
    /// Articles whose tantivy documents were made and added: all of them
    /// when the index was built, the added and edited ones when an index
    /// was updated in place, none when it was reused.
    pub indexed: usize,
}

pub struct Archive {
    pub articles: Articles,
    /// Where each article's original file is, by position; read on demand
    /// (see [`Archive::original`]).
    originals: Vec<PathBuf>,
    /// The data folder's real path: originals are only read inside it.
    /// `None` on a read-only replica started without the data folder.
    real_root: Option<PathBuf>,
    max_file_bytes: u64,
    /// Fx-hashed: made at every update and asked at every request.
    by_id: rustc_hash::FxHashMap<String, usize>,
    pub rejected: Vec<Rejected>,
    pub speakers: Vec<SpeakerEntry>,
    speaker_by_slug: HashMap<String, usize>,
    pub forums: Vec<ForumEntry>,
    forum_by_slug: HashMap<String, usize>,
    pub sources: Vec<SourceEntry>,
    pub index: SearchIndex,
    /// Shared with the next update's archive when the gazetteer file is
    /// unchanged (parsing it again costs a tenth of a second).
    pub gazetteer: Arc<Gazetteer>,
    /// Its bytes: an update under another gazetteer extracts everything.
    gazetteer_bytes: Vec<u8>,
    pub timings: Timings,
    /// Every data file's stat and outcome at this load, so that the next
    /// [`Archive::update`] reads only the files that changed.
    known: KnownFiles,
    /// The data folder as this load walked it: an update told which paths
    /// changed walks only those (see [`corpus::scan_changed`]).
    walked: corpus::walk::Walked,
}

impl Archive {
    pub fn position(&self, id: &str) -> Option<usize> {
        self.by_id.get(id).copied()
    }

    pub fn article(&self, id: &str) -> Option<&Article> {
        self.position(id).map(|i| &self.articles[i])
    }

    pub fn speaker(&self, slug: &str) -> Option<&SpeakerEntry> {
        self.speaker_by_slug.get(slug).map(|&i| &self.speakers[i])
    }

    pub fn forum(&self, slug: &str) -> Option<&ForumEntry> {
        self.forum_by_slug.get(slug).map(|&i| &self.forums[i])
    }

    /// Article positions, newest first.
    pub fn newest(&self, n: usize) -> Vec<usize> {
        let mut all: Vec<usize> = (0..self.articles.len()).collect();
        all.sort_by_key(|&i| std::cmp::Reverse(self.articles[i].date.map(|d| d.sort_key())));
        all.truncate(n);
        all
    }
}
