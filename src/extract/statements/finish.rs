//! The end of reading: the people who spoke completed from the gazetteer
//! (and a role's institution from the body), then the article's speakers,
//! numbered statements and the people it only mentions.

use super::body::{Attributed, BodyPara};
use super::discourse::State;
use crate::extract::gazetteer::{Gazetteer, fold_name, person_slug};
use crate::extract::lexicon::is_role_word;
use crate::extract::tokens::{Tok, possessive_base, tokenize};
use crate::model::{Person, Statement};

impl State {
    pub(super) fn finish(mut self, paras: &[BodyPara], gaz: &Gazetteer) -> Attributed {
        let body: String = paras.iter().map(|p| p.text).collect::<Vec<_>>().join("\n");
        // Tokenized when first needed, then shared by everyone asked about.
        let mut body_toks: Option<Vec<Tok>> = None;
        // The text's spelling of each person the gazetteer renamed.
        let mut spelled: Vec<Option<String>> = vec![None; self.people.len()];
        for (p, spelled) in self.people.iter_mut().zip(&mut spelled) {
            if let Some(known) = gaz.person(&p.name) {
                if p.name != known.name {
                    *spelled = Some(std::mem::take(&mut p.name));
                }
                p.name.clone_from(&known.name);
                p.folded = fold_name(&p.name);
                if p.role.is_none() {
                    p.role.clone_from(&known.role);
                }
                if p.country.is_none() {
                    p.country.clone_from(&known.country);
                }
            }
            if p.country.is_none() {
                p.country = p
                    .role
                    .as_deref()
                    .and_then(|r| country_of_institution(r, &body, &mut body_toks, gaz));
            }
        }
        let mut order: Vec<usize> = Vec::new();
        for said in &self.statements {
            if !order.contains(&said.who) {
                order.push(said.who);
            }
        }
        // Each speaker's slug once, not once per statement.
        let mut slugs: Vec<String> = vec![String::new(); self.people.len()];
        for &i in &order {
            slugs[i] = person_slug(&self.people[i].name);
        }
        let speakers = order
            .iter()
            .map(|&i| {
                let k = &self.people[i];
                Person {
                    name: k.name.clone(),
                    slug: slugs[i].clone(),
                    role: k.role.clone(),
                    country: k.country.clone(),
                    aliases: spelled[i].iter().cloned().collect(),
                }
            })
            .collect();
        let statements = std::mem::take(&mut self.statements)
            .into_iter()
            .enumerate()
            .map(|(n, said)| Statement {
                n: n + 1,
                speaker: self.people[said.who].name.clone(),
                speaker_slug: slugs[said.who].clone(),
                text: said.text,
                mode: said.mode,
                paragraph: said.para,
                evidence: said.evidence,
            })
            .collect();
        let mentioned = self
            .people
            .iter()
            .filter(|p| !p.spoke && p.contextual && p.name.split_whitespace().count() >= 2)
            .map(|p| p.name.clone())
            .collect();
        Attributed {
            speakers,
            statements,
            mentioned,
            labelled: self.labelled,
        }
    }
}

/// "head of the Senate’s … Committee": the country whose Senate the text
/// names elsewhere ("the Russian Senate").
/// `body_toks`: `tokenize(body)`, once computed.
fn country_of_institution<'b>(
    role: &str,
    body: &'b str,
    body_toks: &mut Option<Vec<Tok<'b>>>,
    gaz: &Gazetteer,
) -> Option<String> {
    let toks = tokenize(role);
    let institutions: Vec<&str> = toks
        .iter()
        .filter(|t| {
            t.word && t.text.chars().next().is_some_and(char::is_uppercase) && !is_role_word(t.text)
        })
        .map(|t| possessive_base(t.text))
        .collect();
    if institutions.is_empty() {
        return None;
    }
    let body_toks = body_toks.get_or_insert_with(|| tokenize(body));
    for inst in institutions {
        for w in body_toks.windows(2) {
            if possessive_base(w[1].text) == inst
                && let Some(c) = gaz.country_any(w[0].text)
            {
                return Some(c.to_string());
            }
        }
    }
    None
}
