//! Reading a request's query string: the search parameters, as an axum
//! extractor ([`SearchParams`]) and as a plain function ([`parse_request`])
//! for the fuzzer; the order of the directory pages ([`ListSort`]).

use axum::extract::FromRequestParts;
use axum::http::request::Parts;

use super::error::AppError;
use crate::model::PubDate;
use crate::search::{Dim, MAX_PAGE, SearchRequest, Sort, View};

/// The search a URL's query string states; a malformed value is a 400
/// that says what was wrong.
#[derive(Debug, Clone)]
pub struct SearchParams(pub SearchRequest);

impl<S: Send + Sync> FromRequestParts<S> for SearchParams {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, AppError> {
        parse_request(parts.uri.query()).map(SearchParams)
    }
}

/// `?sort=name` or `?sort=count` (the default) on `/speakers` and
/// `/forums`; anything else is a 400.
#[derive(Debug, Clone, Copy)]
pub struct ListSort(pub &'static str);

impl<S: Send + Sync> FromRequestParts<S> for ListSort {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, AppError> {
        for (k, v) in form_urlencoded::parse(parts.uri.query().unwrap_or("").as_bytes()) {
            if k == "sort" {
                return match v.as_ref() {
                    "" | "count" => Ok(ListSort("count")),
                    "name" => Ok(ListSort("name")),
                    other => Err(AppError::BadRequest(format!(
                        "“{other}” is not a sort order here. Use count or name."
                    ))),
                };
            }
        }
        Ok(ListSort("count"))
    }
}

/// Read the search parameters; repeated keys add values. Malformed values
/// are a 400 that says what was wrong.
pub fn parse_request(query: Option<&str>) -> Result<SearchRequest, AppError> {
    let mut req = SearchRequest {
        page: 1,
        ..SearchRequest::default()
    };
    for (k, v) in form_urlencoded::parse(query.unwrap_or("").as_bytes()) {
        let v = v.trim();
        match k.as_ref() {
            "q" => req.q = v.to_string(),
            k if !v.is_empty()
                && let Some(dim) = Dim::from_param(k) =>
            {
                let value = dim.normalize(v).map_err(bad)?;
                req.filters.add(dim, value);
            }
            "from" if !v.is_empty() => req.from = Some(day_key(v, false)?),
            "to" if !v.is_empty() => req.to = Some(day_key(v, true)?),
            "sort" => {
                req.sort = Sort::parse(v).ok_or_else(|| {
                    bad(format!(
                        "“{v}” is not a sort order. Use relevance, newest or oldest."
                    ))
                })?;
            }
            "view" => {
                req.view = View::parse(v).ok_or_else(|| {
                    bad(format!("“{v}” is not a view. Use articles or statements."))
                })?;
            }
            "page" if !v.is_empty() => {
                req.page = v
                    .parse()
                    .ok()
                    .filter(|p| (1..=MAX_PAGE).contains(p))
                    .ok_or_else(|| {
                        bad(format!(
                            "“{v}” is not a page number between 1 and {MAX_PAGE}."
                        ))
                    })?;
            }
            _ => {}
        }
    }
    Ok(req)
}

fn bad(msg: String) -> AppError {
    AppError::BadRequest(msg)
}

/// `2019-05-01`, `2019-05` or `2019` as a day key; `to` takes the period's
/// last day.
fn day_key(v: &str, end: bool) -> Result<i64, AppError> {
    let d: PubDate = v.parse().map_err(|_| {
        bad(format!(
            "“{v}” is not a date. Use YYYY-MM-DD, YYYY-MM or YYYY."
        ))
    })?;
    Ok(if end { d.last_day_key() } else { d.sort_key() })
}
