//! Quotation marks and sentences: which marks open and close quotes,
//! whether a line ends like a sentence, and a splitter that does not break
//! inside a quotation or after an abbreviation or an initial.

pub fn is_open_quote(c: char) -> bool {
    matches!(c, '“' | '„' | '«' | '"' | '「' | '『')
}

pub fn is_close_quote(c: char) -> bool {
    matches!(c, '”' | '»' | '"' | '」' | '』')
}

pub fn is_quote(c: char) -> bool {
    is_open_quote(c) || is_close_quote(c)
}

/// The text without its quoted words: the narration around them. A
/// quotation left open runs to the end of the text.
pub fn outside_quotes(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut depth = 0usize;
    for c in text.chars() {
        if is_open_quote(c) && (c != '"' || depth == 0) {
            depth += 1;
        } else if is_close_quote(c) && depth > 0 {
            depth -= 1;
        } else if depth == 0 {
            out.push(c);
        }
    }
    out
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
        // Chinese and Japanese full stops end a sentence with no space after.
        let cjk_stop = matches!(c, '。' | '！' | '？');
        let terminal = matches!(c, '.' | '!' | '?') || cjk_stop;
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
            if (cjk_stop || followed_by_space && starts_new)
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

pub(super) fn is_abbreviation(before_period: &str) -> bool {
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
