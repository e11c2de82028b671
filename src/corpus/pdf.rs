//! PDF statements, read with `lopdf` (pure Rust). We walk each page's text
//! operators ourselves to keep where every line sits, then undo the layout:
//! lines of a paragraph are joined (a hyphen at a line's end between two
//! letters is undone), a wider gap between lines starts a paragraph, and
//! running headers and footers (page numbers, a document symbol such as
//! `A/AC.292/2023/1`, a title repeated at the top of every page) are
//! dropped. The Info dictionary's Title, Author and CreationDate are hints
//! that never win over the text. Every stream inflates through a size cap
//! and the reader looks at the clock between pages and operators.

use std::collections::{BTreeMap, HashMap};
use std::time::Instant;

use lopdf::content::Content;
use lopdf::{Document, Encoding, Object};

use super::hints::{Found, Hints, Strength};
use super::{Reading, RejectReason};

/// The most one stream (a page's content, an object stream) may inflate to.
pub const MAX_STREAM_BYTES: usize = 32 * 1024 * 1024;

/// Operators run between two looks at the clock.
const OPS_PER_CHECK: usize = 4096;

/// A line on a page further than this many line heights below the one
/// before starts a paragraph.
const PARAGRAPH_GAP: f32 = 1.45;

/// Lines this close to a page's top or bottom may be running heads.
const EDGE_LINES: usize = 3;

/// A running head or foot is a short line.
const RUNNING_WORDS: usize = 12;

/// The parser's reason, with the reasons under it ("couldn't decompress
/// stream: ... limit of N bytes").
fn damaged(error: impl std::error::Error) -> RejectReason {
    let mut why = error.to_string();
    let mut source = error.source();
    while let Some(s) = source {
        let s_text = s.to_string();
        if !why.contains(&s_text) {
            why.push_str(": ");
            why.push_str(&s_text);
        }
        source = s.source();
    }
    RejectReason::Damaged {
        format: "PDF",
        error: why,
    }
}

fn damaged_because(why: &str) -> RejectReason {
    RejectReason::Damaged {
        format: "PDF",
        error: why.to_string(),
    }
}

/// Read a PDF file.
pub fn read(bytes: &[u8], deadline: Instant) -> Result<Reading, RejectReason> {
    let options = lopdf::LoadOptions {
        max_decompressed_size: Some(MAX_STREAM_BYTES),
        ..lopdf::LoadOptions::default()
    };
    let doc = match Document::load_mem_with_options(bytes, options) {
        Ok(doc) => doc,
        Err(lopdf::Error::Decryption(_)) | Err(lopdf::Error::AlreadyEncrypted) => {
            return Err(RejectReason::Encrypted);
        }
        Err(e) if e.to_string().to_lowercase().contains("encrypt") => {
            return Err(RejectReason::Encrypted);
        }
        Err(e) => return Err(damaged(e)),
    };
    if doc.is_encrypted() {
        return Err(RejectReason::Encrypted);
    }
    let pages = doc.get_pages();
    if pages.is_empty() {
        return Err(damaged_because("no pages"));
    }
    let mut all = Vec::with_capacity(pages.len());
    for page_id in pages.values() {
        if Instant::now() > deadline {
            return Err(RejectReason::OverBudget { millis: 0 });
        }
        all.push(page_lines(&doc, *page_id, deadline)?);
    }
    let text = layout(all);
    Ok(Reading {
        text,
        hints: info(&doc),
        encoding: "UTF-8",
        notes: Vec::new(),
    })
}

/// One line of text on a page: its baseline and what it says.
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    pub y: f32,
    pub size: f32,
    pub text: String,
}

/// The lines of one page, in the order the page draws them.
fn page_lines(
    doc: &Document,
    page_id: lopdf::ObjectId,
    deadline: Instant,
) -> Result<Vec<Line>, RejectReason> {
    let fonts = doc.get_page_fonts(page_id).unwrap_or_default();
    let encodings: BTreeMap<Vec<u8>, Encoding> = fonts
        .into_iter()
        .filter_map(|(name, font)| {
            font.get_font_encoding_with_limit(doc, MAX_STREAM_BYTES)
                .ok()
                .map(|e| (name, e))
        })
        .collect();
    let data = doc
        .get_page_content_with_limit(page_id, MAX_STREAM_BYTES)
        .map_err(damaged)?;
    let content = Content::decode(&data).map_err(damaged)?;
    let mut walker = Walker::default();
    let mut encoding: Option<&Encoding> = None;
    for (n, op) in content.operations.iter().enumerate() {
        if n % OPS_PER_CHECK == 0 && Instant::now() > deadline {
            return Err(RejectReason::OverBudget { millis: 0 });
        }
        let num = |i: usize| op.operands.get(i).and_then(number).unwrap_or(0.0);
        match op.operator.as_str() {
            "BT" => walker.begin(),
            "Tf" => {
                encoding = op
                    .operands
                    .first()
                    .and_then(|o| o.as_name().ok())
                    .and_then(|name| encodings.get(name));
                walker.size = num(1).abs().max(1.0);
            }
            "TL" => walker.leading = num(0),
            "Td" => walker.move_by(num(0), num(1)),
            "TD" => {
                walker.leading = -num(1);
                walker.move_by(num(0), num(1));
            }
            "Tm" => walker.move_to(num(5), num(3).abs().max(0.01)),
            "T*" => walker.next_line(),
            "Tj" | "TJ" => walker.show(&shown(encoding, &op.operands)),
            "'" => {
                walker.next_line();
                walker.show(&shown(encoding, &op.operands));
            }
            "\"" => {
                walker.next_line();
                walker.show(&shown(encoding, op.operands.get(2..).unwrap_or_default()));
            }
            _ => {}
        }
    }
    Ok(walker.finish())
}

fn number(o: &Object) -> Option<f32> {
    match o {
        Object::Integer(i) => Some(*i as f32),
        Object::Real(r) => Some(*r),
        _ => None,
    }
}

/// The text a show operator's operands draw; a wide negative kerning in
/// a `TJ` array is a space.
fn shown(encoding: Option<&Encoding>, operands: &[Object]) -> String {
    let mut out = String::new();
    let decode = |bytes: &[u8]| match encoding {
        Some(e) => Document::decode_text(e, bytes).unwrap_or_default(),
        None => bytes
            .iter()
            .map(|&b| if b.is_ascii() { b as char } else { ' ' })
            .collect(),
    };
    for o in operands {
        match o {
            Object::String(bytes, _) => out.push_str(&decode(bytes)),
            Object::Array(items) => {
                for item in items {
                    match item {
                        Object::String(bytes, _) => out.push_str(&decode(bytes)),
                        other => {
                            if number(other).is_some_and(|n| n < -200.0) && !out.ends_with(' ') {
                                out.push(' ');
                            }
                        }
                    }
                }
            }
            _ => {}
        }
    }
    out
}

/// Follows the text position through the operators of a page.
#[derive(Default)]
struct Walker {
    y: f32,
    line_y: f32,
    leading: f32,
    size: f32,
    scale: f32,
    current: Option<Line>,
    lines: Vec<Line>,
    /// The position moved since the last text shown: a word apart if the
    /// next text goes on the same line.
    moved: bool,
}

impl Walker {
    fn begin(&mut self) {
        self.y = 0.0;
        self.line_y = 0.0;
        if self.scale == 0.0 {
            self.scale = 1.0;
        }
    }

    fn move_to(&mut self, y: f32, scale: f32) {
        self.y = y;
        self.line_y = y;
        self.scale = scale;
        self.moved = true;
    }

    fn move_by(&mut self, dx: f32, dy: f32) {
        let scale = if self.scale == 0.0 { 1.0 } else { self.scale };
        self.line_y += dy * scale;
        self.y = self.line_y;
        self.moved |= dx != 0.0 || dy != 0.0;
    }

    fn next_line(&mut self) {
        let leading = if self.leading == 0.0 {
            self.size * 1.2
        } else {
            self.leading
        };
        self.move_by(0.0, -leading);
    }

    fn show(&mut self, text: &str) {
        if text.is_empty() {
            return;
        }
        let size = self.size.max(1.0) * if self.scale == 0.0 { 1.0 } else { self.scale };
        let moved = std::mem::take(&mut self.moved);
        match &mut self.current {
            Some(line) if (line.y - self.y).abs() < size * 0.5 => {
                if moved && !line.text.ends_with(' ') && !text.starts_with(' ') {
                    line.text.push(' ');
                }
                line.text.push_str(text);
            }
            _ => {
                if let Some(done) = self.current.take() {
                    self.lines.push(done);
                }
                self.current = Some(Line {
                    y: self.y,
                    size,
                    text: text.to_string(),
                });
            }
        }
    }

    fn finish(mut self) -> Vec<Line> {
        self.lines.extend(self.current.take());
        self.lines
            .into_iter()
            .map(|mut l| {
                l.text = l.text.split_whitespace().collect::<Vec<_>>().join(" ");
                l
            })
            .filter(|l| !l.text.is_empty())
            .collect()
    }
}

/// A line with its digits blurred, so "Page 3" and "Page 4" match.
fn shape(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_ascii_digit() { '#' } else { c })
        .collect::<String>()
        .to_lowercase()
}

/// A page number: "3", "- 3 -", "Page 3", "Page 3 of 12", "3/12", "iv".
fn is_page_number(text: &str) -> bool {
    let t = text
        .trim()
        .trim_matches(|c: char| c == '-' || c == '–' || c.is_whitespace());
    let lower = t.to_lowercase();
    let rest = lower.strip_prefix("page").map_or(lower.as_str(), str::trim);
    let digits_only = !rest.is_empty()
        && rest
            .split(|c: char| c == '/' || c.is_whitespace())
            .filter(|w| !w.is_empty() && *w != "of")
            .all(|w| w.chars().all(|c| c.is_ascii_digit()));
    let roman = !rest.is_empty() && rest.len() <= 6 && rest.chars().all(|c| "ivxlc".contains(c));
    digits_only || roman
}

/// Pages of lines → paragraphs of text, running heads and feet dropped.
pub fn layout(pages: Vec<Vec<Line>>) -> String {
    // Lines at a page's edges that recur on most pages are running heads.
    let mut seen: HashMap<String, usize> = HashMap::new();
    for page in &pages {
        let n = page.len();
        let mut shapes: Vec<String> = page
            .iter()
            .enumerate()
            .filter(|(i, _)| *i < EDGE_LINES || *i + EDGE_LINES >= n)
            .map(|(_, l)| shape(&l.text))
            .collect();
        shapes.sort();
        shapes.dedup();
        for s in shapes {
            *seen.entry(s).or_default() += 1;
        }
    }
    let running = |l: &Line| {
        let s = shape(&l.text);
        is_page_number(&l.text)
            || pages.len() >= 2
                && l.text.split_whitespace().count() <= RUNNING_WORDS
                && seen.get(&s).is_some_and(|&k| k * 2 > pages.len() && k >= 2)
    };
    let mut paras: Vec<String> = Vec::new();
    let mut para = String::new();
    let mut last_page_ended_open = false;
    for page in &pages {
        // Peel running lines off the top and the bottom of the page.
        let (mut start, mut end) = (0, page.len());
        while start < end && start < EDGE_LINES && running(&page[start]) {
            start += 1;
        }
        while end > start && page.len() - end < EDGE_LINES && running(&page[end - 1]) {
            end -= 1;
        }
        let kept = &page[start..end];
        let mut prev: Option<&Line> = None;
        for line in kept {
            let new_para = match prev {
                Some(p) => {
                    let gap = p.y - line.y;
                    let height = p.size.max(line.size).max(1.0) * 1.2;
                    gap > height * PARAGRAPH_GAP || gap < -height * 0.5 || p.size != line.size
                }
                // A page's first line goes on the paragraph the page
                // before left open (no full stop, a lower-case start).
                None => !(last_page_ended_open && starts_lower(&line.text)),
            };
            if new_para {
                push_para(&mut paras, &mut para);
            }
            join_line(&mut para, &line.text);
            prev = Some(line);
        }
        last_page_ended_open = !para.is_empty() && !ends_sentence(&para);
    }
    push_para(&mut paras, &mut para);
    paras.join("\n\n")
}

fn push_para(paras: &mut Vec<String>, para: &mut String) {
    if !para.trim().is_empty() {
        paras.push(para.trim().to_string());
    }
    para.clear();
}

fn starts_lower(text: &str) -> bool {
    text.chars().next().is_some_and(char::is_lowercase)
}

fn ends_sentence(text: &str) -> bool {
    text.trim_end()
        .ends_with(['.', '!', '?', ':', ';', '"', '”', '»', ')'])
}

/// Add a line to a paragraph: a hyphen between letters at the line's end
/// is undone when the next line goes on in lower case.
fn join_line(para: &mut String, line: &str) {
    if para.is_empty() {
        para.push_str(line);
        return;
    }
    let hyphenated = {
        let mut tail = para.chars().rev();
        matches!(tail.next(), Some('-' | '\u{ad}')) && tail.next().is_some_and(char::is_alphabetic)
    };
    if hyphenated && starts_lower(line) {
        para.pop();
        para.push_str(line);
    } else {
        para.push(' ');
        para.push_str(line);
    }
}

/// Title, Author and CreationDate of the Info dictionary, as hints.
fn info(doc: &Document) -> Hints {
    let mut h = Hints::default();
    let Some(dict) = doc
        .trailer
        .get(b"Info")
        .ok()
        .and_then(|o| doc.dereference(o).ok())
        .and_then(|(_, o)| o.as_dict().ok())
    else {
        return h;
    };
    let get = |key: &[u8]| {
        dict.get(key)
            .ok()
            .and_then(|o| doc.dereference(o).ok())
            .and_then(|(_, o)| lopdf::decode_text_string(o).ok())
    };
    // Tools write a file name or "Microsoft Word - x.docx" as the title.
    let title = get(b"Title").filter(|t| {
        let lower = t.to_lowercase();
        !(lower.starts_with("microsoft word")
            || lower.ends_with(".doc")
            || lower.ends_with(".docx")
            || lower.ends_with(".pdf"))
    });
    h.title = title.and_then(|t| Found::new(&t, "pdf Info /Title", Strength::Hint));
    h.author = get(b"Author").and_then(|a| Found::new(&a, "pdf Info /Author", Strength::Hint));
    h.date =
        get(b"CreationDate").and_then(|d| Found::new(&d, "pdf Info /CreationDate", Strength::Hint));
    h
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(y: f32, text: &str) -> Line {
        Line {
            y,
            size: 12.0,
            text: text.to_string(),
        }
    }

    #[test]
    fn layout_is_undone() {
        let page = |n: &str, w: &str| {
            vec![
                line(800.0, "A/AC.292/2023/1"),
                line(700.0, &format!("The working group met {w} times to dis-")),
                line(686.0, &format!("cuss the draft report {w}.")),
                line(650.0, &format!("A second paragraph begins {w}")),
                line(636.0, &format!("here {w}.")),
                line(50.0, n),
            ]
        };
        let text = layout(vec![
            page("1", "once"),
            page("2", "twice"),
            page("Page 3 of 3", "thrice"),
        ]);
        let paras: Vec<&str> = text.split("\n\n").collect();
        assert_eq!(paras.len(), 6, "{text}");
        assert_eq!(
            paras[0],
            "The working group met once times to discuss the draft report once."
        );
        assert_eq!(paras[1], "A second paragraph begins once here once.");
        assert!(!text.contains("A/AC.292"), "running head dropped");
        assert!(!text.contains("Page 3"), "page numbers dropped");
    }

    #[test]
    fn page_numbers() {
        for yes in ["3", "- 3 -", "Page 3", "page 3 of 12", "3/12", "iv"] {
            assert!(is_page_number(yes), "{yes}");
        }
        for no in ["3 December 2023", "Paragraph", "A/78/123"] {
            assert!(!is_page_number(no), "{no}");
        }
    }
}
