//! Citations: each article as BibTeX, RIS and CSL-JSON downloads, and the
//! "cite as" line on its page, all with its permanent URL and the date it
//! was archived (the day the archive was built: see [`AppState::archived`]).

use axum::extract::{Path, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use chrono::{Datelike, NaiveDate};
use serde_json::json;

use super::error::AppError;
use super::urls;
use super::{AppState, Origin};
use crate::model::{Article, Kind, PubDate};

/// What a citation says about one article.
#[derive(Debug, Clone)]
pub struct Citation<'a> {
    pub article: &'a Article,
    /// The absolute permanent URL.
    pub url: String,
    pub archived: NaiveDate,
}

/// An article's authors, where it is someone's own words (an op-ed or a
/// statement); news and transcripts are cited by their outlet.
pub fn authors(a: &Article) -> Vec<&str> {
    match a.kind {
        Kind::OpEd | Kind::Statement => a.speakers.iter().map(|p| p.name.as_str()).collect(),
        _ => Vec::new(),
    }
}

/// The Wayback Machine's copy of `url` nearest `date` (at the date's own
/// precision), or the list of its copies when the date is unknown.
pub fn wayback(url: &str, date: Option<&PubDate>) -> String {
    let stamp = date.map_or_else(
        || "*".to_string(),
        |d| {
            let two = |v: Option<u32>| v.map(|v| format!("{v:02}")).unwrap_or_default();
            format!("{:04}{}{}", d.year, two(d.month), two(d.day))
        },
    );
    format!("https://web.archive.org/web/{stamp}/{url}")
}

impl Citation<'_> {
    /// Where the article was published, if known (http or https).
    pub fn source_url(&self) -> Option<&str> {
        self.article.provenance.url.as_deref()
    }

    /// Authors, where the article is someone's own words (an op-ed or a
    /// statement); news and transcripts are cited by their outlet.
    pub fn authors(&self) -> Vec<&str> {
        authors(self.article)
    }

    /// `Name. “Title.” Source, 10 December 2022. Demarche archive, URL (archived 1 June 2025).`
    pub fn line(&self) -> String {
        let a = self.article;
        let mut s = String::new();
        let authors = self.authors();
        if !authors.is_empty() {
            s.push_str(&authors.join(", "));
            s.push_str(". ");
        }
        s.push_str(&format!("“{}.” ", a.title.trim_end_matches('.')));
        if let Some(src) = &a.source {
            s.push_str(src);
            s.push_str(", ");
        }
        s.push_str(
            &a.date
                .as_ref()
                .map_or_else(|| "n.d.".into(), PubDate::human),
        );
        // "n.d." has its own full stop: no "n.d.." before the archive.
        if !s.ends_with('.') {
            s.push('.');
        }
        if let Some(u) = self.source_url() {
            s.push_str(&format!(" {u}."));
        }
        s.push_str(&format!(
            " Demarche archive, {} (archived {}).",
            self.url,
            self.archived.format("%-d %B %Y")
        ));
        s
    }

    /// A BibTeX key made of the characters every BibTeX accepts.
    fn key(&self) -> String {
        let id: String = self
            .article
            .id
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
            .collect();
        format!("demarche_{id}")
    }

    pub fn bibtex(&self) -> String {
        let a = self.article;
        let mut fields: Vec<(&str, String)> = Vec::new();
        let authors = self.authors();
        if !authors.is_empty() {
            // Braced whole: BibTeX must not split a name it cannot parse.
            let names: Vec<String> = authors
                .iter()
                .map(|n| format!("{{{}}}", bib_escape(n)))
                .collect();
            fields.push(("author", names.join(" and ")));
        }
        // Double braces keep the title's capitals.
        fields.push(("title", format!("{{{}}}", bib_escape(&a.title))));
        if let Some(src) = &a.source {
            // The outlet once: `organization` as well would print it twice.
            fields.push(("howpublished", bib_escape(src)));
        }
        if let Some(d) = &a.date {
            fields.push(("year", d.year.to_string()));
            if let Some(m) = d.month {
                fields.push(("month", m.to_string()));
            }
            fields.push(("date", d.iso()));
        }
        // The page where it was published, when known; the archive's
        // permalink then goes in the note.
        let (url, at) = match self.source_url() {
            Some(u) => (u, format!(" at {}", bib_escape(&self.url))),
            None => (self.url.as_str(), String::new()),
        };
        fields.push(("url", bib_url(url)));
        fields.push(("urldate", self.archived.to_string()));
        fields.push((
            "note",
            format!(
                "{}. Archived in Demarche on {}{at}",
                capitalise(a.kind.label()),
                self.archived
            ),
        ));
        let body: Vec<String> = fields
            .iter()
            .map(|(k, v)| format!("  {k} = {{{v}}}"))
            .collect();
        format!("@misc{{{},\n{}\n}}\n", self.key(), body.join(",\n"))
    }

    /// RIS, one tag a line, CRLF line ends as the format asks.
    pub fn ris(&self) -> String {
        let a = self.article;
        let kind = match a.kind {
            Kind::News | Kind::OpEd => "NEWS",
            Kind::PressRelease => "PRESS",
            Kind::Transcript | Kind::Statement => "GEN",
        };
        let mut lines: Vec<(&str, String)> = vec![("TY", kind.into())];
        for name in self.authors() {
            lines.push(("AU", name.into()));
        }
        lines.push(("TI", a.title.clone()));
        if let Some(src) = &a.source {
            lines.push(("T2", src.clone()));
            lines.push(("PB", src.clone()));
        }
        if let Some(d) = &a.date {
            lines.push(("PY", d.year.to_string()));
            let part = |v: Option<u32>| v.map(|v| format!("{v:02}")).unwrap_or_default();
            lines.push((
                "DA",
                format!("{}/{}/{}/", d.year, part(d.month), part(d.day)),
            ));
        }
        let at = match self.source_url() {
            Some(u) => {
                lines.push(("UR", u.to_string()));
                format!(" at {}", self.url)
            }
            None => {
                lines.push(("UR", self.url.clone()));
                String::new()
            }
        };
        lines.push(("Y2", self.archived.format("%Y/%m/%d/").to_string()));
        lines.push(("DB", "Demarche".into()));
        lines.push(("ID", a.id.clone()));
        lines.push(("M3", a.kind.label().into()));
        lines.push((
            "N1",
            format!("Archived in Demarche on {}{at}", self.archived),
        ));
        let mut out = String::new();
        for (tag, value) in lines {
            // A value is one line; the format has no escape for a newline.
            let value = value.split_whitespace().collect::<Vec<_>>().join(" ");
            out.push_str(&format!("{tag}  - {value}\r\n"));
        }
        out.push_str("ER  - \r\n");
        out
    }

    /// CSL-JSON: an array of one item, as citeproc tools read it.
    pub fn csl_json(&self) -> serde_json::Value {
        let a = self.article;
        let kind = match a.kind {
            Kind::News | Kind::OpEd => "article-newspaper",
            Kind::PressRelease => "article",
            Kind::Transcript | Kind::Statement => "speech",
        };
        let mut item = json!({
            "id": a.id,
            "type": kind,
            "title": a.title,
            "genre": a.kind.label(),
            "URL": self.source_url().unwrap_or(&self.url),
            "accessed": {"date-parts": [[
                self.archived.year(), self.archived.month(), self.archived.day()
            ]]},
            // No `archive_location`: it would repeat `URL`, and styles
            // print both.
            "archive": "Demarche",
        });
        let authors: Vec<serde_json::Value> = self
            .authors()
            .iter()
            .map(|n| json!({ "literal": n }))
            .collect();
        if !authors.is_empty() {
            item["author"] = json!(authors);
        }
        if self.source_url().is_some() {
            item["archive_location"] = json!(self.url);
        }
        if let Some(src) = &a.source {
            item["container-title"] = json!(src);
            item["publisher"] = json!(src);
        }
        if let Some(d) = &a.date {
            let parts: Vec<i64> = [
                Some(d.year),
                d.month.map(|m| m as i32),
                d.day.map(|v| v as i32),
            ]
            .into_iter()
            .flatten()
            .map(i64::from)
            .collect();
            item["issued"] = json!({ "date-parts": [parts] });
        }
        json!([item])
    }
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

/// Escape text for a braced BibTeX field (LaTeX specials, balanced braces).
fn bib_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\textbackslash{}"),
            '{' | '}' | '%' | '&' | '$' | '#' | '_' => {
                out.push('\\');
                out.push(c);
            }
            '~' => out.push_str("\\textasciitilde{}"),
            '^' => out.push_str("\\textasciicircum{}"),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// URLs are read verbatim by biblatex: only braces and backslashes would
/// break the field, and they are percent-encoded.
fn bib_url(url: &str) -> String {
    url.replace('\\', "%5C")
        .replace('{', "%7B")
        .replace('}', "%7D")
}

/// The citation block on an article page: the line and the downloads.
#[derive(Debug, Clone, Default)]
pub struct CiteBlock {
    pub line: String,
    pub downloads: Vec<Download>,
}

/// A citation format to download, with its media type (for the `Link`
/// header that advertises it).
#[derive(Debug, Clone)]
pub struct Download {
    pub href: String,
    pub label: &'static str,
    pub mime: &'static str,
}

impl CiteBlock {
    pub fn new(origin: &Origin, state: &AppState, article: &Article) -> CiteBlock {
        let c = citation(origin, state, article);

        CiteBlock {
            line: c.line(),
            downloads: [
                ("bib", "BibTeX", "application/x-bibtex"),
                ("ris", "RIS", "application/x-research-info-systems"),
                (
                    "json",
                    "CSL-JSON",
                    "application/vnd.citationstyles.csl+json",
                ),
            ]
            .into_iter()
            .map(|(ext, label, mime)| Download {
                href: urls::citation(&article.id, ext),
                label,
                mime,
            })
            .collect(),
        }
    }
}

fn citation<'a>(origin: &Origin, state: &AppState, article: &'a Article) -> Citation<'a> {
    Citation {
        article,
        url: origin.url(&urls::article(article)),
        archived: state.archived(),
    }
}

fn download(id: &str, ext: &str, content_type: &'static str, body: String) -> Response {
    let file: String = id
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect();
    (
        [
            (header::CONTENT_TYPE, content_type.to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{file}.{ext}\""),
            ),
        ],
        body,
    )
        .into_response()
}

/// The archive holding article `id`, and its position there.
fn find(
    state: &AppState,
    id: &str,
) -> Result<(std::sync::Arc<crate::archive::Archive>, usize), AppError> {
    let archive = state.archive();
    let i = archive
        .position(id)
        .ok_or_else(|| AppError::NotFound(format!("article “{id}”")))?;
    Ok((archive, i))
}

/// One citation format of an article as a download.
fn cite_as(
    state: &AppState,
    origin: &Origin,
    id: &str,
    (ext, mime): (&str, &'static str),
    render: impl Fn(&Citation) -> String,
) -> Result<Response, AppError> {
    let (archive, i) = find(state, id)?;
    let art = &archive.articles[i];
    let body = render(&citation(origin, state, art));
    Ok(download(&art.id, ext, mime, body))
}

/// `/articles/{id}/cite.bib`
pub async fn bibtex(
    State(state): State<AppState>,
    origin: Origin,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    cite_as(
        &state,
        &origin,
        &id,
        ("bib", "application/x-bibtex; charset=utf-8"),
        |c| c.bibtex(),
    )
}

/// `/articles/{id}/cite.ris`
pub async fn ris(
    State(state): State<AppState>,
    origin: Origin,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    cite_as(
        &state,
        &origin,
        &id,
        ("ris", "application/x-research-info-systems; charset=utf-8"),
        |c| c.ris(),
    )
}

/// `/articles/{id}/cite.json`
pub async fn csl_json(
    State(state): State<AppState>,
    origin: Origin,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    cite_as(
        &state,
        &origin,
        &id,
        ("json", "application/vnd.citationstyles.csl+json"),
        |c| c.csl_json().to_string(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bibtex_specials_are_escaped_and_braces_balanced() {
        let e = bib_escape("50% of {R&D} costs $5 #1 a_b ~ ^ \\");
        assert_eq!(
            e,
            "50\\% of \\{R\\&D\\} costs \\$5 \\#1 a\\_b \\textasciitilde{} \\textasciicircum{} \\textbackslash{}"
        );
        assert_eq!(bib_url("http://x/{a}"), "http://x/%7Ba%7D");
    }
}
