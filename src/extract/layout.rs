//! From raw text to paragraphs: trim indentation, drop blank lines and join
//! hard-wrapped lines back into the paragraphs they were cut from.

use super::text::{ends_sentence, is_stopword, words};

/// A paragraph of the source text and where it began.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Para {
    pub text: String,
    /// 1-based line number of its first line in the text.
    pub line: usize,
    /// Items separated by runs of spaces or tabs, as menus are laid out.
    pub gappy: bool,
}

/// Lines shorter than this are never taken as wrapped prose.
const MIN_WRAPPED_LINE: usize = 40;

pub fn paragraphs(text: &str) -> Vec<Para> {
    let mut out: Vec<Para> = Vec::new();
    let mut open = false; // whether the last paragraph may take the next line
    for (i, raw) in text.lines().enumerate() {
        let line = clean_line(raw);
        if line.is_empty() {
            open = false;
            continue;
        }
        if open
            && let Some(last) = out.last_mut()
            && continues(&last.text, &line)
        {
            last.text.push(' ');
            last.text.push_str(&line);
            continue;
        }
        out.push(Para {
            text: line,
            line: i + 1,
            gappy: is_gappy(raw),
        });
        open = true;
    }
    out
}

/// Whether `next` continues the hard-wrapped line that `prev` ends with.
fn continues(prev: &str, next: &str) -> bool {
    let last_line_len = prev.len();
    if ends_sentence(prev) || last_line_len < MIN_WRAPPED_LINE {
        return false;
    }
    let starts_lower = next.chars().next().is_some_and(char::is_lowercase);
    let ends_mid_clause =
        prev.ends_with([',', '-', '–', ';']) || words(prev).last().is_some_and(is_stopword);
    starts_lower || ends_mid_clause
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
fn clean_line(raw: &str) -> String {
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
    }

    #[test]
    fn menus_stay_separate() {
        let p = paragraphs("World\nBusiness & Economy\nSport\n");
        assert_eq!(p.len(), 3);
    }
}
