//! Finding people in a sentence: a capitalised name in a person context —
//! after a role ("Russian Deputy Foreign Minister Oleg Syromolotov"), before
//! an apposition ("Andrey Klimov, the head of …"), after an honorific
//! ("Ambassador Yakovenko") — with the role and country that context gives.
//! Organisations, places, outlets and countries are never people.

use std::sync::LazyLock;

use super::gazetteer::Gazetteer;
use super::text::with_lowercase;
use rustc_hash::FxHashSet;

/// A word list as a set: the lists below are consulted for every
/// capitalised word of every sentence.
type WordSet = LazyLock<FxHashSet<&'static str>>;

static ROLE_WORD_SET: WordSet = LazyLock::new(|| ROLE_WORDS.iter().copied().collect());
static STOP_CAPS_SET: WordSet = LazyLock::new(|| STOP_CAPS.iter().copied().collect());
static ORG_WORD_SET: WordSet = LazyLock::new(|| ORG_WORDS.iter().copied().collect());
/// Stop capitals, role words and organisation words: lower-cased words that
/// are never a name word (one lookup instead of three).
static NOT_NAME_SET: WordSet = LazyLock::new(|| {
    STOP_CAPS
        .iter()
        .chain(ROLE_WORDS)
        .chain(ORG_WORDS)
        .copied()
        .collect()
});
static HONORIFIC_SET: WordSet = LazyLock::new(|| HONORIFICS.iter().copied().collect());

/// A word or punctuation mark with its byte span in the sentence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tok<'a> {
    pub text: &'a str,
    pub start: usize,
    pub end: usize,
    pub word: bool,
}

pub fn tokenize(s: &str) -> Vec<Tok<'_>> {
    // Walks the string by byte offsets (no vector of its characters),
    // decoding only non-ASCII characters.
    let bytes = s.as_bytes();
    let next_char = |at: usize| match bytes.get(at) {
        Some(&b) if b.is_ascii() => Some(b as char),
        Some(_) => s[at..].chars().next(),
        None => None,
    };
    let mut out = Vec::with_capacity(s.len() / 4);
    let mut pos = 0;
    while let Some(c) = next_char(pos) {
        if c.is_whitespace() {
            pos += c.len_utf8();
            continue;
        }
        if c.is_alphanumeric() {
            let mut end = pos + c.len_utf8();
            loop {
                // Runs of ASCII letters and digits first: most of a word.
                while bytes.get(end).is_some_and(u8::is_ascii_alphanumeric) {
                    end += 1;
                }
                let Some(cj) = next_char(end) else { break };
                let after = end + cj.len_utf8();
                let joins = matches!(cj, '\'' | '’' | '-' | '.' | '‑')
                    && next_char(after).is_some_and(char::is_alphanumeric);
                if cj.is_alphanumeric() || joins {
                    end = after;
                } else {
                    break;
                }
            }
            out.push(Tok {
                text: &s[pos..end],
                start: pos,
                end,
                word: true,
            });
            pos = end;
        } else {
            let end = pos + c.len_utf8();
            out.push(Tok {
                text: &s[pos..end],
                start: pos,
                end,
                word: false,
            });
            pos = end;
        }
    }
    out
}

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
const HONORIFICS: &[&str] = &[
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

/// Capitalised words that start sentences or name things, never people.
const STOP_CAPS: &[&str] = &[
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
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
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
const ORG_WORDS: &[&str] = &[
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

/// Definite descriptions and pronouns that refer back to a person.
pub fn is_pronoun(word: &str) -> bool {
    with_lowercase(word, |w| matches!(w, "he" | "she"))
}

pub fn is_role_word(word: &str) -> bool {
    with_lowercase(possessive_base(word), is_lower_role_word)
}

/// [`is_role_word`] of a word already without its possessive and lowered.
fn is_lower_role_word(w: &str) -> bool {
    // "Secretary-General", "Vice-Minister": any part makes it a role.
    ROLE_WORD_SET.contains(w)
        || (w.contains('-') && w.split('-').any(|p| ROLE_WORD_SET.contains(p)))
}

pub fn is_honorific(word: &str) -> bool {
    with_lowercase(word.trim_end_matches('.'), |w| HONORIFIC_SET.contains(w))
}

/// `Council’s` → `Council`.
pub fn possessive_base(word: &str) -> &str {
    word.strip_suffix("'s")
        .or_else(|| word.strip_suffix("’s"))
        .or_else(|| word.strip_suffix('\''))
        .or_else(|| word.strip_suffix('’'))
        .unwrap_or(word)
}

fn is_possessive(word: &str) -> bool {
    possessive_base(word).len() != word.len()
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

fn is_initial(tok: &Tok, next: Option<&Tok>) -> bool {
    tok.text.len() == 1
        && tok.text.chars().all(char::is_uppercase)
        && next.is_some_and(|n| n.text == ".")
}

/// A person named in a sentence.
#[derive(Debug, Clone, PartialEq)]
pub struct Mention {
    /// Token range of the name itself.
    pub start: usize,
    pub end: usize,
    pub name: String,
    pub role: Option<String>,
    pub country: Option<String>,
    /// Token index just past a following apposition (`, the head of …,`),
    /// or `end` when there is none.
    pub appos_end: usize,
    /// Whether the context marks it as a person (role, honorific,
    /// apposition) rather than a bare capitalised run.
    pub contextual: bool,
}

/// Every run of name words in the sentence, with its context.
pub fn mentions(toks: &[Tok], gaz: &Gazetteer) -> Vec<Mention> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        if !(toks[i].word && is_name_word(toks[i].text, gaz)) {
            i += 1;
            continue;
        }
        let start = i;
        let mut parts: Vec<&str> = vec![possessive_base(toks[i].text)];
        let mut j = i + 1;
        while j < toks.len() && !is_possessive(toks[j - 1].text) {
            let t = &toks[j];
            if t.word && is_name_word(t.text, gaz) {
                parts.push(possessive_base(t.text));
                j += 1;
            } else if t.word
                && PARTICLES.contains(&t.text)
                && toks
                    .get(j + 1)
                    .is_some_and(|n| n.word && is_name_word(n.text, gaz))
            {
                parts.push(t.text);
                j += 1;
            } else if t.word
                && is_initial(t, toks.get(j + 1))
                && toks
                    .get(j + 2)
                    .is_some_and(|n| n.word && is_name_word(n.text, gaz))
            {
                parts.push(t.text);
                j += 2;
            } else {
                break;
            }
        }
        // "Institute for Disarmament Research", "Ministry of Defence": the
        // tail of an organisation's name.
        let org_tail = start >= 2
            && matches!(toks[start - 1].text, "for" | "of" | "on")
            && with_lowercase(possessive_base(toks[start - 2].text), |w| {
                ORG_WORD_SET.contains(w)
            });
        if parts.len() > 4 || org_tail {
            i = j;
            continue;
        }
        let (role_before, country_before) = role_before(toks, start, gaz);
        let (role_after, country_after, appos_end) = apposition_after(toks, j, gaz);
        let honorific = start > 0 && toks[start - 1].word && is_honorific(toks[start - 1].text)
            || start > 1 && toks[start - 1].text == "." && is_honorific(toks[start - 2].text);
        let contextual = role_before.is_some() || role_after.is_some() || honorific;
        let sentence_initial = start == 0 || toks[..start].iter().all(|t| !t.word);
        // A lone sentence-initial capitalised word is just a capital letter.
        if !(parts.len() == 1 && sentence_initial && !contextual) {
            out.push(Mention {
                start,
                end: j,
                name: parts.join(" "),
                role: role_before.or(role_after),
                country: country_before.or(country_after),
                appos_end,
                contextual,
            });
        }
        i = j;
    }
    out
}

/// The role phrase right before a name: "Russian Deputy Foreign Minister",
/// "Deputy Permanent Representative of the Russian Federation to the UN
/// Office in Geneva", "his US counterpart".
fn role_before(
    toks: &[Tok],
    name_start: usize,
    gaz: &Gazetteer,
) -> (Option<String>, Option<String>) {
    let mut k = name_start;
    while k > 0 {
        let t = &toks[k - 1];
        if !t.word {
            break;
        }
        let ok = is_role_word(t.text)
            || with_lowercase(t.text, is_connector)
            || t.text.chars().next().is_some_and(char::is_uppercase);
        if !ok || (name_start - k) > 16 {
            break;
        }
        k -= 1;
    }
    // Trim connectors and sentence-initial words from the left edge.
    while k < name_start {
        let trim = with_lowercase(toks[k].text, |lower| {
            is_connector(lower) || (STOP_CAPS_SET.contains(lower) && !is_role_word(toks[k].text))
        });
        if trim {
            k += 1;
        } else {
            break;
        }
    }
    let phrase = &toks[k..name_start];
    if !phrase.iter().any(|t| is_role_word(t.text)) {
        return (None, None);
    }
    let country = phrase_country(phrase, gaz);
    // The role is the phrase minus a leading demonym or possessive country.
    let mut r = 0;
    while r < phrase.len()
        && (gaz.country_by_demonym(phrase[r].text).is_some()
            || gaz.country(phrase[r].text).is_some() && is_possessive(phrase[r].text))
    {
        r += 1;
    }
    let role = join_tokens(&phrase[r..]);
    ((!role.is_empty()).then_some(role), country)
}

/// An apposition after a name: `, the head of the Senate’s … Committee,`
/// ending at a comma, a speech verb or the sentence's end.
fn apposition_after(
    toks: &[Tok],
    name_end: usize,
    gaz: &Gazetteer,
) -> (Option<String>, Option<String>, usize) {
    if toks.get(name_end).is_none_or(|t| t.text != ",") {
        return (None, None, name_end);
    }
    let first = name_end + 1;
    let mut k = first;
    let mut depth = 0usize;
    while k < toks.len() && k - first < 24 {
        let t = &toks[k];
        // "(UNIDIR)" inside an apposition belongs to it.
        match t.text {
            "(" => depth += 1,
            ")" => depth = depth.saturating_sub(1),
            _ => {}
        }
        let bracket = matches!(t.text, "(" | ")") || depth > 0;
        if !t.word && !bracket && t.text != "’" && t.text != "'" && t.text != "-" {
            break;
        }
        if t.word && super::statements::is_speech_verb(t.text) && k > first {
            break;
        }
        k += 1;
    }
    let phrase = &toks[first..k];
    let starts_like_role = phrase.first().is_some_and(|t| {
        with_lowercase(t.text, |w| matches!(w, "the" | "a" | "an" | "who"))
            || is_role_word(t.text)
            || gaz.country_any(t.text).is_some()
    });
    // "X, who chaired the meeting, said": no role, but the clause belongs to X.
    if phrase.first().is_some_and(|t| t.text == "who") {
        let end = if toks.get(k).is_some_and(|t| t.text == ",") {
            k + 1
        } else {
            name_end
        };
        return (None, None, end);
    }
    if !starts_like_role || !phrase.iter().any(|t| is_role_word(t.text)) {
        return (None, None, name_end);
    }
    let mut role_toks = phrase;
    while role_toks
        .first()
        .is_some_and(|t| with_lowercase(t.text, |w| matches!(w, "the" | "a" | "an")))
    {
        role_toks = &role_toks[1..];
    }
    let country = phrase_country(phrase, gaz);
    let end = if toks.get(k).is_some_and(|t| t.text == ",") {
        k + 1
    } else {
        k
    };
    (Some(join_tokens(role_toks)), country, end)
}

/// The first country a role phrase names: "Russian", "Italy’s", "of the
/// Russian Federation", "US".
fn phrase_country(phrase: &[Tok], gaz: &Gazetteer) -> Option<String> {
    let mut joined = String::new();
    for n in [3, 2] {
        for w in phrase.windows(n) {
            joined.clear();
            for (i, t) in w.iter().enumerate() {
                if i > 0 {
                    joined.push(' ');
                }
                joined.push_str(t.text);
            }
            if let Some(c) = gaz.country(&joined) {
                return Some(c.to_string());
            }
        }
    }
    phrase
        .iter()
        .find_map(|t| {
            gaz.country_any(t.text)
                .or_else(|| gaz.country_any(possessive_base(t.text)))
        })
        .map(str::to_string)
}

/// Words that join the parts of a role phrase (lower-cased).
fn is_connector(lower: &str) -> bool {
    matches!(
        lower,
        "of" | "the" | "to" | "for" | "and" | "on" | "in" | "at"
    )
}

/// Rebuild text from tokens, without spaces before punctuation.
pub fn join_tokens(toks: &[Tok]) -> String {
    let mut out = String::new();
    for (i, t) in toks.iter().enumerate() {
        if i > 0 && t.word && !matches!(toks[i - 1].text, "’" | "'" | "-") {
            out.push(' ');
        }
        out.push_str(t.text);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The character-vector tokenizer `tokenize` replaced.
    fn reference_tokenize(s: &str) -> Vec<Tok<'_>> {
        let mut out = Vec::new();
        let chars: Vec<(usize, char)> = s.char_indices().collect();
        let mut i = 0;
        while i < chars.len() {
            let (pos, c) = chars[i];
            if c.is_whitespace() {
                i += 1;
                continue;
            }
            let mut j = i + 1;
            if c.is_alphanumeric() {
                while j < chars.len() {
                    let cj = chars[j].1;
                    let joins = matches!(cj, '\'' | '’' | '-' | '.' | '‑')
                        && chars.get(j + 1).is_some_and(|&(_, n)| n.is_alphanumeric());
                    if !(cj.is_alphanumeric() || joins) {
                        break;
                    }
                    j += 1;
                }
            }
            let end = chars.get(j).map_or(s.len(), |&(p, _)| p);
            out.push(Tok {
                text: &s[pos..end],
                start: pos,
                end,
                word: c.is_alphanumeric(),
            });
            i = j;
        }
        out
    }

    #[test]
    fn tokenize_matches_the_reference() {
        for s in [
            "",
            " ",
            "U.S. Secretary-General António Guterres’ “remarks” (N.Y.) - 2021.",
            "end.' x-‑y ' -a a- Zürich’s ΣΟΦΙΑ 中文",
        ] {
            assert_eq!(tokenize(s), reference_tokenize(s), "{s:?}");
        }
    }

    fn found(s: &str) -> Vec<(String, Option<String>, Option<String>)> {
        let g = Gazetteer::embedded().unwrap();
        let toks = tokenize(s);
        mentions(&toks, &g)
            .into_iter()
            .filter(|m| m.contextual)
            .map(|m| (m.name, m.role, m.country))
            .collect()
    }

    #[test]
    fn role_before_the_name() {
        assert_eq!(
            found(
                "Moscow will act, Russian Deputy Foreign Minister Oleg Syromolotov told reporters."
            ),
            vec![(
                "Oleg Syromolotov".into(),
                Some("Deputy Foreign Minister".into()),
                Some("Russia".into())
            )]
        );
        let f = found(
            "For his part, Deputy Permanent Representative of the Russian Federation to the UN Office in Geneva Andrey Belousov stated: yes",
        );
        assert_eq!(f[0].0, "Andrey Belousov");
        assert_eq!(f[0].2.as_deref(), Some("Russia"));
    }

    #[test]
    fn apposition_after_the_name() {
        let f = found(
            "Commenting on it, Sergey Ryabkov, the First Deputy Minister of Foreign Affairs, stressed that it matters.",
        );
        assert_eq!(f[0].0, "Sergey Ryabkov");
        assert_eq!(
            f[0].1.as_deref(),
            Some("First Deputy Minister of Foreign Affairs")
        );
    }

    #[test]
    fn possessive_country_and_honorific() {
        let f = found(
            "America’s deputy UN ambassador Cherith Norman Chalet said no, and Ambassador Yakovenko agreed.",
        );
        assert_eq!(f[0].0, "Cherith Norman Chalet");
        assert_eq!(f[0].2.as_deref(), Some("United States"));
        assert_eq!(f[1].0, "Yakovenko");
    }

    #[test]
    fn organisations_and_places_are_not_people() {
        let g = Gazetteer::embedded().unwrap();
        let toks = tokenize("The Russian Senate and Evil Corp met in Moscow with TASS.");
        let m = mentions(&toks, &g);
        assert!(m.iter().all(|m| !m.contextual), "{m:?}");
    }
}
