//! HTML page handlers: home, search, article, speakers and forums.

use askama::Template;
use axum::extract::{Path, RawQuery, State};
use axum::http::{StatusCode, header};
use axum::response::{Html, IntoResponse, Response};

use super::AppState;
use super::error::AppError;
use super::views::*;
use crate::archive::Archive;
use crate::model::{StatementMode, slugify};
use crate::search::{MAX_PAGE, PAGE_SIZE, SearchRequest, Sort};

/// Entries shown on the home page per list.
const HOME_LIST: usize = 12;

pub async fn home(State(state): State<AppState>) -> Result<Html<String>, AppError> {
    let a = state.archive();
    let latest = a
        .newest(HOME_LIST)
        .into_iter()
        .map(|i| ArticleCard::new(&a.articles[i], String::new()))
        .collect();
    let page = HomePage {
        canonical: "/".into(),
        q: String::new(),
        articles: a.articles.len(),
        speaker_count: a.speakers.len(),
        forum_count: a.forums.len(),
        rejected: a.rejected.len(),
        speakers: speaker_links(a, HOME_LIST),
        forums: forum_links(a, HOME_LIST),
        latest,
    };
    Ok(Html(page.render()?))
}

/// Read the search parameters; repeated keys add values.
pub fn parse_request(query: Option<&str>) -> Result<SearchRequest, AppError> {
    let mut req = SearchRequest {
        page: 1,
        ..SearchRequest::default()
    };
    for (k, v) in form_urlencoded::parse(query.unwrap_or("").as_bytes()) {
        let v = v.trim();
        match k.as_ref() {
            "q" => req.q = v.to_string(),
            "speaker" if !v.is_empty() => push_unique(&mut req.speakers, slugify(v)),
            "forum" if !v.is_empty() => push_unique(&mut req.forums, slugify(v)),
            "source" if !v.is_empty() => push_unique(&mut req.sources, slugify(v)),
            "kind" if !v.is_empty() => push_unique(&mut req.kinds, v.to_string()),
            "year" if !v.is_empty() => {
                let y: u32 = v
                    .parse()
                    .ok()
                    .filter(|y| (1000..=9999).contains(y))
                    .ok_or_else(|| {
                        AppError::BadRequest(format!(
                            "“{v}” is not a year. Use four digits, for example year=2021."
                        ))
                    })?;
                if !req.years.contains(&y) {
                    req.years.push(y);
                }
            }
            "sort" => {
                req.sort = Sort::parse(v).ok_or_else(|| {
                    AppError::BadRequest(format!(
                        "“{v}” is not a sort order. Use relevance, newest or oldest."
                    ))
                })?;
            }
            "page" if !v.is_empty() => {
                req.page = v
                    .parse()
                    .ok()
                    .filter(|p| (1..=MAX_PAGE).contains(p))
                    .ok_or_else(|| {
                        AppError::BadRequest(format!(
                            "“{v}” is not a page number between 1 and {MAX_PAGE}."
                        ))
                    })?;
            }
            _ => {}
        }
    }
    Ok(req)
}

fn push_unique(v: &mut Vec<String>, s: String) {
    if !s.is_empty() && !v.contains(&s) {
        v.push(s);
    }
}

pub async fn search(
    State(state): State<AppState>,
    RawQuery(query): RawQuery,
) -> Result<Html<String>, AppError> {
    let req = parse_request(query.as_deref())?;
    let a = state.archive();
    let results = a.index.search(&req, &a.articles)?;
    let pages = results.total.div_ceil(PAGE_SIZE).max(1);
    let cards = results
        .hits
        .iter()
        .map(|h| ArticleCard::new(&a.articles[h.ord], h.snippet_html.clone()))
        .collect();
    let page_href = |p: usize| {
        search_href(&SearchRequest {
            page: p,
            ..req.clone()
        })
    };
    let page = SearchPage {
        canonical: search_href(&req),
        q: req.q.clone(),
        total: results.total,
        page: req.page,
        pages,
        results: cards,
        filters: active_filters(a, &req),
        notes: results.notes,
        suggestions: if results.total == 0 {
            suggestions(a, &req)
        } else {
            Vec::new()
        },
        prev_href: if req.page > 1 {
            page_href(req.page - 1)
        } else {
            String::new()
        },
        next_href: if req.page < pages {
            page_href(req.page + 1)
        } else {
            String::new()
        },
        sorts: [
            ("", "Best match"),
            ("newest", "Newest first"),
            ("oldest", "Oldest first"),
        ]
        .into_iter()
        .map(|(value, label)| SortOption {
            value,
            label,
            selected: req.sort.as_str() == value,
        })
        .collect(),
        hidden: hidden_filters(&req),
    };
    Ok(Html(page.render()?))
}

fn hidden_filters(req: &SearchRequest) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for s in &req.speakers {
        out.push(("speaker".to_string(), s.clone()));
    }
    for f in &req.forums {
        out.push(("forum".to_string(), f.clone()));
    }
    for s in &req.sources {
        out.push(("source".to_string(), s.clone()));
    }
    for k in &req.kinds {
        out.push(("kind".to_string(), k.clone()));
    }
    for y in &req.years {
        out.push(("year".to_string(), y.to_string()));
    }
    out
}

fn active_filters(a: &Archive, req: &SearchRequest) -> Vec<ActiveFilter> {
    let mut out = Vec::new();
    let base = SearchRequest {
        page: 1,
        ..req.clone()
    };
    let mut push = |label: String, without: SearchRequest| {
        out.push(ActiveFilter {
            label,
            remove_href: search_href(&without),
        });
    };
    for s in &req.speakers {
        let name = a.speaker(s).map_or(s.clone(), |e| e.name.clone());
        let mut r = base.clone();
        r.speakers.retain(|x| x != s);
        push(format!("Speaker: {name}"), r);
    }
    for f in &req.forums {
        let name = a.forum(f).map_or(f.clone(), |e| e.name.clone());
        let mut r = base.clone();
        r.forums.retain(|x| x != f);
        push(format!("Forum: {name}"), r);
    }
    for s in &req.sources {
        let name = a
            .sources
            .iter()
            .find(|e| e.slug == *s)
            .map_or(s.clone(), |e| e.name.clone());
        let mut r = base.clone();
        r.sources.retain(|x| x != s);
        push(format!("Source: {name}"), r);
    }
    for k in &req.kinds {
        let mut r = base.clone();
        r.kinds.retain(|x| x != k);
        push(format!("Kind: {k}"), r);
    }
    for y in &req.years {
        let mut r = base.clone();
        r.years.retain(|x| x != y);
        push(format!("Year: {y}"), r);
    }
    out
}

/// What to try when nothing matched: drop a filter, or drop the words.
fn suggestions(a: &Archive, req: &SearchRequest) -> Vec<Link> {
    let mut out: Vec<Link> = active_filters(a, req)
        .into_iter()
        .map(|f| Link {
            href: f.remove_href,
            label: format!("Remove “{}”", f.label),
        })
        .collect();
    if !req.q.is_empty() && out.is_empty() {
        for word in req
            .q
            .split_whitespace()
            .filter(|w| w.chars().count() > 2)
            .take(3)
        {
            let r = SearchRequest {
                q: word
                    .trim_matches(|c: char| !c.is_alphanumeric())
                    .to_string(),
                page: 1,
                ..SearchRequest::default()
            };
            if !r.q.is_empty() && r.q != req.q {
                out.push(Link {
                    label: format!("Search for “{}” alone", r.q),
                    href: search_href(&r),
                });
            }
        }
    }
    out.push(Link {
        href: "/speakers".into(),
        label: "Browse all speakers".into(),
    });
    out.push(Link {
        href: "/forums".into(),
        label: "Browse all forums".into(),
    });
    out
}

/// `/articles/{id}`: redirect to the canonical URL, or serve `{id}.txt` raw.
pub async fn article_short(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    let a = state.archive();
    if let Some(stem) = id.strip_suffix(".txt")
        && let Some(i) = a.position(stem)
    {
        return Ok((
            [
                (header::CONTENT_TYPE, "text/plain; charset=utf-8"),
                (header::CONTENT_DISPOSITION, "inline"),
            ],
            a.raw[i].to_vec(),
        )
            .into_response());
    }
    let article = a
        .article(&id)
        .ok_or_else(|| AppError::NotFound(format!("article “{id}”")))?;
    Ok(moved(&article.url()))
}

pub async fn article(
    State(state): State<AppState>,
    origin: super::Origin,
    Path((id, slug)): Path<(String, String)>,
) -> Result<Response, AppError> {
    let a = state.archive();
    let i = a
        .position(&id)
        .ok_or_else(|| AppError::NotFound(format!("article “{id}”")))?;
    let art = &a.articles[i];
    if slug != art.slug {
        return Ok(moved(&art.url()));
    }
    let speakers = art
        .speakers
        .iter()
        .map(|p| SpeakerBlock {
            href: format!("/speakers/{}", p.slug),
            name: p.name.clone(),
            role: p.role.clone().unwrap_or_default(),
            country: p.country.clone().unwrap_or_default(),
            statements: art
                .statements_by(&p.slug)
                .map(|s| StatementView {
                    n: s.n,
                    text: s.text.clone(),
                    mode: match s.mode {
                        StatementMode::Quote => "quote",
                        StatementMode::Reported => "reported",
                        StatementMode::Turn => "turn",
                        StatementMode::Authored => "authored",
                    }
                    .to_string(),
                })
                .collect(),
        })
        .collect();
    let page = ArticlePage {
        canonical: art.url(),
        q: String::new(),
        id: art.id.clone(),
        title: art.title.clone(),
        date_iso: art.date.map(|d| d.iso()).unwrap_or_default(),
        date_human: art.date.map(|d| d.human()).unwrap_or_default(),
        date_note: art
            .date
            .map(|d| match d.method {
                crate::model::DateMethod::YearFromWeekday => {
                    "year inferred from the weekday and years in the text"
                }
                crate::model::DateMethod::YearFromContext => {
                    "year inferred from the years in the text"
                }
                crate::model::DateMethod::Curated => "set by a curator",
                crate::model::DateMethod::Stated => "",
            })
            .unwrap_or_default()
            .to_string(),
        source: art.source.clone().unwrap_or_default(),
        kind: art.kind.label().to_string(),
        file: art.file.clone(),
        sha256: art.sha256.clone(),
        forums: art
            .forums
            .iter()
            .map(|f| Link {
                href: format!("/forums/{}", slugify(f)),
                label: f.clone(),
            })
            .collect(),
        speakers,
        mentioned: art.mentioned.clone(),
        body: art.body.clone(),
        raw_text: String::from_utf8_lossy(&a.raw[i]).into_owned(),
        raw_href: format!("/articles/{}.txt", art.id),
        warnings: art.warnings.clone(),
        meta: super::meta::article(&origin, a, i),
        cite: super::cite::CiteBlock::new(&origin, &state, art),
    };
    Ok(Html(page.render()?).into_response())
}

pub async fn speakers(State(state): State<AppState>) -> Result<Html<String>, AppError> {
    let a = state.archive();
    let page = SpeakersPage {
        canonical: "/speakers".into(),
        q: String::new(),
        speakers: speaker_links(a, usize::MAX),
    };
    Ok(Html(page.render()?))
}

pub async fn speaker(
    State(state): State<AppState>,
    origin: super::Origin,
    Path(slug): Path<String>,
) -> Result<Html<String>, AppError> {
    let a = state.archive();
    let s = a
        .speaker(&slug)
        .ok_or_else(|| AppError::NotFound(format!("speaker “{slug}”")))?;
    let mut statements = Vec::new();
    // Oldest first: a speaker's position over time.
    for &i in s.articles.iter().rev() {
        let art = &a.articles[i];
        for st in art.statements_by(&s.slug) {
            statements.push(QuotedStatement {
                href: format!("{}#s{}", art.url(), st.n),
                article_title: art.title.clone(),
                date_human: art.date.map(|d| d.human()).unwrap_or_default(),
                text: st.text.clone(),
            });
        }
    }
    let page = SpeakerPage {
        canonical: format!("/speakers/{}", s.slug),
        q: String::new(),
        name: s.name.clone(),
        role: s.role.clone().unwrap_or_default(),
        country: s.country.clone().unwrap_or_default(),
        aliases: s.aliases.clone(),
        statements,
        articles: s
            .articles
            .iter()
            .map(|&i| ArticleCard::new(&a.articles[i], String::new()))
            .collect(),
        search_href: search_href(&SearchRequest {
            speakers: vec![s.slug.clone()],
            page: 1,
            ..SearchRequest::default()
        }),
        meta: super::meta::speaker(&origin, a, s),
    };
    Ok(Html(page.render()?))
}

pub async fn forums(State(state): State<AppState>) -> Result<Html<String>, AppError> {
    let a = state.archive();
    let page = ForumsPage {
        canonical: "/forums".into(),
        q: String::new(),
        forums: forum_links(a, usize::MAX),
    };
    Ok(Html(page.render()?))
}

pub async fn forum(
    State(state): State<AppState>,
    Path(slug): Path<String>,
) -> Result<Html<String>, AppError> {
    let a = state.archive();
    let f = a
        .forum(&slug)
        .ok_or_else(|| AppError::NotFound(format!("forum “{slug}”")))?;
    let mut speakers: Vec<LinkCount> = Vec::new();
    for &i in &f.articles {
        for p in &a.articles[i].speakers {
            match speakers.iter_mut().find(|l| l.label == p.name) {
                Some(l) => l.count += 1,
                None => speakers.push(LinkCount {
                    href: format!("/speakers/{}", p.slug),
                    label: p.name.clone(),
                    count: 1,
                    note: String::new(),
                }),
            }
        }
    }
    speakers.sort_by(|a, b| b.count.cmp(&a.count).then(a.label.cmp(&b.label)));
    let page = ForumPage {
        canonical: format!("/forums/{}", f.slug),
        q: String::new(),
        name: f.name.clone(),
        acronyms: f.acronyms.join(", "),
        articles: f
            .articles
            .iter()
            .map(|&i| ArticleCard::new(&a.articles[i], String::new()))
            .collect(),
        speakers,
        search_href: search_href(&SearchRequest {
            forums: vec![f.slug.clone()],
            page: 1,
            ..SearchRequest::default()
        }),
    };
    Ok(Html(page.render()?))
}

pub async fn healthz(State(state): State<AppState>) -> impl IntoResponse {
    let a = state.archive();
    (
        StatusCode::OK,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        format!("ok {} articles\n", a.articles.len()),
    )
}

pub async fn not_found() -> AppError {
    AppError::NotFound("page at this address".into())
}

/// A 301 to the canonical URL: bookmarks and search engines keep one address.
fn moved(to: &str) -> Response {
    (
        StatusCode::MOVED_PERMANENTLY,
        [(header::LOCATION, to.to_string())],
    )
        .into_response()
}
