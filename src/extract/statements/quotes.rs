//! Quotation marks in a sentence: the quoted passages long enough to be
//! statements, and whether a paragraph ends with a quotation still open
//! (the next paragraph then reopens it).

use crate::extract::text::{cjk_chars, is_close_quote, is_open_quote, word_count};

/// Quoted words shorter than this are scare quotes, not statements.
const MIN_QUOTE_WORDS: usize = 3;

/// Whether a paragraph ends with a quotation still open.
pub(super) fn ends_inside_quote(text: &str) -> bool {
    let mut open = false;
    for c in text.chars() {
        if c == '"' {
            open = !open;
        } else if is_open_quote(c) {
            open = true;
        } else if is_close_quote(c) {
            open = false;
        }
    }
    open
}

/// Words of a quotation; Chinese and Japanese are written without spaces,
/// and two characters make about a word.
fn quote_words(inner: &str) -> usize {
    word_count(inner).max(cjk_chars(inner) / 2)
}

/// Quoted passages of at least [`MIN_QUOTE_WORDS`] words.
pub(super) fn quotes(s: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut open: Option<usize> = None;
    for (i, c) in s.char_indices() {
        match open {
            None if is_open_quote(c) => open = Some(i + c.len_utf8()),
            Some(start) if is_close_quote(c) => {
                let inner = s[start..i].trim();
                if quote_words(inner) >= MIN_QUOTE_WORDS {
                    out.push(inner.trim_end_matches(',').to_string());
                }
                open = None;
            }
            _ => {}
        }
    }
    if let Some(start) = open {
        // A quote that runs on into the next paragraph.
        let inner = s[start..].trim();
        if quote_words(inner) >= MIN_QUOTE_WORDS {
            out.push(inner.to_string());
        }
    }
    out
}
