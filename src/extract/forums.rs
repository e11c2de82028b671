//! Forums a text refers to: gazetteer names, acronyms and aliases, and
//! bodies the gazetteer does not know, found by how such bodies are named.
//! Parents (the First Committee belongs to the General Assembly) are added
//! at indexing time, so a search by the parent finds its committees.

use std::sync::LazyLock;

use regex::Regex;

use super::gazetteer::{Gazetteer, normalise_dashes};
use super::text::title_case;

/// "the Joint Working Group on Digital Trust", "Expert Group on Data Flows".
static UNKNOWN_BODY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"\b((?:[A-Z][\w’'-]*\s+){0,5}(?:Working Group|Expert Group|Group of (?:Governmental )?Experts|Contact Group|Ad Hoc Committee|Committee|Commission|Forum|Dialogue|Summit|Conference)(?:\s+(?:on|for)\s+(?:the\s+)?(?:[A-Z][\w’'-]*|and|of|in)(?:\s+(?:[A-Z][\w’'-]*|and|of|in|the))*)?)",
    )
    .expect("static pattern")
});

/// "ASEAN Regional Forum Workshop on Digital Trust", "… Ministerial
/// Meeting": an event a known body holds, a forum of its own.
static BODY_EVENT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^\s+((?:Ministerial|Intersessional|Expert|Experts)\s+Meeting|Seminar|Workshop)(?:\s+on\s+(?:the\s+)?[A-Z][\w’'-]*(?:\s+(?:[A-Z][\w’'-]*|and|of))*)?",
    )
    .expect("static pattern")
});

/// "the fourth sitting of the Coastal Working Group": the body a
/// record's meeting belongs to is a forum whatever its topic.
static MEETING_OF: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"\b(?:[Mm]eeting|[Ss]ession|[Ss]itting)s?\s+of\s+the\s+((?:[A-Z][\w’'-]*\s+){0,5}(?:Working Group|Group|Committee|Commission|Council|Conference|Assembly|Forum)(?:\s+(?:of|on|for)\s+(?:the\s+)?[A-Z][\w’'-]*(?:\s+(?:[A-Z][\w’'-]*|and|of|the)){0,6})?)",
    )
    .expect("static pattern")
});

/// A hearing record's cover, in capitals: "HEARING BEFORE THE SUBCOMMITTEE
/// ON DIGITAL TRADE … SENATE": the committee it was held before.
static HEARING_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"HEARINGS?\s+BEFORE\s+THE\s+((?:SUB)?COMMITTEE\s+ON\s+[A-Z]+(?:,?\s+(?:AND\s+|OF\s+|THE\s+|FOR\s+)*[A-Z]+)*?)(?:\s+(?:OF\s+THE\s+)?(?:HOUSE|SENATE|UNITED|U\.\s?S\.|ONE|FIRST|SECOND)\b|\s*$)",
    )
    .expect("static pattern")
});

/// "greetings to the symposium Digital Shores 2031", "the Harbour
/// Cyber 2025 summit": an event named with its year.
static EVENT_WITH_YEAR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"\b(?:conference|forum|summit|congress|symposium)\s+[“«]?((?:[A-Z][\w’'-]*\s+){1,6}(?:19|20)\d\d)\b|\b((?:[A-Z][\w’'-]*\s+){1,6}(?:19|20)\d\d)\s+(?:conference|forum|summit|congress|symposium)\b",
    )
    .expect("static pattern")
});

/// Words that make an unknown body a cyber-diplomacy forum rather than, say,
/// a parliament's foreign affairs committee.
const TOPIC_WORDS: &[&str] = &[
    "cyber",
    "digital",
    "ict",
    "information",
    "internet",
    "technolog",
    "cybercrime",
    "data",
    "online",
    "security of",
    "artificial intelligence",
    "ai ",
];

/// Canonical names of the forums in `texts`, in order of first mention.
pub fn find(texts: &[&str], gaz: &Gazetteer) -> Vec<String> {
    let mut found: Vec<String> = Vec::new();
    let add = |name: &str, found: &mut Vec<String>| {
        if !found.iter().any(|f| f.eq_ignore_ascii_case(name)) {
            found.push(name.to_string());
        }
    };
    for raw in texts {
        let text = normalise_dashes(raw);
        let hits = gaz.forum_hits(&text);
        let mut covered: Vec<(usize, usize)> = Vec::new();
        for h in &hits {
            // A shorter name inside a longer one ("ITU" in "ITU
            // Plenipotentiary Conference") belongs to the longer one.
            let inside = covered
                .iter()
                .any(|&(s, e)| s <= h.start && h.end <= e && (s, e) != (h.start, h.end));
            if inside || is_national_body(&text, h.start, gaz) {
                continue;
            }
            covered.push((h.start, h.end));
            if gaz.forums[h.forum].format_of_parent
                && let Some(p) = gaz.forum_parent(h.forum)
            {
                add(&gaz.forums[p].name, &mut found);
            }
            // An event the body holds is its own forum; the body is
            // listed where it is named on its own.
            if let Some(m) = BODY_EVENT.find(&text[h.end..]) {
                let event = format!("{}{}", &text[h.start..h.end], m.as_str());
                add(event.trim(), &mut found);
                covered.push((h.start, h.end + m.end()));
                continue;
            }
            add(&gaz.forums[h.forum].name, &mut found);
        }
        // A description inside a name already found ("联合国大会" in
        // "联合国大会第一委员会") is that name, not a second forum.
        for (forum, start, end) in gaz.forums_described(&text) {
            if !covered.iter().any(|&(s, e)| s <= start && end <= e) {
                add(&gaz.forums[forum].name, &mut found);
            }
        }
        let unknown = |start: usize, end: usize| {
            !covered.iter().any(|&(s, e)| start < e && s < end)
                && !is_national_body(&text, start, gaz)
        };
        let mut named: Vec<(usize, usize)> = Vec::new();
        for c in MEETING_OF.captures_iter(&text) {
            let m = c.get(1).expect("group 1");
            if unknown(m.start(), m.end()) && m.as_str().split_whitespace().count() >= 2 {
                add(m.as_str().trim(), &mut found);
                named.push((m.start(), m.end()));
            }
        }
        for c in HEARING_BEFORE.captures_iter(&text) {
            let m = c.get(1).expect("group 1");
            add(&title_case(m.as_str()), &mut found);
        }
        let names_event = ["conference", "forum", "summit", "congress", "symposium"]
            .iter()
            .any(|w| text.contains(w));
        for c in EVENT_WITH_YEAR.captures_iter(if names_event { &text } else { "" }) {
            let m = c.get(1).or_else(|| c.get(2)).expect("one group");
            let lower = format!("{} ", m.as_str().to_lowercase());
            if unknown(m.start(), m.end()) && TOPIC_WORDS.iter().any(|w| lower.contains(w)) {
                add(m.as_str().trim(), &mut found);
                named.push((m.start(), m.end()));
            }
        }
        covered.extend(named);
        for m in UNKNOWN_BODY.find_iter(if may_name_body(&text) { &text } else { "" }) {
            let name = m.as_str().trim();
            let overlaps_known = covered.iter().any(|&(s, e)| m.start() < e && s < m.end());
            if overlaps_known || is_national_body(&text, m.start(), gaz) {
                continue;
            }
            let lower = format!("{} ", name.to_lowercase());
            let on_topic = TOPIC_WORDS.iter().any(|w| lower.contains(w));
            let generic = name.split_whitespace().count() < 3;
            if on_topic && !generic {
                add(
                    name.trim_start_matches("the ").trim_start_matches("The "),
                    &mut found,
                );
            }
        }
    }
    found
}

/// Whether `text` has one of the words every [`UNKNOWN_BODY`] match
/// contains (the pattern is case-sensitive): most paragraphs have none, and
/// these substring tests are much cheaper than the pattern.
fn may_name_body(text: &str) -> bool {
    [
        "Group",
        "Committee",
        "Commission",
        "Forum",
        "Dialogue",
        "Summit",
        "Conference",
    ]
    .iter()
    .any(|w| text.contains(w))
}

/// "Russian Security Council", "Russia's Security Council": a national body
/// that shares a name with an international one.
fn is_national_body(text: &str, start: usize, gaz: &Gazetteer) -> bool {
    let before = text[..start].trim_end();
    let prev = before
        .rsplit(|c: char| c.is_whitespace() || c == '(')
        .next()
        .unwrap_or("");
    !prev.is_empty()
        && (gaz.country_by_demonym(prev).is_some()
            || (gaz.country(prev).is_some() && (prev.ends_with("'s") || prev.ends_with("’s"))))
        && !matches!(prev, "UN" | "U.N.")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_known_parents_and_unknown_bodies() {
        let g = Gazetteer::embedded().unwrap();
        let f = find(
            &[
                "The First Committee of the 76th session adopted it. The Russian Security Council met. The Joint Working Group on Digital Trust also met, and the Senate's Foreign Relations Committee.",
            ],
            &g,
        );
        assert!(f.iter().any(|x| x.contains("First Committee")), "{f:?}");
        assert!(!f.contains(&"UN Security Council".to_string()), "{f:?}");
        assert!(
            f.contains(&"Joint Working Group on Digital Trust".to_string()),
            "{f:?}"
        );
        assert!(!f.iter().any(|x| x.contains("Foreign Relations")), "{f:?}");
    }
}
