//! The outlet that published a page, from the evidence pages leave: site
//! domains in the header, dateline credits (`(Reuters) -`, `/TASS/`),
//! bylines ("for RT") and cross-promotion ("ALSO ON RT.COM"). Outlets a
//! person merely "told" are interview partners, not the source.

use std::collections::HashMap;
use std::sync::LazyLock;

use regex::Regex;

use super::byline::Byline;
use super::gazetteer::Gazetteer;
use super::layout::Para;

/// Header lines this close to the top may carry the site's own domain.
const HEADER_PARAS: usize = 4;

struct Patterns {
    wire: Regex,
    han_dateline: Regex,
    credit_tail: Regex,
    list_tag: Regex,
    paren_credit: Regex,
    domain: Regex,
    also_on: Regex,
    told: Regex,
    dateline_credit: Regex,
}

static RE: LazyLock<Patterns> = LazyLock::new(|| {
    Patterns {
    // "/TASS/.", "/ТАСС/", "/وام/": a wire between slashes, in any script.
    wire: Regex::new(r"/\s*(\p{Lu}[\p{L}\-]{1,20}|\p{Lo}[\p{Lo}\p{M} ]{1,20})\s*/").expect("static"),
    // "新华社北京3月5日电": a Chinese wire's dateline, agency first.
    han_dateline: Regex::new(r"^[（(]?\s*(\p{Han}{2,8}?社)\p{Han}{2,6}\s*\d{1,2}\s*月\s*\d{1,2}\s*日\s*(?:电|讯)").expect("static"),
    // "… online. Source: Harbour Review", "Источник: ТАСС": a credit ending a line.
    credit_tail: Regex::new(r"(?:^|[.!?]\s+)(?:Source|Sources|Quelle|Fuente|Источник|来源|المصدر)\s*[:：]\s*([^\n.;|:]{2,40}?)\s*$").expect("static"),
    // "[CyberWatch] Ministers meet in Oslo": a mailing list's subject tag.
    list_tag: Regex::new(r"^\[([A-Za-z][A-Za-z0-9_-]{1,19})\]\s+\S").expect("static"),
    // "MOSCOW (UrduPoint News / Sputnik - 10th December, 2022)", "(Reuters) -", "(Xinhua) --"
    paren_credit: Regex::new(r"^[^()]{0,60}\(([A-Z][^()]{1,60}?)\)").expect("static"),
    domain: Regex::new(
        r"(?i)\b((?:[a-z0-9-]+\.)+(?:com|org|net|ru|cn|int|gov|uk|pk|in|de|fr|io|news|info|eu))\b",
    )
    .expect("static"),
    also_on: Regex::new(r"^(?:ALSO ON|READ MORE ON|MORE ON)\s+([A-Z0-9.]+)").expect("static"),
    told: Regex::new(r"(?i)\b(?:told|to|interview with|speaking to|said to)\s+$").expect("static"),
    // "TOKYO, May 11 (Jiji Press) --": a wire's credit in a dateline,
    // whether or not the gazetteer knows the wire.
    dateline_credit: Regex::new(
        r"(?:^[A-Z][A-Za-z.'-]+(?:\s+[A-Z][A-Za-z.'-]+){0,3}|(?-u:\b)[A-Z]{2,}(?:\s+[A-Z]{2,}){0,2}),\s+[^()]{1,40}?\(([A-Z][A-Za-z.&' -]{1,30})\)\s*(?:--|-|–|—|:)",
    )
    .expect("static"),
}
});

/// Header and footer lines where a site names itself.
const EDGE_PARAS: usize = 8;
const EDGE_LINE_WORDS: usize = 8;
// A site naming itself outranks the wire it relays ("(AFP)").
const W_SITE_NAME: u32 = 6;
const W_FOOTER: u32 = 2;

/// "© 2023 CGTN. All rights reserved" → "CGTN. All rights reserved";
/// "Source: Xinhua" → "Xinhua".
fn strip_credit_prefix(text: &str) -> &str {
    let mut t = text.trim();
    for prefix in ["Source:", "Copyright", "©", "(c)", "(C)"] {
        if let Some(rest) = t.strip_prefix(prefix) {
            t = rest.trim_start();
        }
    }
    t.trim_start_matches(|c: char| c.is_ascii_digit() || c == '-' || c == ' ' || c == '©')
}

/// Evidence weights: a dateline credit outranks a passing domain.
const W_CREDIT: u32 = 5;
const W_HEADER_DOMAIN: u32 = 5;
const W_BYLINE: u32 = 4;
const W_ALSO_ON: u32 = 3;
const W_DOMAIN: u32 = 1;
/// "Headline | Site": weaker than a credit, stronger than a passing domain.
const W_TITLE_SITE: u32 = 3;
/// Longest name taken as an outlet the gazetteer does not know.
const MAX_UNKNOWN_OUTLET_WORDS: usize = 5;

/// `site`: the name after the headline ("Headline | Site"), if any.
pub fn find(
    paras: &[Para],
    byline: Option<&Byline>,
    site: Option<&str>,
    gaz: &Gazetteer,
) -> Option<String> {
    let mut votes: HashMap<String, (u32, usize)> = HashMap::new();
    let mut order = 0usize;
    let mut vote = |name: String, weight: u32| {
        order += 1;
        let e = votes.entry(name).or_insert((0, order));
        e.0 += weight;
    };
    if let Some(outlet) = byline.and_then(|b| b.outlet.as_deref()) {
        vote(canonical(outlet, gaz), W_BYLINE);
    }
    if let Some(site) = site {
        vote(canonical(site, gaz), W_TITLE_SITE);
    }
    let last = paras.len().saturating_sub(EDGE_PARAS);
    for (i, p) in paras.iter().enumerate() {
        let text = p.text.as_str();
        // Site names in the header or footer: "Anadolu Agency", "© 2023 CGTN",
        // "Source: Xinhua".
        if (i < EDGE_PARAS || i >= last) && p.words <= EDGE_LINE_WORDS {
            let stripped = strip_credit_prefix(text);
            if let Some(o) = outlet_in(stripped, gaz) {
                vote(
                    o,
                    if i < EDGE_PARAS {
                        W_SITE_NAME
                    } else {
                        W_FOOTER
                    },
                );
            } else if let Some(name) = copyright_holder(text, stripped) {
                vote(name, W_FOOTER);
            }
        }
        if let Some(c) = text
            .contains('(')
            .then(|| RE.dateline_credit.captures(text))
            .flatten()
            && gaz.country(c[1].trim()).is_none()
            && c[1].split_whitespace().count() <= MAX_UNKNOWN_OUTLET_WORDS
        {
            match outlet_in(&c[1], gaz) {
                None => vote(c[1].trim().to_string(), W_CREDIT),
                // A known wire is voted by the paren credit below, unless a
                // bracket before the dateline hides it from that pattern
                // ("(Portal- Harbour Wire (HW)) DOHA, May 3 (HW) --").
                Some(o) if !RE.paren_credit.is_match(text) => vote(o, W_CREDIT),
                Some(_) => {}
            }
        }
        // Each pattern runs only where its required character occurs.
        if let Some(c) = text
            .contains('(')
            .then(|| RE.paren_credit.captures(text))
            .flatten()
        {
            // "UrduPoint News / Sputnik - 10th December, 2022": the first
            // name is the publisher, later ones the wire it relays.
            let inner = c[1].split(" - ").next().unwrap_or(&c[1]);
            for (k, part) in inner.split('/').enumerate() {
                if let Some(o) = outlet_in(part, gaz) {
                    vote(o, if k == 0 { W_CREDIT } else { 1 });
                }
            }
        }
        for c in RE
            .wire
            .captures_iter(if text.contains('/') { text } else { "" })
        {
            let name = c[1].trim();
            let whole = c.get(0).expect("match");
            // "UNIC/PR/2291" is a document symbol, not a credit: a wire's
            // slashes stand apart from the words around them.
            let apart = text[..whole.start()]
                .chars()
                .next_back()
                .is_none_or(char::is_whitespace)
                && text[whole.end()..]
                    .chars()
                    .next()
                    .is_none_or(|ch| !ch.is_alphanumeric());
            if !apart {
                continue;
            }
            if let Some(o) = gaz.outlet(name) {
                vote(o.name.clone(), W_CREDIT);
            } else if i < DATELINE_PARAS
                && c.get(0).is_some_and(|m| m.start() < DATELINE_CHARS)
                && !name.chars().any(|ch| ch.is_ascii_lowercase())
                && gaz.country(name).is_none()
            {
                // A wire the gazetteer does not know, credited in the
                // dateline as wires are: "/BTA/", "/وام/".
                vote(name.to_string(), W_CREDIT);
            }
        }
        if i < DATELINE_PARAS
            && let Some(c) = RE.han_dateline.captures(text)
        {
            vote(canonical(&c[1], gaz), W_CREDIT);
        }
        if let Some(c) = (text.contains(':') || text.contains('：'))
            .then(|| RE.credit_tail.captures(text))
            .flatten()
        {
            let name = c[1].trim();
            let known = outlet_in(name, gaz);
            let plausible = (1..=MAX_UNKNOWN_OUTLET_WORDS)
                .contains(&name.split_whitespace().count())
                && name
                    .chars()
                    .next()
                    .is_some_and(|ch| ch.is_uppercase() || ch.is_numeric() || !ch.is_ascii());
            if let Some(o) = known {
                vote(o, W_SITE_NAME);
            } else if plausible && !is_picture_agency(name) {
                vote(name.to_string(), W_SITE_NAME);
            }
        }
        if let Some(c) = RE.also_on.captures(text)
            && let Some(o) = outlet_in(&c[1], gaz)
        {
            vote(o, W_ALSO_ON);
        }
        for m in RE
            .domain
            .find_iter(if may_name_domain(text) { text } else { "" })
        {
            if RE.told.is_match(&text[..m.start()]) {
                continue;
            }
            if let Some(o) = outlet_by_domain(m.as_str(), gaz) {
                let w = if i < HEADER_PARAS {
                    W_HEADER_DOMAIN
                } else {
                    W_DOMAIN
                };
                vote(o.name.clone(), w);
            }
        }
    }
    if let Some(issuer) = release_issuer(paras) {
        vote(canonical(&issuer, gaz), W_SITE_NAME);
    }
    if let Some(list) = list_name(paras) {
        vote(canonical(&list, gaz), W_SITE_NAME);
    }
    if let Some(o) = letterhead(paras, gaz) {
        vote(o, W_SITE_NAME);
    }
    for o in super::imprint::publishers(paras, gaz) {
        vote(o, W_SITE_NAME);
    }
    votes
        .into_iter()
        .max_by(|a, b| a.1.0.cmp(&b.1.0).then(b.1.1.cmp(&a.1.1)))
        .map(|(name, _)| name)
}

/// Whether `text` has a period directly followed by a letter, as every
/// match of the domain pattern does (`example.com`; `(?i)` letters include
/// the Kelvin sign and long s, which are letters too).
fn may_name_domain(text: &str) -> bool {
    text.match_indices('.').any(|(i, _)| {
        text[i + 1..]
            .chars()
            .next()
            .is_some_and(char::is_alphabetic)
    })
}

/// The gazetteer outlet named by a credit fragment ("UrduPoint News",
/// "RT.COM"), trying the whole fragment, then its domain, then its words.
fn outlet_in(fragment: &str, gaz: &Gazetteer) -> Option<String> {
    let f = fragment
        .trim()
        .trim_matches(|c: char| !c.is_alphanumeric() && c != '.');
    if let Some(o) = gaz.outlet(f) {
        return Some(o.name.clone());
    }
    let words: Vec<&str> = f
        .split(|c: char| c.is_whitespace() || c == '|' || c == '·')
        .filter(|w| !w.is_empty())
        .map(|w| w.trim_end_matches(['.', ',', ':']))
        .collect();
    for n in (1..=words.len().min(5)).rev() {
        if let Some(o) = gaz.outlet(&words[..n].join(" ")) {
            return Some(o.name.clone());
        }
    }
    None
}

/// The outlet a domain or one of its parents belongs to
/// ("bookstore.harbour.org" is harbour.org's).
fn outlet_by_domain<'g>(
    domain: &str,
    gaz: &'g Gazetteer,
) -> Option<&'g super::gazetteer::OutletEntry> {
    let mut d = domain;
    loop {
        if let Some(o) = gaz.outlet(d) {
            return Some(o);
        }
        let (_, parent) = d.split_once('.')?;
        // Stop at the registrable part: "gov", "co.uk" name no outlet.
        if !parent.contains('.') {
            return None;
        }
        d = parent;
    }
}

/// Picture agencies: "Source: Getty" under a photograph credits the
/// picture, never the page.
fn is_picture_agency(name: &str) -> bool {
    let lower = name.to_lowercase();
    [
        "getty",
        "shutterstock",
        "istock",
        "alamy",
        "epa",
        "unsplash",
        "flickr",
    ]
    .iter()
    .any(|a| lower.split(|c: char| !c.is_alphanumeric()).any(|w| w == *a))
}

/// A dateline's credit sits in the first paragraphs, near their start.
const DATELINE_PARAS: usize = 3;
const DATELINE_CHARS: usize = 80;

/// Navigation a mailing-list archive puts above each message.
const LIST_ARCHIVE_NAV: &[&str] = &["Date Prev", "Thread Prev", "Date Index", "Thread Index"];

/// "[CyberWatch] Ministers meet in Oslo" under a list archive's "[Date Prev]
/// [Date Next]": the message went out on the list the tag names.
fn list_name(paras: &[Para]) -> Option<String> {
    let top = &paras[..paras.len().min(EDGE_PARAS)];
    if !top
        .iter()
        .any(|p| LIST_ARCHIVE_NAV.iter().any(|n| p.text.contains(n)))
    {
        return None;
    }
    top.iter()
        .find_map(|p| RE.list_tag.captures(p.text.trim()))
        .map(|c| c[1].to_string())
        .filter(|tag| !LIST_ARCHIVE_NAV.iter().any(|n| n.starts_with(tag.as_str())))
}

/// A ministry's letterhead over two lines ("Ministry of Foreign Affairs" /
/// "People's Republic of China"): the outlet the two name together.
fn letterhead(paras: &[Para], gaz: &Gazetteer) -> Option<String> {
    let top = &paras[..paras.len().min(EDGE_PARAS)];
    top.windows(2).find_map(|w| {
        let (a, b) = (w[0].text.trim(), w[1].text.trim());
        if !(w[0].words <= EDGE_LINE_WORDS && w[1].words <= EDGE_LINE_WORDS) {
            return None;
        }
        [" of the ", " of "]
            .iter()
            .find_map(|of| gaz.outlet(&format!("{a}{of}{b}")).map(|o| o.name.clone()))
    })
}

/// Lines that head an institution's release, under the institution's name.
const RELEASE_MARKERS: &[&str] = &[
    "for immediate release",
    "office of the press secretary",
    "office of the spokesperson",
    "press release",
    "media note",
    "press statement",
    "news release",
];

/// "The White House / Office of the Press Secretary / For Immediate
/// Release": the short line above a release's marker lines names who
/// issued it.
fn release_issuer(paras: &[Para]) -> Option<String> {
    let is_marker = |p: &Para| {
        p.words <= 6 && {
            let lower = p.text.to_lowercase();
            RELEASE_MARKERS
                .iter()
                .any(|m| lower.trim_end_matches('.') == *m)
        }
    };
    let first = paras.iter().take(EDGE_PARAS + 4).position(is_marker)?;
    paras[..first]
        .iter()
        .rev()
        .take(2)
        .find(|p| {
            (1..=6).contains(&p.words)
                && p.text.chars().next().is_some_and(char::is_uppercase)
                && !super::text::ends_sentence(&p.text)
                && !super::date::has_full_date(&p.text)
        })
        .map(|p| p.text.trim().to_string())
}

/// "© 2024 Harbour Review. All rights reserved." → "Harbour Review": the
/// holder a copyright line names, when the gazetteer does not know it.
/// `stripped` is the line without its "©" and year.
fn copyright_holder(text: &str, stripped: &str) -> Option<String> {
    let t = text.trim_start();
    if !(t.starts_with('©') || t.starts_with("Copyright") || t.starts_with("(c)")) {
        return None;
    }
    let name = stripped
        .split(['.', ',', ';', '|'])
        .next()?
        .split(" All rights")
        .next()?
        .trim();
    let n = name.split_whitespace().count();
    ((1..=MAX_UNKNOWN_OUTLET_WORDS).contains(&n)
        && name.chars().next().is_some_and(char::is_uppercase))
    .then(|| name.to_string())
}

/// A byline outlet: canonical if known, else as written.
fn canonical(outlet: &str, gaz: &Gazetteer) -> String {
    outlet_in(outlet, gaz).unwrap_or_else(|| outlet.trim().to_string())
}
