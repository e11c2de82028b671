//! Loading and updating an archive: scan, reuse what is held, extract and index only the rest.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use super::directories::{DUPLICATE_NOTE_START, Directories};
use super::pipeline::{self, extract_and_index};
use super::store::{self, Store, StoreError};
use super::{Archive, ArchiveError, ArchiveOptions, Timings};
use crate::corpus::{self, Entry, KnownFiles};
use crate::extract::{self, Gazetteer};
use crate::model::{Article, Articles, Renumbering};
use crate::progress::{Progress, Summary};
use crate::search::{IndexBuilder, SearchIndex};

impl Archive {
    /// The archive again after the data folder changed: the files whose
    /// stat is unchanged are not read, and the articles of unchanged bytes
    /// are taken from `self` instead of being extracted again; only added
    /// and edited documents are. The search index is updated in place, and
    /// its tables and the directories are carried over from `self` with
    /// only the changed articles' entries worked out (see
    /// [`crate::model::Renumbering`]).
    pub fn update(&self, options: &ArchiveOptions) -> Result<Archive, ArchiveError> {
        Archive::load_inner(options, &mut Progress::Off, Some(self), false, None)
    }

    /// [`Archive::update`], or `None` when the data folder holds the same
    /// documents as `self` (an event that was no change: a file touched,
    /// rewritten with the same bytes), so nothing is swapped in.
    pub fn update_if_changed(
        &self,
        options: &ArchiveOptions,
    ) -> Result<Option<Archive>, ArchiveError> {
        self.update_paths_if_changed(options, None)
    }

    /// [`Archive::update_if_changed`] when only `changed` paths (files or
    /// folders below the data folder, as file-system events name them) can
    /// differ from what `self` was loaded from: only those are walked and
    /// stat'ed, not the whole folder. `None` scans the whole folder, as
    /// does a path that cannot be placed.
    pub fn update_paths_if_changed(
        &self,
        options: &ArchiveOptions,
        changed: Option<&[PathBuf]>,
    ) -> Result<Option<Archive>, ArchiveError> {
        match Archive::load_inner(options, &mut Progress::Off, Some(self), true, changed) {
            Ok(a) => Ok(Some(a)),
            Err(ArchiveError::Unchanged) => Ok(None),
            Err(e) => Err(e),
        }
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
        Archive::load_inner(options, progress, None, false, None)
    }

    fn load_inner(
        options: &ArchiveOptions,
        progress: &mut Progress,
        prior: Option<&Archive>,
        only_if_changed: bool,
        changed: Option<&[PathBuf]>,
    ) -> Result<Archive, ArchiveError> {
        let t0 = Instant::now();
        let gazetteer_bytes = gazetteer_bytes(&options.data_dir);
        let gazetteer = match prior {
            Some(p) if p.gazetteer_bytes == gazetteer_bytes => Arc::clone(&p.gazetteer),
            _ => Arc::new(Gazetteer::for_data_dir(&options.data_dir)?),
        };
        tracing::debug!(ms = t0.elapsed().as_millis() as u64, "gazetteer read");
        let store = options.index_dir.as_deref().map(Store::new);
        if let Some(store) = &store {
            store.clean_leftovers();
        }
        let stored_known = store.as_ref().and_then(|s| s.known_files(options.load));
        // Without a table from this very program the stored index is stale
        // (or absent): do not spend time and memory decoding it early. With
        // an archive in memory, its articles are the ones to reuse.
        let speculate = stored_known.is_some() && prior.is_none();
        // Borrowed from the archive in memory: a copy of a table of every
        // file would cost more than the update.
        let from_store;
        let known: &KnownFiles = match prior {
            Some(p) => &p.known,
            None => {
                from_store = stored_known.clone().unwrap_or_default();
                &from_store
            }
        };
        // The stored articles are decoded while the data folder is scanned:
        // on a restart they are almost always still current, and when they
        // are not the cold path that follows dwarfs the wasted work.
        let tj = Instant::now();
        let (scanned, stored) = rayon::join(
            || {
                let t = Instant::now();
                // Told what changed, only that is walked and stat'ed.
                let told = prior.zip(changed).and_then(|(p, paths)| {
                    corpus::scan_changed(&options.data_dir, options.load, known, &p.walked, paths)
                        .inspect_err(|e| tracing::debug!("scanning the whole folder: {e}"))
                        .ok()
                });
                let scanned = match told {
                    Some(scan) => Ok(scan),
                    None => corpus::scan(&options.data_dir, options.load, known),
                };
                // The listing is for the stored index's fingerprint only.
                scanned.map(|scan| {
                    let listing = store.as_ref().map(|_| scan.listing());
                    (scan, listing, t.elapsed())
                })
            },
            || store.as_ref().and_then(|s| s.load_current(speculate)),
        );
        let (mut scan, listing, scanning) = scanned?;
        // Without a store, the listing is made by the steps below.
        let mut listing = listing.unwrap_or_default();
        let mut walked = scan.take_walked();
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
        let mut stored_prior = Articles::default();
        if let (Some(_), Some(stored)) = (&store, stored) {
            let fp = store::fingerprint(&listing.documents, &gazetteer_bytes, options.load);
            if stored.is_for(&fp) {
                match reopen(stored, &fp, &listing.documents, &gazetteer) {
                    Ok(found) => reused = found,
                    Err(e) => tracing::warn!("rebuilding the index: {e}"),
                }
            } else if prior.is_none() {
                stored_prior = stored
                    .prior_articles(&store::extractor_key(&gazetteer_bytes, options.load))
                    .into();
            }
        }
        let none = Articles::default();
        let prior_articles: &Articles = match prior {
            // The gazetteer decides what extraction gives: another one, and
            // nothing extracted before can be reused.
            Some(p) if gazetteer_bytes == p.gazetteer_bytes => &p.articles,
            Some(_) => &none,
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
                    let ti = Instant::now();
                    let made = incremental(scan, prior_articles, &gazetteer);
                    tracing::debug!(
                        ms = ti.elapsed().as_millis() as u64,
                        "changed documents found and extracted"
                    );
                    match made {
                        Some(done) => Ok(done),
                        // A file changed again meanwhile: read everything.
                        None => {
                            let mut scan = corpus::scan(
                                &options.data_dir,
                                options.load,
                                &KnownFiles::default(),
                            )?;
                            walked = scan.take_walked();
                            Err(scan)
                        }
                    }
                };
                let (mut corpus, known, mut done) = match done {
                    Ok(mut done) => {
                        let known = std::mem::take(&mut done.known);
                        (corpus::Corpus::default(), known, Some(done))
                    }
                    Err(scan) => {
                        let (corpus, known) = scan.read_all();
                        (corpus, known, None)
                    }
                };
                // The table of 100k files is copied only to be written.
                let mut known_for_store = store.as_ref().map(|_| known.clone());
                known_now = known;
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
                // Only what changed goes to the index, in one commit on the
                // one it has (the earlier archive's, or the index folder's).
                if let Some(d) = done.take() {
                    let renumbering = Renumbering::between(prior_articles, &d.articles);
                    let (removed, added) = match &renumbering {
                        Some(r) => (
                            r.removed.iter().map(|&i| &prior_articles[i]).collect(),
                            r.added.iter().map(|&j| &d.articles[j]).collect(),
                        ),
                        None => changes(prior_articles, &d.articles),
                    };
                    if only_if_changed
                        && removed.is_empty()
                        && added.is_empty()
                        && prior.is_some_and(|p| same_rejected(&p.rejected, &listing.rejected))
                    {
                        return Err(ArchiveError::Unchanged);
                    }
                    // The directories on one core, the index on the other.
                    let tu = Instant::now();
                    let (in_place, directories) = rayon::join(
                        || {
                            let t = Instant::now();
                            let r = update_in_place(
                                prior.map(|p| &p.index),
                                store.as_ref(),
                                Change {
                                    removed: &removed,
                                    added: &added,
                                    renumbering: renumbering.as_ref(),
                                },
                                &gazetteer,
                                &d.articles,
                                fingerprint.as_deref(),
                            );
                            (r, t.elapsed())
                        },
                        || {
                            let t = Instant::now();
                            // Carried over from the archive in memory; from
                            // all the articles on a restart.
                            let dirs = match (prior, &renumbering) {
                                (Some(p), Some(r)) => Directories::carried(
                                    (&p.speakers, &p.forums, &p.sources),
                                    prior_articles,
                                    &d.articles,
                                    r,
                                    &gazetteer,
                                ),
                                _ => Directories::build(&d.articles, &gazetteer),
                            };
                            (dirs, t.elapsed())
                        },
                    );
                    let ((in_place, index_took), (directories, dirs_took)) =
                        (in_place, directories);
                    tracing::debug!(
                        listing_and_extract_ms = (t2 - t0).as_millis() as u64,
                        index_ms = index_took.as_millis() as u64,
                        directories_ms = dirs_took.as_millis() as u64,
                        both_ms = tu.elapsed().as_millis() as u64,
                        "update in place"
                    );
                    drop((removed, added));
                    match in_place {
                        Ok((index, indexed, slimmed)) => {
                            let mut d = d;
                            d.articles.replace(slimmed);
                            let t3 = Instant::now();
                            timings.extracted = d.extracted;
                            timings.indexed = indexed;
                            timings.extract = d.extract;
                            timings.index = t3 - t2;
                            if let Some(store) = &store
                                && let Some(known) = known_for_store.take()
                                && let Err(e) = store.save_known_files(known, options.load)
                            {
                                tracing::warn!("keeping the table of known files: {e}");
                            }
                            return Ok(Archive::assemble(
                                options,
                                d.articles,
                                index,
                                directories,
                                listing,
                                gazetteer,
                                gazetteer_bytes,
                                timings,
                                known_now,
                                walked,
                                progress,
                                t0,
                            ));
                        }
                        Err(e) => {
                            tracing::warn!("indexing everything again: {e}");
                            done = Some(d);
                        }
                    }
                }
                let building = store.as_ref().map(Store::begin).transpose()?;
                let builder = match &building {
                    Some(b) => IndexBuilder::in_dir(&b.index_dir(), &gazetteer)?,
                    None => IndexBuilder::in_ram(&gazetteer)?,
                };
                let (mut articles, index, extracted) = match done {
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
                timings.indexed = articles.len();
                drop(corpus);
                let t3 = Instant::now();
                timings.extract = extracted.saturating_duration_since(t2) + before;
                timings.index = t3 - extracted;
                if let (Some(b), Some(fp), Some(store)) = (building, &fingerprint, &store) {
                    let slimmed = b.commit(&articles, &gazetteer_bytes, options.load, fp)?;
                    articles.replace(slimmed);
                    if let Some(known) = known_for_store.take()
                        && let Err(e) = store.save_known_files(known, options.load)
                    {
                        tracing::warn!("keeping the table of known files: {e}");
                    }
                    timings.persist = t3.elapsed();
                }
                let directories = Directories::build(&articles, &gazetteer);
                (articles, index, directories)
            }
        };
        Ok(Archive::assemble(
            options,
            articles,
            index,
            directories,
            listing,
            gazetteer,
            gazetteer_bytes,
            timings,
            known_now,
            walked,
            progress,
            t0,
        ))
    }

    /// The archive from its parts, once its articles are indexed.
    #[allow(clippy::too_many_arguments)]
    fn assemble(
        options: &ArchiveOptions,
        articles: Articles,
        index: SearchIndex,
        directories: Directories,
        listing: corpus::Listing,
        gazetteer: Arc<Gazetteer>,
        gazetteer_bytes: Vec<u8>,
        timings: Timings,
        known_now: KnownFiles,
        walked: corpus::walk::Walked,
        progress: &mut Progress,
        t0: Instant,
    ) -> Archive {
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
            walked,
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
        archive
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
        let articles = Articles::from(articles);
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
            gazetteer: Arc::new(gazetteer),
            gazetteer_bytes,
            timings: Timings {
                index: t1.elapsed(),
                ..timings
            },
            known: KnownFiles::default(),
            walked: corpus::walk::Walked::default(),
        })
    }
}

/// The articles of a changed corpus, made by extracting only what changed.
struct Incremental {
    articles: Articles,
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
fn incremental(scan: corpus::Scan, prior: &Articles, gaz: &Gazetteer) -> Option<Incremental> {
    use rayon::prelude::*;
    let by_key: rustc_hash::FxHashMap<(&str, &str), &Arc<Article>> = prior
        .shared()
        .iter()
        .map(|a| ((a.file.as_str(), a.sha256.as_str()), a))
        .collect();
    let mut changed = scan.read_changed(|file, sha| by_key.contains_key(&(file, sha)));
    let reusable = |listed: &corpus::Listed, whys: &[String]| -> Option<&Arc<Article>> {
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
    let entries = std::mem::take(&mut changed.entries);
    let rejected = std::mem::take(&mut changed.rejected);
    let known = std::mem::take(&mut changed.known);
    let changed = &changed;
    let t = Instant::now();
    // Reused articles are shared with `prior`, not copied: both archives
    // are alive until the requests on the old one finish. An entry not
    // read is moved into the listing, not copied.
    let made: Vec<Option<(corpus::Listed, Arc<Article>, bool)>> = entries
        .into_par_iter()
        .map(|entry| {
            let make = |entry: Entry| {
                let listed = entry.listed();
                let doc = changed.document(entry)?;
                let mut article = extract::extract(&doc, gaz).article;
                doc.add_notes(&mut article, &|name| gaz.outlet_name(name));
                Some((listed, Arc::new(article), true))
            };
            match entry {
                Entry::Unchanged(listed, whys) => match reusable(&listed, &whys) {
                    Some(a) => Some((listed, Arc::clone(a), false)),
                    None => make(Entry::Unchanged(listed, whys)),
                },
                read => make(read),
            }
        })
        .collect();
    let mut articles = Vec::with_capacity(made.len());
    let mut documents = Vec::with_capacity(made.len());
    let mut extracted = 0;
    for (listed, article, fresh) in made.into_iter().collect::<Option<Vec<_>>>()? {
        extracted += usize::from(fresh);
        articles.push(article);
        documents.push(listed);
    }
    Some(Incremental {
        articles: articles.into(),
        listing: corpus::Listing {
            documents,
            rejected,
        },
        known,
        extracted,
        extract: t.elapsed(),
    })
}

/// The articles of `before` that `after` no longer holds (removed files,
/// and the old versions of edited ones), and those of `after` that are new
/// (added files, new versions). An unchanged article is the very same
/// shared value in both lists.
fn changes<'a>(before: &'a Articles, after: &'a Articles) -> (Vec<&'a Article>, Vec<&'a Article>) {
    let held = |list: &Articles| -> HashSet<*const Article> {
        list.shared().iter().map(Arc::as_ptr).collect()
    };
    let (was, is) = (held(before), held(after));
    let removed = before
        .shared()
        .iter()
        .filter(|a| !is.contains(&Arc::as_ptr(a)))
        .map(|a| &**a)
        .collect();
    let added = after
        .shared()
        .iter()
        .filter(|a| !was.contains(&Arc::as_ptr(a)))
        .map(|a| &**a)
        .collect();
    (removed, added)
}

/// Whether two loads rejected the same files for the same reasons.
fn same_rejected(a: &[corpus::Rejected], b: &[corpus::Rejected]) -> bool {
    a.len() == b.len()
        && a.iter()
            .zip(b)
            .all(|(x, y)| format!("{x:?}") == format!("{y:?}"))
}

/// What an update changed: the articles gone and new, and (when the
/// order of the kept ones allows it) how positions moved.
struct Change<'a> {
    removed: &'a [&'a Article],
    added: &'a [&'a Article],
    renumbering: Option<&'a Renumbering>,
}

/// The index brought from the articles before to `after` in one commit on the index
/// already there: `prior`'s in RAM, or the index folder's current one
/// (reopened where it is now, which need not be where `prior` built it).
/// Returns the index, how many articles went into it, and the articles
/// the index folder's store slimmed (see [`Articles::replace`]).
fn update_in_place(
    prior: Option<&SearchIndex>,
    store: Option<&Store>,
    change: Change<'_>,
    gaz: &Gazetteer,
    after: &Articles,
    fingerprint: Option<&str>,
) -> Result<(SearchIndex, usize, store::Slimmed), ArchiveError> {
    let Change {
        removed,
        added,
        renumbering,
    } = change;
    let (index, slimmed) = match (store, fingerprint, prior) {
        (Some(store), Some(fp), _) => {
            let updating = store.begin_update()?.ok_or(ArchiveError::NoIndexToUpdate)?;
            let dir = updating.index_dir();
            let index = match prior {
                Some(p) => p.updated(Some(&dir), after, removed, added, gaz, renumbering)?,
                None => SearchIndex::open_updated(&dir, after, removed, added, gaz)?,
            };
            let slimmed = updating.commit(after, fp)?;
            (index, slimmed)
        }
        (None, _, Some(p)) => (
            p.updated(None, after, removed, added, gaz, renumbering)?,
            Vec::new(),
        ),
        _ => return Err(ArchiveError::NoIndexToUpdate),
    };
    tracing::debug!(
        removed = removed.len(),
        added = added.len(),
        "index updated in place"
    );
    Ok((index, added.len(), slimmed))
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
) -> Result<Option<(Articles, SearchIndex, Directories)>, ArchiveError> {
    let Some((articles, dir)) = stored.take(fingerprint)? else {
        return Ok(None);
    };
    if !store::matches(&articles, docs) {
        return Err(StoreError::Mismatch(dir.display().to_string()).into());
    }
    let articles = Articles::from(articles);
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
