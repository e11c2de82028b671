//! Who said what: speech verbs tied to their subjects (a named person, an
//! apposition, a surname, "he", "the diplomat", "the representative of
//! China"), quotes and reported speech turned into statements, transcript
//! turns, and op-ed authors. Produces the article's speakers, statements and
//! the people it only mentions.

use super::byline::Byline;
use super::gazetteer::{Gazetteer, fold_name, person_slug};
use super::lexicon::{
    ROLE_LABELS, ROLE_NOUNS, SPOKEN_NOUNS, has_speech_verb, introduces_words, is_auxiliary,
    is_honorific, is_name_word, is_pronoun, is_role_word, is_speech_verb,
};
use super::people::{Mention, mentions};
use super::text::{is_close_quote, is_open_quote, sentences, with_lowercase, word_count};
use super::tokens::{Tok, join_tokens, possessive_base, tokenize};
use crate::model::{Person, Statement, StatementMode};

/// Quoted words shorter than this are scare quotes, not statements.
const MIN_QUOTE_WORDS: usize = 3;
/// Closing paragraphs searched for author bio lines.
const BIO_PARAS: usize = 5;
/// Lines after the text searched for a signature block.
const SIGNATURE_LINES: usize = 16;
/// Longest op-ed text kept as one authored statement.
const MAX_AUTHORED_CHARS: usize = 4000;
/// The line kept as a statement's evidence is cut to this.
const MAX_EVIDENCE_CHARS: usize = 300;

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

/// Someone the text refers to, gathered across sentences.
#[derive(Debug, Clone)]
struct Known {
    name: String,
    /// `fold_name(&name)`, kept with it: names are compared folded for
    /// every mention of every sentence.
    folded: String,
    role: Option<String>,
    country: Option<String>,
    contextual: bool,
    spoke: bool,
}

/// What refers to the speaker of a sentence.
enum Subject {
    Named(Mention),
    /// "he", "she" (None) or "the diplomat" (Some("diplomat")).
    Anaphor(Option<String>),
    Delegation(String),
}

/// One statement while the text is read: who, what, how it was found, and
/// the line that shows it.
struct Said {
    who: usize,
    text: String,
    mode: StatementMode,
    para: usize,
    evidence: String,
}

#[derive(Default)]
struct State {
    people: Vec<Known>,
    /// Indexes into `people`, most recently referred to last.
    recency: Vec<usize>,
    last_speaker: Option<usize>,
    statements: Vec<Said>,
    /// The speaker of a quotation left open at the end of the previous
    /// paragraph: by convention the next paragraph reopens it.
    open_quote: Option<usize>,
    /// Paragraphs opened by a speaker's label (see `Attributed::labelled`).
    labelled: usize,
}

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

/// The authors whose text the body is: an op-ed byline (a role, "for" an
/// outlet, or a page that calls itself opinion), a signed statement ("Name,
/// Role" under the headline, or "Statement by NAME" as the headline). A
/// reporter's plain byline on a news story names no speaker.
fn authors_of(
    byline: Option<&Byline>,
    (header, header_line): (&[Person], &str),
    signatories: &[Person],
    opinion: bool,
    paras: &[BodyPara],
    gaz: &Gazetteer,
) -> (Vec<Person>, String) {
    if !signatories.is_empty() && super::header::states_only(header) {
        let names: Vec<&str> = signatories.iter().map(|p| p.name.as_str()).collect();
        return (
            signatories.to_vec(),
            format!("signed: {}", names.join(", ")),
        );
    }
    if !header.is_empty() {
        return (header.to_vec(), header_line.to_string());
    }
    let Some(b) = byline else {
        return if opinion {
            (
                bio_authors(paras, gaz),
                "the author's closing bio line".into(),
            )
        } else {
            (Vec::new(), String::new())
        };
    };
    let signed = b.role.is_some();
    let op_ed = b.outlet.is_some()
        || b.author
            .split_whitespace()
            .any(|w| is_role_word(w) || is_honorific(w));
    if !(signed || op_ed || opinion) {
        return (Vec::new(), String::new());
    }
    let authors = b
        .author
        .split(" and ")
        .flat_map(|a| a.split(", "))
        .map(str::trim)
        .filter(|a| !a.is_empty())
        .map(|a| {
            let mut p = parse_byline_author(a, paras, gaz);
            if p.role.is_none() {
                p.role.clone_from(&b.role);
            }
            p
        })
        .collect();
    (authors, format!("byline: {}", b.author))
}

/// Op-ed authors named in closing bio lines: "Emma Hartigan is a research
/// fellow at …".
fn bio_authors(paras: &[BodyPara], gaz: &Gazetteer) -> Vec<Person> {
    let start = paras.len().saturating_sub(BIO_PARAS);
    paras[start..]
        .iter()
        .filter_map(|p| {
            let (name, _) = p.text.split_once(" is ")?;
            let words: Vec<&str> = name.split_whitespace().collect();
            let looks_like_name =
                (2..=4).contains(&words.len()) && words.iter().all(|w| is_name_word(w, gaz));
            looks_like_name.then(|| Person {
                name: name.trim().to_string(),
                slug: String::new(),
                role: None,
                country: None,
            })
        })
        .collect()
}

/// Names signing a statement, one a line after the text, each perhaps
/// followed by a line with their title.
fn signature_block(tail: &[&str], gaz: &Gazetteer) -> Vec<Person> {
    let mut out: Vec<Person> = Vec::new();
    for line in tail.iter().take(SIGNATURE_LINES) {
        let words: Vec<&str> = line.split_whitespace().collect();
        let is_name = (2..=4).contains(&words.len()) && words.iter().all(|w| is_name_word(w, gaz));
        if is_name {
            out.push(Person {
                name: line.trim().to_string(),
                slug: String::new(),
                role: None,
                country: None,
            });
        } else if let Some(last) = out.last_mut()
            && last.role.is_none()
            && line.split_whitespace().any(is_role_word)
            && word_count(line) <= 14
        {
            last.role = Some(line.trim().to_string());
            let toks = tokenize(line);
            last.country = toks
                .iter()
                .find_map(|t| {
                    gaz.country_any(t.text)
                        .or_else(|| gaz.country_any(possessive_base(t.text)))
                })
                .map(str::to_string);
        } else if !out.is_empty() {
            break;
        }
    }
    out
}

impl State {
    fn paragraph(&mut self, pi: usize, text: &str, paras: &[BodyPara], gaz: &Gazetteer) {
        let mut para_speaker: Option<usize> = None;
        let sents = sentences(text);
        for (si, s) in sents.iter().enumerate() {
            let toks = tokenize(s);
            let ms = mentions(&toks, gaz);
            let subject = find_subject(&toks, &ms, gaz);
            for m in &ms {
                let is_subject = matches!(&subject, Some(Subject::Named(n)) if n == m)
                    && (m.contextual || m.name.contains(' '));
                if m.contextual || is_subject || self.resolve_name(&m.name).is_some() {
                    self.register(m, is_subject);
                }
            }
            let quotes = quotes(s);
            let speaker = match subject {
                // A lone capitalised word ("Justice said") is a person only
                // if the text named them before or gave them a title.
                Some(Subject::Named(m)) if !m.name.contains(' ') && !m.contextual => self
                    .resolve_name(&m.name)
                    .is_some()
                    .then(|| self.register(&m, true)),
                Some(Subject::Named(m)) => Some(self.register(&m, true)),
                Some(Subject::Anaphor(noun)) => self.resolve_anaphor(noun.as_deref()),
                Some(Subject::Delegation(country)) => Some(self.delegation_or_person(&Person {
                    name: country.clone(),
                    slug: String::new(),
                    role: Some("delegation".into()),
                    country: Some(country),
                })),
                None if !quotes.is_empty() => {
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
                None => None,
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

    fn say(&mut self, who: usize, text: String, mode: StatementMode, para: usize, evidence: &str) {
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

    fn touch(&mut self, who: usize) {
        self.recency.retain(|&i| i != who);
        self.recency.push(who);
    }

    /// The known person a name refers to: the same folded name, or a full
    /// name whose surname this is.
    fn resolve_name(&self, name: &str) -> Option<usize> {
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

    fn register(&mut self, m: &Mention, contextual: bool) -> usize {
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

    fn delegation_or_person(&mut self, p: &Person) -> usize {
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
    fn turn_speaker(&mut self, p: &Person) -> Option<usize> {
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
    fn last_contextual(&self) -> Option<usize> {
        self.recency
            .iter()
            .rev()
            .copied()
            .find(|&i| self.people[i].contextual)
    }

    fn resolve_anaphor(&self, noun: Option<&str>) -> Option<usize> {
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

    fn finish(mut self, paras: &[BodyPara], gaz: &Gazetteer) -> Attributed {
        let body: String = paras.iter().map(|p| p.text).collect::<Vec<_>>().join("\n");
        // Tokenized when first needed, then shared by everyone asked about.
        let mut body_toks: Option<Vec<Tok>> = None;
        for p in &mut self.people {
            if let Some(known) = gaz.person(&p.name) {
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

/// Find who speaks in a sentence: the subject of its first speech verb.
fn find_subject(toks: &[Tok], ms: &[Mention], gaz: &Gazetteer) -> Option<Subject> {
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
        if matches!(
            t.text.to_lowercase().as_str(),
            "said" | "says" | "added" | "stated" | "noted" | "wrote" | "told"
        ) && let Some(s) = subject_after(toks, v + 1, ms, gaz)
        {
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
    while k > 0 && toks[k - 1].word && is_auxiliary(toks[k - 1].text) {
        k -= 1;
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
    if let Some(m) = ms.iter().find(|m| {
        m.start >= k
            && m.start <= k + 10
            && toks[k..m.start].iter().all(|t| {
                (t.word
                    && (t.text.chars().next().is_some_and(char::is_uppercase)
                        || matches!(t.text, "of" | "the" | "for")))
                    || t.text == "."
            })
    }) {
        return Some(Subject::Named(m.clone()));
    }
    let t = toks.get(k)?;
    if is_pronoun(t.text) {
        return Some(Subject::Anaphor(None));
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

/// How far before "by" the spoken noun may be ("remarks were given by").
const SPOKEN_NOUN_REACH: usize = 4;

/// The people named after a spoken noun and "by", with the ones the list
/// goes on to name: "briefings by Ms. A, …, Mr. B, …, and Dr. C".
fn passive_speakers<'m>(toks: &[Tok], ms: &'m [Mention]) -> Vec<&'m Mention> {
    let words: Vec<(usize, &str)> = toks
        .iter()
        .enumerate()
        .filter(|(_, t)| t.word)
        .map(|(i, t)| (i, t.text))
        .collect();
    let mut out: Vec<&Mention> = Vec::new();
    for (k, &(by, w)) in words.iter().enumerate() {
        if w != "by" {
            continue;
        }
        let spoken = words[k.saturating_sub(SPOKEN_NOUN_REACH)..k]
            .iter()
            .any(|(_, w)| with_lowercase(w, |w| SPOKEN_NOUNS.contains(&w)));
        if !spoken {
            continue;
        }
        // The first name right after "by", then each name the list goes on
        // to give with an honorific after a comma or "and" ("…, Mr. B, …,
        // and Dr. C"); descriptions between them are appositions.
        let Some(first) = ms
            .iter()
            .find(|m| name_after(toks, by) == Some(m.start) && is_full_name(m))
        else {
            continue;
        };
        for m in ms
            .iter()
            .filter(|m| m.start >= first.start && is_full_name(m))
        {
            let listed = m.start == first.start || {
                // The two tokens before the name, stops aside (read from
                // the name backwards: a long sentence has many names).
                let mut before = toks[..m.start]
                    .iter()
                    .rev()
                    .filter(|t| t.text.trim() != ".");
                before.next().is_some_and(|h| is_honorific(h.text))
                    && before
                        .next()
                        .is_some_and(|j| matches!(j.text.trim(), "," | "and" | "by"))
            };
            if listed && !out.iter().any(|o| std::ptr::eq(*o, m)) {
                out.push(m);
            }
        }
    }
    out
}

/// Where a name after `by` starts, past honorifics ("by Ms. NAME").
fn name_after(toks: &[Tok], by: usize) -> Option<usize> {
    let mut next = by + 1;
    while toks
        .get(next)
        .is_some_and(|t| is_honorific(t.text) || t.text.trim() == "." || t.text.trim().is_empty())
    {
        next += 1;
    }
    (next < toks.len()).then_some(next)
}

/// A person's full name, not a role ("Senior Fellow").
fn is_full_name(m: &Mention) -> bool {
    m.name.contains(' ') && !m.name.split_whitespace().all(is_role_word)
}

/// One label-like line (a dateline, a subheading) does not make a
/// transcript; two or more do, and so does one that names a speaker
/// ("Ambassador Ferreira" over the text of an excerpt's only turn).
pub fn is_transcript(paras: &[BodyPara]) -> bool {
    let headings = || paras.iter().filter(|p| p.heading);
    headings().count() >= 2 || headings().any(|p| super::clean::is_name_label(p.text))
}

/// The label of a labelled paragraph ("Zhao Lijian" of "Zhao Lijian: …").
fn raw_label(text: &str) -> &str {
    text.split_once(": ").map_or(text, |(label, _)| label)
}

/// "Zhao Lijian: We will …", "China: We support …": a speaker label at the
/// start of a paragraph, as in briefings and transcripts.
fn inline_label<'a>(text: &'a str, gaz: &Gazetteer) -> Option<(Person, &'a str)> {
    // (Most paragraphs have no colon: a byte search answers them.)
    if !text.as_bytes().contains(&b':') {
        return None;
    }
    let (raw_label, words) = text.split_once(": ")?;
    let mut label = raw_label.trim();
    // "Q46 Tom Ashcroft": a hearing's question number.
    if let Some((first, rest)) = label.split_once(' ')
        && first.len() <= 5
        && first.starts_with('Q')
        && first[1..].chars().all(|c| c.is_ascii_digit())
    {
        label = rest;
    }
    if word_count(words) < 3 {
        return None;
    }
    // "RUSSIAN FEDERATION - statement delivered by Mr. Vladimir Shin, …"
    if let Some((_, by)) = label
        .split_once(" delivered by ")
        .or_else(|| label.split_once(" read by "))
    {
        let toks = tokenize(by);
        let m = mentions(&toks, gaz)
            .into_iter()
            .find(|m| m.name.contains(' '))?;
        return Some((
            Person {
                name: m.name,
                slug: String::new(),
                role: m.role,
                country: m.country,
            },
            words.trim(),
        ));
    }
    // Judge the label without its bracketed note ("(on behalf of …)").
    let bare: String = match (label.find('('), label.rfind(')')) {
        (Some(a), Some(b)) if a < b => format!("{}{}", &label[..a], &label[b + 1..]),
        _ => label.to_string(),
    };
    let n = word_count(&bare);
    // "MR. STROH", "Ms. Okafor", "Ambassador Lee": an honorific opens the label.
    let honorific = bare.split_whitespace().next().is_some_and(is_honorific);
    if n == 0 || n > 5 || bare.contains(['.', ',', '"', '“']) && !honorific {
        return None;
    }
    let caps = bare
        .split_whitespace()
        .all(|w| w.chars().next().is_some_and(char::is_uppercase));
    if !caps {
        return None;
    }
    let person = parse_label(label, gaz);
    let is_country = gaz.country(&person.name).is_some();
    let words_of = |name: &str| {
        name.split_whitespace()
            .map(str::to_string)
            .collect::<Vec<_>>()
    };
    let is_name = person.name.split_whitespace().count() >= 2
        && person.name.split_whitespace().all(|w| is_name_word(w, gaz));
    // After an honorific, a surname alone is a name ("Mr. Halvorsen").
    let is_surname = honorific && !person.name.contains(' ') && is_name_word(&person.name, gaz);
    let is_role = words_of(&person.name)
        .iter()
        .all(|w| is_role_word(w) || ROLE_LABELS.contains(&w.to_lowercase().as_str()));
    (is_country || is_name || is_surname || is_role).then_some((person, words.trim()))
}

/// Whether a paragraph ends with a quotation still open.
fn ends_inside_quote(text: &str) -> bool {
    let mut open = false;
    for c in text.chars() {
        if c == '"' {
            open = !open;
        } else if is_open_quote(c) {
            open = true;
        } else if is_close_quote(c) {
            open = false;
        }
    }
    open
}

/// Quoted passages of at least [`MIN_QUOTE_WORDS`] words.
fn quotes(s: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut open: Option<usize> = None;
    for (i, c) in s.char_indices() {
        match open {
            None if is_open_quote(c) => open = Some(i + c.len_utf8()),
            Some(start) if is_close_quote(c) => {
                let inner = s[start..i].trim();
                if word_count(inner) >= MIN_QUOTE_WORDS {
                    out.push(inner.trim_end_matches(',').to_string());
                }
                open = None;
            }
            _ => {}
        }
    }
    if let Some(start) = open {
        // A quote that runs on into the next paragraph.
        let inner = s[start..].trim();
        if word_count(inner) >= MIN_QUOTE_WORDS {
            out.push(inner.to_string());
        }
    }
    out
}

/// A transcript label: "China:", "UNITED KINGDOM", "Mr. Burhan Gafoor
/// (Singapore), Chair:".
fn parse_label(label: &str, gaz: &Gazetteer) -> Person {
    let mut text = label.trim().trim_end_matches([':', '.']).trim().to_string();
    let mut country = None;
    if let Some(open) = text.find('(')
        && let Some(close) = text[open..].find(')')
    {
        let inner = text[open + 1..open + close].trim().to_string();
        country = gaz.country(&inner).map(str::to_string).or(Some(inner));
        text = format!("{}{}", &text[..open], &text[open + close + 1..]);
    }
    let mut role = None;
    if let Some((name, r)) = text.split_once(',') {
        role = Some(r.trim().to_string());
        text = name.trim().to_string();
    }
    let letters: Vec<char> = text.chars().filter(|c| c.is_alphabetic()).collect();
    if letters.iter().all(|c| c.is_uppercase()) {
        text = title_case(&text);
    }
    let words: Vec<&str> = text.split_whitespace().collect();
    let skip = words
        .iter()
        .take_while(|w| is_honorific(w) || w.eq_ignore_ascii_case("the"))
        .count();
    let name = if skip < words.len() {
        words[skip..].join(" ")
    } else {
        text.clone()
    };
    if let Some(c) = gaz
        .country(&name)
        .or_else(|| gaz.country(name.trim_start_matches("Delegation of ").trim()))
    {
        return Person {
            name: c.to_string(),
            slug: String::new(),
            role: role.or(Some("delegation".into())),
            country: Some(c.to_string()),
        };
    }
    Person {
        name,
        slug: String::new(),
        role,
        country,
    }
}

/// "Ambassador Yakovenko" → name, role, and the country the op-ed speaks for
/// (the one it names most).
fn parse_byline_author(author: &str, paras: &[BodyPara], gaz: &Gazetteer) -> Person {
    let words: Vec<&str> = author.split_whitespace().collect();
    let skip = words
        .iter()
        .take_while(|w| is_honorific(w) || is_role_word(w))
        .count()
        .min(words.len().saturating_sub(1));
    let role_words: Vec<&str> = words[..skip]
        .iter()
        .copied()
        .filter(|w| {
            !matches!(
                w.trim_end_matches('.').to_lowercase().as_str(),
                "mr" | "mrs" | "ms" | "dr" | "prof" | "sir" | "dame"
            )
        })
        .collect();
    let body: String = paras.iter().map(|p| p.text).collect::<Vec<_>>().join(" ");
    Person {
        name: words[skip..].join(" "),
        slug: String::new(),
        role: (!role_words.is_empty()).then(|| role_words.join(" ")),
        country: most_named_country(&body, gaz),
    }
}

fn most_named_country(text: &str, gaz: &Gazetteer) -> Option<String> {
    let mut counts: Vec<(String, usize)> = Vec::new();
    for t in tokenize(text).iter().filter(|t| t.word) {
        if let Some(c) = gaz
            .country_any(t.text)
            .or_else(|| gaz.country_any(possessive_base(t.text)))
        {
            match counts.iter_mut().find(|(n, _)| n == c) {
                Some(e) => e.1 += 1,
                None => counts.push((c.to_string(), 1)),
            }
        }
    }
    counts.into_iter().max_by_key(|(_, n)| *n).map(|(c, _)| c)
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

fn title_case(s: &str) -> String {
    s.split_whitespace()
        .map(|w| {
            let lower = w.to_lowercase();
            if matches!(lower.as_str(), "of" | "the" | "and") {
                return lower;
            }
            let mut c = lower.chars();
            c.next()
                .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
                .unwrap_or_default()
        })
        .collect::<Vec<_>>()
        .join(" ")
}

fn truncate(s: &str, max: usize) -> String {
    if s.len() <= max {
        return s.to_string();
    }
    let mut i = max;
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    format!("{}…", &s[..i])
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
