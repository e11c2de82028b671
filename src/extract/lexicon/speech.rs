//! The words of speech: speech verbs ("said", "stressed", "noting"), the
//! auxiliaries that may sit between a subject and its verb, the nouns of
//! what was said ("remarks", "briefing"), and the words that introduce a
//! statement quoted in full.

use crate::extract::text::with_lowercase;
use rustc_hash::FxHashSet;

/// Speech verbs: a word of one of these ties a sentence to its speaker.
pub const SPEECH_VERBS: &[&str] = &[
    "acknowledged",
    "added",
    "adds",
    "affirmed",
    "announced",
    "argued",
    "argues",
    "asserted",
    "believes",
    "cautioned",
    "claimed",
    "commented",
    "declared",
    "emphasised",
    "emphasized",
    "explained",
    "expressed",
    "highlighted",
    "insisted",
    "maintained",
    "noted",
    "notes",
    "observed",
    "proposed",
    "recalled",
    "reiterated",
    "remarked",
    "said",
    "says",
    "stated",
    "states",
    "stressed",
    "stresses",
    "suggested",
    "told",
    "tells",
    "underlined",
    "underscored",
    "urged",
    "warned",
    "warns",
    "wrote",
    "echoed",
    "replied",
    "responded",
    "welcomed",
    "condemned",
    "denounced",
    "accused",
    "criticised",
    "criticized",
    "dismissed",
    "praised",
    "described",
    "vowed",
    "pledged",
    "demanded",
    "confirmed",
    "conceded",
    "lamented",
    "questioned",
    "pointed",
    "called",
    "stressing",
    "adding",
    "saying",
    "noting",
    "warning",
    "explaining",
    "reaffirmed",
    "reflected",
    "briefed",
    "outlined",
    "recommended",
    "contended",
    "objected",
    "countered",
    "assured",
    "reported",
    "informed",
    "spoke",
    "advocated",
    "appealed",
    "proclaimed",
    "mentioned",
    "reaffirming",
    "emphasising",
    "emphasizing",
];

/// The common speech verbs of the archive's other languages (issue 12):
/// French past participles ("a déclaré"), Spanish preterites ("afirmó"),
/// Russian past tenses in both genders ("заявил", "заявила").
pub const OTHER_LANGUAGE_SPEECH_VERBS: &[&str] = &[
    "déclaré",
    "affirmé",
    "souligné",
    "indiqué",
    "ajouté",
    "estimé",
    "expliqué",
    "rappelé",
    "afirmó",
    "afirmado",
    "declarado",
    "dicho",
    "dijo",
    "declaró",
    "señaló",
    "subrayó",
    "añadió",
    "explicó",
    "aseguró",
    "indicó",
    "destacó",
    "заявил",
    "заявила",
    "сказал",
    "сказала",
    "отметил",
    "отметила",
    "подчеркнул",
    "подчеркнула",
    "сообщил",
    "сообщила",
    "добавил",
    "добавила",
    "пояснил",
    "пояснила",
    "указал",
    "указала",
    "заявляет",
    "считает",
    "рассказал",
    "рассказала",
    "объяснил",
    "объяснила",
    "объясняет",
    "говорит",
    "отмечает",
    "подчеркивает",
    "подчёркивает",
    "сообщает",
    "назвал",
    "назвала",
    "призвал",
    "призвала",
];

/// Words that may sit between a subject and its verb ("has also said").
const AUXILIARIES: &[&str] = &[
    "also",
    "further",
    "then",
    "later",
    "meanwhile",
    "reportedly",
    "previously",
    "earlier",
    "again",
    "once",
    "publicly",
    "repeatedly",
    "has",
    "have",
    "had",
    "was",
    "is",
    "had",
    "recently",
    "firmly",
    "separately",
    "additionally",
    "however",
    "himself",
    "herself",
    "openly",
    // The French and Spanish perfects: "X a déclaré", "X ha afirmado".
    "a",
    "ont",
    "avait",
    "ha",
    "han",
    "había",
];

/// [`SPEECH_VERBS`] as a set: every word of every sentence is asked.
static SPEECH_VERB_SET: std::sync::LazyLock<FxHashSet<&'static str>> =
    std::sync::LazyLock::new(|| {
        SPEECH_VERBS
            .iter()
            .chain(OTHER_LANGUAGE_SPEECH_VERBS)
            .copied()
            .collect()
    });

static AUXILIARY_SET: std::sync::LazyLock<FxHashSet<&'static str>> =
    std::sync::LazyLock::new(|| AUXILIARIES.iter().copied().collect());

/// Byte lengths of the shortest and longest [`SPEECH_VERBS`].
const SPEECH_VERB_LENGTHS: std::ops::RangeInclusive<usize> = 4..=12;

pub fn is_speech_verb(word: &str) -> bool {
    // An ASCII word keeps its length when lower-cased: most words are
    // answered by it (non-ASCII ones are looked up as they lower-case).
    if word.is_ascii() && !SPEECH_VERB_LENGTHS.contains(&word.len()) {
        return false;
    }
    with_lowercase(word, |w| SPEECH_VERB_SET.contains(w))
}

pub fn is_auxiliary(word: &str) -> bool {
    with_lowercase(word, |w| AUXILIARY_SET.contains(w))
}

/// What was said, as readouts name it before "by" ("remarks were given by",
/// "a briefing by", "the session was opened by").
pub const SPOKEN_NOUNS: &[&str] = &[
    "remarks",
    "briefing",
    "briefings",
    "statement",
    "statements",
    "speech",
    "speeches",
    "address",
    "presentation",
    "presentations",
    "keynote",
    "opened",
    "introduced",
    "chaired",
    "moderated",
];

/// Whether any word of the text is a speech verb.
pub fn has_speech_verb(text: &str) -> bool {
    crate::extract::text::words(text).any(is_speech_verb)
}

/// Words that introduce a statement quoted in full below.
pub fn introduces_words(text: &str) -> bool {
    let lower = text.to_lowercase();
    [
        "statement",
        "following",
        "message",
        "remarks",
        "said",
        "says",
        "stated",
        "declared",
        "wrote",
    ]
    .iter()
    .any(|w| lower.contains(w))
}

/// The cover of a hearing record, in the capitals it is printed in.
const RECORD_COVERS: &[&str] = &["HEARING BEFORE THE", "HEARINGS BEFORE THE"];

/// Where a hearing record's cover line ("HEARING BEFORE THE …") starts in
/// `text`, if it has one.
pub fn record_cover_at(text: &str) -> Option<usize> {
    RECORD_COVERS.iter().find_map(|c| text.find(c))
}

/// How a podcast or an interview presents its conversation in prose.
pub const CONVERSATION_FRAMES: &[&str] = &[
    "in this episode",
    "this episode of",
    "in this interview",
    "in this conversation",
    "in this podcast",
];

/// What the host does with the guest ("A sits down with B").
pub const CONVERSATION_VERBS: &[&str] = &[
    " sits down with ",
    " sat down with ",
    " talks with ",
    " talks to ",
    " speaks with ",
    " in conversation with ",
    " interviews ",
    " is joined by ",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn speech_verb_lengths_bound_the_list() {
        assert!(
            SPEECH_VERBS
                .iter()
                .chain(OTHER_LANGUAGE_SPEECH_VERBS.iter().filter(|v| v.is_ascii()))
                .all(|v| SPEECH_VERB_LENGTHS.contains(&v.len()))
        );
        assert!(is_speech_verb("SAID") && is_speech_verb("Acknowledged") && !is_speech_verb("sai"));
    }
}
