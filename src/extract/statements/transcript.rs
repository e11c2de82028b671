//! Transcripts and labelled turns: whether the body is a transcript, a
//! speaker's label opening a paragraph ("Zhao Lijian: …", "MR. STROH: …",
//! "RUSSIAN FEDERATION - statement delivered by …"), and a label parsed
//! into a person or a delegation.

use super::body::BodyPara;
use crate::extract::gazetteer::Gazetteer;
use crate::extract::lexicon::{ROLE_LABELS, is_honorific, is_name_word, is_role_word};
use crate::extract::people::mentions;
use crate::extract::text::{is_all_caps_word, title_case, word_count};
use crate::extract::tokens::tokenize;
use crate::model::Person;

/// One label-like line (a dateline, a subheading) does not make a
/// transcript; two or more do, and so does one that names a speaker
/// ("Ambassador Ferreira" over the text of an excerpt's only turn).
pub fn is_transcript(paras: &[BodyPara]) -> bool {
    let headings = || paras.iter().filter(|p| p.heading);
    headings().count() >= 2 || headings().any(|p| crate::extract::clean::is_name_label(p.text))
}

/// The label of a labelled paragraph ("Zhao Lijian" of "Zhao Lijian: …").
pub(super) fn raw_label(text: &str) -> &str {
    text.split_once(": ").map_or(text, |(label, _)| label)
}

/// "Zhao Lijian: We will …", "China: We support …": a speaker label at the
/// start of a paragraph, as in briefings and transcripts.
pub(super) fn inline_label<'a>(text: &'a str, gaz: &Gazetteer) -> Option<(Person, &'a str)> {
    // (Most paragraphs have no colon: a byte search answers them.)
    if !text.as_bytes().contains(&b':') {
        return None;
    }
    let (raw_label, words) = text.split_once(": ")?;
    let mut label = raw_label.trim();
    // "Q46 Tom Ashcroft": a hearing's question number.
    if let Some((first, rest)) = label.split_once(' ')
        && first.len() <= 5
        && first.starts_with('Q')
        && first[1..].chars().all(|c| c.is_ascii_digit())
    {
        label = rest;
    }
    if word_count(words) < 3 {
        return None;
    }
    // "RUSSIAN FEDERATION - statement delivered by Mr. Vladimir Shin, …"
    if let Some((_, by)) = label
        .split_once(" delivered by ")
        .or_else(|| label.split_once(" read by "))
    {
        let toks = tokenize(by);
        let m = mentions(&toks, gaz)
            .into_iter()
            .find(|m| m.name.contains(' '))?;
        return Some((
            Person {
                name: m.name,
                slug: String::new(),
                role: m.role,
                country: m.country,
                aliases: Vec::new(),
            },
            words.trim(),
        ));
    }
    // Judge the label without its bracketed note ("(on behalf of …)").
    let bare: String = match (label.find('('), label.rfind(')')) {
        (Some(a), Some(b)) if a < b => format!("{}{}", &label[..a], &label[b + 1..]),
        _ => label.to_string(),
    };
    let n = word_count(&bare);
    // "MR. STROH", "Ms. Okafor", "Ambassador Lee": an honorific opens the label.
    let honorific = bare.split_whitespace().next().is_some_and(is_honorific);
    if n == 0 || n > 5 || bare.contains(['.', ',', '"', '“']) && !honorific {
        return None;
    }
    let caps = bare
        .split_whitespace()
        .all(|w| w.chars().next().is_some_and(char::is_uppercase));
    if !caps {
        return None;
    }
    let person = parse_label(label, gaz);
    let is_country = gaz.country(&person.name).is_some();
    let words_of = |name: &str| {
        name.split_whitespace()
            .map(str::to_string)
            .collect::<Vec<_>>()
    };
    let is_name = person.name.split_whitespace().count() >= 2
        && person.name.split_whitespace().all(|w| is_name_word(w, gaz));
    // After an honorific, a surname alone is a name ("Mr. Halvorsen").
    let is_surname = honorific && !person.name.contains(' ') && is_name_word(&person.name, gaz);
    let is_role = words_of(&person.name)
        .iter()
        .all(|w| is_role_word(w) || ROLE_LABELS.contains(&w.to_lowercase().as_str()));
    (is_country || is_name || is_surname || is_role).then_some((person, words.trim()))
}

/// A transcript label: "China:", "UNITED KINGDOM", "Mr. Burhan Gafoor
/// (Singapore), Chair:".
pub(super) fn parse_label(label: &str, gaz: &Gazetteer) -> Person {
    let mut text = label.trim().trim_end_matches([':', '.']).trim().to_string();
    let mut country = None;
    if let Some(open) = text.find('(')
        && let Some(close) = text[open..].find(')')
    {
        let inner = text[open + 1..open + close].trim().to_string();
        country = gaz.country(&inner).map(str::to_string).or(Some(inner));
        text = format!("{}{}", &text[..open], &text[open + close + 1..]);
    }
    let mut role = None;
    if let Some((name, r)) = text.split_once(',') {
        role = Some(r.trim().to_string());
        text = name.trim().to_string();
    }
    let letters: Vec<char> = text.chars().filter(|c| c.is_alphabetic()).collect();
    if letters.iter().all(|c| c.is_uppercase()) {
        text = title_case(&text);
    } else {
        // "Ivan MALENICA", "Mr. LINDQVIST": the surname in capitals.
        text = text
            .split_whitespace()
            .map(|w| {
                if is_all_caps_word(w) {
                    title_case(w)
                } else {
                    w.to_string()
                }
            })
            .collect::<Vec<_>>()
            .join(" ");
    }
    let words: Vec<&str> = text.split_whitespace().collect();
    let skip = words
        .iter()
        .take_while(|w| is_honorific(w) || w.eq_ignore_ascii_case("the"))
        .count();
    let name = if skip < words.len() {
        words[skip..].join(" ")
    } else {
        text.clone()
    };
    if let Some(c) = gaz
        .country(&name)
        .or_else(|| gaz.country(name.trim_start_matches("Delegation of ").trim()))
    {
        return Person {
            name: c.to_string(),
            slug: String::new(),
            role: role.or(Some("delegation".into())),
            country: Some(c.to_string()),
            aliases: Vec::new(),
        };
    }
    Person {
        name,
        slug: String::new(),
        role,
        country,
        aliases: Vec::new(),
    }
}
