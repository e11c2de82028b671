//! The publication date: the date a page states for itself (header lines,
//! "Published" labels, datelines), not the dates of events in the story.
//! Year-less datelines get their year from a weekday the story mentions.

use std::sync::LazyLock;

use chrono::{Datelike, NaiveDate, Weekday};
use regex::Regex;

use super::layout::Para;
use super::text::ends_sentence;
use crate::model::{DateMethod, PubDate};

/// Paragraphs this short are page furniture or metadata, not story prose.
const SHORT_PARA_WORDS: usize = 15;
/// "Published 7 December 2023" may sit below a long cookie banner.
const LABEL_SEARCH_PARAS: usize = 40;
/// How far into a paragraph a dateline may start.
const DATELINE_SPAN: usize = 90;
const MIN_YEAR: i32 = 1990;
const MAX_YEAR: i32 = 2035;

const MONTH: &str = r"(?i:(january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec)\.?)";

/// Month names in French, Spanish and Russian (genitive, as dates write
/// them): "le 10 décembre 2022", "10 de diciembre de 2022", "10 декабря 2022 г.".
const FOREIGN_MONTHS: [&[&str]; 12] = [
    &["janvier", "enero", "января"],
    &["février", "fevrier", "febrero", "февраля"],
    &["mars", "marzo", "марта"],
    &["avril", "abril", "апреля"],
    &["mai", "mayo", "мая"],
    &["juin", "junio", "июня"],
    &["juillet", "julio", "июля"],
    &["août", "aout", "agosto", "августа"],
    &["septembre", "septiembre", "setiembre", "сентября"],
    &["octobre", "octubre", "октября"],
    &["novembre", "noviembre", "ноября"],
    &["décembre", "decembre", "diciembre", "декабря"],
];

struct Patterns {
    foreign: Regex,
    iso: Regex,
    mdy: Regex,
    dmy: Regex,
    dotted: Regex,
    slashed: Regex,
    dashed: Regex,
    md: Regex,
    dm: Regex,
    my: Regex,
    year: Regex,
    weekday: Regex,
    label: Regex,
}

static RE: LazyLock<Patterns> = LazyLock::new(|| {
    let r = |s: &str| Regex::new(&s.replace("MONTH", MONTH)).expect("static date pattern");
    let foreign_months = FOREIGN_MONTHS
        .iter()
        .flat_map(|m| m.iter())
        .copied()
        .collect::<Vec<_>>()
        .join("|");
    Patterns {
        foreign: Regex::new(&format!(
            r"(?i)\b(\d{{1,2}})(?:er|º|°)?\s+(?:de\s+)?({foreign_months})\s+(?:de\s+|del\s+)?(\d{{4}})\b"
        ))
        .expect("static date pattern"),
        iso: r(
            r"\b(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ]\d{1,2}:\d{2}(?::\d{2})?(?:\.\d+)?(?:Z|[+-]\d{2}:?\d{2})?)?\b",
        ),
        mdy: r(r"\bMONTH\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})\b"),
        dmy: r(r"\b(\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?MONTH,?\s+(\d{4})\b"),
        dotted: r(r"\b(\d{1,2})\.(\d{1,2})\.(\d{4})\b"),
        slashed: r(r"\b(\d{1,2})/(\d{1,2})/(\d{4})\b"),
        dashed: r(r"\b(\d{1,2})-MONTH-(\d{4})\b"),
        md: r(r"\bMONTH\s+(\d{1,2})(?:st|nd|rd|th)?\b"),
        dm: r(r"\b(\d{1,2})(?:st|nd|rd|th)?\s+MONTH"),
        my: r(r"\bMONTH,?\s+(\d{4})\b"),
        year: r(r"\b(19\d\d|20\d\d)\b"),
        weekday: r(
            r"\b(?i:on|last|this|early|late)\s+(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b",
        ),
        label: r(r"(?i)\b(published|posted|updated|update|date|dated|started by|last modified)\b"),
    }
});

/// A date as written, possibly without a year.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Written {
    year: Option<i32>,
    month: Option<u32>,
    day: Option<u32>,
    start: usize,
    end: usize,
}

/// The chosen publication date and the paragraph it was read from.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Found {
    pub date: PubDate,
    pub para: usize,
}

/// Whether the text contains a complete date (used to spot metadata lines).
pub fn has_full_date(text: &str) -> bool {
    written_dates(text)
        .iter()
        .any(|d| d.year.is_some() && d.day.is_some())
}

/// Find the publication date in the paragraphs of a page.
pub fn find(paras: &[Para], title_para: Option<usize>) -> Option<Found> {
    let header_end = header_end(paras, title_para);
    for (i, p) in paras
        .iter()
        .enumerate()
        .take(header_end.max(LABEL_SEARCH_PARAS))
    {
        let short = p.words < SHORT_PARA_WORDS;
        // Below the header only a short labelled line ("Published 7 December
        // 2023") still speaks for the page (the pattern asked only then).
        if i >= header_end && !short {
            continue;
        }
        let labelled = RE.label.is_match(&p.text);
        if i >= header_end && !labelled {
            continue;
        }
        for w in written_dates(&p.text) {
            let dateline = is_dateline(&p.text, &w);
            if !(short || labelled || dateline) {
                continue;
            }
            if w.year.is_none() && w.day.is_none() {
                continue;
            }
            if let Some(date) = complete(w, paras) {
                return Some(Found { date, para: i });
            }
        }
    }
    None
}

/// Paragraphs up to and including the first two prose paragraphs after the
/// title: where a page states its own date.
fn header_end(paras: &[Para], title_para: Option<usize>) -> usize {
    let from = title_para.map_or(0, |t| t + 1);
    let mut prose = 0;
    for (i, p) in paras.iter().enumerate().skip(from) {
        if p.words >= SHORT_PARA_WORDS && ends_sentence(&p.text) {
            prose += 1;
            if prose == 2 {
                return i + 1;
            }
        }
    }
    paras.len()
}

/// `ROME, September 28. /TASS/.`, `MOSCOW (Outlet - 10th December, 2022)`,
/// `Geneva, Oct. 5 (Reuters) -`: a date at the head of a paragraph.
fn is_dateline(text: &str, w: &Written) -> bool {
    if w.start > DATELINE_SPAN {
        return false;
    }
    let before = &text[..w.start];
    let after = text[w.end..].trim_start_matches(['.', ',', ' ']);
    let caps_place = before
        .split(|c: char| !c.is_alphabetic())
        .any(|word| word.chars().count() >= 3 && word.chars().all(char::is_uppercase));
    let credit_follows =
        after.starts_with('(') || after.starts_with('/') || after.starts_with(['-', '–', '—']);
    let before_is_place = before
        .split_whitespace()
        .all(|word| word.chars().next().is_some_and(|c| !c.is_lowercase()));
    before_is_place && (caps_place || credit_follows)
}

/// Where each part of a date sits in a pattern's capture groups (0: absent).
#[derive(Clone, Copy)]
struct Layout {
    year: usize,
    month: usize,
    day: usize,
    /// Whether the month group is a name ("Dec.") rather than a number.
    named_month: bool,
    /// Numeric day/month order that flips when the month would be > 12
    /// (5/30/2024 is US month-first).
    flips: bool,
}

const fn layout(year: usize, month: usize, day: usize, named_month: bool) -> Layout {
    Layout {
        year,
        month,
        day,
        named_month,
        flips: false,
    }
}

/// Every date written in `text`, full forms first, year-less forms only
/// where no full form covers them.
fn written_dates(text: &str) -> Vec<Written> {
    // Every form has digits (`\d`: Unicode decimal digits, which
    // `char::is_numeric` includes): most lines have none.
    if !text.chars().any(char::is_numeric) {
        return Vec::new();
    }
    // Order matters: a later form never claims text an earlier one took.
    let forms: [(&Regex, Layout); 10] = [
        (&RE.iso, layout(1, 2, 3, false)),
        (&RE.foreign, layout(3, 2, 1, true)),
        (&RE.mdy, layout(3, 1, 2, true)),
        (&RE.dmy, layout(3, 2, 1, true)),
        (&RE.dashed, layout(3, 2, 1, true)),
        (
            &RE.slashed,
            Layout {
                flips: true,
                ..layout(3, 2, 1, false)
            },
        ),
        (&RE.dotted, layout(3, 2, 1, false)),
        (&RE.my, layout(2, 1, 0, true)),
        (&RE.md, layout(0, 1, 2, true)),
        (&RE.dm, layout(0, 2, 1, true)),
    ];
    let mut out: Vec<Written> = Vec::new();
    for (re, at) in forms {
        for c in re.captures_iter(text) {
            let m = c.get(0).expect("group 0");
            if out.iter().any(|w| m.start() < w.end && w.start < m.end()) {
                continue;
            }
            let group = |i: usize| (i > 0).then(|| c.get(i)).flatten().map(|g| g.as_str());
            let number = |i: usize| group(i).and_then(|g| g.parse::<u32>().ok());
            let mut month = if at.named_month {
                group(at.month).and_then(month_number)
            } else {
                number(at.month)
            };
            let mut day = number(at.day);
            // Day first unless that is impossible.
            if at.flips
                && let (Some(d), Some(mo)) = (day, month)
                && mo > 12
                && d <= 12
            {
                (day, month) = (Some(mo), Some(d));
            }
            out.push(Written {
                year: group(at.year).and_then(|g| g.parse().ok()),
                month,
                day,
                start: m.start(),
                end: m.end(),
            });
        }
    }
    out.retain(|w| w.month.is_some() && !is_range_end(text, w));
    out.sort_by_key(|w| w.start);
    out
}

/// Part of a span ("6-8 April 2021", "29 July - 9 August 2024"): the dates
/// of a meeting, not of the page.
fn is_range_end(text: &str, w: &Written) -> bool {
    let before = text[..w.start].trim_end();
    let after = text[w.end..].trim_start();
    let dash = |c: char| matches!(c, '-' | '–' | '—');
    let before_range = before.ends_with(dash)
        && before[..before.len() - before.chars().next_back().map_or(0, char::len_utf8)]
            .trim_end()
            .chars()
            .next_back()
            .is_some_and(|c| c.is_alphanumeric());
    let after_range = after.starts_with(dash) && {
        let rest = after.trim_start_matches(dash).trim_start();
        let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
        !digits.is_empty() && !rest[digits.len()..].starts_with(':')
    };
    before_range || after_range
}

fn month_number(name: &str) -> Option<u32> {
    let key: String = name
        .trim_end_matches('.')
        .to_lowercase()
        .chars()
        .take(3)
        .collect();
    let months = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    months
        .iter()
        .position(|m| *m == key)
        .or_else(|| {
            let lower = name.to_lowercase();
            FOREIGN_MONTHS
                .iter()
                .position(|m| m.contains(&lower.as_str()))
        })
        .map(|i| i as u32 + 1)
}

/// Validate a written date, inferring a missing year from the page.
fn complete(w: Written, paras: &[Para]) -> Option<PubDate> {
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

/// Parse a curator's date: `2022-12-10`, `2022-12` or `2022`.
pub fn parse_curated(s: &str) -> Option<PubDate> {
    let parts: Vec<&str> = s.trim().split('-').collect();
    let year: i32 = parts.first()?.parse().ok()?;
    let month: Option<u32> = parts.get(1).map(|m| m.parse()).transpose().ok()?;
    let day: Option<u32> = parts
        .get(2)
        .map(|d| d.get(..2).unwrap_or(d).parse())
        .transpose()
        .ok()?;
    match (month, day) {
        (Some(m), Some(d)) => {
            NaiveDate::from_ymd_opt(year, m, d)?;
        }
        (Some(m), None) if !(1..=12).contains(&m) => return None,
        _ => {}
    }
    Some(PubDate {
        year,
        month,
        day,
        method: DateMethod::Curated,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::layout::paragraphs;

    fn date_of(text: &str) -> Option<String> {
        find(&paragraphs(text), Some(0)).map(|f| f.date.iso())
    }

    const STORY: &str =
        "The committee met to discuss the draft convention and agreed that work would continue.";

    #[test]
    fn dates_in_the_other_languages() {
        assert_eq!(
            date_of("Paris, le 10 décembre 2022").as_deref(),
            Some("2022-12-10")
        );
        assert_eq!(
            date_of("Ciudad de México, 9 de agosto de 2024.").as_deref(),
            Some("2024-08-09")
        );
        assert_eq!(
            date_of("Москва, 10 декабря 2022 г.").as_deref(),
            Some("2022-12-10")
        );
        assert_eq!(date_of("1er juillet 2021").as_deref(), Some("2021-07-01"));
    }

    #[test]
    fn header_forms() {
        for (header, want) in [
            ("Published December 10, 2022 | 02:40 PM", "2022-12-10"),
            ("10 December 2022", "2022-12-10"),
            ("Posted Dec 29, 2019", "2019-12-29"),
            ("Date: 10.12.2022", "2022-12-10"),
            ("Updated 2022-12-10T14:40Z", "2022-12-10"),
            ("SEVENTY-SEVENTH SESSION, 10 DECEMBER 2022", "2022-12-10"),
            ("Updated 21:14, 24-Aug-2023", "2023-08-24"),
            ("Brussels, 30/07/2020 - 15:21", "2020-07-30"),
            (
                "New York, 29 July - 9 August 2024. Friday 9 August 2024",
                "2024-08-09",
            ),
            ("Vienna, 6-8 April 2021, Tuesday 6 April 2021", "2021-04-06"),
        ] {
            let text = format!("Headline about cyber talks\n\n{header}\n\n{STORY}");
            assert_eq!(date_of(&text).as_deref(), Some(want), "{header}");
        }
    }

    #[test]
    fn dateline_with_year_from_weekday() {
        let text = format!(
            "Headline about cyber talks\n\nROME, September 28. /TASS/. The minister spoke in Rome on Friday about measures adopted in 2013 and 2016.\n\nItaly ends its chairmanship in 2018. {STORY}"
        );
        let f = find(&paragraphs(&text), Some(0)).unwrap();
        assert_eq!(f.date.iso(), "2018-09-28");
        assert_eq!(f.date.method, DateMethod::YearFromWeekday);
    }

    #[test]
    fn event_dates_in_prose_are_not_publication_dates() {
        let text = format!(
            "Headline about cyber talks\n\nOn December 7, 2021 the General Assembly adopted a draft resolution on the use of ICT for peaceful purposes, diplomats said.\n\n{STORY}"
        );
        assert_eq!(date_of(&text), None);
    }

    #[test]
    fn reuters_style_dateline() {
        let text = format!(
            "Headline about cyber talks\n\nGENEVA, March 8, 2023 (Reuters) - Talks on a treaty stalled. {STORY}"
        );
        assert_eq!(date_of(&text).as_deref(), Some("2023-03-08"));
    }

    #[test]
    fn curated_dates() {
        assert_eq!(parse_curated("2022-12").unwrap().iso(), "2022-12");
        assert!(parse_curated("2022-02-30").is_none());
        assert!(parse_curated("soon").is_none());
    }
}
