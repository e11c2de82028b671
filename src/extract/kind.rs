//! What kind of document a page is, from its structure: turns make a
//! transcript; an author's text, a speech's opening or an issued statement
//! make a statement (or, unsigned, an op-ed); an institution's release
//! layout makes a press release; the rest is news.

use super::statements::{self, Attributed, BodyPara};
use crate::model::{Kind, StatementMode};

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

/// How many paragraphs under the headline may hold a speech's opening.
pub const OPENING_PARAS: usize = 6;

/// `opening`: the paragraphs under the headline, kept or not (salutations
/// are too short to be kept as prose); `lower`: the raw text lower-cased;
/// `signed`: a header, signature or byline names the text's author.
pub fn infer(
    body: &[BodyPara],
    opening: &[&str],
    said: &Attributed,
    lower: &str,
    signed: bool,
) -> Kind {
    // Turns under heading lines, or labels opening paragraphs ("MR. X: …"),
    // or an interview's questions and answers opened by dashes.
    if statements::is_transcript(body) || said.labelled >= 2 || dash_turns(body) >= 2 {
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
