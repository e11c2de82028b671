//! The index schema and the analyzers its text fields use.
//!
//! The index holds two kinds of documents: one per article, and one per
//! statement (so the statement view is a search of its own, with the same
//! filters). `doctype` tells them apart.

use std::cell::RefCell;
use std::collections::HashMap;
use tantivy::Index;
use tantivy::schema::{
    FAST, Field, INDEXED, IndexRecordOption, STORED, STRING, Schema, TextFieldIndexing, TextOptions,
};

use tantivy::tokenizer::{
    AsciiFoldingFilter, Language, LowerCaser, RawTokenizer, RemoveLongFilter, SimpleTokenizer,
    Stemmer, TextAnalyzer, Token, TokenFilter, TokenStream, Tokenizer,
};

/// Prose: lower-cased, accents folded, transliterations folded, stemmed.
pub const PROSE: &str = "prose";
/// Names: lower-cased, accents and transliterations folded, not stemmed.
pub const NAMES: &str = "names";

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
    pub body: Field,
    pub statements: Field,
    pub speaker_names: Field,
    pub forum_names: Field,
    pub speaker: Field,
    pub forum: Field,
    pub source: Field,
    pub kind: Field,
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
    let fields = Fields {
        doctype: b.add_text_field("doctype", STRING),
        ord: b.add_u64_field("ord", FAST | STORED),
        stmt: b.add_u64_field("stmt", FAST | STORED),
        title: b.add_text_field("title", text(PROSE)),
        body: b.add_text_field("body", text(PROSE)),
        statements: b.add_text_field("statements", text(PROSE)),
        speaker_names: b.add_text_field("speaker_names", text(NAMES)),
        forum_names: b.add_text_field("forum_names", text(NAMES)),
        speaker: b.add_text_field("speaker", STRING | FAST),
        forum: b.add_text_field("forum", STRING | FAST),
        source: b.add_text_field("source", STRING | FAST),
        kind: b.add_text_field("kind", STRING | FAST),
        year: b.add_u64_field("year", INDEXED | FAST),
        date: b.add_i64_field("date", INDEXED | FAST),
    };
    (b.build(), fields)
}

pub fn register_analyzers(index: &Index) {
    let prose = TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(40))
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .filter(FoldTransliteration)
        .filter(CachedEnglishStemmer)
        .build();
    let names = TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(40))
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .filter(FoldTransliteration)
        .build();
    index.tokenizers().register(PROSE, prose);
    index.tokenizers().register(NAMES, names);
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

/// Distinct words remembered per thread by [`CachedEnglishStemmer`]; past
/// it the cache starts afresh (prose has far fewer distinct words).
const STEM_CACHE_WORDS: usize = 200_000;

thread_local! {
    /// Word → English stem. Snowball stemming was the largest single cost
    /// of indexing and of building snippets (every word of every result);
    /// a lookup is several times cheaper.
    static STEMS: RefCell<(TextAnalyzer, HashMap<String, String>)> = RefCell::new((
        TextAnalyzer::builder(RawTokenizer::default())
            .filter(Stemmer::new(Language::English))
            .build(),
        HashMap::new(),
    ));
}

/// tantivy's English [`Stemmer`], with its answers remembered per thread:
/// the same stems, computed once per distinct word.
#[derive(Clone, Copy)]
pub struct CachedEnglishStemmer;

impl TokenFilter for CachedEnglishStemmer {
    type Tokenizer<T: Tokenizer> = CachedStemmerFilter<T>;

    fn transform<T: Tokenizer>(self, tokenizer: T) -> Self::Tokenizer<T> {
        CachedStemmerFilter(tokenizer)
    }
}

#[derive(Clone)]
pub struct CachedStemmerFilter<T>(T);

impl<T: Tokenizer> Tokenizer for CachedStemmerFilter<T> {
    type TokenStream<'a> = CachedStemmerStream<T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        CachedStemmerStream(self.0.token_stream(text))
    }
}

pub struct CachedStemmerStream<T>(T);

/// The English stem of `word`.
pub fn stem(word: &str, out: &mut String) {
    STEMS.with(|cell| {
        let (stemmer, cache) = &mut *cell.borrow_mut();
        if let Some(s) = cache.get(word) {
            out.clear();
            out.push_str(s);
            return;
        }
        let mut stream = stemmer.token_stream(word);
        let stemmed = if stream.advance() {
            stream.token().text.clone()
        } else {
            word.to_string()
        };
        drop(stream);
        if cache.len() >= STEM_CACHE_WORDS {
            cache.clear();
        }
        cache.insert(word.to_string(), stemmed.clone());
        *out = stemmed;
    });
}

impl<T: TokenStream> TokenStream for CachedStemmerStream<T> {
    fn advance(&mut self) -> bool {
        if !self.0.advance() {
            return false;
        }
        let token = self.0.token_mut();
        let mut out = String::new();
        stem(&token.text, &mut out);
        token.text = out;
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
    fn cached_stems_equal_tantivys() {
        let mut plain = TextAnalyzer::builder(SimpleTokenizer::default())
            .filter(Stemmer::new(Language::English))
            .build();
        let mut cached = TextAnalyzer::builder(SimpleTokenizer::default())
            .filter(CachedEnglishStemmer)
            .build();
        let text = "agreements agreed running runs ran norms consensus consensus states";
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
