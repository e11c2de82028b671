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
use crate::model::{Article, slugify};

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

    /// Index article `ord` (its position in the final article list) and
    /// each of its statements.
    pub fn add(&mut self, ord: usize, a: &Article) -> Result<(), SearchError> {
        let docs = self.maker().documents(ord, a);
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
    pub fn finish(mut self, articles: &[Article]) -> Result<SearchIndex, SearchError> {
        self.writer.commit()?;
        self.writer.wait_merging_threads()?;
        let search = SearchIndex::assemble(self.index, self.fields, articles, self.gaz, None)?;
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
    /// The tantivy documents of article `ord` (its position in the final
    /// article list) and of each of its statements.
    pub fn documents(&mut self, ord: usize, a: &Article) -> Vec<TantivyDocument> {
        let mut docs = Vec::with_capacity(1 + a.statements.len());
        let f = self.fields;
        let forums = forum_with_parents(&a.forums, self.gaz);
        let common = |doc: &mut TantivyDocument| {
            doc.add_u64(f.ord, ord as u64);
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
    pub fn build(articles: &[Article], gaz: &Gazetteer) -> Result<SearchIndex, SearchError> {
        let mut builder = IndexBuilder::in_ram(gaz)?;
        for (ord, a) in articles.iter().enumerate() {
            builder.add(ord, a)?;
        }
        builder.finish(articles)
    }

    /// Reopen an index that [`IndexBuilder::in_dir`] built for `articles`.
    pub fn open(
        dir: &Path,
        articles: &[Article],
        gaz: &Gazetteer,
    ) -> Result<SearchIndex, SearchError> {
        SearchIndex::open_index(Index::open_in_dir(dir)?, dir, articles, gaz)
    }

    /// [`SearchIndex::open`] without writing to `dir`, not even a lock file
    /// (`serve --read-only`).
    pub fn open_read_only(
        dir: &Path,
        articles: &[Article],
        gaz: &Gazetteer,
    ) -> Result<SearchIndex, SearchError> {
        let index = Index::open(super::readonly::ReadOnlyDirectory::open(dir)?)?;
        SearchIndex::open_index(index, dir, articles, gaz)
    }

    fn open_index(
        index: Index,
        dir: &Path,
        articles: &[Article],
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
        SearchIndex::assemble(index, fields, articles, gaz, vocab)
    }

    fn assemble(
        index: Index,
        fields: schema::Fields,
        articles: &[Article],
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
                let per_article: Vec<[Vec<u32>; Dim::COUNT]> = articles
                    .iter()
                    .map(|a| doc_facets(a, &forum_with_parents(&a.forums, gaz), &mut labels))
                    .collect();
                let table = FacetTable::new(&per_article);
                drop(per_article);
                let segments: facets::SegmentTables = reader
                    .searcher()
                    .segment_readers()
                    .iter()
                    .map(|r| Ok((r.segment_id(), Arc::new(SegmentTable::read(r, &table)?))))
                    .collect::<tantivy::Result<_>>()?;
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
        let languages = schema::LANGUAGE_FIELDS
            .iter()
            .enumerate()
            .filter(|(_, (code, _, _))| articles.iter().any(|a| a.lang == *code))
            .map(|(i, _)| fields.langs[i])
            .collect();
        let synonyms = query::Synonyms::new(gaz.synonyms.iter().map(|s| s.terms.as_slice()));
        let mut search = SearchIndex {
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
        };
        search.all_facets = search.count_all_articles()?;
        Ok(search)
    }
}

/// Where an index folder's name vocabulary is kept: beside it.
fn vocabulary_path(dir: &Path) -> std::path::PathBuf {
    match dir.parent() {
        Some(parent) => parent.join("vocabulary.txt"),
        None => dir.join("vocabulary.txt"),
    }
}

fn doc_facets(
    a: &Article,
    forums: &[String],
    labels: &mut facets::Labels,
) -> [Vec<u32>; Dim::COUNT] {
    let mut d: [Vec<u32>; Dim::COUNT] = Default::default();
    for p in &a.speakers {
        d[Dim::Speaker as usize].push(labels.intern(Dim::Speaker, &p.slug, &p.name));
    }
    for f in forums {
        d[Dim::Forum as usize].push(labels.intern(Dim::Forum, &slugify(f), f));
    }
    if let Some(s) = &a.source {
        d[Dim::Source as usize].push(labels.intern(Dim::Source, &slugify(s), s));
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
fn speaker_aliases(articles: &[Article]) -> HashMap<String, String> {
    let mut map = HashMap::new();
    for p in articles.iter().flat_map(|a| &a.speakers) {
        for alias in &p.aliases {
            let slug = crate::extract::gazetteer::person_slug(alias);
            if slug != p.slug {
                map.entry(slug).or_insert_with(|| p.slug.clone());
            }
        }
    }
    map
}

fn forum_aliases(articles: &[Article], gaz: &Gazetteer) -> HashMap<String, String> {
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
        for f in &a.forums {
            map.entry(f.to_lowercase()).or_insert_with(|| slugify(f));
        }
    }
    map
}

fn source_aliases(articles: &[Article], gaz: &Gazetteer) -> HashMap<String, String> {
    let mut map = HashMap::new();
    for o in &gaz.outlets {
        let slug = slugify(&o.name);
        for alias in std::iter::once(&o.name).chain(&o.aliases).chain(&o.domains) {
            map.insert(alias.to_lowercase(), slug.clone());
        }
    }
    for a in articles {
        if let Some(s) = &a.source {
            map.entry(s.to_lowercase()).or_insert_with(|| slugify(s));
        }
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
