//! `--index-dir`: the index and the extracted articles kept on disk, so a
//! restart on an unchanged corpus skips extraction and indexing (issue #6).
//!
//! The folder holds `current/` with the tantivy index (`tantivy/`), the
//! articles (`articles.chunks`), the gazetteer they were extracted with
//! (`gazetteer`, so that a read-only replica without the data folder
//! labels facets the same way) and the `fingerprint` they were made
//! from. A new one is written to a `building-*` folder beside it and
//! renamed over `current` only when complete, so an interrupted build never
//! leaves a half-written index that looks valid.
//!
//! Beside `current/`, `files.postcard` is the table of every data file's
//! stat and the outcome of reading it ([`KnownFiles`]), so a restart
//! computes the fingerprint without reading unchanged files. It is
//! replaced whole (written aside, then renamed), and only trusted when it
//! was written by this very program with the same load options.
//!
//! Everything else in `current/` is listed in `checksums` when it is
//! committed (each file's path, length and CRC-32), and checked before the
//! index is reused: a flipped byte in a tantivy `.fast` file or a truncated
//! vocabulary would otherwise give wrong answers without a word (issue #14
//! item 6). A mismatch is a warning and a rebuild.
//!
//! `articles.chunks` lists the chunks of articles in order (magic, then per
//! chunk its name, length and article count); each chunk is a file in
//! `frames/` (see [`FRAME_MAGIC`]), so that both cores decode (and encode)
//! at once: its articles slimmed in one zstd block, read back at a start,
//! and each article's words in a record of its own, read back per page
//! (issue 13 §5: the list in memory holds no article's text). A chunk ends after an
//! article whose id hashes to a multiple of [`CHUNK_ARTICLES`] — a
//! boundary that belongs to an article, not to a position — and its frame
//! is named by what it holds, so an update that adds or removes files
//! writes the few chunks they fall in and keeps every other frame as it is
//! (issue 13: rewriting the whole store was most of an `--index-dir`
//! update at 100k).

use std::io::Write;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use sha2::{Digest, Sha256};

use crate::corpus::{KnownFiles, Listed, LoadOptions};
use crate::model::{Article, Articles, Backing, PageOnly, Rest};

/// Bumped whenever what is stored, or how articles are extracted or
/// indexed, changes in a way the fingerprint's other inputs cannot see.
const FORMAT: u32 = 8;

/// zstd level for the articles: fast to write, about 4× smaller.
const ZSTD_LEVEL: i32 = 3;

/// Articles per independently compressed chunk of `articles.chunks`, on
/// average.
pub const CHUNK_ARTICLES: usize = 2048;

/// Most articles in one chunk: a run of ids with no boundary is cut here.
const MAX_CHUNK: usize = 4 * CHUNK_ARTICLES;

const CURRENT: &str = "current";
const FINGERPRINT: &str = "fingerprint";
const ARTICLES: &str = "articles.chunks";
const ARTICLES_MAGIC: &[u8; 8] = b"DMARTC03";
/// The folder of the chunks' frames, beside `articles.chunks`.
const FRAMES: &str = "frames";
const TANTIVY: &str = "tantivy";
const KNOWN_FILES: &str = "files.postcard";
const CHECKSUMS: &str = "checksums";
const GAZETTEER: &str = "gazetteer";
const EXTRACTOR: &str = "extractor";

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
    #[error("stored articles in {0} are damaged")]
    Damaged(String),
    #[error("index folder file {0} is not as it was written ({1})")]
    Corrupt(String, &'static str),
    #[error("index folder {0} holds no complete index (build one with `demarche index`)")]
    NoIndex(String),
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> StoreError + '_ {
    move |source| StoreError::Io {
        path: path.display().to_string(),
        source,
    }
}

/// This program: its format, version, and the binary's size and mtime (a
/// rebuilt binary may read or extract differently), with the load options.
fn program_key(options: LoadOptions) -> [u8; 32] {
    let mut h = Sha256::new();
    h.update(FORMAT.to_le_bytes());
    h.update(env!("CARGO_PKG_VERSION").as_bytes());
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
    h.update(options.max_file_bytes.to_le_bytes());
    h.finalize().into()
}

/// What the stored index was made from: the program, the gazetteer, the
/// load options and every document's id, file and SHA-256.
pub fn fingerprint(docs: &[Listed], gazetteer: &[u8], options: LoadOptions) -> String {
    let mut h = Sha256::new();
    h.update(program_key(options));
    h.update(Sha256::digest(gazetteer));
    h.update((docs.len() as u64).to_le_bytes());
    for d in docs {
        for part in [&d.id, &d.file, &d.sha256] {
            h.update((part.len() as u64).to_le_bytes());
            h.update(part.as_bytes());
        }
    }
    crate::corpus::hex(&h.finalize())
}

/// What the stored articles were extracted with: the program, its load
/// options and the gazetteer. When only documents changed (the fingerprint
/// differs, this does not), the stored articles of unchanged files are
/// still what extracting them again would give.
pub fn extractor_key(gazetteer: &[u8], options: LoadOptions) -> String {
    let mut h = Sha256::new();
    h.update(program_key(options));
    h.update(Sha256::digest(gazetteer));
    crate::corpus::hex(&h.finalize())
}

/// The known-files table as stored: whose program wrote it, and the table.
#[derive(serde::Serialize, serde::Deserialize)]
struct StoredKnown {
    program: [u8; 32],
    known: KnownFiles,
}

/// What [`Store::load_current`] found.
pub struct Stored {
    fingerprint: String,
    /// Decoded already, or not yet.
    articles: Option<Result<Vec<Article>, StoreError>>,
    path: PathBuf,
    dir: PathBuf,
    /// `current/`, whose files `checksums` lists.
    root: PathBuf,
    /// See [`extractor_key`]; `None` when absent.
    extractor: Option<String>,
}

impl Stored {
    /// The stored articles and the folder of their index, if they were
    /// made from exactly this fingerprint; `Ok(None)` when they are stale
    /// (a damaged folder is only an error when it is not stale).
    /// Whether the stored index was made from exactly this fingerprint.
    pub fn is_for(&self, fingerprint: &str) -> bool {
        self.fingerprint == fingerprint
    }

    /// The stored articles, to reuse those of unchanged files, if they were
    /// extracted with this very extractor and are intact; else none.
    pub fn prior_articles(self, extractor: &str) -> Vec<Article> {
        if self.extractor.as_deref() != Some(extractor) {
            return Vec::new();
        }
        let read = verify_checksums(&self.root).and_then(|()| match self.articles {
            Some(decoded) => decoded,
            None => read_articles(&self.path),
        });
        read.unwrap_or_else(|e| {
            tracing::warn!("not reusing the stored articles: {e}");
            Vec::new()
        })
    }

    pub fn take(self, fingerprint: &str) -> Result<Option<(Vec<Article>, PathBuf)>, StoreError> {
        if self.fingerprint != fingerprint {
            return Ok(None);
        }
        verify_checksums(&self.root)?;
        let articles = match self.articles {
            Some(decoded) => decoded?,
            None => read_articles(&self.path)?,
        };
        Ok(Some((articles, self.dir)))
    }
}

/// An index folder.
pub struct Store {
    root: PathBuf,
}

/// The current index being updated in place; [`Updating::commit`] makes it
/// valid again. Until then the folder has no fingerprint, so a process
/// killed half-way leaves an index that the next start rebuilds rather
/// than one whose tantivy files and articles disagree.
pub struct Updating {
    current: PathBuf,
    /// The checksums listed before the update, to reuse.
    listed: std::collections::HashMap<String, (u64, u32)>,
}

impl Updating {
    /// The tantivy index to update.
    pub fn index_dir(&self) -> PathBuf {
        self.current.join(TANTIVY)
    }

    /// Store the articles after the update (beside the index tantivy has
    /// committed, and the vocabulary saved with it), the checksums of
    /// everything, then the fingerprint.
    /// Only the chunks the update changed are written: a frame listed
    /// before it under the same name holds the same articles.
    /// Returns the articles of the chunks written, slimmed (see
    /// [`Articles::replace`]).
    pub fn commit(self, articles: &Articles, fingerprint: &str) -> Result<Slimmed, StoreError> {
        let path = self.current.join(ARTICLES);
        let aside = self
            .current
            .join(format!("{ARTICLES}.{}", std::process::id()));
        let kept = |name: &str| self.listed.contains_key(&frame_rel(name));
        let written = write_articles(&aside, articles, &kept)?;
        std::fs::rename(&aside, &path).map_err(io(&path))?;
        remove_frames_except(&self.current.join(FRAMES), &written.names)?;
        write_checksums_reusing(&self.current, &self.listed)?;
        let path = self.current.join(FINGERPRINT);
        std::fs::write(&path, fingerprint).map_err(io(&path))?;
        Ok(written.slimmed)
    }
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

    /// The current index's fingerprint with its articles decoded, before
    /// knowing whether the corpus still matches it (so decoding can overlap
    /// the scan of the data folder); `None` when there is no index yet.
    /// With `decode` false the articles are decoded only by
    /// [`Stored::take`], once the fingerprint matched.
    pub fn load_current(&self, decode: bool) -> Option<Stored> {
        let current = self.root.join(CURRENT);
        let fingerprint = match std::fs::read_to_string(current.join(FINGERPRINT)) {
            Ok(s) => s.trim().to_string(),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return None,
            Err(e) => {
                tracing::warn!("reading {}: {e}", current.display());
                return None;
            }
        };
        let path = current.join(ARTICLES);
        Some(Stored {
            fingerprint,
            articles: decode.then(|| read_articles(&path)),
            path,
            dir: current.join(TANTIVY),
            extractor: std::fs::read_to_string(current.join(EXTRACTOR))
                .ok()
                .map(|s| s.trim().to_string()),
            root: current,
        })
    }

    /// The known-files table, if this program wrote it with these options;
    /// otherwise (or when it cannot be read) `None`. As the index's own
    /// fingerprint starts with the same program key, `None` also means that
    /// a stored index, if any, is almost certainly stale.
    pub fn known_files(&self, options: LoadOptions) -> Option<KnownFiles> {
        let path = self.root.join(KNOWN_FILES);
        let bytes = match std::fs::read(&path) {
            Ok(bytes) => bytes,
            Err(e) => {
                if e.kind() != std::io::ErrorKind::NotFound {
                    tracing::warn!("reading {}: {e}; reading every file", path.display());
                }
                return None;
            }
        };
        match postcard::from_bytes::<StoredKnown>(&bytes) {
            Ok(stored) if stored.program == program_key(options) => Some(stored.known),
            Ok(_) => None,
            Err(e) => {
                tracing::warn!("reading {}: {e}; reading every file", path.display());
                None
            }
        }
    }

    /// Replace the known-files table.
    pub fn save_known_files(
        &self,
        known: KnownFiles,
        options: LoadOptions,
    ) -> Result<(), StoreError> {
        std::fs::create_dir_all(&self.root).map_err(io(&self.root))?;
        let stored = StoredKnown {
            program: program_key(options),
            known,
        };
        let path = self.root.join(KNOWN_FILES);
        let aside = self
            .root
            .join(format!("{KNOWN_FILES}.{}", std::process::id()));
        let bytes = postcard::to_stdvec(&stored).map_err(|source| StoreError::Decode {
            path: path.display().to_string(),
            source,
        })?;
        std::fs::write(&aside, bytes).map_err(io(&aside))?;
        std::fs::rename(&aside, &path).map_err(io(&path))
    }

    /// Remove what a killed build left behind: `building-<pid>` folders and
    /// `files.postcard.<pid>` files of processes no longer running. A live
    /// process's (another writer's build, or this one's) is kept; without
    /// `/proc` to ask, any other process's counts as dead. Failures are
    /// logged: leftovers waste disk, they never make an index look valid.
    pub fn clean_leftovers(&self) {
        let Ok(entries) = std::fs::read_dir(&self.root) else {
            return;
        };
        let aside = format!("{KNOWN_FILES}.");
        for entry in entries.flatten() {
            let name = entry.file_name();
            let Some(name) = name.to_str() else { continue };
            let pid = name
                .strip_prefix("building-")
                .or_else(|| name.strip_prefix(aside.as_str()))
                .and_then(|p| p.parse::<u32>().ok());
            let Some(pid) = pid else { continue };
            if pid == std::process::id() || process_alive(pid) {
                continue;
            }
            let path = entry.path();
            let removed = if path.is_dir() {
                std::fs::remove_dir_all(&path)
            } else {
                std::fs::remove_file(&path)
            };
            match removed {
                Ok(()) => {
                    tracing::info!(path = %path.display(), "removed a killed build's leftovers")
                }
                Err(e) => {
                    tracing::warn!(path = %path.display(), "removing a killed build's leftovers: {e}")
                }
            }
        }
    }

    /// The current index as it is, for `serve --read-only`: checked
    /// against its checksums, never compared with a data folder (a replica
    /// trusts the writer) and never written to. Returns the articles, the
    /// tantivy folder and the gazetteer's bytes.
    pub fn open_read_only(&self) -> Result<(Vec<Article>, PathBuf, Vec<u8>), StoreError> {
        let current = self.root.join(CURRENT);
        if !current.join(FINGERPRINT).is_file() {
            return Err(StoreError::NoIndex(self.root.display().to_string()));
        }
        verify_checksums(&current)?;
        let articles = read_articles(&current.join(ARTICLES))?;
        let path = current.join(GAZETTEER);
        let gazetteer = std::fs::read(&path).map_err(io(&path))?;
        Ok((articles, current.join(TANTIVY), gazetteer))
    }

    /// Start updating the current index in place (see [`Updating`]);
    /// `None` when there is none.
    pub fn begin_update(&self) -> Result<Option<Updating>, StoreError> {
        let current = self.root.join(CURRENT);
        // Carried over unverified: a file damaged since still fails the
        // next check against what it held when listed.
        let listed = listed_checksums(&current);
        let path = current.join(FINGERPRINT);
        match std::fs::remove_file(&path) {
            Ok(()) => Ok(Some(Updating { current, listed })),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(io(&path)(e)),
        }
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

    /// Store the articles, the gazetteer's bytes (see [`Store::open_read_only`])
    /// and the fingerprint, then replace the current index with this one.
    /// Returns every article slimmed (see [`Articles::replace`]).
    pub fn commit(
        self,
        articles: &Articles,
        gazetteer: &[u8],
        options: LoadOptions,
        fingerprint: &str,
    ) -> Result<Slimmed, StoreError> {
        let path = self.dir.join(ARTICLES);
        let written = write_articles(&path, articles, &|_| false)?;
        let path = self.dir.join(GAZETTEER);
        std::fs::write(&path, gazetteer).map_err(io(&path))?;
        let path = self.dir.join(EXTRACTOR);
        std::fs::write(&path, extractor_key(gazetteer, options)).map_err(io(&path))?;
        write_checksums(&self.dir)?;
        // The fingerprint last: without it the folder is never reused.
        let path = self.dir.join(FINGERPRINT);
        std::fs::write(&path, fingerprint).map_err(io(&path))?;
        let current = self.root.join(CURRENT);
        if current.exists() {
            std::fs::remove_dir_all(&current).map_err(io(&current))?;
        }
        std::fs::rename(&self.dir, &current).map_err(io(&current))?;
        Ok(written.slimmed)
    }
}

/// Whether process `pid` is running, as far as `/proc` tells (Linux);
/// `false` where there is no `/proc`.
fn process_alive(pid: u32) -> bool {
    Path::new("/proc/self").exists() && Path::new("/proc").join(pid.to_string()).exists()
}

/// Files of a stored index that `checksums` does not cover: itself, the
/// fingerprint (checked by value), and tantivy's lock files, which come
/// and go.
fn unlisted(rel: &str) -> bool {
    rel == CHECKSUMS || rel == FINGERPRINT || rel.ends_with(".lock")
}

/// Every file below `dir` (relative path with `/`), in sorted order.
fn files_below(dir: &Path) -> Result<Vec<String>, StoreError> {
    fn walk(root: &Path, dir: &Path, out: &mut Vec<String>) -> std::io::Result<()> {
        for entry in std::fs::read_dir(dir)? {
            let entry = entry?;
            let path = entry.path();
            if entry.file_type()?.is_dir() {
                walk(root, &path, out)?;
            } else if let Ok(rel) = path.strip_prefix(root) {
                out.push(rel.to_string_lossy().replace('\\', "/"));
            }
        }
        Ok(())
    }
    let mut out = Vec::new();
    walk(dir, dir, &mut out).map_err(io(dir))?;
    out.retain(|rel| !unlisted(rel));
    out.sort();
    Ok(out)
}

/// A file's length and CRC-32: corruption on disk, not tampering, is what
/// is checked for, and CRC-32 reads gigabytes a second.
fn checksum(path: &Path) -> Result<(u64, u32), StoreError> {
    use std::io::Read;
    let mut file = std::fs::File::open(path).map_err(io(path))?;
    let mut hasher = crc32fast::Hasher::new();
    let mut buf = vec![0u8; 1 << 16];
    let mut len = 0u64;
    loop {
        let n = file.read(&mut buf).map_err(io(path))?;
        if n == 0 {
            break;
        }
        hasher.update(&buf[..n]);
        len += n as u64;
    }
    Ok((len, hasher.finalize()))
}

/// List every file of a stored index with its length and checksum.
fn write_checksums(dir: &Path) -> Result<(), StoreError> {
    write_checksums_reusing(dir, &std::collections::HashMap::new())
}

/// Whether a stored file is never rewritten under its name once written:
/// tantivy's segment files (named by segment, and deletes by opstamp),
/// unlike its `meta.json` and `.managed.json`.
fn write_once(rel: &str) -> bool {
    rel.starts_with(FRAMES)
        || rel.starts_with(TANTIVY)
            && !rel.ends_with("meta.json")
            && !rel.ends_with(".managed.json")
}

/// The checksums `dir` lists now, by file: (length, CRC-32).
fn listed_checksums(dir: &Path) -> std::collections::HashMap<String, (u64, u32)> {
    let list = std::fs::read_to_string(dir.join(CHECKSUMS)).unwrap_or_default();
    list.lines()
        .filter_map(|line| {
            let mut parts = line.splitn(3, ' ');
            let crc = u32::from_str_radix(parts.next()?, 16).ok()?;
            let len = parts.next()?.parse().ok()?;
            Some((parts.next()?.to_string(), (len, crc)))
        })
        .collect()
}

/// [`write_checksums`], taking the checksum of a write-once file of the
/// same length from `known` (listed before an update)
/// instead of reading it again: an update adds a segment, it does not
/// rewrite the others.
fn write_checksums_reusing(
    dir: &Path,
    known: &std::collections::HashMap<String, (u64, u32)>,
) -> Result<(), StoreError> {
    let files = files_below(dir)?;
    let sums = files
        .par_iter()
        .map(|rel| {
            let listed = known.get(rel).filter(|(len, _)| {
                write_once(rel) && std::fs::metadata(dir.join(rel)).is_ok_and(|m| m.len() == *len)
            });
            match listed {
                Some(&(len, crc)) => Ok((len, crc)),
                None => checksum(&dir.join(rel)),
            }
            .map(|(len, crc)| format!("{crc:08x} {len} {rel}\n"))
        })
        .collect::<Result<Vec<String>, StoreError>>()?;
    let path = dir.join(CHECKSUMS);
    let mut file = std::fs::File::create(&path).map_err(io(&path))?;
    file.write_all(sums.concat().as_bytes())
        .and_then(|()| file.sync_all())
        .map_err(io(&path))
}

/// Check every file `checksums` lists (on every core); a missing list, a
/// missing file, another length or another checksum is
/// [`StoreError::Corrupt`].
fn verify_checksums(dir: &Path) -> Result<(), StoreError> {
    let list_path = dir.join(CHECKSUMS);
    let corrupt = |rel: &str, why| StoreError::Corrupt(dir.join(rel).display().to_string(), why);
    let list = match std::fs::read_to_string(&list_path) {
        Ok(list) => list,
        Err(_) => return Err(corrupt(CHECKSUMS, "missing")),
    };
    let entries = list
        .lines()
        .map(|line| {
            let mut parts = line.splitn(3, ' ');
            let crc = parts.next().and_then(|c| u32::from_str_radix(c, 16).ok());
            let len = parts.next().and_then(|l| l.parse::<u64>().ok());
            match (crc, len, parts.next()) {
                (Some(crc), Some(len), Some(rel)) => Ok((crc, len, rel)),
                _ => Err(corrupt(CHECKSUMS, "unreadable")),
            }
        })
        .collect::<Result<Vec<_>, _>>()?;
    // Every file must be listed too: a stored index never gains files.
    let listed: std::collections::HashSet<&str> = entries.iter().map(|(_, _, r)| *r).collect();
    if let Some(extra) = files_below(dir)?
        .iter()
        .find(|f| !listed.contains(f.as_str()))
    {
        return Err(corrupt(extra, "not listed"));
    }
    entries.par_iter().try_for_each(|&(crc, len, rel)| {
        let path = dir.join(rel);
        let size = std::fs::metadata(&path)
            .map_err(|_| corrupt(rel, "missing"))?
            .len();
        if size != len {
            return Err(corrupt(rel, "another length"));
        }
        match checksum(&path)? {
            (_, now) if now == crc => Ok(()),
            _ => Err(corrupt(rel, "another checksum")),
        }
    })
}

/// Check that stored articles belong to these documents, position by
/// position.
pub fn matches(articles: &[Article], docs: &[Listed]) -> bool {
    articles.len() == docs.len()
        && articles
            .iter()
            .zip(docs)
            .all(|(a, d)| a.sha256 == d.sha256 && a.file == d.file)
}

type Shared = std::sync::Arc<Article>;

/// Where the chunks end: after an article whose id hashes to a multiple
/// of [`CHUNK_ARTICLES`], or after [`MAX_CHUNK`] articles.
fn chunk_ends(articles: &[std::sync::Arc<Article>]) -> Vec<std::ops::Range<usize>> {
    let mut chunks = Vec::with_capacity(articles.len() / CHUNK_ARTICLES + 1);
    let mut start = 0;
    for (i, a) in articles.iter().enumerate() {
        let boundary = (crc32fast::hash(a.id.as_bytes()) as usize).is_multiple_of(CHUNK_ARTICLES);
        if boundary || i + 1 - start == MAX_CHUNK {
            chunks.push(start..i + 1);
            start = i + 1;
        }
    }
    if start < articles.len() {
        chunks.push(start..articles.len());
    }
    chunks
}

/// A chunk's name: a hash of its articles' ids, files and SHA-256s. An
/// update keeps an unchanged file's article as it was (its index entries
/// are not rewritten either), so the same name is the same articles.
fn frame_name(chunk: &[std::sync::Arc<Article>]) -> [u8; 16] {
    let mut h = Sha256::new();
    for a in chunk {
        for part in [&a.id, &a.file, &a.sha256] {
            h.update((part.len() as u64).to_le_bytes());
            h.update(part.as_bytes());
        }
    }
    let mut name = [0u8; 16];
    name.copy_from_slice(&h.finalize()[..16]);
    name
}

/// A frame's path relative to the stored index's root.
fn frame_rel(name: &str) -> String {
    format!("{FRAMES}/{name}")
}

/// A chunk's frame: magic, the article count (`u32`), the slimmed
/// articles (see [`Article::slim`]) as one zstd block (its length, `u64`),
/// each page-only record's offset (`u64`, one more than there are records,
/// relative to the first), then the records: each article's [`PageOnly`]
/// (postcard), compressed on its own. A block and a record start with their
/// length before compression (`u32`). The list is read back without the
/// page-only parts, which a page then reads for its one article (issue 13
/// §5).
const FRAME_MAGIC: &[u8; 8] = b"DMFRAME2";

/// A frame file opened for reading records: the slimmed articles read from
/// it hold it, so a frame an update replaced (unlinked) stays readable to
/// the archive still serving them.
#[derive(Debug)]
pub struct Frame {
    /// This frame's own number, never reused: the key of its records in
    /// [`TEXTS`] (a path or an address may be a later frame's).
    number: u64,
    file: std::fs::File,
    path: PathBuf,
    /// Where each record starts, and the last one ends, in the file.
    offsets: Vec<u64>,
}

/// Frames made so far, to number the next.
static FRAMES_MADE: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);

/// How many articles' words are kept decoded: those pages showed last. A
/// result page of 20 hits reads 20 records, which costs a fifth of the
/// page; repeated and popular searches find them here. About 5 KiB each
/// on the generated corpus, so 20 MiB in all, the same at any size.
const TEXTS_KEPT: usize = 4096;

/// Records read back lately, by frame number and record.
static TEXTS: std::sync::LazyLock<quick_cache::sync::Cache<(u64, u32), std::sync::Arc<PageOnly>>> =
    std::sync::LazyLock::new(|| quick_cache::sync::Cache::new(TEXTS_KEPT));

impl Backing for Frame {
    fn read(&self, record: u32) -> Result<std::sync::Arc<PageOnly>, String> {
        if let Some(page) = TEXTS.get(&(self.number, record)) {
            return Ok(page);
        }
        let page = std::sync::Arc::new(self.read_record(record)?);
        TEXTS.insert((self.number, record), std::sync::Arc::clone(&page));
        Ok(page)
    }
}

impl Frame {
    fn read_record(&self, record: u32) -> Result<PageOnly, String> {
        let at = record as usize;
        let (Some(&start), Some(&end)) = (self.offsets.get(at), self.offsets.get(at + 1)) else {
            return Err(format!("{}: no record {record}", self.path.display()));
        };
        let mut bytes = vec![0; (end - start) as usize];
        read_at(&self.file, &mut bytes, start)
            .map_err(|e| format!("{}: {e}", self.path.display()))?;
        decode_page(&bytes).map_err(|e| format!("{}: {e}", self.path.display()))
    }
}

#[cfg(unix)]
fn read_at(file: &std::fs::File, buf: &mut [u8], at: u64) -> std::io::Result<()> {
    std::os::unix::fs::FileExt::read_exact_at(file, buf, at)
}

#[cfg(not(unix))]
fn read_at(file: &std::fs::File, buf: &mut [u8], at: u64) -> std::io::Result<()> {
    use std::io::{Read, Seek};
    let mut f = file.try_clone()?;
    f.seek(std::io::SeekFrom::Start(at))?;
    f.read_exact(buf)
}

thread_local! {
    /// One decompression context per thread, not one per page.
    static DECOMPRESSOR: std::cell::RefCell<Option<zstd::bulk::Decompressor<'static>>> =
        const { std::cell::RefCell::new(None) };
}

/// With the thread's decompressor, `packed` back to its `len` bytes.
fn decompress(packed: &[u8], len: usize) -> std::io::Result<Vec<u8>> {
    DECOMPRESSOR.with(|d| {
        let mut d = d.borrow_mut();
        if d.is_none() {
            *d = Some(zstd::bulk::Decompressor::new()?);
        }
        d.as_mut().map_or_else(
            || Err(std::io::Error::other("no decompressor")),
            |d| d.decompress(packed, len),
        )
    })
}

/// `bytes` with their length before compression (`u32`) in front.
fn pack(bytes: &[u8], compressor: &mut zstd::bulk::Compressor<'_>) -> Result<Vec<u8>, String> {
    let packed = compressor.compress(bytes).map_err(|e| e.to_string())?;
    let mut out = Vec::with_capacity(4 + packed.len());
    out.extend_from_slice(&(bytes.len() as u32).to_le_bytes());
    out.extend_from_slice(&packed);
    Ok(out)
}

/// What [`pack`] made, unpacked.
fn unpack(bytes: &[u8]) -> Result<Vec<u8>, String> {
    let (len, packed) = bytes.split_at_checked(4).ok_or("record cut short")?;
    let len = u32::from_le_bytes(len.try_into().map_err(|_| "record cut short")?);
    decompress(packed, len as usize).map_err(|e| e.to_string())
}

/// A record's page-only parts.
fn decode_page(bytes: &[u8]) -> Result<PageOnly, String> {
    postcard::from_bytes(&unpack(bytes)?).map_err(|e| e.to_string())
}

/// A chunk's frame as [`encode_frame`] made it: the file's bytes, its
/// articles slimmed, and where each record starts (and the last ends).
struct Encoded {
    bytes: Vec<u8>,
    slimmed: Vec<Article>,
    offsets: Vec<u64>,
}

/// A chunk's frame file.
fn encode_frame(chunk: &[Shared]) -> Result<Encoded, String> {
    let mut compressor = zstd::bulk::Compressor::new(ZSTD_LEVEL).map_err(|e| e.to_string())?;
    let mut slims = Vec::new();
    let mut slimmed = Vec::with_capacity(chunk.len());
    let mut pages = Vec::with_capacity(chunk.len());
    for a in chunk {
        // Read back whole first when it was slimmed.
        let (slim, page) = a.full()?.into_owned().slim();
        let bytes = postcard::to_stdvec(&slim).map_err(|e| e.to_string())?;
        slims.extend_from_slice(&(bytes.len() as u32).to_le_bytes());
        slims.extend_from_slice(&bytes);
        slimmed.push(slim);
        let page = postcard::to_stdvec(&page).map_err(|e| e.to_string())?;
        pages.push(pack(&page, &mut compressor)?);
    }
    let slims = pack(&slims, &mut compressor)?;
    let head = 20 + slims.len() + 8 * (pages.len() + 1);
    let mut out = Vec::with_capacity(head + pages.iter().map(Vec::len).sum::<usize>());
    out.extend_from_slice(FRAME_MAGIC);
    out.extend_from_slice(&(pages.len() as u32).to_le_bytes());
    out.extend_from_slice(&(slims.len() as u64).to_le_bytes());
    out.extend_from_slice(&slims);
    let mut offsets = Vec::with_capacity(pages.len() + 1);
    let mut at = 0u64;
    out.extend_from_slice(&at.to_le_bytes());
    offsets.push(head as u64);
    for p in &pages {
        at += p.len() as u64;
        out.extend_from_slice(&at.to_le_bytes());
        offsets.push(head as u64 + at);
    }
    for p in pages {
        out.extend_from_slice(&p);
    }
    Ok(Encoded {
        bytes: out,
        slimmed,
        offsets,
    })
}

/// A frame file's slimmed articles, each holding the frame to read the
/// rest back from.
fn decode_frame(path: &Path, count: usize, len: u64) -> Result<Vec<Article>, StoreError> {
    let file = std::fs::File::open(path).map_err(io(path))?;
    let mut bytes = Vec::new();
    std::io::Read::read_to_end(&mut &file, &mut bytes).map_err(io(path))?;
    slimmed_from(path, file, &bytes, count, len)
}

/// [`decode_frame`] of a frame's bytes, read from `file`.
fn slimmed_from(
    path: &Path,
    file: std::fs::File,
    bytes: &[u8],
    count: usize,
    len: u64,
) -> Result<Vec<Article>, StoreError> {
    let damaged = || StoreError::Damaged(path.display().to_string());
    let u64_at = |at: usize| -> Option<u64> {
        Some(u64::from_le_bytes(bytes.get(at..at + 8)?.try_into().ok()?))
    };
    if bytes.len() as u64 != len || bytes.get(..8) != Some(&FRAME_MAGIC[..]) {
        return Err(damaged());
    }
    let n = bytes
        .get(8..12)
        .map(|b| u32::from_le_bytes(b.try_into().unwrap_or_default()) as usize);
    if n != Some(count) {
        return Err(damaged());
    }
    let slims_len = u64_at(12).ok_or_else(damaged)? as usize;
    let slims = bytes.get(20..20 + slims_len).ok_or_else(damaged)?;
    let table = 20 + slims_len;
    let head = table + 8 * (count + 1);
    let offsets: Vec<u64> = (0..=count)
        .map(|k| u64_at(table + 8 * k).map(|o| head as u64 + o))
        .collect::<Option<_>>()
        .ok_or_else(damaged)?;
    if offsets.windows(2).any(|w| w[0] > w[1]) || offsets.last() != Some(&len) {
        return Err(damaged());
    }
    let slims = unpack(slims).map_err(|_| damaged())?;
    let mut rest = &slims[..];
    let mut articles = Vec::with_capacity(count);
    for _ in 0..count {
        let (l, after) = rest.split_at_checked(4).ok_or_else(damaged)?;
        let l = u32::from_le_bytes(l.try_into().map_err(|_| damaged())?) as usize;
        let (slim, after) = after.split_at_checked(l).ok_or_else(damaged)?;
        articles.push(postcard::from_bytes::<Article>(slim).map_err(|_| damaged())?);
        rest = after;
    }
    if !rest.is_empty() {
        return Err(damaged());
    }
    Ok(reading_from(path, file, offsets, articles))
}

/// The slimmed articles of the frame at `path`, open as `file` with its
/// records at `offsets`, each set to read its rest back from it.
fn reading_from(
    path: &Path,
    file: std::fs::File,
    offsets: Vec<u64>,
    mut articles: Vec<Article>,
) -> Vec<Article> {
    let frame: std::sync::Arc<dyn Backing> = std::sync::Arc::new(Frame {
        number: FRAMES_MADE.fetch_add(1, std::sync::atomic::Ordering::Relaxed),
        file,
        path: path.to_path_buf(),
        offsets,
    });
    for (i, a) in articles.iter_mut().enumerate() {
        a.rest = Some(Rest {
            from: std::sync::Arc::clone(&frame),
            record: i as u32,
        });
    }
    articles
}

/// Write the chunk list to `path` and each chunk's frame beside it in
/// `frames/` (encoded on every core), except the frames `kept` says are
/// there already. Returns every chunk's name, and the articles of the
/// chunks written, slimmed to read their rest from the new frame, by
/// position (so the list in memory holds no article's whole text).
fn write_articles(
    path: &Path,
    articles: &Articles,
    kept: &(dyn Fn(&str) -> bool + Sync),
) -> Result<Written, StoreError> {
    let frames = path.parent().unwrap_or(Path::new(".")).join(FRAMES);
    std::fs::create_dir_all(&frames).map_err(io(&frames))?;
    let shared = articles.shared();
    // Each chunk with its range, its name raw (for the list) and in hex
    // (its file).
    let chunks: Vec<(std::ops::Range<usize>, [u8; 16], String)> = chunk_ends(shared)
        .into_par_iter()
        .map(|r| {
            let name = frame_name(&shared[r.clone()]);
            (r, name, crate::corpus::hex(&name))
        })
        .collect();
    let mut header = Vec::with_capacity(16 + chunks.len() * 28);
    header.extend_from_slice(ARTICLES_MAGIC);
    header.extend_from_slice(&(chunks.len() as u64).to_le_bytes());
    let mut slimmed = Vec::new();
    // A few chunks per core at a time, each held once encoded: the frames
    // of the whole archive (hundreds of MB at 100k) are never held at
    // once, which after an update kept the allocator's RSS up.
    let window = 2 * rayon::current_num_threads().max(1);
    for group in chunks.chunks(window) {
        let written: Vec<(u64, Vec<(usize, Shared)>)> = group
            .par_iter()
            .map(|(range, _, name)| {
                let file = frames.join(name);
                if kept(name)
                    && let Ok(meta) = std::fs::metadata(&file)
                {
                    return Ok((meta.len(), Vec::new()));
                }
                let chunk = &shared[range.clone()];
                let frame = encode_frame(chunk)
                    .map_err(|_| StoreError::Damaged(file.display().to_string()))?;
                // Written aside and renamed: a frame under its name is whole.
                let aside = frames.join(format!("{name}.{}", std::process::id()));
                std::fs::write(&aside, &frame.bytes)
                    .and_then(|()| std::fs::rename(&aside, &file))
                    .map_err(io(&file))?;
                let opened = std::fs::File::open(&file).map_err(io(&file))?;
                let len = frame.bytes.len() as u64;
                drop(frame.bytes);
                // The slimmed articles as encoded, not decoded again.
                let read = reading_from(&file, opened, frame.offsets, frame.slimmed);
                let slim = range
                    .clone()
                    .zip(read.into_iter().map(std::sync::Arc::new))
                    .collect();
                Ok((len, slim))
            })
            .collect::<Result<_, StoreError>>()?;
        for ((range, raw, _), (len, slim)) in group.iter().zip(written) {
            header.extend_from_slice(raw);
            header.extend_from_slice(&len.to_le_bytes());
            header.extend_from_slice(&(range.len() as u32).to_le_bytes());
            slimmed.extend(slim);
        }
    }
    let mut file = std::fs::File::create(path).map_err(io(path))?;
    file.write_all(&header)
        .and_then(|()| file.sync_all())
        .map_err(io(path))?;
    Ok(Written {
        names: chunks.into_iter().map(|(_, _, name)| name).collect(),
        slimmed,
    })
}

/// What [`write_articles`] wrote.
struct Written {
    names: std::collections::HashSet<String>,
    slimmed: Slimmed,
}

/// Articles by position, slimmed to read their rest from the frame they
/// were just written to: to put in the list in place of the whole ones.
pub type Slimmed = Vec<(usize, Shared)>;

/// Remove every file of `frames` whose name is not in `names`: the chunks
/// an update replaced, and frames a killed write left aside.
fn remove_frames_except(
    frames: &Path,
    names: &std::collections::HashSet<String>,
) -> Result<(), StoreError> {
    for entry in std::fs::read_dir(frames).map_err(io(frames))?.flatten() {
        let name = entry.file_name();
        if !name.to_str().is_some_and(|n| names.contains(n)) {
            let path = entry.path();
            std::fs::remove_file(&path).map_err(io(&path))?;
        }
    }
    Ok(())
}

/// Read what [`write_articles`] wrote, slimmed (see [`decode_frame`]),
/// decoding the chunks on every core.
fn read_articles(path: &Path) -> Result<Vec<Article>, StoreError> {
    let damaged = || StoreError::Damaged(path.display().to_string());
    let bytes = std::fs::read(path).map_err(io(path))?;
    let (magic, rest) = bytes.split_at_checked(8).ok_or_else(damaged)?;
    if magic != ARTICLES_MAGIC {
        return Err(damaged());
    }
    let (n, mut rest) = rest.split_at_checked(8).ok_or_else(damaged)?;
    let n = u64::from_le_bytes(n.try_into().map_err(|_| damaged())?);
    let dir = path.parent().unwrap_or(Path::new(".")).join(FRAMES);
    let mut frames = Vec::new();
    for _ in 0..n {
        let (entry, after) = rest.split_at_checked(28).ok_or_else(damaged)?;
        let name = crate::corpus::hex(&entry[..16]);
        let len = u64::from_le_bytes(entry[16..24].try_into().map_err(|_| damaged())?);
        let count = u32::from_le_bytes(entry[24..].try_into().map_err(|_| damaged())?);
        frames.push((dir.join(name), len, count as usize));
        rest = after;
    }
    if !rest.is_empty() {
        return Err(damaged());
    }
    let chunks: Vec<Vec<Article>> = frames
        .into_par_iter()
        .map(|(file, len, count)| decode_frame(&file, count, len))
        .collect::<Result<_, StoreError>>()?;
    let mut articles = Vec::with_capacity(chunks.iter().map(Vec::len).sum());
    for chunk in chunks {
        articles.extend(chunk);
    }
    Ok(articles)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Kind;

    fn article(n: usize) -> Article {
        Article {
            id: format!("doc_{n:06}"),
            slug: String::new(),
            file: format!("articles/doc_{n:06}.txt"),
            title: format!("Statement {n}"),
            date: None,
            source: None,
            kind: Kind::default(),
            body: vec![format!("Paragraph of statement {n}.")],
            aside: Vec::new(),
            sha256: format!("{n:064x}"),
            speakers: Vec::new(),
            forums: Vec::new(),
            statements: Vec::new(),
            mentioned: Vec::new(),
            warnings: Vec::new(),
            provenance: Default::default(),
            lang: "en".to_string(),
            lang_method: Default::default(),
            rest: None,
        }
    }

    fn frames(dir: &Path) -> std::collections::BTreeSet<String> {
        std::fs::read_dir(dir.join(FRAMES))
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect()
    }

    /// Issue 13 §1: adding and removing articles rewrites the chunks they
    /// fall in, not every chunk after them, and what is read back is the
    /// new list in its order.
    #[test]
    fn an_update_writes_only_the_chunks_it_changed() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(ARTICLES);
        let mut list: Vec<Article> = (0..40_000).step_by(2).map(article).collect();
        let names = write_articles(&path, &Articles::from(list.clone()), &|_| false)
            .unwrap()
            .names;
        assert!(names.len() >= 5, "{} chunks", names.len());
        assert!(
            chunk_ends(Articles::from(list.clone()).shared())
                .iter()
                .all(|r| r.len() <= MAX_CHUNK)
        );
        let before = frames(dir.path());
        assert_eq!(before.len(), names.len());

        // One added near the start (every later position moves), one removed.
        list.insert(3, article(7));
        list.remove(15_000);
        let kept = |name: &str| before.contains(name);
        let written = write_articles(&path, &Articles::from(list.clone()), &kept).unwrap();
        let names = written.names;
        // Only the articles of the chunks written are slimmed afresh.
        assert!(!written.slimmed.is_empty() && written.slimmed.len() <= 4 * MAX_CHUNK);
        remove_frames_except(&dir.path().join(FRAMES), &names).unwrap();
        let after = frames(dir.path());
        let written = after.difference(&before).count();
        assert!(
            (1..=4).contains(&written),
            "{written} of {} chunks written again",
            after.len()
        );
        assert_eq!(after.len(), names.len(), "replaced frames removed");
        let read: Vec<String> = read_articles(&path)
            .unwrap()
            .into_iter()
            .map(|a| a.id)
            .collect();
        let want: Vec<String> = list.into_iter().map(|a| a.id).collect();
        assert_eq!(read, want);
    }

    #[test]
    fn a_missing_or_cut_frame_is_damage() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(ARTICLES);
        let list: Vec<Article> = (0..3000).map(article).collect();
        write_articles(&path, &Articles::from(list), &|_| false).unwrap();
        let first = frames(dir.path()).into_iter().next().unwrap();
        let file = dir.path().join(FRAMES).join(&first);
        let bytes = std::fs::read(&file).unwrap();
        std::fs::write(&file, &bytes[..bytes.len() - 1]).unwrap();
        assert!(read_articles(&path).is_err());
        std::fs::remove_file(&file).unwrap();
        assert!(read_articles(&path).is_err());
    }

    /// Issue 13 §5: the list is read back without the page-only parts,
    /// and each article reads them back whole on demand, also from a
    /// frame an update has since replaced (unlinked while still served).
    #[test]
    fn articles_are_read_back_slim_and_whole_on_demand() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(ARTICLES);
        let mut list: Vec<Article> = (0..3000).map(article).collect();
        list[5].aside = vec!["Photo: a caption".to_string()];
        list[5].mentioned = vec!["Someone Else".to_string()];
        list[5].statements = vec![crate::model::Statement {
            n: 1,
            speaker: "A Speaker".to_string(),
            speaker_slug: "a-speaker".to_string(),
            text: "We stand ready.".to_string(),
            mode: crate::model::StatementMode::Quote,
            paragraph: 0,
            evidence: "“We stand ready,” she said.".to_string(),
        }];
        let written = write_articles(&path, &Articles::from(list.clone()), &|_| false).unwrap();
        assert_eq!(written.slimmed.len(), list.len(), "every article slimmed");
        let read = read_articles(&path).unwrap();
        assert_eq!(read.len(), list.len());
        let slim = &read[5];
        assert!(slim.body.is_empty() && slim.aside.is_empty() && slim.mentioned.is_empty());
        assert_eq!(
            slim.statements[0].speaker_slug, "a-speaker",
            "who said what stays"
        );
        assert!(slim.statements[0].text.is_empty() && slim.statements[0].evidence.is_empty());
        assert_eq!(slim.text().said(0), "We stand ready.");
        assert_eq!(slim.text().aside(), ["Photo: a caption"]);
        let whole = slim.full().unwrap();
        let json = |a: &Article| serde_json::to_string(a).unwrap();
        assert_eq!(json(&whole), json(&list[5]));
        assert_eq!(json(&read[2999].full().unwrap()), json(&list[2999]));

        // Every frame replaced and removed: what was read still reads back.
        let others: Vec<Article> = (5000..6000).map(article).collect();
        let names = write_articles(&path, &Articles::from(others), &|_| false)
            .unwrap()
            .names;
        remove_frames_except(&dir.path().join(FRAMES), &names).unwrap();
        assert_eq!(json(&read[5].full().unwrap()), json(&list[5]));

        // A slimmed list written again is written whole.
        let again = dir.path().join("again").join(ARTICLES);
        std::fs::create_dir_all(again.parent().unwrap()).unwrap();
        write_articles(&again, &Articles::from(read), &|_| false).unwrap();
        let back = read_articles(&again).unwrap();
        assert_eq!(json(&back[5].full().unwrap()), json(&list[5]));
    }
}
