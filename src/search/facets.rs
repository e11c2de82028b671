//! Facet counts: how many matching articles have each speaker, forum,
//! source, year and kind. Counted from per-article values prepared once at
//! start-up, over the article positions a query matches.

use std::collections::HashMap;

use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::Column;
use tantivy::{DocId, Score, SegmentOrdinal, SegmentReader};

/// A facet dimension.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Dim {
    Speaker,
    Forum,
    Source,
    Year,
    Kind,
}

impl Dim {
    pub const ALL: [Dim; 5] = [Dim::Speaker, Dim::Forum, Dim::Source, Dim::Year, Dim::Kind];

    /// The URL parameter that filters on it.
    pub fn param(self) -> &'static str {
        match self {
            Dim::Speaker => "speaker",
            Dim::Forum => "forum",
            Dim::Source => "source",
            Dim::Year => "year",
            Dim::Kind => "kind",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Dim::Speaker => "Speaker",
            Dim::Forum => "Forum",
            Dim::Source => "Source",
            Dim::Year => "Year",
            Dim::Kind => "Kind",
        }
    }
}

/// One facet value: its URL value, label and count.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FacetValue {
    pub value: String,
    pub label: String,
    pub count: usize,
}

/// Facet values per article, as small integers into [`Labels`].
#[derive(Debug, Clone, Default)]
pub struct DocFacets {
    pub values: [Vec<u32>; 5],
}

/// The value and label behind each facet integer, per dimension.
#[derive(Debug, Default)]
pub struct Labels {
    values: [Vec<(String, String)>; 5],
    lookup: [HashMap<String, u32>; 5],
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

    pub fn label_of(&self, dim: Dim, value: &str) -> Option<&str> {
        let i = *self.lookup[dim as usize].get(value)?;
        self.get(dim, i).map(|(_, l)| l.as_str())
    }
}

/// Count the values of `dim` over the matched article positions, most
/// frequent first (years newest first), at most `limit`.
pub fn count(
    dim: Dim,
    ords: &[u32],
    docs: &[DocFacets],
    labels: &Labels,
    limit: usize,
) -> Vec<FacetValue> {
    let mut counts: HashMap<u32, usize> = HashMap::new();
    for &o in ords {
        if let Some(d) = docs.get(o as usize) {
            for &v in &d.values[dim as usize] {
                *counts.entry(v).or_default() += 1;
            }
        }
    }
    let mut out: Vec<FacetValue> = counts
        .into_iter()
        .filter_map(|(v, count)| {
            labels.get(dim, v).map(|(value, label)| FacetValue {
                value: value.clone(),
                label: label.clone(),
                count,
            })
        })
        .collect();
    if dim == Dim::Year {
        out.sort_by(|a, b| b.value.cmp(&a.value));
    } else {
        out.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.label.cmp(&b.label)));
    }
    out.truncate(limit);
    out
}

/// Collects the `ord` fast-field value (article position) of every match.
pub struct Ords;

pub struct OrdsSegment {
    column: Column<u64>,
    out: Vec<u32>,
}

impl Collector for Ords {
    type Fruit = Vec<u32>;
    type Child = OrdsSegment;

    fn for_segment(
        &self,
        _segment: SegmentOrdinal,
        reader: &SegmentReader,
    ) -> tantivy::Result<OrdsSegment> {
        Ok(OrdsSegment {
            column: reader.fast_fields().u64("ord")?,
            out: Vec::new(),
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<Vec<u32>>) -> tantivy::Result<Vec<u32>> {
        Ok(fruits.concat())
    }
}

impl SegmentCollector for OrdsSegment {
    type Fruit = Vec<u32>;

    fn collect(&mut self, doc: DocId, _score: Score) {
        if let Some(v) = self.column.first(doc) {
            self.out.push(u32::try_from(v).unwrap_or(u32::MAX));
        }
    }

    fn harvest(self) -> Vec<u32> {
        self.out
    }
}
