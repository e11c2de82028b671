//! Who wrote the text: op-ed bylines, "Statement by NAME" headers,
//! signature blocks under joint statements and closing bio lines ("Emma
//! Hartigan is a research fellow at …"), with the country an op-ed speaks
//! for.

use super::body::BodyPara;
use crate::extract::byline::Byline;
use crate::extract::gazetteer::Gazetteer;
use crate::extract::lexicon::{is_honorific, is_name_word, is_role_word};
use crate::extract::text::outside_quotes;
use crate::extract::text::word_count;
use crate::extract::tokens::{possessive_base, tokenize};
use crate::model::Person;

/// Closing paragraphs searched for author bio lines.
const BIO_PARAS: usize = 5;
/// Lines after the text searched for a signature block.
const SIGNATURE_LINES: usize = 16;

/// The authors whose text the body is: an op-ed byline (a role, "for" an
/// outlet, or a page that calls itself opinion), a signed statement ("Name,
/// Role" under the headline, or "Statement by NAME" as the headline). A
/// reporter's plain byline on a news story names no speaker.
pub(super) fn authors_of(
    byline: Option<&Byline>,
    (header, header_line): (&[Person], &str),
    signatories: &[Person],
    opinion: bool,
    paras: &[BodyPara],
    gaz: &Gazetteer,
) -> (Vec<Person>, String) {
    if !signatories.is_empty() && crate::extract::header::states_only(header) {
        let names: Vec<&str> = signatories.iter().map(|p| p.name.as_str()).collect();
        return (
            signatories.to_vec(),
            format!("signed: {}", names.join(", ")),
        );
    }
    if !header.is_empty() {
        return (header.to_vec(), header_line.to_string());
    }
    let Some(b) = byline else {
        return if opinion {
            (
                bio_authors(paras, gaz),
                "the author's closing bio line".into(),
            )
        } else {
            (Vec::new(), String::new())
        };
    };
    let signed = b.role.is_some();
    // "By NAME for OUTLET" heads commentary written for the outlet, and
    // also a correspondent's report: a text that reports what others said,
    // and never speaks as "I" or "we" outside quotation marks, is a report.
    let op_ed = b.outlet.is_some() && !reads_as_a_report(paras)
        || b.author
            .split_whitespace()
            .any(|w| is_role_word(w) || is_honorific(w));
    if !(signed || op_ed || opinion) {
        return (Vec::new(), String::new());
    }
    let authors = b
        .author
        .split(" and ")
        .flat_map(|a| a.split(", "))
        .map(str::trim)
        .filter(|a| !a.is_empty())
        .map(|a| {
            let mut p = parse_byline_author(a, paras, gaz);
            if p.role.is_none() {
                p.role.clone_from(&b.role);
            }
            p
        })
        .collect();
    (authors, format!("byline: {}", b.author))
}

/// Reporting verbs outside quotation marks, and no first person there.
fn reads_as_a_report(paras: &[BodyPara]) -> bool {
    let mut reports = 0;
    for p in paras {
        let outside = outside_quotes(p.text);
        for w in outside.split(|c: char| !c.is_alphanumeric() && c != '\'') {
            match w {
                "I" | "we" | "We" | "our" | "Our" | "us" | "my" | "My" => return false,
                "said" | "told" | "says" => reports += 1,
                _ => {}
            }
        }
        if outside.contains("according to") {
            reports += 1;
        }
    }
    reports > 0
}

/// Op-ed authors named in closing bio lines: "Emma Hartigan is a research
/// fellow at …".
fn bio_authors(paras: &[BodyPara], gaz: &Gazetteer) -> Vec<Person> {
    let start = paras.len().saturating_sub(BIO_PARAS);
    paras[start..]
        .iter()
        .filter_map(|p| {
            let (name, _) = p.text.split_once(" is ")?;
            let words: Vec<&str> = name.split_whitespace().collect();
            let looks_like_name =
                (2..=4).contains(&words.len()) && words.iter().all(|w| is_name_word(w, gaz));
            looks_like_name.then(|| Person {
                name: name.trim().to_string(),
                slug: String::new(),
                role: None,
                country: None,
                aliases: Vec::new(),
            })
        })
        .collect()
}

/// Names signing a statement, one a line after the text, each perhaps
/// followed by a line with their title.
pub(super) fn signature_block(tail: &[&str], gaz: &Gazetteer) -> Vec<Person> {
    let mut out: Vec<Person> = Vec::new();
    for line in tail.iter().take(SIGNATURE_LINES) {
        let words: Vec<&str> = line.split_whitespace().collect();
        let is_name = (2..=4).contains(&words.len()) && words.iter().all(|w| is_name_word(w, gaz));
        if is_name {
            out.push(Person {
                name: line.trim().to_string(),
                slug: String::new(),
                role: None,
                country: None,
                aliases: Vec::new(),
            });
        } else if let Some(last) = out.last_mut()
            && last.role.is_none()
            && line.split_whitespace().any(is_role_word)
            && word_count(line) <= 14
        {
            last.role = Some(line.trim().to_string());
            let toks = tokenize(line);
            last.country = toks
                .iter()
                .find_map(|t| {
                    gaz.country_any(t.text)
                        .or_else(|| gaz.country_any(possessive_base(t.text)))
                })
                .map(str::to_string);
        } else if !out.is_empty() {
            break;
        }
    }
    out
}

/// "Ambassador Yakovenko" → name, role, and the country the op-ed speaks for
/// (the one it names most).
fn parse_byline_author(author: &str, paras: &[BodyPara], gaz: &Gazetteer) -> Person {
    let words: Vec<&str> = author.split_whitespace().collect();
    let skip = words
        .iter()
        .take_while(|w| is_honorific(w) || is_role_word(w))
        .count()
        .min(words.len().saturating_sub(1));
    let role_words: Vec<&str> = words[..skip]
        .iter()
        .copied()
        .filter(|w| {
            !matches!(
                w.trim_end_matches('.').to_lowercase().as_str(),
                "mr" | "mrs" | "ms" | "dr" | "prof" | "sir" | "dame"
            )
        })
        .collect();
    let body: String = paras.iter().map(|p| p.text).collect::<Vec<_>>().join(" ");
    Person {
        name: words[skip..].join(" "),
        slug: String::new(),
        role: (!role_words.is_empty()).then(|| role_words.join(" ")),
        country: most_named_country(&body, gaz),
        aliases: Vec::new(),
    }
}

fn most_named_country(text: &str, gaz: &Gazetteer) -> Option<String> {
    let mut counts: Vec<(String, usize)> = Vec::new();
    for t in tokenize(text).iter().filter(|t| t.word) {
        if let Some(c) = gaz
            .country_any(t.text)
            .or_else(|| gaz.country_any(possessive_base(t.text)))
        {
            match counts.iter_mut().find(|(n, _)| n == c) {
                Some(e) => e.1 += 1,
                None => counts.push((c.to_string(), 1)),
            }
        }
    }
    counts.into_iter().max_by_key(|(_, n)| *n).map(|(c, _)| c)
}
