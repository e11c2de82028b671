//! Reading one paragraph, sentence by sentence: each sentence's people
//! registered, its speaker found (a subject, an anaphor, a delegation, the
//! paragraph's speaker for a quote standing alone) and its quotes or
//! reported words said; passive readouts' speakers too.

use super::body::BodyPara;
use super::cjk;
use super::discourse::State;
use super::passive::passive_speakers;
use super::quotes::{ends_inside_quote, quotes};
use super::subject::{Subject, document_at, find_subject};
use crate::extract::gazetteer::Gazetteer;
use crate::extract::people::{Mention, mentions};
use crate::extract::text::{is_open_quote, sentences};
use crate::extract::tokens::{Tok, tokenize};
use crate::model::{Person, StatementMode};

impl State {
    pub(super) fn paragraph(&mut self, pi: usize, text: &str, paras: &[BodyPara], gaz: &Gazetteer) {
        let mut para_speaker: Option<usize> = None;
        let sents = sentences(text);
        for (si, s) in sents.iter().enumerate() {
            let toks = tokenize(s);
            let ms = mentions(&toks, gaz);
            let subject = find_subject(&toks, &ms, gaz);
            self.note_signers(&toks, &ms);
            for m in &ms {
                let is_subject = matches!(&subject, Some(Subject::Named(n)) if n == m)
                    && (m.contextual || m.name.contains(' '));
                if m.contextual || is_subject || self.resolve_name(&m.name).is_some() {
                    self.register(m, is_subject);
                }
            }
            let quotes = quotes(s);
            // A document speaks for its signers; with none named it is no one.
            if matches!(subject, Some(Subject::Document)) && !self.signers.is_empty() {
                let (words, mode) = if quotes.is_empty() {
                    (s.to_string(), StatementMode::Reported)
                } else {
                    (quotes.join(" … "), StatementMode::Quote)
                };
                for who in self.signers.clone() {
                    self.say(who, words.clone(), mode, pi, s);
                }
                continue;
            }
            // Chinese has no capitals for the name grammar to find.
            let cjk_named = subject.is_none().then(|| cjk::speaker(s, gaz)).flatten();
            let speaker = match subject {
                // A lone capitalised word ("Justice said") is a person only
                // if the text named them before or gave them a title.
                // Or if the gazetteer knows one person by that surname.
                Some(Subject::Named(m)) if !m.name.contains(' ') && !m.contextual => {
                    if self.resolve_name(&m.name).is_some() {
                        Some(self.register(&m, true))
                    } else {
                        gaz.person_by_surname(&m.name).map(|p| {
                            let full = Mention {
                                name: p.name.clone(),
                                ..m.clone()
                            };
                            self.register(&full, true)
                        })
                    }
                }
                Some(Subject::Named(m)) => Some(self.register(&m, true)),
                Some(Subject::Anaphor(noun)) => self.resolve_anaphor(noun.as_deref()),
                Some(Subject::Delegation(country)) => Some(self.delegation_or_person(&Person {
                    name: country.clone(),
                    slug: String::new(),
                    role: Some("delegation".into()),
                    country: Some(country),
                    aliases: Vec::new(),
                })),
                None | Some(Subject::Document) if let Some(name) = cjk_named => {
                    Some(self.register(
                        &Mention {
                            start: 0,
                            end: 0,
                            name,
                            role: None,
                            country: None,
                            appos_end: 0,
                            contextual: true,
                        },
                        true,
                    ))
                }
                None | Some(Subject::Document) if !quotes.is_empty() => {
                    // A quote standing alone continues the paragraph's speaker,
                    // or the speaker who introduced it with a colon.
                    let opens = s.trim_start().starts_with(is_open_quote);
                    if opens && si == 0 && self.open_quote.is_some() {
                        self.open_quote
                    } else if opens {
                        para_speaker.or_else(|| {
                            (si == 0 && pi > 0 && paras[pi - 1].text.trim_end().ends_with(':'))
                                .then_some(self.last_speaker)
                                .flatten()
                        })
                    } else {
                        None
                    }
                }
                None | Some(Subject::Document) => None,
            };
            if speaker.is_none() && quotes.is_empty() {
                // "Opening remarks were given by NAME, followed by briefings
                // by NAME and NAME": each named after "by" spoke.
                for m in passive_speakers(&toks, &ms) {
                    let who = self.register(m, true);
                    self.say(who, s.to_string(), StatementMode::Reported, pi, s);
                }
            }
            let continued = si == 0 && self.open_quote.is_some() && self.open_quote == speaker;
            let Some(speaker) = speaker else { continue };
            para_speaker = Some(speaker);
            let (words, mode) = if quotes.is_empty() {
                (s.to_string(), StatementMode::Reported)
            } else {
                (quotes.join(" … "), StatementMode::Quote)
            };
            if continued && let Some(last) = self.statements.last_mut() {
                // One quotation over two paragraphs is one statement.
                last.text.push(' ');
                last.text.push_str(&words);
                continue;
            }
            self.say(speaker, words, mode, pi, s);
        }
        self.open_quote = para_speaker.filter(|_| ends_inside_quote(text));
    }

    /// "President Anna Kowalczyk and her Estonian counterpart Mart
    /// Saarepuu signed the joint statement": the people named before a signing verb
    /// whose object is a document are its signers.
    fn note_signers(&mut self, toks: &[Tok], ms: &[Mention]) {
        let Some(v) = toks.iter().position(|t| {
            matches!(
                t.text.to_lowercase().as_str(),
                "signed" | "issued" | "adopted" | "initialled"
            )
        }) else {
            return;
        };
        if !(v + 1..(v + 4).min(toks.len())).any(|k| document_at(toks, k).is_some()) {
            return;
        }
        let named: Vec<&Mention> = ms
            .iter()
            .filter(|m| m.end <= v && (m.contextual || m.name.contains(' ')))
            .collect();
        if !named.is_empty() {
            self.signers = named.into_iter().map(|m| self.register(m, false)).collect();
        }
    }
}
