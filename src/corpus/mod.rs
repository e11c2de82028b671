//! Reading the data folder: every file becomes either a [`Document`] or a
//! [`Rejected`] entry with its reason. One bad file never stops the rest,
//! and indexed plus rejected always equals the entries on disk (issue #7).
//! [`walk`] finds the entries, [`decode`] turns bytes into text, `ids`
//! names documents and folds duplicates, `frontmatter` reads curation.

mod decode;
mod docx;
mod frontmatter;
mod hints;
mod html;
mod ids;
pub mod open;
mod pdf;
mod scan;
mod sidecar;
pub mod walk;

use std::fmt;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use sha2::{Digest, Sha256};

pub use crate::model::Format;
pub use decode::decode;
pub use frontmatter::FrontMatter;
pub use hints::Hints;
pub use ids::{duplicate_note, is_url_safe_id, stem_of};
pub use scan::{Changed, Entry, KnownFiles, Listed, Listing, Scan, Stat, scan, scan_changed};

/// Files larger than this are rejected unless the caller sets another limit.
pub const DEFAULT_MAX_FILE_BYTES: u64 = 5 * 1024 * 1024;

/// The time one HTML, PDF or Word file may take to read at start-up unless
/// the caller sets another budget; a file over it is rejected.
pub const DEFAULT_TIME_BUDGET: Duration = Duration::from_secs(20);

/// Curated configuration that lives in the data folder but is not an article.
pub const GAZETTEER_FILE: &str = "gazetteer.toml";

/// A readable source file, before extraction.
#[derive(Debug, Clone)]
pub struct Document {
    pub id: String,
    /// Path relative to the data folder, with `/` separators.
    pub file: String,
    /// The real path, exact even when `file` is lossy (`file` itself for
    /// documents made by [`parse`]).
    pub path: PathBuf,
    pub sha256: String,
    /// Decoded text after the front matter block.
    pub text: String,
    /// The encoding the text was decoded from (WHATWG name: `UTF-8`,
    /// `UTF-16LE`, `windows-1252`, ...). The bytes themselves are not
    /// kept: pages read the file again and check it against `sha256`.
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
    /// What kind of file it was read from.
    pub format: Format,
    /// What the file says about itself beside its text (JSON-LD, meta
    /// tags, PDF Info, Word properties, a `.url` sidecar).
    pub hints: Hints,
    /// Files beside it that belong to it (`NAME.url`), not documents.
    pub sidecars: Vec<String>,
}

impl Document {
    /// Finish an article extracted from this document: copy the curator
    /// notes into its warnings, and fill in what the file said about
    /// itself (with where each field came from; see `hints::apply`).
    /// `outlet` gives the gazetteer's name of a publisher the file names.
    pub fn add_notes(
        &self,
        article: &mut crate::model::Article,
        outlet: &dyn Fn(&str) -> Option<String>,
    ) {
        article.warnings.extend(self.notes.iter().cloned());
        article.provenance.format = self.format;
        hints::apply(article, &self.hints, &self.front, outlet);
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
    /// A symlink whose real path is outside the data folder: not followed,
    /// so the archive never reads or serves what is outside it.
    OutsideDataFolder,
    /// The same bytes as `of`, which is archived as article `id`.
    Duplicate {
        of: String,
        id: String,
    },
    /// A PDF whose pages hold no text (a scan).
    NoTextLayer,
    /// A PDF (or Word file) that needs a password.
    Encrypted,
    /// The parser's reason a PDF, Word file or web page cannot be read.
    Damaged {
        format: &'static str,
        error: String,
    },
    /// Reading took longer than the time budget of one document.
    OverBudget {
        millis: u64,
    },
    /// A `NAME.url` sidecar with no document `NAME.*` beside it.
    OrphanSidecar,
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
            RejectReason::OutsideDataFolder => {
                write!(
                    f,
                    "symlink to a file outside the data folder (not followed)"
                )
            }
            RejectReason::Duplicate { of, id } => {
                write!(f, "duplicate of {of} (same bytes; archived once as {id})")
            }
            RejectReason::NoTextLayer => write!(f, "no text layer (scanned; needs OCR)"),
            RejectReason::Encrypted => write!(f, "encrypted"),
            RejectReason::Damaged { format, error } => write!(f, "damaged {format}: {error}"),
            RejectReason::OverBudget { millis } => {
                write!(f, "reading took over the time budget of {millis} ms")
            }
            RejectReason::OrphanSidecar => {
                write!(
                    f,
                    "a .url sidecar with no document of the same name beside it"
                )
            }
        }
    }
}

impl From<open::OpenError> for RejectReason {
    fn from(e: open::OpenError) -> RejectReason {
        match e {
            open::OpenError::Outside => RejectReason::OutsideDataFolder,
            open::OpenError::NotAFile => RejectReason::NotAFile,
            open::OpenError::Io(e) => RejectReason::Unreadable {
                error: e.to_string(),
            },
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
    /// How long one HTML, PDF or Word file may take to read.
    pub time_budget: Duration,
}

impl Default for LoadOptions {
    fn default() -> Self {
        LoadOptions {
            max_file_bytes: DEFAULT_MAX_FILE_BYTES,
            time_budget: DEFAULT_TIME_BUDGET,
        }
    }
}

impl LoadOptions {
    /// The defaults with another size limit.
    pub fn with_max_file_bytes(max_file_bytes: u64) -> LoadOptions {
        LoadOptions {
            max_file_bytes,
            ..LoadOptions::default()
        }
    }
}

/// Read every file below `dir`, recursively, in path order.
pub fn load(dir: &Path, options: LoadOptions) -> Result<Corpus, CorpusError> {
    Ok(scan(dir, options, &KnownFiles::default())?.read_all().0)
}

/// Read one file, never more than the size limit allows (a file that grows
/// between the size check and the read is still caught). The stat is taken
/// from the open file before reading, so a later change shows in the next.
/// `real_root` is the data folder's real path ([`open::real_root`]).
fn read_one(
    path: &Path,
    rel: &str,
    real_root: &Path,
    options: LoadOptions,
) -> (Option<Stat>, Result<Document, RejectReason>) {
    let unreadable = |e: std::io::Error| RejectReason::Unreadable {
        error: e.to_string(),
    };
    let file = match open::open_in(path, real_root) {
        Ok(file) => file,
        Err(e) => return (None, Err(e.into())),
    };
    let meta = match file.metadata() {
        Ok(meta) => meta,
        Err(e) => return (None, Err(unreadable(e))),
    };
    let stat = Some(Stat::of(&meta));
    if meta.len() > options.max_file_bytes {
        return (
            stat,
            Err(RejectReason::TooLarge {
                bytes: meta.len(),
                limit: options.max_file_bytes,
            }),
        );
    }
    let mut bytes = Vec::new();
    if let Err(e) = file
        .take(options.max_file_bytes.saturating_add(1))
        .read_to_end(&mut bytes)
    {
        return (stat, Err(unreadable(e)));
    }
    let result = parse(rel, bytes, options).map(|mut doc| {
        doc.path = path.to_path_buf();
        sidecar::attach(&mut doc, real_root);
        doc
    });
    (stat, result)
}

/// Turn a file's bytes into a document: the pure half of reading, so tests
/// and other sources can feed bytes directly. The name's extension says
/// how: `.html`/`.htm`, `.pdf` and `.docx` through their readers (each
/// within the time budget), anything else as text.
pub fn parse(rel: &str, bytes: Vec<u8>, options: LoadOptions) -> Result<Document, RejectReason> {
    if bytes.len() as u64 > options.max_file_bytes {
        return Err(RejectReason::TooLarge {
            bytes: bytes.len() as u64,
            limit: options.max_file_bytes,
        });
    }
    let format = Format::of(rel);
    let reader: fn(&[u8], Instant) -> Result<Reading, RejectReason> = match format {
        Format::Text => return parse_text(rel, bytes),
        Format::Html => html::read,
        Format::Pdf => pdf::read,
        Format::Docx => docx::read,
    };
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(RejectReason::Empty);
    }
    let sha256 = hex(&Sha256::digest(&bytes));
    let read = within_budget(options.time_budget, move |deadline| {
        reader(&bytes, deadline)
    })?;
    if read.text.trim().is_empty() {
        return Err(match format {
            Format::Pdf => RejectReason::NoTextLayer,
            _ => RejectReason::Empty,
        });
    }
    Ok(Document {
        id: stem_of(rel),
        file: rel.to_string(),
        path: PathBuf::from(rel),
        sha256,
        text: read.text,
        encoding: read.encoding,
        front: FrontMatter::default(),
        front_error: None,
        duplicates: Vec::new(),
        notes: read.notes,
        format,
        hints: read.hints,
        sidecars: Vec::new(),
    })
}

/// What a format reader (`html`, `pdf`, `docx`) makes of a file:
/// paragraphs separated by blank lines, and what the file says of itself.
#[derive(Debug, Default)]
pub struct Reading {
    pub text: String,
    pub hints: Hints,
    /// The encoding of a web page's bytes; `UTF-8` for the others.
    pub encoding: &'static str,
    pub notes: Vec<String>,
}

impl Format {
    /// The format a file's name says it is in.
    pub fn of(rel: &str) -> Format {
        let ext = rel
            .rsplit_once('.')
            .map(|(_, e)| e.to_ascii_lowercase())
            .unwrap_or_default();
        match ext.as_str() {
            "html" | "htm" | "xhtml" => Format::Html,
            "pdf" => Format::Pdf,
            "docx" => Format::Docx,
            _ => Format::Text,
        }
    }
}

/// Run a reader on a worker thread and wait for it at most `budget`. A
/// panic in a third-party parser is caught and becomes the reason; a
/// reader still running at the deadline is abandoned (it is told the
/// deadline and stops at its next check) and the file rejected.
fn within_budget(
    budget: Duration,
    read: impl FnOnce(Instant) -> Result<Reading, RejectReason> + Send + 'static,
) -> Result<Reading, RejectReason> {
    let deadline = Instant::now() + budget;
    let (tx, rx) = std::sync::mpsc::sync_channel(1);
    let worker = std::thread::Builder::new()
        .name("demarche-reader".to_string())
        .spawn(move || {
            let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| read(deadline)))
                .unwrap_or_else(|panic| {
                    let why = panic
                        .downcast_ref::<&str>()
                        .map(|s| s.to_string())
                        .or_else(|| panic.downcast_ref::<String>().cloned())
                        .unwrap_or_else(|| "unknown error".to_string());
                    Err(RejectReason::Damaged {
                        format: "file",
                        error: format!("the parser failed: {why}"),
                    })
                });
            let _ = tx.send(result);
        });
    if let Err(e) = worker {
        return Err(RejectReason::Unreadable {
            error: format!("cannot start a reader: {e}"),
        });
    }
    let over = || RejectReason::OverBudget {
        millis: u64::try_from(budget.as_millis()).unwrap_or(u64::MAX),
    };
    match rx.recv_timeout(budget) {
        Ok(Err(RejectReason::OverBudget { .. })) => Err(over()),
        Ok(result) => result,
        Err(std::sync::mpsc::RecvTimeoutError::Timeout) => Err(over()),
        Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => Err(RejectReason::Damaged {
            format: "file",
            error: "the parser stopped without an answer".to_string(),
        }),
    }
}

/// A plain text file: decoded, with its front matter.
fn parse_text(rel: &str, bytes: Vec<u8>) -> Result<Document, RejectReason> {
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
        path: PathBuf::from(rel),
        sha256,
        text,
        encoding: decoded.encoding,
        front,
        front_error,
        duplicates: Vec::new(),
        notes: decoded.note.into_iter().collect(),
        format: Format::Text,
        hints: Hints::default(),
        sidecars: Vec::new(),
    })
}

/// Lower-case hexadecimal, as `sha256` fields are written.
pub fn hex(bytes: &[u8]) -> String {
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
        let o = LoadOptions::with_max_file_bytes(100);
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
        assert_eq!(latin.encoding, "windows-1252");
        assert!(matches!(
            parse("a.txt", vec![b'a'; 101], o).unwrap_err(),
            RejectReason::TooLarge { .. }
        ));
    }
}
