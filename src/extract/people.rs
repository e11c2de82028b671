//! Finding people in a sentence: a capitalised name in a person context —
//! after a role ("Russian Deputy Foreign Minister Oleg Syromolotov"), before
//! an apposition ("Andrey Klimov, the head of …"), after an honorific
//! ("Ambassador Yakovenko") — with the role and country that context gives.
//! Organisations, places, outlets and countries are never people.

use super::gazetteer::Gazetteer;
use super::lexicon::{
    is_connector, is_honorific, is_lower_org_word, is_lower_stop_cap, is_name_word, is_particle,
    is_role_word, is_speech_verb, is_title_filler,
};
use super::text::with_lowercase;
use super::tokens::{Tok, is_possessive, join_tokens, possessive_base};

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
        if !(toks[i].word && (is_name_word(toks[i].text, gaz) || place_as_first_name(toks, i, gaz)))
        {
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
                && is_particle(t.text)
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
                is_lower_org_word(w)
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

/// A first name that is also a place ("Sofia Rinaldi, a researcher …, said",
/// "Florence Okafor said"): a place word, then a name word, then an
/// apposition or a speech verb. A place alone ("Sofia said") stays a place.
fn place_as_first_name(toks: &[Tok], i: usize, gaz: &Gazetteer) -> bool {
    gaz.is_place(toks[i].text)
        && toks
            .get(i + 1)
            .is_some_and(|n| n.word && is_name_word(n.text, gaz))
        && toks
            .get(i + 2)
            .is_some_and(|t| t.text == "," || t.word && is_speech_verb(t.text))
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
            || t.text.chars().next().is_some_and(char::is_uppercase)
            || is_title_filler(t.text);
        if !ok || (name_start - k) > 16 {
            break;
        }
        k -= 1;
    }
    // Trim connectors and sentence-initial words from the left edge.
    while k < name_start {
        let trim = is_title_filler(toks[k].text) && !is_role_word(toks[k].text)
            || with_lowercase(toks[k].text, |lower| {
                is_connector(lower) || (is_lower_stop_cap(lower) && !is_role_word(toks[k].text))
            });
        if trim {
            k += 1;
        } else {
            break;
        }
    }
    // A title walked into through lower-case words of another language
    // starts at its first role word: "Об этом заявил министр …" → "министр …".
    if toks[k..name_start].iter().any(|t| is_title_filler(t.text))
        && let Some(r) = toks[k..name_start]
            .iter()
            .position(|t| is_role_word(t.text))
    {
        k += r;
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
        if t.word && is_speech_verb(t.text) && k > first {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::tokens::tokenize;

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
