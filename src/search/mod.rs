//! The full-text index: built once from the articles, then queried by the
//! web layer. Holds the reader, the fields, the facet tables and the name
//! vocabulary, so a request does no set-up work.

pub mod facets;
pub mod query;
pub mod schema;
pub mod suggest;
pub mod syntax;

use std::collections::HashMap;

use tantivy::collector::{Count, TopDocs};
use tantivy::query::{AllQuery, BooleanQuery, Occur, Query};
use tantivy::schema::Value;
use tantivy::snippet::SnippetGenerator;
use tantivy::{
    DocAddress, Index, IndexReader, Order, ReloadPolicy, Searcher, TantivyDocument, Term,
};

use crate::extract::Gazetteer;
use crate::model::{Article, Kind, slugify};
pub use facets::{Dim, FacetValue};
pub use query::{SearchRequest, Sort, View};
pub use schema::Fields;
use syntax::FieldFilter;

/// Memory the writer may use while building; sized for a 2-core machine.
const WRITER_HEAP_BYTES: usize = 200 * 1024 * 1024;
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
}

pub struct SearchIndex {
    index: Index,
    reader: IndexReader,
    pub fields: Fields,
    docs: Vec<facets::DocFacets>,
    labels: facets::Labels,
    vocab: suggest::Vocabulary,
    /// Forum names, acronyms and aliases (lower case) → forum slug.
    forum_aliases: HashMap<String, String>,
    /// Outlet names and aliases (lower case) → source slug.
    source_aliases: HashMap<String, String>,
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
    pub total: usize,
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
    text: Option<Box<dyn Query>>,
    /// Filters from the query text, `from`/`to` and the document type.
    fixed: Vec<Box<dyn Query>>,
    /// URL filters per facet dimension (left out when counting that facet).
    by_dim: Vec<(Dim, Box<dyn Query>)>,
    notes: Vec<String>,
    understood: Vec<String>,
}

impl Plan {
    fn query(&self, except: Option<Dim>) -> Box<dyn Query> {
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        if let Some(t) = &self.text {
            clauses.push((Occur::Must, t.box_clone()));
        }
        for q in &self.fixed {
            clauses.push((Occur::Must, q.box_clone()));
        }
        for (dim, q) in &self.by_dim {
            if Some(*dim) != except {
                clauses.push((Occur::Must, q.box_clone()));
            }
        }
        if clauses.is_empty() {
            return Box::new(AllQuery);
        }
        Box::new(BooleanQuery::new(clauses))
    }
}

impl SearchIndex {
    /// Index the articles (and each of their statements) in RAM.
    pub fn build(articles: &[Article], gaz: &Gazetteer) -> Result<SearchIndex, SearchError> {
        let (schema, f) = schema::build();
        let index = Index::create_in_ram(schema);
        schema::register_analyzers(&index);
        let mut writer = index.writer(WRITER_HEAP_BYTES)?;
        let mut labels = facets::Labels::default();
        let mut docs = Vec::with_capacity(articles.len());
        for (ord, a) in articles.iter().enumerate() {
            let forums = forum_with_parents(&a.forums, gaz);
            let facet = doc_facets(a, &forums, &mut labels);
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
                if let Some(d) = &a.date {
                    doc.add_u64(f.year, u64::try_from(d.year).unwrap_or(0));
                    doc.add_i64(f.date, d.sort_key());
                }
            };
            let mut doc = TantivyDocument::default();
            doc.add_text(f.doctype, schema::ARTICLE);
            common(&mut doc);
            doc.add_text(f.title, &a.title);
            for p in &a.body {
                doc.add_text(f.body, p);
            }
            for s in &a.statements {
                doc.add_text(f.statements, &s.text);
            }
            for p in &a.speakers {
                doc.add_text(f.speaker_names, &p.name);
                doc.add_text(f.speaker, &p.slug);
            }
            writer.add_document(doc)?;
            for s in &a.statements {
                let mut doc = TantivyDocument::default();
                doc.add_text(f.doctype, schema::STATEMENT);
                common(&mut doc);
                doc.add_u64(f.stmt, s.n as u64);
                doc.add_text(f.statements, &s.text);
                doc.add_text(f.speaker_names, &s.speaker);
                doc.add_text(f.speaker, &s.speaker_slug);
                writer.add_document(doc)?;
            }
            docs.push(facet);
        }
        writer.commit()?;
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()?;
        Ok(SearchIndex {
            index,
            reader,
            fields: f,
            docs,
            labels,
            vocab: suggest::Vocabulary::build(articles),
            forum_aliases: forum_aliases(articles, gaz),
            source_aliases: source_aliases(articles, gaz),
        })
    }

    /// Run a request; `articles` supplies snippet text.
    pub fn search(
        &self,
        req: &SearchRequest,
        articles: &[Article],
    ) -> Result<Results, SearchError> {
        let searcher = self.reader.searcher();
        let mut results = self.run(&searcher, req, articles)?;
        if results.total == 0
            && let Some(better) = self.respell(&req.q)
        {
            let retry = SearchRequest {
                q: better.clone(),
                ..req.clone()
            };
            let second = self.run(&searcher, &retry, articles)?;
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
    pub fn respell(&self, q: &str) -> Option<String> {
        suggest::correct(q, &self.vocab)
    }

    fn run(
        &self,
        searcher: &Searcher,
        req: &SearchRequest,
        articles: &[Article],
    ) -> Result<Results, SearchError> {
        let plan = self.plan(searcher, req);
        let query = plan.query(None);
        let offset = (req.page.clamp(1, MAX_PAGE) - 1) * PAGE_SIZE;
        let top = TopDocs::with_limit(PAGE_SIZE).and_offset(offset);
        let sort = req.effective_sort();
        let (addrs, total): (Vec<DocAddress>, usize) = match sort {
            Sort::Relevance | Sort::Auto => {
                let (docs, n) = searcher.search(&query, &(top.order_by_score(), Count))?;
                (docs.into_iter().map(|(_, a)| a).collect(), n)
            }
            Sort::Newest | Sort::Oldest => {
                let order = if sort == Sort::Newest {
                    Order::Desc
                } else {
                    Order::Asc
                };
                let (docs, n) = searcher.search(
                    &query,
                    &(top.order_by_fast_field::<i64>("date", order), Count),
                )?;
                (docs.into_iter().map(|(_, a)| a).collect(), n)
            }
        };
        let hits = self.hits(searcher, &plan, &addrs, articles, req.view)?;
        let facets = if req.view == View::Articles {
            self.facets(searcher, &plan)?
        } else {
            Vec::new()
        };
        Ok(Results {
            total,
            hits,
            notes: plan.notes,
            understood: plan.understood,
            facets,
            corrected: None,
        })
    }

    fn plan(&self, searcher: &Searcher, req: &SearchRequest) -> Plan {
        let f = &self.fields;
        let parsed = syntax::parse(&req.q);
        let (text, mut notes) = query::parse_text(&self.index, f, &parsed.text, req.view);
        notes.extend(parsed.notes);
        let doctype = match req.view {
            View::Articles => schema::ARTICLE,
            View::Statements => schema::STATEMENT,
        };
        let mut fixed = vec![query::term(f.doctype, doctype)];
        let mut understood = Vec::new();
        for filter in parsed.filters {
            match filter {
                FieldFilter::Speaker(name) => {
                    let doc_freq = |t: &Term| searcher.doc_freq(t).unwrap_or(0);
                    if let Some(q) = query::name_query(&self.index, f.speaker_names, &name, doc_freq) {
                        understood.push(format!("speaker “{name}”"));
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
        for (dim, q) in [
            (Dim::Speaker, query::any_term(f.speaker, &req.speakers)),
            (Dim::Forum, query::any_term(f.forum, &req.forums)),
            (Dim::Source, query::any_term(f.source, &req.sources)),
            (Dim::Kind, query::any_term(f.kind, &req.kinds)),
            (Dim::Year, query::any_year(f.year, &req.years)),
        ] {
            if let Some(q) = q {
                by_dim.push((dim, q));
            }
        }
        Plan {
            text,
            fixed,
            by_dim,
            notes,
            understood,
        }
    }

    /// Facet counts. Each facet is counted without its own filter, so a
    /// user can add a second value (OR) and see what it would bring.
    fn facets(
        &self,
        searcher: &Searcher,
        plan: &Plan,
    ) -> Result<Vec<(Dim, Vec<FacetValue>)>, SearchError> {
        let mut base: Option<Vec<u32>> = None;
        let mut out = Vec::with_capacity(Dim::ALL.len());
        for dim in Dim::ALL {
            let filtered = plan.by_dim.iter().any(|(d, _)| *d == dim);
            let ords = if filtered {
                searcher.search(&plan.query(Some(dim)), &facets::Ords)?
            } else {
                if base.is_none() {
                    base = Some(searcher.search(&plan.query(None), &facets::Ords)?);
                }
                base.clone().unwrap_or_default()
            };
            out.push((
                dim,
                facets::count(dim, &ords, &self.docs, &self.labels, FACET_VALUES),
            ));
        }
        Ok(out)
    }

    fn hits(
        &self,
        searcher: &Searcher,
        plan: &Plan,
        addrs: &[DocAddress],
        articles: &[Article],
        view: View,
    ) -> Result<Vec<Hit>, SearchError> {
        let generator = |field| -> Result<Option<SnippetGenerator>, SearchError> {
            Ok(match &plan.text {
                Some(q) => {
                    let mut g = SnippetGenerator::create(searcher, q.as_ref(), field)?;
                    g.set_max_num_chars(SNIPPET_CHARS);
                    Some(g)
                }
                None => None,
            })
        };
        let body_snippets = generator(self.fields.body)?;
        let statement_snippets = generator(self.fields.statements)?;
        let mut hits = Vec::with_capacity(addrs.len());
        for addr in addrs {
            let doc: TantivyDocument = searcher.doc(*addr)?;
            let Some(ord) = doc.get_first(self.fields.ord).and_then(|v| v.as_u64()) else {
                continue;
            };
            let ord = usize::try_from(ord).unwrap_or(usize::MAX);
            let Some(article) = articles.get(ord) else {
                continue;
            };
            let stmt_n = doc
                .get_first(self.fields.stmt)
                .and_then(|v| v.as_u64())
                .map(|n| n as usize);
            let statement = match (view, stmt_n) {
                (View::Statements, Some(n)) => {
                    article.statements.iter().find(|s| s.n == n).map(|s| {
                        let html = statement_snippets
                            .as_ref()
                            .map(|g| g.snippet(&s.text))
                            .filter(|sn| !sn.is_empty())
                            .map_or_else(|| escape(&s.text), |sn| sn.to_html());
                        (n, html)
                    })
                }
                _ => statement_snippets.as_ref().and_then(|g| {
                    article.statements.iter().find_map(|s| {
                        let sn = g.snippet(&s.text);
                        (!sn.is_empty()).then(|| (s.n, sn.to_html()))
                    })
                }),
            };
            let snippet_html = match &body_snippets {
                Some(g) => {
                    let s = g.snippet(&article.body.join("\n"));
                    if s.is_empty() {
                        lead_html(article)
                    } else {
                        s.to_html()
                    }
                }
                None => lead_html(article),
            };
            hits.push(Hit {
                ord,
                snippet_html,
                statement,
            });
        }
        Ok(hits)
    }

    /// The display label of a facet value (a speaker's name for a slug).
    pub fn facet_label(&self, dim: Dim, value: &str) -> Option<&str> {
        self.labels.label_of(dim, value)
    }
}

fn doc_facets(a: &Article, forums: &[String], labels: &mut facets::Labels) -> facets::DocFacets {
    let mut d = facets::DocFacets::default();
    for p in &a.speakers {
        d.values[Dim::Speaker as usize].push(labels.intern(Dim::Speaker, &p.slug, &p.name));
    }
    for f in forums {
        d.values[Dim::Forum as usize].push(labels.intern(Dim::Forum, &slugify(f), f));
    }
    if let Some(s) = &a.source {
        d.values[Dim::Source as usize].push(labels.intern(Dim::Source, &slugify(s), s));
    }
    if let Some(date) = &a.date {
        let y = date.year.to_string();
        d.values[Dim::Year as usize].push(labels.intern(Dim::Year, &y, &y));
    }
    d.values[Dim::Kind as usize].push(labels.intern(Dim::Kind, a.kind.as_str(), a.kind.label()));
    d
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

fn escape(s: &str) -> String {
    html_escape::encode_text(s).into_owned()
}

/// The opening of an article, escaped, when no snippet matches.
fn lead_html(a: &Article) -> String {
    let lead = a.body.first().map(String::as_str).unwrap_or("");
    let mut end = lead.len().min(SNIPPET_CHARS);
    while !lead.is_char_boundary(end) {
        end -= 1;
    }
    let mut s = escape(&lead[..end]);
    if end < lead.len() {
        s.push('…');
    }
    s
}
