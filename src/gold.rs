//! Scoring extraction against hand-labelled gold files: precision, recall
//! and F1 for speakers, forums and mentions; accuracy for title, date and
//! source. Used by `check --gold` and by the fixture test.

use std::collections::HashMap;
use std::path::Path;

use serde::Deserialize;

use crate::extract::gazetteer::{Gazetteer, fold_name};
use crate::extract::text::words;
use crate::model::Article;

#[derive(Debug, thiserror::Error)]
pub enum GoldError {
    #[error("cannot read gold {path}: {source}")]
    Io {
        path: String,
        source: std::io::Error,
    },
    #[error("malformed gold {path}: {message}")]
    Parse { path: String, message: String },
}

/// One labelled document.
#[derive(Debug, Clone, Deserialize)]
pub struct Gold {
    pub id: String,
    /// `None` where the page shows no headline: not scored.
    pub title: Option<String>,
    /// For pages that are other people's writing, the headline is kept only
    /// as the SHA-256 of its [`title_key`], so the labels hold none of
    /// their text.
    #[serde(default)]
    pub title_sha256: Option<String>,
    pub date: Option<String>,
    pub source: Option<String>,
    #[serde(default)]
    pub kind: Option<String>,
    #[serde(default)]
    pub speakers: Vec<GoldSpeaker>,
    #[serde(default)]
    pub forums: Vec<String>,
    #[serde(default)]
    pub mentioned: Vec<String>,
    /// The page's language, where labelled (`en`, `ru`, …).
    #[serde(default)]
    pub language: Option<String>,
    /// `heldout` for a document nobody may tune on; absent: development.
    #[serde(default)]
    pub split: Option<String>,
}

impl Gold {
    /// Whether this label belongs to the held-out part of its set.
    pub fn held_out(&self) -> bool {
        self.split.as_deref() == Some("heldout")
    }
}

#[derive(Debug, Clone, Deserialize)]
pub struct GoldSpeaker {
    pub name: String,
    /// Other spellings that count as this speaker (the gazetteer's).
    #[serde(default)]
    pub aliases: Vec<String>,
    /// `person` or `delegation`, where labelled.
    #[serde(default, rename = "type")]
    pub kind: Option<String>,
}

impl GoldSpeaker {
    /// Whether an extracted name is this speaker, by any of its spellings.
    pub fn matches(&self, name: &str) -> bool {
        std::iter::once(&self.name)
            .chain(&self.aliases)
            .any(|n| same_person(name, n))
    }

    pub fn is_person(&self) -> bool {
        self.kind.as_deref() != Some("delegation")
    }
}

/// Read a folder of `<id>.json` gold files, or one JSON-lines file.
pub fn load(path: &Path) -> Result<Vec<Gold>, GoldError> {
    let io = |e: std::io::Error| GoldError::Io {
        path: path.display().to_string(),
        source: e,
    };
    let parse = |p: &Path, e: serde_json::Error| GoldError::Parse {
        path: p.display().to_string(),
        message: e.to_string(),
    };
    let mut out = Vec::new();
    if path.is_dir() {
        let mut files: Vec<_> = std::fs::read_dir(path)
            .map_err(io)?
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|x| x == "json"))
            .collect();
        files.sort();
        for f in files {
            let text = std::fs::read_to_string(&f).map_err(io)?;
            out.push(serde_json::from_str(&text).map_err(|e| parse(&f, e))?);
        }
    } else {
        let text = std::fs::read_to_string(path).map_err(io)?;
        for line in text.lines().filter(|l| !l.trim().is_empty()) {
            out.push(serde_json::from_str(line).map_err(|e| parse(path, e))?);
        }
    }
    Ok(out)
}

/// Counts for a set-valued field.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct SetScore {
    pub tp: usize,
    pub fp: usize,
    pub fn_: usize,
}

impl SetScore {
    pub fn precision(&self) -> f64 {
        ratio(self.tp, self.tp + self.fp)
    }
    pub fn recall(&self) -> f64 {
        ratio(self.tp, self.tp + self.fn_)
    }
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
}

/// Right out of total.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Accuracy {
    pub right: usize,
    pub total: usize,
}

impl Accuracy {
    pub fn value(&self) -> f64 {
        ratio(self.right, self.total)
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 { 1.0 } else { a as f64 / b as f64 }
}

#[derive(Debug, Clone, Default)]
pub struct Scores {
    pub documents: usize,
    pub missing: Vec<String>,
    pub speakers: SetScore,
    pub forums: SetScore,
    pub mentioned: SetScore,
    pub title: Accuracy,
    /// Over documents whose gold states a date.
    pub date: Accuracy,
    pub source: Accuracy,
    /// Over documents whose gold states a kind.
    pub kind: Accuracy,
    /// Per-document differences, for finding what went wrong.
    pub errors: Vec<String>,
}

pub fn score(articles: &[Article], gold: &[Gold]) -> Scores {
    score_with(articles, gold, None)
}

/// [`score`], with forums matched as the gazetteer names them: a label
/// that spells a forum by one of its aliases ("UNODA", the Global
/// Mechanism's formal title) is the forum the archive names canonically.
pub fn score_with(articles: &[Article], gold: &[Gold], gaz: Option<&Gazetteer>) -> Scores {
    let by_id: HashMap<&str, &Article> = articles.iter().map(|a| (a.id.as_str(), a)).collect();
    let mut s = Scores::default();
    for g in gold {
        let Some(a) = by_id.get(g.id.as_str()) else {
            s.missing.push(g.id.clone());
            continue;
        };
        s.documents += 1;
        // Speakers are matched by any of their gold spellings.
        add_set(
            &mut s.speakers,
            a.speakers.iter().map(|p| p.name.as_str()),
            &g.speakers,
            |got, w| w.matches(got),
            |w| &w.name,
            (&g.id, "speakers"),
            &mut s.errors,
        );
        add_set(
            &mut s.forums,
            a.forums.iter().map(String::as_str),
            &g.forums,
            |got, w| same_forum(got, w, gaz),
            String::as_str,
            (&g.id, "forums"),
            &mut s.errors,
        );
        add_set(
            &mut s.mentioned,
            a.mentioned.iter().map(String::as_str),
            &g.mentioned,
            |got, w| same_person(got, w),
            String::as_str,
            (&g.id, "mentioned"),
            &mut s.errors,
        );
        let want = g
            .title
            .as_deref()
            .map(|t| (title_hash(t), format!("{t:?}")))
            .or_else(|| g.title_sha256.clone().map(|h| (h, "(hashed)".to_string())));
        if let Some((hash, shown)) = want {
            s.title.total += 1;
            if title_hash(&a.title) == hash {
                s.title.right += 1;
            } else {
                s.errors
                    .push(format!("{}: title {:?} ≠ gold {shown}", g.id, a.title));
            }
        }
        if let Some(d) = &g.date {
            s.date.total += 1;
            let got = a.date.map(|d| d.iso());
            if got.as_deref() == Some(d.as_str()) {
                s.date.right += 1;
            } else {
                s.errors
                    .push(format!("{}: date {got:?} ≠ gold {d:?}", g.id));
            }
        }
        if let Some(k) = &g.kind {
            s.kind.total += 1;
            if a.kind.as_str() == k {
                s.kind.right += 1;
            } else {
                s.errors
                    .push(format!("{}: kind {:?} ≠ gold {k:?}", g.id, a.kind.as_str()));
            }
        }
        s.source.total += 1;
        if same_source(a.source.as_deref(), g.source.as_deref(), gaz) {
            s.source.right += 1;
        } else {
            s.errors.push(format!(
                "{}: source {:?} ≠ gold {:?}",
                g.id, a.source, g.source
            ));
        }
    }
    s
}

/// Match what was found against the labels, each label at most once.
/// `same` says whether a found value is a label; `shown` how a label is
/// written in the differences.
fn add_set<'w, W: 'w>(
    score: &mut SetScore,
    got: impl IntoIterator<Item = &'w str>,
    want: &'w [W],
    same: impl Fn(&str, &W) -> bool,
    shown: impl Fn(&W) -> &str,
    (id, field): (&str, &str),
    errors: &mut Vec<String>,
) {
    let mut unmatched: Vec<&W> = want.iter().collect();
    for g in got {
        if let Some(i) = unmatched.iter().position(|w| same(g, w)) {
            unmatched.remove(i);
            score.tp += 1;
        } else {
            score.fp += 1;
            errors.push(format!("{id}: {field} extra {g:?}"));
        }
    }
    for w in unmatched {
        score.fn_ += 1;
        errors.push(format!("{id}: {field} missing {:?}", shown(w)));
    }
}

/// Same person: equal after folding, or one name is the other's surname end
/// ("Yakovenko" and "Alexander Yakovenko").
pub fn same_person(a: &str, b: &str) -> bool {
    let (fa, fb) = (fold_name(a), fold_name(b));
    if fa == fb {
        return true;
    }
    let (ta, tb): (Vec<&str>, Vec<&str>) = (fa.split(' ').collect(), fb.split(' ').collect());
    let (short, long) = if ta.len() <= tb.len() {
        (ta, tb)
    } else {
        (tb, ta)
    };
    !short.is_empty() && long.ends_with(&short)
}

/// Sources match as forums do: as written, or as one gazetteer outlet
/// ("وام" in the label, "WAM" in the archive).
fn same_source(a: Option<&str>, b: Option<&str>, gaz: Option<&Gazetteer>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => {
            norm(a) == norm(b)
                || gaz.is_some_and(|g| {
                    g.outlet_name(a)
                        .is_some_and(|ca| g.outlet_name(b) == Some(ca))
                })
        }
        (a, b) => a.is_none() && b.is_none(),
    }
}

fn same_forum(a: &str, b: &str, gaz: Option<&Gazetteer>) -> bool {
    norm(a) == norm(b)
        || gaz.is_some_and(|g| {
            g.canonical_forum(a)
                .is_some_and(|ca| g.canonical_forum(b) == Some(ca))
        })
}

/// What two titles must share to be the same: words, lower-cased, folded.
pub fn title_key(title: &str) -> String {
    norm(title)
}

/// The SHA-256 (hex) of a title's [`title_key`].
pub fn title_hash(title: &str) -> String {
    use sha2::{Digest, Sha256};
    crate::corpus::hex(&Sha256::digest(title_key(title).as_bytes()))
}

fn norm(s: &str) -> String {
    words(&deunicode::deunicode(s).to_lowercase())
        .collect::<Vec<_>>()
        .join(" ")
}

/// The human-readable score table.
pub fn report(s: &Scores) -> String {
    let set = |name: &str, x: &SetScore| {
        format!(
            "{name:<10} P {:.3}  R {:.3}  F1 {:.3}  (tp {}, fp {}, fn {})\n",
            x.precision(),
            x.recall(),
            x.f1(),
            x.tp,
            x.fp,
            x.fn_
        )
    };
    let acc = |name: &str, x: &Accuracy| {
        format!(
            "{name:<10} {:.3}  ({} of {})\n",
            x.value(),
            x.right,
            x.total
        )
    };
    let mut out = format!("{} documents scored", s.documents);
    if !s.missing.is_empty() {
        out.push_str(&format!(
            ", {} gold ids not found: {}",
            s.missing.len(),
            s.missing.join(", ")
        ));
    }
    out.push('\n');
    out.push_str(&set("speakers", &s.speakers));
    out.push_str(&set("forums", &s.forums));
    out.push_str(&set("mentioned", &s.mentioned));
    out.push_str(&acc("title", &s.title));
    out.push_str(&acc("date", &s.date));
    out.push_str(&acc("source", &s.source));
    if s.kind.total > 0 {
        out.push_str(&acc("kind", &s.kind));
    }
    out
}
