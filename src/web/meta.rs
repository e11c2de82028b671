//! Metadata for machines: schema.org JSON-LD and Open Graph tags for
//! article and speaker pages, so link previews, search engines and
//! reference tools read who said what without scraping.

use serde_json::{Value, json};

use super::Origin;
use super::urls;
use crate::archive::{Archive, SpeakerEntry};
use crate::model::{Person, PubDate, StatementMode};

/// Longest page description, in characters (link previews cut near 200).
pub const DESCRIPTION_CHARS: usize = 200;

/// What goes in a page's `<head>` for machines.
#[derive(Debug, Clone, Default)]
pub struct PageMeta {
    /// `<meta name="description">` and `og:description`.
    pub description: String,
    /// Open Graph `(property, content)` pairs.
    pub og: Vec<(&'static str, String)>,
    /// JSON-LD, already escaped for a `<script>` element: print it raw.
    pub json_ld: String,
    /// The same data as JSON for scripts, if any.
    pub json_href: String,
    /// Highwire Press `citation_*` `(name, content)` pairs, which Zotero,
    /// Mendeley and Google Scholar read to save a page as a document with
    /// its authors and date instead of a bare web page.
    pub citation: Vec<(&'static str, String)>,
}

/// JSON for inside `<script type="application/ld+json">`: `<`, `>` and `&`
/// become `\u003c`, `\u003e`, `\u0026`, so no `</script>` or `<!--` in the
/// data can end the element. Still valid JSON with the same value.
pub fn script_json(value: &Value) -> String {
    value
        .to_string()
        .replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
}

/// The first characters of a text, cut at a word.
fn excerpt(text: &str) -> String {
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if text.chars().count() <= DESCRIPTION_CHARS {
        return text;
    }
    let cut: String = text.chars().take(DESCRIPTION_CHARS).collect();
    let cut = cut.rsplit_once(' ').map_or(cut.as_str(), |(head, _)| head);
    format!("{cut}…")
}

fn person(origin: &Origin, p: &Person) -> Value {
    let mut v = json!({
        "@type": "Person",
        "@id": origin.url(&urls::speaker_person(&p.slug)),
        "name": p.name,
        "url": origin.url(&urls::speaker(&p.slug)),
    });
    if let Some(role) = &p.role {
        v["jobTitle"] = json!(role);
    }
    if let Some(country) = &p.country {
        v["affiliation"] = json!({ "@type": "Organization", "name": country });
    }
    v
}

/// A NewsArticle with its statements as parts: direct quotes and
/// transcript turns as Quotations by Persons; reported speech as a
/// CreativeWork *about* its speaker (the words are the reporter's), and
/// authored text as a CreativeWork by its author.
pub fn article(origin: &Origin, a: &crate::model::Article) -> PageMeta {
    let url = origin.url(&urls::article(a));
    let description = excerpt(a.body.first().map_or(a.title.as_str(), String::as_str));
    let quotations: Vec<Value> = a
        .statements
        .iter()
        .map(|s| {
            let anchor = format!("{url}#s{}", s.n);
            let who = a
                .speakers
                .iter()
                .find(|p| p.slug == s.speaker_slug)
                .map_or_else(
                    || json!({ "@type": "Person", "name": s.speaker }),
                    |p| json!({ "@id": origin.url(&urls::speaker_person(&p.slug)) }),
                );
            let mut v = json!({
                "@type": if s.mode.is_quotation() { "Quotation" } else { "CreativeWork" },
                "@id": anchor,
                "url": anchor,
                "text": s.text,
                "genre": s.mode.label(),
            });
            if s.mode == StatementMode::Reported {
                v["about"] = who;
            } else {
                v["creator"] = who;
            }
            v
        })
        .collect();
    let mut ld = json!({
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "@id": url,
        "url": url,
        "mainEntityOfPage": url,
        "headline": a.title,
        "description": description,
        "genre": a.kind.label(),
        "inLanguage": a.lang,
        "isAccessibleForFree": true,
        "mentions": a.speakers.iter().map(|p| person(origin, p)).collect::<Vec<_>>(),
        "hasPart": quotations,
        "about": a.forums().map(|f| json!({
            "@type": "Thing",
            "name": f.name,
            "url": origin.url(&urls::forum(&f.slug)),
        })).collect::<Vec<_>>(),
        "archivedAt": url,
        "isPartOf": { "@type": "WebSite", "name": "Demarche", "url": origin.url("/") },
    });
    if let Some(d) = &a.date {
        ld["datePublished"] = json!(d.iso());
    }
    if let Some(u) = &a.provenance.url {
        ld["isBasedOn"] = json!(u);
    }
    if let Some(src) = &a.source {
        ld["publisher"] = json!({ "@type": "Organization", "name": src });
    }
    let mut og = vec![
        ("og:type", "article".to_string()),
        ("og:site_name", "Demarche".to_string()),
        ("og:title", a.title.clone()),
        ("og:url", url.clone()),
        ("og:description", description.clone()),
    ];
    if let Some(d) = &a.date {
        og.push(("article:published_time", d.iso()));
    }
    for f in &a.forums {
        og.push(("article:tag", f.clone()));
    }
    let mut citation = vec![("citation_title", a.title.clone())];
    for name in super::cite::authors(a) {
        citation.push(("citation_author", name.to_string()));
    }
    if let Some(d) = &a.date {
        // The Highwire form: 2022/12/10, 2022/12 or 2022.
        citation.push(("citation_publication_date", d.iso().replace('-', "/")));
    }
    if let Some(src) = &a.source {
        citation.push(("citation_publisher", src.clone()));
    }
    if !a.forums.is_empty() {
        citation.push(("citation_keywords", a.forums.join("; ")));
    }
    citation.push(("citation_language", a.lang.clone()));
    citation.push(("citation_public_url", url.clone()));
    PageMeta {
        description,
        og,
        json_ld: script_json(&ld),
        json_href: urls::api_article(&a.id),
        citation,
    }
}

/// A Person, with the articles they speak in.
pub fn speaker(origin: &Origin, archive: &Archive, s: &SpeakerEntry) -> PageMeta {
    let url = origin.url(&urls::speaker(&s.slug));
    let who = [s.role.as_deref(), s.country.as_deref()]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(", ");
    let description = excerpt(&format!(
        "{}{}{}: {} statement{} in {} archived article{}.",
        s.name,
        if who.is_empty() { "" } else { ", " },
        who,
        s.statements,
        if s.statements == 1 { "" } else { "s" },
        s.articles.len(),
        if s.articles.len() == 1 { "" } else { "s" },
    ));
    let mut ld = person(
        origin,
        &Person {
            name: s.name.clone(),
            slug: s.slug.clone(),
            role: s.role.clone(),
            country: s.country.clone(),
            aliases: s.aliases.clone(),
        },
    );
    ld["@context"] = json!("https://schema.org");
    ld["description"] = json!(description);
    if !s.aliases.is_empty() {
        ld["alternateName"] = json!(s.aliases);
    }
    ld["subjectOf"] = s
        .articles
        .iter()
        .filter_map(|&i| archive.articles.get(i))
        .map(|a| {
            let mut v = json!({
                "@type": "NewsArticle",
                "headline": a.title,
                "url": origin.url(&urls::article(a)),
            });
            if let Some(d) = a.date.as_ref().map(PubDate::iso) {
                v["datePublished"] = json!(d);
            }
            v
        })
        .collect();
    PageMeta {
        og: vec![
            ("og:type", "profile".to_string()),
            ("og:site_name", "Demarche".to_string()),
            ("og:title", s.name.clone()),
            ("og:url", url),
            ("og:description", description.clone()),
        ],
        description,
        json_ld: script_json(&ld),
        json_href: String::new(),
        citation: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn script_json_cannot_close_its_element_and_stays_the_same_value() {
        let v = json!({ "text": "</script><script>alert(1)</script> & <!--" });
        let s = script_json(&v);
        assert!(!s.contains('<') && !s.contains('>') && !s.contains('&'));
        let back: Value = serde_json::from_str(&s).unwrap();
        assert_eq!(back, v);
    }

    #[test]
    fn excerpts_cut_at_a_word() {
        let long = "word ".repeat(100);
        let e = excerpt(&long);
        assert!(e.ends_with("word…"));
        assert!(e.chars().count() <= DESCRIPTION_CHARS + 1);
    }
}
