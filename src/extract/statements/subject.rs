//! The grammar of a sentence's speaker: the subject of its first speech
//! verb, before it ("X, the head of …, said"), after it ("said General
//! Assembly President Philemon Yang", "according to"), a pronoun or a role
//! noun ("he", "the diplomat"), or a delegation ("the representative of
//! China").

use crate::extract::gazetteer::Gazetteer;
use crate::extract::lexicon::{
    OTHER_LANGUAGE_SPEECH_VERBS, ROLE_NOUNS, WEEKDAYS, is_auxiliary, is_pronoun, is_role_word,
    is_speech_verb, is_title_filler,
};
use crate::extract::people::Mention;
use crate::extract::text::is_cyrillic;
use crate::extract::tokens::{Tok, join_tokens, possessive_base};

/// What refers to the speaker of a sentence.
pub(super) enum Subject {
    Named(Mention),
    /// "he", "she" (None) or "the diplomat" (Some("diplomat")).
    Anaphor(Option<String>),
    Delegation(String),
    /// "the statement", "the joint declaration", "it": a document, which
    /// speaks for those who signed it (if the text said who did).
    Document,
}

/// Documents that "say" things in reports of them.
const DOCUMENT_NOUNS: &[&str] = &["statement", "declaration", "communiqué", "communique"];

fn is_document_noun(word: &str) -> bool {
    DOCUMENT_NOUNS.iter().any(|d| word.eq_ignore_ascii_case(d))
}

/// Whether the words from `k` are "the (joint) statement" or "joint
/// statement"; the index just past them.
pub(super) fn document_at(toks: &[Tok], k: usize) -> Option<usize> {
    let mut j = k;
    if toks
        .get(j)
        .is_some_and(|t| t.text.eq_ignore_ascii_case("the"))
    {
        j += 1;
    }
    if toks
        .get(j)
        .is_some_and(|t| t.text.eq_ignore_ascii_case("joint"))
    {
        j += 1;
    }
    (j > k && toks.get(j).is_some_and(|t| is_document_noun(t.text))).then_some(j + 1)
}

/// Find who speaks in a sentence: the subject of its first speech verb.
pub(super) fn find_subject(toks: &[Tok], ms: &[Mention], gaz: &Gazetteer) -> Option<Subject> {
    for v in 0..toks.len() {
        let t = &toks[v];
        if !t.word {
            continue;
        }
        let according = t.text.eq_ignore_ascii_case("according")
            && toks.get(v + 1).is_some_and(|n| n.text == "to");
        if according {
            if let Some(s) = subject_after(toks, v + 2, ms, gaz) {
                return Some(s);
            }
            continue;
        }
        if !is_speech_verb(t.text) {
            continue;
        }
        if t.text.eq_ignore_ascii_case("pointed") && toks.get(v + 1).is_none_or(|n| n.text != "out")
        {
            continue;
        }
        // "called for", "called on", "called the treaty 'a gift'"; not
        // "a group called Star Blizzard".
        if t.text.eq_ignore_ascii_case("called")
            && v > 0
            && toks[v - 1].word
            && toks[v - 1]
                .text
                .chars()
                .next()
                .is_some_and(char::is_lowercase)
            && !is_auxiliary(toks[v - 1].text)
            && !is_pronoun(toks[v - 1].text)
        {
            continue;
        }
        let lower = t.text.to_lowercase();
        let invertible = matches!(
            lower.as_str(),
            "said"
                | "says"
                | "added"
                | "stated"
                | "noted"
                | "wrote"
                | "told"
                | "declared"
                | "stressed"
                | "insisted"
                | "warned"
                | "explained"
                | "argued"
                | "replied"
                | "recalled"
                | "observed"
                | "remarked"
                | "emphasised"
                | "emphasized"
                | "acknowledged"
                | "asserted"
                | "cautioned"
                | "countered"
        ) || OTHER_LANGUAGE_SPEECH_VERBS.contains(&lower.as_str());
        // "…, said NAME" / "…, заявила NAME": after a comma or a quote's
        // end the name that follows the verb is its subject, not the last
        // name of the clause before it ("restraint from Washington, said").
        // In Russian a title and name after the verb are its subject
        // whatever stands before it ("корреспонденту X рассказал министр Y":
        // X is told, Y tells).
        let after_pause = v > 0 && matches!(toks[v - 1].text, "," | "—" | "–" | "»" | "”" | "\"");
        let cyrillic = t.text.chars().next().is_some_and(is_cyrillic);
        if invertible
            && (after_pause || cyrillic)
            && let Some(Subject::Named(m)) = subject_after(toks, v + 1, ms, gaz)
            && (m.contextual
                || after_pause
                    && (m.name.contains(' ') || gaz.person_by_surname(&m.name).is_some()))
        {
            return Some(Subject::Named(m));
        }
        if let Some(s) = subject_before(toks, v, ms, gaz) {
            return Some(s);
        }
        // "The representative of Panama drew attention to it, noting that …":
        // a participle's subject is the sentence's.
        if t.text.ends_with("ing")
            && v > 0
            && toks[v - 1].text == ","
            && let Some(s) = sentence_subject(toks, ms, gaz)
        {
            return Some(s);
        }
        // The verb before its subject: "…," said NAME; and in French,
        // Spanish and Russian, where that is the usual order after a quote
        // ("a déclaré NAME", "afirmó NAME", "— заявил NAME").
        if invertible && let Some(s) = subject_after(toks, v + 1, ms, gaz) {
            return Some(s);
        }
    }
    None
}

/// The person or delegation a sentence opens with.
fn sentence_subject(toks: &[Tok], ms: &[Mention], gaz: &Gazetteer) -> Option<Subject> {
    if let Some(m) = ms
        .iter()
        .find(|m| m.start <= 2 && (m.contextual || m.name.contains(' ')))
    {
        return Some(Subject::Named(m.clone()));
    }
    (3..=8.min(toks.len()))
        .find_map(|n| delegation_before(&toks[..n], gaz).map(Subject::Delegation))
}

fn subject_before(toks: &[Tok], verb: usize, ms: &[Mention], gaz: &Gazetteer) -> Option<Subject> {
    let mut k = verb;
    // "Next to brief was NAME, ROLE, who said": the relative clause's
    // subject is the person it follows.
    if k > 1
        && toks[k - 1].text.eq_ignore_ascii_case("who")
        && toks[k - 2].text == ","
        && let Some(m) = ms.iter().find(|m| m.appos_end == k - 1 || m.end == k - 2)
    {
        return Some(Subject::Named(m.clone()));
    }
    loop {
        while k > 0 && toks[k - 1].word && is_auxiliary(toks[k - 1].text) {
            k -= 1;
        }
        // A time phrase between subject and verb: "NAME on Thursday called
        // for", "NAME last week said", "NAME on Monday also warned".
        match time_phrase_before(toks, k) {
            Some(len) => k -= len,
            None => break,
        }
    }
    // Step back over up to two parenthetical clauses between subject and
    // verb: "X, speaking in his national capacity, said".
    for _ in 0..3 {
        if k == 0 {
            return None;
        }
        if let Some(s) = subject_ending_at(toks, k, ms, gaz) {
            return Some(s);
        }
        if toks[k - 1].text != "," {
            return None;
        }
        // "the group's chair, Singapore's Ambassador Burhan Gafoor, told"
        if let Some(m) = ms.iter().find(|m| m.end == k - 1) {
            return Some(Subject::Named(m.clone()));
        }
        // The clause opens at the nearest comma followed by a lower-case
        // word ("also speaking for Algeria, Guyana and Mozambique").
        let open = (k.saturating_sub(40)..k - 1).rev().find(|&j| {
            toks[j].text == ","
                && toks.get(j + 1).is_some_and(|t| {
                    t.word && t.text.chars().next().is_some_and(char::is_lowercase)
                })
        })?;
        k = open + 1;
        // The clause may directly follow the subject ("X, who …, said").
        if let Some(s) = subject_ending_at(toks, k - 1, ms, gaz) {
            return Some(s);
        }
    }
    None
}

/// The length of a time phrase ending just before `k`: "on Thursday",
/// "last week", "yesterday", "earlier this month".
fn time_phrase_before(toks: &[Tok], k: usize) -> Option<usize> {
    let word = |i: usize| {
        toks.get(i)
            .filter(|t| t.word)
            .map(|t| t.text.to_lowercase())
    };
    let last = word(k.checked_sub(1)?)?;
    if matches!(last.as_str(), "yesterday" | "today" | "tonight") {
        return Some(1);
    }
    let before = k.checked_sub(2).and_then(word);
    if WEEKDAYS.contains(&last.as_str()) && before.as_deref() == Some("on") {
        return Some(2);
    }
    if matches!(last.as_str(), "week" | "month" | "year")
        && matches!(before.as_deref(), Some("last" | "this"))
    {
        return Some(2);
    }
    None
}

/// A subject whose last token is just before `k`.
fn subject_ending_at(toks: &[Tok], k: usize, ms: &[Mention], gaz: &Gazetteer) -> Option<Subject> {
    if k == 0 {
        return None;
    }
    if let Some(m) = ms
        .iter()
        .find(|m| m.end == k || (m.appos_end == k && m.appos_end > m.end))
    {
        return Some(Subject::Named(m.clone()));
    }
    let prev = toks[k - 1].text;
    if is_pronoun(prev) {
        return Some(Subject::Anaphor(None));
    }
    if prev.eq_ignore_ascii_case("it")
        || is_document_noun(prev)
            && k >= 2
            && matches!(toks[k - 2].text.to_lowercase().as_str(), "the" | "joint")
    {
        return Some(Subject::Document);
    }
    let lower = possessive_base(prev).to_lowercase();
    if ROLE_NOUNS.contains(&lower.as_str()) {
        let back = toks[k.saturating_sub(4)..k - 1]
            .iter()
            .any(|t| t.text.eq_ignore_ascii_case("the"));
        if back && delegation_before(&toks[..k], gaz).is_none() {
            return Some(Subject::Anaphor(Some(lower)));
        }
    }
    delegation_before(&toks[..k], gaz).map(Subject::Delegation)
}

/// "the representative of China", "China's representative", "the delegate of
/// the Russian Federation" right before a verb.
fn delegation_before(toks: &[Tok], gaz: &Gazetteer) -> Option<String> {
    let n = toks.len();
    for len in [3, 2, 1] {
        if n < len + 2 {
            continue;
        }
        let name = join_tokens(&toks[n - len..]);
        let bare = name.trim_start_matches("the ");
        let Some(country) = gaz
            .country(&name)
            .or_else(|| gaz.country(bare))
            .or_else(|| {
                gaz.canonical_forum(bare)
                    .filter(|f| *f == "European Union" || f.contains("Union"))
            })
        else {
            continue;
        };
        let mut k = n - len;
        if toks[k - 1].text.eq_ignore_ascii_case("the") {
            k -= 1;
        }
        if k >= 2
            && matches!(toks[k - 1].text, "of" | "for")
            && matches!(
                toks[k - 2].text.to_lowercase().as_str(),
                "representative" | "delegate" | "delegation" | "ambassador" | "speaker"
            )
        {
            return Some(country.to_string());
        }
    }
    // "China's representative", "The United States representative".
    if n >= 2
        && matches!(
            toks[n - 1].text.to_lowercase().as_str(),
            "representative" | "delegate" | "delegation"
        )
    {
        for len in [3, 2, 1] {
            if n > len {
                let name = join_tokens(&toks[n - 1 - len..n - 1]);
                if let Some(c) = gaz.country(&name).or_else(|| gaz.country_by_demonym(&name)) {
                    return Some(c.to_string());
                }
            }
        }
    }
    None
}

fn subject_after(toks: &[Tok], mut k: usize, ms: &[Mention], gaz: &Gazetteer) -> Option<Subject> {
    while toks.get(k).is_some_and(|t| t.text == ",") {
        k += 1;
    }
    // "said General Assembly President Philemon Yang": the name may follow
    // a role phrase.
    let candidates: Vec<&Mention> = ms
        .iter()
        .filter(|m| {
            m.start >= k
                && m.start <= k + 10
                && toks[k..m.start].iter().all(|t| {
                    (t.word
                        && (t.text.chars().next().is_some_and(char::is_uppercase)
                            || matches!(t.text, "of" | "the" | "for")
                            || is_role_word(t.text)
                            || is_title_filler(t.text)))
                        || t.text == "."
                })
        })
        .collect();
    // "сообщил заместитель директора Департамента безопасности Олег Храмов":
    // a capitalised word inside the title ("Департамента") is not the name
    // after it.
    let in_title = |m: &Mention| toks.get(m.end).is_some_and(|t| is_title_filler(t.text));
    let chosen = match candidates.as_slice() {
        [first, next, ..] if in_title(first) => Some(*next),
        [first, ..] => Some(*first),
        [] => None,
    };
    if let Some(m) = chosen {
        return Some(Subject::Named(m.clone()));
    }
    let t = toks.get(k)?;
    if is_pronoun(t.text) {
        return Some(Subject::Anaphor(None));
    }
    if document_at(toks, k).is_some() {
        return Some(Subject::Document);
    }
    if t.text.eq_ignore_ascii_case("the") {
        let mut j = k + 1;
        while j < toks.len() && j <= k + 3 {
            let lower = possessive_base(toks[j].text).to_lowercase();
            if ROLE_NOUNS.contains(&lower.as_str()) {
                // "the representative of China said"
                if toks.get(j + 1).is_some_and(|n| n.text == "of") {
                    let rest = &toks[j + 2..];
                    for len in [3, 2, 1] {
                        if rest.len() >= len
                            && let Some(c) =
                                gaz.country(join_tokens(&rest[..len]).trim_start_matches("the "))
                        {
                            return Some(Subject::Delegation(c.to_string()));
                        }
                    }
                }
                return Some(Subject::Anaphor(Some(lower)));
            }
            j += 1;
        }
    }
    None
}
