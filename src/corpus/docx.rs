//! Word files (`.docx`): a zip archive of XML, read with `zip` (deflate
//! only) and `quick-xml`. `word/document.xml` gives the paragraphs (one
//! per `w:p`, headings included, text of `w:t` runs only: no deleted text,
//! no field codes); `docProps/core.xml` gives title, author and created
//! date as hints that fill only what the text does not give. Each part is
//! inflated through a size cap, so a zip bomb cannot eat memory.

use std::io::{Cursor, Read as _};
use std::time::Instant;

use quick_xml::events::Event;

use super::hints::{Found, Hints, Strength};
use super::{Reading, RejectReason};

/// The most a part of the archive may inflate to.
pub const MAX_PART_BYTES: u64 = 64 * 1024 * 1024;

/// How many XML events are read between two looks at the clock.
const EVENTS_PER_CHECK: usize = 4096;

fn damaged(error: impl std::fmt::Display) -> RejectReason {
    RejectReason::Damaged {
        format: "Word file",
        error: error.to_string(),
    }
}

/// Read a `.docx` file.
pub fn read(bytes: &[u8], deadline: Instant) -> Result<Reading, RejectReason> {
    if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        // An OLE container: what Word writes for a password-protected file
        // (and for the old binary .doc).
        return Err(RejectReason::Encrypted);
    }
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(damaged)?;
    let document = part(&mut zip, "word/document.xml")?
        .ok_or_else(|| damaged("no word/document.xml in the archive"))?;
    let text = paragraphs(&document, deadline)?;
    let mut hints = Hints::default();
    if let Ok(Some(core)) = part(&mut zip, "docProps/core.xml") {
        core_properties(&core, &mut hints);
    }
    Ok(Reading {
        text,
        hints,
        encoding: "UTF-8",
        notes: Vec::new(),
    })
}

/// One part of the archive, inflated through [`MAX_PART_BYTES`].
fn part(
    zip: &mut zip::ZipArchive<Cursor<&[u8]>>,
    name: &str,
) -> Result<Option<Vec<u8>>, RejectReason> {
    let file = match zip.by_name(name) {
        Ok(file) => file,
        Err(zip::result::ZipError::FileNotFound) => return Ok(None),
        Err(zip::result::ZipError::UnsupportedArchive(why)) if why.contains("assword") => {
            return Err(RejectReason::Encrypted);
        }
        Err(e) => return Err(damaged(e)),
    };
    let mut out = Vec::new();
    file.take(MAX_PART_BYTES + 1)
        .read_to_end(&mut out)
        .map_err(damaged)?;
    if out.len() as u64 > MAX_PART_BYTES {
        return Err(damaged(format!(
            "{name} inflates to over {MAX_PART_BYTES} bytes"
        )));
    }
    Ok(Some(out))
}

/// The text of each `w:p`, blank lines between.
fn paragraphs(xml: &[u8], deadline: Instant) -> Result<String, RejectReason> {
    let mut reader = quick_xml::Reader::from_reader(xml);
    let mut buf = Vec::new();
    let mut paras: Vec<String> = Vec::new();
    let mut line = String::new();
    let mut in_text = false;
    let mut events = 0usize;
    loop {
        events += 1;
        if events.is_multiple_of(EVENTS_PER_CHECK) && Instant::now() > deadline {
            return Err(RejectReason::OverBudget { millis: 0 });
        }
        match reader.read_event_into(&mut buf).map_err(damaged)? {
            Event::Start(e) => match e.name().as_ref() {
                b"w:t" => in_text = true,
                b"w:p" => line.clear(),
                _ => {}
            },
            Event::Empty(e) => match e.name().as_ref() {
                b"w:tab" | b"w:br" | b"w:cr" => line.push(' '),
                _ => {}
            },
            Event::End(e) => match e.name().as_ref() {
                b"w:t" => in_text = false,
                b"w:p" => {
                    let p = line.split_whitespace().collect::<Vec<_>>().join(" ");
                    if !p.is_empty() {
                        paras.push(p);
                    }
                    line.clear();
                }
                _ => {}
            },
            Event::Text(t) if in_text => line.push_str(&t.decode().map_err(damaged)?),
            Event::GeneralRef(r) if in_text => line.push_str(&entity(&r)),
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    Ok(paras.join("\n\n"))
}

/// `&amp;` and the other XML entities, and character references.
fn entity(r: &quick_xml::events::BytesRef) -> String {
    if let Ok(Some(c)) = r.resolve_char_ref() {
        return c.to_string();
    }
    match r.decode().as_deref() {
        Ok("amp") => "&",
        Ok("lt") => "<",
        Ok("gt") => ">",
        Ok("quot") => "\"",
        Ok("apos") => "'",
        _ => "",
    }
    .to_string()
}

/// `dc:title`, `dc:creator` and `dcterms:created` of `docProps/core.xml`.
fn core_properties(xml: &[u8], hints: &mut Hints) {
    let mut reader = quick_xml::Reader::from_reader(xml);
    let mut buf = Vec::new();
    let mut current: Option<&'static str> = None;
    let mut value = String::new();
    loop {
        match reader.read_event_into(&mut buf) {
            Ok(Event::Start(e)) => {
                current = match e.name().as_ref() {
                    b"dc:title" => Some("title"),
                    b"dc:creator" => Some("creator"),
                    b"dcterms:created" => Some("created"),
                    _ => None,
                };
                value.clear();
            }
            Ok(Event::Text(t)) if current.is_some() => {
                value.push_str(&t.decode().unwrap_or_default());
            }
            Ok(Event::GeneralRef(r)) if current.is_some() => value.push_str(&entity(&r)),
            Ok(Event::End(_)) => {
                let from = |k: &str| format!("docx core {k}");
                match current.take() {
                    Some("title") => Hints::offer(
                        &mut hints.title,
                        Found::new(&value, from("title"), Strength::Hint),
                    ),
                    Some("creator") => Hints::offer(
                        &mut hints.author,
                        Found::new(&value, from("creator"), Strength::Hint),
                    ),
                    Some(_) => Hints::offer(
                        &mut hints.date,
                        Found::new(&value, from("created"), Strength::Hint),
                    ),
                    None => {}
                }
            }
            Ok(Event::Eof) | Err(_) => break,
            _ => {}
        }
        buf.clear();
    }
}
