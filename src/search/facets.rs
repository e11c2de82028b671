//! Facet counts: how many matching articles have each speaker, forum,
//! source, year and kind. Counted from per-article values prepared once at
//! start-up, over the article positions a query matches, in the same pass
//! that finds the page of results.

use std::collections::HashMap;
use std::sync::Arc;

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

/// Facet values per article, as small integers into [`Labels`]: for each
/// dimension, article `i`'s values are `values[starts[i]..starts[i + 1]]`.
/// Flat arrays, so counting a match touches two cache lines, not a `Vec`.
#[derive(Debug)]
pub struct FacetTable {
    starts: [Vec<u32>; 5],
    values: [Vec<u32>; 5],
    /// Distinct values per dimension (the size of a count array).
    cardinality: [usize; 5],
}

impl FacetTable {
    pub fn with_capacity(articles: usize) -> FacetTable {
        let starts = std::array::from_fn(|_| {
            let mut v = Vec::with_capacity(articles + 1);
            v.push(0);
            v
        });
        FacetTable {
            starts,
            values: Default::default(),
            cardinality: [0; 5],
        }
    }

    /// Append the next article's values, per dimension.
    pub fn push(&mut self, values: &[Vec<u32>; 5]) {
        for (d, values) in values.iter().enumerate() {
            for &v in values {
                self.values[d].push(v);
                self.cardinality[d] = self.cardinality[d].max(v as usize + 1);
            }
            let end = u32::try_from(self.values[d].len()).unwrap_or(u32::MAX);
            self.starts[d].push(end);
        }
    }

    fn values_of(&self, d: usize, ord: usize) -> &[u32] {
        match (self.starts[d].get(ord), self.starts[d].get(ord + 1)) {
            (Some(&a), Some(&b)) => &self.values[d][a as usize..b as usize],
            _ => &[],
        }
    }
}

/// Raw counts per value, for the dimensions asked for (others empty).
pub type Counts = [Vec<u32>; 5];

/// The values of `dim` with their counts, most frequent first (years
/// newest first), at most `limit`.
pub fn top(dim: Dim, counts: &Counts, labels: &Labels, limit: usize) -> Vec<FacetValue> {
    // Rank by reference; clone only the values shown.
    let mut ranked: Vec<(&str, &str, u32)> = counts[dim as usize]
        .iter()
        .enumerate()
        .filter(|(_, c)| **c > 0)
        .filter_map(|(v, &count)| {
            let (value, label) = labels.get(dim, u32::try_from(v).ok()?)?;
            Some((value.as_str(), label.as_str(), count))
        })
        .collect();
    if dim == Dim::Year {
        ranked.sort_unstable_by(|a, b| b.0.cmp(a.0));
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

/// Counts the facet values of every match, for the dimensions in `dims`,
/// straight into arrays indexed by value: no list of matches is built.
pub struct FacetCounts {
    pub table: Arc<FacetTable>,
    pub dims: Vec<Dim>,
}

pub struct FacetCountsSegment {
    column: Column<u64>,
    table: Arc<FacetTable>,
    dims: Vec<usize>,
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
        let mut counts: Counts = Default::default();
        for &d in &self.dims {
            counts[d as usize] = vec![0; self.table.cardinality[d as usize]];
        }
        Ok(FacetCountsSegment {
            column: reader.fast_fields().u64("ord")?,
            table: Arc::clone(&self.table),
            dims: self.dims.iter().map(|&d| d as usize).collect(),
            counts,
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<Counts>) -> tantivy::Result<Counts> {
        let mut total: Counts = Default::default();
        for fruit in fruits {
            for (d, counts) in fruit.into_iter().enumerate() {
                if total[d].is_empty() {
                    total[d] = counts;
                } else {
                    for (t, c) in total[d].iter_mut().zip(counts) {
                        *t += c;
                    }
                }
            }
        }
        Ok(total)
    }
}

impl SegmentCollector for FacetCountsSegment {
    type Fruit = Counts;

    fn collect(&mut self, doc: DocId, _score: Score) {
        if self.dims.is_empty() {
            return;
        }
        let Some(ord) = self.column.first(doc) else {
            return;
        };
        let ord = usize::try_from(ord).unwrap_or(usize::MAX);
        for &d in &self.dims {
            for &v in self.table.values_of(d, ord) {
                if let Some(c) = self.counts[d].get_mut(v as usize) {
                    *c += 1;
                }
            }
        }
    }

    fn harvest(self) -> Counts {
        self.counts
    }
}
