//! Tests of the text primitives, each fast path against its reference.

use super::sentences::is_abbreviation;
use super::stopwords::{MAX_STOPWORD_LEN, STOPWORDS};
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
            while j < chars.len() && (is_close_quote(chars[j].1) || matches!(chars[j].1, ')' | '’'))
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

#[test]
fn narration_outside_quotes() {
    assert_eq!(
        outside_quotes("He said “we will” and left."),
        "He said  and left."
    );
    assert_eq!(outside_quotes("The treaty “is open"), "The treaty ");
}
