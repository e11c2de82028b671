//! The loaded archive: articles, their index, and the speaker and forum
//! directories derived from them. Built once at start-up; read-only after.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::corpus::{self, LoadOptions, Rejected};
use crate::extract::{self, Gazetteer, gazetteer::GazetteerError};
use crate::model::{Article, slugify};
use crate::search::{SearchError, SearchIndex};

#[derive(Debug, Clone)]
pub struct ArchiveOptions {
    pub data_dir: PathBuf,
    pub load: LoadOptions,
}

impl ArchiveOptions {
    pub fn new(data_dir: impl Into<PathBuf>) -> ArchiveOptions {
        ArchiveOptions {
            data_dir: data_dir.into(),
            load: LoadOptions::default(),
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
    pub acronyms: Vec<String>,
    pub articles: Vec<usize>,
}

/// Source outlet with its article count.
#[derive(Debug, Clone)]
pub struct SourceEntry {
    pub slug: String,
    pub name: String,
    pub articles: usize,
}

/// Where start-up time went.
#[derive(Debug, Clone, Copy, Default)]
pub struct Timings {
    pub read: Duration,
    pub extract: Duration,
    pub index: Duration,
}

pub struct Archive {
    pub articles: Vec<Article>,
    /// Raw bytes of each article's file, by position.
    pub raw: Vec<Arc<[u8]>>,
    by_id: HashMap<String, usize>,
    pub rejected: Vec<Rejected>,
    pub speakers: Vec<SpeakerEntry>,
    speaker_by_slug: HashMap<String, usize>,
    pub forums: Vec<ForumEntry>,
    forum_by_slug: HashMap<String, usize>,
    pub sources: Vec<SourceEntry>,
    pub index: SearchIndex,
    pub gazetteer: Gazetteer,
    pub timings: Timings,
}

impl Archive {
    /// Read, extract and index a data folder.
    pub fn load(options: &ArchiveOptions) -> Result<Archive, ArchiveError> {
        let t0 = Instant::now();
        let gazetteer = Gazetteer::for_data_dir(&options.data_dir)?;
        let corpus = corpus::load(&options.data_dir, options.load)?;
        let t1 = Instant::now();
        let mut articles = Vec::with_capacity(corpus.documents.len());
        let mut raw = Vec::with_capacity(corpus.documents.len());
        for doc in &corpus.documents {
            let mut article = extract::extract(doc, &gazetteer).article;
            doc.add_notes(&mut article);
            articles.push(article);
            raw.push(doc.raw.clone());
        }
        let t2 = Instant::now();
        let index = SearchIndex::build(&articles, &gazetteer)?;
        let t3 = Instant::now();
        let mut archive = Archive::assemble(articles, raw, corpus.rejected, index, gazetteer);
        // A duplicate's own name still leads to the article holding its
        // bytes, so its permalink survives a copy appearing earlier in
        // path order (issue #7). Real ids always win.
        for (i, doc) in corpus.documents.iter().enumerate() {
            for file in &doc.duplicates {
                archive.by_id.entry(corpus::stem_of(file)).or_insert(i);
            }
        }
        archive.timings = Timings {
            read: t1 - t0,
            extract: t2 - t1,
            index: t3 - t2,
        };
        Ok(archive)
    }

    fn assemble(
        articles: Vec<Article>,
        raw: Vec<Arc<[u8]>>,
        rejected: Vec<Rejected>,
        index: SearchIndex,
        gazetteer: Gazetteer,
    ) -> Archive {
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
                if p.name != s.name && !s.aliases.contains(&p.name) {
                    s.aliases.push(p.name.clone());
                }
            }
            for f in &a.forums {
                let slug = slugify(f);
                let k = *forum_by_slug.entry(slug.clone()).or_insert_with(|| {
                    let acronyms = gazetteer
                        .forums
                        .iter()
                        .find(|g| g.name == *f)
                        .map(|g| g.acronyms.clone())
                        .unwrap_or_default();
                    forums.push(ForumEntry {
                        slug,
                        name: f.clone(),
                        acronyms,
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
        let mut sources: Vec<SourceEntry> = sources.into_values().collect();
        sources.sort_by(|a, b| b.articles.cmp(&a.articles).then(a.name.cmp(&b.name)));
        Archive {
            articles,
            raw,
            by_id,
            rejected,
            speakers,
            speaker_by_slug,
            forums,
            forum_by_slug,
            sources,
            index,
            gazetteer,
            timings: Timings::default(),
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

/// Most articles looked at per speaker or forum when finding related ones.
const RELATED_CANDIDATES: usize = 300;
