//! What the reader keeps between sentences: the people the text has named
//! (with roles and countries), who was referred to most recently, who spoke
//! last, the statements so far, and a quotation left open; names, surnames,
//! pronouns and transcript roles resolved against them.

use crate::extract::gazetteer::fold_name;
use crate::extract::lexicon::{ROLE_LABELS, is_role_word};
use crate::extract::people::Mention;
use crate::model::{Person, StatementMode};

/// The line kept as a statement's evidence is cut to this.
const MAX_EVIDENCE_CHARS: usize = 300;

/// Someone the text refers to, gathered across sentences.
#[derive(Debug, Clone)]
pub(super) struct Known {
    pub(super) name: String,
    /// `fold_name(&name)`, kept with it: names are compared folded for
    /// every mention of every sentence.
    pub(super) folded: String,
    pub(super) role: Option<String>,
    pub(super) country: Option<String>,
    pub(super) contextual: bool,
    pub(super) spoke: bool,
}

/// One statement while the text is read: who, what, how it was found, and
/// the line that shows it.
pub(super) struct Said {
    pub(super) who: usize,
    pub(super) text: String,
    pub(super) mode: StatementMode,
    pub(super) para: usize,
    pub(super) evidence: String,
}

#[derive(Default)]
pub(super) struct State {
    pub(super) people: Vec<Known>,
    /// Indexes into `people`, most recently referred to last.
    pub(super) recency: Vec<usize>,
    pub(super) last_speaker: Option<usize>,
    pub(super) statements: Vec<Said>,
    /// The speaker of a quotation left open at the end of the previous
    /// paragraph: by convention the next paragraph reopens it.
    pub(super) open_quote: Option<usize>,
    /// Paragraphs opened by a speaker's label (see `Attributed::labelled`).
    pub(super) labelled: usize,
    /// Who signed the document the text reports ("X and Y signed the
    /// statement"): "the statement said" is their words.
    pub(super) signers: Vec<usize>,
}

impl State {
    pub(super) fn say(
        &mut self,
        who: usize,
        text: String,
        mode: StatementMode,
        para: usize,
        evidence: &str,
    ) {
        self.people[who].spoke = true;
        self.last_speaker = Some(who);
        self.touch(who);
        // A quote continued in the next sentence joins the previous statement.
        if let Some(last) = self.statements.last_mut()
            && last.who == who
            && last.para == para
            && last.mode == mode
            && mode == StatementMode::Quote
        {
            last.text.push(' ');
            last.text.push_str(&text);
            return;
        }
        self.statements.push(Said {
            who,
            text,
            mode,
            para,
            evidence: truncate(evidence.trim(), MAX_EVIDENCE_CHARS),
        });
    }

    pub(super) fn touch(&mut self, who: usize) {
        self.recency.retain(|&i| i != who);
        self.recency.push(who);
    }

    /// The known person a name refers to: the same folded name, or a full
    /// name whose surname this is.
    pub(super) fn resolve_name(&self, name: &str) -> Option<usize> {
        let folded = fold_name(name);
        if let Some(i) = self.people.iter().position(|p| p.folded == folded) {
            return Some(i);
        }
        let single = !folded.contains(' ');
        self.people.iter().position(|p| {
            let pf = &p.folded;
            if single {
                // Surname last (Khramov) or, for names written surname
                // first, first (Xi Jinping → Xi).
                pf.rsplit(' ').next() == Some(folded.as_str())
                    || (pf.split(' ').count() == 2 && pf.split(' ').next() == Some(folded.as_str()))
            } else {
                // "Yakovenko" known, now "Alexander Yakovenko": the same man.
                !pf.contains(' ') && folded.rsplit(' ').next() == Some(pf.as_str())
            }
        })
    }

    pub(super) fn register(&mut self, m: &Mention, contextual: bool) -> usize {
        let idx = match self.resolve_name(&m.name) {
            Some(i) => {
                let p = &mut self.people[i];
                if m.name.split_whitespace().count() > p.name.split_whitespace().count() {
                    p.name = m.name.clone();
                    p.folded = fold_name(&p.name);
                }
                i
            }
            None => {
                self.people.push(Known {
                    name: m.name.clone(),
                    folded: fold_name(&m.name),
                    role: None,
                    country: None,
                    contextual: false,
                    spoke: false,
                });
                self.people.len() - 1
            }
        };
        let p = &mut self.people[idx];
        p.contextual |= m.contextual || contextual;
        if p.role.is_none() {
            p.role.clone_from(&m.role);
        }
        if p.country.is_none() {
            p.country.clone_from(&m.country);
        }
        self.touch(idx);
        idx
    }

    pub(super) fn delegation_or_person(&mut self, p: &Person) -> usize {
        let m = Mention {
            start: 0,
            end: 0,
            name: p.name.clone(),
            role: p.role.clone(),
            country: p.country.clone(),
            appos_end: 0,
            contextual: true,
        };
        self.register(&m, true)
    }

    /// The speaker a transcript label names; a bare role ("Chair",
    /// "Moderator") is whoever the text gave that role, or nobody.
    pub(super) fn turn_speaker(&mut self, p: &Person) -> Option<usize> {
        let words: Vec<&str> = p.name.split_whitespace().collect();
        let role_only = !words.is_empty()
            && words
                .iter()
                .all(|w| is_role_word(w) || ROLE_LABELS.contains(&w.to_lowercase().as_str()));
        if role_only {
            let noun = words.last().map(|w| w.to_lowercase())?;
            return self.recency.iter().rev().copied().find(|&i| {
                self.people[i]
                    .role
                    .as_deref()
                    .is_some_and(|r| r.to_lowercase().contains(&noun))
            });
        }
        Some(self.delegation_or_person(p))
    }

    /// The person most recently named with a role or honorific.
    pub(super) fn last_contextual(&self) -> Option<usize> {
        self.recency
            .iter()
            .rev()
            .copied()
            .find(|&i| self.people[i].contextual)
    }

    pub(super) fn resolve_anaphor(&self, noun: Option<&str>) -> Option<usize> {
        const GENERIC: &[&str] = &["official", "diplomat", "expert", "politician", "lawmaker"];
        if let Some(noun) = noun.filter(|n| !GENERIC.contains(n)) {
            let hit = self.recency.iter().rev().copied().find(|&i| {
                self.people[i]
                    .role
                    .as_deref()
                    .is_some_and(|r| r.to_lowercase().contains(noun))
            });
            if hit.is_some() {
                return hit;
            }
        }
        self.last_speaker.or_else(|| {
            self.recency
                .iter()
                .rev()
                .copied()
                .find(|&i| self.people[i].contextual)
        })
    }
}

/// `s` cut to at most `max` bytes (at a character boundary), marked `…`.
pub(super) fn truncate(s: &str, max: usize) -> String {
    if s.len() <= max {
        return s.to_string();
    }
    let mut i = max;
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    format!("{}…", &s[..i])
}
