//! The user's query syntax, before tantivy sees it: words, `"phrases"`,
//! `-exclusions` and `OR` pass through; the fields `speaker:`, `forum:`,
//! `source:`, `kind:`, `language:` and `year:` (with ranges `2019..2022`) are taken out
//! and become filters. Nothing here fails: odd input is read as words.

/// Fields that become filters rather than text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FieldFilter {
    Speaker(String),
    Forum(String),
    Source(String),
    Kind(String),
    /// `language:ru`, `lang:Russian`.
    Language(String),
    /// Inclusive year range; either end may be open.
    Years(Option<u32>, Option<u32>),
}

/// A query split into free text and field filters.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Parsed {
    /// What is left for full-text search, in tantivy's syntax.
    pub text: String,
    pub filters: Vec<FieldFilter>,
    /// Things we could not use, said back to the user.
    pub notes: Vec<String>,
}

/// Fields tantivy searches itself (its own `field:word` syntax).
const TEXT_FIELDS: &[&str] = &["title", "body", "statements"];

pub fn parse(q: &str) -> Parsed {
    let mut out = Parsed::default();
    let mut text: Vec<String> = Vec::new();
    let (tokens, unclosed) = tokens(q);
    if let Some(phrase) = unclosed {
        out.notes.push(format!(
            "A quotation mark was not closed; “{phrase}” was searched as a phrase."
        ));
    }
    for token in tokens {
        let Some((field, value)) = split_field(&token) else {
            text.push(token);
            continue;
        };
        let value = value.trim_matches('"').trim().to_string();
        let lower = field.to_ascii_lowercase();
        if value.is_empty() {
            out.notes
                .push(format!("“{field}:” has no value and was ignored."));
            continue;
        }
        match lower.as_str() {
            "speaker" | "by" | "who" => out.filters.push(FieldFilter::Speaker(value)),
            "forum" | "in" | "where" => out.filters.push(FieldFilter::Forum(value)),
            "source" | "outlet" => out.filters.push(FieldFilter::Source(value)),
            "kind" | "type" => out.filters.push(FieldFilter::Kind(value)),
            "language" | "lang" => out.filters.push(FieldFilter::Language(value)),
            "year" | "years" => match year_range(&value) {
                Some((a, b)) => out.filters.push(FieldFilter::Years(a, b)),
                None => {
                    out.notes.push(format!(
                        "“{value}” is not a year or a range like 2019..2022; searched as words."
                    ));
                    text.push(value);
                }
            },
            f if TEXT_FIELDS.contains(&f) => text.push(format!("{f}:{}", quote_if_needed(&value))),
            _ => {
                out.notes.push(format!(
                    "There is no field “{field}”; searched for the words instead."
                ));
                text.push(field.to_string());
                text.push(quote_if_needed(&value));
            }
        }
    }
    out.text = text.join(" ");
    out
}

/// Split on whitespace, keeping `"quoted phrases"` (also after `field:` or
/// `-`) together. An unclosed quote runs to the end; its phrase is returned
/// too, so the user can be told.
fn tokens(q: &str) -> (Vec<String>, Option<String>) {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut quoted = false;
    let mut opened_at = 0;
    for (i, c) in q.char_indices() {
        match c {
            '"' | '“' | '”' => {
                quoted = !quoted;
                opened_at = i + c.len_utf8();
                cur.push('"');
            }
            c if c.is_whitespace() && !quoted => {
                if !cur.is_empty() {
                    out.push(std::mem::take(&mut cur));
                }
            }
            c => cur.push(c),
        }
    }
    let unclosed = quoted.then(|| q[opened_at..].trim().to_string());
    if quoted {
        cur.push('"');
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    (out, unclosed.filter(|p| !p.is_empty()))
}

/// `speaker:Khramov` → ("speaker", "Khramov"); URLs and times are not fields.
fn split_field(token: &str) -> Option<(&str, &str)> {
    let (field, value) = token.split_once(':')?;
    let ok = !field.is_empty()
        && field.len() <= 12
        && field.chars().all(|c| c.is_ascii_alphabetic())
        && !value.starts_with("//");
    ok.then_some((field, value))
}

fn quote_if_needed(v: &str) -> String {
    if v.contains(char::is_whitespace) {
        format!("\"{v}\"")
    } else {
        v.to_string()
    }
}

/// `2019`, `2019..2022`, `..2020`, `2019..`, `2019-2022`.
fn year_range(v: &str) -> Option<(Option<u32>, Option<u32>)> {
    let year = |s: &str| -> Option<Option<u32>> {
        let s = s.trim();
        if s.is_empty() {
            return Some(None);
        }
        s.parse::<u32>()
            .ok()
            .filter(|y| (1000..=9999).contains(y))
            .map(Some)
    };
    let (a, b) = match v.split_once("..").or_else(|| v.split_once('-')) {
        Some((a, b)) => (year(a)?, year(b)?),
        None => {
            let y = year(v)?;
            (y, y)
        }
    };
    if a.is_none() && b.is_none() {
        return None;
    }
    Some(match (a, b) {
        (Some(x), Some(y)) if x > y => (Some(y), Some(x)),
        r => r,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_become_filters_and_the_rest_is_text() {
        let p = parse(
            r#"speaker:Khramov forum:OEWG "club interests" -cyber year:2019..2022 title:treaty"#,
        );
        assert_eq!(p.text, r#""club interests" -cyber title:treaty"#);
        assert_eq!(
            p.filters,
            vec![
                FieldFilter::Speaker("Khramov".into()),
                FieldFilter::Forum("OEWG".into()),
                FieldFilter::Years(Some(2019), Some(2022)),
            ]
        );
    }

    #[test]
    fn quoted_field_values_and_odd_input() {
        let p = parse(r#"speaker:"Oleg Khramov" colour:red year:soon speaker: "unclosed"#);
        assert_eq!(p.filters, vec![FieldFilter::Speaker("Oleg Khramov".into())]);
        assert_eq!(p.text, r#"colour red soon "unclosed""#);
        // colour:, year:soon, speaker: with no value, and the unclosed quote.
        assert_eq!(p.notes.len(), 4);
        assert!(p.notes[0].contains("“unclosed”"), "{:?}", p.notes);
    }

    #[test]
    fn year_forms() {
        assert_eq!(year_range("2019"), Some((Some(2019), Some(2019))));
        assert_eq!(year_range("..2020"), Some((None, Some(2020))));
        assert_eq!(year_range("2022..2019"), Some((Some(2019), Some(2022))));
        assert_eq!(year_range(".."), None);
        assert_eq!(year_range("abc"), None);
    }
}
