//! What a user asks for, and its translation into a tantivy query. Parsing
//! is lenient: a query that does not parse still searches, and the parts the
//! parser could not use are reported back as notes.

use tantivy::Index;
use tantivy::query::{Query, QueryParser};

use super::schema::Fields;

/// Longest query text accepted; longer input is cut, with a note.
pub const MAX_QUERY_CHARS: usize = 1000;

/// Deepest parenthesis nesting passed to the parser; deeper queries are
/// searched without their parentheses, with a note.
pub const MAX_NESTING: usize = 16;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Sort {
    /// Relevance when there is query text, newest otherwise.
    #[default]
    Auto,
    Relevance,
    Newest,
    Oldest,
}

impl Sort {
    pub fn parse(s: &str) -> Option<Sort> {
        Some(match s {
            "" => Sort::Auto,
            "relevance" => Sort::Relevance,
            "newest" => Sort::Newest,
            "oldest" => Sort::Oldest,
            _ => return None,
        })
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Sort::Auto => "",
            Sort::Relevance => "relevance",
            Sort::Newest => "newest",
            Sort::Oldest => "oldest",
        }
    }
}

/// A search as the URL states it. Filter values are slugs; several values
/// of one filter combine with OR, different filters with AND.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SearchRequest {
    pub q: String,
    pub speakers: Vec<String>,
    pub forums: Vec<String>,
    pub sources: Vec<String>,
    pub kinds: Vec<String>,
    pub years: Vec<u32>,
    pub sort: Sort,
    /// 1-based.
    pub page: usize,
}

impl SearchRequest {
    /// The sort actually applied.
    pub fn effective_sort(&self) -> Sort {
        match self.sort {
            Sort::Auto if self.q.trim().is_empty() => Sort::Newest,
            Sort::Auto => Sort::Relevance,
            s => s,
        }
    }
}

/// Parse the free text of a query. `None` when there is no text to match
/// (everything matches, subject to filters).
pub fn parse_text(index: &Index, f: &Fields, q: &str) -> (Option<Box<dyn Query>>, Vec<String>) {
    let mut notes = Vec::new();
    let mut text: String = q.chars().filter(|c| !c.is_control()).collect();
    if text.chars().count() > MAX_QUERY_CHARS {
        text = text.chars().take(MAX_QUERY_CHARS).collect();
        notes.push(format!(
            "The query was cut to its first {MAX_QUERY_CHARS} characters."
        ));
    }
    if nesting(&text) > MAX_NESTING {
        // Deep nesting overflows the stack of tantivy's recursive parser
        // (issue #7): read the words without the grouping.
        text = text.replace(['(', ')'], " ");
        notes.push(format!(
            "Parentheses nested more than {MAX_NESTING} deep were ignored."
        ));
    }
    if text.trim().is_empty() {
        return (None, notes);
    }
    let mut parser =
        QueryParser::for_index(index, vec![f.title, f.body, f.statements, f.speaker_names]);
    parser.set_conjunction_by_default();
    parser.set_field_boost(f.title, 2.0);
    parser.set_field_boost(f.speaker_names, 1.5);
    let (query, errors) = parser.parse_query_lenient(&text);
    for e in errors {
        notes.push(format!("Part of the query was read loosely: {e}."));
    }
    (Some(query), notes)
}

/// How deep parentheses nest in `text` (unbalanced ones count too).
fn nesting(text: &str) -> usize {
    let (mut depth, mut max) = (0usize, 0usize);
    for c in text.chars() {
        match c {
            '(' => {
                depth += 1;
                max = max.max(depth);
            }
            ')' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    max
}
