//! What attribution reads and what it gives back: the body's paragraphs
//! ([`BodyPara`]) and the speakers, statements and mentions found in them
//! ([`Attributed`]).

use crate::model::{Person, Statement};

/// A paragraph of the cleaned body, and whether it is a transcript turn label.
#[derive(Debug, Clone, Copy)]
pub struct BodyPara<'a> {
    pub text: &'a str,
    pub heading: bool,
}

#[derive(Debug, Default)]
pub struct Attributed {
    pub speakers: Vec<Person>,
    pub statements: Vec<Statement>,
    pub mentioned: Vec<String>,
    /// How many paragraphs open with a speaker's label ("MR. LEE: …",
    /// "CHAIR: …"), named or not: turns, for telling a transcript.
    pub labelled: usize,
}
