//! `--index-dir`: the index and the extracted articles kept on disk, so a
//! restart on an unchanged corpus skips extraction and indexing (issue #6).
//!
//! The folder holds `current/` with the tantivy index (`tantivy/`), the
//! articles (`articles.postcard.zst`) and the `fingerprint` they were made
//! from. A new one is written to a `building-*` folder beside it and
//! renamed over `current` only when complete, so an interrupted build never
//! leaves a half-written index that looks valid.

use std::io::Read;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use crate::corpus::{Document, LoadOptions};
use crate::model::Article;

/// Bumped whenever what is stored, or how articles are extracted or
/// indexed, changes in a way the fingerprint's other inputs cannot see.
const FORMAT: u32 = 1;

/// zstd level for the articles: fast to write, about 4× smaller.
const ZSTD_LEVEL: i32 = 3;

const CURRENT: &str = "current";
const FINGERPRINT: &str = "fingerprint";
const ARTICLES: &str = "articles.postcard.zst";
const TANTIVY: &str = "tantivy";

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("index folder {path}: {source}")]
    Io {
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error("stored articles in {path} cannot be read: {source}")]
    Decode {
        path: String,
        #[source]
        source: postcard::Error,
    },
    #[error("stored articles in {0} do not match the corpus")]
    Mismatch(String),
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> StoreError + '_ {
    move |source| StoreError::Io {
        path: path.display().to_string(),
        source,
    }
}

/// What the stored index was made from: the program, the gazetteer, the
/// load options and every document's id, file and SHA-256.
pub fn fingerprint(docs: &[Document], gazetteer: &[u8], options: LoadOptions) -> String {
    let mut h = Sha256::new();
    h.update(FORMAT.to_le_bytes());
    h.update(env!("CARGO_PKG_VERSION").as_bytes());
    // A rebuilt binary may extract differently: its size and mtime change.
    if let Some(meta) = std::env::current_exe()
        .ok()
        .and_then(|p| std::fs::metadata(p).ok())
    {
        h.update(meta.len().to_le_bytes());
        if let Ok(t) = meta.modified()
            && let Ok(d) = t.duration_since(std::time::UNIX_EPOCH)
        {
            h.update(d.as_nanos().to_le_bytes());
        }
    }
    h.update(Sha256::digest(gazetteer));
    h.update(options.max_file_bytes.to_le_bytes());
    h.update((docs.len() as u64).to_le_bytes());
    for d in docs {
        for part in [&d.id, &d.file, &d.sha256] {
            h.update((part.len() as u64).to_le_bytes());
            h.update(part.as_bytes());
        }
    }
    crate::corpus::hex(&h.finalize())
}

/// An index folder.
pub struct Store {
    root: PathBuf,
}

/// A new index being written; [`Building::commit`] makes it current.
pub struct Building {
    dir: PathBuf,
    root: PathBuf,
}

impl Store {
    pub fn new(root: &Path) -> Store {
        Store {
            root: root.to_path_buf(),
        }
    }

    /// The stored articles and the folder of their index, if they were
    /// made from exactly this fingerprint; `Ok(None)` when there are none
    /// or they are stale.
    pub fn load(&self, fingerprint: &str) -> Result<Option<(Vec<Article>, PathBuf)>, StoreError> {
        let current = self.root.join(CURRENT);
        let stored = match std::fs::read_to_string(current.join(FINGERPRINT)) {
            Ok(s) => s,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(io(&current)(e)),
        };
        if stored.trim() != fingerprint {
            return Ok(None);
        }
        let path = current.join(ARTICLES);
        let file = std::fs::File::open(&path).map_err(io(&path))?;
        let mut bytes = Vec::new();
        zstd::Decoder::new(file)
            .and_then(|mut d| d.read_to_end(&mut bytes))
            .map_err(io(&path))?;
        let articles = postcard::from_bytes(&bytes).map_err(|source| StoreError::Decode {
            path: path.display().to_string(),
            source,
        })?;
        Ok(Some((articles, current.join(TANTIVY))))
    }

    /// Start a new index in a fresh folder beside the current one.
    pub fn begin(&self) -> Result<Building, StoreError> {
        let dir = self.root.join(format!("building-{}", std::process::id()));
        if dir.exists() {
            std::fs::remove_dir_all(&dir).map_err(io(&dir))?;
        }
        std::fs::create_dir_all(dir.join(TANTIVY)).map_err(io(&dir))?;
        Ok(Building {
            dir,
            root: self.root.clone(),
        })
    }
}

impl Building {
    /// Where tantivy writes the index.
    pub fn index_dir(&self) -> PathBuf {
        self.dir.join(TANTIVY)
    }

    /// Store the articles and the fingerprint, then replace the current
    /// index with this one.
    pub fn commit(self, articles: &[Article], fingerprint: &str) -> Result<(), StoreError> {
        let path = self.dir.join(ARTICLES);
        let file = std::fs::File::create(&path).map_err(io(&path))?;
        let enc =
            zstd::Encoder::new(std::io::BufWriter::new(file), ZSTD_LEVEL).map_err(io(&path))?;
        // Streamed: no second copy of every article in memory.
        let enc = postcard::to_io(articles, enc).map_err(|source| StoreError::Decode {
            path: path.display().to_string(),
            source,
        })?;
        enc.finish()
            .and_then(|w| w.into_inner().map_err(std::io::IntoInnerError::into_error))
            .and_then(|f| f.sync_all())
            .map_err(io(&path))?;
        // The fingerprint last: without it the folder is never reused.
        let path = self.dir.join(FINGERPRINT);
        std::fs::write(&path, fingerprint).map_err(io(&path))?;
        let current = self.root.join(CURRENT);
        if current.exists() {
            std::fs::remove_dir_all(&current).map_err(io(&current))?;
        }
        std::fs::rename(&self.dir, &current).map_err(io(&current))?;
        Ok(())
    }
}

/// Check that stored articles belong to these documents, position by
/// position.
pub fn matches(articles: &[Article], docs: &[Document]) -> bool {
    articles.len() == docs.len()
        && articles
            .iter()
            .zip(docs)
            .all(|(a, d)| a.sha256 == d.sha256 && a.file == d.file)
}
