//! `NAME.url` beside a document `NAME.txt`, `NAME.pdf`, ... (or
//! `NAME.pdf.url`) says where the document was published: one line holding
//! the URL, or a Windows Internet Shortcut (`URL=` under
//! `[InternetShortcut]`). A sidecar belongs to its document: it is neither
//! a document nor rejected (one with no document beside it is rejected).

use rustc_hash::FxHashSet as HashSet;
use std::path::Path;

use super::Document;
use super::hints::{Found, Strength};

/// A sidecar's extension.
pub const EXTENSION: &str = "url";

/// Sidecars are a few lines; more is not read.
const MAX_SIDECAR_BYTES: usize = 4096;

/// Whether `rel` is a sidecar name (`….url`).
pub fn is_sidecar(rel: &str) -> bool {
    rel.rsplit_once('.')
        .is_some_and(|(_, e)| e.eq_ignore_ascii_case(EXTENSION))
}

/// The documents a sidecar `rel` could belong to: `a/b.url` belongs to
/// `a/b.*` and `a/b.pdf.url` to `a/b.pdf`.
fn owner_stem(rel: &str) -> &str {
    rel.rsplit_once('.').map_or(rel, |(stem, _)| stem)
}

/// The names sidecars can belong to, of the files found: each document's
/// name and its name without the extension.
pub fn owners<'a>(rels: impl Iterator<Item = &'a str>) -> HashSet<&'a str> {
    rels.filter(|r| !is_sidecar(r))
        .flat_map(|r| [r, owner_stem(r)])
        .collect()
}

/// Whether the sidecar `rel` belongs to one of `owners` ([`owners`]).
pub fn has_owner(rel: &str, owners: &HashSet<&str>) -> bool {
    owners.contains(owner_stem(rel))
}

/// Read the sidecar of `doc`, if it has one, into its hints.
pub fn attach(doc: &mut Document, real_root: &Path) {
    let Some(name) = doc
        .path
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
    else {
        return;
    };
    let stem = name.rsplit_once('.').map_or(name.as_str(), |(s, _)| s);
    let dir_rel = doc.file.rsplit_once('/').map(|(d, _)| d);
    for candidate in [format!("{name}.{EXTENSION}"), format!("{stem}.{EXTENSION}")] {
        let path = doc.path.with_file_name(&candidate);
        if !path.is_file() {
            continue;
        }
        let rel = dir_rel.map_or(candidate.clone(), |d| format!("{d}/{candidate}"));
        match super::open::read_in(&path, real_root) {
            Ok(bytes) => {
                let text = String::from_utf8_lossy(&bytes[..bytes.len().min(MAX_SIDECAR_BYTES)])
                    .to_string();
                match url_of(&text) {
                    Some(u) => {
                        doc.hints.url = Found::new(&u, format!("sidecar {rel}"), Strength::Stated)
                            .or(doc.hints.url.take());
                    }
                    None => doc
                        .notes
                        .push(format!("sidecar {rel} holds no URL; ignored")),
                }
            }
            Err(e) => doc.notes.push(format!("sidecar {rel} cannot be read: {e}")),
        }
        doc.sidecars.push(rel);
        return;
    }
}

/// The URL a sidecar holds: its `URL=` line, else its first non-empty line
/// that is not a section header.
pub fn url_of(text: &str) -> Option<String> {
    let lines = text.lines().map(str::trim).filter(|l| !l.is_empty());
    let mut first = None;
    for line in lines {
        if let Some((k, v)) = line.split_once('=')
            && k.trim().eq_ignore_ascii_case("url")
        {
            return Some(v.trim().to_string());
        }
        if first.is_none() && !line.starts_with('[') && !line.contains('=') {
            first = Some(line.to_string());
        }
    }
    first
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sidecars_and_their_documents() {
        assert_eq!(
            url_of("https://a.example/x\n").as_deref(),
            Some("https://a.example/x")
        );
        assert_eq!(
            url_of("[InternetShortcut]\r\nURL=https://b.example/\r\n").as_deref(),
            Some("https://b.example/")
        );
        let rels = owners(["a/b.pdf", "a/b.url", "c.url", "d.txt", "d.txt.url"].into_iter());
        assert!(has_owner("a/b.url", &rels));
        assert!(has_owner("d.txt.url", &rels));
        assert!(!has_owner("c.url", &rels));
    }
}
