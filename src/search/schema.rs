//! The index schema and the analyzers its text fields use.

use tantivy::Index;
use tantivy::schema::{
    FAST, Field, INDEXED, IndexRecordOption, STORED, STRING, Schema, TextFieldIndexing, TextOptions,
};
use tantivy::tokenizer::{
    AsciiFoldingFilter, Language, LowerCaser, RemoveLongFilter, SimpleTokenizer, Stemmer,
    TextAnalyzer,
};

/// Prose: lower-cased, accents folded, English-stemmed.
pub const PROSE: &str = "prose";
/// Names: lower-cased and accents folded, not stemmed.
pub const NAMES: &str = "names";

/// Every field, resolved once.
#[derive(Debug, Clone, Copy)]
pub struct Fields {
    /// Position of the article in the archive's article list.
    pub ord: Field,
    pub title: Field,
    pub body: Field,
    pub statements: Field,
    pub speaker_names: Field,
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
        ord: b.add_u64_field("ord", FAST | STORED),
        title: b.add_text_field("title", text(PROSE)),
        body: b.add_text_field("body", text(PROSE)),
        statements: b.add_text_field("statements", text(PROSE)),
        speaker_names: b.add_text_field("speaker_names", text(NAMES)),
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
        .filter(Stemmer::new(Language::English))
        .build();
    let names = TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(40))
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .build();
    index.tokenizers().register(PROSE, prose);
    index.tokenizers().register(NAMES, names);
}
