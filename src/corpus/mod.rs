//! Reading the data folder: every file becomes either a [`Document`] or a
//! [`Rejected`] entry with its reason. One bad file never stops the rest.

pub mod decode;
pub mod frontmatter;
mod walk;

use std::collections::HashMap;
use std::fmt;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use sha2::{Digest, Sha256};

use crate::model::slugify;
pub use frontmatter::FrontMatter;

/// Files larger than this are rejected unless the caller sets another limit.
pub const DEFAULT_MAX_FILE_BYTES: u64 = 5 * 1024 * 1024;

/// Curated configuration that lives in the data folder but is not an article.
pub const GAZETTEER_FILE: &str = "gazetteer.toml";

/// A readable source file, before extraction.
#[derive(Debug, Clone)]
pub struct Document {
    pub id: String,
    /// Path relative to the data folder, with `/` separators.
    pub file: String,
    /// The file's bytes, verbatim.
    pub raw: Arc<[u8]>,
    pub sha256: String,
    /// Decoded text after the front matter block.
    pub text: String,
    /// The encoding the text was decoded from (WHATWG name: `UTF-8`,
    /// `UTF-16LE`, `windows-1252`, ...); `raw` stays in it.
    pub encoding: &'static str,
    pub front: FrontMatter,
    /// Why the front matter was ignored, if it was broken.
    pub front_error: Option<String>,
    /// Other files with exactly the same bytes, archived as this document
    /// (each is also listed as rejected, "duplicate of" this one).
    pub duplicates: Vec<String>,
    /// Other things a curator should know (a guessed encoding, duplicates).
    /// Stages that build an [`crate::model::Article`] add them to its
    /// warnings with [`Document::add_notes`].
    pub notes: Vec<String>,
}

impl Document {
    /// Copy this document's curator notes into an article's warnings.
    pub fn add_notes(&self, article: &mut crate::model::Article) {
        article.warnings.extend(self.notes.iter().cloned());
    }
}

/// A file that could not be used, and why.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Rejected {
    pub file: String,
    pub reason: RejectReason,
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum RejectReason {
    Empty,
    Binary,
    /// The bytes are malformed in the encoding they declare (BOM) or that
    /// was detected.
    Undecodable {
        encoding: &'static str,
    },
    TooLarge {
        bytes: u64,
        limit: u64,
    },
    Unreadable {
        error: String,
    },
    NotAFile,
    /// The same bytes as `of`, which is archived as article `id`.
    Duplicate {
        of: String,
        id: String,
    },
}

impl fmt::Display for RejectReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RejectReason::Empty => write!(f, "empty or whitespace-only file"),
            RejectReason::Binary => {
                write!(f, "binary file (NUL bytes or control characters)")
            }
            RejectReason::Undecodable { encoding } => {
                write!(f, "not text: malformed as {encoding}")
            }
            RejectReason::TooLarge { bytes, limit } => {
                write!(f, "file is {bytes} bytes, over the {limit}-byte limit")
            }
            RejectReason::Unreadable { error } => write!(f, "cannot be read: {error}"),
            RejectReason::NotAFile => write!(f, "not a regular file or folder (not followed)"),
            RejectReason::Duplicate { of, id } => {
                write!(f, "duplicate of {of} (same bytes; archived once as {id})")
            }
        }
    }
}

/// Everything read from a data folder.
#[derive(Debug, Default)]
pub struct Corpus {
    pub documents: Vec<Document>,
    pub rejected: Vec<Rejected>,
}

/// The data folder itself could not be read.
#[derive(Debug, thiserror::Error)]
#[error("cannot read data folder {path}: {source}")]
pub struct CorpusError {
    pub path: PathBuf,
    #[source]
    pub source: std::io::Error,
}

/// Limits applied while reading.
#[derive(Debug, Clone, Copy)]
pub struct LoadOptions {
    pub max_file_bytes: u64,
}

impl Default for LoadOptions {
    fn default() -> Self {
        LoadOptions {
            max_file_bytes: DEFAULT_MAX_FILE_BYTES,
        }
    }
}

/// Read every file below `dir`, recursively, in path order.
pub fn load(dir: &Path, options: LoadOptions) -> Result<Corpus, CorpusError> {
    let (files, odd) = walk::walk(dir).map_err(|source| CorpusError {
        path: dir.to_path_buf(),
        source,
    })?;
    let mut corpus = Corpus {
        documents: Vec::new(),
        rejected: odd,
    };
    for found in files {
        if found.rel == GAZETTEER_FILE {
            continue;
        }
        match read_one(&found.path, &found.rel, options) {
            Ok(doc) => corpus.documents.push(doc),
            Err(reason) => corpus.rejected.push(Rejected {
                file: found.rel,
                reason,
            }),
        }
    }
    let duplicates = remove_duplicates(&mut corpus.documents);
    assign_unique_ids(&mut corpus.documents);
    for (file, kept) in duplicates {
        let doc = &corpus.documents[kept];
        corpus.rejected.push(Rejected {
            file,
            reason: RejectReason::Duplicate {
                of: doc.file.clone(),
                id: doc.id.clone(),
            },
        });
    }
    corpus.rejected.sort_by(|a, b| a.file.cmp(&b.file));
    Ok(corpus)
}

/// Keep one document per distinct content: later files (in path order)
/// with the same bytes as an earlier one are dropped, and the kept
/// document lists their names. Returns each dropped file with the position
/// of the document it duplicates.
fn remove_duplicates(docs: &mut Vec<Document>) -> Vec<(String, usize)> {
    let mut first: HashMap<String, usize> = HashMap::new();
    let mut kept: Vec<Document> = Vec::with_capacity(docs.len());
    let mut dropped = Vec::new();
    for doc in docs.drain(..) {
        if let Some(&k) = first.get(&doc.sha256) {
            kept[k].duplicates.push(doc.file.clone());
            kept[k].notes.push(format!(
                "the same bytes are also in {}; archived once, under this article",
                doc.file
            ));
            dropped.push((doc.file, k));
        } else {
            first.insert(doc.sha256.clone(), kept.len());
            kept.push(doc);
        }
    }
    *docs = kept;
    dropped
}

/// Read one file, never more than the size limit allows (a file that grows
/// between the size check and the read is still caught).
fn read_one(path: &Path, rel: &str, options: LoadOptions) -> Result<Document, RejectReason> {
    let unreadable = |e: std::io::Error| RejectReason::Unreadable {
        error: e.to_string(),
    };
    let file = std::fs::File::open(path).map_err(unreadable)?;
    let meta = file.metadata().map_err(unreadable)?;
    if meta.len() > options.max_file_bytes {
        return Err(RejectReason::TooLarge {
            bytes: meta.len(),
            limit: options.max_file_bytes,
        });
    }
    let mut bytes = Vec::new();
    file.take(options.max_file_bytes.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(unreadable)?;
    parse(rel, bytes, options)
}

/// Turn a file's bytes into a document: the pure half of reading, so tests
/// and other sources can feed bytes directly.
pub fn parse(rel: &str, bytes: Vec<u8>, options: LoadOptions) -> Result<Document, RejectReason> {
    if bytes.len() as u64 > options.max_file_bytes {
        return Err(RejectReason::TooLarge {
            bytes: bytes.len() as u64,
            limit: options.max_file_bytes,
        });
    }
    let decoded = decode::decode(&bytes)?;
    if decoded
        .text
        .trim_matches(|c: char| c.is_whitespace() || c == '\u{feff}')
        .is_empty()
    {
        return Err(RejectReason::Empty);
    }
    let split = frontmatter::split(&decoded.text);
    let (text, front, front_error) = (split.body.to_string(), split.front, split.error);
    let sha256 = hex(&Sha256::digest(&bytes));
    Ok(Document {
        id: stem_of(rel),
        file: rel.to_string(),
        raw: Arc::from(bytes),
        sha256,
        text,
        encoding: decoded.encoding,
        front,
        front_error,
        duplicates: Vec::new(),
        notes: decoded.note.into_iter().collect(),
    })
}

/// The id a file gets from its name: the stem, kept verbatim when it is
/// already URL-safe so existing permalinks never change.
fn stem_of(rel: &str) -> String {
    let name = rel.rsplit('/').next().unwrap_or(rel);
    let stem = match name.rsplit_once('.') {
        Some((stem, _)) if !stem.is_empty() => stem,
        _ => name,
    };
    if is_url_safe_id(stem) {
        stem.to_string()
    } else {
        slugify(stem)
    }
}

pub fn is_url_safe_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 120
        && !id.starts_with('.')
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
        && !id.ends_with(".txt")
}

/// Front matter ids win; clashing file stems are disambiguated by a short
/// hash of their relative path, which is stable for as long as the file stays
/// where it is.
fn assign_unique_ids(docs: &mut [Document]) {
    for doc in docs.iter_mut() {
        if let Some(id) = doc.front.id.as_deref().map(str::trim) {
            if is_url_safe_id(id) {
                doc.id = id.to_string();
            } else {
                let why = format!("front matter id {id:?} is not URL-safe; using the file name");
                doc.front_error = Some(match doc.front_error.take() {
                    Some(e) => format!("{e}; {why}"),
                    None => why,
                });
            }
        }
    }
    let mut seen: HashMap<String, usize> = HashMap::new();
    for doc in docs.iter() {
        *seen.entry(doc.id.clone()).or_default() += 1;
    }
    let mut taken: HashMap<String, ()> = HashMap::new();
    for doc in docs.iter_mut() {
        if seen[&doc.id] > 1 && taken.contains_key(&doc.id) {
            let tag = hex(&Sha256::digest(doc.file.as_bytes()));
            doc.id = format!("{}-{}", doc.id, &tag[..8]);
        }
        taken.insert(doc.id.clone(), ());
    }
}

fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    bytes
        .iter()
        .fold(String::with_capacity(bytes.len() * 2), |mut s, b| {
            let _ = write!(s, "{b:02x}");
            s
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bad_bytes_are_rejected_with_reasons() {
        let o = LoadOptions {
            max_file_bytes: 100,
        };
        assert_eq!(
            parse("a.txt", b"  \n\t".to_vec(), o).unwrap_err(),
            RejectReason::Empty
        );
        assert_eq!(
            parse("a.txt", b"ab\0c".to_vec(), o).unwrap_err(),
            RejectReason::Binary
        );
        // Not UTF-8 is not a reason: Latin-1 text is decoded, with a note.
        let latin = parse("a.txt", b"Caf\xe9 diplomacy".to_vec(), o).unwrap();
        assert_eq!(latin.text, "Café diplomacy");
        assert_eq!(latin.notes.len(), 1);
        assert_eq!(&*latin.raw, b"Caf\xe9 diplomacy");
        assert!(matches!(
            parse("a.txt", vec![b'a'; 101], o).unwrap_err(),
            RejectReason::TooLarge { .. }
        ));
    }

    #[test]
    fn ids_come_from_stems_and_stay_unique() {
        let o = LoadOptions::default();
        let mut docs = vec![
            parse("a/x.txt", b"one".to_vec(), o).unwrap(),
            parse("b/x.txt", b"two".to_vec(), o).unwrap(),
            parse("c/My File.txt", b"three".to_vec(), o).unwrap(),
        ];
        assign_unique_ids(&mut docs);
        assert_eq!(docs[0].id, "x");
        assert!(docs[1].id.starts_with("x-") && docs[1].id.len() == 10);
        assert_eq!(docs[2].id, "my-file");
    }

    #[test]
    fn duplicates_are_archived_once_and_both_names_kept() {
        let o = LoadOptions::default();
        let mut docs = vec![
            parse("a/x.txt", b"same".to_vec(), o).unwrap(),
            parse("b/other.txt", b"different".to_vec(), o).unwrap(),
            parse("b/x-copy.txt", b"same".to_vec(), o).unwrap(),
        ];
        let dropped = remove_duplicates(&mut docs);
        assert_eq!(docs.len(), 2);
        assert_eq!(dropped, vec![("b/x-copy.txt".to_string(), 0)]);
        assert_eq!(docs[0].duplicates, vec!["b/x-copy.txt".to_string()]);
        assert!(docs[0].notes[0].contains("b/x-copy.txt"));
    }
}
