//! What may and may not be a word of a person's name: the capitalised
//! words that start sentences or name things ([`STOP_CAPS`]), the words of
//! organisations' names ([`ORG_WORDS`]), name particles ("von", "al"), and
//! [`is_name_word`], which asks them and the gazetteer.

use std::sync::LazyLock;

use super::roles::{OTHER_LANGUAGE_ROLE_WORDS, ROLE_WORDS, is_lower_role_word, is_role_word};
use crate::extract::gazetteer::Gazetteer;
use crate::extract::text::with_lowercase;
use crate::extract::tokens::possessive_base;
use rustc_hash::FxHashSet;

/// A word list as a set: the lists below are consulted for every
/// capitalised word of every sentence.
type WordSet = LazyLock<FxHashSet<&'static str>>;

static STOP_CAPS_SET: WordSet =
    LazyLock::new(|| STOP_CAPS.iter().chain(WEEKDAYS).copied().collect());
static ORG_WORD_SET: WordSet = LazyLock::new(|| ORG_WORDS.iter().copied().collect());
/// Stop capitals, role words and organisation words: lower-cased words that
/// are never a name word (one lookup instead of three).
static NOT_NAME_SET: WordSet = LazyLock::new(|| {
    STOP_CAPS
        .iter()
        .chain(WEEKDAYS)
        .chain(ROLE_WORDS)
        .chain(OTHER_LANGUAGE_ROLE_WORDS)
        .chain(ORG_WORDS)
        .copied()
        .collect()
});

/// The days of the week, lower-cased: capitalised, never a name; after
/// "on", a time phrase.
pub const WEEKDAYS: &[&str] = &[
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];

/// Capitalised words that start sentences or name things, never people.
pub const STOP_CAPS: &[&str] = &[
    "a",
    "according",
    "after",
    "also",
    "although",
    "an",
    "and",
    "as",
    "at",
    "because",
    "before",
    "besides",
    "both",
    "but",
    "by",
    "commenting",
    "despite",
    "during",
    "each",
    "earlier",
    "even",
    "for",
    "from",
    "he",
    "her",
    "his",
    "however",
    "i",
    "if",
    "in",
    "it",
    "its",
    "just",
    "last",
    "later",
    "like",
    "many",
    "meanwhile",
    "moreover",
    "most",
    "mr",
    "mrs",
    "ms",
    "dr",
    "nevertheless",
    "next",
    "no",
    "not",
    "of",
    "on",
    "or",
    "our",
    "she",
    "since",
    "so",
    "some",
    "speaking",
    "talking",
    "that",
    "the",
    "their",
    "there",
    "these",
    "they",
    "this",
    "those",
    "thus",
    "to",
    "under",
    "unfortunately",
    "we",
    "when",
    "while",
    "with",
    "yet",
    "you",
    "addressing",
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "internet",
    "cyber",
    "government",
    "state",
    "states",
    "kremlin",
    "god",
    "western",
    "eastern",
    "northern",
    "southern",
    "president's",
    "today",
    "yesterday",
];

/// Capitalised words that belong to names of organisations and bodies.
pub const ORG_WORDS: &[&str] = &[
    "academy",
    "agency",
    "alliance",
    "assembly",
    "association",
    "authority",
    "bank",
    "board",
    "bureau",
    "cabinet",
    "centre",
    "center",
    "chamber",
    "club",
    "coalition",
    "college",
    "commission",
    "committee",
    "company",
    "conference",
    "congress",
    "convention",
    "corp",
    "corporation",
    "council",
    "court",
    "department",
    "directorate",
    "duma",
    "embassy",
    "federation",
    "forum",
    "foundation",
    "front",
    "fund",
    "group",
    "guard",
    "house",
    "inc",
    "initiative",
    "institute",
    "league",
    "ltd",
    "mechanism",
    "ministry",
    "mission",
    "nations",
    "network",
    "office",
    "organisation",
    "organization",
    "parliament",
    "party",
    "police",
    "programme",
    "program",
    "republic",
    "secretariat",
    "senate",
    "service",
    "session",
    "society",
    "summit",
    "union",
    "university",
    "security",
    "affairs",
    "law",
    "act",
    "treaty",
    "resolution",
    "report",
    "news",
    "times",
    "post",
    "daily",
    "agency's",
    "technologies",
    "technology",
    "communications",
    "information",
    "international",
    "national",
    "global",
    "federal",
    "general",
    "united",
    "european",
    "joint",
    "working",
    "expert",
    "experts",
    "governmental",
];

/// Name particles that may sit inside a name ("Ursula von der Leyen").
const PARTICLES: &[&str] = &[
    "al", "bin", "da", "de", "del", "der", "dos", "du", "el", "la", "le", "van", "von", "ter",
];

/// A name particle ("von", "al"), as written (lower-case).
pub fn is_particle(word: &str) -> bool {
    PARTICLES.contains(&word)
}

/// A lower-cased word that starts sentences or names things, never people.
pub fn is_lower_stop_cap(lower: &str) -> bool {
    STOP_CAPS_SET.contains(lower)
}

/// A lower-cased word of an organisation's name ("ministry", "institute").
pub fn is_lower_org_word(lower: &str) -> bool {
    ORG_WORD_SET.contains(lower)
}

/// A word that can be part of a person's name.
pub fn is_name_word(word: &str, gaz: &Gazetteer) -> bool {
    let base = possessive_base(word);
    let mut chars = base.chars();
    let Some(first) = chars.next() else {
        return false;
    };
    if !first.is_uppercase() || base.chars().count() < 2 {
        return false;
    }
    if !base.chars().any(char::is_lowercase) {
        return false; // acronyms: UN, OSCE, ICT
    }
    if base.chars().any(|c| c.is_numeric()) {
        return false;
    }
    with_lowercase(base, |lower| {
        // `is_role_word(base)` strips a possessive again: when there is
        // none left, it is the role test of `lower`, and the three word
        // lists are one set.
        let listed = if possessive_base(base).len() == base.len() {
            NOT_NAME_SET.contains(lower) || is_lower_role_word(lower)
        } else {
            STOP_CAPS_SET.contains(lower) || ORG_WORD_SET.contains(lower) || is_role_word(base)
        };
        !(listed || gaz.names_non_person(word, base, lower))
    })
}
