//! Dates as written: the patterns of every form a page writes a date in
//! (ISO, "7 December 2023", "Dec. 7, 2023", "7.12.2023", "le 10 décembre
//! 2022", year-less "December 7"), each match read into year, month and day;
//! ranges ("6-8 April 2021") are not dates of the page.

use std::sync::LazyLock;

use regex::Regex;

const MONTH: &str = r"(?i:(january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec)\.?)";

/// Month names in French, Spanish and Russian (genitive, as dates write
/// them): "le 10 décembre 2022", "10 de diciembre de 2022", "10 декабря 2022 г.".
const FOREIGN_MONTHS: [&[&str]; 12] = [
    &["janvier", "enero", "января", "يناير"],
    &["février", "fevrier", "febrero", "февраля", "فبراير"],
    &["mars", "marzo", "марта", "مارس"],
    &["avril", "abril", "апреля", "أبريل"],
    &["mai", "mayo", "мая", "مايو"],
    &["juin", "junio", "июня", "يونيو"],
    &["juillet", "julio", "июля", "يوليو"],
    &["août", "aout", "agosto", "августа", "أغسطس"],
    &["septembre", "septiembre", "setiembre", "сентября", "سبتمبر"],
    &["octobre", "octubre", "октября", "أكتوبر"],
    &["novembre", "noviembre", "ноября", "نوفمبر"],
    &["décembre", "decembre", "diciembre", "декабря", "ديسمبر"],
];

pub(super) struct Patterns {
    pub(super) foreign: Regex,
    pub(super) iso: Regex,
    pub(super) cjk: Regex,
    pub(super) mdy: Regex,
    pub(super) dmy: Regex,
    pub(super) dotted: Regex,
    pub(super) slashed: Regex,
    pub(super) dashed: Regex,
    pub(super) md: Regex,
    pub(super) dm: Regex,
    pub(super) my: Regex,
    pub(super) year: Regex,
    pub(super) weekday: Regex,
    pub(super) label: Regex,
}

pub(super) static RE: LazyLock<Patterns> = LazyLock::new(|| {
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
        // 2022年12月10日 (Chinese and Japanese).
        cjk: r(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日"),
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
pub(super) struct Written {
    pub(super) year: Option<i32>,
    pub(super) month: Option<u32>,
    pub(super) day: Option<u32>,
    pub(super) start: usize,
    pub(super) end: usize,
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
pub(super) fn written_dates(text: &str) -> Vec<Written> {
    // Every form has digits (`\d`: Unicode decimal digits, which
    // `char::is_numeric` includes): most lines have none.
    if !text.chars().any(char::is_numeric) {
        return Vec::new();
    }
    // Order matters: a later form never claims text an earlier one took.
    let forms: [(&Regex, Layout); 11] = [
        (&RE.iso, layout(1, 2, 3, false)),
        (&RE.cjk, layout(1, 2, 3, false)),
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

/// "12–13 November 2023", "November 12-13, 2023": a span of days in one
/// month, read as its first day (a page dated by its event's days).
static DAY_RANGE: LazyLock<[Regex; 2]> = LazyLock::new(|| {
    let r = |s: &str| Regex::new(&s.replace("MONTH", MONTH)).expect("static date pattern");
    [
        r(r"\b(\d{1,2})\s*[-–—]\s*\d{1,2}\s+MONTH,?\s+(\d{4})\b"),
        r(r"\bMONTH\s+(\d{1,2})\s*[-–—]\s*\d{1,2},?\s+(\d{4})\b"),
    ]
});

/// The first days of the day spans `text` writes.
pub(super) fn range_starts(text: &str) -> Vec<Written> {
    if !text.contains(['-', '–', '—']) {
        return Vec::new();
    }
    let mut out = Vec::new();
    for (k, re) in DAY_RANGE.iter().enumerate() {
        for c in re.captures_iter(text) {
            let (day, month) = if k == 0 {
                (&c[1], &c[2])
            } else {
                (&c[2], &c[1])
            };
            let whole = c.get(0).expect("match");
            out.push(Written {
                year: c[3].parse().ok(),
                month: month_number(month),
                day: day.parse().ok(),
                start: whole.start(),
                end: whole.end(),
            });
        }
    }
    out.retain(|w| w.month.is_some());
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
