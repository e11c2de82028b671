//! The full-text index: built once from the articles, then queried by the
//! web layer. Holds the reader, the fields and the query parser, so a
//! request does no set-up work.

pub mod query;
pub mod schema;

use tantivy::collector::{Count, TopDocs};
use tantivy::query::{AllQuery, BooleanQuery, Occur, Query, TermQuery};
use tantivy::schema::{IndexRecordOption, Value};
use tantivy::snippet::SnippetGenerator;
use tantivy::{DocAddress, Index, IndexReader, Order, ReloadPolicy, TantivyDocument, Term};

use crate::extract::Gazetteer;
use crate::model::{Article, slugify};
pub use query::{SearchRequest, Sort};
pub use schema::Fields;

/// Memory the writer may use while building; sized for a 2-core machine.
const WRITER_HEAP_BYTES: usize = 200 * 1024 * 1024;
/// Results per page.
pub const PAGE_SIZE: usize = 20;
/// Deepest page served; beyond it a query should be narrowed instead.
pub const MAX_PAGE: usize = 500;
/// Characters of context in a snippet.
const SNIPPET_CHARS: usize = 240;

#[derive(Debug, thiserror::Error)]
pub enum SearchError {
    #[error("index error: {0}")]
    Tantivy(#[from] tantivy::TantivyError),
}

pub struct SearchIndex {
    index: Index,
    reader: IndexReader,
    pub fields: Fields,
}

/// One result: which article, and the HTML snippet (escaped by tantivy).
#[derive(Debug, Clone)]
pub struct Hit {
    pub ord: usize,
    pub snippet_html: String,
}

#[derive(Debug, Clone, Default)]
pub struct Results {
    pub total: usize,
    pub hits: Vec<Hit>,
    /// What the parser could not use, said back to the user.
    pub notes: Vec<String>,
}

impl SearchIndex {
    /// Index the articles in RAM.
    pub fn build(articles: &[Article], gaz: &Gazetteer) -> Result<SearchIndex, SearchError> {
        let (schema, f) = schema::build();
        let index = Index::create_in_ram(schema);
        schema::register_analyzers(&index);
        let mut writer = index.writer(WRITER_HEAP_BYTES)?;
        for (ord, a) in articles.iter().enumerate() {
            let mut doc = TantivyDocument::default();
            doc.add_u64(f.ord, ord as u64);
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
            for forum in forum_with_parents(&a.forums, gaz) {
                doc.add_text(f.forum, slugify(&forum));
            }
            if let Some(s) = &a.source {
                doc.add_text(f.source, slugify(s));
            }
            doc.add_text(f.kind, a.kind.as_str());
            if let Some(d) = &a.date {
                doc.add_u64(f.year, u64::try_from(d.year).unwrap_or(0));
                doc.add_i64(f.date, d.sort_key());
            }
            writer.add_document(doc)?;
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
        })
    }

    /// Run a request against the index; `articles` supplies snippet text.
    pub fn search(
        &self,
        req: &SearchRequest,
        articles: &[Article],
    ) -> Result<Results, SearchError> {
        let searcher = self.reader.searcher();
        let (text_query, notes) = query::parse_text(&self.index, &self.fields, &req.q);
        let query = self.with_filters(text_query.as_ref().map(|q| q.box_clone()), req);
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
        let snippets = match &text_query {
            Some(q) => Some(
                SnippetGenerator::create(&searcher, q.as_ref(), self.fields.body).map(
                    |mut g| {
                        g.set_max_num_chars(SNIPPET_CHARS);
                        g
                    },
                )?,
            ),
            None => None,
        };
        let mut hits = Vec::with_capacity(addrs.len());
        for addr in addrs {
            let doc: TantivyDocument = searcher.doc(addr)?;
            let Some(ord) = doc.get_first(self.fields.ord).and_then(|v| v.as_u64()) else {
                continue;
            };
            let ord = usize::try_from(ord).unwrap_or(usize::MAX);
            let Some(article) = articles.get(ord) else {
                continue;
            };
            let snippet_html = match &snippets {
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
            hits.push(Hit { ord, snippet_html });
        }
        Ok(Results { total, hits, notes })
    }

    /// AND the text query with the request's filters.
    fn with_filters(&self, text: Option<Box<dyn Query>>, req: &SearchRequest) -> Box<dyn Query> {
        let f = &self.fields;
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        if let Some(t) = text {
            clauses.push((Occur::Must, t));
        }
        let any_of = |field, values: &[String]| -> Option<Box<dyn Query>> {
            if values.is_empty() {
                return None;
            }
            let terms: Vec<(Occur, Box<dyn Query>)> = values
                .iter()
                .map(|v| {
                    let q: Box<dyn Query> = Box::new(TermQuery::new(
                        Term::from_field_text(field, v),
                        IndexRecordOption::Basic,
                    ));
                    (Occur::Should, q)
                })
                .collect();
            Some(Box::new(BooleanQuery::new(terms)))
        };
        for (field, values) in [
            (f.speaker, &req.speakers),
            (f.forum, &req.forums),
            (f.source, &req.sources),
            (f.kind, &req.kinds),
        ] {
            if let Some(q) = any_of(field, values) {
                clauses.push((Occur::Must, q));
            }
        }
        if !req.years.is_empty() {
            let terms = req
                .years
                .iter()
                .map(|y| {
                    let q: Box<dyn Query> = Box::new(TermQuery::new(
                        Term::from_field_u64(f.year, u64::from(*y)),
                        IndexRecordOption::Basic,
                    ));
                    (Occur::Should, q)
                })
                .collect();
            clauses.push((Occur::Must, Box::new(BooleanQuery::new(terms))));
        }
        if clauses.is_empty() {
            return Box::new(AllQuery);
        }
        if clauses.iter().all(|(o, _)| *o == Occur::Must) && clauses.len() == 1 {
            return clauses
                .pop()
                .map(|(_, q)| q)
                .unwrap_or_else(|| Box::new(AllQuery));
        }
        Box::new(BooleanQuery::new(clauses))
    }
}

/// The opening of an article, escaped, when no snippet matches.
fn lead_html(a: &Article) -> String {
    let lead = a.body.first().map(String::as_str).unwrap_or("");
    let mut end = lead.len().min(SNIPPET_CHARS);
    while !lead.is_char_boundary(end) {
        end -= 1;
    }
    let mut s = html_escape::encode_text(&lead[..end]).into_owned();
    if end < lead.len() {
        s.push('…');
    }
    s
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
