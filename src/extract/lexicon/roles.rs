//! Words of roles and of address: the job-title words ("minister",
//! "ambassador"), the role nouns that stand for a person already named
//! ("the diplomat"), honorifics ("Ambassador", "Mr"), the role labels of a
//! meeting ("Chair", "Q"), pronouns, and the connectors of a role phrase.

use std::sync::LazyLock;

use crate::extract::text::{is_cyrillic, with_lowercase};
use crate::extract::tokens::possessive_base;
use rustc_hash::FxHashSet;

/// A word list as a set: the lists below are consulted for every
/// capitalised word of every sentence.
type WordSet = LazyLock<FxHashSet<&'static str>>;

static ROLE_WORD_SET: WordSet = LazyLock::new(|| {
    ROLE_WORDS
        .iter()
        .chain(OTHER_LANGUAGE_ROLE_WORDS)
        .copied()
        .collect()
});
static HONORIFIC_SET: WordSet = LazyLock::new(|| HONORIFICS.iter().copied().collect());

/// Words that make up job titles and roles.
pub const ROLE_WORDS: &[&str] = &[
    "adviser",
    "advisor",
    "affairs",
    "ambassador",
    "assistant",
    "chair",
    "chairman",
    "chairperson",
    "chairwoman",
    "chancellor",
    "chief",
    "commissioner",
    "coordinator",
    "counsellor",
    "councillor",
    "counterpart",
    "delegate",
    "deputy",
    "diplomat",
    "director",
    "emissary",
    "envoy",
    "executive",
    "extraordinary",
    "first",
    "foreign",
    "general",
    "governor",
    "head",
    "high",
    "lawmaker",
    "leader",
    "minister",
    "mp",
    "negotiator",
    "official",
    "plenipotentiary",
    "premier",
    "president",
    "principal",
    "professor",
    "representative",
    "secretary",
    "senator",
    "special",
    "spokesman",
    "spokesperson",
    "spokeswoman",
    "under-secretary",
    "undersecretary",
    "vice",
    "vice-president",
    "permanent",
    "prime",
    "state",
    "member",
    "researcher",
    "expert",
    "analyst",
    "author",
    "founder",
    "ceo",
    "attaché",
    "consul",
];

/// Job-title words of the archive's other languages, in the forms a title
/// takes before or after a name: Russian nominative, genitive and dative
/// ("министр", "министра", "министру"), French and Spanish both genders.
/// Russian titles run through lower-case genitives ("заместитель министра
/// иностранных дел"), which `people::role_before` walks over.
pub const OTHER_LANGUAGE_ROLE_WORDS: &[&str] = &[
    "министр",
    "министра",
    "министру",
    "замминистра",
    "заместитель",
    "заместителя",
    "заместителю",
    "глава",
    "главы",
    "посол",
    "посла",
    "послу",
    "постпред",
    "постпреда",
    "представитель",
    "представителя",
    "представителю",
    "пресс-секретарь",
    "пресс-секретаря",
    "секретарь",
    "секретаря",
    "председатель",
    "председателя",
    "президент",
    "президента",
    "директор",
    "директора",
    "руководитель",
    "руководителя",
    "советник",
    "советника",
    "спецпредставитель",
    "дипломат",
    "эксперт",
    "генсек",
    "генеральный",
    "официальный",
    "ministre",
    "porte-parole",
    "ambassadeur",
    "ambassadrice",
    "représentant",
    "représentante",
    "présidente",
    "président",
    "secrétaire",
    "directeur",
    "directrice",
    "délégué",
    "déléguée",
    "conseiller",
    "conseillère",
    "envoyé",
    "envoyée",
    "commissaire",
    "ministro",
    "ministra",
    "canciller",
    "portavoz",
    "vocero",
    "vocera",
    "embajador",
    "embajadora",
    "representante",
    "presidente",
    "presidenta",
    "secretario",
    "secretaria",
    "directora",
    "delegado",
    "delegada",
    "viceministro",
    "viceministra",
    "subsecretario",
    "subsecretaria",
    "asesor",
    "asesora",
    "enviado",
    "enviada",
];

/// Role nouns that can stand for a person already named ("the diplomat").
pub const ROLE_NOUNS: &[&str] = &[
    "ambassador",
    "chair",
    "chairman",
    "chairperson",
    "commissioner",
    "delegate",
    "diplomat",
    "director",
    "envoy",
    "expert",
    "head",
    "lawmaker",
    "leader",
    "minister",
    "negotiator",
    "official",
    "politician",
    "president",
    "representative",
    "secretary",
    "senator",
    "spokesman",
    "spokesperson",
    "spokeswoman",
    "analyst",
    "researcher",
    "author",
];

/// Honorifics that may precede a bare surname.
pub const HONORIFICS: &[&str] = &[
    "mr",
    "mrs",
    "ms",
    "dr",
    "prof",
    "professor",
    "ambassador",
    "minister",
    "president",
    "senator",
    "sen",
    "rep",
    "gen",
    "general",
    "secretary",
    "madam",
    "sir",
    "dame",
    "judge",
    "amb",
    "h.e",
];

/// Labels that name a role in a meeting, not a person.
pub const ROLE_LABELS: &[&str] = &[
    "moderator",
    "chair",
    "chairman",
    "chairperson",
    "president",
    "facilitator",
    "co-facilitator",
    "secretariat",
    "question",
    "answer",
    "q",
    "a",
];

/// Definite descriptions and pronouns that refer back to a person.
pub fn is_pronoun(word: &str) -> bool {
    with_lowercase(word, |w| matches!(w, "he" | "she"))
}

pub fn is_role_word(word: &str) -> bool {
    with_lowercase(possessive_base(word), is_lower_role_word)
}

/// [`is_role_word`] of a word already without its possessive and lowered.
pub(super) fn is_lower_role_word(w: &str) -> bool {
    // "Secretary-General", "Vice-Minister": any part makes it a role.
    ROLE_WORD_SET.contains(w)
        || (w.contains('-') && w.split('-').any(|p| ROLE_WORD_SET.contains(p)))
}

pub fn is_honorific(word: &str) -> bool {
    with_lowercase(word.trim_end_matches('.'), |w| HONORIFIC_SET.contains(w))
}

/// A lower-case word inside another language's job title: the genitives
/// of a Russian title ("заместитель министра иностранных дел"), French and
/// Spanish articles and adjectives ("ministre des Affaires étrangères").
/// English titles are all role words and capitals, so an English clause
/// before a name is never walked into.
pub fn is_title_filler(word: &str) -> bool {
    let mut chars = word.chars();
    let Some(first) = chars.next() else {
        return false;
    };
    if !first.is_lowercase() {
        return false;
    }
    matches!(word, "de" | "des" | "du" | "la" | "del" | "y" | "et")
        || is_cyrillic(first)
        || word.chars().any(|c| !c.is_ascii() && c.is_alphabetic())
}

/// Words that join the parts of a role phrase (lower-cased).
pub fn is_connector(lower: &str) -> bool {
    matches!(
        lower,
        "of" | "the" | "to" | "for" | "and" | "on" | "in" | "at"
    )
}
