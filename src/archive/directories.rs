//! The speaker, forum and source directories and the id table, derived from the articles.

use std::cmp::Reverse;
use std::collections::{HashMap, HashSet};

use rustc_hash::FxHashMap;

use crate::extract::{self, Gazetteer};
use crate::model::{Article, Articles, Person, Renumbering, slugify};

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

impl SpeakerEntry {
    /// An entry with no articles yet, named as `p` is in its first article.
    fn new(p: &Person) -> SpeakerEntry {
        SpeakerEntry {
            slug: p.slug.clone(),
            name: p.name.clone(),
            role: None,
            country: None,
            aliases: Vec::new(),
            articles: Vec::new(),
            statements: 0,
        }
    }
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
    /// An entry with no articles yet, named `f` (as the first article
    /// names it) and described as the gazetteer describes that name.
    fn named(slug: String, f: &str, gaz: &Gazetteer) -> ForumEntry {
        let known = gaz.forums.iter().find(|g| g.name == *f);
        let acronyms = known.map(|g| g.acronyms.clone()).unwrap_or_default();
        let mut aliases = known.map(|g| g.aliases.clone()).unwrap_or_default();
        // An acronym as the name says nothing to a newcomer.
        let full_name =
            (acronyms.iter().any(|a| a == f) && !aliases.is_empty()).then(|| aliases.remove(0));
        ForumEntry {
            slug,
            name: f.to_string(),
            full_name,
            acronyms,
            aliases,
            articles: Vec::new(),
        }
    }

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
    pub(super) by_id: FxHashMap<String, usize>,
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
                    speakers.push(SpeakerEntry::new(p));
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
                    forums.push(ForumEntry::named(slug, f, gaz));
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
        Directories {
            by_id,
            speaker_by_slug: speaker_index(&speakers),
            speakers,
            forums,
            forum_by_slug,
            sources: by_count(sources),
        }
    }
}

/// Each speaker's position by slug, and by the slug of each spelling the
/// gazetteer replaced (which leads to its speaker's page too).
fn speaker_index(speakers: &[SpeakerEntry]) -> HashMap<String, usize> {
    let mut by_slug: HashMap<String, usize> = speakers
        .iter()
        .enumerate()
        .map(|(k, s)| (s.slug.clone(), k))
        .collect();
    for (k, s) in speakers.iter().enumerate() {
        for alias in &s.aliases {
            by_slug
                .entry(extract::gazetteer::person_slug(alias))
                .or_insert(k);
        }
    }
    by_slug
}

/// The outlets with articles, most first, then by name.
fn by_count(sources: HashMap<String, SourceEntry>) -> Vec<SourceEntry> {
    let mut sources: Vec<SourceEntry> = sources.into_values().filter(|s| s.articles > 0).collect();
    sources.sort_by(|a, b| b.articles.cmp(&a.articles).then(a.name.cmp(&b.name)));
    sources
}

/// An article's speakers as (slug, name), in its order.
fn speakers_of(a: &Article) -> Vec<(String, &str)> {
    a.speakers
        .iter()
        .map(|p| (p.slug.clone(), p.name.as_str()))
        .collect()
}

/// An article's forums as (slug, name), in its order.
fn forums_of(a: &Article) -> Vec<(String, &str)> {
    a.forums.iter().map(|f| (slugify(f), f.as_str())).collect()
}

/// A speaker or forum entry, as [`carry`] moves it over an update.
trait Entry {
    fn slug(&self) -> &str;
    fn articles(&self) -> &[usize];
    fn articles_mut(&mut self) -> &mut Vec<usize>;
}

/// Both entries keep their slug and article list under the same names.
macro_rules! entry {
    ($($t:ty),*) => {$(
        impl Entry for $t {
            fn slug(&self) -> &str {
                &self.slug
            }
            fn articles(&self) -> &[usize] {
                &self.articles
            }
            fn articles_mut(&mut self) -> &mut Vec<usize> {
                &mut self.articles
            }
        }
    )*};
}
entry!(SpeakerEntry, ForumEntry);

/// One directory after an update, from the one before (`prior`): every
/// article list moved to the positions after it, the added articles put
/// in their places, emptied entries dropped, and the entries the changed
/// articles (`touched`) name worked out again by `redo`. `named` gives an
/// article's entries (slug, name) in its own order, `new` an entry for a
/// name met first. Ordered as a fresh build meets them: by their newest
/// article, then in the order that article names them.
fn carry<E: Entry + Clone>(
    prior: &[E],
    articles: &Articles,
    renumbering: &Renumbering,
    named: impl Fn(&Article) -> Vec<(String, &str)>,
    new: impl Fn(String, &str) -> E,
    touched: &HashSet<String>,
    mut redo: impl FnMut(&mut E),
) -> Vec<E> {
    let mut entries: Vec<E> = prior
        .iter()
        .map(|e| {
            let mut e = e.clone();
            let moved = e
                .articles()
                .iter()
                .filter_map(|&i| renumbering.new_position(i))
                .collect();
            *e.articles_mut() = moved;
            e
        })
        .collect();
    let mut at: HashMap<String, usize> = entries
        .iter()
        .enumerate()
        .map(|(k, e)| (e.slug().to_string(), k))
        .collect();
    for &j in &renumbering.added {
        for (slug, name) in named(&articles[j]) {
            let k = *at.entry(slug.clone()).or_insert_with(|| {
                entries.push(new(slug, name));
                entries.len() - 1
            });
            let list = entries[k].articles_mut();
            let place = list.partition_point(|&i| rank(articles, i) <= rank(articles, j));
            list.insert(place, j);
        }
    }
    entries.retain_mut(|e| !e.articles().is_empty());
    for e in entries.iter_mut().filter(|e| touched.contains(e.slug())) {
        redo(e);
    }
    entries.sort_by_cached_key(|e| {
        let first = e.articles()[0];
        let within = named(&articles[first])
            .iter()
            .position(|(slug, _)| slug == e.slug());
        (rank(articles, first), within)
    });
    entries
}

/// Where article `i` goes in a list newest first: [`Directories::build`]
/// orders by date, newest first, and then by position.
fn rank(articles: &Articles, i: usize) -> (Reverse<Option<i64>>, usize) {
    (Reverse(articles[i].date.map(|d| d.sort_key())), i)
}

impl Directories {
    /// The directories after an update, from those before (`speakers`,
    /// `forums`, `sources` of the archive `before` held): every article
    /// list moved to the positions after, the added articles
    /// (`renumbering.added`) put in their places, and only the entries
    /// those or the removed articles name worked out again, exactly as
    /// [`Directories::build`] would. The entries' order is that of a
    /// fresh build (by their newest article), so the pages and the
    /// sitemap list them alike. The id table is made anew (a map of
    /// every id, but no article is looked into for it).
    pub(super) fn carried(
        prior: (&[SpeakerEntry], &[ForumEntry], &[SourceEntry]),
        before: &Articles,
        articles: &Articles,
        renumbering: &Renumbering,
        gaz: &Gazetteer,
    ) -> Directories {
        let (prior_speakers, prior_forums, prior_sources) = prior;
        let by_id = articles
            .iter()
            .enumerate()
            .map(|(i, a)| (a.id.clone(), i))
            .collect();
        let changed = || {
            renumbering
                .removed
                .iter()
                .map(|&i| &before[i])
                .chain(renumbering.added.iter().map(|&j| &articles[j]))
        };
        let touched = |of: fn(&Article) -> Vec<(String, &str)>| -> HashSet<String> {
            changed().flat_map(of).map(|(slug, _)| slug).collect()
        };

        let speakers = carry(
            prior_speakers,
            articles,
            renumbering,
            speakers_of,
            |slug, name| {
                SpeakerEntry::new(&Person {
                    slug,
                    name: name.to_string(),
                    ..Person::default()
                })
            },
            &touched(speakers_of),
            |s| redo_speaker(s, articles),
        );
        let forums = carry(
            prior_forums,
            articles,
            renumbering,
            forums_of,
            |slug, name| ForumEntry::named(slug, name, gaz),
            &touched(forums_of),
            |f| {
                // Named as its newest article names it.
                let first = &articles[f.articles[0]];
                if let Some(name) = first.forums.iter().find(|n| slugify(n) == f.slug)
                    && *name != f.name
                {
                    let list = std::mem::take(&mut f.articles);
                    *f = ForumEntry::named(f.slug.clone(), name, gaz);
                    f.articles = list;
                }
            },
        );
        let forum_by_slug = forums
            .iter()
            .enumerate()
            .map(|(k, f)| (f.slug.clone(), k))
            .collect();

        // Sources: counts only.
        let mut sources: HashMap<String, SourceEntry> = prior_sources
            .iter()
            .map(|s| (s.slug.clone(), s.clone()))
            .collect();
        for &i in &renumbering.removed {
            if let Some(s) = &before[i].source
                && let Some(e) = sources.get_mut(&slugify(s))
            {
                e.articles -= 1;
            }
        }
        for &j in &renumbering.added {
            if let Some(s) = &articles[j].source {
                let slug = slugify(s);
                sources
                    .entry(slug.clone())
                    .or_insert_with(|| SourceEntry {
                        slug,
                        name: s.clone(),
                        articles: 0,
                    })
                    .articles += 1;
            }
        }
        Directories {
            by_id,
            speaker_by_slug: speaker_index(&speakers),
            speakers,
            forums,
            forum_by_slug,
            sources: by_count(sources),
        }
    }
}

/// A speaker's name, role, country, other spellings and statement count
/// from its articles (newest first), as [`Directories::build`] sets them
/// on meeting the articles in that order.
fn redo_speaker(s: &mut SpeakerEntry, articles: &Articles) {
    let Some(&first) = s.articles.first() else {
        return;
    };
    let named = |a: &'_ Article| a.speakers.iter().find(|p| p.slug == s.slug).cloned();
    let Some(p) = named(&articles[first]) else {
        return;
    };
    s.name = p.name;
    s.role = None;
    s.country = None;
    s.aliases.clear();
    s.statements = 0;
    for &i in &s.articles {
        let a = &articles[i];
        for p in a.speakers.iter().filter(|p| p.slug == s.slug) {
            s.statements += a
                .statements
                .iter()
                .filter(|st| st.speaker_slug == s.slug)
                .count();
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
    }
}
