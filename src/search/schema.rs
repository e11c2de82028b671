//! The index schema and the analyzers its text fields use.
//!
//! The index holds two kinds of documents: one per article, and one per
//! statement (so the statement view is a search of its own, with the same
//! filters). `doctype` tells them apart.

use std::cell::RefCell;
use tantivy::Index;
use tantivy::schema::{
    FAST, Field, INDEXED, IndexRecordOption, STORED, STRING, Schema, TextFieldIndexing, TextOptions,
};

use tantivy::tokenizer::{
    AsciiFoldingFilter, Language, LowerCaser, RawTokenizer, RemoveLongFilter, SimpleTokenizer,
    Stemmer, TextAnalyzer, Token, TokenFilter, TokenStream, Tokenizer, WhitespaceTokenizer,
};

/// Prose: lower-cased, accents folded, transliterations folded, stemmed.
pub const PROSE: &str = "prose";
/// Names: lower-cased, accents and transliterations folded, not stemmed.
pub const NAMES: &str = "names";

/// Word pairs written `first_second`, split on whitespace.
pub const PAIRS: &str = "pairs";
pub const BODY_PAIRS: &str = "body_pairs";
pub const STATEMENT_PAIRS: &str = "statement_pairs";

/// The set-aside lines' field, and its weight against the body's: a page
/// that only names a word in a byline ranks below one whose story uses it.
pub const ASIDE: &str = "aside";
pub const ASIDE_BOOST: f32 = 0.3;

pub const ARTICLE: &str = "article";
pub const STATEMENT: &str = "statement";

/// Every field, resolved once.
#[derive(Debug, Clone, Copy)]
pub struct Fields {
    /// `article` or `statement`.
    pub doctype: Field,
    /// Position of the article in the archive's article list.
    pub ord: Field,
    /// For statement documents: the statement's number in its article.
    pub stmt: Field,
    pub title: Field,
    /// Article documents: title (twice), paragraphs and speaker names —
    /// the one field plain words search in the article view.
    pub body: Field,
    /// Article documents: the lines the cleaner set aside (bylines,
    /// captions, meeting lines), searched with plain words at a low weight.
    pub aside: Field,
    /// Statement documents: the statement and its speaker's name.
    pub statements: Field,
    /// Each pair of adjacent words of `body` as one term, so a two-word
    /// phrase is one posting list instead of a walk through positions.
    pub body_pairs: Field,
    /// The same for `statements`.
    pub statement_pairs: Field,
    pub speaker_names: Field,
    pub forum_names: Field,
    pub speaker: Field,
    pub forum: Field,
    pub source: Field,
    pub kind: Field,
    /// ISO 639-1 code of the article's language.
    pub lang: Field,
    pub year: Field,
    /// Day number for sorting (see `PubDate::sort_key`).
    pub date: Field,
}

pub fn build() -> (Schema, Fields) {
    let mut b = Schema::builder();
    let text = |analyzer: &str| {
        TextOptions::default().set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(analyzer)
                .set_index_option(IndexRecordOption::WithFreqsAndPositions),
        )
    };
    // Positions are not needed: a pair is matched as one term.
    let pairs = || {
        TextOptions::default().set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(PAIRS)
                .set_index_option(IndexRecordOption::WithFreqs),
        )
    };
    let fields = Fields {
        doctype: b.add_text_field("doctype", STRING),
        ord: b.add_u64_field("ord", FAST | STORED),
        stmt: b.add_u64_field("stmt", FAST | STORED),
        title: b.add_text_field("title", text(PROSE)),
        body: b.add_text_field("body", text(PROSE)),
        aside: b.add_text_field(ASIDE, text(PROSE)),
        statements: b.add_text_field("statements", text(PROSE)),
        body_pairs: b.add_text_field(BODY_PAIRS, pairs()),
        statement_pairs: b.add_text_field(STATEMENT_PAIRS, pairs()),
        speaker_names: b.add_text_field("speaker_names", text(NAMES)),
        forum_names: b.add_text_field("forum_names", text(NAMES)),
        speaker: b.add_text_field("speaker", STRING | FAST),
        forum: b.add_text_field("forum", STRING | FAST),
        source: b.add_text_field("source", STRING | FAST),
        kind: b.add_text_field("kind", STRING | FAST),
        lang: b.add_text_field("lang", STRING | FAST),
        year: b.add_u64_field("year", INDEXED | FAST),
        date: b.add_i64_field("date", INDEXED | FAST),
    };
    (b.build(), fields)
}

pub fn register_analyzers(index: &Index) {
    let prose = TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(40))
        .filter(CachedProse)
        .build();
    let names = TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(40))
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .filter(FoldTransliteration)
        .build();
    index.tokenizers().register(PROSE, prose);
    index.tokenizers().register(NAMES, names);
    index
        .tokenizers()
        .register(PAIRS, TextAnalyzer::from(WhitespaceTokenizer::default()));
}

/// The pairs-field text of some values: every two tokens next to each
/// other in a value (positions `p`, `p + 1`) as one `first_second` word,
/// the words separated by spaces. Prose tokens are letters and digits
/// only, so `_` cannot be part of one, and the pairs field's whitespace
/// tokenizer reads each pair back as one term.
pub fn pairs_text<'a>(
    analyzer: &mut TextAnalyzer,
    values: impl IntoIterator<Item = &'a str>,
) -> String {
    let mut out = String::new();
    for value in values {
        let mut last: Option<(usize, String)> = None;
        analyzer.token_stream(value).process(&mut |t| {
            if let Some((p, word)) = &last
                && t.position == p + 1
            {
                if !out.is_empty() {
                    out.push(' ');
                }
                out.push_str(&pair_term(word, &t.text));
            }
            match &mut last {
                Some((p, word)) => {
                    *p = t.position;
                    word.clear();
                    word.push_str(&t.text);
                }
                None => last = Some((t.position, t.text.clone())),
            }
        });
    }
    out
}

/// The pairs-field term of two adjacent indexed words.
pub fn pair_term(first: &str, second: &str) -> String {
    let mut s = String::with_capacity(first.len() + 1 + second.len());
    s.push_str(first);
    s.push('_');
    s.push_str(second);
    s
}

/// Folds transliteration variants of names (Andrei/Andrey, Iakovenko/
/// Yakovenko) to one form, the same at indexing and query time.
#[derive(Clone, Copy)]
pub struct FoldTransliteration;

impl TokenFilter for FoldTransliteration {
    type Tokenizer<T: Tokenizer> = FoldTransliterationFilter<T>;

    fn transform<T: Tokenizer>(self, tokenizer: T) -> Self::Tokenizer<T> {
        FoldTransliterationFilter(tokenizer)
    }
}

#[derive(Clone)]
pub struct FoldTransliterationFilter<T>(T);

impl<T: Tokenizer> Tokenizer for FoldTransliterationFilter<T> {
    type TokenStream<'a> = FoldTransliterationStream<T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        FoldTransliterationStream(self.0.token_stream(text))
    }
}

pub struct FoldTransliterationStream<T>(T);

impl<T: TokenStream> TokenStream for FoldTransliterationStream<T> {
    fn advance(&mut self) -> bool {
        if !self.0.advance() {
            return false;
        }
        let token = self.0.token_mut();
        if let Some(folded) = crate::extract::gazetteer::fold_word_changed(&token.text) {
            token.text = folded;
        }
        true
    }

    fn token(&self) -> &Token {
        self.0.token()
    }

    fn token_mut(&mut self) -> &mut Token {
        self.0.token_mut()
    }
}

/// Distinct words remembered per thread by [`CachedProse`]; past it the
/// cache starts afresh (prose has far fewer distinct words).
const WORD_CACHE_WORDS: usize = 200_000;

/// The prose chain after tokenising, for one word at a time: lower-case,
/// accents folded, transliterations folded, stemmed.
fn prose_word_chain() -> TextAnalyzer {
    TextAnalyzer::builder(RawTokenizer::default())
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .filter(FoldTransliteration)
        .filter(Stemmer::new(Language::English))
        .build()
}

/// Words are short: the extractor's fast hasher, not SipHash, whose
/// set-up cost dominated lookups.
type WordCache = crate::extract::hash::FastMap<String, String>;

thread_local! {
    /// Word as written → its indexed form. Lower-casing, folding and
    /// Snowball stemming every word was the largest cost of indexing and
    /// of building snippets (every word of every result); one lookup is
    /// several times cheaper.
    static WORDS: RefCell<(TextAnalyzer, WordCache)> =
        RefCell::new((prose_word_chain(), WordCache::default()));
}

/// [`prose_word_chain`] as a token filter, with its answers remembered per
/// thread: the same tokens, computed once per distinct word.
#[derive(Clone, Copy)]
pub struct CachedProse;

impl TokenFilter for CachedProse {
    type Tokenizer<T: Tokenizer> = CachedProseFilter<T>;

    fn transform<T: Tokenizer>(self, tokenizer: T) -> Self::Tokenizer<T> {
        CachedProseFilter(tokenizer)
    }
}

#[derive(Clone)]
pub struct CachedProseFilter<T>(T);

impl<T: Tokenizer> Tokenizer for CachedProseFilter<T> {
    type TokenStream<'a> = CachedProseStream<T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        CachedProseStream(self.0.token_stream(text))
    }
}

pub struct CachedProseStream<T>(T);

/// Replace `word` with its indexed form.
fn prose_word(word: &mut String) {
    WORDS.with(|cell| {
        let (chain, cache) = &mut *cell.borrow_mut();
        if let Some(s) = cache.get(word.as_str()) {
            word.clear();
            word.push_str(s);
            return;
        }
        let mut stream = chain.token_stream(word);
        let done = if stream.advance() {
            stream.token().text.clone()
        } else {
            word.clone()
        };
        drop(stream);
        if cache.len() >= WORD_CACHE_WORDS {
            cache.clear();
        }
        cache.insert(std::mem::replace(word, done.clone()), done);
    });
}

impl<T: TokenStream> TokenStream for CachedProseStream<T> {
    fn advance(&mut self) -> bool {
        if !self.0.advance() {
            return false;
        }
        prose_word(&mut self.0.token_mut().text);
        true
    }

    fn token(&self) -> &Token {
        self.0.token()
    }

    fn token_mut(&mut self) -> &mut Token {
        self.0.token_mut()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cached_prose_equals_the_plain_chain() {
        let mut plain = TextAnalyzer::builder(SimpleTokenizer::default())
            .filter(LowerCaser)
            .filter(AsciiFoldingFilter)
            .filter(FoldTransliteration)
            .filter(Stemmer::new(Language::English))
            .build();
        let mut cached = TextAnalyzer::builder(SimpleTokenizer::default())
            .filter(CachedProse)
            .build();
        let text = "Agreements agreed RUNNING runs ran Norms consensus Consensus states \
                    Sergéy Andrei Iakovenko Anatoliy café";
        let words = |a: &mut TextAnalyzer| {
            let mut out = Vec::new();
            a.token_stream(text)
                .process(&mut |t| out.push(t.text.clone()));
            out
        };
        let expected = words(&mut plain);
        assert_eq!(words(&mut cached), expected);
        assert_eq!(words(&mut cached), expected, "from the cache");
    }
}
