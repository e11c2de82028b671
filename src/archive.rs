//! The loaded archive: articles, their index, and the speaker and forum
//! directories derived from them. Built once at start-up; read-only after.

mod pipeline;
mod store;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::corpus::{self, Entry, KnownFiles, LoadOptions, Rejected};
use crate::extract;
use crate::extract::{Gazetteer, gazetteer::GazetteerError};
use crate::model::{Article, slugify};
use crate::progress::{Progress, Summary};
use crate::search::{IndexBuilder, SearchError, SearchIndex};
use pipeline::extract_and_index;
use store::Store;
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
}

/// A speaker across the archive: every article they speak in.
#[derive(Debug, Clone)]
pub struct SpeakerEntry {
    pub slug: String,
    pub name: String,
    pub role: Option<String>,
    pub country: Option<String>,
    /// Other spellings seen.
    pub aliases: Vec<String>,
    /// Article positions, newest first.
    pub articles: Vec<usize>,
    pub statements: usize,
}

/// A forum across the archive.
#[derive(Debug, Clone)]
pub struct ForumEntry {
    pub slug: String,
    pub name: String,
    /// The name spelt out when `name` is an acronym ("OSCE" → "Organization
    /// for Security and Co-operation in Europe"): the gazetteer's first alias.
    pub full_name: Option<String>,
    pub acronyms: Vec<String>,
    /// The gazetteer's other names for it, but the full name.
    pub aliases: Vec<String>,
    pub articles: Vec<usize>,
}

impl ForumEntry {
    /// The name to show as a title: the full name when there is one.
    pub fn title(&self) -> &str {
        self.full_name.as_deref().unwrap_or(&self.name)
    }

    /// The acronyms that are not the title itself.
    pub fn other_acronyms(&self) -> Vec<&str> {
        self.acronyms
            .iter()
            .map(String::as_str)
            .filter(|a| *a != self.title())
            .collect()
    }
}

/// Source outlet with its article count.
#[derive(Debug, Clone)]
pub struct SourceEntry {
    pub slug: String,
    pub name: String,
    pub articles: usize,
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
}

pub struct Archive {
    pub articles: Vec<Article>,
    /// Where each article's original file is, by position; read on demand
    /// (see [`Archive::original`]).
    originals: Vec<PathBuf>,
    /// The data folder's real path: originals are only read inside it.
    /// `None` on a read-only replica started without the data folder.
    real_root: Option<PathBuf>,
    max_file_bytes: u64,
    by_id: HashMap<String, usize>,
    pub rejected: Vec<Rejected>,
    pub speakers: Vec<SpeakerEntry>,
    speaker_by_slug: HashMap<String, usize>,
    pub forums: Vec<ForumEntry>,
    forum_by_slug: HashMap<String, usize>,
    pub sources: Vec<SourceEntry>,
    pub index: SearchIndex,
    pub gazetteer: Gazetteer,
    /// Its bytes: an update under another gazetteer extracts everything.
    gazetteer_bytes: Vec<u8>,
    pub timings: Timings,
    /// Every data file's stat and outcome at this load, so that the next
    /// [`Archive::update`] reads only the files that changed.
    known: KnownFiles,
}

impl Archive {
    /// The archive again after the data folder changed: the files whose
    /// stat is unchanged are not read, and the articles of unchanged bytes
    /// are taken from `self` instead of being extracted again; only added
    /// and edited documents are. (The search index, its tables and the
    /// directories are still built anew from all the articles.)
    pub fn update(&self, options: &ArchiveOptions) -> Result<Archive, ArchiveError> {
        Archive::load_inner(options, &mut Progress::Off, Some(self))
    }

    /// Read, extract and index a data folder, reporting progress only if
    /// `options.progress` asks for it.
    pub fn load(options: &ArchiveOptions) -> Result<Archive, ArchiveError> {
        let mut progress = if options.progress {
            Progress::auto()
        } else {
            Progress::Off
        };
        Archive::load_with(options, &mut progress)
    }

    /// [`Archive::load`], reporting to `progress`.
    ///
    /// With an index folder, the data folder is first only walked and
    /// stat'ed: files unchanged since the last start-up are not read (see
    /// [`corpus::scan`]). When the fingerprint of what is there matches the
    /// stored index, that is reused; otherwise the stored articles of
    /// unchanged files are reused when the same extractor made them (see
    /// [`Archive::update`]), and every other file is read and extracted.
    pub fn load_with(
        options: &ArchiveOptions,
        progress: &mut Progress,
    ) -> Result<Archive, ArchiveError> {
        Archive::load_inner(options, progress, None)
    }

    fn load_inner(
        options: &ArchiveOptions,
        progress: &mut Progress,
        prior: Option<&Archive>,
    ) -> Result<Archive, ArchiveError> {
        let t0 = Instant::now();
        let gazetteer_bytes = gazetteer_bytes(&options.data_dir);
        let gazetteer = Gazetteer::for_data_dir(&options.data_dir)?;
        let store = options.index_dir.as_deref().map(Store::new);
        if let Some(store) = &store {
            store.clean_leftovers();
        }
        let stored_known = store.as_ref().and_then(|s| s.known_files(options.load));
        // Without a table from this very program the stored index is stale
        // (or absent): do not spend time and memory decoding it early. With
        // an archive in memory, its articles are the ones to reuse.
        let speculate = stored_known.is_some() && prior.is_none();
        let known = match prior {
            Some(p) => p.known.clone(),
            None => stored_known.clone().unwrap_or_default(),
        };
        // The stored articles are decoded while the data folder is scanned:
        // on a restart they are almost always still current, and when they
        // are not the cold path that follows dwarfs the wasted work.
        let tj = Instant::now();
        let (scanned, stored) = rayon::join(
            || {
                let t = Instant::now();
                corpus::scan(&options.data_dir, options.load, &known).map(|scan| {
                    let listing = scan.listing();
                    (scan, listing, t.elapsed())
                })
            },
            || store.as_ref().and_then(|s| s.load_current(speculate)),
        );
        let (scan, mut listing, scanning) = scanned?;
        tracing::debug!(
            known = scan.files_known(),
            read = scan.files_read(),
            ms = scanning.as_millis() as u64,
            "data folder scanned"
        );
        let mut timings = Timings {
            read: (tj - t0) + scanning,
            ..Timings::default()
        };
        let mut reused = None;
        // Articles extracted before, whose unchanged files need no extracting.
        let mut stored_prior = Vec::new();
        if let (Some(_), Some(stored)) = (&store, stored) {
            let fp = store::fingerprint(&listing.documents, &gazetteer_bytes, options.load);
            if stored.is_for(&fp) {
                match reopen(stored, &fp, &listing.documents, &gazetteer) {
                    Ok(found) => reused = found,
                    Err(e) => tracing::warn!("rebuilding the index: {e}"),
                }
            } else if prior.is_none() {
                stored_prior =
                    stored.prior_articles(&store::extractor_key(&gazetteer_bytes, options.load));
            }
        }
        let prior_articles: &[Article] = match prior {
            // The gazetteer decides what extraction gives: another one, and
            // nothing extracted before can be reused.
            Some(p) if gazetteer_bytes == p.gazetteer_bytes => &p.articles,
            Some(_) => &[],
            None => &stored_prior,
        };
        let known_now;
        let (articles, index, directories) = match reused {
            Some(found) => {
                timings.reused = true;
                // Decoding overlapped the scan: count only what came after.
                timings.index = t0.elapsed().saturating_sub(timings.read);
                known_now = scan.known_files();
                if let Some(store) = &store
                    && Some(&known_now) != stored_known.as_ref()
                    && let Err(e) = store.save_known_files(known_now.clone(), options.load)
                {
                    tracing::warn!("keeping the table of known files: {e}");
                }
                found
            }
            None => {
                let done = if prior_articles.is_empty() {
                    Err(scan)
                } else {
                    match incremental(scan, prior_articles, &gazetteer) {
                        Some(done) => Ok(done),
                        // A file changed again meanwhile: read everything.
                        None => Err(corpus::scan(
                            &options.data_dir,
                            options.load,
                            &KnownFiles::default(),
                        )?),
                    }
                };
                let (mut corpus, known, mut done) = match done {
                    Ok(done) => (corpus::Corpus::default(), done.known.clone(), Some(done)),
                    Err(scan) => {
                        let (corpus, known) = scan.read_all();
                        (corpus, known, None)
                    }
                };
                known_now = known.clone();
                listing = match &mut done {
                    Some(done) => std::mem::take(&mut done.listing),
                    None => corpus.listing(),
                };
                let t2 = Instant::now();
                let before = done.as_ref().map_or(Duration::ZERO, |d| d.extract);
                timings.read = (t2 - t0).saturating_sub(before);
                let fingerprint = store.as_ref().map(|_| {
                    store::fingerprint(&listing.documents, &gazetteer_bytes, options.load)
                });
                let building = store.as_ref().map(Store::begin).transpose()?;
                let builder = match &building {
                    Some(b) => IndexBuilder::in_dir(&b.index_dir(), &gazetteer)?,
                    None => IndexBuilder::in_ram(&gazetteer)?,
                };
                let (articles, index, extracted) = match done {
                    Some(done) => {
                        timings.extracted = done.extracted;
                        let index = pipeline::index_all(&done.articles, builder)?;
                        (done.articles, index, t2)
                    }
                    None => {
                        progress.start(corpus.documents.len() as u64);
                        timings.extracted = corpus.documents.len();
                        let (articles, index, extracted) = extract_and_index(
                            &mut corpus.documents,
                            &gazetteer,
                            builder,
                            progress,
                        )?;
                        (articles, index, extracted)
                    }
                };
                drop(corpus);
                let t3 = Instant::now();
                timings.extract = extracted.saturating_duration_since(t2) + before;
                timings.index = t3 - extracted;
                if let (Some(b), Some(fp), Some(store)) = (building, &fingerprint, &store) {
                    b.commit(&articles, &gazetteer_bytes, options.load, fp)?;
                    if let Err(e) = store.save_known_files(known, options.load) {
                        tracing::warn!("keeping the table of known files: {e}");
                    }
                    timings.persist = t3.elapsed();
                }
                let directories = Directories::build(&articles, &gazetteer);
                (articles, index, directories)
            }
        };
        let corpus::Listing {
            documents,
            rejected,
        } = listing;
        let mut duplicates = Vec::new();
        let mut paths = Vec::with_capacity(documents.len());
        for (i, doc) in documents.into_iter().enumerate() {
            paths.push(doc.path);
            for file in doc.duplicates {
                duplicates.push((i, file));
            }
        }
        let Directories {
            by_id,
            speakers,
            speaker_by_slug,
            forums,
            forum_by_slug,
            sources,
        } = directories;
        let mut archive = Archive {
            articles,
            originals: paths,
            real_root: Some(corpus::open::real_root(&options.data_dir)),
            max_file_bytes: options.load.max_file_bytes,
            by_id,
            rejected,
            speakers,
            speaker_by_slug,
            forums,
            forum_by_slug,
            sources,
            index,
            gazetteer,
            gazetteer_bytes,
            timings,
            known: known_now,
        };
        // A duplicate's own name still leads to the article holding its
        // bytes, so its permalink survives a copy appearing earlier in
        // path order (issue #7). Real ids always win.
        for (i, file) in duplicates {
            archive.by_id.entry(corpus::stem_of(&file)).or_insert(i);
        }
        progress.finish(&Summary {
            documents: archive.articles.len(),
            rejected: archive.rejected.len(),
            elapsed: t0.elapsed(),
            reused: timings.reused,
        });
        Ok(archive)
    }

    /// A read-only replica (`serve --read-only`): the index folder's
    /// current index as the writer (`demarche index`) left it, opened
    /// without writing anything there. Originals are read from `data_dir`
    /// when given; otherwise they answer [`OriginalError::NotOnReplica`].
    /// Duplicate files' own names are not known here (only real ids lead to
    /// articles), nor are rejected files.
    pub fn open_read_only(
        index_dir: &Path,
        data_dir: Option<&Path>,
        max_file_bytes: u64,
    ) -> Result<Archive, ArchiveError> {
        let t0 = Instant::now();
        let (articles, dir, gazetteer_bytes) = Store::new(index_dir).open_read_only()?;
        let gazetteer = match gazetteer_bytes.as_slice() {
            EMBEDDED_MARKER => Gazetteer::embedded()?,
            bytes => Gazetteer::parse(
                &String::from_utf8_lossy(bytes),
                &dir.with_file_name("gazetteer").display().to_string(),
            )?,
        };
        let timings = Timings {
            read: t0.elapsed(),
            reused: true,
            ..Timings::default()
        };
        let t1 = Instant::now();
        let (index, directories) = rayon::join(
            || SearchIndex::open_read_only(&dir, &articles, &gazetteer),
            || Directories::build(&articles, &gazetteer),
        );
        let index = index?;
        let originals = match data_dir {
            Some(d) => articles.iter().map(|a| d.join(&a.file)).collect(),
            None => vec![PathBuf::new(); articles.len()],
        };
        let Directories {
            by_id,
            speakers,
            speaker_by_slug,
            forums,
            forum_by_slug,
            sources,
        } = directories;
        Ok(Archive {
            articles,
            originals,
            real_root: data_dir.map(corpus::open::real_root),
            max_file_bytes,
            by_id,
            rejected: Vec::new(),
            speakers,
            speaker_by_slug,
            forums,
            forum_by_slug,
            sources,
            index,
            gazetteer,
            gazetteer_bytes,
            timings: Timings {
                index: t1.elapsed(),
                ..timings
            },
            known: KnownFiles::default(),
        })
    }

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

    /// Articles most like article `i`: shared speakers weigh most, then
    /// shared forums (rare ones more than busy ones); ties go to the
    /// closest in date.
    pub fn related(&self, i: usize, n: usize) -> Vec<usize> {
        let art = &self.articles[i];
        let mut score: HashMap<usize, f32> = HashMap::new();
        for p in &art.speakers {
            if let Some(s) = self.speaker(&p.slug) {
                for &j in s.articles.iter().take(RELATED_CANDIDATES) {
                    *score.entry(j).or_default() += 3.0;
                }
            }
        }
        for f in &art.forums {
            if let Some(entry) = self.forum(&slugify(f)) {
                let weight = 1.0 / (1.0 + (entry.articles.len() as f32).ln());
                for &j in entry.articles.iter().take(RELATED_CANDIDATES) {
                    *score.entry(j).or_default() += weight;
                }
            }
        }
        score.remove(&i);
        let day = |j: usize| self.articles[j].date.map_or(i64::MAX / 2, |d| d.sort_key());
        let here = day(i);
        let mut ranked: Vec<(usize, f32)> = score.into_iter().collect();
        ranked.sort_by(|a, b| {
            b.1.total_cmp(&a.1)
                .then_with(|| (day(a.0) - here).abs().cmp(&(day(b.0) - here).abs()))
                .then_with(|| a.0.cmp(&b.0))
        });
        ranked.into_iter().take(n).map(|(j, _)| j).collect()
    }

    /// The articles just before and after article `i` by date within a
    /// forum: (older, newer).
    pub fn neighbours(&self, i: usize, forum_slug: &str) -> (Option<usize>, Option<usize>) {
        let Some(f) = self.forum(forum_slug) else {
            return (None, None);
        };
        let Some(pos) = f.articles.iter().position(|&j| j == i) else {
            return (None, None);
        };
        // Forum lists are newest first.
        let newer = pos.checked_sub(1).map(|p| f.articles[p]);
        let older = f.articles.get(pos + 1).copied();
        (older, newer)
    }
}

/// The articles of a changed corpus, made by extracting only what changed.
struct Incremental {
    articles: Vec<Article>,
    listing: corpus::Listing,
    known: KnownFiles,
    /// Documents extracted (the rest were taken from `prior`).
    extracted: usize,
    /// Time reading and extracting those took.
    extract: Duration,
}

/// Read and extract only the documents whose article in `prior` (same
/// file, same bytes, same id and duplicates) cannot be reused. `Err` gives
/// `None` when a document changed again while this ran (then everything
/// is read, as on a cold start).
fn incremental(scan: corpus::Scan, prior: &[Article], gaz: &Gazetteer) -> Option<Incremental> {
    use rayon::prelude::*;
    let by_key: HashMap<(&str, &str), &Article> = prior
        .iter()
        .map(|a| ((a.file.as_str(), a.sha256.as_str()), a))
        .collect();
    let mut changed = scan.read_changed(|file, sha| by_key.contains_key(&(file, sha)));
    let reusable = |entry: &Entry| -> Option<&Article> {
        let Entry::Unchanged(listed, whys) = entry else {
            return None;
        };
        let a = *by_key.get(&(listed.file.as_str(), listed.sha256.as_str()))?;
        // Naming may give the same bytes another id or other duplicates
        // (a clash with a new file): then the article must be made again.
        let notes: Vec<String> = listed
            .duplicates
            .iter()
            .map(|f| corpus::duplicate_note(f))
            .collect();
        let had: Vec<&String> = a
            .warnings
            .iter()
            .filter(|w| w.starts_with(DUPLICATE_NOTE_START))
            .collect();
        (whys.is_empty() && a.id == listed.id && had.iter().copied().eq(notes.iter())).then_some(a)
    };
    let listing: corpus::Listing = corpus::Listing {
        documents: changed.entries.iter().map(Entry::listed).collect(),
        rejected: changed.rejected.clone(),
    };
    let entries = std::mem::take(&mut changed.entries);
    let changed = &changed;
    let t = Instant::now();
    let made: Vec<Option<(Article, bool)>> = entries
        .into_par_iter()
        .map(|entry| match reusable(&entry) {
            Some(a) => Some((a.clone(), false)),
            None => {
                let doc = changed.document(entry)?;
                let mut article = extract::extract(&doc, gaz).article;
                doc.add_notes(&mut article, gaz);
                Some((article, true))
            }
        })
        .collect();
    let mut articles = Vec::with_capacity(made.len());
    let mut extracted = 0;
    for (article, fresh) in made.into_iter().collect::<Option<Vec<_>>>()? {
        extracted += usize::from(fresh);
        articles.push(article);
    }
    Some(Incremental {
        articles,
        listing,
        known: changed.known.clone(),
        extracted,
        extract: t.elapsed(),
    })
}

/// How [`corpus::duplicate_note`] starts.
const DUPLICATE_NOTE_START: &str = "the same bytes are also in ";

/// The speaker, forum and source directories and the id table, derived
/// from the articles.
struct Directories {
    by_id: HashMap<String, usize>,
    speakers: Vec<SpeakerEntry>,
    speaker_by_slug: HashMap<String, usize>,
    forums: Vec<ForumEntry>,
    forum_by_slug: HashMap<String, usize>,
    sources: Vec<SourceEntry>,
}

impl Directories {
    fn build(articles: &[Article], gaz: &Gazetteer) -> Directories {
        let by_id = articles
            .iter()
            .enumerate()
            .map(|(i, a)| (a.id.clone(), i))
            .collect();
        let mut newest: Vec<usize> = (0..articles.len()).collect();
        newest.sort_by_key(|&i| std::cmp::Reverse(articles[i].date.map(|d| d.sort_key())));

        let mut speakers: Vec<SpeakerEntry> = Vec::new();
        let mut speaker_by_slug: HashMap<String, usize> = HashMap::new();
        let mut forums: Vec<ForumEntry> = Vec::new();
        let mut forum_by_slug: HashMap<String, usize> = HashMap::new();
        let mut sources: HashMap<String, SourceEntry> = HashMap::new();
        for &i in &newest {
            let a = &articles[i];
            for p in &a.speakers {
                let k = *speaker_by_slug.entry(p.slug.clone()).or_insert_with(|| {
                    speakers.push(SpeakerEntry {
                        slug: p.slug.clone(),
                        name: p.name.clone(),
                        role: None,
                        country: None,
                        aliases: Vec::new(),
                        articles: Vec::new(),
                        statements: 0,
                    });
                    speakers.len() - 1
                });
                let s = &mut speakers[k];
                s.articles.push(i);
                s.statements += a.statements_by(&p.slug).count();
                if s.role.is_none() {
                    s.role.clone_from(&p.role);
                }
                if s.country.is_none() {
                    s.country.clone_from(&p.country);
                }
                for spelling in std::iter::once(&p.name).chain(&p.aliases) {
                    if *spelling != s.name && !s.aliases.contains(spelling) {
                        s.aliases.push(spelling.clone());
                    }
                }
            }
            for f in &a.forums {
                let slug = slugify(f);
                let k = *forum_by_slug.entry(slug.clone()).or_insert_with(|| {
                    let known = gaz.forums.iter().find(|g| g.name == *f);
                    let acronyms = known.map(|g| g.acronyms.clone()).unwrap_or_default();
                    let mut aliases = known.map(|g| g.aliases.clone()).unwrap_or_default();
                    // An acronym as the name says nothing to a newcomer.
                    let full_name =
                        (acronyms.contains(f) && !aliases.is_empty()).then(|| aliases.remove(0));
                    forums.push(ForumEntry {
                        slug,
                        name: f.clone(),
                        full_name,
                        acronyms,
                        aliases,
                        articles: Vec::new(),
                    });
                    forums.len() - 1
                });
                forums[k].articles.push(i);
            }
            if let Some(s) = &a.source {
                sources
                    .entry(slugify(s))
                    .or_insert_with(|| SourceEntry {
                        slug: slugify(s),
                        name: s.clone(),
                        articles: 0,
                    })
                    .articles += 1;
            }
        }
        // A spelling the gazetteer replaced leads to its speaker's page.
        for (k, s) in speakers.iter().enumerate() {
            for alias in &s.aliases {
                speaker_by_slug
                    .entry(extract::gazetteer::person_slug(alias))
                    .or_insert(k);
            }
        }
        let mut sources: Vec<SourceEntry> = sources.into_values().collect();
        sources.sort_by(|a, b| b.articles.cmp(&a.articles).then(a.name.cmp(&b.name)));
        Directories {
            by_id,
            speakers,
            speaker_by_slug,
            forums,
            forum_by_slug,
            sources,
        }
    }
}

/// The gazetteer's bytes (part of the index fingerprint): the data
/// folder's own, or the embedded one's marker.
fn gazetteer_bytes(data_dir: &Path) -> Vec<u8> {
    let root = corpus::open::real_root(data_dir);
    corpus::open::read_in(&data_dir.join(corpus::GAZETTEER_FILE), &root)
        .unwrap_or_else(|_| EMBEDDED_MARKER.to_vec())
}

/// What [`gazetteer_bytes`] gives when the data folder has no gazetteer.
const EMBEDDED_MARKER: &[u8] = b"embedded";

/// The stored articles, their index and directories, if the store holds
/// them for exactly this corpus. The index's tables and the archive's
/// directories are built at the same time.
fn reopen(
    stored: store::Stored,
    fingerprint: &str,
    docs: &[corpus::Listed],
    gaz: &Gazetteer,
) -> Result<Option<(Vec<Article>, SearchIndex, Directories)>, ArchiveError> {
    let Some((articles, dir)) = stored.take(fingerprint)? else {
        return Ok(None);
    };
    if !store::matches(&articles, docs) {
        return Err(StoreError::Mismatch(dir.display().to_string()).into());
    }
    let ((index, open), (directories, dirs)) = rayon::join(
        || {
            let t = Instant::now();
            (SearchIndex::open(&dir, &articles, gaz), t.elapsed())
        },
        || {
            let t = Instant::now();
            (Directories::build(&articles, gaz), t.elapsed())
        },
    );
    let index = index?;
    tracing::info!(
        search_open_ms = open.as_millis() as u64,
        directories_ms = dirs.as_millis() as u64,
        "stored index reused"
    );
    Ok(Some((articles, index, directories)))
}

/// Most articles looked at per speaker or forum when finding related ones.
const RELATED_CANDIDATES: usize = 300;

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
