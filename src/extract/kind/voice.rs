//! Who narrates a text that reports nobody's words: an institution in its
//! own voice (a release), an author making an argument (an op-ed or an
//! analysis), or a reporter (news). Each test reads the narration only,
//! with quoted words taken out.

use std::sync::LazyLock;

use regex::Regex;

use super::super::gazetteer::Gazetteer;
use super::super::lexicon::{CONVERSATION_FRAMES, record_cover_at};
use super::super::statements::BodyPara;
use super::super::text::{self, outside_quotes};

/// Lines a release ends with, for the press to follow up.
const CONTACT_LINES: &[&str] = &[
    "for further information, please",
    "for further information please",
    "media contact:",
    "press contact:",
    "media inquiries",
    "para más información",
    "pour plus d'informations",
    "pour plus d’informations",
];

/// How a ministry's readout introduces its summary of a meeting.
const READOUT_LINES: &[&str] = &[
    "the outline is as follows",
    "the overview is as follows",
    "the summary is as follows",
    "the outline of the meeting is as follows",
    "the overview of the meeting is as follows",
];

/// Verbs an institution takes a stand with, in the present tense, as it
/// speaks of itself in its own release ("Norland welcomes …").
const STANCE_VERBS: &[&str] = &[
    "welcomes",
    "celebrates",
    "commends",
    "condemns",
    "reaffirms",
    "reiterates",
    "continues",
    "remains",
    "stands",
    "calls",
    "urges",
    "expresses",
    "congratulates",
    "celebra",
    "saluda",
    "reafirma",
    "reitera",
    "condena",
    "felicita",
    "salue",
    "condamne",
    "réaffirme",
    "приветствует",
    "осуждает",
    "подтверждает",
];

/// What a paper or an article calls itself.
const SELF_REFERENCE: &[&str] = &[
    "this article",
    "this paper",
    "this essay",
    "this commentary",
    "this piece",
    "this analysis",
    "este artículo",
    "本文",
];

/// "… in Geneva.”2 The meeting …": a note's number after a sentence.
static FOOTNOTE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\p{Ll}[.,;”\x22’)]{1,2}\d{1,2}\s+\p{Lu}").expect("static pattern")
});

/// Words an author writes of themselves, as written (not "US").
const FIRST_PERSON: &[&str] = &["We", "Our", "My", "I"];

pub fn is_hearing_record(text: &str) -> bool {
    // The cover is on the first page; a char boundary near 4,000 bytes.
    let mut end = text.len().min(4000);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    record_cover_at(&text[..end]).is_some()
}

/// The opening presents a conversation: an episode, an interview.
pub fn presents_a_conversation(opening: &[&str]) -> bool {
    opening.iter().any(|p| {
        let lower = p.to_lowercase();
        CONVERSATION_FRAMES.iter().any(|f| lower.contains(f))
    })
}

/// A release's own furniture: contact lines, a readout's introduction.
pub fn has_release_lines(lower: &str) -> bool {
    CONTACT_LINES
        .iter()
        .chain(READOUT_LINES)
        .any(|l| lower.contains(l))
}

/// A sentence of the narration where a state or its government takes a
/// stand in the present tense ("Norland welcomes …", "The Government of
/// Norland reaffirms …"), with nobody's saying reported around it.
pub fn institution_speaks(body: &[BodyPara], gaz: &Gazetteer) -> bool {
    body.iter().filter(|p| !p.heading).any(|p| {
        text::sentences(p.text).iter().any(|s| {
            let words: Vec<&str> = s.split_whitespace().take(6).collect();
            let lower = s.to_lowercase();
            if lower.contains(" said") || lower.contains(" told") {
                return false;
            }
            (1..words.len())
                .any(|v| STANCE_VERBS.contains(&words[v]) && names_a_state(&words[..v], gaz))
        })
    })
}

/// "Norland", "The United States", "The Government of Norland".
fn names_a_state(subject: &[&str], gaz: &Gazetteer) -> bool {
    let rest = match subject.first() {
        Some(&("The" | "El" | "La" | "Le")) => &subject[1..],
        _ => subject,
    };
    let rest = match rest {
        [g, of, more @ ..]
            if matches!(*g, "Government" | "Gobierno" | "Gouvernement")
                && matches!(*of, "of" | "de" | "du") =>
        {
            more
        }
        _ => rest,
    };
    !rest.is_empty() && gaz.country(&rest.join(" ")).is_some()
}

/// "Statement by …", "Foreign Ministry statement on …": a title that says
/// what the text is.
pub fn titled_as_a_statement(title: &str) -> bool {
    let lower = title.to_lowercase();
    lower.starts_with("statement")
        || [
            "statement by ",
            "statement on ",
            "statement of ",
            "statement from ",
        ]
        .iter()
        .any(|w| lower.contains(w))
}

/// How many sentences of the narration the author opens in the first
/// person ("Our view is …", "I argue …"): mid-sentence "our" is
/// as often a release's words a reporter took over.
pub fn first_person_sentences(body: &[BodyPara]) -> usize {
    body.iter()
        .filter(|p| !p.heading)
        .map(|p| {
            let narration = outside_quotes(p.text);
            text::sentences(&narration)
                .iter()
                .filter(|s| {
                    let first = s.split_whitespace().next().unwrap_or("");
                    FIRST_PERSON.contains(&first) || s.trim_start().starts_with("In our ")
                })
                .count()
        })
        .sum()
}

/// A paper naming itself, or notes numbered after sentences: analysis,
/// not reporting.
pub fn reads_as_a_paper(body: &[BodyPara], lower: &str) -> bool {
    SELF_REFERENCE.iter().any(|r| {
        lower
            .match_indices(r)
            .any(|(i, _)| !lower[i + r.len()..].trim_start().starts_with("of "))
    }) || body
        .iter()
        .filter(|p| !p.heading)
        .any(|p| FOOTNOTE.is_match(&outside_quotes(p.text)))
}

/// A publisher of analysis: one the gazetteer says writes it, or an
/// institute, a centre or an endowment by its name.
pub fn publishes_analysis(source: Option<&str>, gaz: &Gazetteer) -> bool {
    source.is_some_and(|s| {
        gaz.outlet(s).is_some_and(|o| o.analysis)
            || s.split_whitespace().last().is_some_and(|w| {
                matches!(
                    w,
                    "Institute" | "Center" | "Centre" | "Endowment" | "Institution"
                )
            })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn para(text: &str) -> BodyPara<'_> {
        BodyPara {
            text,
            heading: false,
        }
    }

    #[test]
    fn an_institution_speaking_of_itself() {
        let g = Gazetteer::embedded().unwrap();
        for s in [
            "Norway welcomes the agreement on the draft.",
            "The Government of Norway reaffirms its support for the process.",
            "The United States remains committed to the process.",
        ] {
            assert!(institution_speaks(&[para(s)], &g), "{s}");
        }
        // A state the gazetteer does not know is no state to it.
        assert!(!institution_speaks(
            &[para("Norland welcomes the step.")],
            &g
        ));
        assert!(!institution_speaks(
            &[para("Norway welcomes the step, the minister said.")],
            &g
        ));
    }

    #[test]
    fn an_argument_and_its_notes() {
        let one = |t| first_person_sentences(&[para(t)]);
        assert_eq!(one("Our view is plain. I argue it is late."), 2);
        assert_eq!(one("The US and its allies met. “We agree,” one said."), 0);
        assert_eq!(one("It will help in our daily work."), 0);
        assert!(reads_as_a_paper(
            &[para("It met in Geneva.”2 The states compared notes.")],
            ""
        ));
        assert!(reads_as_a_paper(&[], "in this paper the talks are traced"));
        assert!(!reads_as_a_paper(
            &[],
            "under this article of the convention"
        ));
    }
}
