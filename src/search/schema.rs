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

/// The languages with an analyser of their own: the ISO 639-1 code, the
/// field (and analyser) name, and the Snowball stemmer (none for Chinese,
/// which is segmented into words by jieba instead). An article in one of
/// these languages keeps its title and paragraphs in that field instead
/// of `body`, so each article is scored by one analyser: the one of its
/// language. English and the languages without an analyser stay in `body`.
pub const LANGUAGE_FIELDS: [(&str, &str, Option<Language>); 9] = [
    ("fr", "body_fr", Some(Language::French)),
    ("es", "body_es", Some(Language::Spanish)),
    ("de", "body_de", Some(Language::German)),
    ("it", "body_it", Some(Language::Italian)),
    ("pt", "body_pt", Some(Language::Portuguese)),
    ("nl", "body_nl", Some(Language::Dutch)),
    ("ru", "body_ru", Some(Language::Russian)),
    ("ar", "body_ar", Some(Language::Arabic)),
    ("zh", "body_zh", None),
];

/// The position in [`LANGUAGE_FIELDS`] (and [`Fields::langs`]) of a
/// language with its own analyser.
pub fn language_slot(code: &str) -> Option<usize> {
    LANGUAGE_FIELDS.iter().position(|(c, _, _)| *c == code)
}

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
    /// The article's stable key ([`super::build::article_key`] of its id):
    /// hits are resolved to articles by it, and an update deletes an
    /// article's documents by it, so adding a file shifts nothing.
    pub key: Field,
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
    /// Article documents in a language with its own analyser: their title
    /// (twice), paragraphs and speaker names, as `body` holds them for
    /// English (see `LANGUAGE_FIELDS`).
    pub langs: [Field; LANGUAGE_FIELDS.len()],
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

/// The names fields' analyser: words folded to ASCII, other scripts spelt in
/// Latin, and the gazetteer's and romanisation's variants folded together,
/// so `Лавров`, `Lavrov` and `Lawrow` are one term.
fn names_analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(40))
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .filter(Rewrite(romanise))
        .filter(Rewrite(crate::extract::gazetteer::fold_word_changed))
        .filter(Rewrite(fold_romanisation))
        .build()
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
        key: b.add_u64_field("key", FAST | INDEXED),
        stmt: b.add_u64_field("stmt", FAST | STORED),
        title: b.add_text_field("title", text(PROSE)),
        body: b.add_text_field("body", text(PROSE)),
        aside: b.add_text_field(ASIDE, text(PROSE)),
        statements: b.add_text_field("statements", text(PROSE)),
        body_pairs: b.add_text_field(BODY_PAIRS, pairs()),
        statement_pairs: b.add_text_field(STATEMENT_PAIRS, pairs()),
        langs: LANGUAGE_FIELDS.map(|(_, name, _)| b.add_text_field(name, text(name))),
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
    index.tokenizers().register(PROSE, prose);
    index.tokenizers().register(NAMES, names_analyzer());
    index
        .tokenizers()
        .register(PAIRS, TextAnalyzer::from(WhitespaceTokenizer::default()));
    for (_, name, stemmer) in LANGUAGE_FIELDS {
        index
            .tokenizers()
            .register(name, language_analyzer(stemmer));
    }
}

/// The analyser of a language field: Snowball-stemmed words, lower-cased
/// and accents folded first (so `securite` finds `sécurité`: both fold,
/// then stem, alike); Chinese segmented into words by jieba.
pub fn language_analyzer(stemmer: Option<Language>) -> TextAnalyzer {
    match stemmer {
        Some(language) => TextAnalyzer::builder(SimpleTokenizer::default())
            .filter(RemoveLongFilter::limit(40))
            .filter(LowerCaser)
            .filter(AsciiFoldingFilter)
            .filter(Stemmer::new(language))
            .build(),
        None => TextAnalyzer::builder(ChineseTokenizer)
            .filter(RemoveLongFilter::limit(40))
            .filter(LowerCaser)
            .filter(AsciiFoldingFilter)
            .build(),
    }
}

/// The segmenter, with its embedded dictionary: loaded the first time a
/// Chinese text is indexed or searched (a few hundred milliseconds), never
/// by an archive without one.
fn jieba() -> &'static jieba_rs::Jieba {
    static JIEBA: std::sync::OnceLock<jieba_rs::Jieba> = std::sync::OnceLock::new();
    JIEBA.get_or_init(jieba_rs::Jieba::new)
}

/// The short dictionary words a long word is made of, left to right, two
/// or three characters each (`能力建设` → `能力`, `建设`); the word alone
/// when they do not cover it.
fn finest<'a>(jieba: &jieba_rs::Jieba, word: &'a str) -> Vec<&'a str> {
    if word.chars().count() <= 3 {
        return vec![word];
    }
    let grams = jieba.cut_for_search(word, false);
    let mut parts = Vec::new();
    let mut at = 0;
    while at < word.len() {
        // The longest dictionary gram starting here, shorter than the word.
        let next = grams
            .iter()
            .filter(|g| g.len() < word.len() && g.as_ptr() as usize - word.as_ptr() as usize == at)
            .max_by_key(|g| g.len());
        match next {
            Some(g) => {
                parts.push(*g);
                at += g.len();
            }
            None => return vec![word],
        }
    }
    parts
}

/// Whether a character is written in Chinese (CJK ideographs).
fn is_han(c: char) -> bool {
    matches!(c, '\u{3400}'..='\u{4dbf}' | '\u{4e00}'..='\u{9fff}' | '\u{f900}'..='\u{faff}')
}

/// A query with its runs of Chinese, outside quoted phrases, written as
/// the short words the Chinese field indexes for every word, separated by
/// spaces: each is then a word of its own that the text must have, where
/// the unbroken run would be one phrase whose segmentation can differ from
/// the text's. `None` when the query has no Chinese outside quotes.
pub fn chinese_query(text: &str) -> Option<String> {
    if !text.chars().any(is_han) {
        return None;
    }
    let jieba = jieba();
    let mut out = String::with_capacity(text.len() * 2);
    let mut quoted = false;
    let mut changed = false;
    let mut run = String::new();
    let flush = |run: &mut String, out: &mut String, changed: &mut bool| {
        if run.is_empty() {
            return;
        }
        let words: Vec<&str> = jieba
            .cut(run, true)
            .into_iter()
            .flat_map(|w| finest(jieba, w))
            .collect();
        // Grouped, so that `A OR 上海合作组织` stays one alternative.
        out.push(' ');
        if words.len() > 1 {
            *changed = true;
            out.push('(');
            out.push_str(&words.join(" "));
            out.push(')');
        } else {
            out.push_str(&words.concat());
        }
        out.push(' ');
        run.clear();
    };
    for c in text.chars() {
        if c == '"' {
            quoted = !quoted;
        }
        if !quoted && is_han(c) {
            run.push(c);
            continue;
        }
        flush(&mut run, &mut out, &mut changed);
        out.push(c);
    }
    flush(&mut run, &mut out, &mut changed);
    changed.then(|| out.split_whitespace().collect::<Vec<_>>().join(" "))
}

/// Chinese words as jieba segments them (with its HMM for words not in
/// the dictionary); runs of Latin letters and digits stay whole.
/// Punctuation and spaces are not tokens.
#[derive(Clone, Copy, Default)]
pub struct ChineseTokenizer;

/// Tokens worked out in advance (jieba segments a whole text at once).
pub struct VecTokenStream {
    tokens: Vec<Token>,
    next: usize,
}

impl TokenStream for VecTokenStream {
    fn advance(&mut self) -> bool {
        self.next += 1;
        self.next <= self.tokens.len()
    }

    fn token(&self) -> &Token {
        &self.tokens[self.next - 1]
    }

    fn token_mut(&mut self) -> &mut Token {
        &mut self.tokens[self.next - 1]
    }
}

impl Tokenizer for ChineseTokenizer {
    type TokenStream<'a> = VecTokenStream;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> VecTokenStream {
        let jieba = jieba();
        let base = text.as_ptr() as usize;
        let mut tokens = Vec::new();
        for (position, word) in jieba
            .cut(text, true)
            .into_iter()
            .filter(|w| w.chars().any(char::is_alphanumeric))
            .enumerate()
        {
            // A long word also stands for the short dictionary words it is
            // made of (进行谈判: 进行, 谈判), at its position: a query is
            // searched as those short words (see [`chinese_query`]), which
            // do not depend on how the surrounding text was segmented.
            let parts = finest(jieba, word);
            let extra = if parts.len() > 1 { parts } else { Vec::new() };
            for part in std::iter::once(word).chain(extra) {
                // jieba returns slices of `text`: the offset is where it starts.
                let from = part.as_ptr() as usize - base;
                tokens.push(Token {
                    offset_from: from,
                    offset_to: from + part.len(),
                    position,
                    text: part.to_string(),
                    position_length: 1,
                });
            }
        }
        VecTokenStream { tokens, next: 0 }
    }
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

/// A token filter that replaces each word a function changes: the one
/// shape of the name folds below ([`romanise`], [`fold_romanisation`] and
/// the gazetteer's transliteration fold), the same at indexing and query
/// time.
#[derive(Clone, Copy)]
pub struct Rewrite(pub fn(&str) -> Option<String>);

impl TokenFilter for Rewrite {
    type Tokenizer<T: Tokenizer> = RewriteFilter<T>;

    fn transform<T: Tokenizer>(self, tokenizer: T) -> Self::Tokenizer<T> {
        RewriteFilter(tokenizer, self.0)
    }
}

#[derive(Clone)]
pub struct RewriteFilter<T>(T, fn(&str) -> Option<String>);

impl<T: Tokenizer> Tokenizer for RewriteFilter<T> {
    type TokenStream<'a> = RewriteStream<T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        RewriteStream(self.0.token_stream(text), self.1)
    }
}

pub struct RewriteStream<T>(T, fn(&str) -> Option<String>);

impl<T: TokenStream> TokenStream for RewriteStream<T> {
    fn advance(&mut self) -> bool {
        if !self.0.advance() {
            return false;
        }
        let token = self.0.token_mut();
        if let Some(new) = (self.1)(&token.text) {
            token.text = new;
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

/// A name in another script in Latin letters, as `deunicode` spells it
/// (`лавров` → `lavrov`, `拉夫罗夫` → `lafuluofu`), so a name typed in
/// Cyrillic finds the Latin spelling and the other way round.
pub fn romanise(word: &str) -> Option<String> {
    if word.is_ascii() {
        return None;
    }
    let latin: String = deunicode::deunicode(word)
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect();
    (!latin.is_empty()).then_some(latin)
}

/// The romanisation-folded form of a lower-case name word, if folding
/// changes it: German and Polish `w` for `v`, `tsch`/`tch` for `ch`,
/// `sch` for `sh`, `x` for `ks`, French `-off` and `ou` for `-ov` and `u`.
pub fn fold_romanisation(word: &str) -> Option<String> {
    if !word.contains(['w', 'x', 'c', 'f', 'o']) {
        return None;
    }
    let mut w = word
        .replace("tsch", "ch")
        .replace("tch", "ch")
        .replace("sch", "sh")
        .replace('w', "v")
        .replace('x', "ks");
    if let Some(stem) = w.strip_suffix("off") {
        w = format!("{stem}ov");
    }
    if w.len() > 3 {
        w = w.replace("ou", "u");
    }
    (w != word).then_some(w)
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
        .filter(Rewrite(crate::extract::gazetteer::fold_word_changed))
        .filter(Stemmer::new(Language::English))
        .build()
}

/// Words are short: Fx hashing (rustc-hash, as the extractor's maps), not SipHash, whose
/// set-up cost dominated lookups.
type WordCache = rustc_hash::FxHashMap<String, String>;

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

    fn words(analyzer: &mut TextAnalyzer, text: &str) -> Vec<String> {
        let mut out = Vec::new();
        analyzer
            .token_stream(text)
            .process(&mut |t| out.push(t.text.clone()));
        out
    }

    #[test]
    fn names_in_any_script_and_romanisation_fold_together() {
        let mut names = names_analyzer();
        let lavrov = words(&mut names, "Lavrov");
        for spelling in ["Лавров", "LAVROV", "Lawrow", "Lavroff"] {
            assert_eq!(words(&mut names, spelling), lavrov, "{spelling}");
        }
        assert_eq!(
            words(&mut names, "Aleksandr Jakowenko"),
            words(&mut names, "Alexandr Jakovenko")
        );
        assert_eq!(
            words(&mut names, "Сергей Шойгу"),
            words(&mut names, "Sergey Shoigu")
        );
        assert_eq!(words(&mut names, "拉夫罗夫"), vec!["lafuluofu"]);
        assert_ne!(words(&mut names, "Khramov"), lavrov);
    }

    #[test]
    fn each_language_is_stemmed_by_its_own_rules() {
        let slot = |code| LANGUAGE_FIELDS[language_slot(code).unwrap()].2;
        let mut ru = language_analyzer(slot("ru"));
        assert_eq!(words(&mut ru, "переговоров"), words(&mut ru, "переговоры"));
        let mut fr = language_analyzer(slot("fr"));
        assert_eq!(words(&mut fr, "sécurité"), words(&mut fr, "securite"));
        assert_eq!(
            words(&mut fr, "négociations"),
            words(&mut fr, "négociation")
        );
        let mut es = language_analyzer(slot("es"));
        assert_eq!(
            words(&mut es, "negociaciones"),
            words(&mut es, "negociación")
        );
    }

    #[test]
    fn chinese_is_segmented_into_words() {
        let mut zh = language_analyzer(None);
        let tokens = words(&mut zh, "中国外交部发言人表示，上海合作组织支持联合国。");
        assert!(tokens.len() >= 5, "{tokens:?}");
        assert!(tokens.iter().any(|t| t == "联合国"), "{tokens:?}");
        // A word inside a longer one is a token too.
        let tokens = words(&mut zh, "进行谈判");
        assert!(tokens.iter().any(|t| t == "谈判"), "{tokens:?}");
        // Queries are searched as the short words, phrases left whole.
        assert_eq!(chinese_query("能力建设").as_deref(), Some("(能力 建设)"));
        assert_eq!(chinese_query("\"能力建设\" OEWG"), None);
        assert_eq!(chinese_query("OEWG cyber"), None);
        assert!(tokens.iter().all(|t| t.chars().count() <= 6), "{tokens:?}");
        // Offsets are byte offsets into the text, as snippets need.
        let text = "OEWG 会议";
        let mut offsets = Vec::new();
        zh.token_stream(text)
            .process(&mut |t| offsets.push((t.text.clone(), t.offset_from, t.offset_to)));
        assert_eq!(offsets[0], ("oewg".to_string(), 0, 4));
        assert_eq!(&text[offsets[1].1..offsets[1].2], "会议");
    }

    #[test]
    fn cached_prose_equals_the_plain_chain() {
        let mut plain = TextAnalyzer::builder(SimpleTokenizer::default())
            .filter(LowerCaser)
            .filter(AsciiFoldingFilter)
            .filter(Rewrite(crate::extract::gazetteer::fold_word_changed))
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
