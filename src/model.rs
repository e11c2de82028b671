//! The data model every stage shares: what an archived article *is* once the
//! extractor has read it. Stages after extraction only read these types.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

/// One source document, as the archive understands it. `Deserialize` lets
/// an `--index-dir` keep extracted articles across restarts.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Article {
    /// Stable identifier: the file stem, or `id` from front matter.
    pub id: String,
    /// Decorative URL segment derived from the title.
    pub slug: String,
    /// Path of the source file relative to the data folder.
    pub file: String,
    pub title: String,
    pub date: Option<PubDate>,
    pub source: Option<String>,
    pub kind: Kind,
    /// Cleaned paragraphs, in reading order.
    pub body: Vec<String>,
    /// Lines the cleaner set aside as page furniture (bylines, captions,
    /// meeting lines, menus), in reading order. Not shown as the story, but
    /// searched at a low weight: nothing on the page is unfindable.
    #[serde(default)]
    pub aside: Vec<String>,
    /// SHA-256 of the raw bytes, hex.
    pub sha256: String,
    pub speakers: Vec<Person>,
    pub forums: Vec<String>,
    pub statements: Vec<Statement>,
    /// People named in the text who make no statement.
    pub mentioned: Vec<String>,
    /// Problems worth showing a curator (e.g. malformed front matter).
    pub warnings: Vec<String>,
    /// What the file was (text, HTML, PDF, Word), where it was published,
    /// and where each field came from.
    #[serde(default)]
    pub provenance: Provenance,
    /// ISO 639-1 code of the text's language (`en`, `ru`, `zh`).
    #[serde(default = "english")]
    pub lang: String,
    /// How `lang` was found.
    #[serde(default)]
    pub lang_method: LangMethod,
    /// Set when this is the article without its page-only parts (see
    /// [`Article::slim`]): where to read them back. Never stored.
    #[serde(skip)]
    pub rest: Option<Rest>,
}

/// Where a slimmed article's whole self is read back from: an
/// `--index-dir` keeps the body, set-aside lines and the like on disk and
/// reads them per page through the page cache (issue 13 §5), rather than
/// holding every article's text in memory.
pub trait Backing: Send + Sync + std::fmt::Debug {
    /// The page-only parts of the article stored as `record`.
    fn read(&self, record: u32) -> Result<std::sync::Arc<PageOnly>, String>;
}

/// A slimmed article's place in its [`Backing`].
#[derive(Debug, Clone)]
pub struct Rest {
    pub from: std::sync::Arc<dyn Backing>,
    pub record: u32,
}

/// An article's paragraphs, set-aside lines and statements' words (see
/// [`Article::text`]).
pub struct Text<'a> {
    article: &'a Article,
    /// Read back, when the article is slimmed.
    page: Option<std::sync::Arc<PageOnly>>,
}

impl Text<'_> {
    pub fn body(&self) -> &[String] {
        self.page.as_ref().map_or(&self.article.body, |p| &p.body)
    }

    pub fn aside(&self) -> &[String] {
        self.page.as_ref().map_or(&self.article.aside, |p| &p.aside)
    }

    /// The words of the article's statement at index `i` (not its number).
    pub fn said(&self, i: usize) -> &str {
        match &self.page {
            Some(p) => p.said.get(i),
            None => self.article.statements.get(i).map(|s| &s.text),
        }
        .map_or("", String::as_str)
    }
}

/// What [`Article::slim`] takes out, stored apart from the rest so that
/// the list is read back without it.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct PageOnly {
    pub body: Vec<String>,
    pub aside: Vec<String>,
    pub mentioned: Vec<String>,
    pub fields: Vec<FieldSource>,
    /// Each statement's words, in order.
    pub said: Vec<String>,
    /// Each statement's evidence, in order.
    pub evidence: Vec<String>,
}

/// The kind of file a document was read from.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    #[default]
    Text,
    Html,
    Pdf,
    Docx,
}

impl Format {
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Text => "text",
            Format::Html => "html",
            Format::Pdf => "pdf",
            Format::Docx => "docx",
        }
    }
}

/// Where a document came from, and where each of its fields was found.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Provenance {
    pub format: Format,
    /// The page's address on the web (http or https only): an HTML page's
    /// canonical link, front matter `url`, or a `NAME.url` sidecar.
    pub url: Option<String>,
    /// One entry per field that was found, in a fixed order.
    pub fields: Vec<FieldSource>,
}

impl Provenance {
    /// Where `field` came from, if it was found.
    pub fn of(&self, field: &str) -> Option<&FieldSource> {
        self.fields.iter().find(|f| f.field == field)
    }
}

/// One field's value and where it was found: "json-ld headline",
/// "meta og:title", "pdf Info /Title", "front matter", "text".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldSource {
    pub field: String,
    pub value: String,
    pub from: String,
}

fn english() -> String {
    "en".to_string()
}

/// A document's language: an ISO 639-1 code (`en`, `ru`, `zh`) and how it
/// was found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Lang {
    pub code: String,
    pub method: LangMethod,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum LangMethod {
    /// Front matter states it (`lang` or `language`).
    Curated,
    /// Detected from the text.
    Detected,
    /// Too little text to tell; taken to be English.
    #[default]
    Assumed,
}

impl Lang {
    pub fn detected(code: &str) -> Lang {
        Lang {
            code: code.to_string(),
            method: LangMethod::Detected,
        }
    }

    pub fn assumed_english() -> Lang {
        Lang {
            code: "en".to_string(),
            method: LangMethod::Assumed,
        }
    }
}

impl LangMethod {
    pub fn as_str(self) -> &'static str {
        match self {
            LangMethod::Curated => "curated",
            LangMethod::Detected => "detected",
            LangMethod::Assumed => "assumed",
        }
    }
}

impl Article {
    /// The article split in what lists, facets, directories and cards
    /// need (statements without their words: who, how, where), and what
    /// only its own page, its snippets, the speaker pages and the exports
    /// read.
    pub fn slim(mut self) -> (Article, PageOnly) {
        let (said, evidence) = self
            .statements
            .iter_mut()
            .map(|s| (std::mem::take(&mut s.text), std::mem::take(&mut s.evidence)))
            .unzip();
        let page = PageOnly {
            body: std::mem::take(&mut self.body),
            aside: std::mem::take(&mut self.aside),
            mentioned: std::mem::take(&mut self.mentioned),
            fields: std::mem::take(&mut self.provenance.fields),
            said,
            evidence,
        };
        (self, page)
    }

    /// The inverse of [`Article::slim`].
    pub fn with(mut self, page: PageOnly) -> Article {
        self.body = page.body;
        self.aside = page.aside;
        self.mentioned = page.mentioned;
        self.provenance.fields = page.fields;
        for ((s, t), e) in self.statements.iter_mut().zip(page.said).zip(page.evidence) {
            s.text = t;
            s.evidence = e;
        }
        self.rest = None;
        self
    }

    /// The whole article: this one, or when it was slimmed, read back.
    pub fn full(&self) -> Result<std::borrow::Cow<'_, Article>, String> {
        match &self.rest {
            None => Ok(std::borrow::Cow::Borrowed(self)),
            Some(r) => {
                let page = PageOnly::clone(&*r.from.read(r.record)?);
                Ok(std::borrow::Cow::Owned(self.clone().with(page)))
            }
        }
    }

    /// The article's words (what snippets are cut from): its own, or read
    /// back without copying the rest of the article. Empty when they
    /// cannot be read back (logged): a hit without its snippet beats no
    /// page of results.
    pub fn text(&self) -> Text<'_> {
        let page = self.rest.as_ref().map(|r| {
            r.from.read(r.record).unwrap_or_else(|e| {
                tracing::warn!(id = %self.id, "reading the stored article: {e}");
                std::sync::Arc::default()
            })
        });
        Text {
            article: self,
            page,
        }
    }

    /// [`Article::full`], or this one when it cannot be read back (logged):
    /// for snippets and summaries, where a page without them beats none.
    pub fn full_or_slim(&self) -> std::borrow::Cow<'_, Article> {
        self.full().unwrap_or_else(|e| {
            tracing::warn!(id = %self.id, "reading the stored article: {e}");
            std::borrow::Cow::Borrowed(self)
        })
    }

    /// The article's forums with their slugs. The store keeps the names
    /// alone (`forums`), so its format is unchanged; the slug is made here
    /// rather than at each use.
    pub fn forums(&self) -> impl Iterator<Item = Forum> + '_ {
        self.forums.iter().map(|name| Forum::named(name))
    }

    /// Statements made by the speaker with this slug, with their numbers.
    pub fn statements_by<'a>(&'a self, slug: &'a str) -> impl Iterator<Item = &'a Statement> + 'a {
        self.statements
            .iter()
            .filter(move |s| s.speaker_slug == slug)
    }
}

/// English month names, January first.
pub const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// A publication date and how sure we are of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct PubDate {
    pub year: i32,
    pub month: Option<u32>,
    pub day: Option<u32>,
    /// How the date was found: stated outright or partly inferred.
    pub method: DateMethod,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DateMethod {
    /// Front matter set it.
    Curated,
    /// The text states the full date.
    Stated,
    /// Month and day stated; the year inferred from a weekday and the years
    /// the text mentions.
    YearFromWeekday,
    /// Month and day stated; the year is the latest one the text mentions.
    YearFromContext,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Precision {
    Day,
    Month,
    Year,
}

impl PubDate {
    pub fn precision(&self) -> Precision {
        match (self.month, self.day) {
            (Some(_), Some(_)) => Precision::Day,
            (Some(_), None) => Precision::Month,
            _ => Precision::Year,
        }
    }

    /// ISO-8601 form at the date's own precision: `2022-12-10`, `2022-12`, `2022`.
    pub fn iso(&self) -> String {
        match (self.month, self.day) {
            (Some(m), Some(d)) => format!("{:04}-{m:02}-{d:02}", self.year),
            (Some(m), None) => format!("{:04}-{m:02}", self.year),
            _ => format!("{:04}", self.year),
        }
    }

    /// Human form: `10 December 2022`.
    pub fn human(&self) -> String {
        let month = self.month.and_then(|m| MONTHS.get(m as usize - 1)).copied();
        match (month, self.day) {
            (Some(m), Some(d)) => format!("{d} {m} {}", self.year),
            (Some(m), None) => format!("{m} {}", self.year),
            _ => self.year.to_string(),
        }
    }

    /// The day key of the period's first day: chrono's day count since
    /// the common era (1 January of year 1 is day 1). Dates sort and
    /// filter by it.
    pub fn sort_key(&self) -> i64 {
        // Counted from the month's first day, so a day the calendar lacks
        // (a misread 30 February) still sorts after the 28th.
        let first = NaiveDate::from_ymd_opt(self.year, self.month.unwrap_or(1).clamp(1, 12), 1)
            .map_or(i64::from(self.year) * 366, |d| {
                i64::from(d.num_days_from_ce())
            });
        first + i64::from(self.day.unwrap_or(1).saturating_sub(1))
    }

    /// The day key of the period's last day: 31 December of a bare year,
    /// the month's last day of a month.
    pub fn last_day_key(&self) -> i64 {
        match (self.month, self.day) {
            (_, Some(_)) => self.sort_key(),
            (month, None) => {
                let (y, m) = match month {
                    Some(m) if m < 12 => (self.year, m + 1),
                    Some(_) => (self.year + 1, 1),
                    None => (self.year + 1, 1),
                };
                PubDate {
                    year: y,
                    month: Some(m),
                    day: None,
                    method: self.method,
                }
                .sort_key()
                    - 1
            }
        }
    }
}

/// A day key ([`PubDate::sort_key`]) back to `YYYY-MM-DD`.
pub fn day_key_iso(key: i64) -> String {
    i32::try_from(key)
        .ok()
        .and_then(NaiveDate::from_num_days_from_ce_opt)
        .map_or_else(String::new, |d| d.format("%Y-%m-%d").to_string())
}

/// The ISO-8601 form at the date's own precision ([`PubDate::iso`]).
impl std::fmt::Display for PubDate {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.iso())
    }
}

/// Why a curator's date could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("not a date: use YYYY-MM-DD, YYYY-MM or YYYY")]
pub struct DateError;

/// A curator's date, as front matter and URLs write it: `2022-12-10`,
/// `2022-12` or `2022` (a day may carry a time after it, which is
/// ignored). A full date must exist in the calendar.
impl std::str::FromStr for PubDate {
    type Err = DateError;

    fn from_str(s: &str) -> Result<PubDate, DateError> {
        let parts: Vec<&str> = s.trim().split('-').collect();
        let year: i32 = parts
            .first()
            .and_then(|y| y.parse().ok())
            .ok_or(DateError)?;
        let month: Option<u32> = parts
            .get(1)
            .map(|m| m.parse())
            .transpose()
            .map_err(|_| DateError)?;
        let day: Option<u32> = parts
            .get(2)
            .map(|d| d.get(..2).unwrap_or(d).parse())
            .transpose()
            .map_err(|_| DateError)?;
        match (month, day) {
            (Some(m), Some(d)) => {
                NaiveDate::from_ymd_opt(year, m, d).ok_or(DateError)?;
            }
            (Some(m), None) if !(1..=12).contains(&m) => return Err(DateError),
            _ => {}
        }
        Ok(PubDate {
            year,
            month,
            day,
            method: DateMethod::Curated,
        })
    }
}

/// A forum an article was said in: its canonical name (as the gazetteer
/// writes it, and as the article stores it) and the slug of its page.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct Forum {
    pub name: String,
    pub slug: String,
}

impl Forum {
    pub fn named(name: &str) -> Forum {
        Forum {
            name: name.to_string(),
            slug: slugify(name),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    #[default]
    News,
    PressRelease,
    Transcript,
    Statement,
    OpEd,
}

impl Kind {
    pub fn label(self) -> &'static str {
        match self {
            Kind::News => "news",
            Kind::PressRelease => "press release",
            Kind::Transcript => "transcript",
            Kind::Statement => "statement",
            Kind::OpEd => "op-ed",
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Kind::News => "news",
            Kind::PressRelease => "press_release",
            Kind::Transcript => "transcript",
            Kind::Statement => "statement",
            Kind::OpEd => "op_ed",
        }
    }

    pub fn parse(s: &str) -> Option<Kind> {
        let s = s.trim().to_ascii_lowercase().replace(['-', ' '], "_");
        Some(match s.as_str() {
            "news" => Kind::News,
            "press_release" | "pressrelease" => Kind::PressRelease,
            "transcript" => Kind::Transcript,
            "statement" => Kind::Statement,
            "op_ed" | "oped" | "opinion" => Kind::OpEd,
            _ => return None,
        })
    }
}

/// A person (or delegation) who speaks in an article.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct Person {
    pub name: String,
    #[serde(default)]
    pub slug: String,
    #[serde(default)]
    pub role: Option<String>,
    #[serde(default)]
    pub country: Option<String>,
    /// The text's own spellings when the gazetteer's name replaced them
    /// (Nebenzya for Nebenzia): search, the speaker page and the API
    /// answer to them too. (Always written: the article store's postcard
    /// format cannot skip a field.)
    #[serde(default)]
    pub aliases: Vec<String>,
}

/// Words attributed to a speaker.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Statement {
    /// 1-based number, the anchor `#s{n}` on the article page.
    pub n: usize,
    pub speaker: String,
    pub speaker_slug: String,
    pub text: String,
    pub mode: StatementMode,
    /// Index of the body paragraph it comes from.
    pub paragraph: usize,
    /// The line that shows who said it: the sentence of a quote or of
    /// reported speech, a turn's label, the header or byline of an
    /// authored text (`check --explain` prints it).
    #[serde(default)]
    pub evidence: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StatementMode {
    /// Words in quotation marks.
    Quote,
    /// Reported speech: "X said that ...".
    Reported,
    /// One speaker's turn in a transcript.
    Turn,
    /// The text of an op-ed, by its author.
    Authored,
}

impl StatementMode {
    /// The value used in URLs, JSON, CSV and CSS classes.
    pub fn as_str(self) -> &'static str {
        match self {
            StatementMode::Quote => "quote",
            StatementMode::Reported => "reported",
            StatementMode::Turn => "turn",
            StatementMode::Authored => "authored",
        }
    }

    /// What a reader is told the text is.
    pub fn label(self) -> &'static str {
        match self {
            StatementMode::Quote => "direct quote",
            StatementMode::Reported => "reported speech",
            StatementMode::Turn => "transcript turn",
            StatementMode::Authored => "written by the author",
        }
    }

    /// Whether the text is the speaker's own words as spoken, so it may be
    /// shown in quotation marks. Reported speech is the reporter's sentence
    /// and authored text is writing, not speech: neither is a quotation.
    pub fn is_quotation(self) -> bool {
        matches!(self, StatementMode::Quote | StatementMode::Turn)
    }
}

/// Longest slug; titles run long.
const MAX_SLUG: usize = 80;

/// URL-safe lower-case slug, ASCII-folded (`Сергей Рябков` and `Sergéy` both fold).
pub fn slugify(text: &str) -> String {
    let ascii = deunicode::deunicode(text).to_ascii_lowercase();
    let mut out = String::with_capacity(ascii.len());
    for c in ascii.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    while out.ends_with('-') {
        out.pop();
    }
    if out.len() > MAX_SLUG {
        // Cut at a word boundary so the slug reads cleanly.
        let cut = out[..floor_char_boundary(&out, MAX_SLUG)]
            .rfind('-')
            .unwrap_or(MAX_SLUG);
        out.truncate(cut);
    }
    if out.is_empty() {
        out.push('x');
    }
    out
}

/// The longest prefix of `s` of at most `max` bytes that ends on a
/// character boundary, as a byte length: where to cut a text to a size.
/// (`str::floor_char_boundary` needs Rust 1.91; this crate builds on 1.88.)
pub fn floor_char_boundary(s: &str, max: usize) -> usize {
    if s.len() <= max {
        return s.len();
    }
    let mut i = max;
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slug_folds_and_trims() {
        assert_eq!(
            slugify("‘Democratic talks’: UNGA!"),
            "democratic-talks-unga"
        );
        assert_eq!(slugify("Сергей Рябков"), "sergei-riabkov");
        assert_eq!(slugify("!!!"), "x");
    }

    #[test]
    fn date_forms() {
        let d = PubDate {
            year: 2018,
            month: Some(9),
            day: Some(28),
            method: DateMethod::Stated,
        };
        assert_eq!(d.iso(), "2018-09-28");
        assert_eq!(d.human(), "28 September 2018");
        assert_eq!(d.precision(), Precision::Day);
    }

    #[test]
    fn dates_parse_print_and_count_days() {
        let d: PubDate = "2021-02".parse().unwrap();
        assert_eq!(d.to_string(), "2021-02");
        assert_eq!(day_key_iso(d.sort_key()), "2021-02-01");
        assert_eq!(day_key_iso(d.last_day_key()), "2021-02-28");
        let y: PubDate = "2020".parse().unwrap();
        assert_eq!(day_key_iso(y.last_day_key()), "2020-12-31");
        assert_eq!("2021-02-30".parse::<PubDate>(), Err(DateError));
        assert_eq!("2021-13".parse::<PubDate>(), Err(DateError));
        // Consecutive days are consecutive keys, across a month's end.
        let a: PubDate = "2020-02-29".parse().unwrap();
        let b: PubDate = "2020-03-01".parse().unwrap();
        assert_eq!(b.sort_key() - a.sort_key(), 1);
    }
}

/// The archive's articles in corpus order, each shared: an update makes a
/// new list holding the unchanged articles of the old one, not copies of
/// them, so the old archive and the new one (both alive while requests
/// finish) cost one set of articles.
#[derive(Debug, Clone, Default)]
pub struct Articles(Vec<std::sync::Arc<Article>>);

impl Articles {
    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn get(&self, i: usize) -> Option<&Article> {
        self.0.get(i).map(|a| &**a)
    }

    pub fn first(&self) -> Option<&Article> {
        self.get(0)
    }

    pub fn iter(&self) -> impl ExactSizeIterator<Item = &Article> + DoubleEndedIterator + Clone {
        self.0.iter().map(|a| &**a)
    }

    /// The shared articles themselves, to build another list from.
    pub fn shared(&self) -> &[std::sync::Arc<Article>] {
        &self.0
    }

    /// Put these articles in place of those at their positions: the
    /// store's slimmed copies of what it just wrote.
    pub fn replace(&mut self, with: Vec<(usize, std::sync::Arc<Article>)>) {
        for (i, a) in with {
            if let Some(slot) = self.0.get_mut(i) {
                *slot = a;
            }
        }
    }

    /// The articles, unshared where nobody else holds them.
    pub fn into_owned(self) -> Vec<Article> {
        self.0
            .into_iter()
            .map(|a| std::sync::Arc::try_unwrap(a).unwrap_or_else(|a| (*a).clone()))
            .collect()
    }
}

impl std::ops::Index<usize> for Articles {
    type Output = Article;
    fn index(&self, i: usize) -> &Article {
        &self.0[i]
    }
}

impl<'a> IntoIterator for &'a Articles {
    type Item = &'a Article;
    type IntoIter = std::iter::Map<
        std::slice::Iter<'a, std::sync::Arc<Article>>,
        fn(&'a std::sync::Arc<Article>) -> &'a Article,
    >;
    fn into_iter(self) -> Self::IntoIter {
        self.0.iter().map(|a| &**a)
    }
}

impl From<Vec<Article>> for Articles {
    fn from(v: Vec<Article>) -> Articles {
        Articles(v.into_iter().map(std::sync::Arc::new).collect())
    }
}

impl From<Vec<std::sync::Arc<Article>>> for Articles {
    fn from(v: Vec<std::sync::Arc<Article>>) -> Articles {
        Articles(v)
    }
}

impl FromIterator<std::sync::Arc<Article>> for Articles {
    fn from_iter<I: IntoIterator<Item = std::sync::Arc<Article>>>(it: I) -> Articles {
        Articles(it.into_iter().collect())
    }
}

/// How an update moved the articles: where each article of the list
/// before is in the list after (the same shared value), and which
/// positions after are new (added files, new versions of edited ones).
/// What is derived per position (facet tables, directories) is carried
/// over with it, and only the new positions are worked out again.
#[derive(Debug, Clone, Default)]
pub struct Renumbering {
    /// Position after of each position before; [`Renumbering::GONE`] for
    /// articles the list after no longer holds.
    pub old_to_new: Vec<u32>,
    /// Positions after that hold new articles, ascending.
    pub added: Vec<usize>,
    /// Positions before whose articles are gone, ascending.
    pub removed: Vec<usize>,
}

impl Renumbering {
    /// An article no longer held.
    pub const GONE: u32 = u32::MAX;

    /// From `before` to `after`, matching the very same shared articles.
    /// `None` when the kept articles changed their order (never, for lists
    /// in path order: then what is derived is worked out anew).
    pub fn between(before: &Articles, after: &Articles) -> Option<Renumbering> {
        let now: rustc_hash::FxHashMap<*const Article, u32> = after
            .0
            .iter()
            .enumerate()
            .map(|(i, a)| {
                (
                    std::sync::Arc::as_ptr(a),
                    u32::try_from(i).unwrap_or(u32::MAX),
                )
            })
            .collect();
        let mut r = Renumbering::default();
        let mut kept = vec![false; after.len()];
        let mut last: Option<u32> = None;
        for (i, a) in before.0.iter().enumerate() {
            match now.get(&std::sync::Arc::as_ptr(a)) {
                Some(&j) => {
                    if last.is_some_and(|l| l >= j) {
                        return None;
                    }
                    last = Some(j);
                    kept[j as usize] = true;
                    r.old_to_new.push(j);
                }
                None => {
                    r.old_to_new.push(Renumbering::GONE);
                    r.removed.push(i);
                }
            }
        }
        r.added = (0..after.len()).filter(|&j| !kept[j]).collect();
        Some(r)
    }

    /// Position after of position `i` before, if the article is kept.
    pub fn new_position(&self, i: usize) -> Option<usize> {
        match self.old_to_new.get(i) {
            Some(&j) if j != Renumbering::GONE => Some(j as usize),
            _ => None,
        }
    }

    /// Nothing moved: every kept article is where it was.
    pub fn is_identity(&self) -> bool {
        self.old_to_new
            .iter()
            .enumerate()
            .all(|(i, &j)| j == Renumbering::GONE || j as usize == i)
    }
}
