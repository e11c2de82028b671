//! Small text primitives the extraction steps share: words, stop words,
//! quotation marks and a quote-aware sentence splitter.

/// Common English function words; their density tells prose from menus.
const STOPWORDS: &[&str] = &[
    "a", "about", "after", "against", "all", "also", "an", "and", "any", "are", "as", "at", "be",
    "because", "been", "before", "being", "between", "both", "but", "by", "can", "could", "did",
    "do", "does", "during", "each", "for", "from", "had", "has", "have", "he", "her", "here",
    "his", "how", "i", "if", "in", "into", "is", "it", "its", "may", "more", "most", "must", "no",
    "not", "of", "on", "only", "or", "other", "our", "out", "over", "said", "she", "should", "so",
    "some", "such", "than", "that", "the", "their", "them", "then", "there", "these", "they",
    "this", "those", "through", "to", "under", "until", "up", "was", "we", "were", "what", "when",
    "where", "which", "while", "who", "will", "with", "would", "you", "your",
];

/// Function words of the other languages the archive reads (French,
/// Spanish, Russian), so their prose is not taken for a menu: the ASCII
/// ones, packed with the English.
const STOPWORDS_ASCII_OTHER: &[&str] = &[
    "au", "aux", "ce", "dans", "de", "des", "du", "el", "elle", "en", "est", "et", "il", "la",
    "las", "le", "les", "lo", "los", "ne", "par", "pas", "para", "pour", "que", "qui", "se", "ses",
    "son", "sur", "un", "una", "une", "y", "con", "del", "al", "por", "su", "sus", "como",
];

/// The non-ASCII ones, lower-case.
const STOPWORDS_NON_ASCII: &[&str] = &[
    "и",
    "в",
    "во",
    "не",
    "на",
    "что",
    "с",
    "со",
    "по",
    "как",
    "это",
    "для",
    "от",
    "из",
    "к",
    "о",
    "об",
    "но",
    "за",
    "же",
    "его",
    "ее",
    "её",
    "их",
    "который",
    "которые",
    "которая",
    "также",
    "он",
    "она",
    "они",
    "мы",
    "был",
    "была",
    "были",
    "будет",
    "а",
    "или",
    "при",
    "до",
    "у",
    "été",
    "à",
    "où",
    "más",
    "él",
    "será",
    "está",
];

static STOPWORD_NON_ASCII_SET: std::sync::LazyLock<rustc_hash::FxHashSet<&'static str>> =
    std::sync::LazyLock::new(|| STOPWORDS_NON_ASCII.iter().copied().collect());

/// The longest stop word ("against", "because", "between", "through").
const MAX_STOPWORD_LEN: usize = 7;

/// The longest non-ASCII stop word, in bytes ("который": 7 letters).
const MAX_NON_ASCII_STOPWORD_BYTES: usize = 16;

pub fn is_stopword(word: &str) -> bool {
    // Compare ignoring ASCII case without allocating: this runs per word.
    // Stop words are short and ASCII, so longer words (most content words)
    // are answered by their length alone.
    let bytes = word.as_bytes();
    if !word.is_ascii() {
        return bytes.len() <= MAX_NON_ASCII_STOPWORD_BYTES
            && STOPWORD_NON_ASCII_SET.contains(word.to_lowercase().as_str());
    }
    if bytes.len() > MAX_STOPWORD_LEN {
        return false;
    }
    // Non-ASCII bytes stay as they are and match no stop word.
    STOPWORD_KEYS
        .binary_search(&stopword_key(
            bytes.iter().map(u8::to_ascii_lowercase),
            bytes.len(),
        ))
        .is_ok()
}

/// Stop words packed into integers (bytes, then the length), sorted: one
/// integer comparison per probe instead of a byte-string comparison.
static STOPWORD_KEYS: std::sync::LazyLock<Vec<u64>> = std::sync::LazyLock::new(|| {
    let mut keys: Vec<u64> = STOPWORDS
        .iter()
        .chain(STOPWORDS_ASCII_OTHER)
        .map(|w| stopword_key(w.bytes(), w.len()))
        .collect();
    keys.sort_unstable();
    keys
});

/// Up to [`MAX_STOPWORD_LEN`] bytes and their count in one `u64`.
fn stopword_key(bytes: impl Iterator<Item = u8>, len: usize) -> u64 {
    let mut key = [0u8; 8];
    for (d, b) in key.iter_mut().zip(bytes) {
        *d = b;
    }
    key[MAX_STOPWORD_LEN] = len as u8;
    u64::from_be_bytes(key)
}

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

/// Append `w.to_lowercase()` to `out`, without allocating for ASCII words.
pub fn push_lowercase(out: &mut String, w: &str) {
    if w.is_ascii() {
        let from = out.len();
        out.push_str(w);
        out[from..].make_ascii_lowercase();
    } else {
        // `str::to_lowercase` knows the final sigma; per-char lowering does not.
        out.push_str(&w.to_lowercase());
    }
}

/// Call `f` with `w.to_lowercase()`, lowered in a stack buffer when `w`
/// is short and ASCII (most words): no allocation per word.
#[inline]
pub fn with_lowercase<R>(w: &str, f: impl FnOnce(&str) -> R) -> R {
    const CAP: usize = 48;
    if w.len() <= CAP && w.is_ascii() {
        let mut buf = [0u8; CAP];
        let buf = &mut buf[..w.len()];
        buf.copy_from_slice(w.as_bytes());
        buf.make_ascii_lowercase();
        f(std::str::from_utf8(buf).expect("ASCII stays UTF-8"))
    } else {
        f(&w.to_lowercase())
    }
}

/// `text.to_lowercase().contains(needle)` without lower-casing `text`, for
/// a `needle` in ASCII lower case that has no `k` and does not end in `i`:
/// then only ASCII letters can lower-case into it (the Kelvin sign becomes
/// `k`; `İ` becomes `i` and a combining dot, which no ASCII needle has).
pub fn contains_lowercase(text: &str, needle: &str) -> bool {
    debug_assert!(
        needle
            .bytes()
            .all(|b| b.is_ascii() && !b.is_ascii_uppercase() && b != b'k')
            && !needle.ends_with('i')
    );
    let (h, n) = (text.as_bytes(), needle.as_bytes());
    let Some(&first) = n.first() else {
        return true;
    };
    h.len() >= n.len()
        && (0..=h.len() - n.len()).any(|i| {
            h[i].to_ascii_lowercase() == first && h[i..i + n.len()].eq_ignore_ascii_case(n)
        })
}

/// "SENIOR OFFICIAL: Thanks, everybody.", "MR. LEE: …": a transcript turn,
/// its speaker in capitals before the words in ordinary case. ("LAVROV: WE
/// WILL ACT" and "Zakharova: …" are headlines.)
pub fn opens_with_turn_label(text: &str) -> bool {
    let Some((label, rest)) = text.split_once(": ") else {
        return false;
    };
    let letters = || label.chars().filter(|c| c.is_alphabetic());
    word_count(label) <= 5
        && letters().count() >= 2
        && letters().all(char::is_uppercase)
        && rest.chars().any(char::is_lowercase)
}

pub fn word_count(text: &str) -> usize {
    words(text).count()
}

/// Share of words that are stop words (0 when there are no words).
pub fn stopword_density(text: &str) -> f32 {
    let (mut total, mut stop) = (0usize, 0usize);
    for w in words(text) {
        total += 1;
        if is_stopword(w) {
            stop += 1;
        }
    }
    if total == 0 {
        0.0
    } else {
        stop as f32 / total as f32
    }
}

pub fn is_open_quote(c: char) -> bool {
    matches!(c, '“' | '„' | '«' | '"')
}

pub fn is_close_quote(c: char) -> bool {
    matches!(c, '”' | '»' | '"')
}

pub fn is_quote(c: char) -> bool {
    is_open_quote(c) || is_close_quote(c)
}

/// Whether a line ends like a sentence: terminal punctuation, possibly
/// followed by closing quotes or brackets.
pub fn ends_sentence(text: &str) -> bool {
    let trimmed = text.trim_end_matches(|c: char| {
        c.is_whitespace() || is_close_quote(c) || matches!(c, '’' | '\'' | ')' | ']')
    });
    trimmed.ends_with(['.', '!', '?', '…', ':'])
}

/// Tokens that end in a period without ending a sentence.
const ABBREVIATIONS: &[&str] = &[
    "Adm", "Amb", "Apr", "Aug", "Capt", "Col", "Co", "Corp", "Dec", "Dr", "Feb", "Gen", "Gov",
    "Inc", "Jan", "Jr", "Jul", "Jun", "Lt", "Ltd", "Mar", "Mr", "Mrs", "Ms", "No", "Nov", "Oct",
    "Prof", "Rep", "Rev", "Sen", "Sep", "Sept", "Sr", "St", "etc", "vs",
];

/// Split a paragraph into sentences without breaking inside a quotation,
/// after an abbreviation (`Mr.`) or after an initial (`J. Smith`).
pub fn sentences(paragraph: &str) -> Vec<&str> {
    // Walks byte offsets, decoding only non-ASCII characters (no vector
    // of the paragraph's characters).
    let char_at = |at: usize| {
        let b = paragraph.as_bytes()[at];
        if b.is_ascii() {
            b as char
        } else {
            paragraph[at..].chars().next().expect("non-empty")
        }
    };
    let mut out = Vec::new();
    let mut start = 0;
    let mut in_quote = false;
    let mut prev: Option<char> = None;
    let mut pos = 0;
    let bytes = paragraph.as_bytes();
    while pos < paragraph.len() {
        // Skip ASCII bytes that are neither quotes nor sentence ends.
        let skip = bytes[pos..]
            .iter()
            .position(|&b| !b.is_ascii() || matches!(b, b'"' | b'.' | b'!' | b'?'))
            .unwrap_or(bytes.len() - pos);
        if skip > 0 {
            pos += skip;
            prev = Some(bytes[pos - 1] as char);
            continue;
        }
        let c = char_at(pos);
        if c == '"' {
            in_quote = !in_quote;
        } else if is_open_quote(c) {
            in_quote = true;
        } else if is_close_quote(c) {
            in_quote = false;
        }
        let terminal = matches!(c, '.' | '!' | '?');
        if terminal && !in_quote || (is_close_quote(c) && matches!(prev, Some('.' | '!' | '?'))) {
            // Extend over closing quotes/brackets.
            let mut end = pos + c.len_utf8();
            let mut last = c;
            while end < paragraph.len() {
                let cj = char_at(end);
                if !(is_close_quote(cj) || matches!(cj, ')' | '’')) {
                    break;
                }
                if cj == '"' {
                    in_quote = false;
                }
                last = cj;
                end += cj.len_utf8();
            }
            let after = &paragraph[end..];
            let next = after.chars().find(|c| !c.is_whitespace());
            let followed_by_space = after.chars().next().is_none_or(char::is_whitespace);
            let starts_new = next
                .is_none_or(|n| n.is_uppercase() || n.is_numeric() || is_open_quote(n) || n == '‘');
            if followed_by_space
                && starts_new
                && !(c == '.' && is_abbreviation(&paragraph[start..pos]))
                && !in_quote
            {
                let s = paragraph[start..end].trim();
                if !s.is_empty() {
                    out.push(s);
                }
                start = end;
            }
            prev = Some(last);
            pos = end;
            continue;
        }
        prev = Some(c);
        pos += c.len_utf8();
    }
    let rest = paragraph[start..].trim();
    if !rest.is_empty() {
        out.push(rest);
    }
    out
}

fn is_abbreviation(before_period: &str) -> bool {
    let last = before_period
        .rsplit(|c: char| c.is_whitespace() || c == '(')
        .next()
        .unwrap_or("");
    if last.chars().count() == 1 && last.chars().all(char::is_uppercase) {
        return true; // an initial: "J. Smith"
    }
    // "U.S." and "U.N.": letters separated by periods.
    if last.len() >= 3 && last.contains('.') && last.split('.').all(|p| p.len() <= 1) {
        return true;
    }
    ABBREVIATIONS.contains(&last)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The character-vector `sentences` the byte scan replaced.
    fn reference_sentences(paragraph: &str) -> Vec<&str> {
        let mut out = Vec::new();
        let mut start = 0;
        let mut in_quote = false;
        let chars: Vec<(usize, char)> = paragraph.char_indices().collect();
        let mut i = 0;
        while i < chars.len() {
            let (pos, c) = chars[i];
            if c == '"' {
                in_quote = !in_quote;
            } else if is_open_quote(c) {
                in_quote = true;
            } else if is_close_quote(c) {
                in_quote = false;
            }
            let terminal = matches!(c, '.' | '!' | '?');
            if terminal && !in_quote
                || (is_close_quote(c) && i > 0 && matches!(chars[i - 1].1, '.' | '!' | '?'))
            {
                // Extend over closing quotes/brackets.
                let mut j = i + 1;
                while j < chars.len()
                    && (is_close_quote(chars[j].1) || matches!(chars[j].1, ')' | '’'))
                {
                    if chars[j].1 == '"' {
                        in_quote = false;
                    }
                    j += 1;
                }
                let end = chars.get(j).map_or(paragraph.len(), |&(p, _)| p);
                let next = chars[j..]
                    .iter()
                    .find(|(_, c)| !c.is_whitespace())
                    .map(|&(_, c)| c);
                let followed_by_space = chars.get(j).is_none_or(|&(_, c)| c.is_whitespace());
                let starts_new = next.is_none_or(|n| {
                    n.is_uppercase() || n.is_numeric() || is_open_quote(n) || n == '‘'
                });
                if followed_by_space
                    && starts_new
                    && !(c == '.' && is_abbreviation(&paragraph[start..pos]))
                    && !in_quote
                {
                    let s = paragraph[start..end].trim();
                    if !s.is_empty() {
                        out.push(s);
                    }
                    start = end;
                }
                i = j;
                let _ = pos;
                continue;
            }
            i += 1;
        }
        let rest = paragraph[start..].trim();
        if !rest.is_empty() {
            out.push(rest);
        }
        out
    }

    #[test]
    fn sentences_match_the_reference() {
        for p in [
            "",
            "  ",
            "\"We agree. We will act,\" the diplomat said. Mr. Smith left the U.S. Embassy. \"Yes.\" He nodded.",
            "“It is important,” Kuzmin said. “They believe it.” Then more.",
            "Wait?! (Yes.) ’Tis so.’ ‘Quoted.’ Next. «Fin.» 3. x.y. Ü. 42!\"",
            "Ends with a quote.\"",
            "Open “quote. Never closed. Still.",
            "He said.”) A. B. J. Smith. The U.N. met.",
        ] {
            assert_eq!(sentences(p), reference_sentences(p), "{p:?}");
        }
    }

    /// The spec of [`words`]: split at what is not a word character, trim
    /// apostrophes and hyphens.
    fn reference_words(text: &str) -> Vec<&str> {
        text.split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '’' || c == '-'))
            .map(|w| w.trim_matches(|c: char| c == '\'' || c == '’' || c == '-'))
            .filter(|w| !w.is_empty())
            .collect()
    }

    /// The spec of [`fold_words`]: the words, lower-cased, one space apart.
    fn reference_fold_words(text: &str) -> String {
        words(text)
            .map(str::to_lowercase)
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// Text made of the pieces the scanners treat apart: sentence ends,
    /// quotes of every kind, brackets, abbreviations, capitals and not,
    /// digits, several spaces, non-ASCII letters (İ lower-cases longer).
    fn prose() -> impl Strategy<Value = String> {
        let piece = prop_oneof![
            6 => proptest::sample::select(vec![
                "Mr", "Dr", "U.S", "U.N", "J", "We", "the", "said", "Smith", "it's", "x-y", "Ü",
                "é", "中文", "İstanbul", "ΣΟΦΙΑΣ", "3", "42", "a", "Zürich’s",
            ])
            .prop_map(str::to_string),
            6 => proptest::sample::select(vec![
                " ", " ", "  ", "\t", "\u{a0}", ".", ".", "!", "?", ",", "\"", "“", "”", "‘", "’",
                "'", "(", ")", "«", "»", "-", "--", "…",
            ])
            .prop_map(str::to_string),
            1 => any::<char>().prop_map(String::from),
        ];
        proptest::collection::vec(piece, 0..30).prop_map(|p| p.concat())
    }

    proptest! {
        #[test]
        fn sentences_match_the_reference_on_random_prose(p in prose()) {
            prop_assert_eq!(sentences(&p), reference_sentences(&p));
        }

        #[test]
        fn words_match_the_reference_on_random_prose(p in prose()) {
            prop_assert_eq!(words(&p).collect::<Vec<_>>(), reference_words(&p));
        }

        #[test]
        fn fold_words_matches_the_reference_on_random_prose(p in prose()) {
            prop_assert_eq!(fold_words(&p), reference_fold_words(&p));
        }
    }

    #[test]
    fn words_match_splitting_and_trimming() {
        for text in [
            "",
            "  ",
            "Russia's U.S.-led “talks” -- 'quoted' ’s Zürich naïve ΣΟΦΙΑ 2021-05-03!",
            "-'-’ a-b- -c ...x",
            "end-",
            "中文 text, é",
        ] {
            assert_eq!(
                words(text).collect::<Vec<_>>(),
                reference_words(text),
                "{text:?}"
            );
        }
    }

    #[test]
    fn fold_words_lowercases_and_joins() {
        for text in ["", "The U.S. and ΣΟΦΙΑΣ’ Zürich-Talks", "  A  b\tC "] {
            assert_eq!(fold_words(text), reference_fold_words(text), "{text:?}");
        }
    }

    #[test]
    fn contains_lowercase_matches_lowercasing() {
        for text in [
            "",
            "All Rights Reserved",
            "© 2023 ALL RIGHTS RESERVED.",
            "all rights reserve",
            "ALL R\u{130}GHTS RESERVED",
            "The Op-Ed page; THE AUTHOR IS x",
            "press  release",
        ] {
            for needle in [
                "all rights reserved",
                "op-ed",
                "the author is",
                "press release",
            ] {
                assert_eq!(
                    contains_lowercase(text, needle),
                    text.to_lowercase().contains(needle),
                    "{text:?} {needle:?}"
                );
            }
        }
    }

    #[test]
    fn stopwords_fit_the_length_bound() {
        assert!(STOPWORDS.iter().all(|w| w.len() <= MAX_STOPWORD_LEN));
        assert!(is_stopword("Because") && is_stopword("THE") && !is_stopword("thereby"));
    }

    #[test]
    fn stopwords_are_sorted_for_binary_search() {
        let mut sorted = STOPWORDS.to_vec();
        sorted.sort_unstable();
        assert_eq!(sorted, STOPWORDS);
    }

    #[test]
    fn sentences_respect_quotes_and_abbreviations() {
        let p = "\"We agree. We will act,\" the diplomat said. Mr. Smith left the U.S. Embassy. \"Yes.\" He nodded.";
        let s = sentences(p);
        assert_eq!(
            s,
            vec![
                "\"We agree. We will act,\" the diplomat said.",
                "Mr. Smith left the U.S. Embassy.",
                "\"Yes.\"",
                "He nodded."
            ]
        );
    }

    #[test]
    fn curly_quotes_close_sentences() {
        let p = "“It is important,” Kuzmin said. “They believe it.” Then more.";
        assert_eq!(
            sentences(p),
            vec![
                "“It is important,” Kuzmin said.",
                "“They believe it.”",
                "Then more."
            ]
        );
    }

    #[test]
    fn sentence_endings() {
        assert!(ends_sentence("He said so."));
        assert!(ends_sentence("“It works.”"));
        assert!(!ends_sentence("Related Topics"));
    }
}
