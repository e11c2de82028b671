//! Words: runs of letters, digits, apostrophes and inner hyphens, read by
//! a byte scan; their count, their folded form, and the capitals of a
//! transcript turn's label.

use super::case::push_lowercase;

/// Words: runs of letters, digits, apostrophes and inner hyphens.
pub fn words(text: &str) -> Words<'_> {
    Words { rest: text }
}

/// The iterator of [`words`]. Every extraction step reads words, so this
/// scans bytes, decoding only non-ASCII characters; it yields exactly what
/// splitting at every other character, trimming apostrophes and hyphens
/// from both ends and skipping empty pieces would.
#[derive(Debug, Clone)]
pub struct Words<'a> {
    rest: &'a str,
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '\'' || c == '’' || c == '-'
}

/// Length in bytes of the character at the start of `s` and whether it
/// belongs to a word.
fn first_char(s: &str) -> (usize, bool) {
    let b = s.as_bytes()[0];
    if b.is_ascii() {
        (1, b.is_ascii_alphanumeric() || b == b'\'' || b == b'-')
    } else {
        let c = s.chars().next().expect("non-empty");
        (c.len_utf8(), is_word_char(c))
    }
}

impl<'a> Iterator for Words<'a> {
    type Item = &'a str;

    fn next(&mut self) -> Option<&'a str> {
        let rest = self.rest;
        let bytes = rest.as_bytes();
        let mut i = 0;
        loop {
            // Skip separators.
            while i < bytes.len() {
                let (len, word) = if bytes[i].is_ascii() {
                    (1, is_ascii_word_byte(bytes[i]))
                } else {
                    first_char(&rest[i..])
                };
                if word {
                    break;
                }
                i += len;
            }
            if i == bytes.len() {
                self.rest = "";
                return None;
            }
            let start = i;
            while i < bytes.len() {
                let (len, word) = if bytes[i].is_ascii() {
                    (1, is_ascii_word_byte(bytes[i]))
                } else {
                    first_char(&rest[i..])
                };
                if !word {
                    break;
                }
                i += len;
            }
            let piece = &rest[start..i];
            // Most words start and end with a letter: nothing to trim.
            let (first, last) = (bytes[start], bytes[i - 1]);
            if first.is_ascii_alphanumeric() && last.is_ascii_alphanumeric() {
                self.rest = &rest[i..];
                return Some(piece);
            }
            let w = piece.trim_matches(|c: char| c == '\'' || c == '’' || c == '-');
            if !w.is_empty() {
                self.rest = &rest[i..];
                return Some(w);
            }
        }
    }
}

fn is_ascii_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'\'' || b == b'-'
}

/// The words of `text` lower-cased and joined by single spaces: the same
/// as `words(text).map(str::to_lowercase).collect::<Vec<_>>().join(" ")`,
/// built in one buffer (ASCII words are lower-cased in place).
pub fn fold_words(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for w in words(text) {
        if !out.is_empty() {
            out.push(' ');
        }
        push_lowercase(&mut out, w);
    }
    out
}

/// "SENIOR OFFICIAL: Thanks, everybody.", "MR. LEE: …": a transcript turn,
/// its speaker in capitals before the words in ordinary case. ("LAVROV: WE
/// WILL ACT" and "Zakharova: …" are headlines.)
pub fn opens_with_turn_label(text: &str) -> bool {
    let Some((label, rest)) = text.split_once(": ") else {
        return false;
    };
    if !rest.chars().any(char::is_lowercase) || word_count(label) > 6 {
        return false;
    }
    if word_count(label) <= 5 && is_all_caps_word(label) {
        return true;
    }
    // "Mr. LINDQVIST (Sweden)", "Ivan MALENICA": a record's speaker, the
    // surname in capitals, after an honorific or a first name.
    let bare = match (label.find('('), label.rfind(')')) {
        (Some(a), Some(b)) if a < b => format!("{}{}", &label[..a], &label[b + 1..]),
        _ => label.to_string(),
    };
    let mut ws: Vec<&str> = bare.split_whitespace().collect();
    if ws.first().is_some_and(|w| {
        matches!(
            w.trim_end_matches('.'),
            "Mr" | "Ms" | "Mrs" | "Dr" | "H.E" | "Mme" | "Sr" | "Sra"
        )
    }) {
        ws.remove(0);
    }
    (1..=3).contains(&ws.len())
        && ws.last().is_some_and(|w| is_all_caps_word(w))
        && ws
            .iter()
            .all(|w| w.chars().next().is_some_and(char::is_uppercase))
}

/// A word in capitals ("MALENICA", "NATO"): two letters or more, all upper case.
pub fn is_all_caps_word(word: &str) -> bool {
    let mut letters = 0;
    word.chars().filter(|c| c.is_alphabetic()).all(|c| {
        letters += 1;
        c.is_uppercase()
    }) && letters >= 2
}

/// A Cyrillic letter (Russian and the other languages written in it).
pub fn is_cyrillic(c: char) -> bool {
    ('\u{0400}'..='\u{04FF}').contains(&c)
}

/// Chinese and Japanese characters, written without spaces between words.
pub fn is_cjk(c: char) -> bool {
    matches!(c, '\u{3040}'..='\u{30ff}' | '\u{3400}'..='\u{4dbf}' | '\u{4e00}'..='\u{9fff}')
}

/// How many [`is_cjk`] characters `text` has (none, for most text: the
/// scan stops at the first byte test for ASCII).
pub fn cjk_chars(text: &str) -> usize {
    if text.is_ascii() {
        return 0;
    }
    text.chars().filter(|&c| is_cjk(c)).count()
}

pub fn word_count(text: &str) -> usize {
    words(text).count()
}
