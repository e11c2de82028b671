//! The publication date: the date a page states for itself (header lines,
//! "Published" labels, datelines), not the dates of events in the story.
//! Year-less datelines get their year from a weekday the story mentions.
//!
//! [`written`] reads the dates a text writes, [`complete`] makes one a
//! publication date; here the page's own date is chosen among them.

mod complete;
mod written;

use chrono::NaiveDate;

use super::layout::Para;
use super::text::ends_sentence;
use crate::model::{DateMethod, PubDate};
use complete::complete;
use written::{RE, Written, range_starts, written_dates};

/// Paragraphs this short are page furniture or metadata, not story prose.
const SHORT_PARA_WORDS: usize = 15;
/// "Published 7 December 2023" may sit below a long cookie banner.
const LABEL_SEARCH_PARAS: usize = 40;
/// How far into a paragraph a dateline may start.
const DATELINE_SPAN: usize = 90;

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
    // With no single date, a span of days heading the page ("12–13
    // November 2023 | Vienna") dates it by its first day.
    for (i, p) in paras.iter().enumerate().take(header_end) {
        for w in range_starts(&p.text) {
            if (p.words < SHORT_PARA_WORDS || is_dateline(&p.text, &w))
                && let Some(date) = complete(w, paras)
            {
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
/// Words a dateline may put between the place and the day.
const DAY_ARTICLES: &[&str] = &["le", "el", "du", "del"];

fn is_dateline(text: &str, w: &Written) -> bool {
    if w.start > DATELINE_SPAN {
        return false;
    }
    let before = &text[..w.start];
    // "2022年12月10日，北京。": Chinese news opens with the date.
    if before.trim().is_empty() && text[w.start..w.end].contains('年') {
        return true;
    }
    let after = text[w.end..].trim_start_matches(['.', ',', ' ']);
    let caps_place = before
        .split(|c: char| !c.is_alphabetic())
        .any(|word| word.chars().count() >= 3 && word.chars().all(char::is_uppercase));
    let credit_follows =
        after.starts_with('(') || after.starts_with('/') || after.starts_with(['-', '–', '—']);
    // "GENÈVE, le 10 décembre", "MADRID, el 9 de agosto": French and
    // Spanish datelines put an article before the day.
    let mut words: Vec<&str> = before.split_whitespace().collect();
    if words.last().is_some_and(|w| DAY_ARTICLES.contains(w)) {
        words.pop();
    }
    let before_is_place = words.iter().all(|word| {
        word.chars().next().is_some_and(|c| !c.is_lowercase())
            || matches!(*word, "de" | "del" | "la" | "di" | "do" | "da")
    });
    // Arabic has no capitals: "أبوظبي، 10 ديسمبر 2022" is a place and the
    // Arabic comma.
    let arabic_place = before.trim_end().ends_with('،');
    // "Ciudad de Norlandia, 3 de mayo de 2025. Los ministros …": a release's
    // dateline, a place and a comma, a whole date, a new sentence.
    let release_dateline = before.trim_end().ends_with(',')
        && (1..=4).contains(&words.len())
        && w.year.is_some()
        && w.day.is_some()
        && text[w.end..].starts_with(['.', ' ', '–', '—', '-'])
        && after.chars().next().is_some_and(char::is_uppercase);
    before_is_place && (caps_place || credit_follows || arabic_place || release_dateline)
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
            date_of("Ciudad de Norlandia, 9 de agosto de 2024.").as_deref(),
            Some("2024-08-09")
        );
        assert_eq!(
            date_of("Москва, 10 декабря 2022 г.").as_deref(),
            Some("2022-12-10")
        );
        assert_eq!(date_of("1er juillet 2021").as_deref(), Some("2021-07-01"));
        // Datelines under a headline, with the article French and Spanish
        // put before the day (issue 12 §3).
        for (dateline, want) in [
            ("GENÈVE, le 10 décembre 2022.", "2022-12-10"),
            ("MADRID, el 9 de agosto de 2024.", "2024-08-09"),
            ("2022年12月10日，北京。", "2022-12-10"),
            ("أبوظبي، 10 ديسمبر 2022.", "2022-12-10"),
        ] {
            let text = format!("Les ministres poursuivent\n\n{dateline} {STORY}");
            assert_eq!(date_of(&text).as_deref(), Some(want), "{dateline}");
        }
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
