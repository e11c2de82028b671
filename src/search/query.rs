//! What a user asks for, and its translation into a tantivy query. Parsing
//! is lenient: a query that does not parse still searches, and the parts the
//! parser could not use are reported back as notes.

use std::ops::Bound;

use tantivy::query::{
    BooleanQuery, FuzzyTermQuery, Occur, Query, QueryParser, RangeQuery, TermQuery,
};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::tokenizer::TextAnalyzer;
use tantivy::{Index, Term};

use super::facets::Dim;
use super::schema::{self, Fields};

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
    /// The facet filters, one list of values per dimension.
    pub filters: Filters,
    /// Earliest and latest publication day, as `PubDate::sort_key` values.
    pub from: Option<i64>,
    pub to: Option<i64>,
    pub sort: Sort,
    pub view: View,
    /// 1-based.
    pub page: usize,
}

/// The values a search filters on, per facet dimension, as the URL gives
/// them after [`Dim::normalize`] (a year as `2021` or `undated`). Indexed
/// by [`Dim`]: a new dimension needs nothing here.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Filters([Vec<String>; Dim::COUNT]);

impl Filters {
    /// A filter on one value.
    pub fn one(dim: Dim, value: impl Into<String>) -> Filters {
        let mut f = Filters::default();
        f.add(dim, value.into());
        f
    }

    /// Add a value, unless it is empty or already there.
    pub fn add(&mut self, dim: Dim, value: String) {
        let list = &mut self[dim];
        if !value.is_empty() && !list.contains(&value) {
            list.push(value);
        }
    }

    /// Remove `value` if present (returning true), else add it.
    pub fn toggle(&mut self, dim: Dim, value: &str) -> bool {
        let list = &mut self[dim];
        if let Some(i) = list.iter().position(|x| x == value) {
            list.remove(i);
            true
        } else {
            list.push(value.to_string());
            false
        }
    }

    /// The filters with `value` as the only one of `dim`.
    pub fn with(&self, dim: Dim, value: impl Into<String>) -> Filters {
        let mut f = self.clone();
        f[dim] = vec![value.into()];
        f
    }

    /// The filters without `value` of `dim`.
    pub fn without(&self, dim: Dim, value: &str) -> Filters {
        let mut f = self.clone();
        f[dim].retain(|x| x != value);
        f
    }

    /// Every `(dimension, value)`, in URL order ([`Dim::IN_URL`]).
    pub fn iter(&self) -> impl Iterator<Item = (Dim, &str)> {
        Dim::IN_URL
            .into_iter()
            .flat_map(move |d| self[d].iter().map(move |v| (d, v.as_str())))
    }

    /// The filtered years, as numbers ([`UNDATED`] for `undated`).
    pub fn years(&self) -> Vec<u32> {
        // Any number: a year from the data need not be four digits.
        self[Dim::Year]
            .iter()
            .filter_map(|v| v.parse().ok().or_else(|| parse_year(v)))
            .collect()
    }
}

impl std::ops::Index<Dim> for Filters {
    type Output = Vec<String>;
    fn index(&self, dim: Dim) -> &Vec<String> {
        &self.0[dim as usize]
    }
}

impl std::ops::IndexMut<Dim> for Filters {
    fn index_mut(&mut self, dim: Dim) -> &mut Vec<String> {
        &mut self.0[dim as usize]
    }
}

/// The `year` of a document with no date, in the index and in the year
/// filter: undated documents are a value of the year facet and filter
/// (`year=undated`), so date filtering cannot lose them.
pub const UNDATED: u32 = 0;

/// The URL value of a year: `2021`, or `undated`.
pub fn year_value(year: u32) -> String {
    if year == UNDATED {
        "undated".to_string()
    } else {
        year.to_string()
    }
}

/// `2021`, or `undated` ([`UNDATED`]) for the documents with no date.
pub fn parse_year(v: &str) -> Option<u32> {
    if v.eq_ignore_ascii_case("undated") {
        return Some(UNDATED);
    }
    v.parse().ok().filter(|y| (1000..=9999).contains(y))
}

/// Whether results are articles or the statements inside them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum View {
    #[default]
    Articles,
    Statements,
}

impl View {
    pub fn parse(s: &str) -> Option<View> {
        match s {
            "" | "articles" => Some(View::Articles),
            "statements" => Some(View::Statements),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            View::Articles => "",
            View::Statements => "statements",
        }
    }
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
///
/// `languages` are the language fields that hold articles: in the article
/// view a word is also looked for in each, analysed its way (a Russian
/// word stemmed as Russian, Chinese segmented), so a query finds the
/// articles of every language it could be in. Each article's text is in
/// one of `body` and these fields, so its score comes from one analyser.
pub fn parse_text(
    index: &Index,
    f: &Fields,
    languages: &[Field],
    q: &str,
    view: View,
) -> (Option<Text>, Vec<String>) {
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
    if view == View::Articles {
        text = statements_as_body(&text);
        // Chinese text is searched as words only where the archive has some.
        if let Some(zh) = schema::language_slot("zh").map(|i| f.langs[i])
            && languages.contains(&zh)
            && let Some(words) = schema::chinese_query(&text)
        {
            text = words;
        }
    }
    // One field per view (see `IndexBuilder::add`): a word is one posting
    // list, not a union over fields.
    let (field, pairs_field) = match view {
        View::Articles => (f.body, schema::BODY_PAIRS),
        View::Statements => (f.statements, schema::STATEMENT_PAIRS),
    };
    // Articles: a word may also be in the set-aside lines, which weigh less.
    let mut parser = match view {
        View::Articles => {
            let mut fields = vec![field, f.aside];
            fields.extend_from_slice(languages);
            let mut p = QueryParser::for_index(index, fields);
            p.set_field_boost(f.aside, schema::ASIDE_BOOST);
            p
        }
        View::Statements => QueryParser::for_index(index, vec![field]),
    };
    parser.set_conjunction_by_default();
    let (original, errors) = parser.parse_query_lenient(&text);
    for e in errors {
        notes.push(format!("Part of the query was read loosely: {e}."));
    }
    // Two-word phrases as terms of the pairs field, the phrase also looked
    // for in `aside` when one is given.
    let paired_with = |aside: Option<&str>| match index.tokenizer_for_field(field) {
        Ok(mut analyzer) => pair_phrases(&text, &mut analyzer, pairs_field, aside),
        Err(_) => (text.clone(), true),
    };
    let (paired, positional) = paired_with((view == View::Articles).then_some(schema::ASIDE));
    let search = if paired == text {
        original.box_clone()
    } else {
        parser.parse_query_lenient(&paired).0
    };
    // The same query without the set-aside lines, for the first tier of a
    // ranking (see `Text::body`): only where every clause is positive, so
    // that what it matches the whole query matches too.
    let body = (view == View::Articles && positive(&text)).then(|| {
        let mut fields = vec![field];
        fields.extend_from_slice(languages);
        let mut p = QueryParser::for_index(index, fields);
        p.set_conjunction_by_default();
        p.parse_query_lenient(&paired_with(None).0).0
    });
    (
        Some(Text {
            search,
            body,
            words: original,
            positional,
            typed: text,
        }),
        notes,
    )
}

/// Whether `text` is plain words and phrases, none of them excluded: a
/// document matching it in fewer fields still matches it in more.
fn positive(text: &str) -> bool {
    words_only(text)
        && !text
            .split_whitespace()
            .map(|w| w.trim_start_matches(['(', '+']))
            .any(|w| w.starts_with('-') || w == "NOT")
}

/// Spellings of one name across scripts (from the gazetteer's `synonym`
/// entries): a bare query word spelt exactly as one of them (case
/// included: `UN`, not the French article `un`) searches every spelling.
#[derive(Debug, Default)]
pub struct Synonyms {
    /// Spelling → the group it belongs to.
    by_term: std::collections::HashMap<String, usize>,
    groups: Vec<Vec<String>>,
}

impl Synonyms {
    pub fn new<'a>(groups: impl IntoIterator<Item = &'a [String]>) -> Synonyms {
        let mut s = Synonyms::default();
        for terms in groups {
            let terms: Vec<String> = terms
                .iter()
                .map(|t| t.trim().to_string())
                .filter(|t| !t.is_empty() && !t.contains('"'))
                .collect();
            if terms.len() < 2 {
                continue;
            }
            for t in &terms {
                s.by_term.entry(t.clone()).or_insert(s.groups.len());
            }
            s.groups.push(terms);
        }
        s
    }

    /// The query with each bare word that is a known spelling replaced by
    /// all its spellings, ORed; `None` when no word is one. Quoted phrases,
    /// fields and operators are left as they are.
    pub fn expand(&self, text: &str) -> Option<String> {
        if self.groups.is_empty() {
            return None;
        }
        let mut out = Vec::new();
        let mut quoted = false;
        let mut changed = false;
        for word in text.split(' ') {
            let starts_quoted = quoted;
            quoted ^= word.matches('"').count() % 2 == 1;
            match self.by_term.get(word) {
                Some(&g) if !starts_quoted && !word.contains('"') => {
                    let any: Vec<String> = self.groups[g]
                        .iter()
                        .map(|t| {
                            if t.contains(char::is_whitespace) {
                                format!("\"{t}\"")
                            } else {
                                t.clone()
                            }
                        })
                        .collect();
                    out.push(format!("({})", any.join(" OR ")));
                    changed = true;
                }
                _ => out.push(word.to_string()),
            }
        }
        changed.then(|| out.join(" "))
    }
}

/// The text of a query as tantivy runs it.
pub struct Text {
    /// What is searched: two-word phrases read from the pairs field.
    pub search: Box<dyn Query>,
    /// `search` in the body (and language fields) alone, when the query
    /// excludes nothing. Relevance ranks its matches first, by its score:
    /// a page whose story uses the words comes before one that needs its
    /// set-aside lines (a byline, a caption) to match, however often they
    /// repeat them. Being a plain conjunction of terms, it also lets
    /// tantivy skip the blocks that cannot reach the page, which the union
    /// of two fields per word does not.
    pub body: Option<Box<dyn Query>>,
    /// The query as typed, whose words the snippets highlight.
    pub words: Box<dyn Query>,
    /// A phrase is still matched through positions (three words or more,
    /// a slop, a field of its own).
    pub positional: bool,
    /// The text the parser read (cut, de-nested, rewritten), for
    /// [`super::cost::check`].
    pub typed: String,
}

/// Two-word phrases ("critical infrastructure") rewritten as one term of
/// the pairs field, which holds every two adjacent words: the same
/// matches, without reading positions. Phrases of other lengths, with a
/// slop (`"a b"~2`) or a field (`title:"a b"`) are left as they are; the
/// flag says whether any such phrase remains. With an `aside` field the
/// phrase is also looked for there, through positions, at its low weight.
fn pair_phrases(
    text: &str,
    analyzer: &mut TextAnalyzer,
    pairs_field: &str,
    aside: Option<&str>,
) -> (String, bool) {
    let mut out = String::with_capacity(text.len());
    let mut positional = false;
    let mut rest = text;
    while let Some(open) = rest.find('"') {
        let Some(len) = rest[open + 1..].find('"') else {
            break;
        };
        let close = open + 1 + len;
        let inner = &rest[open + 1..close];
        let after = &rest[close + 1..];
        let bare = starts_term(&rest[..open]);
        let mut tokens: Vec<(usize, String)> = Vec::new();
        analyzer
            .token_stream(inner)
            .process(&mut |t| tokens.push((t.position, t.text.clone())));
        out.push_str(&rest[..open]);
        match tokens.as_slice() {
            [(p0, a), (p1, b)] if bare && *p1 == p0 + 1 && !after.starts_with('~') => {
                if aside.is_some() {
                    out.push('(');
                }
                out.push_str(pairs_field);
                out.push_str(":\"");
                out.push_str(&schema::pair_term(a, b));
                out.push('"');
                if let Some(aside) = aside {
                    out.push_str(&format!(
                        " OR {aside}:{}^{})",
                        &rest[open..=close],
                        schema::ASIDE_BOOST
                    ));
                }
            }
            _ => {
                positional |= tokens.len() > 1;
                out.push_str(&rest[open..=close]);
            }
        }
        rest = after;
    }
    positional |= rest.contains('"');
    out.push_str(rest);
    (out, positional)
}

/// Article documents hold their quotes in `body` (statement documents
/// alone have `statements`), so `statements:` searches the body there.
fn statements_as_body(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find("statements:") {
        let starts_word = starts_term(&rest[..i]);
        out.push_str(&rest[..i]);
        out.push_str(if starts_word { "body:" } else { "statements:" });
        rest = &rest[i + "statements:".len()..];
    }
    out.push_str(rest);
    out
}

/// Whether `text` is plain words and phrases, at least one of them
/// required: no field, range, wildcard or negation alone. Such text matches
/// only documents holding one of its words in the view's own field.
pub fn words_only(text: &str) -> bool {
    !text.contains([':', '*', '[', '{', '}', ']'])
        && text
            .split_whitespace()
            .any(|w| !w.starts_with('-') && w.chars().any(char::is_alphanumeric))
}

/// Whether what follows `before` starts a query term of its own (not the
/// value of a field, nor the middle of a word).
fn starts_term(before: &str) -> bool {
    before
        .chars()
        .next_back()
        .is_none_or(|c| c.is_whitespace() || matches!(c, '(' | '-' | '+'))
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

pub fn term(field: Field, value: &str) -> Box<dyn Query> {
    Box::new(TermQuery::new(
        Term::from_field_text(field, value),
        IndexRecordOption::Basic,
    ))
}

/// Any of several values (OR), or `None` when there are none.
pub fn any_term(field: Field, values: &[String]) -> Option<Box<dyn Query>> {
    match values {
        [] => None,
        [one] => Some(term(field, one)),
        many => Some(Box::new(BooleanQuery::new(
            many.iter()
                .map(|v| (Occur::Should, term(field, v)))
                .collect(),
        ))),
    }
}

pub fn any_year(field: Field, years: &[u32]) -> Option<Box<dyn Query>> {
    if years.is_empty() {
        return None;
    }
    Some(Box::new(BooleanQuery::new(
        years
            .iter()
            .map(|y| {
                let q: Box<dyn Query> = Box::new(TermQuery::new(
                    Term::from_field_u64(field, u64::from(*y)),
                    IndexRecordOption::Basic,
                ));
                (Occur::Should, q)
            })
            .collect(),
    )))
}

pub fn year_range(field: Field, from: Option<u32>, to: Option<u32>) -> Box<dyn Query> {
    let bound = |y: Option<u32>, inclusive: fn(Term) -> Bound<Term>| {
        y.map_or(Bound::Unbounded, |y| {
            inclusive(Term::from_field_u64(field, u64::from(y)))
        })
    };
    // "Until 2020" means dated until 2020: undated documents (year 0) are
    // not before every year.
    Box::new(RangeQuery::new(
        bound(Some(from.unwrap_or(UNDATED + 1)), Bound::Included),
        bound(to, Bound::Included),
    ))
}

pub fn day_range(field: Field, from: Option<i64>, to: Option<i64>) -> Box<dyn Query> {
    let bound = |d: Option<i64>| {
        d.map_or(Bound::Unbounded, |d| {
            Bound::Included(Term::from_field_i64(field, d))
        })
    };
    Box::new(RangeQuery::new(bound(from), bound(to)))
}

/// All the words of a name, each allowed a typo or two when the exact word
/// is not in the index ("Syromolatov" still finds Syromolotov).
pub fn name_query(
    index: &Index,
    field: Field,
    name: &str,
    doc_freq: impl Fn(&Term) -> u64,
) -> Option<Box<dyn Query>> {
    let mut analyzer = index.tokenizer_for_field(field).ok()?;
    let mut stream = analyzer.token_stream(name);
    let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
    while stream.advance() {
        let t = Term::from_field_text(field, &stream.token().text);
        let q: Box<dyn Query> = if doc_freq(&t) > 0 {
            Box::new(TermQuery::new(t, IndexRecordOption::Basic))
        } else {
            let distance = if stream.token().text.chars().count() <= 6 {
                1
            } else {
                2
            };
            Box::new(FuzzyTermQuery::new(t, distance, true))
        };
        clauses.push((Occur::Must, q));
    }
    (!clauses.is_empty()).then(|| Box::new(BooleanQuery::new(clauses)) as Box<dyn Query>)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_dimension_reads_back_from_its_parameter_and_is_in_the_url_order() {
        for dim in Dim::ALL {
            assert_eq!(Dim::from_param(dim.param()), Some(dim));
            assert!(Dim::IN_URL.contains(&dim), "{dim:?} is not written in URLs");
        }
        assert_eq!(Dim::from_param("lang"), Some(Dim::Language));
    }

    #[test]
    fn filters_add_once_toggle_and_list_in_url_order() {
        let mut f = Filters::one(Dim::Year, "2021");
        f.add(Dim::Speaker, "oleg-khramov".into());
        f.add(Dim::Speaker, "oleg-khramov".into());
        f.add(Dim::Kind, String::new());
        let listed: Vec<(Dim, &str)> = f.iter().collect();
        assert_eq!(
            listed,
            [(Dim::Speaker, "oleg-khramov"), (Dim::Year, "2021")]
        );
        assert!(f.toggle(Dim::Year, "2021"));
        assert!(!f.toggle(Dim::Year, "undated"));
        assert_eq!(f.years(), [UNDATED]);
        assert_eq!(Dim::Year.normalize("UNDATED"), Ok("undated".to_string()));
        assert!(Dim::Year.normalize("21").is_err());
    }
}
