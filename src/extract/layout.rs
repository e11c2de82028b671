//! From raw text to paragraphs: trim indentation, drop blank lines and join
//! hard-wrapped lines back into the paragraphs they were cut from.

use super::text::{cjk_chars, ends_sentence, is_stopword, push_lowercase, words};

/// A paragraph of the source text and where it began.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Para {
    pub text: String,
    /// 1-based line number of its first line in the text.
    pub line: usize,
    /// Items separated by runs of spaces or tabs, as menus are laid out.
    pub gappy: bool,
    /// Number of [`words`] (the title finder and the cleaner ask for it many
    /// times, so it is counted once here).
    pub words: usize,
    /// How many of those are stop words.
    pub stopwords: usize,
    /// The words lower-cased and joined by spaces: what "the same paragraph"
    /// means when spotting repeats and the title's echo.
    pub key: String,
}

impl Para {
    fn new(text: String, line: usize, gappy: bool) -> Para {
        // One pass over the words for the count, the stop words and the key
        // (the key as `text::fold_words` builds it).
        let (mut n, mut stop) = (0, 0);
        let mut key = String::with_capacity(text.len());
        for w in words(&text) {
            n += 1;
            if is_stopword(w) {
                stop += 1;
            }
            if !key.is_empty() {
                key.push(' ');
            }
            push_lowercase(&mut key, w);
        }
        // Chinese runs of characters count at about two a word.
        let words = n + cjk_chars(&text) / 2;
        Para {
            text,
            line,
            gappy,
            words,
            stopwords: stop,
            key,
        }
    }

    /// The share of words that are stop words, as [`super::text::stopword_density`].
    pub fn stopword_density(&self) -> f32 {
        if self.words == 0 {
            0.0
        } else {
            self.stopwords as f32 / self.words as f32
        }
    }
}

/// Lines shorter than this are never taken as wrapped prose.
const MIN_WRAPPED_LINE: usize = 40;

pub fn paragraphs(text: &str) -> Vec<Para> {
    let lines: Vec<String> = text.lines().map(clean_line).collect();
    let width = wrap_width(&lines);
    // (text, first line, gappy) while lines are still being joined.
    let mut out: Vec<(String, usize, bool)> = Vec::new();
    let mut open = false; // whether the last paragraph may take the next line
    let mut last_line_len = 0; // characters in the last line joined
    for (i, (raw, line)) in text.lines().zip(lines).enumerate() {
        if line.is_empty() {
            open = false;
            continue;
        }
        let len = line.chars().count();
        if open
            && let Some(last) = out.last_mut()
            && (continues(&last.0, &line) || broken_at_width(&last.0, last_line_len, &line, width))
        {
            last.0.push(' ');
            last.0.push_str(&line);
            last_line_len = len;
            continue;
        }
        out.push((line, i + 1, is_gappy(raw)));
        last_line_len = len;
        open = true;
    }
    out.into_iter()
        .flat_map(|(text, line, gappy)| {
            split_caption_turns(text)
                .into_iter()
                .map(move |t| Para::new(t, line, gappy))
        })
        .collect()
}

/// Live captions run turns together on one line, each opened by `>>`
/// (">> CHAIR: Good morning. >> BRAZIL: Thank you."): one paragraph a turn.
fn split_caption_turns(text: String) -> Vec<String> {
    if !text.contains(">> ") {
        return vec![text];
    }
    text.split(">> ")
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(str::to_string)
        .collect()
}

/// Whether `next` continues the hard-wrapped line that `prev` ends with.
fn continues(prev: &str, next: &str) -> bool {
    let last_line_len = prev.len();
    if ends_sentence(prev) || last_line_len < MIN_WRAPPED_LINE {
        return false;
    }
    let starts_lower = next.chars().next().is_some_and(char::is_lowercase);
    // Checked only when needed, and from the end: `prev` is the paragraph
    // joined so far, and scanning all its words for every line is quadratic.
    starts_lower || prev.ends_with([',', '-', '–', ';']) || last_word(prev).is_some_and(is_stopword)
}

/// The width a plain-text file was hard-wrapped at (mailing lists, e-mail,
/// text dumps of PDFs), when most of its long lines end close to one
/// width: the 90th percentile of their lengths, in characters.
fn wrap_width(lines: &[String]) -> Option<usize> {
    let mut long: Vec<usize> = lines
        .iter()
        .map(|l| l.chars().count())
        .filter(|&n| n >= MIN_WRAPPED_LINE)
        .collect();
    if long.len() < 8 {
        return None;
    }
    long.sort_unstable();
    let width = long[(long.len() - 1) * 9 / 10];
    let near = long
        .iter()
        .filter(|&&n| n * 4 >= width * 3 && n <= width)
        .count();
    (width <= MAX_WRAP_WIDTH && near * 5 >= long.len() * 3).then_some(width)
}

/// Widths past this are paragraphs a page keeps on one line, not a wrap.
const MAX_WRAP_WIDTH: usize = 120;

/// Whether a hard-wrapped line was broken only because `next`'s first word
/// would not have fitted (the wrapper's own rule): then "… the Harbour
/// Review Ministerial / Meeting in Bergen" is one sentence even
/// though the next line opens with a capital.
fn broken_at_width(prev: &str, last_line_len: usize, next: &str, width: Option<usize>) -> bool {
    let Some(width) = width else { return false };
    let first = next.split_whitespace().next().unwrap_or("");
    let opens_item =
        first.starts_with(['-', '*', '•', '>', '[', '(']) || first.ends_with([')', '.', ':']);
    !ends_sentence(prev) && !opens_item && last_line_len + 1 + first.chars().count() > width
}

/// `words(text).last()`, found by reading from the end.
fn last_word(text: &str) -> Option<&str> {
    let trim = |c: char| c == '\'' || c == '’' || c == '-';
    text.rsplit(|c: char| !(c.is_alphanumeric() || trim(c)))
        .map(|w| w.trim_matches(trim))
        .find(|w| !w.is_empty())
}

/// Two or more gaps of several spaces (or tabs) between words.
fn is_gappy(raw: &str) -> bool {
    raw.trim()
        .split("  ")
        .filter(|part| !part.trim().is_empty())
        .count()
        >= 3
        || raw.trim().contains('\t')
}

/// Trim, fold runs of spaces and tabs, and drop zero-width characters.
/// Runs of ASCII bytes other than whitespace are copied whole; only
/// non-ASCII characters are decoded.
fn clean_line(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut space = false;
    let bytes = raw.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b.is_ascii() {
            if is_ascii_space(b) {
                space = true;
                i += 1;
                continue;
            }
            let start = i;
            while i < bytes.len() && bytes[i].is_ascii() && !is_ascii_space(bytes[i]) {
                i += 1;
            }
            if space && !out.is_empty() {
                out.push(' ');
            }
            space = false;
            out.push_str(&raw[start..i]);
            continue;
        }
        let c = raw[i..].chars().next().expect("non-empty");
        i += c.len_utf8();
        if matches!(c, '\u{200b}' | '\u{200c}' | '\u{200d}' | '\u{feff}') {
            continue;
        }
        if c.is_whitespace() {
            space = true;
        } else {
            if space && !out.is_empty() {
                out.push(' ');
            }
            space = false;
            out.push(c);
        }
    }
    out
}

/// `char::is_whitespace` for an ASCII byte.
fn is_ascii_space(b: u8) -> bool {
    matches!(b, b'\t' | b'\n' | 0x0b | 0x0c | b'\r' | b' ')
}

/// The character-by-character `clean_line` the byte scan replaced.
#[cfg(test)]
fn reference_clean_line(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut space = false;
    for c in raw.chars() {
        if matches!(c, '\u{200b}' | '\u{200c}' | '\u{200d}' | '\u{feff}') {
            continue;
        }
        if c.is_whitespace() {
            space = true;
        } else {
            if space && !out.is_empty() {
                out.push(' ');
            }
            space = false;
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn wrapped_lines_are_joined_and_paragraphs_kept() {
        let text = "Title line\n\n   The committee met in Geneva on Monday and agreed\nto continue its work next year.\nA second paragraph stands alone.\n";
        let p = paragraphs(text);
        assert_eq!(p.len(), 3);
        assert_eq!(
            p[1].text,
            "The committee met in Geneva on Monday and agreed to continue its work next year."
        );
        assert_eq!(p[1].line, 3);
        assert_eq!(p[2].text, "A second paragraph stands alone.");
        assert_eq!(p[2].words, 5);
        assert_eq!(p[2].stopwords, 1);
        assert_eq!(p[2].key, "a second paragraph stands alone");
    }

    #[test]
    fn last_word_is_the_last_of_words() {
        for text in [
            "",
            "a b c",
            "the end -- '",
            "it is of",
            "Zürich’s-",
            "x.y, z!",
        ] {
            assert_eq!(last_word(text), words(text).last(), "{text:?}");
        }
    }

    /// A raw line: words, spaces of every kind and zero-width characters.
    fn raw_line() -> impl Strategy<Value = String> {
        proptest::collection::vec(
            prop_oneof![
                3 => proptest::sample::select(vec![
                    "Title", "a", "Zürich", "naïve", "中文", " ", " ", "  ", "\t", "\r", "\u{b}",
                    "\u{c}", "\u{a0}", "\u{2003}", "\u{3000}", "\u{200b}", "\u{200c}",
                    "\u{200d}", "\u{feff}", "\u{85}",
                ])
                .prop_map(str::to_string),
                // Any character but a line break: a line has none.
                1 => any::<char>().prop_filter("a line", |c| *c != '\n').prop_map(String::from),
            ],
            0..25,
        )
        .prop_map(|p| p.concat())
    }

    proptest! {
        #[test]
        fn clean_line_matches_the_reference_on_random_lines(raw in raw_line()) {
            prop_assert_eq!(clean_line(&raw), reference_clean_line(&raw));
        }
    }

    #[test]
    fn clean_line_matches_the_reference() {
        for raw in [
            "",
            "   ",
            "  Title\tline  with   gaps ",
            "\u{feff}Zürich\u{200b} \u{a0}naïve\u{2003}x\u{000b}y\r",
            " \u{200b} a \u{200d} b\u{3000}",
        ] {
            assert_eq!(clean_line(raw), reference_clean_line(raw), "{raw:?}");
        }
    }

    #[test]
    fn lines_wrapped_at_a_width_are_joined_before_a_capital() {
        // Our own text, wrapped at 64 columns as a mailing list would: the
        // fifth line breaks before a capital that is not a new sentence.
        let lines = [
            "The delegates of Norland and the Harbour Institute met on a",
            "grey morning to talk about cables, ports and the quiet work of",
            "keeping networks up during the winter storms. They agreed that",
            "the question would be taken up again during the Harbour Review",
            "Ministerial Session in Bergen next spring, with a short paper",
            "from each side and a list of contacts for the coming season.",
            "Nobody expected a quick answer from either capital, but the",
            "tone was warmer than at any other meeting in the last three",
            "years, and both sides said so in their notes afterwards too.",
        ];
        let text = format!("Short heading\n\n{}\n", lines.join("\n"));
        let p = paragraphs(&text);
        // A line that ends a sentence may end a paragraph: kept apart.
        assert_eq!(p.len(), 3, "{p:#?}");
        assert!(p[2].text.starts_with("Nobody"), "{p:#?}");
        assert!(
            p[1].text.contains("Review Ministerial Session in Bergen"),
            "{}",
            p[1].text
        );
    }

    #[test]
    fn short_lines_of_a_wrapped_file_stay_apart() {
        let body =
            "This line of our own writing is long enough to count as wrapped text\n".repeat(9);
        let text = format!("{body}It ends here.\nContact\nHarbour Institute\n");
        let p = paragraphs(&text);
        let texts: Vec<&str> = p.iter().map(|p| p.text.as_str()).collect();
        assert_eq!(texts[texts.len() - 2..], ["Contact", "Harbour Institute"]);
        assert!(texts[0].ends_with("It ends here."), "{texts:?}");
    }

    #[test]
    fn menus_stay_separate() {
        let p = paragraphs("World\nBusiness & Economy\nSport\n");
        assert_eq!(p.len(), 3);
    }
}
