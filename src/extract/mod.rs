//! From a raw [`Document`] to an [`Article`], in small named steps:
//!
//! 1. [`layout`]: raw text → paragraphs (hard wraps joined);
//! 2. [`title`]: the headline and any byline ([`byline`]);
//! 3. [`date`]: the publication date;
//! 4. [`clean`]: page furniture dropped, transcript labels kept;
//! 5. [`source`]: the outlet;
//! 6. [`forums`]: the forums the text refers to;
//! 7. [`statements`] (with [`people`]): speakers, statements, mentions;
//! 8. front matter overrides any of it.
//!
//! The modules are layered, lowest first: [`text`] → [`tokens`] →
//! [`lexicon`] → [`people`] → [`byline`] → [`title`] → [`statements`] (with
//! [`layout`], [`gazetteer`], [`date`] and [`clean`] below [`tokens`], and
//! [`header`], [`source`], [`forums`] and [`kind`] where their uses put
//! them). A module names only modules below it; `layering.rs` holds the
//! order and a test that keeps it.

pub mod byline;
pub mod clean;
pub mod date;
pub mod forums;
pub mod gazetteer;
pub mod header;
mod imprint;
pub mod kind;
pub mod language;
#[cfg(test)]
mod layering;
pub mod layout;
pub mod lexicon;
pub mod people;
pub mod source;
pub mod statements;
pub mod text;
pub mod title;
pub mod tokens;

use crate::corpus::Document;
use crate::model::{Article, Kind, Person, slugify};
pub use clean::{Block, Verdict};
pub use gazetteer::Gazetteer;
use statements::BodyPara;

/// An article and the cleaner's verdict on every paragraph (for `check --explain`).
#[derive(Debug)]
pub struct Extraction {
    pub article: Article,
    pub blocks: Vec<Block>,
}

pub fn extract(doc: &Document, gaz: &Gazetteer) -> Extraction {
    let paras = layout::paragraphs(&doc.text);
    let mut title = title::find(&paras, gaz);
    let header = header::find(&title.text, &paras, gaz);
    // "Statement by NAME at …" above the text is a speech page's headline,
    // over a masthead above it ("Ministry of Foreign Affairs") or a line
    // picked from below it.
    if let Some(i) = header.as_ref().and_then(|h| h.para)
        && title
            .para
            .is_none_or(|t| t > i || paras[t].words <= MASTHEAD_WORDS)
        && paras[i].words <= MAX_HEADER_TITLE_WORDS
    {
        title.text = paras[i].text.trim().to_string();
        title.para = Some(i);
    }
    let date = date::find(&paras, title.para);
    let mut meta: Vec<usize> = date.iter().map(|d| d.para).collect();
    meta.extend(title.byline.as_ref().and_then(|b| b.para));
    let blocks = clean::classify(&paras, title.para, &meta);

    let body_paras: Vec<BodyPara> = blocks
        .iter()
        .filter_map(|b| match b.verdict {
            Verdict::Keep => Some(BodyPara {
                text: &b.text,
                heading: false,
            }),
            Verdict::Heading => Some(BodyPara {
                text: &b.text,
                heading: !clean::is_dateline_label(&b.text, gaz),
            }),
            _ => None,
        })
        .collect();
    let source = source::find(&paras, title.byline.as_ref(), title.site.as_deref(), gaz);
    let mut forum_texts: Vec<&str> = vec![&title.text];
    forum_texts.extend(body_paras.iter().map(|p| p.text));
    // A speech's salutations are too short to be prose, but the body they
    // address is where it was given ("Members of the … Committee,").
    forum_texts.extend(
        blocks
            .iter()
            .filter(|b| matches!(b.verdict, Verdict::Drop(_)) && is_salutation(&b.text))
            .map(|b| b.text.as_str()),
    );
    forum_texts.extend(
        paras
            .iter()
            .take(title::COVER_PARAS)
            .filter(|p| lexicon::record_cover_at(&p.text).is_some())
            .map(|p| p.text.as_str()),
    );
    let forums = forums::find(&forum_texts, gaz);
    let header_authors: &[Person] = header.as_ref().map_or(&[], |h| &h.authors);
    // Paragraphs after the last kept one: where statements are signed.
    let last_kept = blocks.iter().rposition(|b| b.verdict == Verdict::Keep);
    let tail: Vec<&str> = match last_kept {
        Some(i) if is_statement_title(&title.text) => {
            paras[i + 1..].iter().map(|p| p.text.as_str()).collect()
        }
        _ => Vec::new(),
    };
    // The whole text lower-cased, once, for the phrases pages say of themselves.
    let lower = doc.text.to_lowercase();
    let who = statements::Authorship {
        byline: title.byline.as_ref(),
        opinion: calls_itself_opinion(&lower),
        header: header_authors,
        header_line: header
            .as_ref()
            .and_then(|h| h.para)
            .map_or(title.text.as_str(), |i| paras[i].text.as_str()),
        tail: &tail,
    };
    let said = statements::attribute(&body_paras, who, gaz);
    let signed = header.is_some()
        || !tail.is_empty()
            && said
                .statements
                .iter()
                .any(|s| s.mode == crate::model::StatementMode::Authored)
        || title.byline.as_ref().is_some_and(|b| b.role.is_some());
    // The opening starts under the headline, or at the title itself when
    // the page has no headline and its first sentence stands in for one.
    let first = title.para.map_or(0, |t| {
        let sentence = paras[t].words >= 8 && text::ends_sentence(&paras[t].text);
        if sentence { t } else { t + 1 }
    });
    let opening: Vec<&str> = paras
        .iter()
        .skip(first)
        .take(kind::OPENING_PARAS)
        .map(|p| p.text.as_str())
        .collect();
    let kind = kind::infer(&kind::Evidence {
        body: &body_paras,
        opening: &opening,
        said: &said,
        text: &doc.text,
        lower: &lower,
        signed,
        source: source.as_deref(),
        title: &title.text,
        gaz,
    });

    let mut article = Article {
        id: doc.id.clone(),
        slug: slugify(&title.text),
        file: doc.file.clone(),
        title: title.text,
        date: date.map(|d| d.date),
        source,
        kind,
        body: body_paras.iter().map(|p| p.text.to_string()).collect(),
        aside: set_aside(&blocks),
        sha256: doc.sha256.clone(),
        speakers: said.speakers,
        forums,
        statements: said.statements,
        mentioned: said.mentioned,
        warnings: doc.front_error.iter().cloned().collect(),
        provenance: Default::default(),
        lang: String::new(),
        lang_method: crate::model::LangMethod::default(),
        rest: None,
    };
    let lang = language::find(
        doc.front.lang.as_deref(),
        &article.title,
        article.body.iter().map(String::as_str),
        &mut article.warnings,
    );
    (article.lang, article.lang_method) = (lang.code, lang.method);
    apply_front_matter(&mut article, doc, gaz);
    Extraction { article, blocks }
}

/// The paragraphs the cleaner dropped, but for copies of the title (which
/// the body holds already).
fn set_aside(blocks: &[Block]) -> Vec<String> {
    blocks
        .iter()
        .filter(|b| matches!(&b.verdict, Verdict::Drop(why) if why != clean::REPEATS_TITLE))
        .map(|b| b.text.clone())
        .collect()
}

/// A headline this short above a speech's header line is the site's
/// masthead.
const MASTHEAD_WORDS: usize = 4;
/// A header line longer than this is not a headline.
const MAX_HEADER_TITLE_WORDS: usize = 30;

/// Joint statements, declarations and letters are signed at the end.
fn is_statement_title(title: &str) -> bool {
    let lower = title.to_lowercase();
    [
        "statement",
        "declaration",
        "communiqué",
        "communique",
        "letter",
    ]
    .iter()
    .any(|w| lower.contains(w))
}

/// Pages that say they are opinion: "The author is …", "Op-ed", "The views
/// expressed …". `lower` is the text lower-cased.
fn calls_itself_opinion(lower: &str) -> bool {
    // Menus often list "Opinion"; only phrases a page says of itself count.
    [
        "the author is",
        "the authors are",
        "the views expressed",
        "op-ed",
        "the writer is",
        "is a research fellow",
        "is a senior fellow",
    ]
    .iter()
    .any(|w| lower.contains(w))
}

/// A speaker named in front matter. A name in another script than Latin
/// (`Сергей Лавров`, `拉夫罗夫`) that the gazetteer knows is the
/// gazetteer's person, so every spelling shares one speaker page.
fn curated_person(p: &Person, gaz: &Gazetteer) -> Person {
    let latin = |c: char| c.is_ascii() || ('\u{00c0}'..='\u{024f}').contains(&c);
    let other_script = p.name.chars().any(|c| c.is_alphabetic() && !latin(c));
    match gaz.person(&p.name).filter(|_| other_script) {
        Some(known) => Person {
            name: known.name.clone(),
            slug: gazetteer::person_slug(&known.name),
            role: p.role.clone().or_else(|| known.role.clone()),
            country: p.country.clone().or_else(|| known.country.clone()),
            // The curator's spelling, as for a name the text spells its way.
            aliases: vec![p.name.clone()],
        },
        None => Person {
            slug: gazetteer::person_slug(&p.name),
            ..p.clone()
        },
    }
}

/// Curated fields win over extracted ones.
fn apply_front_matter(article: &mut Article, doc: &Document, gaz: &Gazetteer) {
    let fm = &doc.front;
    if let Some(t) = fm.title.as_deref().filter(|t| !t.trim().is_empty()) {
        article.title = t.trim().to_string();
        article.slug = slugify(&article.title);
    }
    if let Some(d) = fm.date.as_deref() {
        match date::parse_curated(d) {
            Some(date) => article.date = Some(date),
            None => article.warnings.push(format!(
                "front matter date {d:?} is not YYYY-MM-DD, YYYY-MM or YYYY; ignored"
            )),
        }
    }
    if let Some(s) = fm.source.as_deref() {
        article.source = Some(
            gaz.outlet(s)
                .map_or_else(|| s.trim().to_string(), |o| o.name.clone()),
        );
    }
    if let Some(k) = fm.kind.as_deref() {
        match Kind::parse(k) {
            Some(kind) => article.kind = kind,
            None => article
                .warnings
                .push(format!("front matter kind {k:?} is unknown; ignored")),
        }
    }
    if let Some(speakers) = &fm.speakers {
        article.speakers = speakers.iter().map(|p| curated_person(p, gaz)).collect();
    }
    if let Some(forums) = &fm.forums {
        article.forums = forums
            .iter()
            .map(|f| gaz.canonical_forum(f).unwrap_or(f.trim()).to_string())
            .collect();
    }
    if let Some(m) = &fm.mentioned {
        article.mentioned.clone_from(m);
    }
}

/// Longest line read as a salutation.
const SALUTATION_WORDS: usize = 12;

/// "Excellencies,", "Members of the Octopus Conference,": a
/// short line ending in a comma, as a speech addresses its audience.
fn is_salutation(text: &str) -> bool {
    let t = text.trim();
    t.ends_with(',')
        && text::word_count(t) <= SALUTATION_WORDS
        && t.chars().next().is_some_and(char::is_uppercase)
}
