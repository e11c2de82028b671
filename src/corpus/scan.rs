//! Knowing what is in the data folder without reading it again: a table of
//! every file's stat (size, modification and change times, inode) with the
//! outcome of its last read — its SHA-256 and front matter id, or why it was
//! rejected. [`scan`] walks and stats the folder and reads only the files
//! whose stat is not in the table; [`Scan::listing`] then names every
//! document (ids, duplicates, hashes) as a full read would, and
//! [`Scan::read_all`] reads the rest when the text is needed after all.
//!
//! Trusting a stat is what git does for its index, with the same caveat
//! ("racy git"): a file rewritten with the same size within the same
//! timestamp tick as the read that recorded it keeps its stat. Timestamps
//! here are nanoseconds, and a file whose modification time is less than
//! [`RACY_SECONDS`] before the scan began is never recorded, so it is read
//! again next time; only a clock far off from the file system's (a network
//! mount), together with a same-size rewrite in the same tick, could slip
//! by. The change time and inode also catch files replaced by a rename or
//! a copy that preserves the modification time.

use rustc_hash::FxHashMap;
use std::path::PathBuf;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use super::ids::{assign_unique_ids, remove_duplicates};
use super::{
    Corpus, CorpusError, Document, GAZETTEER_FILE, LoadOptions, RejectReason, Rejected, read_one,
    stem_of, walk,
};

/// A file modified this recently when the scan began is not recorded: it
/// could still change within the same timestamp tick (see the module docs).
pub const RACY_SECONDS: u64 = 2;

/// What `stat` says about a file: enough to tell that it changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stat {
    pub size: u64,
    /// Modification time, nanoseconds since the epoch.
    pub mtime_ns: u128,
    /// Status change time, nanoseconds since the epoch (0 where unknown).
    pub ctime_ns: i128,
    pub ino: u64,
    pub dev: u64,
}

impl Stat {
    pub fn of(meta: &std::fs::Metadata) -> Stat {
        let mtime_ns = meta
            .modified()
            .ok()
            .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
            .map_or(0, |d| d.as_nanos());
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            Stat {
                size: meta.len(),
                mtime_ns,
                ctime_ns: i128::from(meta.ctime()) * 1_000_000_000 + i128::from(meta.ctime_nsec()),
                ino: meta.ino(),
                dev: meta.dev(),
            }
        }
        #[cfg(not(unix))]
        {
            Stat {
                size: meta.len(),
                mtime_ns,
                ctime_ns: 0,
                ino: 0,
                dev: 0,
            }
        }
    }
}

/// The outcome of reading a file, as far as naming it needs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Outcome {
    Document {
        sha256: String,
        /// The front matter's `id`, as written (checked when ids are given).
        front_id: Option<String>,
    },
    Empty,
    Binary,
    Undecodable {
        encoding: String,
    },
    TooLarge {
        bytes: u64,
        limit: u64,
    },
}

impl Outcome {
    /// What is worth remembering of a read; `None` for outcomes that may
    /// change without the file changing (an unreadable file can become
    /// readable by a change of permissions).
    fn of(result: &Result<Box<Document>, RejectReason>) -> Option<Outcome> {
        Some(match result {
            Ok(doc) => Outcome::Document {
                sha256: doc.sha256.clone(),
                front_id: doc.front.id.clone(),
            },
            Err(RejectReason::Empty) => Outcome::Empty,
            Err(RejectReason::Binary) => Outcome::Binary,
            Err(RejectReason::Undecodable { encoding }) => Outcome::Undecodable {
                encoding: encoding.to_string(),
            },
            Err(RejectReason::TooLarge { bytes, limit }) => Outcome::TooLarge {
                bytes: *bytes,
                limit: *limit,
            },
            Err(
                RejectReason::Unreadable { .. }
                | RejectReason::NotAFile
                | RejectReason::OutsideDataFolder
                | RejectReason::Duplicate { .. }
                // Read again each time: cheap to tell, and a time budget
                // or a sidecar may differ next time.
                | RejectReason::NoTextLayer
                | RejectReason::Encrypted
                | RejectReason::Damaged { .. }
                | RejectReason::OverBudget { .. }
                | RejectReason::OrphanSidecar,
            ) => return None,
        })
    }

    fn reject_reason(&self) -> Option<RejectReason> {
        Some(match self {
            Outcome::Document { .. } => return None,
            Outcome::Empty => RejectReason::Empty,
            Outcome::Binary => RejectReason::Binary,
            Outcome::Undecodable { encoding } => RejectReason::Undecodable {
                encoding: encoding_rs::Encoding::for_label(encoding.as_bytes())
                    .map_or("unknown", |e| e.name()),
            },
            Outcome::TooLarge { bytes, limit } => RejectReason::TooLarge {
                bytes: *bytes,
                limit: *limit,
            },
        })
    }
}

/// Files read before: relative path → (stat when read, outcome).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct KnownFiles {
    /// Fx-hashed: looked up for every file at every update.
    pub files: FxHashMap<String, (Stat, Outcome)>,
}

impl KnownFiles {
    pub fn len(&self) -> usize {
        self.files.len()
    }

    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }
}

/// A document as far as naming it goes: what the index fingerprint, the
/// permalinks and the original file need, without its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Listed {
    pub id: String,
    /// Path relative to the data folder, with `/` separators.
    pub file: String,
    /// The real path (exact even when `file` is lossy).
    pub path: PathBuf,
    pub sha256: String,
    /// Other files with the same bytes, archived as this document.
    pub duplicates: Vec<String>,
    front_id: Option<String>,
}

impl Listed {
    fn of(doc: &Document) -> Listed {
        Listed {
            id: doc.id.clone(),
            file: doc.file.clone(),
            path: doc.path.clone(),
            sha256: doc.sha256.clone(),
            duplicates: doc.duplicates.clone(),
            front_id: doc.front.id.clone(),
        }
    }
}

/// Every file below the data folder, named, without the documents' text.
#[derive(Debug, Default)]
pub struct Listing {
    pub documents: Vec<Listed>,
    pub rejected: Vec<Rejected>,
}

impl Corpus {
    /// This corpus as a [`Listing`].
    pub fn listing(&self) -> Listing {
        Listing {
            documents: self.documents.iter().map(Listed::of).collect(),
            rejected: self.rejected.clone(),
        }
    }
}

/// One file found by [`scan`].
#[derive(Debug)]
struct Scanned {
    rel: String,
    path: PathBuf,
    state: State,
}

#[derive(Debug)]
enum State {
    /// Its stat matches the table: not read.
    Known(Stat, Outcome),
    /// Read now; the stat was taken from the open file before reading.
    Read(Option<Stat>, Result<Box<Document>, RejectReason>),
}

/// The data folder walked and stat'ed, with the files that changed read.
#[derive(Debug)]
pub struct Scan {
    odd: Vec<Rejected>,
    files: Vec<Scanned>,
    options: LoadOptions,
    started: SystemTime,
    /// The data folder's real path: every read is checked against it.
    real_root: PathBuf,
    /// The walk this scan stat'ed, for the next [`scan_changed`].
    walked: walk::Walked,
}

/// Walk `dir`, stat every file, and read those not in `known` with the
/// same stat (all of them when `known` is empty).
pub fn scan(
    dir: &std::path::Path,
    options: LoadOptions,
    known: &KnownFiles,
) -> Result<Scan, CorpusError> {
    let started = SystemTime::now();
    let (files, odd) = walk::walk(dir).map_err(|source| CorpusError {
        path: dir.to_path_buf(),
        source,
    })?;
    Ok(scan_walked(
        dir,
        options,
        known,
        walk::Walked { files, odd },
        None,
        started,
    ))
}

/// [`scan`] when only the `changed` paths can differ from `before` (the
/// walk of the last scan, [`Scan::walked`]): they are walked again, and
/// only the files found there are stat'ed; every other file's stat and
/// outcome are taken from `known` as they are. For a watcher that hears
/// file-system events: the cost is that of the change, not of the folder.
/// `Err` when the paths cannot be placed (then [`scan`] the whole folder).
pub fn scan_changed(
    dir: &std::path::Path,
    options: LoadOptions,
    known: &KnownFiles,
    before: &walk::Walked,
    changed: &[PathBuf],
) -> Result<Scan, walk::RewalkError> {
    let started = SystemTime::now();
    let (walked, touched) = walk::rewalk(dir, before, changed)?;
    Ok(scan_walked(
        dir,
        options,
        known,
        walked,
        Some(&touched),
        started,
    ))
}

/// Stat and read what a walk found. With `touched`, only those files are
/// stat'ed (the others are trusted to match `known`).
fn scan_walked(
    dir: &std::path::Path,
    options: LoadOptions,
    known: &KnownFiles,
    walked: walk::Walked,
    touched: Option<&rustc_hash::FxHashSet<String>>,
    started: SystemTime,
) -> Scan {
    let real_root = super::open::real_root(dir);
    let mut odd = walked.odd.clone();
    let found = &walked.files;
    // `NAME.url` sidecars belong to their documents (read with them), and
    // one without a document is rejected.
    let owners = super::sidecar::owners(found.iter().map(|f| f.rel.as_str()));
    let (sidecars, found): (Vec<_>, Vec<_>) = found
        .iter()
        .partition(|f| super::sidecar::is_sidecar(&f.rel));
    for s in sidecars {
        if !super::sidecar::has_owner(&s.rel, &owners) {
            odd.push(Rejected {
                file: s.rel.clone(),
                reason: RejectReason::OrphanSidecar,
            });
        }
    }
    let found: Vec<super::walk::Found> = found.into_iter().cloned().collect();
    // Stats, reads, decoding and hashing are independent per file: do them
    // on every core; `collect` keeps path order (ids and duplicates depend
    // on it).
    let files = found
        .into_par_iter()
        .filter(|f| f.rel != GAZETTEER_FILE)
        .map(|f| {
            let cached = known.files.get(&f.rel).and_then(|(stat, outcome)| {
                if touched.is_some_and(|t| !t.contains(&f.rel)) {
                    return Some(State::Known(*stat, outcome.clone()));
                }
                let now = std::fs::metadata(&f.path).ok().map(|m| Stat::of(&m))?;
                (now == *stat).then(|| State::Known(now, outcome.clone()))
            });
            let state = cached.unwrap_or_else(|| {
                let (stat, result) = read_one(&f.path, &f.rel, &real_root, options);
                State::Read(stat, result.map(Box::new))
            });
            Scanned {
                rel: f.rel,
                path: f.path,
                state,
            }
        })
        .collect();
    Scan {
        odd,
        files,
        options,
        started,
        real_root,
        walked,
    }
}

impl Scan {
    /// The walk this scan made (or brought up to date), taken out to be
    /// kept for the next [`scan_changed`] (the scan needs it no more).
    pub fn take_walked(&mut self) -> walk::Walked {
        std::mem::take(&mut self.walked)
    }

    /// Files that were read (not known from the table).
    pub fn files_read(&self) -> usize {
        self.files
            .iter()
            .filter(|f| matches!(f.state, State::Read(..)))
            .count()
    }

    /// Files whose outcome came from the table.
    pub fn files_known(&self) -> usize {
        self.files.len() - self.files_read()
    }

    /// Name every document and list every rejected file, exactly as
    /// reading them all would, without reading the known files.
    pub fn listing(&self) -> Listing {
        let mut docs = Vec::new();
        let mut rejected = self.odd.clone();
        for f in &self.files {
            let outcome = match &f.state {
                State::Known(_, outcome) => outcome,
                State::Read(_, Ok(doc)) => {
                    docs.push(Listed::of(doc));
                    continue;
                }
                State::Read(_, Err(reason)) => {
                    rejected.push(Rejected {
                        file: f.rel.clone(),
                        reason: reason.clone(),
                    });
                    continue;
                }
            };
            match outcome {
                Outcome::Document { sha256, front_id } => docs.push(Listed {
                    id: stem_of(&f.rel),
                    file: f.rel.clone(),
                    path: f.path.clone(),
                    sha256: sha256.clone(),
                    duplicates: Vec::new(),
                    front_id: front_id.clone(),
                }),
                other => rejected.push(Rejected {
                    file: f.rel.clone(),
                    reason: other.reject_reason().expect("not a document"),
                }),
            }
        }
        name(docs, rejected).into()
    }

    /// The table to keep for next time: every file's stat and outcome,
    /// except files modified too recently to trust (see the module docs)
    /// and outcomes that can change by themselves.
    pub fn known_files(&self) -> KnownFiles {
        let recent = self
            .started
            .checked_sub(Duration::from_secs(RACY_SECONDS))
            .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
            .map_or(0, |d| d.as_nanos());
        let files = self
            .files
            .iter()
            .filter_map(|f| {
                let (stat, outcome) = match &f.state {
                    State::Known(stat, outcome) => (*stat, outcome.clone()),
                    State::Read(stat, result) => ((*stat)?, Outcome::of(result)?),
                };
                (stat.mtime_ns < recent).then(|| (f.rel.clone(), (stat, outcome)))
            })
            .collect();
        KnownFiles { files }
    }

    /// Read only the documents whose bytes are not `unchanged(file,
    /// sha256)` — those of an article extracted before — and name every
    /// document as [`Scan::read_all`] would. A file read already (its stat
    /// changed) whose bytes turn out unchanged is not kept in full either.
    pub fn read_changed(self, unchanged: impl Fn(&str, &str) -> bool + Sync) -> Changed {
        let options = self.options;
        let real_root = &self.real_root;
        let files: Vec<Scanned> = self
            .files
            .into_par_iter()
            .map(|f| match &f.state {
                State::Known(_, Outcome::Document { sha256, .. }) if !unchanged(&f.rel, sha256) => {
                    let (stat, result) = read_one(&f.path, &f.rel, real_root, options);
                    Scanned {
                        state: State::Read(stat, result.map(Box::new)),
                        ..f
                    }
                }
                _ => f,
            })
            .collect();
        let scan = Scan { files, ..self };
        let known = scan.known_files();
        let mut entries = Vec::new();
        let mut rejected = scan.odd;
        for f in scan.files {
            match f.state {
                State::Known(_, Outcome::Document { sha256, front_id }) => {
                    entries.push(Entry::Unchanged(
                        Listed {
                            id: stem_of(&f.rel),
                            file: f.rel,
                            path: f.path,
                            sha256,
                            duplicates: Vec::new(),
                            front_id,
                        },
                        Vec::new(),
                    ))
                }
                State::Known(_, other) => rejected.push(Rejected {
                    file: f.rel,
                    reason: other.reject_reason().expect("not a document"),
                }),
                State::Read(_, Ok(doc)) if unchanged(&doc.file, &doc.sha256) => {
                    entries.push(Entry::Unchanged(Listed::of(&doc), Vec::new()));
                }
                State::Read(_, Ok(doc)) => entries.push(Entry::Read(doc)),
                State::Read(_, Err(reason)) => rejected.push(Rejected {
                    file: f.rel,
                    reason,
                }),
            }
        }
        let (entries, rejected) = name(entries, rejected);
        Changed {
            entries,
            rejected,
            known,
            options,
            real_root: scan.real_root,
        }
    }

    /// Read the files not read yet, and make the corpus [`super::load`]
    /// would: every document with its text. Also returns the table to keep.
    pub fn read_all(self) -> (Corpus, KnownFiles) {
        let options = self.options;
        let real_root = &self.real_root;
        let files: Vec<Scanned> = self
            .files
            .into_par_iter()
            .map(|f| match f.state {
                State::Known(..) => {
                    let (stat, result) = read_one(&f.path, &f.rel, real_root, options);
                    Scanned {
                        state: State::Read(stat, result.map(Box::new)),
                        ..f
                    }
                }
                State::Read(..) => f,
            })
            .collect();
        let scan = Scan { files, ..self };
        let known = scan.known_files();
        let mut docs = Vec::new();
        let mut rejected = scan.odd;
        for f in scan.files {
            match f.state {
                State::Read(_, Ok(doc)) => docs.push(*doc),
                State::Read(_, Err(reason)) => rejected.push(Rejected {
                    file: f.rel,
                    reason,
                }),
                State::Known(..) => unreachable!("every file was read above"),
            }
        }
        let (documents, rejected) = name(docs, rejected);
        (
            Corpus {
                documents,
                rejected,
            },
            known,
        )
    }
}

/// A document named by [`Scan::read_changed`]: read, or not read because
/// its bytes are those of an article extracted before.
#[derive(Debug)]
pub enum Entry {
    /// Not read, with the reasons naming gave for refusing its front
    /// matter id (replayed by [`Changed::document`] if it is read after all).
    Unchanged(Listed, Vec<String>),
    Read(Box<Document>),
}

impl Entry {
    /// The entry as a [`Listed`] document.
    pub fn listed(&self) -> Listed {
        match self {
            Entry::Unchanged(l, _) => l.clone(),
            Entry::Read(doc) => Listed::of(doc),
        }
    }
}

/// What [`Scan::read_changed`] found.
pub struct Changed {
    /// Every document, named, in path order.
    pub entries: Vec<Entry>,
    pub rejected: Vec<Rejected>,
    /// The table to keep for next time.
    pub known: KnownFiles,
    options: LoadOptions,
    real_root: PathBuf,
}

impl Changed {
    /// The full document of an entry, reading an unchanged one now and
    /// naming it as naming did; `None` if its bytes are no longer those
    /// listed (it changed since the scan) or it cannot be read.
    pub fn document(&self, entry: Entry) -> Option<Document> {
        match entry {
            Entry::Read(doc) => Some(*doc),
            Entry::Unchanged(listed, whys) => {
                let (_, read) = read_one(&listed.path, &listed.file, &self.real_root, self.options);
                let mut doc = read.ok().filter(|d| d.sha256 == listed.sha256)?;
                doc.id = listed.id;
                for file in &listed.duplicates {
                    super::ids::Named::add_duplicate(&mut doc, file);
                }
                for why in whys {
                    super::ids::Named::front_id_rejected(&mut doc, why);
                }
                Some(doc)
            }
        }
    }
}

impl super::ids::Named for Entry {
    fn sha256(&self) -> &str {
        match self {
            Entry::Unchanged(l, _) => &l.sha256,
            Entry::Read(d) => &d.sha256,
        }
    }
    fn file(&self) -> &str {
        match self {
            Entry::Unchanged(l, _) => &l.file,
            Entry::Read(d) => &d.file,
        }
    }
    fn id(&self) -> &str {
        match self {
            Entry::Unchanged(l, _) => &l.id,
            Entry::Read(d) => &d.id,
        }
    }
    fn front_id(&self) -> Option<&str> {
        match self {
            Entry::Unchanged(l, _) => l.front_id.as_deref(),
            Entry::Read(d) => d.front.id.as_deref(),
        }
    }
    fn set_id(&mut self, id: String) {
        match self {
            Entry::Unchanged(l, _) => l.id = id,
            Entry::Read(d) => d.set_id(id),
        }
    }
    fn add_duplicate(&mut self, file: &str) {
        match self {
            Entry::Unchanged(l, _) => l.duplicates.push(file.to_string()),
            Entry::Read(d) => d.add_duplicate(file),
        }
    }
    fn front_id_rejected(&mut self, why: String) {
        match self {
            Entry::Unchanged(_, whys) => whys.push(why),
            Entry::Read(d) => d.front_id_rejected(why),
        }
    }
}

/// Fold duplicates, give ids, and list the duplicates as rejected: the
/// same steps, in the same order, for full documents and listed ones.
fn name<D: super::ids::Named>(
    mut docs: Vec<D>,
    mut rejected: Vec<Rejected>,
) -> (Vec<D>, Vec<Rejected>) {
    let duplicates = remove_duplicates(&mut docs);
    assign_unique_ids(&mut docs);
    for (file, kept) in duplicates {
        let doc = &docs[kept];
        rejected.push(Rejected {
            file,
            reason: RejectReason::Duplicate {
                of: doc.file().to_string(),
                id: doc.id().to_string(),
            },
        });
    }
    rejected.sort_by(|a, b| a.file.cmp(&b.file));
    (docs, rejected)
}

impl From<(Vec<Listed>, Vec<Rejected>)> for Listing {
    fn from((documents, rejected): (Vec<Listed>, Vec<Rejected>)) -> Listing {
        Listing {
            documents,
            rejected,
        }
    }
}

impl super::ids::Named for Listed {
    fn sha256(&self) -> &str {
        &self.sha256
    }
    fn file(&self) -> &str {
        &self.file
    }
    fn id(&self) -> &str {
        &self.id
    }
    fn front_id(&self) -> Option<&str> {
        self.front_id.as_deref()
    }
    fn set_id(&mut self, id: String) {
        self.id = id;
    }
    fn add_duplicate(&mut self, file: &str) {
        self.duplicates.push(file.to_string());
    }
    fn front_id_rejected(&mut self, _why: String) {}
}
