//! Saved web pages (`.html`, `.htm`): parsed by html5ever (through
//! `scraper`), never by patterns over markup. What the page says of itself
//! comes first ([`Hints`]: JSON-LD, `og:`/`article:`/`citation_*` meta
//! tags, `<meta name="author">`, `<time datetime>`, `<link
//! rel="canonical">`). The text is the page's main content (`<main>`, a
//! `role="main"`, the longest `<article>`, else the body) without
//! scripts, styles, templates, hidden elements, comments, forms and
//! navigation landmarks (nav, aside, the page's own header and footer,
//! `role="navigation"`/`banner`/`contentinfo`/`complementary`/`search`,
//! share bars, breadcrumbs, related links). Block elements become
//! paragraphs, for the project's cleaner and extractor to read as text.

use std::time::Instant;

use ego_tree::iter::Edge;
use scraper::{ElementRef, Html, Node, Selector};
use serde_json::Value;

use super::hints::{Found, Hints, Strength};
use super::{Reading, RejectReason, decode};

/// JSON-LD types whose fields describe the page's story.
const ARTICLE_TYPES: [&str; 12] = [
    "Article",
    "NewsArticle",
    "Report",
    "ReportageNewsArticle",
    "AnalysisNewsArticle",
    "OpinionNewsArticle",
    "BackgroundNewsArticle",
    "BlogPosting",
    "ScholarlyArticle",
    "PressRelease",
    "SpeechObject",
    "GovernmentPublication",
];

/// Elements whose content is never text of the page.
const NEVER_TEXT: [&str; 20] = [
    "head", "script", "style", "noscript", "template", "svg", "math", "iframe", "object", "embed",
    "canvas", "form", "button", "select", "textarea", "input", "nav", "aside", "menu", "dialog",
];

/// Landmark roles that are not the story.
const FURNITURE_ROLES: [&str; 9] = [
    "navigation",
    "banner",
    "contentinfo",
    "complementary",
    "search",
    "menu",
    "menubar",
    "dialog",
    "alertdialog",
];

/// Class or id words of page furniture (whole words of `share-bar`,
/// `related_links`, ...).
const FURNITURE_WORDS: [&str; 17] = [
    "share",
    "sharing",
    "social",
    "related",
    "breadcrumb",
    "breadcrumbs",
    "cookie",
    "cookies",
    "newsletter",
    "skip",
    "sidebar",
    "advert",
    "advertisement",
    "ad",
    "ads",
    "promo",
    "subscribe",
];

/// Elements that end a paragraph.
const BLOCKS: [&str; 33] = [
    "p",
    "div",
    "section",
    "article",
    "main",
    "header",
    "footer",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "ul",
    "ol",
    "dl",
    "dt",
    "dd",
    "blockquote",
    "pre",
    "figure",
    "figcaption",
    "table",
    "tr",
    "address",
    "hr",
    "br",
    "center",
    "details",
    "summary",
    "caption",
    "time",
];

/// Read a saved web page.
pub fn read(bytes: &[u8], _deadline: Instant) -> Result<Reading, RejectReason> {
    let decoded = decode::decode(bytes)?;
    let page = Html::parse_document(&decoded.text);
    let hints = hints(&page);
    let text = main_text(&page);
    Ok(Reading {
        text,
        hints,
        encoding: decoded.encoding,
        notes: decoded.note.into_iter().collect(),
    })
}

fn selector(css: &str) -> Selector {
    // The selectors are constants of this file, checked by its tests.
    Selector::parse(css).unwrap_or_else(|_| Selector::parse("*").expect("`*` parses"))
}

/// What the page says of itself, best sources first.
pub fn hints(page: &Html) -> Hints {
    let mut h = Hints::default();
    let stated = |v: &str, from: &str| Found::new(v, from, Strength::Stated);
    for script in page.select(&selector(r#"script[type="application/ld+json"]"#)) {
        let json: String = script.text().collect();
        let Ok(value) = serde_json::from_str::<Value>(&json) else {
            continue;
        };
        let mut items = Vec::new();
        collect_articles(&value, &mut items, 0);
        for item in items {
            let field = |k: &str| item.get(k).and_then(name_of);
            Hints::offer(
                &mut h.title,
                field("headline").and_then(|v| stated(&v, "json-ld headline")),
            );
            Hints::offer(
                &mut h.date,
                field("datePublished").and_then(|v| stated(&v, "json-ld datePublished")),
            );
            Hints::offer(
                &mut h.author,
                field("author").and_then(|v| stated(&v, "json-ld author")),
            );
            Hints::offer(
                &mut h.publisher,
                field("publisher").and_then(|v| stated(&v, "json-ld publisher")),
            );
            Hints::offer(
                &mut h.url,
                field("url").and_then(|v| stated(&v, "json-ld url")),
            );
        }
    }
    let meta = |key: &str| -> Option<String> {
        let css = format!(r#"meta[property="{key}"], meta[name="{key}"]"#);
        let all: Vec<String> = page
            .select(&selector(&css))
            .filter_map(|m| m.value().attr("content"))
            .map(str::trim)
            .filter(|c| !c.is_empty())
            .map(str::to_string)
            .collect();
        (!all.is_empty()).then(|| all.join("; "))
    };
    for key in ["citation_title", "og:title", "dc.title"] {
        Hints::offer(
            &mut h.title,
            meta(key).and_then(|v| stated(&v, &format!("meta {key}"))),
        );
    }
    for key in [
        "article:published_time",
        "citation_publication_date",
        "citation_date",
        "dc.date",
        "date",
    ] {
        Hints::offer(
            &mut h.date,
            meta(key).and_then(|v| stated(&v, &format!("meta {key}"))),
        );
    }
    for key in ["citation_author", "author", "article:author"] {
        Hints::offer(
            &mut h.author,
            meta(key).and_then(|v| stated(&v, &format!("meta {key}"))),
        );
    }
    for key in ["og:site_name", "citation_publisher"] {
        Hints::offer(
            &mut h.publisher,
            meta(key).and_then(|v| stated(&v, &format!("meta {key}"))),
        );
    }
    let time = page
        .select(&selector("time[datetime]"))
        .filter_map(|t| t.value().attr("datetime"))
        .next();
    Hints::offer(&mut h.date, time.and_then(|v| stated(v, "<time datetime>")));
    let canonical = page
        .select(&selector(r#"link[rel~="canonical"]"#))
        .filter_map(|l| l.value().attr("href"))
        .next();
    let canonical = canonical.and_then(|v| stated(v, "link rel=canonical"));
    // The canonical link names the page better than JSON-LD's `url`.
    if canonical.is_some() {
        h.url = canonical;
    }
    Hints::offer(
        &mut h.url,
        meta("og:url").and_then(|v| stated(&v, "meta og:url")),
    );
    h
}

/// JSON-LD objects of an article type, in document order (also inside
/// `@graph` and arrays), a few levels deep at most.
fn collect_articles<'a>(v: &'a Value, out: &mut Vec<&'a Value>, depth: usize) {
    if depth > 4 {
        return;
    }
    match v {
        Value::Array(items) => {
            for i in items {
                collect_articles(i, out, depth + 1);
            }
        }
        Value::Object(map) => {
            let is_article = match map.get("@type") {
                Some(Value::String(t)) => ARTICLE_TYPES.contains(&t.as_str()),
                Some(Value::Array(ts)) => ts
                    .iter()
                    .any(|t| t.as_str().is_some_and(|t| ARTICLE_TYPES.contains(&t))),
                _ => false,
            };
            if is_article {
                out.push(v);
            }
            if let Some(graph) = map.get("@graph") {
                collect_articles(graph, out, depth + 1);
            }
        }
        _ => {}
    }
}

/// A JSON-LD value as text: a string, an object's `name`, or a list of
/// them joined.
fn name_of(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Object(map) => map.get("name").and_then(name_of),
        Value::Array(items) => {
            let names: Vec<String> = items.iter().take(20).filter_map(name_of).collect();
            (!names.is_empty()).then(|| names.join("; "))
        }
        _ => None,
    }
}

/// The visible main text, a paragraph per block, separated by blank lines.
pub fn main_text(page: &Html) -> String {
    let root = main_root(page);
    let mut out = Text::default();
    let mut skipping: Option<ego_tree::NodeId> = None;
    let mut pre = 0usize;
    for edge in root.traverse() {
        match edge {
            Edge::Open(node) => {
                if skipping.is_some() {
                    continue;
                }
                match node.value() {
                    Node::Text(t) => out.push_text(t, pre > 0),
                    Node::Element(e) => {
                        let el = ElementRef::wrap(node);
                        if el.is_some_and(|el| el != root && is_furniture(el)) {
                            skipping = Some(node.id());
                            continue;
                        }
                        let name = e.name();
                        if name == "pre" {
                            pre += 1;
                        }
                        if BLOCKS.contains(&name) {
                            out.break_paragraph();
                        } else if name == "td" || name == "th" {
                            out.push_text(" ", false);
                        }
                    }
                    _ => {}
                }
            }
            Edge::Close(node) => {
                if skipping == Some(node.id()) {
                    skipping = None;
                    continue;
                }
                if skipping.is_some() {
                    continue;
                }
                if let Node::Element(e) = node.value() {
                    if e.name() == "pre" {
                        pre = pre.saturating_sub(1);
                    }
                    if BLOCKS.contains(&e.name()) {
                        out.break_paragraph();
                    }
                }
            }
        }
    }
    out.finish()
}

/// `<main>` or `role="main"` if the page has one, else its longest
/// `<article>`, else the body.
fn main_root(page: &Html) -> ElementRef<'_> {
    let visible = |e: &ElementRef| !is_hidden(*e);
    if let Some(m) = page
        .select(&selector(r#"main, [role="main"]"#))
        .find(visible)
    {
        return m;
    }
    let longest = page
        .select(&selector("article"))
        .filter(visible)
        .max_by_key(|a| a.text().map(str::len).sum::<usize>());
    if let Some(a) = longest {
        return a;
    }
    page.select(&selector("body"))
        .next()
        .unwrap_or_else(|| page.root_element())
}

/// Hidden from readers: `hidden`, `aria-hidden="true"`, an inline
/// `display: none` or `visibility: hidden`.
fn is_hidden(el: ElementRef) -> bool {
    let e = el.value();
    if e.attr("hidden").is_some() || e.attr("aria-hidden").is_some_and(|v| v.trim() == "true") {
        return true;
    }
    e.attr("style").is_some_and(|style| {
        let s: String = style
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect::<String>()
            .to_ascii_lowercase();
        s.contains("display:none") || s.contains("visibility:hidden")
    })
}

/// Never the story: see the module docs.
fn is_furniture(el: ElementRef) -> bool {
    let e = el.value();
    let name = e.name();
    if NEVER_TEXT.contains(&name) || is_hidden(el) {
        return true;
    }
    if e.attr("role")
        .is_some_and(|r| FURNITURE_ROLES.contains(&r.trim().to_ascii_lowercase().as_str()))
    {
        return true;
    }
    // The page's own header and footer, not an article's.
    if (name == "header" || name == "footer")
        && !el.ancestors().filter_map(ElementRef::wrap).any(|a| {
            matches!(a.value().name(), "article" | "main" | "section")
                || a.value().attr("role") == Some("main")
        })
    {
        return true;
    }
    let words = [e.attr("class"), e.id()]
        .into_iter()
        .flatten()
        .flat_map(|v| v.split(|c: char| c.is_whitespace() || c == '-' || c == '_'))
        .map(str::to_ascii_lowercase);
    for w in words {
        if FURNITURE_WORDS.contains(&w.as_str()) {
            return true;
        }
    }
    false
}

/// Paragraphs being built: inline whitespace collapsed, blocks apart.
#[derive(Default)]
struct Text {
    paras: Vec<String>,
    line: String,
}

impl Text {
    fn push_text(&mut self, t: &str, pre: bool) {
        if pre {
            for (i, part) in t.split('\n').enumerate() {
                if i > 0 {
                    self.line.push('\n');
                }
                self.line.push_str(part);
            }
            return;
        }
        let starts_space = t.starts_with(char::is_whitespace);
        let ends_space = t.ends_with(char::is_whitespace);
        let words: Vec<&str> = t.split_whitespace().collect();
        if words.is_empty() {
            if !t.is_empty() && !self.line.ends_with(' ') && !self.line.is_empty() {
                self.line.push(' ');
            }
            return;
        }
        if starts_space && !self.line.is_empty() && !self.line.ends_with(' ') {
            self.line.push(' ');
        }
        self.line.push_str(&words.join(" "));
        if ends_space {
            self.line.push(' ');
        }
    }

    fn break_paragraph(&mut self) {
        let p = self.line.trim();
        if !p.is_empty() {
            self.paras.push(p.to_string());
        }
        self.line.clear();
    }

    fn finish(mut self) -> String {
        self.break_paragraph();
        let mut text = self.paras.join("\n\n");
        text.push('\n');
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(html: &str) -> String {
        main_text(&Html::parse_document(html))
    }

    #[test]
    fn blocks_are_paragraphs_and_furniture_is_gone() {
        let t = text(
            "<body><nav>Menu</nav><div><h1>Head</h1><p>One <b>bold</b>\n  word.</p>\
             <p hidden>Gone</p><!-- note --><script>x()</script><p>Two</p></div>\
             <footer>Foot</footer></body>",
        );
        assert_eq!(t, "Head\n\nOne bold word.\n\nTwo\n");
    }

    #[test]
    fn json_ld_comes_before_meta_tags() {
        let page = Html::parse_document(
            r#"<head><meta property="og:title" content="OG">
            <script type="application/ld+json">{"@graph":[{"@type":"WebSite"},
            {"@type":["NewsArticle"],"headline":"LD","author":[{"name":"A"},{"name":"B"}]}]}
            </script><link rel="canonical" href="https://x.example/a"></head>"#,
        );
        let h = hints(&page);
        let title = h.title.expect("title");
        assert_eq!(
            (title.value.as_str(), title.from.as_str()),
            ("LD", "json-ld headline")
        );
        assert_eq!(h.author.expect("author").value, "A; B");
        assert_eq!(h.url.expect("url").from, "link rel=canonical");
    }
}
