//! Optional front matter: TOML between `+++` lines or YAML between `---`
//! lines at the very top of a file. A curator uses it to correct or add any
//! field the extractor would otherwise guess.

use serde::Deserialize;

use crate::model::Person;

/// Fields a curator may set. Unknown keys are an error so typos surface in
/// `check` instead of being silently ignored.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct FrontMatter {
    pub id: Option<String>,
    pub title: Option<String>,
    /// `2022-12-10`, `2022-12` or `2022`.
    pub date: Option<String>,
    pub source: Option<String>,
    pub kind: Option<String>,
    pub speakers: Option<Vec<Person>>,
    pub forums: Option<Vec<String>>,
    pub mentioned: Option<Vec<String>>,
    /// Where the document was published (http or https).
    pub url: Option<String>,
    /// The text's language: `ru`, `rus` or `Russian` (`language` also
    /// names it). Wins over detection.
    #[serde(alias = "language")]
    pub lang: Option<String>,
}

/// The outcome of looking for front matter in a text.
#[derive(Debug)]
pub struct Split<'a> {
    pub front: FrontMatter,
    /// Why the front matter could not be used, if it was present but broken.
    pub error: Option<String>,
    /// The text after the front matter block (all of it when there is none).
    pub body: &'a str,
}

/// Separate front matter from the text. Broken front matter is reported,
/// never fatal: the document is still read from its text.
pub fn split(text: &str) -> Split<'_> {
    let trimmed = text.trim_start_matches('\u{feff}');
    for (fence, format) in [("+++", Format::Toml), ("---", Format::Yaml)] {
        let Some(rest) = strip_fence_line(trimmed, fence) else {
            continue;
        };
        let Some((block, body)) = find_closing(rest, fence) else {
            return Split {
                front: FrontMatter::default(),
                error: Some(format!(
                    "front matter opened with `{fence}` is never closed"
                )),
                body: rest,
            };
        };
        let parsed = match format {
            Format::Toml => toml::from_str::<FrontMatter>(block).map_err(|e| e.to_string()),
            Format::Yaml if block.trim().is_empty() => Ok(FrontMatter::default()),
            Format::Yaml => {
                serde_yaml_ng::from_str::<FrontMatter>(block).map_err(|e| e.to_string())
            }
        };
        return match parsed {
            Ok(front) => Split {
                front,
                error: None,
                body,
            },
            Err(e) => Split {
                front: FrontMatter::default(),
                error: Some(format!(
                    "malformed {} front matter: {}",
                    format.name(),
                    first_line(&e)
                )),
                body,
            },
        };
    }
    Split {
        front: FrontMatter::default(),
        error: None,
        body: trimmed,
    }
}

#[derive(Clone, Copy)]
enum Format {
    Toml,
    Yaml,
}

impl Format {
    fn name(self) -> &'static str {
        match self {
            Format::Toml => "TOML",
            Format::Yaml => "YAML",
        }
    }
}

fn first_line(s: &str) -> String {
    s.lines().next().unwrap_or_default().trim().to_string()
}

/// `text` minus its first line when that line is exactly the fence.
fn strip_fence_line<'a>(text: &'a str, fence: &str) -> Option<&'a str> {
    let rest = text.strip_prefix(fence)?;
    let (line, after) = rest.split_once('\n').unwrap_or((rest, ""));
    line.trim().is_empty().then_some(after)
}

/// Split at the first line that is exactly the fence.
fn find_closing<'a>(text: &'a str, fence: &str) -> Option<(&'a str, &'a str)> {
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        if line.trim_end() == fence {
            return Some((&text[..offset], &text[offset + line.len()..]));
        }
        offset += line.len();
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn toml_front_matter_is_read() {
        let s = split("+++\nid = \"a1\"\ntitle = \"T\"\n+++\nBody text.\n");
        assert_eq!(s.front.id.as_deref(), Some("a1"));
        assert_eq!(s.body, "Body text.\n");
        assert!(s.error.is_none());
    }

    #[test]
    fn yaml_front_matter_is_read() {
        let s = split("---\ntitle: Hello\nforums: [OEWG]\n---\nText");
        assert_eq!(s.front.title.as_deref(), Some("Hello"));
        assert_eq!(s.front.forums, Some(vec!["OEWG".to_string()]));
    }

    #[test]
    fn malformed_front_matter_is_reported_and_text_kept() {
        let s = split("+++\ntitle = \n+++\nStill here.");
        assert!(s.error.unwrap().contains("malformed TOML"));
        assert_eq!(s.body, "Still here.");
        let s = split("+++\ntitle = \"x\"\nno closing");
        assert!(s.error.unwrap().contains("never closed"));
    }

    #[test]
    fn text_without_front_matter_is_untouched() {
        let s = split("--- not a fence\nText");
        assert!(s.error.is_none());
        assert_eq!(s.body, "--- not a fence\nText");
    }
}
