//! The full-text index: built once from the articles, then queried by the
//! web layer. Holds the reader, the fields, the facet tables and the name
//! vocabulary, so a request does no set-up work.
//!
//! Its surface is this module: [`SearchIndex`] and [`IndexBuilder`], the
//! request ([`SearchRequest`] with its [`Filters`] by facet [`Dim`]), the
//! results ([`Results`], [`Hit`], [`FacetValue`]) and the [`Budget`] a
//! search runs within. The submodules are private: the schema and its
//! analysers (`schema`), query parsing (`syntax`, `query`), facet counting
//! (`facets`), respelling (`suggest`), the cost guard (`cost`), building
//! (`build`) and the read-only index folder (`readonly`).

mod build;
mod cost;
mod facets;
mod query;
mod readonly;
mod schema;
mod suggest;
mod syntax;

use std::collections::HashMap;
use std::sync::Arc;

use tantivy::collector::{Count, TopDocs};
use tantivy::query::{AllQuery, BooleanQuery, ConstScoreQuery, Occur, Query};
use tantivy::snippet::{Snippet, SnippetGenerator};
use tantivy::{DocAddress, Index, IndexReader, Order, Searcher, Term};

use crate::model::{Articles, Kind, slugify};
pub use build::IndexBuilder;
use cost::Deadline;
use cost::Sampled;
pub use cost::{Budget, OverTime, SEARCH_TIME, TooCostly};
use facets::FacetCounts;
pub use facets::{Dim, FacetValue};
pub use query::{Filters, SearchRequest, Sort, UNDATED, View, parse_year, year_value};
pub use schema::Fields;
use syntax::FieldFilter;

/// Results per page.
pub const PAGE_SIZE: usize = 20;
/// Deepest page served; beyond it a query should be narrowed instead.
pub const MAX_PAGE: usize = 500;
/// Characters of context in a snippet.
const SNIPPET_CHARS: usize = 240;
/// Values shown per facet.
const FACET_VALUES: usize = 12;

#[derive(Debug, thiserror::Error)]
pub enum SearchError {
    #[error("index error: {0}")]
    Tantivy(#[from] tantivy::TantivyError),
    #[error("index folder: {0}")]
    Io(#[from] std::io::Error),
    #[error("the search is too costly: {0}")]
    TooCostly(#[from] TooCostly),
    #[error(transparent)]
    OverTime(#[from] OverTime),
}

/// Which slice of the ranked results to fetch, and whether to count facets.
#[derive(Debug, Clone, Copy)]
struct Window {
    offset: usize,
    limit: usize,
    facets: bool,
}

impl Window {
    fn page(req: &SearchRequest) -> Window {
        Window {
            offset: (req.page.clamp(1, MAX_PAGE) - 1) * PAGE_SIZE,
            limit: PAGE_SIZE,
            facets: req.view == View::Articles,
        }
    }
}

/// Matches counted one by one; past them the counts are estimated from
/// the first matches (a broad query costs this many, not its matches):
/// the facet counts always, the total of a plain-words query too.
pub const EXACT_MATCHES: usize = 5_000;

/// The number of matches, and how the facet counts relate to it.
#[derive(Debug, Clone, Copy)]
struct Tally {
    total: usize,
    /// `total` was counted, not estimated.
    exact: bool,
    /// What a facet count of the sample stands for (1: every match seen).
    facet_factor: f64,
}

impl Tally {
    fn exact(total: usize) -> Tally {
        Tally {
            total,
            exact: true,
            facet_factor: 1.0,
        }
    }

    /// An exact total whose facets were counted over the first `taken`.
    fn sampled(total: usize, taken: usize) -> Tally {
        Tally {
            total,
            exact: true,
            facet_factor: if taken > 0 && taken < total {
                total as f64 / taken as f64
            } else {
                1.0
            },
        }
    }

    /// `collected` matches in the share of the index `sample` read.
    fn estimated(collected: usize, sample: cost::Sample) -> Tally {
        if sample.complete() {
            return Tally::exact(collected);
        }
        Tally {
            total: about(collected as f64 * sample.factor()).max(collected),
            exact: false,
            facet_factor: sample.factor(),
        }
    }
}

/// Each facet's values, in [`Dim::ALL`] order.
type FacetGroups = Vec<(Dim, Vec<FacetValue>)>;

/// A pass that failed because its deadline passed is over time.
fn over_time(e: tantivy::TantivyError, budget: Budget) -> SearchError {
    if budget.expired() {
        SearchError::OverTime(OverTime)
    } else {
        e.into()
    }
}

/// An estimate rounded to two significant figures (45,244 → 45,000), so
/// it reads as one.
fn about(n: f64) -> usize {
    if n < 100.0 {
        return n.round() as usize;
    }
    let unit = 10f64.powi(n.log10().floor() as i32 - 1);
    ((n / unit).round() * unit) as usize
}

/// The searchable index of every article and statement, built by
/// [`IndexBuilder`] (in RAM, or in and from `--index-dir`) and read-only
/// after: [`SearchIndex::search`] answers a [`SearchRequest`] with a page
/// of [`Hit`]s, the facet counts and what was understood of the query;
/// [`SearchIndex::export`] gives every hit for the CSV and feeds.
pub struct SearchIndex {
    index: Index,
    /// The index is in a folder (`--index-dir`, a replica), not in RAM: an
    /// update of it must go through the folder's store.
    on_disk: bool,
    reader: IndexReader,
    pub fields: Fields,
    /// Facet values of each article, shared with the counting collector.
    table: Arc<facets::FacetTable>,
    /// Per segment: each document's article, statement and facet values.
    segments: Arc<facets::SegmentTables>,
    labels: facets::Labels,
    /// Facet counts over every article, counted once at start-up: the
    /// browse page with no query and no filter shows them.
    all_facets: Vec<(Dim, Vec<FacetValue>)>,
    vocab: suggest::Vocabulary,
    /// Forum names, acronyms and aliases (lower case) → forum slug.
    forum_aliases: HashMap<String, String>,
    /// Outlet names and aliases (lower case) → source slug.
    source_aliases: HashMap<String, String>,
    /// Slugs of the text's own spellings of renamed speakers → their slug.
    speaker_aliases: HashMap<String, String>,
    /// The language fields that hold articles: plain words are searched in
    /// them too, each analysed its own way.
    languages: Vec<tantivy::schema::Field>,
    /// The gazetteer's cross-script spellings of one name.
    synonyms: query::Synonyms,
    /// Matches counted one by one ([`EXACT_MATCHES`]).
    exact_matches: usize,
}

/// One result: an article, or (in the statement view) one statement.
#[derive(Debug, Clone)]
pub struct Hit {
    pub ord: usize,
    /// Escaped HTML with `<b>` highlights, from the body.
    pub snippet_html: String,
    /// The statement the query matched (its number), with a snippet of it.
    pub statement: Option<(usize, String)>,
}

#[derive(Debug, Clone, Default)]
pub struct Results {
    /// The number of matches; an estimate when `total_estimated`.
    pub total: usize,
    /// More than [`EXACT_MATCHES`] matched and the total was estimated
    /// from the first of them (pages say "about").
    pub total_estimated: bool,
    /// The facet counts were estimated from the first [`EXACT_MATCHES`].
    pub facets_estimated: bool,
    pub hits: Vec<Hit>,
    /// What the parser could not use, said back to the user.
    pub notes: Vec<String>,
    /// The field filters read from the query text, described.
    pub understood: Vec<String>,
    /// Counts for each facet, for the query and its other filters.
    pub facets: Vec<(Dim, Vec<FacetValue>)>,
    /// The query actually run, when the typed one found nothing and a
    /// respelling did.
    pub corrected: Option<String>,
}

/// A request turned into tantivy queries.
struct Plan {
    text: Option<query::Text>,
    /// Filters from the query text, `from`/`to` and the document type.
    fixed: Vec<Box<dyn Query>>,
    /// URL filters per facet dimension (left out when counting that facet).
    by_dim: Vec<(Dim, Box<dyn Query>)>,
    /// The text can only match documents of the requested type (its words
    /// are in fields only that type has), so the type clause, `fixed[0]`,
    /// would only slow the intersection down.
    type_implied: bool,
    notes: Vec<String>,
    understood: Vec<String>,
}

impl Plan {
    /// Whether a URL filter on `dim` is set.
    fn filters(&self, dim: Dim) -> bool {
        self.by_dim.iter().any(|(d, _)| *d == dim)
    }

    /// Whether `query(except)` is every article: no text, no filter but the
    /// article document type.
    fn matches_all_articles(&self, except: Option<Dim>) -> bool {
        self.text.is_none()
            && self.fixed.len() == 1
            && self.by_dim.iter().all(|(d, _)| Some(*d) == except)
    }

    /// Whether the query is its words alone: no phrase, no filter clause.
    fn words_alone(&self) -> bool {
        self.type_implied
            && self.text.is_some()
            && self.fixed.len() == 1
            && self.by_dim.is_empty()
            && self.text.as_ref().is_some_and(|t| !t.positional)
    }

    fn query(&self, except: Option<Dim>) -> Box<dyn Query> {
        self.query_with(self.text.as_ref().map(|t| t.search.as_ref()), except)
    }

    /// [`Plan::query`] with the text searched in the body alone: the first
    /// tier of a relevance ranking ([`query::Text::body`]), if it has one.
    fn body_query(&self) -> Option<Box<dyn Query>> {
        let body = self.text.as_ref()?.body.as_deref()?;
        Some(self.query_with(Some(body), None))
    }

    fn query_with(&self, text: Option<&dyn Query>, except: Option<Dim>) -> Box<dyn Query> {
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        if let Some(t) = text {
            clauses.push((Occur::Must, t.box_clone()));
        }
        // Filters select, they do not rank: a constant score spares a BM25
        // computation per match and keeps filters out of the ordering.
        let filter = |q: &dyn Query| -> Box<dyn Query> {
            Box::new(ConstScoreQuery::new(q.box_clone(), 0.0))
        };
        let skip = usize::from(self.type_implied && self.text.is_some());
        for q in self.fixed.iter().skip(skip) {
            clauses.push((Occur::Must, filter(q.as_ref())));
        }
        for (dim, q) in &self.by_dim {
            if Some(*dim) != except {
                clauses.push((Occur::Must, filter(q.as_ref())));
            }
        }
        if let [(Occur::Must, _)] = clauses.as_slice() {
            return clauses
                .pop()
                .map(|(_, q)| q)
                .unwrap_or_else(|| Box::new(AllQuery));
        }
        if clauses.is_empty() {
            return Box::new(AllQuery);
        }
        Box::new(BooleanQuery::new(clauses))
    }
}

impl SearchIndex {
    /// Run a request within the default [`Budget`]; `articles` supplies
    /// snippet text.
    pub fn search(&self, req: &SearchRequest, articles: &Articles) -> Result<Results, SearchError> {
        self.search_within(req, articles, Budget::default())
    }

    /// Every hit of a search, up to `max`, in its order, in one pass (no
    /// facets, no respelling): what an export needs. `req.page` is ignored.
    pub fn export(
        &self,
        req: &SearchRequest,
        articles: &Articles,
        max: usize,
        budget: Budget,
    ) -> Result<Vec<Hit>, SearchError> {
        let searcher = self.reader.searcher();
        let window = Window {
            offset: 0,
            limit: max.max(1),
            facets: false,
        };
        Ok(self.run(&searcher, req, articles, window, budget)?.hits)
    }

    /// Run a request, failing with [`SearchError::OverTime`] past the
    /// budget's deadline and [`SearchError::TooCostly`] before running a
    /// query that would cost too much.
    pub fn search_within(
        &self,
        req: &SearchRequest,
        articles: &Articles,
        budget: Budget,
    ) -> Result<Results, SearchError> {
        let searcher = self.reader.searcher();
        let window = Window::page(req);
        let mut results = match self.run(&searcher, req, articles, window, budget) {
            Ok(r) => r,
            // Text the engine cannot execute (odd field names, stray
            // operators) is searched as its plain words, never a 500.
            Err(e @ SearchError::Tantivy(_)) if !req.q.trim().is_empty() && !budget.expired() => {
                tracing::warn!(error = %e, "query could not be run as written; searching its words");
                let words: String = req
                    .q
                    .chars()
                    .map(|c| if c.is_alphanumeric() { c } else { ' ' })
                    .collect();
                let plain = SearchRequest {
                    q: words.split_whitespace().collect::<Vec<_>>().join(" "),
                    ..req.clone()
                };
                let mut r = self.run(&searcher, &plain, articles, window, budget)?;
                r.notes.push(
                    "The query could not be read as written; its words were searched instead."
                        .to_string(),
                );
                r
            }
            Err(e) => return Err(e),
        };
        if results.total == 0
            && let Some(better) = self.respell(&req.q)
        {
            let retry = SearchRequest {
                q: better.clone(),
                ..req.clone()
            };
            budget.check()?;
            let second = self.run(&searcher, &retry, articles, window, budget)?;
            if second.total > 0 {
                results = Results {
                    corrected: Some(better),
                    ..second
                };
            }
        }
        Ok(results)
    }

    /// The query with unknown words respelt from the name vocabulary.
    /// The speakers a misspelt `speaker:` name stands for ("Kramov" →
    /// "Oleg Khramov"), the same way [`query::name_query`] matches it: every
    /// typed word within one edit (two past six letters) of a word of the
    /// name. `None` when the name is spelt as the archive spells it.
    fn speakers_like(&self, typed: &str) -> Option<String> {
        let words = |s: &str| -> Vec<String> {
            deunicode::deunicode(s)
                .to_lowercase()
                .split(|c: char| !c.is_alphanumeric())
                .filter(|w| !w.is_empty())
                .map(str::to_string)
                .collect()
        };
        let typed = words(typed);
        let near = |t: &str, w: &str| {
            let max = if t.chars().count() <= 6 { 1 } else { 2 };
            strsim::levenshtein(t, w) <= max
        };
        let mut names: Vec<&str> = Vec::new();
        for (_, label) in self.labels.all(Dim::Speaker) {
            let name = words(label);
            if typed.iter().all(|t| name.contains(t)) {
                // Spelt as the archive spells someone: nothing to say.
                return None;
            }
            if typed.iter().all(|t| name.iter().any(|w| near(t, w))) {
                names.push(label);
            }
        }
        if names.is_empty() {
            return None;
        }
        names.sort_unstable();
        names.dedup();
        // A handful is a reading; more is a guess not worth printing.
        (names.len() <= 3).then(|| names.join(" or "))
    }

    pub fn respell(&self, q: &str) -> Option<String> {
        suggest::correct(q, &self.vocab)
    }

    fn run(
        &self,
        searcher: &Searcher,
        req: &SearchRequest,
        articles: &Articles,
        window: Window,
        budget: Budget,
    ) -> Result<Results, SearchError> {
        budget.check()?;
        let plan = self.plan(searcher, req)?;
        let query = plan.query(None);
        let top = TopDocs::with_limit(window.limit).and_offset(window.offset);
        let sort = req.effective_sort();
        let want_facets = window.facets;
        // Every pass but the first of the words-alone case (which must keep
        // tantivy's block-max pruning, and whose clauses are few plain
        // words) gives up at the deadline.
        let over = |e| over_time(e, budget);
        // Facets without a filter of their own are counted in the same pass
        // that finds the page, unless the whole archive's counts apply.
        let counter = FacetCounts {
            table: Arc::clone(&self.table),
            segments: Arc::clone(&self.segments),
            enabled: want_facets
                && !plan.matches_all_articles(None)
                && Dim::ALL.into_iter().any(|d| !plan.filters(d)),
        };
        // Past EXACT_MATCHES the facet counts (and, for plain words, the
        // total) come from the first matches and are scaled: a broad query
        // costs the cap, not its matches.
        let (addrs, count, counts): (Vec<DocAddress>, Tally, facets::Counts) = match sort {
            Sort::Relevance | Sort::Auto if plan.words_alone() => {
                // Two passes: the page alone lets tantivy skip blocks that
                // cannot reach the top (block-max WAND on a conjunction of
                // words); the count and the facets then need no scores, and
                // stop at the cap.
                let docs = self.ranked(searcher, &plan, query.as_ref(), window, None)?;
                budget.check()?;
                let (count, counts) = if counter.enabled {
                    let capped = Deadline::capped((Count, counter), budget, self.exact_matches);
                    let (n, counts) = searcher.search(&query, &capped).map_err(over)?;
                    let sample = capped.sample(searcher);
                    let count = Tally::estimated(n, sample);
                    (count, counts)
                } else {
                    (Tally::exact(query.count(searcher)?), Vec::new())
                };
                (docs, count, counts)
            }
            // Ranked in tiers: the page first, then the count and facets,
            // which need no scores.
            Sort::Relevance | Sort::Auto
                if plan.text.as_ref().is_some_and(|t| t.body.is_some()) =>
            {
                let docs = self.ranked(searcher, &plan, query.as_ref(), window, Some(budget))?;
                let (sampled, taken) = Sampled::new(counter, self.exact_matches);
                let (n, counts) = searcher
                    .search(&query, &Deadline::new((Count, sampled), budget))
                    .map_err(over)?;
                (docs, Tally::sampled(n, taken.get()), counts)
            }
            Sort::Relevance | Sort::Auto => {
                let (sampled, taken) = Sampled::new(counter, self.exact_matches);
                let (docs, n, counts) = searcher
                    .search(
                        &query,
                        &Deadline::new((top.order_by_score(), Count, sampled), budget),
                    )
                    .map_err(over)?;
                let count = Tally::sampled(n, taken.get());
                (docs.into_iter().map(|(_, a)| a).collect(), count, counts)
            }
            Sort::Newest | Sort::Oldest => {
                let order = if sort == Sort::Newest {
                    Order::Desc
                } else {
                    Order::Asc
                };
                let (sampled, taken) = Sampled::new(counter, self.exact_matches);
                let (docs, n, counts) = searcher
                    .search(
                        &query,
                        &Deadline::new(
                            (
                                top.order_by_fast_field::<i64>("date", order),
                                Count,
                                sampled,
                            ),
                            budget,
                        ),
                    )
                    .map_err(over)?;
                let count = Tally::sampled(n, taken.get());
                (docs.into_iter().map(|(_, a)| a).collect(), count, counts)
            }
        };
        let hits = self.hits(searcher, &plan, &addrs, articles, req.view, budget)?;
        let (facets, facets_estimated) = if want_facets {
            self.facets(searcher, &plan, &counts, count.facet_factor, budget)?
        } else {
            (Vec::new(), false)
        };
        Ok(Results {
            total: count.total,
            total_estimated: !count.exact,
            facets_estimated,
            hits,
            notes: plan.notes,
            understood: plan.understood,
            facets,
            corrected: None,
        })
    }

    /// The window of a relevance ranking, in two tiers when the query has
    /// a body-only form ([`query::Text::body`]): its matches by their
    /// score, then the matches only the set-aside lines complete, by the
    /// whole query's. A `budget` bounds passes that cannot skip blocks
    /// anyway (filtered ones); without it tantivy's block-max pruning runs.
    fn ranked(
        &self,
        searcher: &Searcher,
        plan: &Plan,
        query: &dyn Query,
        window: Window,
        budget: Option<Budget>,
    ) -> Result<Vec<DocAddress>, SearchError> {
        let want = window.offset + window.limit;
        let top = |q: &dyn Query, n: usize| -> Result<Vec<DocAddress>, SearchError> {
            let collector = TopDocs::with_limit(n.max(1)).order_by_score();
            let docs = match budget {
                Some(b) => searcher
                    .search(q, &Deadline::new(collector, b))
                    .map_err(|e| over_time(e, b))?,
                None => searcher.search(q, &collector)?,
            };
            Ok(docs.into_iter().map(|(_, a)| a).collect())
        };
        let mut docs = match plan.body_query() {
            None => top(query, want)?,
            Some(body) => {
                let mut docs = top(body.as_ref(), want)?;
                if docs.len() < want {
                    let rest = BooleanQuery::new(vec![
                        (Occur::Must, query.box_clone()),
                        (Occur::MustNot, body),
                    ]);
                    docs.extend(top(&rest, want - docs.len())?);
                }
                docs
            }
        };
        docs.drain(..window.offset.min(docs.len()));
        docs.truncate(window.limit);
        Ok(docs)
    }

    fn plan(&self, searcher: &Searcher, req: &SearchRequest) -> Result<Plan, SearchError> {
        let f = &self.fields;
        let mut parsed = syntax::parse(&req.q);
        if let Some(text) = self.synonyms.expand(&parsed.text) {
            parsed.text = text;
        }
        let (text, mut notes) =
            query::parse_text(&self.index, f, &self.languages, &parsed.text, req.view);
        notes.extend(parsed.notes);
        let (doctype, default_field) = match req.view {
            View::Articles => (schema::ARTICLE, f.body),
            View::Statements => (schema::STATEMENT, f.statements),
        };
        let filter_words = parsed
            .filters
            .iter()
            .map(|f| match f {
                FieldFilter::Speaker(name) | FieldFilter::Forum(name) => {
                    name.split_whitespace().count().max(1)
                }
                _ => 1,
            })
            .sum();
        let typed = text.as_ref().map_or("", |t| t.typed.as_str());
        cost::check(&self.index, searcher, default_field, typed, filter_words)?;
        let mut fixed = vec![query::term(f.doctype, doctype)];
        let mut understood = Vec::new();
        for filter in parsed.filters {
            match filter {
                FieldFilter::Speaker(name) => {
                    let doc_freq = |t: &Term| searcher.doc_freq(t).unwrap_or(0);
                    if let Some(q) = query::name_query(&self.index, f.speaker_names, &name, doc_freq) {
                        understood.push(match self.speakers_like(&name) {
                            Some(read) => format!("speaker “{name}”, read as {read}"),
                            None => format!("speaker “{name}”"),
                        });
                        fixed.push(q);
                    }
                }
                FieldFilter::Forum(name) => match self.forum_aliases.get(&name.to_lowercase()) {
                    Some(slug) => {
                        let label = self.labels.label_of(Dim::Forum, slug).unwrap_or(slug);
                        understood.push(format!("forum {label}"));
                        fixed.push(query::term(f.forum, slug));
                    }
                    None => {
                        let doc_freq = |t: &Term| searcher.doc_freq(t).unwrap_or(0);
                        if let Some(q) = query::name_query(&self.index, f.forum_names, &name, doc_freq) {
                            understood.push(format!("forum named like “{name}”"));
                            fixed.push(q);
                        }
                    }
                },
                FieldFilter::Source(name) => {
                    let slug = self
                        .source_aliases
                        .get(&name.to_lowercase())
                        .cloned()
                        .unwrap_or_else(|| slugify(&name));
                    let label = self.labels.label_of(Dim::Source, &slug).unwrap_or(&name).to_string();
                    understood.push(format!("source {label}"));
                    fixed.push(query::term(f.source, &slug));
                }
                FieldFilter::Kind(k) => match Kind::parse(&k) {
                    Some(kind) => {
                        understood.push(format!("kind {}", kind.label()));
                        fixed.push(query::term(f.kind, kind.as_str()));
                    }
                    None => notes.push(format!(
                        "“{k}” is not a kind; use news, press_release, transcript, statement or op_ed."
                    )),
                },
                FieldFilter::Language(l) => match crate::extract::language::parse_curated(&l) {
                    Some(code) => {
                        understood.push(format!(
                            "language {}",
                            crate::extract::language::name(code)
                        ));
                        fixed.push(query::term(f.lang, code));
                    }
                    None => notes.push(format!(
                        "“{l}” is not a language the archive knows; use a code such as en, fr, es, ru, zh or ar."
                    )),
                },
                FieldFilter::Years(a, b) => {
                    understood.push(match (a, b) {
                        (Some(a), Some(b)) if a == b => format!("year {a}"),
                        (Some(a), Some(b)) => format!("years {a}–{b}"),
                        (Some(a), None) => format!("from {a}"),
                        (None, b) => format!("until {}", b.unwrap_or_default()),
                    });
                    fixed.push(query::year_range(f.year, a, b));
                }
            }
        }
        if req.from.is_some() || req.to.is_some() {
            fixed.push(query::day_range(f.date, req.from, req.to));
        }
        let mut by_dim = Vec::new();
        // Same clause order as the URL's.
        for dim in Dim::IN_URL {
            let values = &req.filters[dim];
            let q = match dim {
                Dim::Year => query::any_year(f.year, &req.filters.years()),
                Dim::Speaker => {
                    let speakers: Vec<String> = values
                        .iter()
                        .map(|s| self.speaker_aliases.get(s).unwrap_or(s).clone())
                        .collect();
                    query::any_term(f.speaker, &speakers)
                }
                _ => query::any_term(dim.field(f), values),
            };
            if let Some(q) = q {
                by_dim.push((dim, q));
            }
        }
        Ok(Plan {
            type_implied: query::words_only(&parsed.text),
            text,
            fixed,
            by_dim,
            notes,
            understood,
        })
    }

    /// Facet counts. Each facet is counted without its own filter, so a
    /// user can add a second value (OR) and see what it would bring.
    /// `main` holds the counts made with the page of results, each standing
    /// for `main_factor` matches. Says whether any count is an estimate.
    fn facets(
        &self,
        searcher: &Searcher,
        plan: &Plan,
        main: &facets::Counts,
        main_factor: f64,
        budget: Budget,
    ) -> Result<(FacetGroups, bool), SearchError> {
        let mut out = Vec::with_capacity(Dim::ALL.len());
        let mut estimated = false;
        for (i, dim) in Dim::ALL.into_iter().enumerate() {
            let except = plan.filters(dim).then_some(dim);
            let (mut values, factor) = if plan.matches_all_articles(except) {
                (self.all_facets[i].1.clone(), 1.0)
            } else if except.is_some() {
                let counter = FacetCounts {
                    table: Arc::clone(&self.table),
                    segments: Arc::clone(&self.segments),
                    enabled: true,
                };
                let timed = Deadline::capped(counter, budget, self.exact_matches);
                let counts = searcher
                    .search(&plan.query(except), &timed)
                    .map_err(|e| over_time(e, budget))?;
                let top = facets::top(dim, &self.table, &counts, &self.labels, FACET_VALUES);
                (top, timed.sample(searcher).factor())
            } else {
                let top = facets::top(dim, &self.table, main, &self.labels, FACET_VALUES);
                (top, main_factor)
            };
            if factor > 1.0 {
                estimated = true;
                for v in &mut values {
                    v.count = about(v.count as f64 * factor).max(v.count);
                }
            }
            out.push((dim, values));
        }
        Ok((out, estimated))
    }

    /// Facet counts over every article, for [`SearchIndex::all_facets`].
    fn count_all_articles(&self) -> Result<Vec<(Dim, Vec<FacetValue>)>, SearchError> {
        let searcher = self.reader.searcher();
        let counter = FacetCounts {
            table: Arc::clone(&self.table),
            segments: Arc::clone(&self.segments),
            enabled: true,
        };
        let counts =
            searcher.search(&query::term(self.fields.doctype, schema::ARTICLE), &counter)?;
        Ok(Dim::ALL
            .into_iter()
            .map(|dim| {
                let top = facets::top(dim, &self.table, &counts, &self.labels, FACET_VALUES);
                (dim, top)
            })
            .collect())
    }

    fn hits(
        &self,
        searcher: &Searcher,
        plan: &Plan,
        addrs: &[DocAddress],
        articles: &Articles,
        view: View,
        budget: Budget,
    ) -> Result<Vec<Hit>, SearchError> {
        // Each generator with the number of the query's terms in its own
        // field: a paragraph showing that many is good enough.
        let generator = |field| -> Result<Option<(SnippetGenerator, usize)>, SearchError> {
            Ok(match &plan.text {
                Some(t) => {
                    let mut g = SnippetGenerator::create(searcher, t.words.as_ref(), field)?;
                    g.set_max_num_chars(SNIPPET_CHARS);
                    Some((g, distinct_terms(t.words.as_ref(), field)))
                }
                None => None,
            })
        };
        // Plain words are searched in `body` (articles) or `statements`
        // (statement documents); the same terms pick the snippets.
        let snippets = generator(match view {
            View::Articles => self.fields.body,
            View::Statements => self.fields.statements,
        })?;
        let body_snippets = match view {
            View::Articles => snippets.as_ref(),
            View::Statements => None,
        };
        let statement_snippets = snippets.as_ref();
        // A page found by a set-aside line (a byline, a caption) shows it;
        // made when the first such page needs it (most find their words in
        // the body).
        let mut aside_snippets: Option<Option<(SnippetGenerator, usize)>> = None;
        // The same for the articles in a language of their own: that
        // field's generator, made when the first such hit needs it.
        let mut language_snippets: Vec<Option<Option<(SnippetGenerator, usize)>>> =
            (0..schema::LANGUAGE_FIELDS.len()).map(|_| None).collect();
        let mut hits = Vec::with_capacity(addrs.len());
        for addr in addrs {
            // Snippets cost a tokenisation per paragraph: an export of
            // thousands of hits looks at the clock as it goes.
            budget.check()?;
            let segment = searcher.segment_reader(addr.segment_ord).segment_id();
            let Some(table) = self.segments.get(&segment) else {
                continue;
            };
            let Some(ord) = table.article(addr.doc_id) else {
                continue;
            };
            let Some(article) = articles.get(ord) else {
                continue;
            };
            // Snippets are cut from the body and set-aside lines: read
            // back when the list holds the article slimmed (`--index-dir`).
            let text = article.text();
            let stmt_n = table.statement(addr.doc_id);
            let statement = match (view, stmt_n) {
                (View::Statements, Some(n)) => {
                    article.statements.iter().position(|s| s.n == n).map(|i| {
                        let said = text.said(i);
                        let html = statement_snippets
                            .map(|(g, _)| g.snippet(said))
                            .filter(|sn| !sn.is_empty())
                            .map_or_else(|| escape(said), |sn| sn.to_html());
                        (n, html)
                    })
                }
                _ => statement_snippets.and_then(|(g, _)| {
                    article.statements.iter().enumerate().find_map(|(i, s)| {
                        let sn = g.snippet(text.said(i));
                        (!sn.is_empty()).then(|| (s.n, sn.to_html()))
                    })
                }),
            };
            let slot = schema::language_slot(&article.lang).filter(|_| view == View::Articles);
            let mut snippet = match slot {
                Some(i) => {
                    if language_snippets[i].is_none() {
                        language_snippets[i] = Some(generator(self.fields.langs[i])?);
                    }
                    let g = language_snippets[i].as_ref().and_then(Option::as_ref);
                    g.and_then(|(g, terms)| first_good_snippet(g, text.body(), *terms))
                        .or_else(|| {
                            // Chinese prose set aside is searched as the text.
                            g.filter(|_| article.lang == "zh")
                                .and_then(|(g, terms)| first_good_snippet(g, text.aside(), *terms))
                        })
                }
                None => {
                    body_snippets.and_then(|(g, terms)| first_good_snippet(g, text.body(), *terms))
                }
            };
            if snippet.is_none() && view == View::Articles && !text.aside().is_empty() {
                if aside_snippets.is_none() {
                    aside_snippets = Some(generator(self.fields.aside)?);
                }
                snippet = aside_snippets
                    .as_ref()
                    .and_then(Option::as_ref)
                    .and_then(|(g, terms)| first_good_snippet(g, text.aside(), *terms));
            }
            let snippet_html = snippet.map_or_else(|| lead_html(text.body()), |s| s.to_html());
            hits.push(Hit {
                ord,
                snippet_html,
                statement,
            });
        }
        Ok(hits)
    }

    /// How many matches are counted one by one before counts are
    /// estimated.
    pub fn exact_matches(&self) -> usize {
        self.exact_matches
    }

    /// Count `n` matches one by one instead of [`EXACT_MATCHES`]: a small
    /// archive then shows what a large one does with a broad query.
    pub fn set_exact_matches(&mut self, n: usize) {
        self.exact_matches = n.max(1);
    }

    /// The display label of a facet value (a speaker's name for a slug).
    pub fn facet_label(&self, dim: Dim, value: &str) -> Option<&str> {
        self.labels.label_of(dim, value)
    }
}

/// How many distinct terms a query looks for in `field`. Per field: a
/// snippet shows one field's terms only, and a word is looked for in
/// `body`, `aside` and the language fields at once, so counting them all
/// made every paragraph of every hit fall short and be tokenised.
fn distinct_terms(q: &dyn Query, field: tantivy::schema::Field) -> usize {
    let mut terms = std::collections::BTreeSet::new();
    q.query_terms(&mut |t, _| {
        if t.field() == field {
            terms.insert(t.clone());
        }
    });
    terms.len()
}

/// The snippet of the first paragraph that shows every term of the query,
/// else of the paragraph that shows most. Paragraph by paragraph, so a
/// match near the top (the usual case) spares tokenising the whole body.
fn first_good_snippet(
    g: &SnippetGenerator,
    paragraphs: &[String],
    terms: usize,
) -> Option<Snippet> {
    let mut best: Option<Snippet> = None;
    for p in paragraphs {
        let s = g.snippet(p);
        if s.is_empty() {
            continue;
        }
        let shown = s.highlighted().len();
        if shown >= terms {
            return Some(s);
        }
        if best.as_ref().is_none_or(|b| shown > b.highlighted().len()) {
            best = Some(s);
        }
    }
    best
}

fn escape(s: &str) -> String {
    html_escape::encode_text(s).into_owned()
}

/// The opening of an article, escaped, when no snippet matches.
fn lead_html(body: &[String]) -> String {
    let lead = body.first().map(String::as_str).unwrap_or("");
    let end = crate::model::floor_char_boundary(lead, SNIPPET_CHARS);
    let mut s = escape(&lead[..end]);
    if end < lead.len() {
        s.push('…');
    }
    s
}
