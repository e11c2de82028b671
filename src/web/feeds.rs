//! Feeds and discovery: any search as an Atom feed, the OpenSearch
//! description that lets a browser add the archive as a search engine, the
//! sitemap of every article, speaker and forum page, and robots.txt.

use atom_syndication as atom;
use axum::extract::{Path, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use chrono::NaiveDate;
use quick_xml::Writer;
use quick_xml::events::BytesText;

use super::error::AppError;
use super::params::SearchParams;
use super::urls::{self, feed_href};
use super::views::{plain_text, search_href};
use super::{AppState, Origin};
use crate::archive::Archive;
use crate::model::PubDate;
use crate::search::{Dim, PAGE_SIZE, SearchRequest, Sort};

/// Entries in a feed: the newest page of the search.
pub const FEED_ENTRIES: usize = PAGE_SIZE;

/// URLs in one sitemap file, the protocol's limit; beyond it `/sitemap.xml`
/// becomes an index of `/sitemaps/{n}.xml`.
pub const SITEMAP_MAX_URLS: usize = 50_000;

const SITEMAP_NS: &str = "http://www.sitemaps.org/schemas/sitemap/0.9";
const OPENSEARCH_NS: &str = "http://a9.com/-/spec/opensearch/1.1/";

fn xml_response(content_type: &'static str, body: Vec<u8>) -> Response {
    ([(header::CONTENT_TYPE, content_type)], body).into_response()
}

fn xml_error(e: impl Into<super::error::BoxError>) -> AppError {
    AppError::internal("writing XML", e)
}

/// `/feed.atom?<search params>`: the search's newest [`FEED_ENTRIES`].
pub async fn atom(
    State(state): State<AppState>,
    origin: Origin,
    SearchParams(parsed): SearchParams,
) -> Result<Response, AppError> {
    let req = SearchRequest {
        sort: Sort::Newest,
        page: 1,
        ..parsed
    };
    let s = state.clone();
    let body = state
        .cpu()
        .run(move |budget| atom_feed(&s, &origin, &req, budget))
        .await?;
    Ok(xml_response("application/atom+xml; charset=utf-8", body))
}

/// The Atom feed of a search, written (searching is CPU work: this runs in
/// the blocking pool).
fn atom_feed(
    state: &AppState,
    origin: &Origin,
    req: &SearchRequest,
    budget: crate::search::Budget,
) -> Result<Vec<u8>, AppError> {
    let archive = state.archive();
    let a: &Archive = &archive;
    let results = a.index.search_within(req, &a.articles, budget)?;
    let archived = midnight(state.archived());
    let mut entries = Vec::new();
    // Undated articles are left out: an entry must have an `updated`, and
    // any date given it (the build date) would sort it first in a reader.
    let dated = results
        .hits
        .iter()
        .filter_map(|h| Some((h, a.articles.get(h.ord)?)))
        .filter_map(|(h, art)| Some((h, art, date_time(art.date.as_ref()?))));
    for (hit, art, date) in dated.take(FEED_ENTRIES) {
        let url = origin.url(&urls::article(art));
        let mut categories: Vec<atom::Category> = art
            .forums()
            .map(|f| atom::Category {
                term: f.slug,
                scheme: Some(origin.url("/forums/")),
                label: Some(f.name),
            })
            .collect();
        categories.push(atom::Category {
            term: art.kind.as_str().to_string(),
            scheme: None,
            label: Some(art.kind.label().to_string()),
        });
        entries.push(atom::Entry {
            title: atom::Text::plain(art.title.clone()),
            id: url.clone(),
            updated: date,
            published: Some(date),
            authors: vec![atom::Person {
                name: art.source.clone().unwrap_or_else(|| "Demarche".into()),
                ..Default::default()
            }],
            contributors: art
                .speakers
                .iter()
                .map(|p| atom::Person {
                    name: p.name.clone(),
                    uri: Some(origin.url(&urls::speaker(&p.slug))),
                    ..Default::default()
                })
                .collect(),
            categories,
            links: vec![atom::Link {
                href: url,
                rel: "alternate".into(),
                mime_type: Some("text/html".into()),
                ..Default::default()
            }],
            summary: Some(atom::Text::plain(plain_text(&hit.snippet_html))),
            ..Default::default()
        });
    }
    let html = search_href(&SearchRequest {
        sort: Sort::Auto,
        ..req.clone()
    });
    let self_url = origin.url(&feed_href(&html));
    let feed = atom::Feed {
        title: atom::Text::plain(format!("Demarche: {}", describe(a, req))),
        subtitle: Some(atom::Text::plain(
            "Newest articles matching this search in the Demarche archive of cyber-diplomacy statements",
        )),
        id: self_url.clone(),
        updated: entries.iter().map(|e| e.updated).max().unwrap_or(archived),
        authors: vec![atom::Person {
            name: "Demarche".into(),
            uri: Some(origin.url("/")),
            ..Default::default()
        }],
        links: vec![
            atom::Link {
                href: self_url,
                rel: "self".into(),
                mime_type: Some("application/atom+xml".into()),
                ..Default::default()
            },
            atom::Link {
                href: origin.url(&html),
                rel: "alternate".into(),
                mime_type: Some("text/html".into()),
                ..Default::default()
            },
        ],
        icon: Some(origin.url(&super::assets::url("favicon.svg"))),
        lang: Some("en".into()),
        entries,
        ..Default::default()
    };
    feed.write_to(Vec::new()).map_err(xml_error)
}

/// A search in words, for a feed title: `"ransomware", speaker Oleg Khramov`.
fn describe(a: &Archive, req: &SearchRequest) -> String {
    let mut parts = Vec::new();
    if !req.q.trim().is_empty() {
        parts.push(format!("“{}”", req.q.trim()));
    }
    for (dim, v) in req.filters.iter() {
        parts.push(match dim {
            Dim::Speaker => format!("speaker {}", a.speaker(v).map_or(v, |e| e.name.as_str())),
            Dim::Forum => format!("forum {}", a.forum(v).map_or(v, |e| e.name.as_str())),
            Dim::Source => {
                let name = a.sources.iter().find(|e| e.slug == v);
                format!("source {}", name.map_or(v, |e| e.name.as_str()))
            }
            Dim::Language => format!("in {}", crate::extract::language::name(v)),
            _ => format!("{} {v}", dim.param()),
        });
    }
    if parts.is_empty() {
        "all articles".into()
    } else {
        parts.join(", ")
    }
}

/// Midnight UTC at the start of a day.
fn midnight(day: NaiveDate) -> atom::FixedDateTime {
    day.and_time(chrono::NaiveTime::MIN)
        .and_utc()
        .fixed_offset()
}

/// A publication date as a timestamp: the start of its day, month or year.
fn date_time(d: &PubDate) -> atom::FixedDateTime {
    let day = NaiveDate::from_ymd_opt(d.year, d.month.unwrap_or(1), d.day.unwrap_or(1))
        .or_else(|| NaiveDate::from_ymd_opt(d.year, d.month.unwrap_or(1), 1))
        .or_else(|| NaiveDate::from_ymd_opt(d.year, 1, 1))
        .unwrap_or(NaiveDate::MIN);
    midnight(day)
}

/// `/opensearch.xml`: lets a browser add the archive as a search engine.
pub async fn opensearch(origin: Origin) -> Result<Response, AppError> {
    let mut w = Writer::new(Vec::new());
    w.create_element("OpenSearchDescription")
        .with_attribute(("xmlns", OPENSEARCH_NS))
        .write_inner_content(|w| {
            w.create_element("ShortName")
                .write_text_content(BytesText::new("Demarche"))?;
            w.create_element("Description")
                .write_text_content(BytesText::new(
                    "Search the Demarche archive of cyber-diplomacy statements",
                ))?;
            w.create_element("InputEncoding")
                .write_text_content(BytesText::new("UTF-8"))?;
            w.create_element("Image")
                .with_attribute(("type", "image/svg+xml"))
                .write_text_content(BytesText::new(
                    &origin.url(&super::assets::url("favicon.svg")),
                ))?;
            for (mime, path) in [
                ("text/html", "/search"),
                ("application/atom+xml", "/feed.atom"),
                ("application/json", "/api/search"),
            ] {
                w.create_element("Url")
                    .with_attribute(("type", mime))
                    .with_attribute(("method", "get"))
                    .with_attribute((
                        "template",
                        origin.url(&format!("{path}?q={{searchTerms}}")).as_str(),
                    ))
                    .write_empty()?;
            }
            w.create_element("Url")
                .with_attribute(("type", "application/opensearchdescription+xml"))
                .with_attribute(("rel", "self"))
                .with_attribute(("template", origin.url("/opensearch.xml").as_str()))
                .write_empty()?;
            Ok(())
        })
        .map_err(xml_error)?;
    Ok(xml_response(
        "application/opensearchdescription+xml; charset=utf-8",
        with_declaration(w.into_inner()),
    ))
}

fn with_declaration(body: Vec<u8>) -> Vec<u8> {
    let mut out = br#"<?xml version="1.0" encoding="UTF-8"?>"#.to_vec();
    out.push(b'\n');
    out.extend(body);
    out
}

/// Every page a crawler should know: home, indexes, then each article,
/// speaker and forum page.
pub fn site_paths(a: &Archive) -> Vec<String> {
    let mut paths = vec!["/".to_string(), "/speakers".into(), "/forums".into()];
    paths.extend(a.articles.iter().map(urls::article));
    paths.extend(a.speakers.iter().map(|s| urls::speaker(&s.slug)));
    paths.extend(a.forums.iter().map(|f| urls::forum(&f.slug)));
    paths
}

/// `/sitemap.xml`: every page, or an index of parts when there are more
/// than [`SITEMAP_MAX_URLS`].
/// Up to 50,000 URLs are written: in the blocking pool, like searches.
pub async fn sitemap(State(state): State<AppState>, origin: Origin) -> Result<Response, AppError> {
    let s = state.clone();
    let body = state
        .cpu()
        .run(move |_| {
            let paths = site_paths(&s.archive());
            if paths.len() <= SITEMAP_MAX_URLS {
                urlset(&origin, &paths)
            } else {
                sitemap_index(&origin, paths.len().div_ceil(SITEMAP_MAX_URLS))
            }
            .map_err(xml_error)
        })
        .await?;
    Ok(xml_response("application/xml; charset=utf-8", body))
}

/// `/sitemaps/{n}.xml`: the n-th [`SITEMAP_MAX_URLS`] pages, from 1.
pub async fn sitemap_part(
    State(state): State<AppState>,
    origin: Origin,
    Path(file): Path<String>,
) -> Result<Response, AppError> {
    let what = format!("sitemap “{file}”");
    let not_found = move || AppError::NotFound(what.clone());
    let n: usize = file
        .strip_suffix(".xml")
        .and_then(|n| n.parse().ok())
        .filter(|&n| n >= 1)
        .ok_or_else(not_found.clone())?;
    let s = state.clone();
    let body = state
        .cpu()
        .run(move |_| {
            let paths = site_paths(&s.archive());
            let chunk = paths
                .chunks(SITEMAP_MAX_URLS)
                .nth(n - 1)
                .ok_or_else(not_found)?;
            urlset(&origin, chunk).map_err(xml_error)
        })
        .await?;
    Ok(xml_response("application/xml; charset=utf-8", body))
}

fn urlset(origin: &Origin, paths: &[String]) -> std::io::Result<Vec<u8>> {
    let mut w = Writer::new(Vec::new());
    w.create_element("urlset")
        .with_attribute(("xmlns", SITEMAP_NS))
        .write_inner_content(|w| {
            for p in paths {
                w.create_element("url").write_inner_content(|w| {
                    w.create_element("loc")
                        .write_text_content(BytesText::new(&origin.url(p)))?;
                    Ok(())
                })?;
            }
            Ok(())
        })?;
    Ok(with_declaration(w.into_inner()))
}

fn sitemap_index(origin: &Origin, parts: usize) -> std::io::Result<Vec<u8>> {
    let mut w = Writer::new(Vec::new());
    w.create_element("sitemapindex")
        .with_attribute(("xmlns", SITEMAP_NS))
        .write_inner_content(|w| {
            for n in 1..=parts {
                w.create_element("sitemap").write_inner_content(|w| {
                    w.create_element("loc")
                        .write_text_content(BytesText::new(&origin.url(&urls::sitemap_part(n))))?;
                    Ok(())
                })?;
            }
            Ok(())
        })?;
    Ok(with_declaration(w.into_inner()))
}

/// `/robots.txt`: everything may be crawled; the sitemap says what there is.
pub async fn robots(origin: Origin) -> Response {
    (
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        format!(
            "User-agent: *\nAllow: /\n\nSitemap: {}\n",
            origin.url("/sitemap.xml")
        ),
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sitemap_index_names_each_part() {
        let origin = Origin("http://x".into());
        let xml = String::from_utf8(sitemap_index(&origin, 2).unwrap()).unwrap();
        assert!(xml.contains("<loc>http://x/sitemaps/1.xml</loc>"));
        assert!(xml.contains("<loc>http://x/sitemaps/2.xml</loc>"));
        let set = String::from_utf8(urlset(&origin, &["/a?b&c".into()]).unwrap()).unwrap();
        assert!(set.contains("<loc>http://x/a?b&amp;c</loc>"), "{set}");
    }

    #[test]
    fn partial_dates_start_their_period() {
        let d = PubDate {
            year: 2021,
            month: Some(2),
            day: Some(30),
            method: crate::model::DateMethod::Stated,
        };
        assert_eq!(date_time(&d).to_rfc3339(), "2021-02-01T00:00:00+00:00");
    }
}
