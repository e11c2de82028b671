//! Who said what: speech verbs tied to their subjects (a named person, an
//! apposition, a surname, "he", "the diplomat", "the representative of
//! China"), quotes and reported speech turned into statements, transcript
//! turns, and op-ed authors. Produces the article's speakers, statements and
//! the people it only mentions.
//!
//! [`attribute`] walks the body; the files below it, lowest first:
//! [`body`] (its input and output), [`quotes`], [`subject`] (the grammar
//! of a sentence's speaker), [`cjk`] (a Chinese sentence's speaker), [`passive`] ("remarks by NAME"), [`transcript`]
//! (turn labels), [`authorship`] (bylines, headers, signatures), [`discourse`]
//! (what is known between sentences), [`reading`] (one paragraph) and
//! [`finish`] (the article's speakers and statements).

mod authorship;
mod body;
mod cjk;
mod conversation;
mod discourse;
mod finish;
mod passive;
mod quotes;
mod reading;
mod subject;
mod transcript;

use super::byline::Byline;
use super::gazetteer::Gazetteer;
use super::lexicon::{has_speech_verb, introduces_words};
use super::people::mentions;
use super::text::{sentences, word_count};
use super::tokens::tokenize;
use crate::model::{Person, StatementMode};
use authorship::{authors_of, signature_block};
pub use body::{Attributed, BodyPara};
use discourse::{State, truncate};
pub use transcript::is_transcript;
use transcript::{inline_label, parse_label, raw_label};

/// Longest op-ed text kept as one authored statement.
const MAX_AUTHORED_CHARS: usize = 4000;

/// Who wrote the text, as far as the page says.
#[derive(Debug, Clone, Copy, Default)]
pub struct Authorship<'a> {
    pub byline: Option<&'a Byline>,
    /// The page calls itself opinion ("The author is …", "Op-ed").
    pub opinion: bool,
    /// Authors named by the header ("Statement by NAME …"; see `header`).
    pub header: &'a [Person],
    /// The line that names them.
    pub header_line: &'a str,
    /// Lines after the text: a signature block under a joint statement.
    pub tail: &'a [&'a str],
}

pub fn attribute(paras: &[BodyPara], who: Authorship, gaz: &Gazetteer) -> Attributed {
    let Authorship {
        byline,
        opinion,
        header,
        header_line,
        tail,
    } = who;
    let signatories = signature_block(tail, gaz);
    let mut st = State::default();
    let mut turn: Option<usize> = None;
    let transcript = is_transcript(paras);
    let turns = if transcript {
        paras.iter().filter(|p| p.heading).count()
    } else {
        0
    };
    let mut intro: Option<usize> = None;
    // The lines that show who speaks: a turn's heading, a statement's intro.
    let (mut turn_line, mut intro_line) = ("", "");
    for (pi, para) in paras.iter().enumerate() {
        if para.heading && transcript {
            turn = st.turn_speaker(&parse_label(para.text, gaz));
            turn_line = para.text;
            continue;
        }
        if para.heading {
            continue;
        }
        let label = inline_label(para.text, gaz);
        if label.is_some() || super::text::opens_with_turn_label(para.text) {
            st.labelled += 1;
        }
        if let Some((label, words)) = label {
            // "Chair: H.E. Mr. Burhan Gafoor, Permanent Representative of
            // Singapore" names who holds a role; it is not a turn.
            if word_count(words) <= 15
                && !words.trim_end().ends_with(['.', '?', '!'])
                && let Some(m) = mentions(&tokenize(words), gaz)
                    .into_iter()
                    .find(|m| m.name.contains(' '))
            {
                let holder = Person {
                    name: m.name,
                    slug: String::new(),
                    role: Some(label.name.clone()),
                    country: m.country,
                    aliases: Vec::new(),
                };
                st.delegation_or_person(&holder);
                continue;
            }
            // "Zhao Lijian: We will release information in due course."
            if let Some(speaker) = st.turn_speaker(&label) {
                st.say(
                    speaker,
                    words.to_string(),
                    StatementMode::Turn,
                    pi,
                    raw_label(para.text),
                );
            }
            turn = None;
            continue;
        }
        if let Some(speaker) = intro {
            // The paragraphs after "… statement by NAME:" are NAME's words.
            if !has_speech_verb(para.text) {
                st.say(
                    speaker,
                    para.text.to_string(),
                    StatementMode::Quote,
                    pi,
                    intro_line,
                );
                continue;
            }
            intro = None;
        }
        if let Some(speaker) = turn {
            st.say(
                speaker,
                para.text.to_string(),
                StatementMode::Turn,
                pi,
                turn_line,
            );
            for s in sentences(para.text) {
                let toks = tokenize(s);
                for m in mentions(&toks, gaz) {
                    st.register(&m, false);
                }
            }
            continue;
        }
        // "In this episode, A sits down with B": both speak.
        for (m, sentence) in conversation::partners(para.text, gaz) {
            let idx = st.register(&m, false);
            st.say(
                idx,
                sentence.to_string(),
                StatementMode::Reported,
                pi,
                sentence,
            );
        }
        let said_before = st.statements.len();
        st.paragraph(pi, para.text, paras, gaz);
        // "The following statement was issued by … António Guterres:" — the
        // person named in the introducing paragraph speaks next.
        if para.text.trim_end().ends_with(':')
            && st.statements.len() == said_before
            && introduces_words(para.text)
        {
            intro = st.last_contextual().filter(|&i| {
                para.text
                    .contains(st.people[i].name.rsplit(' ').next().unwrap_or(""))
            });
            intro_line = para.text;
        }
    }
    let (authors, authored_by) = authors_of(
        byline,
        (header, header_line),
        &signatories,
        opinion,
        paras,
        gaz,
    );
    if turns == 0 && !authors.is_empty() {
        let text: String = paras
            .iter()
            .map(|p| p.text)
            .collect::<Vec<_>>()
            .join("\n\n");
        for author in authors {
            let idx = st.delegation_or_person(&author);
            st.say(
                idx,
                truncate(&text, MAX_AUTHORED_CHARS),
                StatementMode::Authored,
                0,
                &authored_by,
            );
        }
    }
    st.finish(paras, gaz)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(paras: &[&str]) -> Attributed {
        let g = Gazetteer::embedded().unwrap();
        let body: Vec<BodyPara> = paras
            .iter()
            .map(|t| BodyPara {
                text: t,
                heading: false,
            })
            .collect();
        attribute(&body, Authorship::default(), &g)
    }

    #[test]
    fn quote_then_anaphor_then_surname() {
        let a = run(&[
            "Moscow will act, Russian Deputy Foreign Minister Oleg Syromolotov told Sputnik on Saturday.",
            "\"We intend to submit them soon,\" the diplomat said.",
            "\"This mechanism is the only one of its kind,\" Syromolotov said.",
        ]);
        assert_eq!(a.speakers.len(), 1);
        assert_eq!(a.speakers[0].name, "Oleg Syromolotov");
        assert_eq!(a.statements.len(), 3);
        assert_eq!(a.statements[1].text, "We intend to submit them soon");
        assert_eq!(a.statements[1].mode, StatementMode::Quote);
    }

    #[test]
    fn a_quote_over_two_paragraphs_is_one_statement() {
        let a = run(&[
            "“We will not accept a treaty written by a club,” Deputy Minister Ivan Petrov said. “The negotiations must be open to all.",
            "“Every state should have a voice in them.”",
        ]);
        assert_eq!(a.statements.len(), 1, "{:?}", a.statements);
        let s = &a.statements[0];
        assert!(
            s.text.contains("open to all") && s.text.ends_with("a voice in them."),
            "{}",
            s.text
        );
        assert_eq!(s.speaker, "Ivan Petrov");
    }

    #[test]
    fn mentioned_people_do_not_speak() {
        let a = run(&[
            "Russian Ambassador Anatoly Antonov has said that the deal reached by Russian President Vladimir Putin and his US counterpart Joe Biden matters.",
        ]);
        let speakers: Vec<&str> = a.speakers.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(speakers, vec!["Anatoly Antonov"]);
        assert!(a.mentioned.contains(&"Vladimir Putin".to_string()));
        assert!(a.mentioned.contains(&"Joe Biden".to_string()));
    }

    #[test]
    fn organisations_and_countries_do_not_speak() {
        let a = run(&[
            "The Russian Senate welcomed the adoption and said that it was right.",
            "Moscow said earlier that it would respond.",
        ]);
        assert!(a.speakers.is_empty(), "{:?}", a.speakers);
    }

    #[test]
    fn un_coverage_delegations_speak() {
        let a = run(&[
            "The representative of China said that the group should continue its work on norms.",
        ]);
        assert_eq!(a.speakers[0].name, "China");
    }

    #[test]
    fn transcript_turns() {
        let g = Gazetteer::embedded().unwrap();
        let body = [
            BodyPara {
                text: "CHINA",
                heading: true,
            },
            BodyPara {
                text: "We support the group.",
                heading: false,
            },
            BodyPara {
                text: "Mr. Jan Novak (Czechia), Chair:",
                heading: true,
            },
            BodyPara {
                text: "Thank you, the floor is open.",
                heading: false,
            },
        ];
        let a = attribute(&body, Authorship::default(), &g);
        let names: Vec<&str> = a.speakers.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(names, vec!["China", "Jan Novak"]);
        assert_eq!(a.statements[1].mode, StatementMode::Turn);
    }
}
