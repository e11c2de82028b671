//! An article's original file, read on demand and checked against the bytes archived.

use std::path::PathBuf;

use super::Archive;
use crate::corpus;

impl Archive {
    /// Where article `i`'s original file is, to read it on demand.
    pub fn original(&self, i: usize) -> OriginalFile {
        let art = &self.articles[i];
        OriginalFile {
            path: self.originals[i].clone(),
            real_root: self.real_root.clone(),
            file: art.file.clone(),
            sha256: art.sha256.clone(),
            limit: self.max_file_bytes,
        }
    }
}

/// An article's original file in the data folder, read on demand: the
/// archive promises the bytes it archived, so they are checked against the
/// SHA-256 recorded then.
#[derive(Debug, Clone)]
pub struct OriginalFile {
    pub path: PathBuf,
    /// The data folder's real path; a file resolving outside is refused.
    /// `None` when this replica has no data folder.
    real_root: Option<PathBuf>,
    /// Path relative to the data folder.
    pub file: String,
    /// SHA-256 of the bytes archived, hex.
    pub sha256: String,
    limit: u64,
}

/// Why an article's original bytes cannot be served.
#[derive(Debug, thiserror::Error)]
pub enum OriginalError {
    /// `error` (the OS's words, which may name paths outside the data
    /// folder) is for the log, never part of what a visitor reads.
    #[error(
        "the original file {file} is no longer readable in the data folder; the archived bytes (SHA-256 {sha256}) cannot be served"
    )]
    Missing {
        file: String,
        sha256: String,
        error: String,
    },
    #[error(
        "the original file {file} is not on this replica: it serves a prebuilt index without the data folder"
    )]
    NotOnReplica { file: String },
    #[error(
        "the original file {file} has changed on disk since it was archived (SHA-256 {sha256} then, {now} now); the archived bytes cannot be served until the archive is rebuilt"
    )]
    Changed {
        file: String,
        sha256: String,
        now: String,
    },
}

impl OriginalFile {
    /// The file's bytes, if they are still the ones archived.
    pub fn read(&self) -> Result<Vec<u8>, OriginalError> {
        use sha2::{Digest, Sha256};
        use std::io::Read;
        let missing = |e: std::io::Error| OriginalError::Missing {
            file: self.file.clone(),
            sha256: self.sha256.clone(),
            error: e.to_string(),
        };
        let Some(real_root) = &self.real_root else {
            return Err(OriginalError::NotOnReplica {
                file: self.file.clone(),
            });
        };
        let mut bytes = Vec::new();
        // Not `File::open`: the path may have become a FIFO (which would
        // block this thread for ever) or a symlink out of the data folder.
        corpus::open::open_in(&self.path, real_root)
            .map_err(|e| match e {
                corpus::open::OpenError::Io(e) => e,
                other => std::io::Error::other(other),
            })
            .and_then(|f| f.take(self.limit.saturating_add(1)).read_to_end(&mut bytes))
            .map_err(missing)?;
        let now = corpus::hex(&Sha256::digest(&bytes));
        if now != self.sha256 {
            return Err(OriginalError::Changed {
                file: self.file.clone(),
                sha256: self.sha256.clone(),
                now,
            });
        }
        Ok(bytes)
    }
}
