//! A written date made a publication date: checked against the calendar
//! and the years a page may have, and a missing year taken from the page (a
//! weekday it mentions that fits, or the latest year it names).

use chrono::{Datelike, NaiveDate, Weekday};

use super::written::{RE, Written};
use crate::extract::layout::Para;
use crate::model::{DateMethod, PubDate};

const MIN_YEAR: i32 = 1990;
const MAX_YEAR: i32 = 2035;

/// Validate a written date, inferring a missing year from the page.
pub(super) fn complete(w: Written, paras: &[Para]) -> Option<PubDate> {
    let month = w.month?;
    if let Some(year) = w.year {
        if !(MIN_YEAR..=MAX_YEAR).contains(&year) {
            return None;
        }
        if let Some(day) = w.day {
            NaiveDate::from_ymd_opt(year, month, day)?;
        }
        return Some(PubDate {
            year,
            month: Some(month),
            day: w.day,
            method: DateMethod::Stated,
        });
    }
    let day = w.day?;
    let text: String = paras
        .iter()
        .map(|p| p.text.as_str())
        .collect::<Vec<_>>()
        .join("\n");
    let mut years: Vec<i32> = RE
        .year
        .captures_iter(&text)
        .filter_map(|c| c[1].parse().ok())
        .filter(|y| (MIN_YEAR..=MAX_YEAR).contains(y))
        .collect();
    years.sort_unstable();
    years.dedup();
    if let Some(weekday) = RE.weekday.captures(&text).and_then(|c| weekday(&c[1])) {
        let fits = |y: &i32| {
            NaiveDate::from_ymd_opt(*y, month, day).is_some_and(|d| d.weekday() == weekday)
        };
        if let Some(&year) = years.iter().rev().find(|y| fits(y)) {
            return Some(PubDate {
                year,
                month: Some(month),
                day: Some(day),
                method: DateMethod::YearFromWeekday,
            });
        }
    }
    let year = *years.last()?;
    NaiveDate::from_ymd_opt(year, month, day)?;
    Some(PubDate {
        year,
        month: Some(month),
        day: Some(day),
        method: DateMethod::YearFromContext,
    })
}

fn weekday(name: &str) -> Option<Weekday> {
    name.parse().ok()
}
