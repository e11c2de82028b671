//! What kind of document a page is, from its structure: turns make a
//! transcript; an author's text, a speech's opening or an issued statement
//! make a statement (or, unsigned, an op-ed); an institution's release
//! layout makes a press release. A text that reports nobody's words is
//! read for its narrator ([`voice`]): an institution's own voice makes a
//! release, an author's argument an op-ed. The rest is news.

mod voice;

use super::gazetteer::Gazetteer;
use super::statements::{self, Attributed, BodyPara};
use crate::model::{Kind, StatementMode};

/// What [`infer`] reads.
pub struct Evidence<'a> {
    pub body: &'a [BodyPara<'a>],
    /// The paragraphs under the headline, kept or not (salutations are
    /// too short to be kept as prose).
    pub opening: &'a [&'a str],
    pub said: &'a Attributed,
    /// The raw text, and lower-cased.
    pub text: &'a str,
    pub lower: &'a str,
    /// A header, signature or byline names the text's author.
    pub signed: bool,
    pub source: Option<&'a str>,
    pub title: &'a str,
    pub gaz: &'a Gazetteer,
}

/// How a speech or statement opens: the address to the room, or the
/// speaker's own voice from the first line.
const SPEECH_OPENINGS: &[&str] = &[
    "thank you",
    "good morning",
    "good afternoon",
    "good evening",
    "excellencies",
    "excellency",
    "ladies and gentlemen",
    "distinguished",
    "dear colleagues",
    "dear friends",
    "mr. chair",
    "mr chair",
    "madam chair",
    "mr. president",
    "madam president",
    "it is a great pleasure",
    "it is an honour",
    "it is an honor",
    "i welcome",
    "i would like to",
    "we, the",
];

/// Phrases that introduce a statement issued in full.
const ISSUED: &[&str] = &[
    "the following statement was issued",
    "the following statement was released",
    "issued the following statement",
];

/// Sentences of narration opened in the first person that make a text an
/// op-ed even when it quotes people.
const STRONG_FIRST_PERSON: usize = 2;

/// How many paragraphs under the headline may hold a speech's opening.
pub const OPENING_PARAS: usize = 6;

pub fn infer(e: &Evidence) -> Kind {
    let Evidence {
        body,
        opening,
        said,
        lower,
        signed,
        ..
    } = *e;
    // Turns under heading lines, or labels opening paragraphs ("MR. X: …"),
    // or an interview's questions and answers opened by dashes; a hearing's
    // record; an episode presenting a conversation.
    if statements::is_transcript(body)
        || said.labelled >= 2
        || dash_turns(body) >= 2
        || voice::is_hearing_record(e.text)
        || voice::presents_a_conversation(opening)
    {
        return Kind::Transcript;
    }
    if said
        .statements
        .iter()
        .any(|s| s.mode == StatementMode::Authored)
    {
        return if signed { Kind::Statement } else { Kind::OpEd };
    }
    if opens_like_a_speech(opening) {
        return Kind::Statement;
    }
    // A newsroom's layout says release, even of a statement it carries.
    if lower.contains("press release")
        || lower.contains("meetings coverage")
        || lower.contains("for immediate release")
    {
        return Kind::PressRelease;
    }
    if ISSUED.iter().any(|p| lower.contains(p)) {
        return Kind::Statement;
    }
    if voice::has_release_lines(lower) {
        return Kind::PressRelease;
    }
    // Whose voice narrates a text that reports nobody's words.
    let reports = said
        .statements
        .iter()
        .any(|s| matches!(s.mode, StatementMode::Quote | StatementMode::Reported));
    let first_person = voice::first_person_sentences(body);
    // "Foreign Ministry statement on …" speaking as "we", or reporting
    // nobody: the body that issues it, not an author.
    if voice::titled_as_a_statement(e.title) && (first_person > 0 || !reports) {
        return Kind::Statement;
    }
    // An author who writes "I" and "we" throughout argues, quotes or not.
    if first_person >= STRONG_FIRST_PERSON {
        return Kind::OpEd;
    }
    if !reports {
        if voice::institution_speaks(body, e.gaz) {
            return Kind::PressRelease;
        }
        if first_person > 0
            || voice::reads_as_a_paper(body, lower)
            || voice::publishes_analysis(e.source, e.gaz)
        {
            return Kind::OpEd;
        }
    }
    Kind::News
}

/// The first paragraphs of the text address the room or speak as "I".
fn opens_like_a_speech(opening: &[&str]) -> bool {
    opening.iter().any(|p| {
        let lower = p.trim_start().to_lowercase();
        SPEECH_OPENINGS.iter().any(|o| lower.starts_with(o))
    })
}

/// Paragraphs opened by a dash, as interviews set out their turns
/// ("— How important is …?" / "— Very."). Not a hyphen: "- " opens the
/// items of a bulleted list.
fn dash_turns(body: &[BodyPara]) -> usize {
    body.iter()
        .filter(|p| p.text.starts_with(['—', '–']))
        .count()
}
