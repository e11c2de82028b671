//! Building the index: articles go in one at a time (so extraction can
//! feed the writer while it is still running), in RAM or in a folder that a
//! later start-up reopens. Everything a request needs besides tantivy's
//! own files — facet tables, labels, name vocabulary, alias maps and the
//! facet counts of the whole archive — is derived here, once.

use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;

use tantivy::directory::MmapDirectory;
use tantivy::tokenizer::TextAnalyzer;
use tantivy::{Index, IndexReader, IndexWriter, ReloadPolicy, TantivyDocument};

use super::facets::{self, Dim, FacetTable, SegmentTable};
use super::{SearchError, SearchIndex, query, schema, suggest};
use crate::extract::Gazetteer;
use crate::model::{Article, Articles, Renumbering, slugify};

/// An article's key in the index: the first 8 bytes of the SHA-256 of its
/// id. It depends on nothing but the id, so it survives any change to the
/// other articles (a position would shift with every file added before
/// it). Two ids of one archive sharing a key is a 2⁻⁶⁴-per-pair event.
pub fn article_key(id: &str) -> u64 {
    use sha2::{Digest, Sha256};
    let digest = Sha256::digest(id.as_bytes());
    let mut first = [0u8; 8];
    first.copy_from_slice(&digest[..8]);
    u64::from_le_bytes(first)
}

/// Writer memory for an update: a few files' documents, not a corpus.
/// tantivy's least: its arena is allocated (and its pages zeroed) at
/// every update, whatever the update's size.
const UPDATE_HEAP_BYTES: usize = 15_000_000;

/// Segments an update may merge: only the small ones updates make (counted
/// in tantivy documents), never the large ones of the first build, which
/// would cost seconds and a second copy of them in memory.
const UPDATE_MERGE_MAX_DOCS: usize = 20_000;

/// Memory the writer may use while building, shared by its threads. Large
/// enough that a 100k-document corpus makes a handful of segments, small
/// enough to leave room for the corpus itself.
pub const WRITER_HEAP_BYTES: usize = 256 * 1024 * 1024;

/// Indexing threads. On two cores extraction (the heavier half) keeps
/// both busy too, so one tokenising thread is enough to keep up; more only
/// split the heap into smaller segments.
pub const WRITER_THREADS: usize = 1;

/// Adds articles to a new index; [`IndexBuilder::finish`] commits it.
pub struct IndexBuilder<'g> {
    index: Index,
    writer: IndexWriter,
    fields: schema::Fields,
    gaz: &'g Gazetteer,
    /// The prose analyzer, for the word pairs (see [`DocMaker`]).
    prose: TextAnalyzer,
    /// The index folder, when not in RAM.
    dir: Option<std::path::PathBuf>,
}

impl<'g> IndexBuilder<'g> {
    /// A new index in RAM.
    pub fn in_ram(gaz: &'g Gazetteer) -> Result<IndexBuilder<'g>, SearchError> {
        let (schema, fields) = schema::build();
        IndexBuilder::new(Index::create_in_ram(schema), fields, gaz, None)
    }

    /// A new index in `dir`, which must be empty or absent.
    pub fn in_dir(dir: &Path, gaz: &'g Gazetteer) -> Result<IndexBuilder<'g>, SearchError> {
        std::fs::create_dir_all(dir)?;
        let (schema, fields) = schema::build();
        let index = Index::create(
            MmapDirectory::open(dir).map_err(tantivy::TantivyError::from)?,
            schema,
            tantivy::IndexSettings::default(),
        )?;
        IndexBuilder::new(index, fields, gaz, Some(dir.to_path_buf()))
    }

    fn new(
        index: Index,
        fields: schema::Fields,
        gaz: &'g Gazetteer,
        dir: Option<std::path::PathBuf>,
    ) -> Result<IndexBuilder<'g>, SearchError> {
        schema::register_analyzers(&index);
        let writer = index.writer_with_num_threads(WRITER_THREADS, WRITER_HEAP_BYTES)?;
        let prose = index.tokenizers().get(schema::PROSE).ok_or_else(|| {
            tantivy::TantivyError::SchemaError("the prose analyzer is not registered".into())
        })?;
        Ok(IndexBuilder {
            index,
            writer,
            fields,
            gaz,
            prose,
            dir,
        })
    }

    /// A document maker for another thread (extraction workers build the
    /// tantivy documents, tokenizing included, so the writer only indexes).
    pub fn maker(&self) -> DocMaker<'g> {
        DocMaker {
            fields: self.fields,
            gaz: self.gaz,
            prose: self.prose.clone(),
        }
    }

    /// Index an article and each of its statements.
    pub fn add(&mut self, a: &Article) -> Result<(), SearchError> {
        let docs = self.maker().documents(a);
        self.add_documents(docs)
    }

    /// Index documents made by [`DocMaker::documents`].
    pub fn add_documents(&mut self, docs: Vec<TantivyDocument>) -> Result<(), SearchError> {
        for doc in docs {
            self.writer.add_document(doc)?;
        }
        Ok(())
    }

    /// Commit, wait for merges, and ready the index for `articles` (the
    /// same list, in the order given to [`IndexBuilder::add`]).
    pub fn finish(mut self, articles: &Articles) -> Result<SearchIndex, SearchError> {
        self.writer.commit()?;
        self.writer.wait_merging_threads()?;
        let mut search = SearchIndex::assemble(self.index, self.fields, articles, self.gaz, None)?;
        search.on_disk = self.dir.is_some();
        if let Some(dir) = &self.dir {
            search.vocab.save(&vocabulary_path(dir))?;
        }
        Ok(search)
    }
}

/// Turns articles into tantivy documents; cheap to clone, one per thread.
#[derive(Clone)]
pub struct DocMaker<'g> {
    fields: schema::Fields,
    gaz: &'g Gazetteer,
    prose: TextAnalyzer,
}

impl DocMaker<'_> {
    /// The tantivy documents of an article and of each of its statements.
    pub fn documents(&mut self, a: &Article) -> Vec<TantivyDocument> {
        // Articles are indexed whole: read back when the list holds one
        // slimmed (an index made again from an index folder's articles).
        let whole = a.full_or_slim();
        let a = &*whole;
        let mut docs = Vec::with_capacity(1 + a.statements.len());
        let f = self.fields;
        let forums = forum_with_parents(&a.forums, self.gaz);
        let key = article_key(&a.id);
        let common = |doc: &mut TantivyDocument| {
            doc.add_u64(f.key, key);
            for forum in &forums {
                doc.add_text(f.forum, slugify(forum));
                doc.add_text(f.forum_names, forum);
            }
            if let Some(s) = &a.source {
                doc.add_text(f.source, slugify(s));
            }
            doc.add_text(f.kind, a.kind.as_str());
            doc.add_text(f.lang, &a.lang);
            match &a.date {
                Some(d) => {
                    doc.add_u64(f.year, u64::try_from(d.year).unwrap_or(0));
                    doc.add_i64(f.date, d.sort_key());
                }
                None => doc.add_u64(f.year, u64::from(query::UNDATED)),
            }
        };
        let mut doc = TantivyDocument::default();
        doc.add_text(f.doctype, schema::ARTICLE);
        common(&mut doc);
        doc.add_text(f.title, &a.title);
        // Plain words search this one field: one posting list per word
        // instead of a union over four fields. The title goes in twice,
        // its weight; quotes are paragraphs of the body already.
        let values = [a.title.as_str(), a.title.as_str()]
            .into_iter()
            .chain(a.body.iter().map(String::as_str))
            .chain(a.speakers.iter().map(|p| p.name.as_str()));
        // tantivy tokenizes the body itself (a pre-tokenized value would
        // cross to its indexing thread as JSON); the pairs are worked out
        // here, on an extraction worker, and cross as one string.
        doc.add_text(
            f.body_pairs,
            schema::pairs_text(&mut self.prose, values.clone()),
        );
        // An article in a language with its own analyser is searched
        // through that field alone (see `schema::LANGUAGE_FIELDS`).
        let text_field = schema::language_slot(&a.lang).map_or(f.body, |i| f.langs[i]);
        for value in values {
            doc.add_text(text_field, value);
        }
        for line in &a.aside {
            doc.add_text(f.aside, line);
        }
        // The cleaner counts words by spaces, so Chinese prose reads as
        // "too short" and is set aside: searched as the text until it
        // counts Chinese words.
        if a.lang == "zh" {
            for line in &a.aside {
                doc.add_text(text_field, line);
            }
        }
        for p in &a.speakers {
            add_name(&mut doc, f.speaker_names, &p.name, self.gaz);
            doc.add_text(f.speaker, &p.slug);
        }
        docs.push(doc);
        for s in &a.statements {
            let mut doc = TantivyDocument::default();
            doc.add_text(f.doctype, schema::STATEMENT);
            common(&mut doc);
            doc.add_u64(f.stmt, s.n as u64);
            let values = [s.text.as_str(), s.speaker.as_str()];
            doc.add_text(
                f.statement_pairs,
                schema::pairs_text(&mut self.prose, values),
            );
            for value in values {
                doc.add_text(f.statements, value);
            }
            add_name(&mut doc, f.speaker_names, &s.speaker, self.gaz);
            doc.add_text(f.speaker, &s.speaker_slug);
            docs.push(doc);
        }
        docs
    }
}

/// A speaker's name in the names field, with every spelling the gazetteer
/// knows for the person (`Сергей Лавров`, `拉夫罗夫`), so `speaker:` finds
/// them by any of those.
fn add_name(doc: &mut TantivyDocument, field: tantivy::schema::Field, name: &str, gaz: &Gazetteer) {
    doc.add_text(field, name);
    if let Some(person) = gaz.person(name) {
        for spelling in std::iter::once(&person.name).chain(&person.aliases) {
            if spelling != name {
                doc.add_text(field, spelling);
            }
        }
    }
}

impl SearchIndex {
    /// Index the articles (and each of their statements) in RAM.
    pub fn build(articles: &Articles, gaz: &Gazetteer) -> Result<SearchIndex, SearchError> {
        let mut builder = IndexBuilder::in_ram(gaz)?;
        for a in articles {
            builder.add(a)?;
        }
        builder.finish(articles)
    }

    /// This index brought to `articles`, the list after an update: the
    /// documents of the `removed` articles (those no longer in the list,
    /// and the old versions of edited ones) are deleted by key and those of
    /// the `added` ones (new and edited) added, in one commit on this very
    /// index; the other articles' documents are not touched. The tables
    /// are laid out again from the articles held, the name vocabulary
    /// updated from the changed ones. `dir` is the index folder when the
    /// index lives in one (the folder as it is now, not where it was
    /// built). `self` keeps its reader: it still sees the index as it was.
    ///
    /// With `renumbering` (how the update moved the articles of `self`),
    /// the tables, labels and alias maps of `self` are carried over and
    /// only the added articles' values worked out (see
    /// [`SearchIndex::carried`]), instead of being laid out from all the
    /// articles.
    pub fn updated(
        &self,
        dir: Option<&Path>,
        articles: &Articles,
        removed: &[&Article],
        added: &[&Article],
        gaz: &Gazetteer,
        renumbering: Option<&Renumbering>,
    ) -> Result<SearchIndex, SearchError> {
        let index = match dir {
            Some(d) => Index::open_in_dir(d)?,
            None if !self.on_disk => self.index.clone(),
            // Writing to a folder behind its store's back would leave
            // its checksums and articles describing another index.
            None => {
                return Err(SearchError::Tantivy(
                    tantivy::TantivyError::InvalidArgument(
                        "an index in a folder is updated through its store".to_string(),
                    ),
                ));
            }
        };
        let mut vocab = self.vocab.clone();
        apply(&index, self.fields, removed, added, gaz, Some(&mut vocab))?;
        if let Some(renumbering) = renumbering {
            let mut search = self.carried(index, articles, renumbering, gaz, vocab)?;
            search.on_disk = dir.is_some();
            if let Some(dir) = dir {
                search.vocab.save(&vocabulary_path(dir))?;
            }
            return Ok(search);
        }
        SearchIndex::finish_update(index, self.fields, dir, articles, gaz, vocab)
    }

    /// The index after an update, its tables carried over from `self`:
    /// the kept articles' facet values copied to their new positions, the
    /// added articles' (`renumbering.added`) interned on `self`'s labels,
    /// the segments `self` had keep their tables (moved, not read again),
    /// and only the segments the commit made are read. Values no article
    /// holds any more (a removed file's only speaker, say) are dropped, so
    /// that the labels, the respelling of names and the alias maps hold
    /// what a fresh build's would.
    fn carried(
        &self,
        index: Index,
        articles: &Articles,
        renumbering: &Renumbering,
        gaz: &Gazetteer,
        vocab: suggest::Vocabulary,
    ) -> Result<SearchIndex, SearchError> {
        let t0 = std::time::Instant::now();
        schema::register_analyzers(&index);
        let reader: IndexReader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()?;
        let mut labels = self.labels.clone();
        let mut slugs: HashMap<String, String> = HashMap::new();
        let fresh: Vec<(usize, [Vec<u32>; Dim::COUNT])> = renumbering
            .added
            .iter()
            .map(|&j| {
                let a = &articles[j];
                let forums = forum_with_parents(&a.forums, gaz);
                (j, doc_facets(a, &forums, &mut labels, &mut slugs))
            })
            .collect();
        let mut table = FacetTable::carried(&self.table, renumbering, articles.len(), &fresh);
        let lost = table.drop_unused(&mut labels);
        let facets_ms = t0.elapsed().as_millis() as u64;
        let added_keys: HashMap<u64, u32> = renumbering
            .added
            .iter()
            .map(|&j| (article_key(&articles[j].id), j as u32))
            .collect();
        let mut all_keys: Option<HashMap<u64, u32>> = None;
        let mut segments = facets::SegmentTables::new();
        for r in reader.searcher().segment_readers() {
            let id = r.segment_id();
            let t = match self.segments.get(&id) {
                Some(before) => SegmentTable::carried(before, renumbering, &table),
                None => {
                    // Made by this commit: the added documents, or a merge
                    // of small segments holding older ones too.
                    let t = SegmentTable::read(r, &table, &added_keys)?;
                    if t.complete() {
                        t
                    } else {
                        let keys = all_keys.get_or_insert_with(|| {
                            articles
                                .iter()
                                .enumerate()
                                .map(|(i, a)| (article_key(&a.id), i as u32))
                                .collect()
                        });
                        SegmentTable::read(r, &table, keys)?
                    }
                }
            };
            segments.insert(id, Arc::new(t));
        }
        // Carried over with the added articles' entries; made again from
        // every article only when a value is gone with a removed one (its
        // spellings would otherwise linger).
        let gone = |dim: Dim| lost.contains(&dim);
        let mut forum_aliases = match gone(Dim::Forum) {
            true => forum_aliases(articles, gaz),
            false => self.forum_aliases.clone(),
        };
        let mut source_aliases = match gone(Dim::Source) {
            true => source_aliases(articles, gaz),
            false => self.source_aliases.clone(),
        };
        let mut speaker_aliases = match gone(Dim::Speaker) {
            true => speaker_aliases(articles),
            false => self.speaker_aliases.clone(),
        };
        let mut languages = match gone(Dim::Language) {
            true => languages_held(articles, &self.fields),
            false => self.languages.clone(),
        };
        for &j in &renumbering.added {
            let a = &articles[j];
            add_forum_aliases(&mut forum_aliases, a);
            add_source_aliases(&mut source_aliases, a);
            add_speaker_aliases(&mut speaker_aliases, a);
            if let Some(i) = schema::language_slot(&a.lang)
                && !languages.contains(&self.fields.langs[i])
            {
                languages.push(self.fields.langs[i]);
            }
        }
        // In the order a fresh build lists them.
        languages.sort_by_key(|f| self.fields.langs.iter().position(|l| l == f));
        tracing::debug!(
            facets_ms,
            segments_ms = t0.elapsed().as_millis() as u64 - facets_ms,
            added = renumbering.added.len(),
            "facet and segment tables carried over"
        );
        let synonyms = query::Synonyms::new(gaz.synonyms.iter().map(|s| s.terms.as_slice()));
        let mut search = SearchIndex {
            on_disk: false,
            synonyms,
            languages,
            index,
            reader,
            fields: self.fields,
            table: Arc::new(table),
            segments: Arc::new(segments),
            labels,
            vocab,
            forum_aliases,
            source_aliases,
            speaker_aliases,
            all_facets: Vec::new(),
            exact_matches: self.exact_matches,
        };
        search.all_facets = search.count_all_articles()?;
        Ok(search)
    }

    /// [`SearchIndex::updated`] for an index folder not opened yet (a
    /// restart after files changed): `removed` and `added` are the changes
    /// since the articles stored with it.
    pub fn open_updated(
        dir: &Path,
        articles: &Articles,
        removed: &[&Article],
        added: &[&Article],
        gaz: &Gazetteer,
    ) -> Result<SearchIndex, SearchError> {
        let index = Index::open_in_dir(dir)?;
        let (schema, fields) = schema::build();
        if index.schema() != schema {
            return Err(SearchError::Tantivy(tantivy::TantivyError::SchemaError(
                "the index on disk has another schema".to_string(),
            )));
        }
        let mut vocab = suggest::Vocabulary::load(&vocabulary_path(dir)).ok();
        apply(&index, fields, removed, added, gaz, vocab.as_mut())?;
        let vocab = vocab.unwrap_or_else(|| suggest::Vocabulary::build(articles));
        SearchIndex::finish_update(index, fields, Some(dir), articles, gaz, vocab)
    }

    fn finish_update(
        index: Index,
        fields: schema::Fields,
        dir: Option<&Path>,
        articles: &Articles,
        gaz: &Gazetteer,
        vocab: suggest::Vocabulary,
    ) -> Result<SearchIndex, SearchError> {
        let mut search = SearchIndex::assemble(index, fields, articles, gaz, Some(vocab))?;
        search.on_disk = dir.is_some();
        if let Some(dir) = dir {
            search.vocab.save(&vocabulary_path(dir))?;
        }
        Ok(search)
    }

    /// Reopen an index that [`IndexBuilder::in_dir`] built for `articles`.
    pub fn open(
        dir: &Path,
        articles: &Articles,
        gaz: &Gazetteer,
    ) -> Result<SearchIndex, SearchError> {
        SearchIndex::open_index(Index::open_in_dir(dir)?, dir, articles, gaz)
    }

    /// [`SearchIndex::open`] without writing to `dir`, not even a lock file
    /// (`serve --read-only`).
    pub fn open_read_only(
        dir: &Path,
        articles: &Articles,
        gaz: &Gazetteer,
    ) -> Result<SearchIndex, SearchError> {
        let index = Index::open(super::readonly::ReadOnlyDirectory::open(dir)?)?;
        SearchIndex::open_index(index, dir, articles, gaz)
    }

    fn open_index(
        index: Index,
        dir: &Path,
        articles: &Articles,
        gaz: &Gazetteer,
    ) -> Result<SearchIndex, SearchError> {
        let (schema, fields) = schema::build();
        if index.schema() != schema {
            return Err(SearchError::Tantivy(tantivy::TantivyError::SchemaError(
                "the index on disk has another schema".to_string(),
            )));
        }
        // Saved beside the index; rebuilt (reading every text) if absent.
        let vocab = suggest::Vocabulary::load(&vocabulary_path(dir)).ok();
        let mut search = SearchIndex::assemble(index, fields, articles, gaz, vocab)?;
        search.on_disk = true;
        Ok(search)
    }

    fn assemble(
        index: Index,
        fields: schema::Fields,
        articles: &Articles,
        gaz: &Gazetteer,
        vocab: Option<suggest::Vocabulary>,
    ) -> Result<SearchIndex, SearchError> {
        schema::register_analyzers(&index);
        let t0 = std::time::Instant::now();
        let reader: IndexReader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()?;
        // The name vocabulary reads every text: built on the other core
        // while the facet tables are laid out.
        let (tables, (vocab, forum_aliases, source_aliases, speaker_aliases)) = rayon::join(
            || -> Result<_, SearchError> {
                let mut labels = facets::Labels::default();
                // A few hundred forum lists and outlets recur across 100k
                // articles: their parents and slugs are worked out once.
                let mut slugs: HashMap<String, String> = HashMap::new();
                let mut chains: HashMap<&[String], Vec<String>> = HashMap::new();
                let per_article: Vec<[Vec<u32>; Dim::COUNT]> = articles
                    .iter()
                    .map(|a| {
                        let forums = chains
                            .entry(a.forums.as_slice())
                            .or_insert_with(|| forum_with_parents(&a.forums, gaz));
                        doc_facets(a, forums, &mut labels, &mut slugs)
                    })
                    .collect();
                let table = FacetTable::new(&per_article);
                drop(per_article);
                let facets_ms = t0.elapsed().as_millis() as u64;
                let positions: HashMap<u64, u32> = articles
                    .iter()
                    .enumerate()
                    .map(|(i, a)| (article_key(&a.id), i as u32))
                    .collect();
                let segments: facets::SegmentTables = reader
                    .searcher()
                    .segment_readers()
                    .iter()
                    .map(|r| {
                        let t = SegmentTable::read(r, &table, &positions)?;
                        Ok((r.segment_id(), Arc::new(t)))
                    })
                    .collect::<tantivy::Result<_>>()?;
                tracing::debug!(
                    facets_ms,
                    segments_ms = t0.elapsed().as_millis() as u64 - facets_ms,
                    "facet and segment tables laid out"
                );
                Ok((table, labels, segments))
            },
            || {
                (
                    vocab.unwrap_or_else(|| suggest::Vocabulary::build(articles)),
                    forum_aliases(articles, gaz),
                    source_aliases(articles, gaz),
                    speaker_aliases(articles),
                )
            },
        );
        let (table, labels, segments) = tables?;
        tracing::debug!(ms = t0.elapsed().as_millis() as u64, "search tables built");
        let languages = languages_held(articles, &fields);
        let synonyms = query::Synonyms::new(gaz.synonyms.iter().map(|s| s.terms.as_slice()));
        let mut search = SearchIndex {
            on_disk: false,
            synonyms,
            languages,
            index,
            reader,
            fields,
            table: Arc::new(table),
            segments: Arc::new(segments),
            labels,
            vocab,
            forum_aliases,
            source_aliases,
            speaker_aliases,
            all_facets: Vec::new(),
            exact_matches: super::EXACT_MATCHES,
        };
        let t1 = std::time::Instant::now();
        search.all_facets = search.count_all_articles()?;
        tracing::debug!(
            ms = t1.elapsed().as_millis() as u64,
            "the whole archive's facets counted"
        );
        Ok(search)
    }
}

/// The language fields that hold articles (see `SearchIndex::languages`).
fn languages_held(articles: &Articles, fields: &schema::Fields) -> Vec<tantivy::schema::Field> {
    schema::LANGUAGE_FIELDS
        .iter()
        .enumerate()
        .filter(|(_, (code, _, _))| articles.iter().any(|a| a.lang == *code))
        .map(|(i, _)| fields.langs[i])
        .collect()
}

/// One commit on `index`: every document of the `removed` articles
/// deleted (by key), then the `added` ones' documents added, so an edited
/// article (in both) ends with its new version only. The vocabulary, when
/// given, follows the same change.
fn apply(
    index: &Index,
    fields: schema::Fields,
    removed: &[&Article],
    added: &[&Article],
    gaz: &Gazetteer,
    vocab: Option<&mut suggest::Vocabulary>,
) -> Result<(), SearchError> {
    use rayon::prelude::*;
    schema::register_analyzers(index);
    let mut writer: IndexWriter = index.writer_with_num_threads(1, UPDATE_HEAP_BYTES)?;
    let mut policy = tantivy::indexer::LogMergePolicy::default();
    policy.set_max_docs_before_merge(UPDATE_MERGE_MAX_DOCS);
    writer.set_merge_policy(Box::new(policy));
    for a in removed {
        writer.delete_term(tantivy::Term::from_field_u64(
            fields.key,
            article_key(&a.id),
        ));
    }
    let prose = index.tokenizers().get(schema::PROSE).ok_or_else(|| {
        tantivy::TantivyError::SchemaError("the prose analyzer is not registered".into())
    })?;
    let maker = DocMaker { fields, gaz, prose };
    let docs: Vec<Vec<TantivyDocument>> = added
        .par_iter()
        .map_with(maker, |maker, a| maker.documents(a))
        .collect();
    for doc in docs.into_iter().flatten() {
        writer.add_document(doc)?;
    }
    writer.commit()?;
    writer.wait_merging_threads()?;
    if let Some(vocab) = vocab {
        for a in removed {
            vocab.remove(a);
        }
        for a in added {
            vocab.add(a);
        }
    }
    Ok(())
}

/// Where an index folder's name vocabulary is kept: beside it.
fn vocabulary_path(dir: &Path) -> std::path::PathBuf {
    match dir.parent() {
        Some(parent) => parent.join("vocabulary.txt"),
        None => dir.join("vocabulary.txt"),
    }
}

/// The facet values of an article; `slugs` remembers the slug of each
/// forum and outlet name seen.
fn doc_facets(
    a: &Article,
    forums: &[String],
    labels: &mut facets::Labels,
    slugs: &mut HashMap<String, String>,
) -> [Vec<u32>; Dim::COUNT] {
    fn slug<'s>(slugs: &'s mut HashMap<String, String>, name: &str) -> &'s str {
        if !slugs.contains_key(name) {
            slugs.insert(name.to_string(), slugify(name));
        }
        &slugs[name]
    }
    let mut d: [Vec<u32>; Dim::COUNT] = Default::default();
    for p in &a.speakers {
        d[Dim::Speaker as usize].push(labels.intern(Dim::Speaker, &p.slug, &p.name));
    }
    for f in forums {
        d[Dim::Forum as usize].push(labels.intern(Dim::Forum, slug(slugs, f), f));
    }
    if let Some(s) = &a.source {
        d[Dim::Source as usize].push(labels.intern(Dim::Source, slug(slugs, s), s));
    }
    let y = match &a.date {
        Some(date) => date.year.to_string(),
        None => query::year_value(query::UNDATED),
    };
    d[Dim::Year as usize].push(labels.intern(Dim::Year, &y, &y));
    d[Dim::Kind as usize].push(labels.intern(Dim::Kind, a.kind.as_str(), a.kind.label()));
    let language = crate::extract::language::name(&a.lang);
    d[Dim::Language as usize].push(labels.intern(Dim::Language, &a.lang, language));
    d
}

/// The slug of each spelling the gazetteer replaced → the speaker's slug,
/// so `speaker=vassily-nebenzya` filters as `speaker=vassily-nebenzia`.
fn speaker_aliases(articles: &Articles) -> HashMap<String, String> {
    let mut map = HashMap::new();
    for a in articles {
        add_speaker_aliases(&mut map, a);
    }
    map
}

/// One article's entries of [`speaker_aliases`] (the first article wins).
fn add_speaker_aliases(map: &mut HashMap<String, String>, a: &Article) {
    for p in &a.speakers {
        for alias in &p.aliases {
            let slug = crate::extract::gazetteer::person_slug(alias);
            if slug != p.slug {
                map.entry(slug).or_insert_with(|| p.slug.clone());
            }
        }
    }
}

/// One article's entries of [`forum_aliases`] beyond the gazetteer's.
fn add_forum_aliases(map: &mut HashMap<String, String>, a: &Article) {
    for f in &a.forums {
        map.entry(f.to_lowercase()).or_insert_with(|| slugify(f));
    }
}

/// One article's entries of [`source_aliases`] beyond the gazetteer's.
fn add_source_aliases(map: &mut HashMap<String, String>, a: &Article) {
    if let Some(s) = &a.source {
        map.entry(s.to_lowercase()).or_insert_with(|| slugify(s));
    }
}

fn forum_aliases(articles: &Articles, gaz: &Gazetteer) -> HashMap<String, String> {
    let mut map = HashMap::new();
    for f in &gaz.forums {
        let slug = slugify(&f.name);
        for alias in std::iter::once(&f.name)
            .chain(&f.acronyms)
            .chain(&f.aliases)
        {
            map.insert(alias.to_lowercase(), slug.clone());
        }
        map.insert(slug.clone(), slug);
    }
    for a in articles {
        add_forum_aliases(&mut map, a);
    }
    map
}

fn source_aliases(articles: &Articles, gaz: &Gazetteer) -> HashMap<String, String> {
    let mut map = HashMap::new();
    for o in &gaz.outlets {
        let slug = slugify(&o.name);
        for alias in std::iter::once(&o.name).chain(&o.aliases).chain(&o.domains) {
            map.insert(alias.to_lowercase(), slug.clone());
        }
    }
    for a in articles {
        add_source_aliases(&mut map, a);
    }
    map
}

/// A forum filter on the General Assembly should find its First Committee.
fn forum_with_parents(forums: &[String], gaz: &Gazetteer) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for name in forums {
        let mut next = gaz.forums.iter().position(|f| f.name == *name);
        if !out.contains(name) {
            out.push(name.clone());
        }
        let mut depth = 0;
        while let Some(i) = next.and_then(|i| gaz.forum_parent(i)) {
            let parent = &gaz.forums[i].name;
            if !out.contains(parent) {
                out.push(parent.clone());
            }
            next = Some(i);
            depth += 1;
            if depth > 8 {
                break; // a cycle in a hand-edited gazetteer
            }
        }
    }
    out
}
