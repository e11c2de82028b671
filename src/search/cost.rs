//! What one search may cost (issue #14 item 1). A query is refused before
//! it runs when it has too many clauses or when its ranges over words
//! would expand to too many terms (each term's postings are read, for each
//! range, in each segment: `body:>aa OR body:>ab OR …` read the whole index
//! 83 times). What still runs is bounded by a deadline that the collectors
//! check as they go ([`Deadline`]), and that snippets and extra passes
//! check between steps.

use std::ops::Bound;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use tantivy::collector::{Collector, SegmentCollector};
use tantivy::query::Weight;
use tantivy::query_grammar::{UserInputAst, UserInputBound, UserInputLeaf};
use tantivy::schema::{Field, FieldType};
use tantivy::{DocId, DocSet, Index, Score, Searcher, SegmentOrdinal, SegmentReader, TERMINATED};

/// Longest a search may run by default, well inside the request timeout,
/// so that the client hears why rather than a bare timeout.
pub const SEARCH_TIME: Duration = Duration::from_secs(3);

/// Most clauses (words, phrases, ranges, set members) in a query's text.
/// A long natural query has a few dozen words.
pub const MAX_CLAUSES: usize = 64;

/// Most terms all the ranges over words of one query may cover, counted
/// per segment (that is the work the ranges do).
pub const MAX_RANGE_TERMS: usize = 2_000;

/// Documents a collector goes through between two looks at the clock.
const CHECK_EVERY: u32 = 4096;

/// When a search must be done by.
#[derive(Debug, Clone, Copy)]
pub struct Budget {
    deadline: Instant,
}

impl Budget {
    /// A budget of `time` from now.
    pub fn new(time: Duration) -> Budget {
        Budget {
            deadline: Instant::now() + time,
        }
    }

    pub fn expired(&self) -> bool {
        Instant::now() >= self.deadline
    }

    /// `Err(OverTime)` once the deadline has passed.
    pub fn check(&self) -> Result<(), OverTime> {
        if self.expired() {
            Err(OverTime)
        } else {
            Ok(())
        }
    }
}

impl Default for Budget {
    fn default() -> Budget {
        Budget::new(SEARCH_TIME)
    }
}

/// The search ran out of time: the server is too busy or the query too
/// heavy for now; worth retrying.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("the search did not finish in time")]
pub struct OverTime;

/// Why a query is refused before it runs: retrying will not help,
/// rewriting it will.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TooCostly {
    #[error("it has {n} terms, phrases and ranges; at most {max} are searched at once")]
    Clauses { n: usize, max: usize },
    #[error(
        "its ranges over words cover more than {max} different words; narrow or remove “{range}”"
    )]
    RangeTerms { range: String, max: usize },
}

/// Refuse `text` (the query text exactly as tantivy's parser reads it)
/// when it is too costly to run. `default` is the field unqualified
/// words search; `filter_words` counts the words of the query's name
/// filters (`speaker:`, `forum:`), each of which may be a fuzzy search.
pub fn check(
    index: &Index,
    searcher: &Searcher,
    default: Field,
    text: &str,
    filter_words: usize,
) -> Result<(), TooCostly> {
    let (ast, _) = tantivy::query_grammar::parse_query_lenient(text);
    let mut leaves = Vec::new();
    collect_leaves(&ast, &mut leaves);
    let n: usize = filter_words
        + leaves
            .iter()
            .map(|l| match l {
                UserInputLeaf::Set { elements, .. } => elements.len().max(1),
                _ => 1,
            })
            .sum::<usize>();
    if n > MAX_CLAUSES {
        return Err(TooCostly::Clauses {
            n,
            max: MAX_CLAUSES,
        });
    }
    let mut terms = 0;
    for leaf in leaves {
        let UserInputLeaf::Range {
            field,
            lower,
            upper,
        } = leaf
        else {
            continue;
        };
        let field = match field {
            None => default,
            Some(name) => match index.schema().get_field(name) {
                Ok(f) => f,
                Err(_) => continue, // the parser reports unknown fields itself
            },
        };
        // Ranges over numbers and dates are read from fast fields: cheap.
        if !matches!(
            index.schema().get_field_entry(field).field_type(),
            FieldType::Str(_)
        ) {
            continue;
        }
        let bound = |b: &UserInputBound| match b {
            UserInputBound::Inclusive(s) => Bound::Included(first_token(index, field, s)),
            UserInputBound::Exclusive(s) => Bound::Excluded(first_token(index, field, s)),
            UserInputBound::Unbounded => Bound::Unbounded,
        };
        let left = MAX_RANGE_TERMS - terms;
        terms += terms_in_range(searcher, field, bound(lower), bound(upper), left + 1);
        if terms > MAX_RANGE_TERMS {
            return Err(TooCostly::RangeTerms {
                range: describe(field_name(index, field), lower, upper),
                max: MAX_RANGE_TERMS,
            });
        }
    }
    Ok(())
}

fn collect_leaves<'a>(ast: &'a UserInputAst, out: &mut Vec<&'a UserInputLeaf>) {
    match ast {
        UserInputAst::Clause(clauses) => clauses.iter().for_each(|(_, a)| collect_leaves(a, out)),
        UserInputAst::Boost(a, _) => collect_leaves(a, out),
        UserInputAst::Leaf(leaf) => out.push(leaf),
    }
}

/// A range bound as the parser turns it into a term: the field's analyzer
/// applied (lower case, folding), its first token.
fn first_token(index: &Index, field: Field, s: &str) -> Vec<u8> {
    let mut first = None;
    if let Ok(mut analyzer) = index.tokenizer_for_field(field) {
        analyzer.token_stream(s).process(&mut |t| {
            first.get_or_insert_with(|| t.text.clone());
        });
    }
    first.unwrap_or_else(|| s.to_lowercase()).into_bytes()
}

/// Terms of `field` within the bounds, summed over segments, counting no
/// further than `cap`.
fn terms_in_range(
    searcher: &Searcher,
    field: Field,
    lower: Bound<Vec<u8>>,
    upper: Bound<Vec<u8>>,
    cap: usize,
) -> usize {
    let mut n = 0;
    for segment in searcher.segment_readers() {
        let Ok(inverted) = segment.inverted_index(field) else {
            continue;
        };
        let mut range = inverted.terms().range();
        range = match &lower {
            Bound::Included(b) => range.ge(b),
            Bound::Excluded(b) => range.gt(b),
            Bound::Unbounded => range,
        };
        range = match &upper {
            Bound::Included(b) => range.le(b),
            Bound::Excluded(b) => range.lt(b),
            Bound::Unbounded => range,
        };
        let Ok(mut stream) = range.into_stream() else {
            continue;
        };
        while stream.advance() {
            n += 1;
            if n >= cap {
                return n;
            }
        }
    }
    n
}

fn field_name(index: &Index, field: Field) -> String {
    index.schema().get_field_name(field).to_string()
}

fn describe(field: String, lower: &UserInputBound, upper: &UserInputBound) -> String {
    match (lower, upper) {
        (UserInputBound::Exclusive(a), UserInputBound::Unbounded) => format!("{field}:>{a}"),
        (UserInputBound::Inclusive(a), UserInputBound::Unbounded) => format!("{field}:>={a}"),
        (UserInputBound::Unbounded, UserInputBound::Exclusive(b)) => format!("{field}:<{b}"),
        (UserInputBound::Unbounded, UserInputBound::Inclusive(b)) => format!("{field}:<={b}"),
        (a, b) => {
            let side = |b: &UserInputBound| match b {
                UserInputBound::Inclusive(s) | UserInputBound::Exclusive(s) => s.clone(),
                UserInputBound::Unbounded => "*".to_string(),
            };
            format!("{field}:[{} TO {}]", side(a), side(b))
        }
    }
}

/// A collector that gives up when the budget runs out: it walks each
/// segment's matches itself, looking at the clock every few thousand
/// documents, and fails the search with an error (which
/// [`Budget::expired`] then explains) instead of running on.
///
/// With a cap ([`Deadline::capped`]) it also stops after that many
/// matches, so a very broad query costs the cap, not its matches; what
/// share of the index it read ([`Deadline::sample`]) lets the caller
/// scale its counts into an estimate.
pub struct Deadline<C> {
    inner: C,
    budget: Budget,
    cap: usize,
    /// Matches collected so far, over the segments read.
    collected: AtomicUsize,
    /// Documents (matching or not) the segments read covered.
    scanned: AtomicU64,
}

impl<C> Deadline<C> {
    pub fn new(inner: C, budget: Budget) -> Deadline<C> {
        Deadline::capped(inner, budget, usize::MAX)
    }

    /// Collect at most `cap` matches, segment by segment in document order.
    pub fn capped(inner: C, budget: Budget, cap: usize) -> Deadline<C> {
        Deadline {
            inner,
            budget,
            cap,
            collected: AtomicUsize::new(0),
            scanned: AtomicU64::new(0),
        }
    }

    /// What the search read, once it has run.
    pub fn sample(&self, searcher: &Searcher) -> Sample {
        let of = searcher
            .segment_readers()
            .iter()
            .map(|r| u64::from(r.max_doc()))
            .sum();
        Sample {
            collected: self.collected.load(Ordering::Relaxed),
            scanned: self.scanned.load(Ordering::Relaxed).min(of),
            of,
        }
    }
}

/// How far a capped collection went: `collected` matches in the first
/// `scanned` of the index's `of` documents.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Sample {
    pub collected: usize,
    pub scanned: u64,
    pub of: u64,
}

impl Sample {
    /// Whether every document was read: the counts are exact.
    pub fn complete(&self) -> bool {
        self.scanned >= self.of
    }

    /// What a count over the sample stands for over the whole index
    /// (1 when complete). Documents are in file order, which says nothing
    /// of what they match, so the matches read are taken as typical.
    pub fn factor(&self) -> f64 {
        if self.complete() || self.scanned == 0 {
            1.0
        } else {
            self.of as f64 / self.scanned as f64
        }
    }
}

impl<C: Collector> Collector for Deadline<C> {
    type Fruit = C::Fruit;
    type Child = C::Child;

    fn for_segment(
        &self,
        segment_local_id: SegmentOrdinal,
        segment: &SegmentReader,
    ) -> tantivy::Result<C::Child> {
        self.inner.for_segment(segment_local_id, segment)
    }

    fn requires_scoring(&self) -> bool {
        self.inner.requires_scoring()
    }

    fn merge_fruits(
        &self,
        fruits: Vec<<C::Child as SegmentCollector>::Fruit>,
    ) -> tantivy::Result<C::Fruit> {
        self.inner.merge_fruits(fruits)
    }

    fn collect_segment(
        &self,
        weight: &dyn Weight,
        segment_ord: u32,
        reader: &SegmentReader,
    ) -> tantivy::Result<<C::Child as SegmentCollector>::Fruit> {
        let over = || tantivy::TantivyError::InternalError(OverTime.to_string());
        if self.budget.expired() {
            return Err(over());
        }
        let mut child = self.inner.for_segment(segment_ord, reader)?;
        let mut collected = self.collected.load(Ordering::Relaxed);
        if collected >= self.cap {
            // The cap was reached in an earlier segment: this one is unread.
            return Ok(child.harvest());
        }
        let scoring = self.requires_scoring();
        let alive = reader.alive_bitset();
        let mut scorer = weight.scorer(reader, 1.0)?;
        let mut doc: DocId = scorer.doc();
        let mut seen = 0u32;
        let mut read_to = reader.max_doc();
        while doc != TERMINATED {
            if alive.is_none_or(|a| a.is_alive(doc)) {
                let score: Score = if scoring { scorer.score() } else { 0.0 };
                child.collect(doc, score);
                collected += 1;
                if collected >= self.cap {
                    read_to = doc + 1;
                    break;
                }
            }
            seen += 1;
            if seen.is_multiple_of(CHECK_EVERY) && self.budget.expired() {
                return Err(over());
            }
            doc = scorer.advance();
        }
        self.collected.store(collected, Ordering::Relaxed);
        self.scanned
            .fetch_add(u64::from(read_to), Ordering::Relaxed);
        Ok(child.harvest())
    }
}

/// A collector that passes on only the first `cap` matches (segment by
/// segment, in document order) to the one it wraps, while the search goes
/// on for its other collectors: the facet counts of a broad query come
/// from a sample, the page and the total from every match.
pub struct Sampled<C> {
    inner: C,
    cap: usize,
    taken: Taken,
}

/// How many matches a [`Sampled`] collector passed on (read once the
/// search has run; the collector itself is moved into the search).
#[derive(Clone, Default)]
pub struct Taken(Arc<AtomicUsize>);

impl Taken {
    pub fn get(&self) -> usize {
        self.0.load(Ordering::Relaxed)
    }
}

impl<C> Sampled<C> {
    pub fn new(inner: C, cap: usize) -> (Sampled<C>, Taken) {
        let taken = Taken::default();
        let sampled = Sampled {
            inner,
            cap,
            taken: taken.clone(),
        };
        (sampled, taken)
    }
}

pub struct SampledSegment<S> {
    inner: S,
    left: usize,
    taken: usize,
    total: Taken,
}

impl<C: Collector> Collector for Sampled<C> {
    type Fruit = C::Fruit;
    type Child = SampledSegment<C::Child>;

    fn for_segment(
        &self,
        segment_local_id: SegmentOrdinal,
        segment: &SegmentReader,
    ) -> tantivy::Result<Self::Child> {
        // Segments are collected one after the other (the searcher's
        // executor is single-threaded), so what earlier ones took is known.
        Ok(SampledSegment {
            inner: self.inner.for_segment(segment_local_id, segment)?,
            left: self.cap.saturating_sub(self.taken.get()),
            taken: 0,
            total: self.taken.clone(),
        })
    }

    fn requires_scoring(&self) -> bool {
        self.inner.requires_scoring()
    }

    fn merge_fruits(
        &self,
        fruits: Vec<<C::Child as SegmentCollector>::Fruit>,
    ) -> tantivy::Result<C::Fruit> {
        self.inner.merge_fruits(fruits)
    }
}

impl<S: SegmentCollector> SegmentCollector for SampledSegment<S> {
    type Fruit = S::Fruit;

    fn collect(&mut self, doc: DocId, score: Score) {
        if self.taken < self.left {
            self.taken += 1;
            self.inner.collect(doc, score);
        }
    }

    fn harvest(self) -> S::Fruit {
        self.total.0.fetch_add(self.taken, Ordering::Relaxed);
        self.inner.harvest()
    }
}
