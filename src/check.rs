//! `demarche check`: what the archive makes of every file in a data folder,
//! as JSON lines or a readable report, with the cleaner's reasons on request.

use std::io::Write;
use std::path::Path;

use serde::Serialize;

use crate::corpus::{self, LoadOptions, Rejected};
use crate::extract::{self, Block, Gazetteer, Verdict};
use crate::model::{Article, Kind, StatementMode};

#[derive(Debug, thiserror::Error)]
pub enum CheckError {
    #[error(transparent)]
    Corpus(#[from] corpus::CorpusError),
    #[error(transparent)]
    Gazetteer(#[from] extract::gazetteer::GazetteerError),
    #[error("no document with id {0:?} in the data folder")]
    UnknownId(String),
    #[error("cannot write output: {0}")]
    Io(#[from] std::io::Error),
}

/// One line of `check --json` for a usable file (the DESIGN.md contract).
#[derive(Debug, Serialize)]
pub struct Record<'a> {
    pub file: &'a str,
    pub id: &'a str,
    pub title: &'a str,
    pub date: Option<String>,
    pub date_precision: Option<crate::model::Precision>,
    pub date_method: Option<crate::model::DateMethod>,
    pub source: Option<&'a str>,
    pub kind: &'a str,
    /// ISO 639-1 code of the text's language.
    pub language: &'a str,
    /// How it was found: `curated`, `detected` or `assumed`.
    pub language_method: &'static str,
    pub speakers: Vec<RecordSpeaker<'a>>,
    pub forums: &'a [String],
    pub statements: Vec<RecordStatement<'a>>,
    pub mentioned: &'a [String],
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    pub warnings: &'a [String],
    /// `text`, `html`, `pdf` or `docx`.
    pub format: crate::model::Format,
    /// Where the document was published, if known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<&'a str>,
    /// Where each field came from: `{"title": "json-ld headline", ...}`.
    pub provenance: std::collections::BTreeMap<&'a str, &'a str>,
}

#[derive(Debug, Serialize)]
pub struct RecordSpeaker<'a> {
    pub name: &'a str,
    pub role: Option<&'a str>,
    pub country: Option<&'a str>,
}

#[derive(Debug, Serialize)]
pub struct RecordStatement<'a> {
    pub speaker: &'a str,
    pub mode: StatementMode,
    pub text: &'a str,
    /// The line that shows who said it.
    pub evidence: &'a str,
}

#[derive(Debug, Serialize)]
struct RejectRecord<'a> {
    file: &'a str,
    error: String,
}

impl<'a> Record<'a> {
    pub fn of(a: &'a Article) -> Record<'a> {
        Record {
            file: &a.file,
            id: &a.id,
            title: &a.title,
            date: a.date.map(|d| d.iso()),
            date_precision: a.date.map(|d| d.precision()),
            date_method: a.date.map(|d| d.method),
            source: a.source.as_deref(),
            kind: a.kind.as_str(),
            language: &a.lang,
            language_method: a.lang_method.as_str(),
            speakers: a
                .speakers
                .iter()
                .map(|p| RecordSpeaker {
                    name: &p.name,
                    role: p.role.as_deref(),
                    country: p.country.as_deref(),
                })
                .collect(),
            forums: &a.forums,
            statements: a
                .statements
                .iter()
                .map(|s| RecordStatement {
                    speaker: &s.speaker,
                    mode: s.mode,
                    text: &s.text,
                    evidence: &s.evidence,
                })
                .collect(),
            mentioned: &a.mentioned,
            warnings: &a.warnings,
            format: a.provenance.format,
            url: a.provenance.url.as_deref(),
            provenance: a
                .provenance
                .fields
                .iter()
                .map(|f| (f.field.as_str(), f.from.as_str()))
                .collect(),
        }
    }
}

/// Everything `check` reports: extracted articles (with the cleaner's
/// verdicts) and rejected files.
pub struct Report {
    pub extractions: Vec<(Article, Vec<Block>)>,
    pub rejected: Vec<Rejected>,
    /// `NAME.url` sidecars and the document each belongs to.
    pub sidecars: Vec<(String, String)>,
}

pub fn analyse(data: &Path, load: LoadOptions) -> Result<Report, CheckError> {
    let gaz = Gazetteer::for_data_dir(data)?;
    let corpus = corpus::load(data, load)?;
    let extractions = corpus
        .documents
        .iter()
        .map(|d| {
            let mut e = extract::extract(d, &gaz);
            d.add_notes(&mut e.article, &|name| gaz.outlet_name(name));
            (e.article, e.blocks)
        })
        .collect();
    let sidecars = corpus
        .documents
        .iter()
        .flat_map(|d| d.sidecars.iter().map(|s| (s.clone(), d.file.clone())))
        .collect();
    Ok(Report {
        extractions,
        rejected: corpus.rejected,
        sidecars,
    })
}

pub fn write_json(report: &Report, out: &mut impl Write) -> Result<(), CheckError> {
    for (a, _) in &report.extractions {
        serde_json::to_writer(&mut *out, &Record::of(a)).map_err(std::io::Error::from)?;
        writeln!(out)?;
    }
    for r in &report.rejected {
        let rec = RejectRecord {
            file: &r.file,
            error: r.reason.to_string(),
        };
        serde_json::to_writer(&mut *out, &rec).map_err(std::io::Error::from)?;
        writeln!(out)?;
    }
    Ok(())
}

pub fn write_text(report: &Report, out: &mut impl Write) -> Result<(), CheckError> {
    for (a, _) in &report.extractions {
        writeln!(out, "{}  [{}]", a.file, a.id)?;
        if a.provenance.format != crate::model::Format::Text {
            writeln!(out, "  format:   {}", a.provenance.format.as_str())?;
        }
        writeln!(out, "  title:    {}", a.title)?;
        let date = a.date.map_or("unknown".to_string(), |d| {
            format!("{} ({:?}, {:?})", d.iso(), d.precision(), d.method)
        });
        writeln!(out, "  date:     {date}")?;
        writeln!(
            out,
            "  source:   {}",
            a.source.as_deref().unwrap_or("unknown")
        )?;
        if a.kind != Kind::News {
            writeln!(out, "  kind:     {}", a.kind.label())?;
        }
        if a.lang != "en" || a.lang_method == crate::model::LangMethod::Curated {
            writeln!(
                out,
                "  language: {} ({})",
                crate::extract::language::name(&a.lang),
                a.lang_method.as_str()
            )?;
        }
        for p in &a.speakers {
            let n = a.statements_by(&p.slug).count();
            let detail: Vec<&str> = [p.role.as_deref(), p.country.as_deref()]
                .into_iter()
                .flatten()
                .collect();
            writeln!(
                out,
                "  speaker:  {} ({}) — {n} statement(s)",
                p.name,
                detail.join(", ")
            )?;
        }
        if !a.forums.is_empty() {
            writeln!(out, "  forums:   {}", a.forums.join("; "))?;
        }
        if !a.mentioned.is_empty() {
            writeln!(out, "  mentions: {}", a.mentioned.join("; "))?;
        }
        if let Some(url) = &a.provenance.url {
            writeln!(out, "  url:      {url}")?;
        }
        for w in &a.warnings {
            writeln!(out, "  WARNING:  {w}")?;
        }
    }
    for r in &report.rejected {
        writeln!(out, "{}  REJECTED: {}", r.file, r.reason)?;
    }
    for (sidecar, owner) in &report.sidecars {
        writeln!(out, "{sidecar}  sidecar of {owner}")?;
    }
    let sidecars = if report.sidecars.is_empty() {
        String::new()
    } else {
        format!(", {} sidecars", report.sidecars.len())
    };
    writeln!(
        out,
        "{} files: {} indexed, {} rejected{sidecars}",
        report.extractions.len() + report.rejected.len() + report.sidecars.len(),
        report.extractions.len(),
        report.rejected.len()
    )?;
    Ok(())
}

/// Show each paragraph of one document with the cleaner's verdict.
pub fn write_explain(report: &Report, id: &str, out: &mut impl Write) -> Result<(), CheckError> {
    let (a, blocks) = report
        .extractions
        .iter()
        .find(|(a, _)| a.id == id)
        .ok_or_else(|| CheckError::UnknownId(id.to_string()))?;
    writeln!(
        out,
        "{} — {} ({})",
        a.id,
        a.file,
        a.provenance.format.as_str()
    )?;
    // What each field is and where it was found.
    for f in &a.provenance.fields {
        let shown: String = f.value.chars().take(70).collect();
        writeln!(out, "  {:<7} {shown:<72} from {}", f.field, f.from)?;
    }
    for b in blocks {
        let verdict = match &b.verdict {
            Verdict::Title => "TITLE".to_string(),
            Verdict::Keep => "keep".to_string(),
            Verdict::Heading => "turn".to_string(),
            Verdict::Drop(why) => format!("DROP ({why})"),
        };
        let preview: String = b.text.chars().take(90).collect();
        writeln!(out, "{:>5}  {verdict:<40}  {preview}", b.line)?;
    }
    // Who speaks, how that was found, and the line that shows it.
    for s in &a.statements {
        let mode = serde_json::to_value(s.mode)
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default();
        let shown: String = s.evidence.chars().take(100).collect();
        writeln!(out, "  #{:<3} {:<28} {mode:<9} {shown}", s.n, s.speaker)?;
    }
    Ok(())
}
