//! Facet counts: how many matching articles have each speaker, forum,
//! source, year and kind. Counted from per-article values prepared once at
//! start-up, over the article positions a query matches, in the same pass
//! that finds the page of results.

use std::collections::HashMap;
use std::sync::Arc;

use tantivy::collector::{Collector, SegmentCollector};
use tantivy::index::SegmentId;
use tantivy::schema::Field;
use tantivy::{DocId, Score, SegmentOrdinal, SegmentReader};

use super::schema::Fields;
use crate::model::{Renumbering, slugify};

/// A facet dimension: what the search page counts and filters on.
///
/// A new facet (say `country`) needs three places:
/// 1. `search/schema.rs`: its field (`add_text_field("country", STRING)`);
/// 2. `search/build.rs`: the article's value written into that field and
///    interned, with its label, in `doc_facets`;
/// 3. here: a variant, and its arm in [`Dim::param`], [`Dim::label`] and
///    [`Dim::field`] (plus [`Dim::normalize`] when a URL value needs more
///    than a slug).
///
/// The request's filter table ([`super::query::Filters`]), the URL reader
/// and writer, the hidden form fields, the active-filter labels, the feed
/// titles and the API's facet counts all iterate over [`Dim::ALL`] (or
/// [`Dim::IN_URL`]), so nothing else changes. `language` is such a facet:
/// its field is `Fields::lang`, its value and label (the language's name)
/// are interned in `doc_facets`, and `Dim::Language` is the rest.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Dim {
    Speaker,
    Forum,
    Source,
    Year,
    Kind,
    Language,
}

impl Dim {
    /// How many dimensions there are.
    pub const COUNT: usize = Dim::ALL.len();
    /// Every dimension, in the order facets are shown and counted.
    pub const ALL: [Dim; 6] = [
        Dim::Speaker,
        Dim::Forum,
        Dim::Source,
        Dim::Year,
        Dim::Kind,
        Dim::Language,
    ];
    /// The order filters are written in a URL (and described in a feed's
    /// title): years last, as URLs have always been spelt, so a canonical
    /// URL does not change.
    pub const IN_URL: [Dim; Dim::COUNT] = [
        Dim::Speaker,
        Dim::Forum,
        Dim::Source,
        Dim::Kind,
        Dim::Language,
        Dim::Year,
    ];

    /// The URL parameter that filters on it.
    pub fn param(self) -> &'static str {
        match self {
            Dim::Speaker => "speaker",
            Dim::Forum => "forum",
            Dim::Source => "source",
            Dim::Year => "year",
            Dim::Kind => "kind",
            Dim::Language => "language",
        }
    }

    /// The dimension a URL parameter filters on (`lang` is the short
    /// spelling of `language`).
    pub fn from_param(param: &str) -> Option<Dim> {
        match param {
            "lang" => Some(Dim::Language),
            p => Dim::ALL.into_iter().find(|d| d.param() == p),
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Dim::Speaker => "Speaker",
            Dim::Forum => "Forum",
            Dim::Source => "Source",
            Dim::Year => "Year",
            Dim::Kind => "Kind",
            Dim::Language => "Language",
        }
    }

    /// The index field a filter on it searches.
    pub fn field(self, f: &Fields) -> Field {
        match self {
            Dim::Speaker => f.speaker,
            Dim::Forum => f.forum,
            Dim::Source => f.source,
            Dim::Year => f.year,
            Dim::Kind => f.kind,
            Dim::Language => f.lang,
        }
    }

    /// A URL value as the index holds it (names as slugs, a language by
    /// its code, a year as [`super::query::year_value`] writes it); `Err`
    /// says what is wrong with a value that cannot be one.
    pub fn normalize(self, v: &str) -> Result<String, String> {
        Ok(match self {
            Dim::Speaker | Dim::Forum | Dim::Source => slugify(v),
            Dim::Kind => v.to_string(),
            Dim::Language => crate::extract::language::parse_curated(v)
                .map_or_else(|| v.to_lowercase(), str::to_string),
            Dim::Year => super::query::parse_year(v).map(super::query::year_value).ok_or_else(|| {
                format!("“{v}” is not a year. Use four digits, for example year=2021, or year=undated.")
            })?,
        })
    }
}

/// One facet value: its URL value, label and count.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FacetValue {
    pub value: String,
    pub label: String,
    pub count: usize,
}

/// The value and label behind each facet integer, per dimension.
#[derive(Debug, Default, Clone)]
pub struct Labels {
    values: [Vec<(String, String)>; Dim::COUNT],
    lookup: [HashMap<String, u32>; Dim::COUNT],
}

impl Labels {
    /// The integer for a value, adding it the first time.
    pub fn intern(&mut self, dim: Dim, value: &str, label: &str) -> u32 {
        let d = dim as usize;
        if let Some(&i) = self.lookup[d].get(value) {
            return i;
        }
        let i = self.values[d].len() as u32;
        self.values[d].push((value.to_string(), label.to_string()));
        self.lookup[d].insert(value.to_string(), i);
        i
    }

    pub fn get(&self, dim: Dim, i: u32) -> Option<&(String, String)> {
        self.values[dim as usize].get(i as usize)
    }

    /// Every `(value, label)` of one dimension.
    pub fn all(&self, dim: Dim) -> &[(String, String)] {
        &self.values[dim as usize]
    }

    pub fn label_of(&self, dim: Dim, value: &str) -> Option<&str> {
        let i = *self.lookup[dim as usize].get(value)?;
        self.get(dim, i).map(|(_, l)| l.as_str())
    }
}

/// Facet values per article, as integers into one count array: the values
/// of dimension `d` are `offset[d]..offset[d] + cardinality[d]`, so counting
/// a match is one increment per value, whatever its dimension.
#[derive(Debug)]
pub struct FacetTable {
    /// Article `i`'s values are `values[starts[i]..starts[i + 1]]`.
    starts: Vec<u32>,
    values: Vec<u32>,
    offset: [usize; Dim::COUNT],
    cardinality: [usize; Dim::COUNT],
}

impl FacetTable {
    /// Lay out the per-dimension values of every article (from
    /// [`Labels::intern`]) in one array.
    pub fn new(per_article: &[[Vec<u32>; Dim::COUNT]]) -> FacetTable {
        let mut cardinality = [0usize; Dim::COUNT];
        for values in per_article {
            for (d, vs) in values.iter().enumerate() {
                for &v in vs {
                    cardinality[d] = cardinality[d].max(v as usize + 1);
                }
            }
        }
        let mut offset = [0usize; Dim::COUNT];
        for d in 1..Dim::COUNT {
            offset[d] = offset[d - 1] + cardinality[d - 1];
        }
        let mut starts = Vec::with_capacity(per_article.len() + 1);
        let mut values = Vec::new();
        starts.push(0);
        for article in per_article {
            for (d, vs) in article.iter().enumerate() {
                values.extend(vs.iter().map(|&v| (offset[d] + v as usize) as u32));
            }
            starts.push(u32::try_from(values.len()).unwrap_or(u32::MAX));
        }
        FacetTable {
            starts,
            values,
            offset,
            cardinality,
        }
    }

    /// `before` carried over an update: each kept article's values (at
    /// its position after, moved to the new offsets when a dimension grew)
    /// and the `fresh` values of the new positions (from
    /// [`Labels::intern`] on the labels of `before`, so the integers of
    /// the values held stay what they were). Proportional to the number
    /// of values held, with no hashing and no string: a copy, not a
    /// derivation from every article.
    pub fn carried(
        before: &FacetTable,
        renumbering: &Renumbering,
        len: usize,
        fresh: &[(usize, [Vec<u32>; Dim::COUNT])],
    ) -> FacetTable {
        let mut cardinality = before.cardinality;
        for (_, values) in fresh {
            for (d, vs) in values.iter().enumerate() {
                for &v in vs {
                    cardinality[d] = cardinality[d].max(v as usize + 1);
                }
            }
        }
        let mut offset = [0usize; Dim::COUNT];
        for d in 1..Dim::COUNT {
            offset[d] = offset[d - 1] + cardinality[d - 1];
        }
        let mut new_to_old = vec![u32::MAX; len];
        for (i, &j) in renumbering.old_to_new.iter().enumerate() {
            if let Some(slot) = new_to_old.get_mut(j as usize) {
                *slot = i as u32;
            }
        }
        let mut fresh_at = fresh.iter().peekable();
        let mut starts = Vec::with_capacity(len + 1);
        let mut values = Vec::with_capacity(before.values.len());
        starts.push(0);
        let moved = offset != before.offset;
        for (j, &i) in new_to_old.iter().enumerate() {
            if fresh_at.peek().is_some_and(|(at, _)| *at == j) {
                let (_, article) = fresh_at.next().expect("peeked");
                for (d, vs) in article.iter().enumerate() {
                    values.extend(vs.iter().map(|&v| (offset[d] + v as usize) as u32));
                }
            } else if i != u32::MAX {
                let old = before.values_of(i as usize);
                if moved {
                    // An article's values come dimension by dimension.
                    let mut d = 0;
                    values.extend(old.iter().map(|&g| {
                        let g = g as usize;
                        while g >= before.offset[d] + before.cardinality[d] {
                            d += 1;
                        }
                        (offset[d] + g - before.offset[d]) as u32
                    }));
                } else {
                    values.extend_from_slice(old);
                }
            }
            starts.push(u32::try_from(values.len()).unwrap_or(u32::MAX));
        }
        FacetTable {
            starts,
            values,
            offset,
            cardinality,
        }
    }

    /// This table and `labels` without the values no article holds any
    /// more (a removed file's only speaker, its year): what a fresh build
    /// would intern, so that the labels, the respelling of names and the
    /// facet lists know only what is there. Returns the dimensions that
    /// lost values, empty when nothing changed. A renumbering of integers,
    /// proportional to the values held.
    pub fn drop_unused(&mut self, labels: &mut Labels) -> Vec<Dim> {
        let mut used = vec![false; self.slots()];
        for &v in &self.values {
            if let Some(u) = used.get_mut(v as usize) {
                *u = true;
            }
        }
        let lost: Vec<Dim> = Dim::ALL
            .into_iter()
            .filter(|&dim| {
                let d = dim as usize;
                labels.all(dim).len() > self.cardinality[d]
                    || used[self.offset[d]..self.offset[d] + self.cardinality[d]]
                        .iter()
                        .any(|u| !u)
            })
            .collect();
        if lost.is_empty() {
            return lost;
        }
        let mut kept = Labels::default();
        let mut slot = vec![u32::MAX; self.slots()];
        let mut cardinality = [0usize; Dim::COUNT];
        for dim in Dim::ALL {
            let d = dim as usize;
            for (v, (value, label)) in labels.all(dim).iter().enumerate() {
                if v < self.cardinality[d] && used[self.offset[d] + v] {
                    let i = kept.intern(dim, value, label);
                    slot[self.offset[d] + v] = i;
                    cardinality[d] = i as usize + 1;
                }
            }
        }
        let mut offset = [0usize; Dim::COUNT];
        for d in 1..Dim::COUNT {
            offset[d] = offset[d - 1] + cardinality[d - 1];
        }
        // Each old slot to its new one, dimension offsets included.
        for dim in Dim::ALL {
            let d = dim as usize;
            for s in &mut slot[self.offset[d]..self.offset[d] + self.cardinality[d]] {
                if *s != u32::MAX {
                    *s += offset[d] as u32;
                }
            }
        }
        for v in &mut self.values {
            *v = slot[*v as usize];
        }
        self.offset = offset;
        self.cardinality = cardinality;
        *labels = kept;
        lost
    }

    /// Size of a count array.
    pub fn slots(&self) -> usize {
        self.offset[Dim::COUNT - 1] + self.cardinality[Dim::COUNT - 1]
    }

    pub fn values_of(&self, ord: usize) -> &[u32] {
        match (self.starts.get(ord), self.starts.get(ord + 1)) {
            (Some(&a), Some(&b)) => &self.values[a as usize..b as usize],
            _ => &[],
        }
    }

    /// The counts of `dim` inside a count array.
    fn dim<'c>(&self, counts: &'c [u32], dim: Dim) -> &'c [u32] {
        let d = dim as usize;
        counts
            .get(self.offset[d]..self.offset[d] + self.cardinality[d])
            .unwrap_or(&[])
    }
}

/// What each document of one segment is: its article, its statement
/// number, and (article documents only) its facet values. Read once at
/// start-up from the segment's fast fields, so a request neither decodes
/// columns nor opens stored documents.
#[derive(Debug, Default)]
pub struct SegmentTable {
    /// Article position of each document.
    ord: Vec<u32>,
    /// Statement number of each document; `u32::MAX` for articles.
    stmt: Vec<u32>,
    /// Document `d`'s facet values are `values[starts[d]..starts[d + 1]]`.
    starts: Vec<u32>,
    values: Vec<u32>,
}

impl SegmentTable {
    /// `positions` maps each article's key to its position in the
    /// article list `table` was laid out for.
    pub fn read(
        reader: &SegmentReader,
        table: &FacetTable,
        positions: &HashMap<u64, u32>,
    ) -> tantivy::Result<SegmentTable> {
        let keys = reader.fast_fields().u64("key")?;
        let stmts = reader.fast_fields().u64("stmt")?;
        let n = reader.max_doc() as usize;
        let mut t = SegmentTable {
            ord: Vec::with_capacity(n),
            stmt: Vec::with_capacity(n),
            starts: Vec::with_capacity(n + 1),
            values: Vec::new(),
        };
        t.starts.push(0);
        for doc in 0..reader.max_doc() {
            // A deleted document's key may be gone or taken by its new
            // version; deleted documents are never collected either way.
            let ord = keys
                .first(doc)
                .and_then(|k| positions.get(&k).copied())
                .unwrap_or(u32::MAX);
            let stmt = stmts.first(doc).map_or(u32::MAX, |s| s as u32);
            t.ord.push(ord);
            t.stmt.push(stmt);
            if stmt == u32::MAX && ord != u32::MAX {
                t.values.extend_from_slice(table.values_of(ord as usize));
            }
            t.starts
                .push(u32::try_from(t.values.len()).unwrap_or(u32::MAX));
        }
        Ok(t)
    }

    /// `before`, a segment's table kept by an update (the segment is the
    /// same; only deletes may have been added to it), with each document's
    /// article moved to its position after and its values taken from
    /// `table`, the table after. No fast field is read again.
    pub fn carried(
        before: &SegmentTable,
        renumbering: &Renumbering,
        table: &FacetTable,
    ) -> SegmentTable {
        let n = before.ord.len();
        let mut t = SegmentTable {
            ord: Vec::with_capacity(n),
            stmt: before.stmt.clone(),
            starts: Vec::with_capacity(n + 1),
            values: Vec::with_capacity(before.values.len()),
        };
        t.starts.push(0);
        for (&old, &stmt) in before.ord.iter().zip(&before.stmt) {
            let ord = match renumbering.old_to_new.get(old as usize) {
                Some(&j) => j,
                None => u32::MAX,
            };
            t.ord.push(ord);
            if stmt == u32::MAX && ord != u32::MAX {
                t.values.extend_from_slice(table.values_of(ord as usize));
            }
            t.starts
                .push(u32::try_from(t.values.len()).unwrap_or(u32::MAX));
        }
        t
    }

    /// Whether every document's article was found when it was read.
    pub fn complete(&self) -> bool {
        !self.ord.contains(&u32::MAX)
    }

    pub fn statement(&self, doc: DocId) -> Option<usize> {
        match self.stmt.get(doc as usize) {
            Some(&s) if s != u32::MAX => Some(s as usize),
            _ => None,
        }
    }

    pub fn article(&self, doc: DocId) -> Option<usize> {
        match self.ord.get(doc as usize) {
            Some(&o) if o != u32::MAX => Some(o as usize),
            _ => None,
        }
    }
}

/// The tables of every segment of one reader (an update opens another).
pub type SegmentTables = HashMap<SegmentId, Arc<SegmentTable>>;

/// Raw counts per value, laid out as [`FacetTable`] says; empty when
/// nothing was counted.
pub type Counts = Vec<u32>;

/// The values of `dim` with their counts, most frequent first (years
/// newest first), at most `limit`.
pub fn top(
    dim: Dim,
    table: &FacetTable,
    counts: &[u32],
    labels: &Labels,
    limit: usize,
) -> Vec<FacetValue> {
    // Rank by reference; clone only the values shown.
    let mut ranked: Vec<(&str, &str, u32)> = table
        .dim(counts, dim)
        .iter()
        .enumerate()
        .filter(|(_, c)| **c > 0)
        .filter_map(|(v, &count)| {
            let (value, label) = labels.get(dim, u32::try_from(v).ok()?)?;
            Some((value.as_str(), label.as_str(), count))
        })
        .collect();
    if dim == Dim::Year {
        // Newest first; `undated` (not a number) last.
        let year = |v: &str| v.parse::<u32>().unwrap_or(0);
        ranked.sort_unstable_by_key(|v| std::cmp::Reverse(year(v.0)));
    } else {
        ranked.sort_unstable_by(|a, b| b.2.cmp(&a.2).then_with(|| a.1.cmp(b.1)));
    }
    ranked
        .into_iter()
        .take(limit)
        .map(|(value, label, count)| FacetValue {
            value: value.to_string(),
            label: label.to_string(),
            count: count as usize,
        })
        .collect()
}

/// Counts the facet values of every match straight into one array
/// indexed by value: no list of matches is built. With `enabled` false it
/// counts nothing (views without facets).
pub struct FacetCounts {
    pub table: Arc<FacetTable>,
    pub segments: Arc<SegmentTables>,
    pub enabled: bool,
}

pub struct FacetCountsSegment {
    segment: Option<Arc<SegmentTable>>,
    counts: Counts,
}

impl Collector for FacetCounts {
    type Fruit = Counts;
    type Child = FacetCountsSegment;

    fn for_segment(
        &self,
        _segment: SegmentOrdinal,
        reader: &SegmentReader,
    ) -> tantivy::Result<FacetCountsSegment> {
        let segment = if self.enabled {
            self.segments.get(&reader.segment_id()).cloned()
        } else {
            None
        };
        Ok(FacetCountsSegment {
            counts: if segment.is_some() {
                vec![0; self.table.slots()]
            } else {
                Vec::new()
            },
            segment,
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<Counts>) -> tantivy::Result<Counts> {
        let mut total: Counts = Vec::new();
        for fruit in fruits {
            if total.is_empty() {
                total = fruit;
            } else {
                for (t, c) in total.iter_mut().zip(fruit) {
                    *t += c;
                }
            }
        }
        Ok(total)
    }
}

impl FacetCountsSegment {
    #[inline]
    fn count(counts: &mut [u32], t: &SegmentTable, doc: DocId) {
        let d = doc as usize;
        if let (Some(&a), Some(&b)) = (t.starts.get(d), t.starts.get(d + 1))
            && let Some(values) = t.values.get(a as usize..b as usize)
        {
            for &v in values {
                if let Some(c) = counts.get_mut(v as usize) {
                    *c += 1;
                }
            }
        }
    }
}

impl SegmentCollector for FacetCountsSegment {
    type Fruit = Counts;

    fn collect(&mut self, doc: DocId, _score: Score) {
        if let Some(t) = &self.segment {
            Self::count(&mut self.counts, t, doc);
        }
    }

    fn collect_block(&mut self, docs: &[DocId]) {
        if let Some(t) = &self.segment {
            for &doc in docs {
                Self::count(&mut self.counts, t, doc);
            }
        }
    }

    fn harvest(self) -> Counts {
        self.counts
    }
}
