//! Sentences as tokens: [`Tok`] (a word or a punctuation mark with its
//! byte span), [`tokenize`], [`join_tokens`] back to text, and the
//! possessive ending of a token (`Council’s` → `Council`).

/// A word or punctuation mark with its byte span in the sentence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tok<'a> {
    pub text: &'a str,
    pub start: usize,
    pub end: usize,
    pub word: bool,
}

pub fn tokenize(s: &str) -> Vec<Tok<'_>> {
    // Walks the string by byte offsets (no vector of its characters),
    // decoding only non-ASCII characters.
    let bytes = s.as_bytes();
    let next_char = |at: usize| match bytes.get(at) {
        Some(&b) if b.is_ascii() => Some(b as char),
        Some(_) => s[at..].chars().next(),
        None => None,
    };
    let mut out = Vec::with_capacity(s.len() / 4);
    let mut pos = 0;
    while let Some(c) = next_char(pos) {
        if c.is_whitespace() {
            pos += c.len_utf8();
            continue;
        }
        if c.is_alphanumeric() {
            let mut end = pos + c.len_utf8();
            loop {
                // Runs of ASCII letters and digits first: most of a word.
                while bytes.get(end).is_some_and(u8::is_ascii_alphanumeric) {
                    end += 1;
                }
                let Some(cj) = next_char(end) else { break };
                let after = end + cj.len_utf8();
                let joins = matches!(cj, '\'' | '’' | '-' | '.' | '‑')
                    && next_char(after).is_some_and(char::is_alphanumeric);
                if cj.is_alphanumeric() || joins {
                    end = after;
                } else {
                    break;
                }
            }
            out.push(Tok {
                text: &s[pos..end],
                start: pos,
                end,
                word: true,
            });
            pos = end;
        } else {
            let end = pos + c.len_utf8();
            out.push(Tok {
                text: &s[pos..end],
                start: pos,
                end,
                word: false,
            });
            pos = end;
        }
    }
    out
}

/// Rebuild text from tokens, without spaces before punctuation.
pub fn join_tokens(toks: &[Tok]) -> String {
    let mut out = String::new();
    for (i, t) in toks.iter().enumerate() {
        if i > 0 && t.word && !matches!(toks[i - 1].text, "’" | "'" | "-") {
            out.push(' ');
        }
        out.push_str(t.text);
    }
    out
}

/// `Council’s` → `Council`.
pub fn possessive_base(word: &str) -> &str {
    word.strip_suffix("'s")
        .or_else(|| word.strip_suffix("’s"))
        .or_else(|| word.strip_suffix('\''))
        .or_else(|| word.strip_suffix('’'))
        .unwrap_or(word)
}

/// Whether the word ends in a possessive (`Council’s`, `states'`).
pub fn is_possessive(word: &str) -> bool {
    possessive_base(word).len() != word.len()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The spec of [`tokenize`]: the character-vector tokenizer it replaced.
    fn spec_tokenize(s: &str) -> Vec<Tok<'_>> {
        let mut out = Vec::new();
        let chars: Vec<(usize, char)> = s.char_indices().collect();
        let mut i = 0;
        while i < chars.len() {
            let (pos, c) = chars[i];
            if c.is_whitespace() {
                i += 1;
                continue;
            }
            let mut j = i + 1;
            if c.is_alphanumeric() {
                while j < chars.len() {
                    let cj = chars[j].1;
                    let joins = matches!(cj, '\'' | '’' | '-' | '.' | '‑')
                        && chars.get(j + 1).is_some_and(|&(_, n)| n.is_alphanumeric());
                    if !(cj.is_alphanumeric() || joins) {
                        break;
                    }
                    j += 1;
                }
            }
            let end = chars.get(j).map_or(s.len(), |&(p, _)| p);
            out.push(Tok {
                text: &s[pos..end],
                start: pos,
                end,
                word: c.is_alphanumeric(),
            });
            i = j;
        }
        out
    }

    /// Text of the characters the tokenizer treats apart: letters (ASCII
    /// and not), digits, joiners, quotes, spaces of several kinds.
    fn text() -> impl Strategy<Value = String> {
        proptest::collection::vec(
            prop_oneof![
                4 => proptest::char::range('a', 'z'),
                2 => proptest::char::range('A', 'Z'),
                1 => proptest::char::range('0', '9'),
                3 => proptest::sample::select(vec![
                    ' ', '\'', '’', '-', '.', '‑', ',', '“', '”', '(', ')', '\t', '\n',
                    '\u{a0}', '\u{2003}', 'ü', 'É', 'Σ', '中', 'ǅ', '٣', '\u{301}',
                ]),
                1 => any::<char>(),
            ],
            0..40,
        )
        .prop_map(|cs| cs.into_iter().collect())
    }

    proptest! {
        #[test]
        fn tokenize_matches_the_spec(s in text()) {
            prop_assert_eq!(tokenize(&s), spec_tokenize(&s));
        }
    }

    #[test]
    fn tokenize_matches_the_spec_on_hard_cases() {
        for s in [
            "",
            " ",
            "U.S. Secretary-General António Guterres’ “remarks” (N.Y.) - 2021.",
            "end.' x-‑y ' -a a- Zürich’s ΣΟΦΙΑ 中文",
        ] {
            assert_eq!(tokenize(s), spec_tokenize(s), "{s:?}");
        }
    }

    #[test]
    fn join_tokens_and_possessives() {
        let toks = tokenize("Council’s “remarks” (N.Y.) , x-y");
        assert_eq!(join_tokens(&toks), "Council’s“ remarks”( N.Y.), x-y");
        assert_eq!(possessive_base("Council’s"), "Council");
        assert_eq!(possessive_base("states'"), "states");
        assert!(is_possessive("Russia's") && !is_possessive("Russia"));
    }
}
