//! Who a speech or statement is by, when only its header says so:
//! "Statement by H.E. Ambassador SHEN Jian at …", "Speech from Dr NAME,
//! ROLE", "As delivered by NAME, ROLE", "Joint Statement by the Presidents
//! of A and B". The author speaks the whole text.

use std::sync::LazyLock;

use regex::Regex;

use super::gazetteer::Gazetteer;
use super::layout::Para;
use super::lexicon::is_honorific;
use super::people::mentions;
use super::tokens::tokenize;
use crate::model::Person;

/// Headers sit above the text: only this many paragraphs are looked at.
const HEADER_PARAS: usize = 10;
/// A header line is short; prose that happens to start "Remarks by" is not.
const MAX_HEADER_WORDS: usize = 40;

/// The genre words a header names the text by.
const GENRES: &str = r"statement|remarks|speech|address|message|keynote|intervention|lecture|letter|declaration|communiqu[ée]";

/// In the headline, anywhere: "Foreign Minister's Speech by NAME at …".
static IN_TITLE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)\b(?:{GENRES})s?\s+(?:delivered\s+)?(?:by|of|from)\s+(.+)"
    ))
    .expect("static pattern")
});

/// On a header line, at its start: "Statement by …", "As delivered by …".
static ON_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)^(?:(?:\w+\s+){{0,2}}(?:{GENRES})s?\s+(?:delivered\s+)?(?:by|of|from)|(?:as\s+)?(?:delivered|presented|given|read\s+out)\s+by)\s+(.+)"
    ))
    .expect("static pattern")
});

/// Where the signer's description ends: the occasion, the place, the date.
static SIGNER_END: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\s+(?:at|on|to|before|regarding|concerning|during|in\s+(?:the|a|an)|for\s+the)\s|[|(\[–—]|\s-\s")
        .expect("static pattern")
});

/// The header's authors, and the paragraph that names them (`None`: the
/// headline).
#[derive(Debug, Clone)]
pub struct Header {
    pub authors: Vec<Person>,
    pub para: Option<usize>,
}

/// Look at the headline, then the first lines of the page.
pub fn find(title: &str, paras: &[Para], gaz: &Gazetteer) -> Option<Header> {
    if let Some(c) = IN_TITLE.captures(title) {
        let authors = signers(&c[1], gaz);
        if !authors.is_empty() {
            return Some(Header {
                authors,
                para: None,
            });
        }
    }
    paras
        .iter()
        .enumerate()
        .take(HEADER_PARAS)
        .find_map(|(i, p)| {
            let phrase = match ON_LINE.captures(p.text.trim()) {
                Some(c) if p.words <= MAX_HEADER_WORDS => c.get(1)?.as_str(),
                _ => we_the(&p.text)?,
            };
            let authors = signers(phrase, gaz);
            (!authors.is_empty()).then_some(Header {
                authors,
                para: Some(i),
            })
        })
}

/// "We, the Presidents of A and B, recognise …": who a joint statement's
/// opening says "we" are (up to the verb, which follows a comma).
fn we_the(text: &str) -> Option<&str> {
    let rest = text.trim_start().strip_prefix("We, the ")?;
    let end = rest
        .match_indices(", ")
        .find(|(i, _)| rest[i + 2..].chars().next().is_some_and(char::is_lowercase))
        .map_or(rest.len(), |(i, _)| i);
    Some(rest[..end].trim_end_matches(','))
}

/// The people a signer phrase names ("H.E. Ambassador SHEN Jian", "Dr
/// NAME, ROLE"), else the states it names ("the Presidents of A and B").
fn signers(phrase: &str, gaz: &Gazetteer) -> Vec<Person> {
    let phrase = SIGNER_END
        .find(phrase)
        .map_or(phrase, |m| &phrase[..m.start()])
        .trim()
        .trim_end_matches([',', '.', ':', ';']);
    // "the foreign ministers of A, B and C": a list of states, not NAME, ROLE.
    let states = countries_in(phrase, gaz);
    if states.len() > 1 {
        return states.into_iter().map(delegation).collect();
    }
    let (who, role) = match phrase.split_once(',') {
        Some((w, r)) => (
            w.trim(),
            Some(r.trim().to_string()).filter(|r| !r.is_empty()),
        ),
        None => (phrase, None),
    };
    let who = name_case(who, gaz);
    let mut people = people_in(&who, gaz);
    if people.is_empty() {
        // "the leaders, President A and Prime Minister B": names after a comma.
        people = people_in(&name_case(phrase, gaz), gaz);
    }
    if let [one] = people.as_slice() {
        return vec![Person {
            role: role.or_else(|| one.role.clone()),
            ..one.clone()
        }];
    }
    if !people.is_empty() {
        return people;
    }
    states.into_iter().map(delegation).collect()
}

/// "President Xi Jinping and President Vladimir Putin": each of them.
fn people_in(who: &str, gaz: &Gazetteer) -> Vec<Person> {
    who.split(" and ")
        .flat_map(|p| p.split(", "))
        .filter_map(|part| {
            let toks = tokenize(part);
            let m = mentions(&toks, gaz)
                .into_iter()
                .find(|m| m.name.contains(' '))?;
            Some(Person {
                name: m.name,
                slug: String::new(),
                role: m.role,
                country: m.country,
                aliases: Vec::new(),
            })
        })
        .collect()
}

fn delegation(country: String) -> Person {
    Person {
        name: country.clone(),
        slug: String::new(),
        role: None,
        country: Some(country),
        aliases: Vec::new(),
    }
}

/// Whether the authors are states, not people (a signature block naming
/// the ministers then says more).
pub fn states_only(authors: &[Person]) -> bool {
    authors
        .iter()
        .all(|p| p.country.as_deref() == Some(p.name.as_str()))
}

/// Surnames written in capitals ("SHEN Jian", "Ivan MALENICA") in the
/// case names are otherwise written in; honorifics dropped.
/// A known acronym ("NATO Secretary General …") keeps its capitals.
fn name_case(s: &str, gaz: &Gazetteer) -> String {
    s.split_whitespace()
        .filter(|w| !is_honorific(w) && !w.eq_ignore_ascii_case("the"))
        .map(|w| {
            let letters = w.chars().filter(|c| c.is_alphabetic()).count();
            let acronym = gaz.canonical_forum(w).is_some()
                || gaz.outlet(w).is_some()
                || gaz.country_any(w).is_some();
            if letters >= 2 && !acronym && w.chars().all(|c| !c.is_lowercase()) {
                let mut c = w.chars();
                c.next()
                    .map(|f| f.to_string() + &c.as_str().to_lowercase())
                    .unwrap_or_default()
            } else {
                w.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Countries named in a short phrase, longest names first, in order.
fn countries_in(phrase: &str, gaz: &Gazetteer) -> Vec<String> {
    let words: Vec<&str> = phrase
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| !w.is_empty())
        .collect();
    let mut out: Vec<String> = Vec::new();
    let mut i = 0;
    while i < words.len() {
        let found = (1..=5.min(words.len() - i)).rev().find_map(|n| {
            let joined = words[i..i + n].join(" ");
            gaz.country(&joined)
                .or_else(|| (n == 1).then(|| gaz.country_by_demonym(words[i])).flatten())
                .map(|c| (n, c.to_string()))
        });
        match found {
            Some((n, c)) => {
                if !out.contains(&c) {
                    out.push(c);
                }
                i += n;
            }
            None => i += 1,
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn authors(title: &str, text: &str) -> Vec<String> {
        let gaz = Gazetteer::embedded().expect("gazetteer");
        let paras = super::super::layout::paragraphs(text);
        find(title, &paras, &gaz)
            .map(|h| h.authors.into_iter().map(|p| p.name).collect())
            .unwrap_or_default()
    }

    #[test]
    fn header_lines_name_the_author() {
        assert_eq!(
            authors(
                "Ministry news",
                "Ministry news\n\nStatement by H.E. Ambassador KOVAC Miran at the Debate on Security\n\nThank you, Chair.\n"
            ),
            ["Kovac Miran"]
        );
        assert_eq!(
            authors(
                "Opening of the treaty conference",
                "Opening of the treaty conference\n\nAs delivered by Greta Lindqvist, Deputy Director of the Office\n\nExcellencies,\n"
            ),
            ["Greta Lindqvist"]
        );
        assert_eq!(
            authors(
                "Speech from Dr Tomas Ferreira, Director-General",
                "Speech from Dr Tomas Ferreira, Director-General\n\nDear colleagues,\n"
            ),
            ["Tomas Ferreira"]
        );
        // An organisation's acronym in the title keeps its capitals and
        // stays out of the name.
        assert_eq!(
            authors(
                "Speech by OSCE Secretary General Aino Virtanen at the Cyber Conference",
                "Speech by OSCE Secretary General Aino Virtanen at the Cyber Conference\n\nGood morning.\n"
            ),
            ["Aino Virtanen"]
        );
    }

    #[test]
    fn joint_statements_by_states_name_the_states() {
        assert_eq!(
            authors(
                "Joint Statement by the Presidents of France and the Republic of Korea on Digital Trust",
                "Joint Statement by the Presidents of France and the Republic of Korea on Digital Trust\n\nWe, the Presidents, agree.\n"
            ),
            ["France", "South Korea"]
        );
    }

    #[test]
    fn a_joint_statement_says_who_we_are() {
        assert_eq!(
            authors(
                "Joint statement on information security",
                "Joint statement on information security\n\nWe, the President of the French Republic and the President of the Republic of Korea,\n\nRecognise the progress of technology.\n"
            ),
            ["France", "South Korea"]
        );
        assert_eq!(
            authors(
                "Leaders agree on digital trust",
                "Leaders agree on digital trust\n\nWe, the leaders, President Ivo Marsh and Prime Minister Lena Brandt, welcome the agreement.\n"
            ),
            ["Ivo Marsh", "Lena Brandt"]
        );
    }

    #[test]
    fn prose_that_mentions_a_speech_is_not_a_header() {
        assert!(
            authors(
                "Grid talks stall",
                "Grid talks stall\n\nIn a speech by the minister last year, which few remember now, the plan was set out at length before parliament and the press.\n"
            )
            .is_empty()
        );
    }
}
