//! The speaker, forum and source directories and the id table, derived from the articles.

use std::collections::HashMap;

use crate::extract::{self, Gazetteer};
use crate::model::{Articles, slugify};

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

/// How [`corpus::duplicate_note`] starts.
pub(super) const DUPLICATE_NOTE_START: &str = "the same bytes are also in ";

/// The speaker, forum and source directories and the id table, derived
/// from the articles.
pub(super) struct Directories {
    pub(super) by_id: HashMap<String, usize>,
    pub(super) speakers: Vec<SpeakerEntry>,
    pub(super) speaker_by_slug: HashMap<String, usize>,
    pub(super) forums: Vec<ForumEntry>,
    pub(super) forum_by_slug: HashMap<String, usize>,
    pub(super) sources: Vec<SourceEntry>,
}

impl Directories {
    pub(super) fn build(articles: &Articles, gaz: &Gazetteer) -> Directories {
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
        let mut said: HashMap<&str, usize> = HashMap::new();
        // Forum and outlet names recur in every article: slugged once each.
        let mut slugs: HashMap<&str, String> = HashMap::new();
        for &i in &newest {
            let a = &articles[i];
            // One pass over the statements, not one per speaker: a
            // transcript has dozens of each.
            said.clear();
            for st in &a.statements {
                *said.entry(st.speaker_slug.as_str()).or_default() += 1;
            }
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
                s.statements += said.get(p.slug.as_str()).copied().unwrap_or(0);
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
                let slug = slugs
                    .entry(f.as_str())
                    .or_insert_with(|| slugify(f))
                    .clone();
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
                let slug = slugs.entry(s.as_str()).or_insert_with(|| slugify(s));
                sources
                    .entry(slug.clone())
                    .or_insert_with(|| SourceEntry {
                        slug: slug.clone(),
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
