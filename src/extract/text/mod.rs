//! Small text primitives the extraction steps share: words, stop words,
//! quotation marks and a quote-aware sentence splitter.
//!
//! Lowest first: [`case`] (lower-casing without allocating), [`words`],
//! [`stopwords`], [`sentences`] (quotation marks and the splitter).

pub mod case;
pub mod sentences;
pub mod stopwords;
#[cfg(test)]
mod tests;
pub mod words;

pub use case::{contains_lowercase, push_lowercase, title_case, with_lowercase};
pub use sentences::{
    ends_sentence, is_close_quote, is_open_quote, is_quote, outside_quotes, sentences,
};
pub use stopwords::{is_stopword, stopword_density};
pub use words::{
    Words, cjk_chars, fold_words, is_all_caps_word, is_cjk, is_cyrillic, opens_with_turn_label,
    word_count, words,
};
